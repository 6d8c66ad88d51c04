//! `dyad kb build`: compiles the knowledge-base files in `kb/` from the
//! staged third-party sources (`../shared/data`: `countries.tsv`,
//! `organizations.tsv`, `leaders.tsv`, `places.tsv`, and the UD English EWT
//! training file, read only for its word counts) and our own files in
//! `data/` (compiled in: `roles.tsv`, `curated.tsv`, `exclude.tsv`).
//!
//! The output is a pure function of those inputs: every table is sorted on
//! a total key and no hash order reaches a file, so the same input gives
//! byte-identical files (a test builds twice and compares).
//!
//! # What is kept, fixed and dropped, and why
//!
//! Our own `data/exclude.tsv` lists, with a reason each, the rows and forms
//! dropped by hand; `data/curated.tsv` holds rows that replace or add to
//! the staged ones. Beyond those, these rules run on the staged data:
//!
//! **Countries.** One `country` row per entity: the staged name, the
//! official name and the aliases that survive these filters: no digits,
//! brackets, commas or slashes (`America (United States)`, `Iran, Islamic
//! Republic of`); starts with a capital (`weSwatini`, `the Abode of
//! Peace`); not a single common English word (`Island` for Iceland); not a
//! misspelling, i.e. within edit distance 1 (short forms) or 2 of the name,
//! the official name or a demonym without being the same letters once case,
//! accents, spaces and punctuation are ignored (`Afghanestan` goes,
//! `Turkiye` and `Viet Nam` stay). Aliases that are adjectives of the
//! country (`Angolan`, `Czech`) move to its `adjective` row. Historical
//! entities (USSR, Yugoslavia...) keep their CAMEO code as `country` and
//! get their dates from the bracket in their staged name.
//!
//! **Adjectives.** One row per country: the first demonym is the name; the
//! others and their plurals are aliases (`Afghan` → `Afghans`; no plural
//! for `-ese`, `-ish`, `-ch`, `-s` forms). `Sino-`-like prefixes go.
//!
//! **Capitals and cities.** The staged values are grouped by the GeoNames
//! place they name, so `Kinshasa;Leopoldville` is one capital with an alias
//! while `Sucre;La Paz` are two; each row carries the place's coordinates
//! and population. A city that is also the capital is not repeated.
//!
//! **One owner per form.** A name or alias claimed by entries of several
//! countries (`Burma` staged under Mozambique as well as Myanmar, `Korean`
//! for both Koreas, `Dutch` for the Netherlands and the Caribbean
//! Netherlands) is kept only by the UN member among them; when several UN
//! members claim it, it is dropped from all (ambiguous); when none does,
//! the independent entity keeps it, else all of them (historical entities,
//! told apart by their dates).
//!
//! **Organisations.** Staged rows are merged by name (the higher-priority
//! source wins: curated, then Phoenix countries, militant groups,
//! international). Dropped: rows that look like persons (two to four
//! capitalised words, the first a given name or a title, no organisation
//! word: `Renato Claudio Costa Pereira`, `Sheikh Ahmed Yassin`); in
//! non-curated rows, forms made only of common English words unless they
//! end in an organisation word (`New Order`, `Red Line`, `Revolutionary
//! Army` go, `Human Rights Organization` stays), since headlines are written
//! in title case. The CAMEO code is the first staged code without its
//! TABARI date restriction, which becomes the row's `start`/`end`
//! (`IMGMUSISI >20130408`). The `org` key: every UN organ, agency,
//! programme and mission is `UN`, EU institutions `EU`, NATO-led missions
//! `NATO`, AU organs and missions `AU` (from the staged code, note or name);
//! other organisations are keyed by their acronym when it is unique, else
//! by name. The last row of a key group is the key's canonical entry (the
//! loader keeps the last), so it is written last. The sector comes from the
//! type (IGO, NGO, MNC...) or the CAMEO code's role (`PSEREBHMS` → REB);
//! rows coded `MED` are media. Countries come from the staged column or,
//! for NGOs and companies, from the country in their code (`MNCCHN`).
//!
//! **People.** One row per (person, office, term). Open ends are closed at
//! the source's snapshot unless the source vouches for the present:
//! CountryInfo cabinets at their last snapshot (2011-02) and leaders at
//! theirs (2012-01), Wikidata foreign ministers and IGO office holders at
//! 2023-01, CIA World Leaders rows hold for 2019 only, Factbook rows
//! "last listed in edition Y" end in Y; curated rows, Wikidata leaders of
//! 2024-10 and Factbook rows in office at its last edition (2026-02) stay
//! open ("still in office"). An unknown start in the CIA monthly cabinets
//! becomes their first snapshot (2003-01), so a minister is never in office
//! before we know it. Rows with no name in Latin script, CountryInfo rows
//! that are file furniture (`Sarajevo` as a leader) and aliases that only
//! put a title or a country adjective before the name (`Russian President
//! Vladimir Putin`) or name a government (`Obama Administration`) are
//! dropped. The `organization` becomes the org key (NATO, UN, EU...); an
//! office of an IGO has sector IGO and the IGO's code, an office of an
//! armed group takes the group's country and sector. The sector is the
//! staged primary role (`GOVMIL` → GOV, code kept).
//!
//! Curated people replace staged ones: a row of `data/curated.tsv` removes
//! every staged row of the same person whose term overlaps it and whose
//! office is of the same kind (head of state, head of government, foreign
//! or defence minister, else the same title) or that starts the same day.
//! Two rows of one person starting the same day are merged (titles joined
//! with ` / `), because the loader keys a person's terms by start date.
//!
//! **Places.** GeoNames places with at least [`MIN_PLACE_POPULATION`]
//! people, and every place that a capital or city row names. Aliases: the
//! ASCII name when it differs, and at most three alternate names that the
//! staged country table also uses for a city of that country (English
//! exonyms such as `Bombay`, `Peking`, `Kiev`); the GeoNames alternate
//! names carry no language tags, so the rest are left out to keep the file
//! small.

pub mod office;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::date::PartialDate;
use crate::format::{self, Entry, FormatError, HEADER, Kind};

/// Our own role lexicon (kind `role`), compiled in.
pub const ROLES: (&str, &str) = ("data/roles.tsv", include_str!("../data/roles.tsv"));
/// Our own curated rows, replacing or adding to the staged ones.
pub const CURATED: (&str, &str) = ("data/curated.tsv", include_str!("../data/curated.tsv"));
/// Our own curated people: heads of state and government and foreign
/// ministers where the staged sources are thin (2012-2020, 2024 on).
pub const CURATED_PEOPLE: (&str, &str) = (
    "data/curated_people.tsv",
    include_str!("../data/curated_people.tsv"),
);
/// Our own list of staged rows and forms to drop, with reasons.
pub const EXCLUDE: (&str, &str) = ("data/exclude.tsv", include_str!("../data/exclude.tsv"));

/// Places smaller than this are left out of the gazetteer (unless a
/// capital or city row names them).
pub const MIN_PLACE_POPULATION: u64 = 10_000;

/// The files `build` writes, in `kb/`.
pub const OUTPUT_FILES: [&str; 5] = [
    "countries.tsv",
    "orgs.tsv",
    "people.tsv",
    "roles.tsv",
    "places.tsv",
];

const EWT_TRAIN: &str = "ud/UD_English-EWT/en_ewt-ud-train.conllu";

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A staged file lacks something the build needs.
    #[error("{file}:{line}: {message}")]
    Source {
        /// The file.
        file: String,
        /// 1-based line (0: the file as a whole).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// One of our own files, or a built file, breaks the format.
    #[error(transparent)]
    Format(#[from] FormatError),
}

/// The built knowledge base, not yet written.
#[derive(Debug, Clone)]
pub struct Built {
    /// `(file name, text)` for each of [`OUTPUT_FILES`].
    pub files: Vec<(String, String)>,
    /// Rows written per kind.
    pub counts: BTreeMap<Kind, usize>,
    /// What the build dropped or resolved, one line each (for review).
    pub log: Vec<String>,
}

impl Built {
    /// Writes the files into `out` (created if missing).
    pub fn write(&self, out: &Path) -> Result<(), BuildError> {
        std::fs::create_dir_all(out).map_err(|source| BuildError::Io {
            path: out.to_owned(),
            source,
        })?;
        for (name, text) in &self.files {
            let path = out.join(name);
            std::fs::write(&path, text).map_err(|source| BuildError::Io { path, source })?;
        }
        Ok(())
    }
}

/// What to build from.
#[derive(Debug, Clone)]
pub struct Options {
    /// Use the person rows of `data/curated.tsv` (turn off to measure what
    /// the staged sources alone cover).
    pub curated_people: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            curated_people: true,
        }
    }
}

/// Builds the knowledge base from the staged sources in `from`.
pub fn build(from: &Path) -> Result<Built, BuildError> {
    build_with(from, &Options::default())
}

