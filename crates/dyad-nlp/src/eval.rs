//! Accuracy on a treebank's own tokenization: UPOS, XPOS, lemma, UAS, LAS.
//!
//! LAS follows the CoNLL 2018 shared task: the head and the universal part
//! of the relation (`nmod`, not `nmod:poss`) must both be right. The strict
//! score, with subtypes, is reported as `las_full`. Every word counts,
//! punctuation included, as in UD's official evaluation.

use std::time::Instant;

use serde::Serialize;

use crate::conllu::Sentence;
use crate::{Analysis, Nlp, Scratch};

/// Scores over a set of sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// UPOS accuracy (0..1).
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score, universal relations.
    pub las: f64,
    /// Labelled attachment score with relation subtypes.
    pub las_full: f64,
    /// Words scored.
    pub tokens: usize,
    /// Sentences scored.
    pub sentences: usize,
    /// Seconds spent tagging, parsing and lemmatizing (not loading).
    pub seconds: f64,
}

impl Scores {
    /// Words per second of analysis.
    pub fn tokens_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// The universal part of a relation: `nmod:poss` → `nmod`.
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Analyses every sentence with `nlp` and scores it against the gold tree.
pub fn evaluate(nlp: &Nlp, gold: &[Sentence]) -> Scores {
    evaluate_with(nlp, gold, false)
}

/// Like [`evaluate`], with the [`repair`](crate::repair)s applied after
/// parsing when `repair` is set: what they do to the treebank's scores.
pub fn evaluate_with(nlp: &Nlp, gold: &[Sentence], repair: bool) -> Scores {
    let forms: Vec<Vec<&str>> = gold.iter().map(|s| s.forms()).collect();
    let mut scratch = Scratch::default();
    let mut out = Analysis::default();
    let mut counts = [0usize; 6];
    let mut tokens = 0;
    let mut seconds = 0.0;
    for (s, f) in gold.iter().zip(&forms) {
        let t = Instant::now();
        nlp.analyze(f, &mut scratch, &mut out);
        if repair {
            nlp.repair(&mut out);
        }
        seconds += t.elapsed().as_secs_f64();
        for (i, w) in s.words.iter().enumerate() {
            tokens += 1;
            let head_ok = out.tree.heads[i] == w.head;
            let checks = [
                out.upos(i).as_str() == w.upos,
                out.xpos(i) == w.xpos,
                out.lemma(i) == w.lemma,
                head_ok,
                head_ok && universal(out.deprel(i)) == universal(&w.deprel),
                head_ok && out.deprel(i) == w.deprel,
            ];
            for (c, ok) in counts.iter_mut().zip(checks) {
                *c += ok as usize;
            }
        }
    }
    let frac = |n: usize| {
        if tokens == 0 {
            0.0
        } else {
            n as f64 / tokens as f64
        }
    };
    Scores {
        upos: frac(counts[0]),
        xpos: frac(counts[1]),
        lemma: frac(counts[2]),
        uas: frac(counts[3]),
        las: frac(counts[4]),
        las_full: frac(counts[5]),
        tokens,
        sentences: gold.len(),
        seconds,
    }
}
