//! The part-of-speech tagger: a greedy left-to-right averaged perceptron
//! that predicts the universal tag (UPOS) and the Penn tag (XPOS) together.
//!
//! Each feature row holds one weight per UPOS tag followed by one per XPOS
//! tag. A word's tag is the (UPOS, XPOS) pair seen in training whose summed
//! scores are highest, so the two tags always agree (no `PROPN`/`NN`) while
//! the weights stay factored and small.
//!
//! Frequent words that the treebank tags one way almost always (`the`, `of`,
//! `,`) are looked up in a tag dictionary instead of being scored: that is
//! both faster and, on such words, as accurate as the model.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::features::{FLAG_TITLE, Lex, NONE, f1, f2, f3, hash_form};
use crate::perceptron::{Score, StoredWeights, Trainer, Weights};
use crate::rng::Rng;
use crate::tags::{Table, Upos};

/// Index into the tagger's list of (UPOS, XPOS) pairs.
pub type TagId = u16;

const START: u64 = 0x5354_4152;
const START2: u64 = 0x5354_4132;

/// Maximum number of features per word.
const MAX_FEATS: usize = 48;

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    xpos: Table,
    pairs: Vec<(Upos, u16)>,
    /// Case-sensitive form hash → tag, for frequent unambiguous words.
    tagdict: FxHashMap<u64, TagId>,
    /// Lower-cased form hash → the set of tags it had in training (its
    /// ambiguity class), for words seen often enough to trust it.
    ambig: FxHashMap<u64, u64>,
    weights: Weights,
}

/// The tagger as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTagger {
    xpos: Table,
    pairs: Vec<(Upos, u16)>,
    tagdict: Vec<(u64, TagId)>,
    ambig: Vec<(u64, u64)>,
    weights: StoredWeights,
}

/// Per-sentence scratch space, reused across sentences.
#[derive(Debug, Default, Clone)]
pub struct TagScratch {
    feats: Vec<u64>,
    scores: Vec<Score>,
    ambig: Vec<u64>,
}

impl Tagger {
    /// The UPOS of a tag id.
    pub fn upos(&self, t: TagId) -> Upos {
        self.pairs[t as usize].0
    }

    /// The XPOS of a tag id.
    pub fn xpos(&self, t: TagId) -> &str {
        self.xpos.name(self.pairs[t as usize].1 as usize)
    }

    /// The XPOS index of a tag id (for features elsewhere).
    pub fn xpos_id(&self, t: TagId) -> u16 {
        self.pairs[t as usize].1
    }

    /// The tag id of a (UPOS, XPOS) pair, if the tagger knows it.
    pub fn tag_id(&self, upos: &str, xpos: &str) -> Option<TagId> {
        let u = Upos::parse(upos)?;
        let x = self.xpos.get(xpos)? as u16;
        self.pairs
            .iter()
            .position(|&p| p == (u, x))
            .map(|i| i as TagId)
    }

    /// The ambiguity class of each word: a hash of the set of tags it took
    /// in training (a shared value for rare and unknown words).
    pub fn ambiguity_classes(&self, lex: &[Lex], out: &mut Vec<u64>) {
        ambig_classes(&self.ambig, lex, out);
    }

    /// Number of feature rows (model size).
    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    /// Tags one sentence. `forms` and `lex` describe the same words; `out`
    /// receives one tag id per word.
    pub fn tag(&self, forms: &[&str], lex: &[Lex], scratch: &mut TagScratch, out: &mut Vec<TagId>) {
        out.clear();
        scratch.scores.resize(self.weights.n_classes(), 0);
        ambig_classes(&self.ambig, lex, &mut scratch.ambig);
        for i in 0..lex.len() {
            if let Some(&t) = self.tagdict.get(&hash_form(forms[i])) {
                out.push(t);
                continue;
            }
            let (p1, p2) = prev_tags(out, i);
            features(lex, &scratch.ambig, i, p1, p2, &mut scratch.feats);
            scratch.scores.iter_mut().for_each(|s| *s = 0);
            self.weights.score(&scratch.feats, &mut scratch.scores);
            out.push(best_pair(&self.pairs, &scratch.scores));
        }
    }

    /// The stored form.
    pub fn to_stored(&self) -> StoredTagger {
        let mut tagdict: Vec<(u64, TagId)> = self.tagdict.iter().map(|(k, v)| (*k, *v)).collect();
        tagdict.sort_unstable();
        let mut ambig: Vec<(u64, u64)> = self.ambig.iter().map(|(k, v)| (*k, *v)).collect();
        ambig.sort_unstable();
        StoredTagger {
            xpos: self.xpos.clone(),
            pairs: self.pairs.clone(),
            tagdict,
            ambig,
            weights: self.weights.to_stored(),
        }
    }

    /// Rebuilds a tagger from its stored form.
    pub fn from_stored(s: &StoredTagger) -> Tagger {
        Tagger {
            xpos: s.xpos.clone(),
            pairs: s.pairs.clone(),
            tagdict: s.tagdict.iter().copied().collect(),
            ambig: s.ambig.iter().copied().collect(),
            weights: Weights::from_stored(&s.weights),
        }
    }
}