/// Builds the knowledge base from the staged sources in `from`, with
/// `options`.
pub fn build_with(from: &Path, options: &Options) -> Result<Built, BuildError> {
    let mut log = Vec::new();
    let common = common_words(&from.join(EWT_TRAIN))?;
    let exclude = Exclusions::parse(EXCLUDE.1)?;
    let mut curated = format::parse(CURATED.1, CURATED.0)?;
    let people = format::parse(CURATED_PEOPLE.1, CURATED_PEOPLE.0)?;
    if let Some(e) = people.iter().find(|e| e.kind() != Kind::Person) {
        return Err(BuildError::Source {
            file: CURATED_PEOPLE.0.into(),
            line: 0,
            message: format!("{:?} is not a person row", e.name),
        });
    }
    curated.extend(people);
    if !options.curated_people {
        curated.retain(|e| e.kind() != Kind::Person);
    }
    let roles = format::parse(ROLES.1, ROLES.0)?;
    if let Some(e) = roles.iter().find(|e| e.kind() != Kind::Role) {
        return Err(BuildError::Source {
            file: ROLES.0.into(),
            line: 0,
            message: format!("{:?} is not a role row", e.name),
        });
    }
    let ctx = Context {
        common,
        exclude,
        curated,
    };

    let places = Table::read(&from.join("places.tsv"))?;
    let countries_t = Table::read(&from.join("countries.tsv"))?;
    let countries = Countries::read(&countries_t)?;
    let gazetteer = Gazetteer::new(&places, &countries)?;
    let mut country_rows = build_countries(&ctx, &countries, &gazetteer, &mut log)?;

    let orgs_t = Table::read(&from.join("organizations.tsv"))?;
    let mut org_rows = build_orgs(&ctx, &orgs_t, &countries, &mut log)?;

    let leaders_t = Table::read(&from.join("leaders.tsv"))?;
    let mut people = build_people(&ctx, &leaders_t, &org_rows, &country_rows, &mut log)?;

    let named_places: BTreeSet<usize> = country_rows
        .iter()
        .filter_map(|e| {
            e.info("geonameid")
                .and_then(|g| gazetteer.by_id.get(g).copied())
        })
        .collect();
    let mut place_rows = build_places(&gazetteer, &countries, &named_places);
    // The geonames id only served to find the capital's place.
    for e in &mut country_rows {
        e.info.retain(|(k, _)| k != "geonameid");
    }

    let mut roles = roles;
    sort_countries(&mut country_rows);
    sort_orgs(&mut org_rows);
    people.sort_by_key(person_key);
    roles.sort_by(|a, b| (&a.sector, &a.name).cmp(&(&b.sector, &b.name)));
    place_rows.sort_by_key(place_key);

    let mut counts = BTreeMap::new();
    let mut files = Vec::new();
    for (name, rows) in [
        (OUTPUT_FILES[0], &country_rows),
        (OUTPUT_FILES[1], &org_rows),
        (OUTPUT_FILES[2], &people),
        (OUTPUT_FILES[3], &roles),
        (OUTPUT_FILES[4], &place_rows),
    ] {
        let text = render(rows);
        // What we write must read back: the loader is the judge.
        let back = format::parse(&text, &format!("kb/{name}"))?;
        for e in &back {
            *counts.entry(e.kind()).or_insert(0) += 1;
        }
        files.push((name.to_owned(), text));
    }
    Ok(Built { files, counts, log })
}

// ---------------------------------------------------------------------------
// Inputs

/// Shared read-only inputs of the build steps.
struct Context {
    /// Lower-case words seen at least twice in lower case in EWT.
    common: BTreeSet<String>,
    exclude: Exclusions,
    curated: Vec<Entry>,
}

impl Context {
    fn curated(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.curated.iter().filter(move |e| e.kind() == kind)
    }

    /// A form made only of common English words.
    fn all_common(&self, form: &str) -> bool {
        form.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .all(|w| self.common.contains(&w.to_lowercase()))
    }
}

/// A staged TSV file: header and rows, split on tabs, no quoting.
struct Table {
    file: String,
    cols: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Result<Table, BuildError> {
        let text = std::fs::read_to_string(path).map_err(|source| BuildError::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut lines = text.lines();
        let cols = lines
            .next()
            .unwrap_or("")
            .split('\t')
            .map(str::to_owned)
            .collect();
        let rows = lines
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(|c| c.trim().to_owned()).collect())
            .collect();
        Ok(Table {
            file: path.display().to_string(),
            cols,
            rows,
        })
    }

    fn col(&self, name: &str) -> Result<usize, BuildError> {
        self.cols
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| BuildError::Source {
                file: self.file.clone(),
                line: 1,
                message: format!("no column {name:?}"),
            })
    }
}

fn get(row: &[String], i: usize) -> &str {
    row.get(i).map(String::as_str).unwrap_or("")
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn common_words(path: &Path) -> Result<BTreeSet<String>, BuildError> {
    let text = std::fs::read_to_string(path).map_err(|source| BuildError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for line in text.lines() {
        if !line.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Some(form) = line.split('\t').nth(1)
            && form.chars().all(|c| c.is_lowercase())
        {
            *counts.entry(form).or_insert(0) += 1;
        }
    }
    Ok(counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(w, _)| w.to_owned())
        .collect())
}

/// `data/exclude.tsv`: `kind  entry  form  reason`. An empty form drops the
/// whole entry; `*` as entry matches every entry of the kind.
struct Exclusions {
    /// (kind, folded entry or "*", lower-cased form or "").
    items: BTreeSet<(String, String, String)>,
}

impl Exclusions {
    fn parse(text: &str) -> Result<Exclusions, BuildError> {
        let mut items = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let kind = cols[0].trim();
            if Kind::parse(kind).is_none() || cols.len() < 2 {
                return Err(BuildError::Source {
                    file: EXCLUDE.0.into(),
                    line: i + 1,
                    message: format!("expected kind, entry, form, reason; got {line:?}"),
                });
            }
            let entry = cols[1].trim();
            let entry = if entry == "*" {
                "*".to_owned()
            } else {
                fold(entry)
            };
            let form = cols
                .get(2)
                .map(|f| f.trim().to_lowercase())
                .unwrap_or_default();
            items.insert((kind.to_owned(), entry, form));
        }
        Ok(Exclusions { items })
    }

    /// Whether the whole entry `entry` of `kind` is dropped.
    fn entry(&self, kind: Kind, entry: &str) -> bool {
        self.items
            .contains(&(kind.as_str().to_owned(), fold(entry), String::new()))
    }

    /// Whether `form` is dropped from entry `entry` of `kind`.
    fn form(&self, kind: Kind, entry: &str, form: &str) -> bool {
        let k = kind.as_str().to_owned();
        let f = form.to_lowercase();
        self.items.contains(&(k.clone(), fold(entry), f.clone()))
            || self.items.contains(&(k, "*".to_owned(), f))
    }
}

// ---------------------------------------------------------------------------
// Text helpers

/// Lower case, accents off, letters and digits only: `Côte d'Ivoire` and
/// `Cote D Ivoire` fold alike.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A misspelling of one of `of`: close to it but not the same letters.
fn misspelling(form: &str, of: &[String]) -> bool {
    let f = fold(form);
    let of: Vec<String> = of.iter().map(|o| fold(o)).collect();
    if of.contains(&f) {
        return false;
    }
    let limit = if f.chars().count() <= 6 { 1 } else { 2 };
    of.iter().any(|o| strsim::osa_distance(&f, o) <= limit)
}

/// Field text made safe for the row format (no tabs, `;` or newlines).
fn clean_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
        .replace(';', ",")
        .trim()
        .to_owned()
}

/// Pushes `form` unless an equal form (ignoring case) is already there.
fn push_unique(list: &mut Vec<String>, form: &str) {
    let f = form.trim();
    if !f.is_empty()
        && !list
            .iter()
            .any(|x| x.eq_ignore_ascii_case(f) || x.to_lowercase() == f.to_lowercase())
    {
        list.push(f.to_owned());
    }
}

/// The plural of a demonym, where adding `s` makes one.
fn plural(form: &str) -> Option<String> {
    let last = form.rsplit(' ').next().unwrap_or(form);
    // Frenchman, Dutchman, Irishman, Scotsman: -men. (Not German.)
    if let Some(stem) = form.strip_suffix("man")
        && (stem.ends_with('h') || stem.ends_with('s'))
    {
        return Some(format!("{stem}men"));
    }
    if form.ends_with("men") {
        return None;
    }
    if last == "Czech" {
        return Some(format!("{form}s"));
    }
    let no = ["ese", "ish", "ch", "sh", "ss", "s", "x", "z", "y"];
    if no.iter().any(|e| last.ends_with(e)) {
        None
    } else {
        Some(format!("{form}s"))
    }
}

/// An all-capitals form (`US`, `UAE`): never a common word, whatever its
/// lower case is.
fn is_acronym(a: &str) -> bool {
    a.chars().any(|c| c.is_alphabetic()) && a.chars().all(|c| !c.is_lowercase())
}

/// Whether a form looks like an alias the matcher may use at all.
fn plausible_form(a: &str) -> bool {
    let first = a.chars().next();
    !a.is_empty()
        && !a
            .chars()
            .any(|c| c.is_ascii_digit() || "()[],/\"".contains(c))
        && first.is_some_and(|c| c.is_uppercase())
        && (a.chars().count() >= 3 || a.chars().all(|c| c.is_uppercase() || c == '.'))
}

// ---------------------------------------------------------------------------
// Countries

struct Country {
    /// ISO alpha-3, else the CAMEO code (historical entities).
    code: String,
    iso2: String,
    /// CAMEO code (`cameo_code`, else ISO alpha-3).
    cameo: String,
    name: String,
    official: String,
    aliases: Vec<String>,
    demonyms: Vec<String>,
    capitals: Vec<String>,
    cities: Vec<String>,
    independent: String,
    un: bool,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
}

struct Countries {
    list: Vec<Country>,
    by_iso2: BTreeMap<String, String>,
}

