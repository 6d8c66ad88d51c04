//! The knowledge base's file format: one tab-separated row per entry, the
//! same ten columns for every kind of entry, so that one reader serves the
//! built-in files and a user's `--kb extra.tsv` alike.
//!
//! ```text
//! kind → name → aliases → country → org → sector → code → start → end → info
//! country → Afghanistan → Islamic Republic of Afghanistan → AFG → → → AFG
//! person → Antony Blinken → Tony Blinken → USA → → GOV → USAGOV → 2021-01-26 → 2025-01-20 → title=Secretary of State
//! role → foreign minister → foreign ministers;minister of foreign affairs → → → GOV
//! ```
//!
//! (`→` stands for a tab.)
//!
//! | column | meaning |
//! |---|---|
//! | `kind` | `country`, `adjective` (demonyms too), `capital`, `city`, `org`, `person`, `role`, `place` |
//! | `name` | the canonical name |
//! | `aliases` | other surface forms, `;`-separated |
//! | `country` | ISO 3166 alpha-3 code (CAMEO's where ISO has none) the entry belongs to |
//! | `org` | an organisation's key (`UN`, `NATO`): its own on `org` rows, its employer's on `person` rows |
//! | `sector` | CAMEO role code: `GOV`, `MIL`, `IGO`, `MED`... |
//! | `code` | CAMEO actor code (`USAGOV`, `IGOUNO`, `CHNMED`) |
//! | `start`, `end` | `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; for a person, the office's term (empty end: still in office) |
//! | `info` | `key=value` pairs, `;`-separated: `title=` (a person's office), `lat=`, `lon=`, `pop=` (places), `type=` (organisations) |
//!
//! Empty fields are empty strings. Lines starting with `#` and blank lines
//! are skipped; a header line starting with `kind` is optional. A row that
//! breaks a rule is an error naming the file and line.

use std::fmt::Write as _;

use crate::date::PartialDate;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A country or territory.
    Country,
    /// A demonym or adjective of a country (`Chinese`, `Afghans`).
    Adjective,
    /// A capital: a metonym for the government, else a place.
    Capital,
    /// Another city, standing for its country as a place.
    City,
    /// An organisation.
    Org,
    /// A person holding an office.
    Person,
    /// A role noun (`foreign minister`, `troops`) giving a sector.
    Role,
    /// A populated place (GeoNames), for geolocation.
    Place,
}

impl Kind {
    /// All kinds.
    pub const ALL: [Kind; 8] = [
        Kind::Country,
        Kind::Adjective,
        Kind::Capital,
        Kind::City,
        Kind::Org,
        Kind::Person,
        Kind::Role,
        Kind::Place,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Adjective => "adjective",
            Kind::Capital => "capital",
            Kind::City => "city",
            Kind::Org => "org",
            Kind::Person => "person",
            Kind::Role => "role",
            Kind::Place => "place",
        }
    }

    /// Parses a kind name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// What it is.
    pub kind: Option<Kind>,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Country code.
    pub country: String,
    /// Organisation key.
    pub org: String,
    /// CAMEO sector (role) code.
    pub sector: String,
    /// CAMEO actor code.
    pub code: String,
    /// Start of the validity (a person's office).
    pub start: Option<PartialDate>,
    /// End of the validity.
    pub end: Option<PartialDate>,
    /// `key=value` pairs.
    pub info: Vec<(String, String)>,
}

impl Entry {
    /// The kind (entries read from files always have one).
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Place)
    }

    /// The value of an `info` key.
    pub fn info(&self, key: &str) -> Option<&str> {
        self.info
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The name and the aliases.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The row, as written in files (no trailing newline).
    pub fn to_row(&self) -> String {
        let mut out = String::new();
        let date = |d: &Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let info: Vec<String> = self.info.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = write!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.kind().as_str(),
            self.name,
            self.aliases.join(";"),
            self.country,
            self.org,
            self.sector,
            self.code,
            date(&self.start),
            date(&self.end),
            info.join(";"),
        );
        out
    }
}

/// The header line of every knowledge-base file.
pub const HEADER: &str = "kind\tname\taliases\tcountry\torg\tsector\tcode\tstart\tend\tinfo";

/// A row could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct FormatError {
    /// The file (or a name for built-in data).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads every entry of a knowledge-base file; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Vec<Entry>, FormatError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("kind\t") {
            continue;
        }
        let err = |message: String| FormatError {
            file: file.to_owned(),
            line: i + 1,
            message,
        };
        out.push(parse_row(line).map_err(err)?);
    }
    Ok(out)
}