const UNKNOWN_CLASS: u64 = 0x554E_4B;

fn ambig_classes(ambig: &FxHashMap<u64, u64>, lex: &[Lex], out: &mut Vec<u64>) {
    out.clear();
    out.extend(
        lex.iter()
            .map(|l| ambig.get(&l.lower).copied().unwrap_or(UNKNOWN_CLASS)),
    );
}

fn prev_tags(out: &[TagId], i: usize) -> (u64, u64) {
    let p1 = if i >= 1 { out[i - 1] as u64 } else { START };
    let p2 = if i >= 2 { out[i - 2] as u64 } else { START2 };
    (p1, p2)
}

fn best_pair<T: Copy + PartialOrd + std::ops::Add<Output = T>>(
    pairs: &[(Upos, u16)],
    scores: &[T],
) -> TagId {
    let pair_score = |(u, x): (Upos, u16)| scores[u.index()] + scores[Upos::ALL.len() + x as usize];
    let mut best = 0;
    let mut best_score = pair_score(pairs[0]);
    for (i, &p) in pairs.iter().enumerate().skip(1) {
        let s = pair_score(p);
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    best as TagId
}

/// The features of word `i`, given the two previous tags.
fn features(lex: &[Lex], ambig: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let none = Lex::none();
    let at = |j: isize| -> &Lex {
        if j < 0 || j as usize >= lex.len() {
            &none
        } else {
            &lex[j as usize]
        }
    };
    let amb = |j: isize| -> u64 {
        if j < 0 || j as usize >= lex.len() {
            NONE
        } else {
            ambig[j as usize]
        }
    };
    let i = i as isize;
    let w = at(i);
    let (wm1, wm2, wp1, wp2) = (at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    out.push(f1(0, 0));
    out.push(f1(1, w.lower));
    for k in 0..4 {
        out.push(f1(2 + k as u32, w.suffix[k]));
    }
    for k in 0..3 {
        out.push(f1(6 + k as u32, w.prefix[k]));
    }
    out.push(f1(9, w.shape));
    out.push(f2(10, w.flags as u64, (i == 0) as u64));
    out.push(f1(11, p1));
    out.push(f1(12, p2));
    out.push(f2(13, p1, p2));
    out.push(f2(14, p1, w.lower));
    out.push(f1(15, wm1.lower));
    out.push(f1(16, wm1.suffix[2]));
    out.push(f1(17, wm2.lower));
    out.push(f1(18, wp1.lower));
    out.push(f1(19, wp1.suffix[2]));
    out.push(f1(20, wp2.lower));
    out.push(f2(21, wm1.lower, w.lower));
    out.push(f2(22, w.lower, wp1.lower));
    out.push(f1(23, wp1.shape));
    out.push(f1(24, wm1.shape));
    out.push(f2(25, p1, w.suffix[2]));
    out.push(f2(26, p1, wp1.lower));
    out.push(f3(
        27,
        w.flags as u64 & FLAG_TITLE as u64,
        (i == 0) as u64,
        w.lower,
    ));
    out.push(f2(28, w.suffix[1], wp1.suffix[1]));
    out.push(f2(29, wm1.suffix[1], w.suffix[1]));
    out.push(f1(30, wp1.suffix[0]));
    out.push(f2(31, wm1.lower, wp1.lower));
    out.push(f2(32, w.shape, wp1.shape));
    out.push(f2(33, p1, w.shape));
    let (a0, a1, a2, am1) = (amb(i), amb(i + 1), amb(i + 2), amb(i - 1));
    out.push(f1(34, a0));
    out.push(f1(35, a1));
    out.push(f1(36, a2));
    out.push(f2(37, a0, a1));
    out.push(f2(38, p1, a0));
    out.push(f3(39, p1, a0, a1));
    out.push(f2(40, am1, a0));
    out.push(f2(41, a0, w.suffix[2]));
    debug_assert!(out.len() <= MAX_FEATS);
    debug_assert!(!out.contains(&NONE));
}

/// One training sentence: its words and gold tag ids.
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    /// The word forms.
    pub forms: Vec<String>,
    /// The words, read.
    pub lex: Vec<Lex>,
    /// Gold (UPOS, XPOS) pairs.
    pub gold: Vec<(Upos, String)>,
}

impl TaggedSentence {
    /// From a CoNLL-U sentence; `None` when a UPOS tag is unknown.
    pub fn from_conllu(s: &crate::conllu::Sentence) -> Option<TaggedSentence> {
        let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
        let lex = forms.iter().map(|f| Lex::new(f)).collect();
        let gold = s
            .words
            .iter()
            .map(|w| Some((Upos::parse(&w.upos)?, w.xpos.clone())))
            .collect::<Option<Vec<_>>>()?;
        Some(TaggedSentence { forms, lex, gold })
    }
}

/// Settings for [`train`].
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffling.
    pub seed: u64,
    /// A word enters the tag dictionary when seen this often...
    pub dict_min_count: u32,
    /// ...with its most frequent tag at least this share of the time.
    pub dict_min_share: f64,
    /// A word's ambiguity class is a feature when it was seen this often.
    pub ambig_min_count: u32,
    /// Feature rows updated fewer times than this are dropped from the
    /// frozen model.
    pub prune: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 10,
            seed: 7,
            dict_min_count: 20,
            dict_min_share: 0.995,
            ambig_min_count: 3,
            prune: 1,
        }
    }
}