impl Countries {
    fn read(t: &Table) -> Result<Countries, BuildError> {
        let c = |n| t.col(n);
        let (iso3, iso2, cameo, name, official, aliases, demonyms, capital, cities, indep, un) = (
            c("iso3")?,
            c("iso2")?,
            c("cameo_code")?,
            c("name")?,
            c("official_name")?,
            c("aliases")?,
            c("demonyms")?,
            c("capital")?,
            c("cities")?,
            c("independent")?,
            c("un_member")?,
        );
        let mut list = Vec::new();
        let mut by_iso2 = BTreeMap::new();
        for r in &t.rows {
            let code = if get(r, iso3).is_empty() {
                get(r, cameo).to_owned()
            } else {
                get(r, iso3).to_owned()
            };
            if code.is_empty() {
                continue;
            }
            // Only historical entities carry dates in their name; others
            // may have brackets of their own (`Cocos (Keeling) Islands`).
            let (clean_name, extra, start, end) = if get(r, iso3).is_empty() {
                split_dated_name(get(r, name))
            } else {
                (get(r, name).to_owned(), Vec::new(), None, None)
            };
            let mut al = extra;
            al.extend(split_list(get(r, aliases)));
            if !get(r, iso2).is_empty() {
                by_iso2.insert(get(r, iso2).to_owned(), code.clone());
            }
            list.push(Country {
                cameo: if get(r, cameo).is_empty() {
                    code.clone()
                } else {
                    get(r, cameo).to_owned()
                },
                code,
                iso2: get(r, iso2).to_owned(),
                name: clean_name,
                official: get(r, official).to_owned(),
                aliases: al,
                demonyms: split_list(get(r, demonyms))
                    .iter()
                    .flat_map(|d| {
                        d.split(", ")
                            .flat_map(|d| d.split(" or "))
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .collect(),
                capitals: split_list(get(r, capital)),
                cities: split_list(get(r, cities)),
                independent: get(r, indep).to_owned(),
                un: get(r, un) == "yes",
                start,
                end,
            });
        }
        Ok(Countries { list, by_iso2 })
    }

    fn get(&self, code: &str) -> Option<&Country> {
        self.list.iter().find(|c| c.code == code)
    }
}

/// `Federal Republic of Yugoslavia (1992-2003)` → name, `[]`, 1992, 2003;
/// `West Germany (FRG, to 1990)` → name, `[FRG]`, -, 1990.
fn split_dated_name(
    s: &str,
) -> (
    String,
    Vec<String>,
    Option<PartialDate>,
    Option<PartialDate>,
) {
    let Some((name, rest)) = s.split_once(" (") else {
        return (s.to_owned(), Vec::new(), None, None);
    };
    let mut aliases = Vec::new();
    let (mut start, mut end) = (None, None);
    for part in rest.trim_end_matches(')').split(", ") {
        if let Some(y) = part.strip_prefix("to ") {
            end = PartialDate::parse(y);
        } else if let Some((a, b)) = part.split_once('-')
            && let (Some(a), Some(b)) = (PartialDate::parse(a), PartialDate::parse(b))
        {
            start = Some(a);
            end = Some(b);
        } else {
            aliases.push(part.to_owned());
        }
    }
    (name.to_owned(), aliases, start, end)
}

/// The GeoNames places, indexed for the capital and city lookups.
struct Gazetteer {
    places: Vec<Place>,
    /// (country code, folded name or ASCII name) → places.
    by_name: BTreeMap<(String, String), Vec<usize>>,
    /// (country code, folded alternate name) → places.
    by_alt: BTreeMap<(String, String), Vec<usize>>,
    by_id: BTreeMap<String, usize>,
}

struct Place {
    id: String,
    name: String,
    ascii: String,
    alternates: Vec<String>,
    country: String,
    admin1: String,
    lat: String,
    lon: String,
    pop: u64,
}

impl Gazetteer {
    fn new(t: &Table, countries: &Countries) -> Result<Gazetteer, BuildError> {
        let c = |n| t.col(n);
        let (id, name, ascii, alt, iso2, admin1, lat, lon, pop) = (
            c("geonameid")?,
            c("name")?,
            c("asciiname")?,
            c("alternatenames")?,
            c("country_iso2")?,
            c("admin1_name")?,
            c("latitude")?,
            c("longitude")?,
            c("population")?,
        );
        let mut g = Gazetteer {
            places: Vec::new(),
            by_name: BTreeMap::new(),
            by_alt: BTreeMap::new(),
            by_id: BTreeMap::new(),
        };
        for r in &t.rows {
            let Some(country) = countries.by_iso2.get(get(r, iso2)) else {
                continue;
            };
            let i = g.places.len();
            let p = Place {
                id: get(r, id).to_owned(),
                name: get(r, name).to_owned(),
                ascii: get(r, ascii).to_owned(),
                alternates: split_list(get(r, alt)),
                country: country.clone(),
                admin1: get(r, admin1).to_owned(),
                lat: short_coord(get(r, lat)),
                lon: short_coord(get(r, lon)),
                pop: get(r, pop).parse().unwrap_or(0),
            };
            for n in [&p.name, &p.ascii] {
                let v = g.by_name.entry((p.country.clone(), fold(n))).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
            for a in &p.alternates {
                g.by_alt
                    .entry((p.country.clone(), fold(a)))
                    .or_default()
                    .push(i);
            }
            g.by_id.insert(p.id.clone(), i);
            g.places.push(p);
        }
        Ok(g)
    }

    /// The most populous place of `country` named `name` (else having it
    /// as an alternate name).
    fn find(&self, country: &str, name: &str) -> Option<usize> {
        let key = (country.to_owned(), fold(name));
        let best = |v: &Vec<usize>| {
            v.iter()
                .copied()
                .max_by_key(|&i| (self.places[i].pop, std::cmp::Reverse(i)))
        };
        self.by_name
            .get(&key)
            .and_then(best)
            .or_else(|| self.by_alt.get(&key).and_then(best))
    }
}

/// Coordinates to four decimals (about 10 m), cut not rounded.
fn short_coord(s: &str) -> String {
    match s.split_once('.') {
        Some((a, b)) => {
            let b: String = b.chars().take(4).collect();
            let b = b.trim_end_matches('0');
            if b.is_empty() {
                a.to_owned()
            } else {
                format!("{a}.{b}")
            }
        }
        None => s.to_owned(),
    }
}

/// A form that is an adjective of this country rather than a name of it.
fn adjective_like(form: &str, c: &Country) -> bool {
    // `U.S.` is listed as a demonym too, but names the country.
    if is_acronym(form) {
        return false;
    }
    if c.demonyms.iter().any(|d| d.eq_ignore_ascii_case(form)) {
        return true;
    }
    // Multi-word adjectives are in the demonym list; a multi-word alias
    // ending in `-ic` is a name (`Georgian Republic`).
    if form.contains(' ') {
        return false;
    }
    let f = fold(form);
    let n = fold(&c.name);
    if f.ends_with("stan") || f.len() < 5 || f == n {
        return false;
    }
    let stem = |s: &str| s.chars().take(4).collect::<String>();
    if stem(&f) != stem(&n) {
        return false;
    }
    // A name ending in -an makes its misspellings end in -an too
    // (`Azerbajdzhan`): only -ian, -ean and -ans are adjectives there.
    if n.ends_with("an") && f.ends_with("an") && !f.ends_with("ian") && !f.ends_with("ean") {
        return false;
    }
    // -i adjectives extend the name (`Iraqi`, `Omani`, `Somali`).
    if f.ends_with('i') || f.ends_with("is") {
        let base: String = n
            .chars()
            .take(n.chars().count().saturating_sub(1))
            .collect();
        return f.starts_with(&base);
    }
    let suffixes = [
        "ians", "ian", "eans", "ean", "ans", "an", "ese", "ish", "ic", "ois", "ais",
    ];
    suffixes.iter().any(|s| f.ends_with(s))
}

/// A foreign-language or junk form: a word in lower case that is no
/// connector (`Suomen tasavalta`, `Republika y'Uburundi`), or letters
/// outside ASCII unless it is the accented spelling of another form.
fn foreign_form(form: &str, ascii_forms: &BTreeSet<String>) -> bool {
    const CONNECTORS: &[&str] = &[
        "of", "the", "and", "de", "del", "la", "las", "los", "da", "do", "das", "dos", "du", "des",
        "y", "e", "et", "al", "el", "van", "von", "der", "den", "di", "le", "ng", "na", "and",
    ];
    let lower_word = form
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .any(|w| w.starts_with(|c: char| c.is_lowercase()) && !CONNECTORS.contains(&w));
    lower_word || (!form.is_ascii() && !ascii_forms.contains(&fold(form)))
}

fn build_countries(
    ctx: &Context,
    countries: &Countries,
    gaz: &Gazetteer,
    log: &mut Vec<String>,
) -> Result<Vec<Entry>, BuildError> {
    let mut rows: Vec<Entry> = Vec::new();
    for c in &countries.list {
        let mut names = Vec::new();
        let mut adjectives: Vec<String> = Vec::new();
        for d in &c.demonyms {
            if !d.ends_with('-')
                && plausible_form(d)
                && !ctx.exclude.form(Kind::Adjective, &c.code, d)
            {
                push_unique(&mut adjectives, d);
            }
        }
        // Aliases are misspellings of the names; adjectives differ from
        // the name by their suffix, so they are no reference.
        let reference = vec![c.name.clone(), c.official.clone()];
        if !c.official.is_empty() && c.official != c.name {
            push_unique(&mut names, &c.official);
        }
        let ascii_forms: BTreeSet<String> = std::iter::once(&c.name)
            .chain(std::iter::once(&c.official))
            .chain(&c.aliases)
            .filter(|a| a.is_ascii() || fold(a) == fold(&c.name) || fold(a) == fold(&c.official))
            .map(|a| fold(a))
            .collect();
        for a in &c.aliases {
            let why = if !plausible_form(a) {
                Some("implausible")
            } else if foreign_form(a, &ascii_forms) {
                Some("foreign or junk")
            } else if ctx.exclude.form(Kind::Country, &c.code, a) {
                Some("excluded")
            } else if adjective_like(a, c) {
                if !ctx.exclude.form(Kind::Adjective, &c.code, a) {
                    push_unique(&mut adjectives, a);
                }
                None
            } else if !a.contains(' ') && !is_acronym(a) && ctx.all_common(a) {
                Some("common word")
            } else if misspelling(a, &reference) {
                Some("misspelling")
            } else {
                push_unique(&mut names, a);
                None
            };
            if let Some(why) = why {
                log.push(format!("country {}: alias {a:?} dropped ({why})", c.code));
            }
        }
        names.retain(|n| !n.eq_ignore_ascii_case(&c.name));
        let mut info = Vec::new();
        if !c.iso2.is_empty() {
            info.push(("iso2".to_owned(), c.iso2.clone()));
        }
        info.push(("un".to_owned(), if c.un { "yes" } else { "no" }.to_owned()));
        if !c.independent.is_empty() {
            info.push(("independent".to_owned(), c.independent.clone()));
        }
        // A form that names the country is read as the country (`U.S.`,
        // `Laos`), not as its adjective.
        let country_forms: BTreeSet<String> = std::iter::once(&c.name)
            .chain(&names)
            .chain(&c.capitals)
            .map(|f| f.to_lowercase())
            .collect();
        rows.push(Entry {
            kind: Some(Kind::Country),
            name: c.name.clone(),
            aliases: names,
            country: c.code.clone(),
            code: c.cameo.clone(),
            start: c.start,
            end: c.end,
            info,
            ..Entry::default()
        });
        adjectives.retain(|a| !country_forms.contains(&a.to_lowercase()));
        if let Some((first, rest)) = adjectives.split_first() {
            let mut aliases = Vec::new();
            for a in std::iter::once(first).chain(rest) {
                if a != first {
                    push_unique(&mut aliases, a);
                }
                if let Some(p) = plural(a)
                    && !country_forms.contains(&p.to_lowercase())
                {
                    push_unique(&mut aliases, &p);
                }
            }
            aliases.retain(|a| !a.eq_ignore_ascii_case(first));
            rows.push(Entry {
                kind: Some(Kind::Adjective),
                name: first.clone(),
                aliases,
                country: c.code.clone(),
                code: c.cameo.clone(),
                ..Entry::default()
            });
        }
        let capitals = place_groups(
            ctx,
            Kind::Capital,
            c,
            &c.capitals,
            gaz,
            &BTreeSet::new(),
            log,
        );
        let capital_places: BTreeSet<String> = capitals
            .iter()
            .filter_map(|e| e.info("geonameid").map(str::to_owned))
            .collect();
        let capital_forms: Vec<String> = capitals
            .iter()
            .flat_map(|e| e.surfaces().map(str::to_owned))
            .collect();
        let cities: Vec<String> = c
            .cities
            .iter()
            .filter(|x| !capital_forms.iter().any(|f| f.eq_ignore_ascii_case(x)))
            .cloned()
            .collect();
        let cities = place_groups(ctx, Kind::City, c, &cities, gaz, &capital_places, log);
        rows.extend(capitals);
        rows.extend(cities);
    }
    for e in &mut rows {
        e.code = if e.kind() == Kind::Country || e.kind() == Kind::Adjective {
            e.code.clone()
        } else {
            String::new()
        };
    }
    let rows = one_owner_per_form(rows, countries, log);
    // A curated country row that leaves out the codes and flags takes them
    // from the staged row of its country.
    let curated: Vec<Entry> = ctx
        .curated
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if e.kind() == Kind::Country
                && let Some(c) = countries.get(&e.country)
            {
                if e.code.is_empty() {
                    e.code = c.cameo.clone();
                }
                let staged = [
                    ("iso2", c.iso2.clone()),
                    ("un", if c.un { "yes" } else { "no" }.to_owned()),
                    ("independent", c.independent.clone()),
                ];
                for (k, v) in staged {
                    if e.info(k).is_none() && !v.is_empty() {
                        e.info.push((k.to_owned(), v));
                    }
                }
            }
            e
        })
        .collect();
    let mut rows = apply_curated(
        &curated,
        rows,
        &[Kind::Country, Kind::Adjective, Kind::Capital, Kind::City],
        log,
    );
    // Curated capitals and cities get their coordinates from GeoNames too.
    for e in &mut rows {
        if matches!(e.kind(), Kind::Capital | Kind::City)
            && e.info("lat").is_none()
            && let Some(p) = gaz.find(&e.country, &e.name)
        {
            let p = &gaz.places[p];
            e.info.push(("lat".to_owned(), p.lat.clone()));
            e.info.push(("lon".to_owned(), p.lon.clone()));
            e.info.push(("pop".to_owned(), p.pop.to_string()));
            e.info.push(("geonameid".to_owned(), p.id.clone()));
        }
    }
    Ok(unique_names(rows, log))
}

/// Rows of `kind` (capital or city) for `values`, one per GeoNames place
/// they name; a value naming no place is a variant of the one before.
fn place_groups(
    ctx: &Context,
    kind: Kind,
    c: &Country,
    values: &[String],
    gaz: &Gazetteer,
    skip_places: &BTreeSet<String>,
    log: &mut Vec<String>,
) -> Vec<Entry> {
    let mut groups: Vec<(Option<usize>, Vec<String>)> = Vec::new();
    for v in values {
        if !plausible_form(v) {
            log.push(format!(
                "{} {}: {v:?} dropped (implausible)",
                kind.as_str(),
                c.code
            ));
            continue;
        }
        if ctx.exclude.form(kind, &c.code, v) {
            log.push(format!(
                "{} {}: {v:?} dropped (excluded)",
                kind.as_str(),
                c.code
            ));
            continue;
        }
        let place = gaz.find(&c.code, v);
        if let Some(p) = place
            && skip_places.contains(&gaz.places[p].id)
        {
            continue;
        }
        let variant_of_last = place.is_none() && kind == Kind::Capital && !groups.is_empty();
        match groups.iter_mut().find(|(p, _)| p.is_some() && *p == place) {
            Some((_, forms)) => push_unique(forms, v),
            None if variant_of_last => push_unique(&mut groups.last_mut().expect("non-empty").1, v),
            None => groups.push((place, vec![v.clone()])),
        }
    }
    groups
        .into_iter()
        .filter(|(place, forms)| {
            // A city GeoNames does not know is a misspelling, a district
            // or a ruin (`Knpur`, `Palace of Versailles`, `Nineveh`).
            let keep = place.is_some() || kind == Kind::Capital;
            if !keep {
                log.push(format!(
                    "city {}: {:?} dropped (no such place)",
                    c.code, forms[0]
                ));
            }
            keep
        })
        .map(|(place, mut forms)| {
            let mut info = Vec::new();
            if let Some(p) = place {
                let p = &gaz.places[p];
                // GeoNames' name is the usual English one (`Munich` for
                // the staged `Muenchen`).
                if !forms.iter().any(|f| f == &p.name) && plausible_form(&p.name) {
                    forms.insert(0, p.name.clone());
                } else if let Some(i) = forms.iter().position(|f| f == &p.name) {
                    let n = forms.remove(i);
                    forms.insert(0, n);
                }
                info.push(("lat".to_owned(), p.lat.clone()));
                info.push(("lon".to_owned(), p.lon.clone()));
                info.push(("pop".to_owned(), p.pop.to_string()));
                info.push(("geonameid".to_owned(), p.id.clone()));
            }
            Entry {
                kind: Some(kind),
                name: forms[0].clone(),
                aliases: forms[1..].to_vec(),
                country: c.code.clone(),
                info,
                ..Entry::default()
            }
        })
        .collect()
}

/// Drops forms claimed by entries of several countries (see the module
/// documentation); an entry that loses its name takes its first alias as
/// name, or goes.
fn one_owner_per_form(
    rows: Vec<Entry>,
    countries: &Countries,
    log: &mut Vec<String>,
) -> Vec<Entry> {
    let mut owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &rows {
        for s in e.surfaces() {
            owners
                .entry(s.to_lowercase())
                .or_default()
                .insert(e.country.clone());
        }
    }
    let un = |c: &str| countries.get(c).is_some_and(|c| c.un);
    let independent = |c: &str| countries.get(c).is_some_and(|c| c.independent == "yes");
    let historical = |c: &str| {
        countries
            .get(c)
            .is_some_and(|c| c.independent == "historical")
    };
    let mut keep: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (form, who) in &owners {
        if who.len() < 2 {
            continue;
        }
        let members: BTreeSet<String> = who.iter().filter(|c| un(c)).cloned().collect();
        let chosen = match members.len() {
            1 => members,
            0 => {
                let ind: BTreeSet<String> =
                    who.iter().filter(|c| independent(c)).cloned().collect();
                if ind.len() == 1 || who.iter().all(|c| historical(c)) {
                    if ind.len() == 1 { ind } else { who.clone() }
                } else {
                    BTreeSet::new()
                }
            }
            _ => BTreeSet::new(),
        };
        if chosen != *who {
            log.push(format!(
                "form {form:?} claimed by {} → kept by {}",
                who.iter().cloned().collect::<Vec<_>>().join(","),
                if chosen.is_empty() {
                    "none (ambiguous)".to_owned()
                } else {
                    chosen.iter().cloned().collect::<Vec<_>>().join(",")
                }
            ));
        }
        keep.insert(form.clone(), chosen);
    }
    let allowed = |form: &str, country: &str| {
        keep.get(&form.to_lowercase())
            .is_none_or(|k| k.contains(country))
    };
    rows.into_iter()
        .filter_map(|mut e| {
            let country = e.country.clone();
            e.aliases.retain(|a| allowed(a, &country));
            if allowed(&e.name, &country) {
                return Some(e);
            }
            if e.kind() == Kind::Country {
                // A country keeps its own name even when another entity
                // shares it; the loader tells them apart by code.
                return Some(e);
            }
            if e.aliases.is_empty() {
                return None;
            }
            e.name = e.aliases.remove(0);
            Some(e)
        })
        .collect()
}

/// Replaces compiled rows of `kinds` by the curated rows of the same kind
/// that share a surface form with them (or, for countries, the code), and
/// removes the curated forms from other countries' rows of that kind.
fn apply_curated(
    curated: &[Entry],
    rows: Vec<Entry>,
    kinds: &[Kind],
    log: &mut Vec<String>,
) -> Vec<Entry> {
    let curated: Vec<&Entry> = curated
        .iter()
        .filter(|e| kinds.contains(&e.kind()))
        .collect();
    let forms: BTreeMap<(Kind, String), &Entry> = curated
        .iter()
        .flat_map(|e| {
            e.surfaces()
                .map(move |s| ((e.kind(), s.to_lowercase()), *e))
        })
        .collect();
    // Replaced: a row whose name is a curated form, or that has the curated
    // name among its forms. Sharing an alias alone only costs the alias.
    let shares = |c: &Entry, e: &Entry| {
        let cn = c.name.to_lowercase();
        let en = e.name.to_lowercase();
        e.surfaces().any(|s| s.to_lowercase() == cn) || c.surfaces().any(|s| s.to_lowercase() == en)
    };
    let mut out: Vec<Entry> = Vec::new();
    for mut e in rows {
        let replaced = curated.iter().any(|c| {
            c.kind() == e.kind()
                && ((c.kind() == Kind::Country && c.country == e.country)
                    || ((c.kind() == Kind::Org || c.country == e.country) && shares(c, &e)))
        });
        if replaced {
            log.push(format!(
                "{} {:?} ({}) replaced by curated row",
                e.kind().as_str(),
                e.name,
                e.country
            ));
            continue;
        }
        // A curated form belongs to the curated entry alone.
        let kind = e.kind();
        let before = e.aliases.len();
        e.aliases
            .retain(|a| !forms.contains_key(&(kind, a.to_lowercase())));
        if e.aliases.len() != before {
            log.push(format!(
                "{} {:?} lost forms to curated rows",
                kind.as_str(),
                e.name
            ));
        }
        if forms.contains_key(&(kind, e.name.to_lowercase())) {
            if e.kind() == Kind::Org || e.aliases.is_empty() {
                log.push(format!(
                    "{} {:?} dropped: its name is a curated form",
                    kind.as_str(),
                    e.name
                ));
                continue;
            }
            e.name = e.aliases.remove(0);
        }
        out.push(e);
    }
    out.extend(curated.into_iter().cloned());
    out
}

/// Keeps one row per (kind, name): the loader would silently keep only
/// the last.
fn unique_names(rows: Vec<Entry>, log: &mut Vec<String>) -> Vec<Entry> {
    let mut seen = BTreeSet::new();
    rows.into_iter()
        .filter(|e| {
            let fresh = seen.insert((e.kind(), e.name.clone()));
            if !fresh {
                log.push(format!(
                    "{} {:?} ({}) dropped: duplicate name",
                    e.kind().as_str(),
                    e.name,
                    e.country
                ));
            }
            fresh
        })
        .collect()
}

fn sort_countries(rows: &mut [Entry]) {
    rows.sort_by(|a, b| (&a.country, a.kind(), &a.name).cmp(&(&b.country, b.kind(), &b.name)));
}

// ---------------------------------------------------------------------------
// Organisations

/// Source priority of staged organisation rows (lower wins).
fn org_priority(source: &str) -> u8 {
    match source {
        "curated" | "curated+phoenix" => 0,
        "phoenix-countries" => 1,
        "phoenix-milnonstate" => 2,
        _ => 3,
    }
}

/// Words that make a run of capitalised words an organisation's name,
/// besides the [`ORG_HEADS`] (see [`is_org_word`]).
const ORG_WORDS: &[&str] = &[
    "alliance",
    "union",
    "league",
    "army",
    "front",
    "brigade",
    "brigades",
    "party",
    "movement",
    "forces",
    "force",
    "service",
    "mission",
    "office",
    "court",
    "assembly",
    "church",
    "club",
    "board",
    "bureau",
    "authority",
    "secretariat",
    "parliament",
    "ministry",
    "academy",
    "college",
    "university",
    "school",
    "hospital",
    "media",
    "news",
    "press",
    "times",
    "post",
    "radio",
    "television",
    "tv",
    "cartel",
    "jihad",
    "mujahideen",
    "battalion",
    "regiment",
    "militia",
    "tigers",
    "liberation",
    "resistance",
    "revolutionary",
    "order",
    "cells",
    "squad",
    "faction",
    "guard",
    "guards",
    "partners",
    "technologies",
    "energy",
    "airlines",
    "petroleum",
    "oil",
    "gas",
    "motors",
    "pharmaceuticals",
    "communications",
    "plc",
    "sa",
    "ag",
    "gmbh",
    "co",
    "corp",
];

/// The words an organisation surface form may safely end in when all its
/// words are common English.
const ORG_HEADS: &[&str] = &[
    "organization",
    "organisation",
    "council",
    "committee",
    "commission",
    "fund",
    "bank",
    "trust",
    "agency",
    "network",
    "coalition",
    "international",
    "corps",
    "corporation",
    "company",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "foundation",
    "federation",
    "association",
    "institute",
    "society",
    "center",
    "centre",
    "program",
    "programme",
    "project",
    "initiative",
    "forum",
    "watch",
    "holdings",
    "industries",
    "systems",
    "services",
    "group",
];

/// Honorifics that open a staged person's name but are not part of it.
const HONORIFICS: &[&str] = &[
    "Prince ",
    "Princess ",
    "Sheikh ",
    "Sheikha ",
    "Sir ",
    "Dame ",
    "Dr. ",
    "Dr ",
];

/// `name` without an opening honorific, unless nothing would be left but
/// one word.
fn strip_honorific(name: &str) -> &str {
    HONORIFICS
        .iter()
        .find_map(|h| name.strip_prefix(h))
        .filter(|rest| rest.contains(' '))
        .unwrap_or(name)
}

/// Whether `w` makes a run of capitalised words an organisation's name.
fn is_org_word(w: &str) -> bool {
    ORG_HEADS.contains(&w) || ORG_WORDS.contains(&w)
}

const PERSON_TITLES: &[&str] = &[
    "sheikh",
    "shaykh",
    "mullah",
    "mullah",
    "dr",
    "dr.",
    "general",
    "gen.",
    "colonel",
    "imam",
    "ayatollah",
    "abu",
    "mr",
    "mr.",
    "mrs",
    "ms",
    "president",
    "king",
    "prince",
    "emir",
];

/// The TABARI date restriction of a code (`>20130408`, `970801-030731`).
fn restriction_dates(r: &str) -> (Option<PartialDate>, Option<PartialDate>) {
    let r: String = r.chars().filter(|c| !c.is_whitespace()).collect();
    let date = |s: &str| -> Option<PartialDate> {
        let s = s.trim_matches(|c: char| !c.is_ascii_digit());
        let (y, rest) = match s.len() {
            8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
            6 => {
                let yy: i32 = s[..2].parse().ok()?;
                (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
            }
            _ => return None,
        };
        PartialDate::parse(&format!("{y:04}-{}-{}", &rest[..2], &rest[2..]))
    };
    if let Some(d) = r.strip_prefix('>') {
        (date(d), None)
    } else if let Some(d) = r.strip_prefix('<') {
        (None, date(d))
    } else if let Some((a, b)) = r.split_once('-') {
        (date(a), date(b))
    } else {
        (None, None)
    }
}

/// The CAMEO role codes, in the order a code is read.
const ROLE_CODES: &[&str] = &[
    "GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM",
    "CVL", "LAB", "LEG", "REF", "HLH", "NGO", "IGO", "ELI", "REL", "SEP", "UAF", "AGR", "DEV",
    "ENV", "HRI", "MNC", "NGM", "IMG", "INT", "UIS", "PKO", "MOD", "RAD", "SET",
];

/// The first role code in a CAMEO code (`PSEREBHMS` → REB).
fn role_of(code: &str) -> Option<&'static str> {
    let b = code.as_bytes();
    (0..b.len() / 3)
        .map(|i| &code[3 * i..3 * i + 3])
        .find_map(|c| ROLE_CODES.iter().find(|r| **r == c).copied())
}

struct OrgRow {
    entry: Entry,
    /// Staged type.
    kind: String,
    note: String,
}

fn looks_like_person(name: &str, given_names: &BTreeSet<String>) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    if words.iter().any(|w| {
        is_org_word(
            w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
        )
    }) || words.iter().any(|w| {
        !w.starts_with(|c: char| c.is_uppercase())
            && !["al", "bin", "ibn", "de", "da", "van", "von"].contains(w)
    }) || words
        .iter()
        .any(|w| w.len() > 1 && w.chars().all(|c| c.is_uppercase()))
    {
        return false;
    }
    let first = words[0].to_lowercase();
    PERSON_TITLES.contains(&first.as_str()) || given_names.contains(&first)
}

