//! The event ontology: every CAMEO code with its name, Goldstein value and
//! quad class, and its PLOVER type, mode and context.
//!
//! The table is `data/cameo.tsv`, built by `dyad ontology build --from
//! ../shared/reference` from the reference tables (CAMEO 1.1b3 codes and
//! names, the GDELT Goldstein scale, the published CAMEO→PLOVER mapping)
//! and compiled in. Values carry their scheme: a Goldstein value is GDELT's
//! table, a quad class is GDELT's convention by root.

use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The built-in table, compiled in.
pub const BUILTIN: &str = include_str!("../data/cameo.tsv");

/// One CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The code (`"041"`).
    pub code: String,
    /// Its CAMEO 1.1b3 name.
    pub name: String,
    /// GDELT quad class: 1 verbal cooperation, 2 material cooperation, 3
    /// verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein value (GDELT's table), where one exists.
    pub goldstein: Option<f32>,
    /// PLOVER event type (`CONSULT`), empty when PLOVER dropped the code.
    pub plover_type: String,
    /// PLOVER mode (`phone`), if any.
    pub plover_mode: String,
    /// PLOVER context (`diplomatic`), if any.
    pub plover_context: String,
}

/// The table of codes.
#[derive(Debug)]
pub struct Ontology {
    codes: FxHashMap<String, Code>,
}

impl Ontology {
    /// The built-in table.
    pub fn builtin() -> &'static Ontology {
        static O: OnceLock<Ontology> = OnceLock::new();
        O.get_or_init(|| Ontology::parse(BUILTIN).expect("built-in data/cameo.tsv is valid"))
    }

    /// Reads a table in the format of `data/cameo.tsv`.
    pub fn parse(text: &str) -> Result<Ontology, String> {
        let mut codes = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() != 7 {
                return Err(format!("cameo.tsv:{}: expected 7 columns", i + 1));
            }
            let quad_class = c[2]
                .parse()
                .map_err(|_| format!("cameo.tsv:{}: bad quad class", i + 1))?;
            let goldstein = if c[3].is_empty() {
                None
            } else {
                Some(
                    c[3].parse()
                        .map_err(|_| format!("cameo.tsv:{}: bad Goldstein value", i + 1))?,
                )
            };
            codes.insert(
                c[0].to_owned(),
                Code {
                    code: c[0].to_owned(),
                    name: c[1].to_owned(),
                    quad_class,
                    goldstein,
                    plover_type: c[4].to_owned(),
                    plover_mode: c[5].to_owned(),
                    plover_context: c[6].to_owned(),
                },
            );
        }
        Ok(Ontology { codes })
    }

    /// The code's entry.
    pub fn get(&self, code: &str) -> Option<&Code> {
        self.codes.get(code)
    }

    /// Whether `code` is a CAMEO code.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Builds the text of `data/cameo.tsv` from the reference tables in `dir`
/// (`cameo_event_codes.tsv`, `cameo_to_plover.tsv`). Sorted by code, so the
/// same input gives the same bytes.
pub fn build(dir: &Path) -> Result<String, String> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let codes = read("cameo_event_codes.tsv")?;
    let plover = read("cameo_to_plover.tsv")?;
    let mut to_plover: FxHashMap<&str, (&str, &str, &str)> = FxHashMap::default();
    for line in plover.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() >= 4 {
            to_plover.insert(c[0], (c[1], c[2], c[3]));
        }
    }
    let mut rows = Vec::new();
    for (i, line) in codes.lines().enumerate().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 6 {
            return Err(format!("cameo_event_codes.tsv:{}: too few columns", i + 1));
        }
        let (t, m, x) = to_plover.get(c[0]).copied().unwrap_or(("", "", ""));
        rows.push(format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c[0], c[1], c[4], c[5], t, m, x
        ));
    }
    rows.sort();
    let mut out = String::from(
        "# dyad event ontology, built by `dyad ontology build --from ../shared/reference`.\n\
         # CAMEO 1.1b3 codes and names; Goldstein values from the GDELT table; quad class by\n\
         # root (GDELT convention); PLOVER type/mode/context from the published CAMEO->PLOVER\n\
         # mapping (openeventdata/PLOVER, CC BY-SA 4.0). See NOTICE.\n\
         code\tname\tquad_class\tgoldstein\tplover_type\tplover_mode\tplover_context\n",
    );
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    Ok(out)
}