/// Trains a tagger. After every epoch, `on_epoch(epoch, tagger)` is called
/// with the averaged model so far (for reporting dev accuracy).
pub fn train(
    data: &[TaggedSentence],
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(usize, &Tagger),
) -> Tagger {
    // Tag inventory, in order of first appearance (deterministic).
    let mut xpos = Table::default();
    let mut pairs: Vec<(Upos, u16)> = Vec::new();
    let mut gold_ids: Vec<Vec<TagId>> = Vec::with_capacity(data.len());
    for s in data {
        let ids = s
            .gold
            .iter()
            .map(|(u, x)| {
                let x = xpos.intern(x) as u16;
                let p = (*u, x);
                match pairs.iter().position(|q| *q == p) {
                    Some(i) => i as TagId,
                    None => {
                        pairs.push(p);
                        (pairs.len() - 1) as TagId
                    }
                }
            })
            .collect();
        gold_ids.push(ids);
    }
    // Tag dictionary.
    let mut counts: FxHashMap<u64, FxHashMap<TagId, u32>> = FxHashMap::default();
    for (s, ids) in data.iter().zip(&gold_ids) {
        for (f, t) in s.forms.iter().zip(ids) {
            *counts
                .entry(hash_form(f))
                .or_default()
                .entry(*t)
                .or_default() += 1;
        }
    }
    let mut tagdict = FxHashMap::default();
    for (w, tags) in &counts {
        let total: u32 = tags.values().sum();
        let (&best, &n) = tags
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            .unwrap();
        if total >= cfg.dict_min_count && n as f64 / total as f64 >= cfg.dict_min_share {
            tagdict.insert(*w, best);
        }
    }

    // Ambiguity classes: which UPOS and XPOS tags a word took, for words
    // seen often enough that the class generalises beyond this data.
    let mut seen: FxHashMap<u64, (u32, u64, u64)> = FxHashMap::default();
    for (s, ids) in data.iter().zip(&gold_ids) {
        for (l, t) in s.lex.iter().zip(ids) {
            let (u, x) = pairs[*t as usize];
            let e = seen.entry(l.lower).or_default();
            e.0 += 1;
            e.1 |= 1 << u.index();
            e.2 |= 1 << (x as u64 & 63);
        }
    }
    let ambig: FxHashMap<u64, u64> = seen
        .into_iter()
        .filter(|(_, (n, _, _))| *n >= cfg.ambig_min_count)
        .map(|(w, (_, u, x))| (w, crate::features::mix(u, x)))
        .collect();

    let n_classes = Upos::ALL.len() + xpos.len();
    let mut model = Trainer::new(n_classes);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let mut feats = Vec::with_capacity(MAX_FEATS);
    let mut scores = vec![0f32; n_classes];
    let mut guesses: Vec<TagId> = Vec::new();
    let mut amb = Vec::new();
    let mut tagger = None;
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &data[si];
            let gold = &gold_ids[si];
            guesses.clear();
            ambig_classes(&ambig, &s.lex, &mut amb);
            for i in 0..s.lex.len() {
                if let Some(&t) = tagdict.get(&hash_form(&s.forms[i])) {
                    guesses.push(t);
                    continue;
                }
                let (p1, p2) = prev_tags(&guesses, i);
                features(&s.lex, &amb, i, p1, p2, &mut feats);
                scores.iter_mut().for_each(|x| *x = 0.0);
                model.score(&feats, &mut scores);
                let guess = best_pair(&pairs, &scores);
                let truth = gold[i];
                if guess != truth {
                    let (gu, gx) = pairs[truth as usize];
                    let (pu, px) = pairs[guess as usize];
                    if gu != pu {
                        model.update(&feats, gu.index(), 1.0);
                        model.update(&feats, pu.index(), -1.0);
                    }
                    if gx != px {
                        model.update(&feats, Upos::ALL.len() + gx as usize, 1.0);
                        model.update(&feats, Upos::ALL.len() + px as usize, -1.0);
                    }
                }
                model.tick();
                guesses.push(guess);
            }
        }
        let t = Tagger {
            xpos: xpos.clone(),
            pairs: pairs.clone(),
            tagdict: tagdict.clone(),
            ambig: ambig.clone(),
            weights: model.average(cfg.prune),
        };
        on_epoch(epoch, &t);
        tagger = Some(t);
    }
    tagger.unwrap_or_else(|| Tagger {
        xpos,
        pairs,
        tagdict,
        ambig,
        weights: model.average(cfg.prune),
    })
}