fn build_orgs(
    ctx: &Context,
    t: &Table,
    countries: &Countries,
    log: &mut Vec<String>,
) -> Result<Vec<Entry>, BuildError> {
    let c = |n| t.col(n);
    let (name_c, aliases_c, type_c, country_c, codes_c, note_c, source_c) = (
        c("name")?,
        c("aliases")?,
        c("type")?,
        c("country_iso3")?,
        c("cameo_codes")?,
        c("note")?,
        c("source")?,
    );
    let given_names = given_names(ctx);
    // Merge rows by folded name, the best source first.
    let mut staged: Vec<&Vec<String>> = t.rows.iter().collect();
    staged.sort_by_key(|r| org_priority(get(r, source_c)));
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows: Vec<OrgRow> = Vec::new();
    for r in staged {
        let name = get(r, name_c).to_owned();
        let source = get(r, source_c);
        let curated = source.starts_with("curated");
        if name.is_empty() || ctx.exclude.entry(Kind::Org, &name) {
            continue;
        }
        if !curated && looks_like_person(&name, &given_names) {
            log.push(format!("org {name:?} dropped (looks like a person)"));
            continue;
        }
        let (name, acronym_alias) = split_org_bracket(&name);
        let mut forms = vec![name.clone()];
        forms.extend(acronym_alias);
        forms.extend(split_list(get(r, aliases_c)));
        let mut kept = Vec::new();
        for (i, f) in forms.iter().enumerate() {
            let bad = ctx.exclude.form(Kind::Org, &name, f)
                || !org_form_ok(f)
                || (!curated && common_form(ctx, f));
            if bad {
                if i == 0 {
                    log.push(format!(
                        "org {name:?} dropped (name unusable or common words)"
                    ));
                    kept.clear();
                    break;
                }
                log.push(format!("org {name:?}: alias {f:?} dropped"));
                continue;
            }
            push_unique(&mut kept, f);
        }
        if kept.is_empty() {
            continue;
        }
        if let Some(&i) = by_name.get(&fold(&name)) {
            for a in &kept {
                if !a.eq_ignore_ascii_case(&rows[i].entry.name) {
                    push_unique(&mut rows[i].entry.aliases, a);
                }
            }
            continue;
        }
        let code_field = split_list(get(r, codes_c))
            .into_iter()
            .next()
            .unwrap_or_default();
        let (code, restriction) = match code_field.split_once(char::is_whitespace) {
            Some((c, r)) => (c.to_owned(), r.to_owned()),
            None => (code_field.clone(), String::new()),
        };
        let code = code
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_owned();
        let (start, end) = restriction_dates(&restriction);
        let kind = get(r, type_c).to_owned();
        let mut country = get(r, country_c).to_owned();
        if country.is_empty()
            && ["NGO", "MNC", "NGM"].iter().any(|p| code.starts_with(p))
            && code.len() >= 6
        {
            let cand = &code[3..6];
            if countries.get(cand).is_some() {
                country = cand.to_owned();
            }
        }
        let media = code == "MED" || (code.ends_with("MED") && kind == "OTHER");
        let sector = match kind.as_str() {
            "IGO" => "IGO".to_owned(),
            "NGO" => "NGO".to_owned(),
            "MNC" => "MNC".to_owned(),
            "PARTY" => "PTY".to_owned(),
            "CRIMINAL" => "CRM".to_owned(),
            "RELIGIOUS" => "REL".to_owned(),
            "MILITARY" | "PMC" => "MIL".to_owned(),
            "GOVERNMENT_BODY" => "GOV".to_owned(),
            _ if media => "MED".to_owned(),
            _ => role_of(&code).unwrap_or("").to_owned(),
        };
        let type_name = if media {
            "MEDIA".to_owned()
        } else {
            kind.clone()
        };
        let mut aliases = kept;
        aliases.remove(0);
        by_name.insert(fold(&name), rows.len());
        rows.push(OrgRow {
            entry: Entry {
                kind: Some(Kind::Org),
                name,
                aliases,
                country,
                sector,
                code,
                start,
                end,
                info: vec![
                    ("type".to_owned(), type_name),
                    (
                        "source".to_owned(),
                        if curated { "curated" } else { "phoenix" }.to_owned(),
                    ),
                ],
                ..Entry::default()
            },
            kind,
            note: get(r, note_c).to_owned(),
        });
    }
    // Keys: parent IGOs first, then unique acronyms, else names.
    let mut acronym_count: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        if let Some(a) = acronym(&r.entry) {
            *acronym_count.entry(a).or_insert(0) += 1;
        }
    }
    for r in &mut rows {
        let parent = parent_key(r);
        r.entry.org = match parent {
            Some(p) => p.to_owned(),
            None => match acronym(&r.entry) {
                Some(a) if acronym_count[&a] == 1 => a,
                _ => r.entry.name.clone(),
            },
        };
    }
    let entries: Vec<Entry> = rows.into_iter().map(|r| r.entry).collect();
    let entries = apply_curated(&ctx.curated, entries, &[Kind::Org], log);
    Ok(unique_names(entries, log))
}

