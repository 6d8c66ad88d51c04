//! The lexicon: which verbs and nouns report which CAMEO events, and where
//! their source and target are. The format is `docs/LEXICON.md`; the
//! built-in files are `lexicon/*.toml`, compiled in.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::ontology::Ontology;

/// The built-in lexicon files, compiled in, in order.
pub const BUILTIN: [(&str, &str); 5] = [
    ("lexicon/01-05.toml", include_str!("../lexicon/01-05.toml")),
    ("lexicon/06-10.toml", include_str!("../lexicon/06-10.toml")),
    ("lexicon/11-15.toml", include_str!("../lexicon/11-15.toml")),
    ("lexicon/16-20.toml", include_str!("../lexicon/16-20.toml")),
    (
        "lexicon/adjectives.toml",
        include_str!("../lexicon/adjectives.toml"),
    ),
];

/// What a lexicon file says, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    pattern: Vec<RawPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: String,
    code: String,
    verb: Option<String>,
    noun: Option<String>,
    adj: Option<String>,
    #[serde(default)]
    object: Vec<String>,
    #[serde(default)]
    predicate: Vec<String>,
    target: Option<Vec<String>>,
    source: Option<OneOrMany>,
    #[serde(default)]
    symmetric: bool,
    #[serde(default)]
    domestic: bool,
    example: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Where a pattern finds an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The clause's subject (or a passive's `by` agent).
    Subject,
    /// The direct object (or a passive's subject).
    Object,
    /// The indirect object.
    Indirect,
    /// A possessive or modifier of the trigger noun.
    Possessor,
    /// The subject of a predicate noun ("[the launch] was a violation").
    PredicateSubject,
    /// Who says the clause the trigger heads ("Japan said the launch was a
    /// violation").
    Speaker,
    /// A dependent introduced by this preposition.
    Prep(String),
}

impl Slot {
    fn parse(s: &str) -> Slot {
        match s {
            "subj" => Slot::Subject,
            "obj" => Slot::Object,
            "iobj" => Slot::Indirect,
            "poss" => Slot::Possessor,
            "pred-subj" => Slot::PredicateSubject,
            "speaker" => Slot::Speaker,
            p => Slot::Prep(p.to_owned()),
        }
    }
}

/// What triggers a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A verb.
    Verb,
    /// A noun.
    Noun,
    /// A predicative adjective ("X is grateful to Y").
    Adj,
}

/// One pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Its id (`consult.phone.pick-up-the-phone`).
    pub id: String,
    /// The CAMEO code it reports.
    pub code: String,
    /// Verb or noun.
    pub trigger: Trigger,
    /// The trigger's lemma, with its particle (`pick up`).
    pub lemma: String,
    /// Lemmas one of which the direct object must have.
    pub object: Vec<String>,
    /// Lemmas one of which the predicate must have: what the object is
    /// called ("called the launch a *provocation*", "described it *as* a
    /// violation"). A pattern with none does not code a verb that has one.
    pub predicate: Vec<String>,
    /// Where the target is, in order of preference.
    pub target: Vec<Slot>,
    /// Where the source is, in order of preference.
    pub source: Vec<Slot>,
    /// Direction does not matter.
    pub symmetric: bool,
    /// A measure a government takes at home (a curfew, martial law): with
    /// no target named, its target is the source's own population.
    pub domestic: bool,
    /// An example sentence of our own that the pattern codes.
    pub example: String,
    /// The file it came from.
    pub file: String,
}

/// A lexicon error: the file, the pattern and what is wrong.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}: {message}")]
pub struct LexiconError {
    /// The file.
    pub file: String,
    /// What is wrong (with the pattern's id or the TOML position).
    pub message: String,
}

