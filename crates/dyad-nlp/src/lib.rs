//! `nlp`: words → part-of-speech tags, lemmas and a labelled dependency tree,
//! with models dyad trains itself on UD English EWT.
//!
//! No maintained Rust crate ships an English tagger or parser that loads
//! offline, and the Python incumbents need a CoreNLP server that parses two
//! to five sentences a second. So dyad carries its own small, fast models:
//!
//! * [`tagger`]: a greedy averaged perceptron predicting UPOS and XPOS
//!   together, with a tag dictionary for frequent unambiguous words;
//! * [`parser`]: a greedy arc-hybrid transition parser trained with a
//!   dynamic oracle, and a labeller naming each arc with a UD relation;
//! * [`lemma`]: suffix rules plus an exception table, learned from the
//!   treebank and kept as readable TSV.
//!
//! All share hashed features ([`features`]) and dense weight rows
//! ([`perceptron`]). A sentence costs a few thousand row additions and no
//! heap allocation once the [`Scratch`] buffers have grown.
//!
//! ```no_run
//! let nlp = dyad_nlp::Nlp::builtin().unwrap();
//! let mut scratch = dyad_nlp::Scratch::default();
//! let mut out = dyad_nlp::Analysis::default();
//! nlp.analyze(&["Blinken", "called", "Wang", "."], &mut scratch, &mut out);
//! assert_eq!(out.deprel(0), "nsubj");
//! ```

pub mod cluster;
pub mod conllu;
pub mod eval;
pub mod features;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod punct;
pub mod repair;
mod rng;
pub mod tagger;
pub mod tags;
pub mod train;

use std::path::Path;
use std::sync::OnceLock;

pub use features::Lex;
pub use lemma::Lemmatizer;
pub use model::ModelError;
pub use parser::{Parser, Tree};
pub use tagger::{TagId, Tagger};
pub use tags::Upos;

/// The tagger, parser and lemmatizer together.
#[derive(Debug, Clone)]
pub struct Nlp {
    /// Part-of-speech tagger.
    pub tagger: Tagger,
    /// Dependency parser.
    pub parser: Parser,
    /// Lemmatizer.
    pub lemmatizer: Lemmatizer,
}

/// Reusable buffers for [`Nlp::analyze`].
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    lex: Vec<Lex>,
    clusters: Vec<u64>,
    punct: Vec<bool>,
    tag: tagger::TagScratch,
    parse: parser::ParseScratch,
}

/// The analysis of one sentence. Reuse one value across sentences: its
/// vectors keep their capacity, so steady-state analysis allocates nothing.
#[derive(Debug, Default, Clone)]
pub struct Analysis<'m> {
    /// Tag ids, one per word.
    pub tags: Vec<TagId>,
    /// Heads and relation ids.
    pub tree: Tree,
    upos: Vec<Upos>,
    // Names borrowed from the model, so no string is allocated per word.
    xpos: Vec<&'m str>,
    deprels: Vec<&'m str>,
    lemma_buf: String,
    lemma_ends: Vec<u32>,
}

impl<'m> Analysis<'m> {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Universal part of speech of word `i` (0-based).
    pub fn upos(&self, i: usize) -> Upos {
        self.upos[i]
    }

    /// Penn Treebank tag of word `i`.
    pub fn xpos(&self, i: usize) -> &'m str {
        self.xpos[i]
    }

    /// Lemma of word `i`.
    pub fn lemma(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.lemma_ends[i - 1] as usize
        };
        &self.lemma_buf[start..self.lemma_ends[i] as usize]
    }

    /// Head of word `i`: `Some(j)` for word `j` (0-based), `None` for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        match self.tree.heads[i] {
            0 => None,
            h => Some(h as usize - 1),
        }
    }

    /// UD relation of word `i` to its head (`nsubj`, `obl:agent`, `root`).
    pub fn deprel(&self, i: usize) -> &'m str {
        self.deprels[i]
    }

    /// Moves word `i` under `head` (`None`: the root) with the relation
    /// `rel` = (id, name), as the parser's label table has them.
    pub fn reattach(&mut self, i: usize, head: Option<usize>, rel: (u8, &'m str)) {
        self.tree.heads[i] = head.map_or(0, |h| h as u32 + 1);
        self.tree.labels[i] = rel.0;
        self.deprels[i] = rel.1;
    }

    /// Gives word `i` the tag `tag` (id, universal part of speech, Penn
    /// tag), as the tagger's table has them ([`Tagger::tag_id`]).
    pub fn retag(&mut self, i: usize, tag: (TagId, Upos, &'m str)) {
        self.tags[i] = tag.0;
        self.upos[i] = tag.1;
        self.xpos[i] = tag.2;
    }

    /// The dependents of word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let target = i as u32 + 1;
        self.tree
            .heads
            .iter()
            .enumerate()
            .filter(move |(_, h)| **h == target)
            .map(|(j, _)| j)
    }
}

static BUILTIN: OnceLock<Result<Nlp, String>> = OnceLock::new();

static TAGGER_BYTES: &[u8] = include_bytes!("../models/tagger.bin.zst");
static PARSER_BYTES: &[u8] = include_bytes!("../models/parser.bin.zst");
static LEMMA_RULES: &str = include_str!("../models/lemma-rules.tsv");
static LEMMA_EXCEPTIONS: &str = include_str!("../models/lemma-exceptions.tsv");