/// `Irish Republican Army (IRA)` → the name and the acronym;
/// `National Liberation Army (Colombia)` stays whole: the bracket tells
/// two groups of one name apart.
fn split_org_bracket(name: &str) -> (String, Option<String>) {
    if let Some((head, rest)) = name.split_once(" (")
        && let Some(inner) = rest.strip_suffix(')')
        && !inner.contains([' ', '(', ')'])
        && (2..=6).contains(&inner.chars().count())
        && !head.contains('(')
    {
        return (head.to_owned(), Some(inner.to_uppercase()));
    }
    (name.to_owned(), None)
}

/// Whether an organisation form can be matched at all.
fn org_form_ok(f: &str) -> bool {
    !f.is_empty()
        && f.chars().any(|c| c.is_alphabetic())
        && f.starts_with(|c: char| c.is_alphanumeric() || c == '\'')
        && !f.contains(['[', ']', '"'])
        && f.matches('(').count() == f.matches(')').count()
}

/// A form of only common words that does not end like an organisation.
fn common_form(ctx: &Context, f: &str) -> bool {
    let words: Vec<String> = f.split_whitespace().map(|w| w.to_lowercase()).collect();
    if !ctx.all_common(f) {
        return false;
    }
    let last = words.last().map(String::as_str).unwrap_or("");
    let head_ok = ORG_HEADS.contains(&last) || (words.len() >= 3 && is_org_word(last));
    !head_ok
}