/// The compiled lexicon.
#[derive(Debug, Default)]
pub struct Lexicon {
    patterns: Vec<Pattern>,
    verbs: FxHashMap<String, Vec<u32>>,
    nouns: FxHashMap<String, Vec<u32>>,
    adjs: FxHashMap<String, Vec<u32>>,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        Lexicon::from_files(&BUILTIN.map(|(n, t)| (n.to_owned(), t.to_owned())))
    }

    /// The built-in lexicon plus user files (`(name, text)`); a user
    /// pattern with a built-in id replaces it.
    pub fn with_extra(extra: &[(String, String)]) -> Result<Lexicon, LexiconError> {
        let mut files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        files.extend(extra.iter().cloned());
        Lexicon::from_files(&files)
    }

    /// A lexicon from files in order.
    pub fn from_files(files: &[(String, String)]) -> Result<Lexicon, LexiconError> {
        let ontology = Ontology::builtin();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
        for (name, text) in files {
            let err = |message: String| LexiconError {
                file: name.clone(),
                message,
            };
            let file: File = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            let mut seen = rustc_hash::FxHashSet::default();
            for (i, raw) in file.pattern.into_iter().enumerate() {
                let at = format!("pattern {} ({:?})", i + 1, raw.id);
                if !seen.insert(raw.id.clone()) {
                    return Err(err(format!("{at}: id used twice in this file")));
                }
                let p = compile(raw, name, ontology).map_err(|m| err(format!("{at}: {m}")))?;
                match by_id.get(&p.id) {
                    Some(&k) => patterns[k] = p,
                    None => {
                        by_id.insert(p.id.clone(), patterns.len());
                        patterns.push(p);
                    }
                }
            }
        }
        let mut lex = Lexicon {
            patterns,
            ..Lexicon::default()
        };
        // More specific first: patterns that demand an object, then file order.
        let mut order: Vec<u32> = (0..lex.patterns.len() as u32).collect();
        order.sort_by_key(|&i| lex.patterns[i as usize].object.is_empty());
        for i in order {
            let p = &lex.patterns[i as usize];
            let index = match p.trigger {
                Trigger::Verb => &mut lex.verbs,
                Trigger::Noun => &mut lex.nouns,
                Trigger::Adj => &mut lex.adjs,
            };
            index.entry(p.lemma.clone()).or_default().push(i);
        }
        Ok(lex)
    }

    /// Every pattern.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The pattern with id `i` (a position in [`Lexicon::patterns`]).
    pub fn pattern(&self, i: u32) -> &Pattern {
        &self.patterns[i as usize]
    }

    /// Patterns a verb with this lemma (and particle) triggers, most
    /// specific first.
    pub fn verb(&self, lemma: &str) -> &[u32] {
        self.verbs.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// Patterns a noun with this lemma triggers, most specific first.
    pub fn noun(&self, lemma: &str) -> &[u32] {
        self.nouns.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// Patterns a predicative adjective triggers, most specific first.
    pub fn adj(&self, lemma: &str) -> &[u32] {
        self.adjs.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

fn compile(raw: RawPattern, file: &str, ontology: &Ontology) -> Result<Pattern, String> {
    if !ontology.contains(&raw.code) {
        return Err(format!("{:?} is not a CAMEO code", raw.code));
    }
    let (trigger, lemma) = match (raw.verb, raw.noun, raw.adj) {
        (Some(v), None, None) => (Trigger::Verb, v),
        (None, Some(n), None) => (Trigger::Noun, n),
        (None, None, Some(a)) => (Trigger::Adj, a),
        _ => return Err("give exactly one of `verb`, `noun` and `adj`".into()),
    };
    let lemma = lemma.trim().to_lowercase();
    if lemma.is_empty() {
        return Err("empty trigger".into());
    }
    if raw.example.trim().is_empty() {
        return Err("no example sentence".into());
    }
    let target = match raw.target {
        Some(t) => t.iter().map(|s| Slot::parse(s)).collect(),
        None if trigger == Trigger::Verb => vec![Slot::Object],
        None => Vec::new(),
    };
    let source = match raw.source {
        Some(OneOrMany::One(s)) => vec![Slot::parse(&s)],
        Some(OneOrMany::Many(v)) => v.iter().map(|s| Slot::parse(s)).collect(),
        None if trigger != Trigger::Noun => vec![Slot::Subject],
        None => vec![Slot::Possessor, Slot::Prep("by".into())],
    };
    Ok(Pattern {
        id: raw.id,
        code: raw.code,
        trigger,
        lemma,
        object: raw.object.iter().map(|o| o.to_lowercase()).collect(),
        predicate: raw.predicate.iter().map(|o| o.to_lowercase()).collect(),
        target,
        source,
        symmetric: raw.symmetric,
        domestic: raw.domestic,
        example: raw.example,
        file: file.to_owned(),
    })
}