impl Nlp {
    /// The models compiled into the binary, decoded on first use (about
    /// 50-100 ms) and shared afterwards.
    pub fn builtin() -> Result<&'static Nlp, ModelError> {
        let r = BUILTIN.get_or_init(|| Self::decode_builtin().map_err(|e| e.to_string()));
        match r {
            Ok(nlp) => Ok(nlp),
            Err(_) if TAGGER_BYTES.is_empty() || PARSER_BYTES.is_empty() => {
                Err(ModelError::Missing("built-in models"))
            }
            Err(e) => Err(ModelError::Builtin(e.clone())),
        }
    }

    /// Decodes the built-in models afresh (what [`Nlp::builtin`] does once;
    /// the load benchmark times this).
    pub fn decode_builtin() -> Result<Nlp, ModelError> {
        if TAGGER_BYTES.is_empty() || PARSER_BYTES.is_empty() {
            return Err(ModelError::Missing("built-in models"));
        }
        Self::from_bytes(TAGGER_BYTES, PARSER_BYTES, LEMMA_RULES, LEMMA_EXCEPTIONS)
    }

    /// Decodes models from the bytes of the four model files. The tagger
    /// and the parser are decoded on two threads: loading is mostly
    /// decompression, and the two files are of a size.
    pub fn from_bytes(
        tagger: &[u8],
        parser: &[u8],
        rules: &str,
        exceptions: &str,
    ) -> Result<Nlp, ModelError> {
        let (t, p) = std::thread::scope(|scope| {
            let t = scope.spawn(|| model::tagger_from_bytes(tagger, model::TAGGER_FILE));
            let p = model::parser_from_bytes(parser, model::PARSER_FILE);
            (t.join().unwrap_or(Err(ModelError::Missing("a tagger"))), p)
        });
        let (tagger, parser) = (t?, p?);
        if !parser.fits(&tagger) {
            return Err(ModelError::Format {
                path: model::PARSER_FILE.into(),
                reason: "the parser was trained with another tagger's tag set".into(),
            });
        }
        let lemmatizer = Lemmatizer::from_tsv(
            rules,
            exceptions,
            (model::LEMMA_RULES_FILE, model::LEMMA_EXCEPTIONS_FILE),
        )?;
        Ok(Nlp {
            tagger,
            parser,
            lemmatizer,
        })
    }

    /// Loads the four model files from a directory written by `dyad train`.
    pub fn load_dir(dir: &Path) -> Result<Nlp, ModelError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|error| ModelError::Io {
                path: path.display().to_string(),
                error,
            })
        };
        let rules = model::read_text(&dir.join(model::LEMMA_RULES_FILE))?;
        let exceptions = model::read_text(&dir.join(model::LEMMA_EXCEPTIONS_FILE))?;
        Self::from_bytes(
            &read(model::TAGGER_FILE)?,
            &read(model::PARSER_FILE)?,
            &rules,
            &exceptions,
        )
    }

    /// Tags, parses and lemmatizes one sentence of words (normalised forms,
    /// as [`dyad_text`'s `norm`]). An empty sentence gives an empty analysis.
    pub fn analyze<'m>(&'m self, words: &[&str], scratch: &mut Scratch, out: &mut Analysis<'m>) {
        scratch.tag.fixed.clear();
        self.analyze_fixed(words, scratch, out);
    }

    /// Like [`Nlp::analyze`], with the words flagged in `names` tagged as
    /// proper nouns (PROPN, NNP) whatever the tagger would say: names a
    /// knowledge base knows ("Beijing had called", "Ban Ki-moon") are
    /// where an unknown capitalised word misleads it most.
    pub fn analyze_names<'m>(
        &'m self,
        words: &[&str],
        names: &[bool],
        scratch: &mut Scratch,
        out: &mut Analysis<'m>,
    ) {
        scratch.tag.fixed.clear();
        if let Some(nnp) = self.tagger.tag_id("PROPN", "NNP")
            && names.len() == words.len()
        {
            scratch
                .tag
                .fixed
                .extend(names.iter().map(|&b| b.then_some(nnp)));
        }
        self.analyze_fixed(words, scratch, out);
    }

    fn analyze_fixed<'m>(&'m self, words: &[&str], scratch: &mut Scratch, out: &mut Analysis<'m>) {
        scratch.lex.clear();
        scratch.lex.extend(words.iter().map(|w| Lex::new(w)));
        self.tagger
            .tag(words, &scratch.lex, &mut scratch.tag, &mut out.tags);
        // The tagger looked up each word's ambiguity class and clusters
        // already (a parser without clusters ignores them); a parser that
        // reads clusters a tagger lacks gets the unknown cluster for every
        // word.
        let clusters = if self.tagger.has_clusters() {
            scratch.tag.clusters()
        } else if self.parser.uses_clusters() {
            self.tagger.clusters(&scratch.lex, &mut scratch.clusters);
            &scratch.clusters[..]
        } else {
            &[][..]
        };
        scratch.punct.clear();
        scratch
            .punct
            .extend(out.tags.iter().map(|&t| self.tagger.upos(t) == Upos::Punct));
        let input = parser::ParseInput {
            lex: &scratch.lex,
            tags: &out.tags,
            classes: scratch.tag.classes(),
            clusters,
            punct: &scratch.punct,
        };
        self.parser.parse(input, &mut scratch.parse, &mut out.tree);
        out.upos.clear();
        out.xpos.clear();
        out.deprels.clear();
        out.lemma_buf.clear();
        out.lemma_ends.clear();
        for (i, &t) in out.tags.iter().enumerate() {
            let upos = self.tagger.upos(t);
            let xpos = self.tagger.xpos(t);
            out.upos.push(upos);
            out.xpos.push(xpos);
            out.deprels.push(self.parser.label_name(out.tree.labels[i]));
            self.lemmatizer
                .lemma_into(words[i], xpos, i == 0, &mut out.lemma_buf);
            out.lemma_ends.push(out.lemma_buf.len() as u32);
        }
    }
}