/// First names of people in the curated rows and the staged leaders, to
/// tell a person listed as an organisation.
fn given_names(ctx: &Context) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ctx
        .curated(Kind::Person)
        .filter_map(|e| e.name.split_whitespace().next())
        .map(str::to_lowercase)
        .collect();
    for n in [
        "ahmed",
        "ahmad",
        "mohammed",
        "mohammad",
        "muhammad",
        "ali",
        "abdul",
        "abdullah",
        "omar",
        "hassan",
        "hussein",
        "ibrahim",
        "khalid",
        "mustafa",
        "osama",
        "ayman",
        "yasser",
        "moaz",
        "john",
        "james",
        "robert",
        "michael",
        "david",
        "richard",
        "joseph",
        "thomas",
        "charles",
        "peter",
        "paul",
        "george",
        "william",
        "maria",
        "jose",
        "juan",
        "carlos",
        "luis",
        "renato",
        "antonio",
        "francisco",
        "pedro",
        "manuel",
        "jean",
        "pierre",
        "hans",
        "vladimir",
    ] {
        out.insert(n.to_owned());
    }
    out
}

/// The organisation's acronym: an all-capitals alias of 2 to 10 letters.
fn acronym(e: &Entry) -> Option<String> {
    std::iter::once(&e.name)
        .chain(&e.aliases)
        .find(|a| {
            let n = a.chars().count();
            (2..=10).contains(&n)
                && a.chars().all(|c| {
                    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '&' || c == '+'
                })
                && a.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        })
        .cloned()
}

/// The key of the IGO an organisation belongs to, if any.
fn parent_key(r: &OrgRow) -> Option<&'static str> {
    let e = &r.entry;
    if r.kind != "IGO" {
        return None;
    }
    let code = e.code.as_str();
    let note = r.note.as_str();
    let name = e.name.as_str();
    const BY_CODE: &[(&str, &str)] = &[
        ("IGOUNO", "UN"),
        ("IGOEUREEC", "EU"),
        ("IGOEEC", "EU"),
        ("IGOWSTNAT", "NATO"),
        ("IGONAT", "NATO"),
        ("IGOAFRAFU", "AU"),
        ("IGOAFU", "AU"),
        ("IGOSEAASN", "ASEAN"),
        ("IGOASN", "ASEAN"),
    ];
    if let Some((_, k)) = BY_CODE.iter().find(|(p, _)| code.starts_with(p)) {
        return Some(k);
    }
    if note.starts_with("UN organ")
        || note.starts_with("UN agency")
        || note.starts_with("UN mission")
        || note == "UN"
        || note.starts_with("UN;")
        || note.starts_with("UN-related")
    {
        return Some("UN");
    }
    if note.starts_with("EU institution") {
        return Some("EU");
    }
    if note.starts_with("NATO-led") {
        return Some("NATO");
    }
    if note.starts_with("AU organ") || name.starts_with("African Union") {
        return Some("AU");
    }
    if name.starts_with("United Nations") || name.starts_with("UN ") || name.starts_with("U.N. ") {
        return Some("UN");
    }
    None
}

fn sort_orgs(rows: &mut [Entry]) {
    // Within a key, the canonical entry (the one named by or aliased to the
    // key, the shortest name first) goes last: the loader keeps the last.
    let canonical = |e: &Entry| -> (bool, std::cmp::Reverse<usize>) {
        let named = e.name == e.org || e.aliases.contains(&e.org);
        (named, std::cmp::Reverse(e.name.len()))
    };
    rows.sort_by(|a, b| (&a.org, canonical(a), &a.name).cmp(&(&b.org, canonical(b), &b.name)));
}