/// The pieces of `s` between `sep` bytes (an ASCII separator, so never
/// inside a character): `str::split` with less work per piece, which
/// counts over the gazetteer's 45,000 rows.
fn pieces(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `s.trim()`, answered at once for the usual field that starts and ends
/// with a visible ASCII character.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

fn parse_row(line: &str) -> Result<Entry, String> {
    let mut cols = [""; 10];
    let mut n = 0;
    for c in pieces(line, b'\t') {
        if n == cols.len() {
            n = pieces(line, b'\t').count();
            break;
        }
        cols[n] = c;
        n += 1;
    }
    if !(2..=10).contains(&n) {
        return Err(format!(
            "expected up to 10 tab-separated columns (kind, name, aliases, country, org, sector, code, start, end, info), found {n}"
        ));
    }
    let col = |i: usize| trim(cols[i]);
    let kind = Kind::parse(col(0)).ok_or_else(|| {
        format!(
            "unknown kind {:?} (expected one of: country, adjective, capital, city, org, person, role, place)",
            col(0)
        )
    })?;
    let name = col(1);
    if name.is_empty() {
        return Err("empty name".into());
    }
    let code3 = |v: &str, what: &str| -> Result<String, String> {
        if v.is_empty()
            || (v.len() >= 3 && v.len() <= 6 && v.chars().all(|c| c.is_ascii_uppercase()))
        {
            Ok(v.to_owned())
        } else {
            Err(format!(
                "{what} {v:?} is not an upper-case code of 3 to 6 letters"
            ))
        }
    };
    let country = code3(col(3), "country")?;
    let sector = code3(col(5), "sector")?;
    let date = |v: &str, what: &str| -> Result<Option<PartialDate>, String> {
        if v.is_empty() {
            Ok(None)
        } else {
            PartialDate::parse(v)
                .map(Some)
                .ok_or_else(|| format!("{what} {v:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
        }
    };
    let start = date(col(7), "start")?;
    let end = date(col(8), "end")?;
    if let (Some(s), Some(e)) = (start, end)
        && s.first_day() > e.last_day()
    {
        return Err(format!("start {s} is after end {e}"));
    }
    let items = col(9);
    let mut info = Vec::with_capacity(if items.is_empty() {
        0
    } else {
        items.bytes().filter(|&b| b == b';').count() + 1
    });
    for pair in pieces(items, b';').filter(|p| !trim(p).is_empty()) {
        let eq = pair
            .bytes()
            .position(|b| b == b'=')
            .ok_or_else(|| format!("info item {pair:?} is not key=value"))?;
        let (k, v) = (&pair[..eq], &pair[eq + 1..]);
        info.push((trim(k).to_owned(), trim(v).to_owned()));
    }
    Ok(Entry {
        kind: Some(kind),
        name: name.to_owned(),
        aliases: pieces(col(2), b';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
        country,
        org: col(4).to_owned(),
        sector,
        code: col(6).to_owned(),
        start,
        end,
        info,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let text = "# a comment\nkind\tname\taliases\tcountry\torg\tsector\tcode\tstart\tend\tinfo\n\
            person\tAda Quill\tQuill;Minister Quill\tNZL\t\tGOV\tNZLGOV\t2019-05\t\ttitle=Foreign Minister\n\
            role\tenvoy\tenvoys\t\t\tGOV\n";
        let rows = parse(text, "t.tsv").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].aliases, ["Quill", "Minister Quill"]);
        assert_eq!(rows[0].info("title"), Some("Foreign Minister"));
        assert_eq!(rows[0].start.unwrap().to_string(), "2019-05");
        let again = parse(&rows[0].to_row(), "t").unwrap();
        assert_eq!(again[0], rows[0]);
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let cases = [
            ("planet\tMars\n", "t.tsv:1: unknown kind"),
            ("person\t\n", "t.tsv:1: empty name"),
            ("\n\nperson\tA B\t\tusa\n", "t.tsv:3: country \"usa\""),
            (
                "person\tA B\t\t\t\t\t\t2020-13\n",
                "t.tsv:1: start \"2020-13\"",
            ),
            (
                "person\tA B\t\t\t\t\t\t2021\t2020\n",
                "t.tsv:1: start 2021 is after end 2020",
            ),
            ("place\tX\t\t\t\t\t\t\t\tlat\n", "t.tsv:1: info item"),
            (
                "a\tb\tc\td\te\tf\tg\th\ti\tj\tk\n",
                "t.tsv:1: expected up to 10",
            ),
        ];
        for (text, want) in cases {
            let err = parse(text, "t.tsv").unwrap_err().to_string();
            assert!(err.starts_with(want), "{err:?} should start with {want:?}");
        }
    }
}
