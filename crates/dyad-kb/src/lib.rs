//! `kb`: what dyad knows about the world's political actors, and a fast way
//! to find them in text.
//!
//! The knowledge base is a handful of readable TSV files in
//! `crates/dyad-kb/kb/`, all in one row format ([`format`]): countries with
//! their names, adjectives, capitals and cities; organisations with their
//! CAMEO codes; people with every dated office they held; role nouns with
//! the sector they imply; and populated places for geolocation. The files
//! are built from `../shared/data` by `dyad kb build` (see [`compile`]) and
//! compiled into the binary; a user adds to or overrides them at run time
//! with files of the same format (`--kb extra.tsv`).
//!
//! Names are found with one automaton over token keys ([`matcher`]), so the
//! cost of a sentence does not grow with the size of the knowledge base.
//! Deciding what a found name *means* in its sentence (Beijing the
//! government or the place, which office a person held on the day) is the
//! `dyad-actors` crate's job; this crate answers the questions it asks.

pub mod compile;
pub mod date;
pub mod format;
pub mod matcher;

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use date::{Day, PartialDate};
pub use format::{Entry, FormatError, Kind};
pub use matcher::{Candidate, Lookup, MatchScratch, Matcher, fold};

/// The built-in knowledge-base files, compiled in.
pub const BUILTIN_FILES: [(&str, &str); 4] = [
    ("kb/countries.tsv", include_str!("../kb/countries.tsv")),
    ("kb/orgs.tsv", include_str!("../kb/orgs.tsv")),
    ("kb/people.tsv", include_str!("../kb/people.tsv")),
    ("kb/roles.tsv", include_str!("../kb/roles.tsv")),
];

/// The built-in gazetteer (populated places), compiled in and read only
/// when places are asked for.
pub const BUILTIN_PLACES: (&str, &str) = ("kb/places.tsv", include_str!("../kb/places.tsv"));

/// The knowledge base: entries and the automaton that finds them.
#[derive(Debug)]
pub struct Kb {
    entries: Vec<Entry>,
    /// Entries replaced by a later entry of the same kind and name.
    replaced: Vec<bool>,
    matcher: Matcher,
    countries: FxHashMap<String, u32>,
    orgs: FxHashMap<String, u32>,
    people: FxHashMap<String, Vec<u32>>,
    places: OnceLock<Places>,
}

/// The gazetteer, built on first use.
#[derive(Debug)]
pub struct Places {
    /// Place entries (ids are positions here).
    pub entries: Vec<Entry>,
    /// Their names: a place to geocode is one whole name, so a lookup,
    /// which builds in a fraction of an automaton's time.
    pub lookup: Lookup,
}

static BUILTIN: OnceLock<Result<Kb, FormatError>> = OnceLock::new();