// ---------------------------------------------------------------------------
// People

/// Sources whose open end means "still in office".
const OPEN_SOURCES: &[&str] = &["curated", "curated-dyad", "wikidata-worldleaders-2024-10"];

/// Snapshot at which an open-ended row of a source is last known true.
fn snapshot(source: &str) -> Option<&'static str> {
    match source {
        "countryinfo-government" => Some("2011-02"),
        "countryinfo-leaders" => Some("2012-01"),
        "wikidata-foreignministers-2023-01" | "wikidata-igo-holders-2023-01" => Some("2023-01"),
        "cia-worldleaders-2019-05" => Some("2019"),
        _ => None,
    }
}

/// The year after `marker` in `note` (`last listed in edition 2017`).
fn year_after(note: &str, marker: &str) -> Option<PartialDate> {
    let i = note.find(marker)? + marker.len();
    let y: String = note[i..]
        .chars()
        .skip_while(|c| *c == ' ')
        .take(4)
        .collect();
    PartialDate::parse(&y)
}

/// A staged row's term: `None` when the row is not usable.
fn term(
    source: &str,
    start: &str,
    end: &str,
    note: &str,
) -> Option<(Option<PartialDate>, Option<PartialDate>)> {
    let mut s = PartialDate::parse(start);
    let mut e = PartialDate::parse(end);
    match source {
        "cia-worldleaders-2019-05" => {
            return Some((PartialDate::parse("2019"), PartialDate::parse("2019")));
        }
        "countryinfo-government" if s.is_none() => s = PartialDate::parse("2003-01"),
        "countryinfo-leaders" if s.is_none() && e.is_none() => return None,
        "cia-factbook-executive" => {
            if s.is_none() {
                s = year_after(note, "editions ").or_else(|| year_after(note, "edition "));
            }
            if e.is_none() {
                e = year_after(note, "last listed in edition ");
            }
        }
        _ => {}
    }
    if e.is_none() && !OPEN_SOURCES.contains(&source) {
        e = snapshot(source).and_then(PartialDate::parse);
    }
    if let (Some(a), Some(b)) = (s, e)
        && a.first_day() > b.last_day()
    {
        // Started after the source's snapshot: all we know is the start.
        e = Some(a);
    }
    Some((s, e))
}

/// Words that put a title before a name in an alias.
const TITLE_WORDS: &[&str] = &[
    "president",
    "president-elect",
    "prime",
    "minister",
    "vice",
    "vice-president",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "state",
    "general",
    "ambassador",
    "senator",
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "dr",
    "dr.",
    "king",
    "queen",
    "prince",
    "sheikh",
    "chancellor",
    "premier",
    "chairman",
    "leader",
    "governor",
    "commander",
    "gen.",
    "former",
    "acting",
    "interim",
    "elect",
    "of",
    "deputy",
    "supreme",
    "emir",
    "sultan",
    "crown",
    "first",
    "lady",
    "justice",
    "judge",
    "sir",
    "lord",
    "colonel",
    "col.",
    "lt.",
    "major",
    "admiral",
    "marshal",
    "field",
    "spokesman",
    "envoy",
    "representative",
    "rep.",
    "sen.",
    "gov.",
    "pres.",
    "the",
];

fn title_prefixed(
    alias: &str,
    name: &str,
    others: &[String],
    adjectives: &BTreeSet<String>,
) -> bool {
    let words: Vec<&str> = alias.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_lowercase();
        if TITLE_WORDS.contains(&w.as_str()) || adjectives.contains(&w) {
            i += 1;
        } else {
            break;
        }
    }
    if i == 0 || i == words.len() {
        return false;
    }
    let rest = words[i..].join(" ").to_lowercase();
    let name_words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    rest == name.to_lowercase()
        || name_words.contains(&rest)
        || others.iter().any(|o| o.to_lowercase() == rest)
}

fn build_people(
    ctx: &Context,
    t: &Table,
    orgs: &[Entry],
    countries: &[Entry],
    log: &mut Vec<String>,
) -> Result<Vec<Entry>, BuildError> {
    let c = |n| t.col(n);
    let (
        person,
        aliases_c,
        country_c,
        org_c,
        office_c,
        sector_c,
        code_c,
        start_c,
        end_c,
        source_c,
        note_c,
    ) = (
        c("person")?,
        c("aliases")?,
        c("country_iso3")?,
        c("organization")?,
        c("office")?,
        c("sector")?,
        c("cameo_code")?,
        c("start_date")?,
        c("end_date")?,
        c("source")?,
        c("note")?,
    );
    let mut org_by_form: BTreeMap<String, &Entry> = BTreeMap::new();
    for o in orgs {
        for s in o.surfaces() {
            org_by_form.entry(fold(s)).or_insert(o);
        }
    }
    let mut org_by_key: BTreeMap<&str, &Entry> = BTreeMap::new();
    for o in orgs {
        // The last row of a key is its canonical entry.
        org_by_key.insert(o.org.as_str(), o);
    }
    let adjectives: BTreeSet<String> = countries
        .iter()
        .filter(|e| e.kind() == Kind::Adjective)
        .flat_map(|e| e.surfaces().map(str::to_lowercase))
        .collect();
    let place_forms: BTreeSet<String> = countries
        .iter()
        .flat_map(|e| e.surfaces().map(fold))
        .collect();

    let mut out: Vec<Entry> = Vec::new();
    for r in &t.rows {
        // "Prince Faisal bin Farhan Al Saud" is Faisal bin Farhan Al Saud:
        // one person whichever source wrote the honorific, which stays an
        // alias.
        let full = get(r, person);
        let name = strip_honorific(full);
        let source = get(r, source_c);
        if !name.chars().any(|c| c.is_ascii_alphabetic())
            || name.chars().any(|c| c.is_ascii_digit())
            || place_forms.contains(&fold(name))
            || ctx.exclude.entry(Kind::Person, name)
        {
            log.push(format!("person {name:?} ({source}) dropped"));
            continue;
        }
        let Some((start, end)) = term(source, get(r, start_c), get(r, end_c), get(r, note_c))
        else {
            log.push(format!("person {name:?} ({source}) dropped: no dates"));
            continue;
        };
        let mut country = get(r, country_c).to_owned();
        let staged_sector = get(r, sector_c);
        let mut sector = role_of(staged_sector)
            .unwrap_or(
                if staged_sector.starts_with("EUR") || staged_sector.starts_with("UNO") {
                    "IGO"
                } else {
                    "GOV"
                },
            )
            .to_owned();
        let mut code = get(r, code_c).to_owned();
        // A minister or secretary of defence is a member of the government
        // (CAMEO GOVMIL), not a soldier; the staged curated rows say MIL.
        if sector == "MIL" && office::classify(get(r, office_c), &country).defence_minister {
            sector = "GOV".into();
            if code.len() == 6 && code.ends_with("MIL") {
                code = format!("{}GOVMIL", &code[..3]);
            }
        }
        let mut org = String::new();
        let org_name = get(r, org_c);
        if !org_name.is_empty() {
            match org_by_form.get(&fold(org_name)) {
                Some(o) => {
                    org = o.org.clone();
                    let canonical = org_by_key.get(o.org.as_str()).copied().unwrap_or(o);
                    if o.sector == "IGO" {
                        sector = "IGO".into();
                        code = canonical.code.clone();
                    } else if sector != "GOV" || country.is_empty() {
                        // An armed group's officer takes the group's place.
                        sector = canonical.sector.clone();
                        code = canonical.code.clone();
                        if country.is_empty() {
                            country = canonical.country.clone();
                        }
                    }
                }
                None => log.push(format!(
                    "person {name:?}: organization {org_name:?} unknown"
                )),
            }
        }
        if sector == "IGO" && org.is_empty() && staged_sector.starts_with("EUR") {
            org = "EU".into();
        }
        let staged_aliases = split_list(get(r, aliases_c));
        let mut aliases = Vec::new();
        for a in &staged_aliases {
            let drop = a.eq_ignore_ascii_case(name)
                || ctx.exclude.form(Kind::Person, name, a)
                || a.contains("Administration")
                || a.contains("Government")
                || a.contains("-Elect")
                || !plausible_form(a)
                || place_forms.contains(&fold(a))
                || (!a.contains(' ') && !is_acronym(a) && ctx.all_common(a))
                || title_prefixed(a, name, &staged_aliases, &adjectives);
            if !drop {
                push_unique(&mut aliases, a);
            }
        }
        if full != name {
            push_unique(&mut aliases, full);
        }
        let title = clean_field(get(r, office_c));
        let mut info = Vec::new();
        if !title.is_empty() {
            info.push(("title".to_owned(), title));
        }
        info.push(("source".to_owned(), source.to_owned()));
        out.push(Entry {
            kind: Some(Kind::Person),
            name: name.to_owned(),
            aliases,
            country,
            org,
            sector,
            code,
            start,
            end,
            info,
        });
    }
    let out = merge_curated_people(ctx, out, log);
    Ok(merge_same_start(out, log))
}

fn overlaps(a: &Entry, b: &Entry) -> bool {
    let a0 = a.start.map(|d| d.first_day()).unwrap_or((i32::MIN, 1, 1));
    let a1 = a.end.map(|d| d.last_day()).unwrap_or((i32::MAX, 12, 31));
    let b0 = b.start.map(|d| d.first_day()).unwrap_or((i32::MIN, 1, 1));
    let b1 = b.end.map(|d| d.last_day()).unwrap_or((i32::MAX, 12, 31));
    a0 <= b1 && b0 <= a1
}