impl Kb {
    /// The built-in knowledge base, built on first use and shared.
    pub fn builtin() -> Result<&'static Kb, FormatError> {
        BUILTIN
            .get_or_init(|| {
                Kb::from_files(&BUILTIN_FILES.map(|(n, t)| (n.to_owned(), t.to_owned())))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The built-in entries plus those of `extra` files (`(name, text)`);
    /// an extra entry of the same kind and name as a built-in one replaces
    /// it.
    pub fn with_extra(extra: &[(String, String)]) -> Result<Kb, FormatError> {
        let mut files: Vec<(String, String)> = BUILTIN_FILES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        files.extend(extra.iter().cloned());
        Kb::from_files(&files)
    }

    /// A knowledge base from files in order (later entries replace earlier
    /// ones of the same kind and name). Places go to the gazetteer.
    pub fn from_files(files: &[(String, String)]) -> Result<Kb, FormatError> {
        let mut entries = Vec::new();
        let mut places = Vec::new();
        for (name, text) in files {
            for e in format::parse(text, name)? {
                if e.kind() == Kind::Place {
                    places.push(e);
                } else {
                    entries.push(e);
                }
            }
        }
        let kb = Kb::from_entries(entries);
        if !places.is_empty() {
            let _ = kb.places.set(Places::new(places));
        }
        Ok(kb)
    }

    /// A knowledge base over `entries` (places among them are ignored: see
    /// [`Kb::places`]).
    pub fn from_entries(entries: Vec<Entry>) -> Kb {
        let mut replaced = vec![false; entries.len()];
        let mut seen: FxHashMap<(Kind, &str, Option<PartialDate>), usize> = FxHashMap::default();
        for (i, e) in entries.iter().enumerate() {
            // People hold several offices, one row per term: a person's row
            // is replaced per term (same start), not per name.
            let term = if e.kind() == Kind::Person {
                e.start
            } else {
                None
            };
            if let Some(prev) = seen.insert((e.kind(), e.name.as_str(), term), i) {
                replaced[prev] = true;
            }
        }
        let matcher = Matcher::build(
            entries
                .iter()
                .enumerate()
                .filter(|(i, e)| !replaced[*i] && e.kind() != Kind::Place)
                .flat_map(|(i, e)| e.surfaces().map(move |s| (i as u32, s))),
        );
        let mut countries = FxHashMap::default();
        let mut orgs = FxHashMap::default();
        let mut people: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, e) in entries.iter().enumerate() {
            if replaced[i] {
                continue;
            }
            match e.kind() {
                Kind::Country => {
                    countries.insert(e.country.clone(), i as u32);
                }
                Kind::Org if !e.org.is_empty() => {
                    orgs.insert(e.org.clone(), i as u32);
                }
                Kind::Person => people.entry(e.name.clone()).or_default().push(i as u32),
                _ => {}
            }
        }
        Kb {
            entries,
            replaced,
            matcher,
            countries,
            orgs,
            people,
            places: OnceLock::new(),
        }
    }

    /// Number of entries (places excluded).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with id `id`.
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// All live entries with their ids.
    pub fn entries(&self) -> impl Iterator<Item = (u32, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.replaced[*i])
            .map(|(i, e)| (i as u32, e))
    }

    /// Finds every entry named in `tokens` (their `norm` forms).
    pub fn find(&self, tokens: &[&str], scratch: &mut MatchScratch, out: &mut Vec<Candidate>) {
        self.matcher.find(tokens, scratch, out);
    }

    /// Like [`Kb::find`] on a sentence already keyed by
    /// [`MatchScratch::prepare`].
    pub fn find_prepared(&self, tokens: &[&str], scratch: &MatchScratch, out: &mut Vec<Candidate>) {
        self.matcher.find_prepared(tokens, scratch, out);
    }

    /// The country entry with this code.
    pub fn country(&self, code: &str) -> Option<&Entry> {
        self.countries.get(code).map(|&i| self.entry(i))
    }

    /// The organisation entry with this key.
    pub fn org(&self, key: &str) -> Option<&Entry> {
        self.orgs.get(key).map(|&i| self.entry(i))
    }

    /// Every office row of the person with this canonical name.
    pub fn offices(&self, person: &str) -> impl Iterator<Item = &Entry> {
        self.people
            .get(person)
            .into_iter()
            .flatten()
            .map(|&i| self.entry(i))
    }

    /// The office `person` held on `day`, if the knowledge base knows one;
    /// when terms overlap, government offices come first, then the latest
    /// start.
    pub fn office_on(&self, person: &str, day: Day) -> Option<&Entry> {
        self.offices(person)
            .filter(|e| date::within(day, e.start, e.end))
            .max_by_key(|e| (e.sector.starts_with("GOV"), e.start.map(|d| d.first_day())))
    }

    /// The gazetteer: the built-in places (decoded on first use), or those
    /// given in this knowledge base's files.
    pub fn places(&self) -> Result<&Places, FormatError> {
        if let Some(p) = self.places.get() {
            return Ok(p);
        }
        let entries = format::parse(BUILTIN_PLACES.1, BUILTIN_PLACES.0)?;
        Ok(self.places.get_or_init(|| Places::new(entries)))
    }
}

impl Places {
    fn new(entries: Vec<Entry>) -> Places {
        let lookup = Lookup::build(
            entries
                .iter()
                .enumerate()
                .flat_map(|(i, e)| e.surfaces().map(move |s| (i as u32, s))),
        );
        Places { entries, lookup }
    }
}