fn same_office(a: &Entry, b: &Entry) -> bool {
    let ta = a.info("title").unwrap_or("");
    let tb = b.info("title").unwrap_or("");
    let oa = office::classify(ta, &a.country);
    let ob = office::classify(tb, &b.country);
    (oa.head_of_state && ob.head_of_state)
        || (oa.head_of_government && ob.head_of_government)
        || (oa.foreign_minister && ob.foreign_minister)
        || (oa.defence_minister && ob.defence_minister)
        || fold(ta) == fold(tb)
}

/// Curated people replace staged rows of the same person and office kind
/// whose term overlaps theirs, or that start the same day.
fn merge_curated_people(ctx: &Context, staged: Vec<Entry>, log: &mut Vec<String>) -> Vec<Entry> {
    let curated: Vec<&Entry> = ctx.curated(Kind::Person).collect();
    let mut by_name: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for c in &curated {
        by_name.entry(fold(&c.name)).or_default().push(c);
    }
    let mut out: Vec<Entry> = staged
        .into_iter()
        .filter(|s| {
            let Some(cs) = by_name.get(&fold(&s.name)) else {
                return true;
            };
            let hit = cs
                .iter()
                .any(|c| (overlaps(c, s) && same_office(c, s)) || c.start == s.start);
            if hit {
                log.push(format!(
                    "person {:?} {} {:?} replaced by curated row",
                    s.name,
                    s.start.map(|d| d.to_string()).unwrap_or_default(),
                    s.info("title").unwrap_or("")
                ));
            }
            !hit
        })
        .collect();
    // Curated rows keep the staged aliases of the person they replace.
    let mut staged_aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &out {
        let v = staged_aliases.entry(fold(&s.name)).or_default();
        for a in &s.aliases {
            push_unique(v, a);
        }
    }
    for c in curated {
        let mut c = c.clone();
        if c.aliases.is_empty()
            && let Some(a) = staged_aliases.get(&fold(&c.name))
        {
            c.aliases = a.clone();
        }
        out.push(c);
    }
    out
}

/// Merges rows of one person that start the same day (the loader keys a
/// person's terms by start).
fn merge_same_start(rows: Vec<Entry>, log: &mut Vec<String>) -> Vec<Entry> {
    let mut groups: BTreeMap<(String, Option<PartialDate>), Vec<Entry>> = BTreeMap::new();
    for e in rows {
        groups.entry((e.name.clone(), e.start)).or_default().push(e);
    }
    let rank = |e: &Entry| {
        let o = office::classify(e.info("title").unwrap_or(""), &e.country);
        let source_rank = if e.info("source").is_some_and(|s| s.starts_with("curated")) {
            0
        } else {
            1
        };
        (
            source_rank,
            !(o.head_of_state || o.head_of_government),
            !o.foreign_minister,
            !e.sector.starts_with("GOV"),
        )
    };
    let mut out = Vec::new();
    for ((name, _), mut g) in groups {
        if g.len() == 1 {
            out.extend(g);
            continue;
        }
        g.sort_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then_with(|| a.info("title").cmp(&b.info("title")))
        });
        let mut first = g.remove(0);
        let mut titles: Vec<String> = first.info("title").map(str::to_owned).into_iter().collect();
        for e in g {
            if let Some(t) = e.info("title")
                && !titles.iter().any(|x| x == t)
            {
                titles.push(t.to_owned());
            }
            first.end = match (first.end, e.end) {
                (None, _) | (_, None) => None,
                (Some(a), Some(b)) => Some(if a.last_day() >= b.last_day() { a } else { b }),
            };
            for a in e.aliases {
                if !a.eq_ignore_ascii_case(&first.name) {
                    push_unique(&mut first.aliases, &a);
                }
            }
        }
        log.push(format!(
            "person {name:?}: merged offices starting the same day: {}",
            titles.join(" / ")
        ));
        first.info.retain(|(k, _)| k != "title");
        first
            .info
            .insert(0, ("title".to_owned(), titles.join(" / ")));
        out.push(first);
    }
    out
}

fn person_key(e: &Entry) -> (String, Option<(i32, u8, u8)>, String, String) {
    (
        e.name.clone(),
        e.start.map(|d| d.first_day()),
        e.info("title").unwrap_or("").to_owned(),
        e.to_row(),
    )
}

// ---------------------------------------------------------------------------
// Places

fn build_places(gaz: &Gazetteer, countries: &Countries, named: &BTreeSet<usize>) -> Vec<Entry> {
    // English exonyms: alternate names the country table also uses for a
    // city or capital of that country.
    let mut exonyms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &countries.list {
        for v in c.cities.iter().chain(&c.capitals) {
            exonyms.entry(c.code.clone()).or_default().insert(fold(v));
        }
    }
    let mut out = Vec::new();
    for (i, p) in gaz.places.iter().enumerate() {
        if p.pop < MIN_PLACE_POPULATION && !named.contains(&i) {
            continue;
        }
        let mut aliases = Vec::new();
        if p.ascii != p.name && !p.ascii.is_empty() {
            aliases.push(clean_field(&p.ascii));
        }
        if let Some(ex) = exonyms.get(&p.country) {
            let mut n = 0;
            for a in &p.alternates {
                if n < 3 && ex.contains(&fold(a)) && fold(a) != fold(&p.name) && plausible_form(a) {
                    let before = aliases.len();
                    push_unique(&mut aliases, &clean_field(a));
                    n += aliases.len() - before;
                }
            }
        }
        let mut info = vec![
            ("lat".to_owned(), p.lat.clone()),
            ("lon".to_owned(), p.lon.clone()),
            ("pop".to_owned(), p.pop.to_string()),
        ];
        if !p.admin1.is_empty() {
            info.push((
                "admin1".to_owned(),
                clean_field(&p.admin1).replace('=', "-"),
            ));
        }
        out.push(Entry {
            kind: Some(Kind::Place),
            name: clean_field(&p.name),
            aliases,
            country: p.country.clone(),
            info,
            ..Entry::default()
        });
    }
    out
}

fn place_key(e: &Entry) -> (String, String, String) {
    (e.country.clone(), e.name.clone(), e.to_row())
}

// ---------------------------------------------------------------------------
// Output

/// A file: the header, then one row per entry.
fn render(rows: &[Entry]) -> String {
    let mut out = String::with_capacity(rows.len() * 64);
    out.push_str(HEADER);
    out.push('\n');
    for e in rows {
        let _ = writeln!(out, "{}", e.to_row());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(fold("Côte d'Ivoire"), "cotedivoire");
        assert_eq!(strsim::osa_distance("afghanestan", "afghanistan"), 1);
        assert_eq!(strsim::osa_distance("afghansitan", "afghanistan"), 1);
        assert!(misspelling("Afghanestan", &["Afghanistan".into()]));
        assert!(!misspelling("Turkiye", &["Türkiye".into()]));
        assert!(!misspelling("Viet Nam", &["Vietnam".into()]));
        assert_eq!(plural("Afghan").as_deref(), Some("Afghans"));
        assert_eq!(plural("Chinese"), None);
        assert_eq!(plural("Czech").as_deref(), Some("Czechs"));
        assert_eq!(role_of("PSEREBHMS"), Some("REB"));
        assert_eq!(role_of("IGOUNOKID"), Some("IGO"));
        let (s, e) = restriction_dates(">20130408");
        assert_eq!(
            (s.map(|d| d.to_string()), e),
            (Some("2013-04-08".into()), None)
        );
        let (s, e) = restriction_dates("970801-030731");
        assert_eq!(s.unwrap().to_string(), "1997-08-01");
        assert_eq!(e.unwrap().to_string(), "2003-07-31");
        assert_eq!(short_coord("34.52813"), "34.5281");
        assert_eq!(short_coord("-9.10000"), "-9.1");
        let (n, a, s, e) = split_dated_name("West Germany (FRG, to 1990)");
        assert_eq!(
            (n.as_str(), a, s, e.map(|d| d.year)),
            ("West Germany", vec!["FRG".to_owned()], None, Some(1990))
        );
    }

    #[test]
    fn terms_close_at_snapshots() {
        let t = |src, s, e, note| {
            term(src, s, e, note).map(|(a, b)| (a.map(|d| d.to_string()), b.map(|d| d.to_string())))
        };
        assert_eq!(
            t("countryinfo-government", "2005-03-01", "", ""),
            Some((Some("2005-03-01".into()), Some("2011-02".into())))
        );
        assert_eq!(
            t("countryinfo-government", "", "2004-12-31", ""),
            Some((Some("2003-01".into()), Some("2004-12-31".into())))
        );
        assert_eq!(
            t("curated", "2021-01-20", "", ""),
            Some((Some("2021-01-20".into()), None))
        );
        assert_eq!(
            t("cia-worldleaders-2019-05", "", "", ""),
            Some((Some("2019".into()), Some("2019".into())))
        );
        assert_eq!(
            t(
                "cia-factbook-executive",
                "2014-06-01",
                "",
                "CIA World Factbook editions 2014-2016; last listed in edition 2016 (end unknown)"
            ),
            Some((Some("2014-06-01".into()), Some("2016".into())))
        );
        assert_eq!(t("countryinfo-leaders", "", "", ""), None);
    }

    #[test]
    fn title_prefixes() {
        let adj: BTreeSet<String> = ["russian".to_owned()].into();
        let others = vec!["Putin".to_owned()];
        assert!(title_prefixed(
            "Russian President Vladimir Putin",
            "Vladimir Putin",
            &others,
            &adj
        ));
        assert!(title_prefixed(
            "President Putin",
            "Vladimir Putin",
            &others,
            &adj
        ));
        assert!(!title_prefixed(
            "Vladimir V. Putin",
            "Vladimir Putin",
            &others,
            &adj
        ));
    }
}
