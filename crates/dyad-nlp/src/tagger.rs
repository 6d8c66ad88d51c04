//! The part-of-speech tagger: greedy averaged perceptrons that predict the
//! universal tag (UPOS) and the Penn tag (XPOS) together.
//!
//! Each feature row holds one weight per UPOS tag followed by one per XPOS
//! tag. A word's tag is the (UPOS, XPOS) pair seen in training whose summed
//! scores are highest, so the two tags always agree (no `PROPN`/`NN`) while
//! the weights stay factored and small.
//!
//! Two models read the sentence in opposite directions. The right-to-left
//! one runs first and keeps its scores; the left-to-right one adds them to
//! its own at each word. Each model conditions on the tags it has already
//! chosen, so together they see predicted tags on both sides of a word:
//! that is what separates *that* the determiner from *that* the
//! conjunction, and a verb from a noun, better than one direction alone.
//!
//! Frequent words that the treebank tags one way almost always (`the`, `of`,
//! `,`) are looked up in a tag dictionary instead of being scored: that is
//! both faster and, on such words, as accurate as the model. Words seen a
//! few times carry their *ambiguity class*, the set of tags they took in
//! training, as a feature of themselves and of their neighbours.
//!
//! Every word's Brown cluster ([`crate::cluster`]) is a feature too, of
//! itself and its neighbours: it is what the tagger knows of a word the
//! treebank never shows. The tagger carries the clusters in its model file
//! and hands them to the parser, so the two always agree on them, and looks
//! each word up once per sentence for both directions and the parser.

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
const MAX_FEATS: usize = 56;

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
    /// Lower-cased form hash → its word clusters, packed (see
    /// [`crate::cluster`]), for the parser; empty when trained without.
    clusters: FxHashMap<u64, u64>,
    forward: Weights,
    backward: Option<Weights>,
}

/// The tagger as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTagger {
    xpos: Table,
    pairs: Vec<(Upos, u16)>,
    tagdict: Vec<(u64, TagId)>,
    ambig: Vec<(u64, u64)>,
    clusters: Vec<(u64, u64)>,
    forward: StoredWeights,
    backward: Option<StoredWeights>,
}

/// Feature and score buffers of one pass.
#[derive(Debug, Default, Clone)]
struct Buffers {
    feats: Vec<u64>,
    scores: Vec<Score>,
}

/// Per-sentence scratch space, reused across sentences.
#[derive(Debug, Default, Clone)]
pub struct TagScratch {
    buf: Buffers,
    fwd: Oriented,
    bwd: Oriented,
    /// The backward model's scores, `n × classes`, as it read them...
    bwd_scores: Vec<Score>,
    /// ...and in reading order.
    prior: Vec<Score>,
    bwd_tags: Vec<TagId>,
    /// Tags fixed in advance, in reading order (empty: none): a name the
    /// knowledge base knows is a proper noun, whatever its shape suggests.
    pub fixed: Vec<Option<TagId>>,
}

impl TagScratch {
    /// The ambiguity classes of the words last tagged, in reading order
    /// (what [`Tagger::ambiguity_classes`] gives, already looked up).
    pub fn classes(&self) -> &[u64] {
        &self.fwd.amb
    }

    /// The word clusters of the words last tagged, in reading order (what
    /// [`Tagger::clusters`] gives; empty when the tagger has none).
    pub fn clusters(&self) -> &[u64] {
        &self.fwd.cl
    }
}

/// A sentence as one model reads it: in its direction, with the tag
/// dictionary's answers and the ambiguity classes looked up.
#[derive(Debug, Default, Clone)]
struct Oriented {
    lex: Vec<Lex>,
    dict: Vec<Option<TagId>>,
    amb: Vec<u64>,
    /// Word clusters, packed; empty when the tagger has none.
    cl: Vec<u64>,
}

impl Oriented {
    fn fill(
        &mut self,
        t: &Lexicon<'_>,
        forms: &[&str],
        lex: &[Lex],
        reverse: bool,
        fixed: &[Option<TagId>],
    ) {
        self.lex.clear();
        self.dict.clear();
        self.amb.clear();
        self.cl.clear();
        let n = lex.len();
        for k in 0..n {
            let i = if reverse { n - 1 - k } else { k };
            self.lex.push(lex[i]);
            let pinned = fixed.get(i).copied().flatten();
            self.dict
                .push(pinned.or_else(|| t.tagdict.get(&hash_form(forms[i])).copied()));
            self.amb.push(t.class(&lex[i]));
            if !t.clusters.is_empty() {
                self.cl.push(t.cluster(&lex[i]));
            }
        }
    }

    /// `other`, read the other way: the lookups are done once per word.
    fn reverse_of(&mut self, other: &Oriented) {
        self.lex.clear();
        self.lex.extend(other.lex.iter().rev());
        self.dict.clear();
        self.dict.extend(other.dict.iter().rev());
        self.amb.clear();
        self.amb.extend(other.amb.iter().rev());
        self.cl.clear();
        self.cl.extend(other.cl.iter().rev());
    }
}

/// The lookups shared by both directions and by training.
struct Lexicon<'a> {
    tagdict: &'a FxHashMap<u64, TagId>,
    ambig: &'a FxHashMap<u64, u64>,
    clusters: &'a FxHashMap<u64, u64>,
}

impl Lexicon<'_> {
    fn class(&self, l: &Lex) -> u64 {
        self.ambig.get(&l.lower).copied().unwrap_or(UNKNOWN_CLASS)
    }

    fn cluster(&self, l: &Lex) -> u64 {
        self.clusters
            .get(&l.lower)
            .copied()
            .unwrap_or(crate::cluster::UNKNOWN)
    }
}

/// One greedy pass of one model over an oriented sentence. `prior` (same
/// orientation, `n × classes`) is added to the model's scores; `keep`
/// receives this pass's scores in the same layout.
fn greedy(
    w: &Weights,
    pairs: &[(Upos, u16)],
    s: &Oriented,
    prior: Option<&[Score]>,
    buf: &mut Buffers,
    mut keep: Option<&mut Vec<Score>>,
    out: &mut Vec<TagId>,
) {
    let Buffers { feats, scores } = buf;
    let c = w.n_classes();
    out.clear();
    scores.resize(c, 0);
    if let Some(k) = keep.as_deref_mut() {
        k.clear();
        k.resize(s.lex.len() * c, 0);
    }
    for i in 0..s.lex.len() {
        if let Some(t) = s.dict[i] {
            out.push(t);
            continue;
        }
        let (p1, p2) = prev_tags(out, i);
        features(s, i, p1, p2, feats);
        scores.iter_mut().for_each(|x| *x = 0);
        w.score(feats, scores);
        if let Some(k) = keep.as_deref_mut() {
            k[i * c..(i + 1) * c].copy_from_slice(scores);
        }
        if let Some(p) = prior {
            for (x, y) in scores.iter_mut().zip(&p[i * c..(i + 1) * c]) {
                *x += *y;
            }
        }
        out.push(best_pair(pairs, scores));
    }
}

impl Tagger {
    /// Number of tag ids.
    pub fn n_tags(&self) -> usize {
        self.pairs.len()
    }

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

    fn lexicon(&self) -> Lexicon<'_> {
        Lexicon {
            tagdict: &self.tagdict,
            ambig: &self.ambig,
            clusters: &self.clusters,
        }
    }

    /// The word clusters of each word, packed (see [`crate::cluster`]).
    pub fn clusters(&self, lex: &[Lex], out: &mut Vec<u64>) {
        let l = self.lexicon();
        out.clear();
        out.extend(lex.iter().map(|x| l.cluster(x)));
    }

    /// Whether the tagger has word clusters.
    pub fn has_clusters(&self) -> bool {
        !self.clusters.is_empty()
    }

    /// The cluster table, as [`TrainConfig::clusters`] takes it.
    pub fn cluster_table(&self) -> Vec<(u64, u64)> {
        let mut v: Vec<(u64, u64)> = self.clusters.iter().map(|(k, v)| (*k, *v)).collect();
        v.sort_unstable();
        v
    }

    /// The ambiguity class of each word: a hash of the set of tags it took
    /// in training (a shared value for rare and unknown words).
    pub fn ambiguity_classes(&self, lex: &[Lex], out: &mut Vec<u64>) {
        let l = self.lexicon();
        out.clear();
        out.extend(lex.iter().map(|x| l.class(x)));
    }

    /// Number of feature rows (model size).
    pub fn n_features(&self) -> usize {
        self.forward.n_features() + self.backward.as_ref().map_or(0, Weights::n_features)
    }

    /// Tags one sentence. `forms` and `lex` describe the same words; `out`
    /// receives one tag id per word.
    pub fn tag(&self, forms: &[&str], lex: &[Lex], scratch: &mut TagScratch, out: &mut Vec<TagId>) {
        let lexicon = self.lexicon();
        let n = lex.len();
        let c = self.forward.n_classes();
        scratch
            .fwd
            .fill(&lexicon, forms, lex, false, &scratch.fixed);
        let has_prior = match &self.backward {
            Some(b) => {
                scratch.bwd.reverse_of(&scratch.fwd);
                greedy(
                    b,
                    &self.pairs,
                    &scratch.bwd,
                    None,
                    &mut scratch.buf,
                    Some(&mut scratch.bwd_scores),
                    &mut scratch.bwd_tags,
                );
                // Back into reading order.
                scratch.prior.clear();
                scratch.prior.resize(n * c, 0);
                for k in 0..n {
                    let i = n - 1 - k;
                    scratch.prior[i * c..(i + 1) * c]
                        .copy_from_slice(&scratch.bwd_scores[k * c..(k + 1) * c]);
                }
                true
            }
            None => false,
        };
        greedy(
            &self.forward,
            &self.pairs,
            &scratch.fwd,
            has_prior.then_some(&scratch.prior[..]),
            &mut scratch.buf,
            None,
            out,
        );
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
            clusters: self.cluster_table(),
            forward: self.forward.to_stored(),
            backward: self.backward.as_ref().map(Weights::to_stored),
        }
    }

    /// Rebuilds a tagger from its stored form; `None` if it is inconsistent.
    pub fn from_stored(s: &StoredTagger) -> Option<Tagger> {
        let backward = match &s.backward {
            Some(b) => Some(Weights::from_stored(b)?),
            None => None,
        };
        let forward = Weights::from_stored(&s.forward)?;
        let n_classes = Upos::ALL.len() + s.xpos.len();
        let pairs_ok = s.pairs.iter().all(|&(_, x)| (x as usize) < s.xpos.len());
        let tags_ok = s.tagdict.iter().all(|&(_, t)| (t as usize) < s.pairs.len());
        if forward.n_classes() != n_classes
            || backward
                .as_ref()
                .is_some_and(|b| b.n_classes() != n_classes)
            || s.pairs.is_empty()
            || !pairs_ok
            || !tags_ok
        {
            return None;
        }
        Some(Tagger {
            xpos: s.xpos.clone(),
            pairs: s.pairs.clone(),
            tagdict: s.tagdict.iter().copied().collect(),
            ambig: s.ambig.iter().copied().collect(),
            clusters: s.clusters.iter().copied().collect(),
            forward,
            backward,
        })
    }
}

const UNKNOWN_CLASS: u64 = 0x0055_4E4B;

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
fn features(s: &Oriented, i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let (lex, ambig) = (&s.lex[..], &s.amb[..]);
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
    if !s.cl.is_empty() {
        // Word clusters carry what is known of a word to the words that
        // share its contexts in plain text, the treebank's unseen ones too.
        let cl = |j: isize, l: usize| -> u64 {
            if j < 0 || j as usize >= lex.len() {
                NONE ^ l as u64
            } else {
                crate::cluster::level(s.cl[j as usize], l)
            }
        };
        out.push(f1(42, cl(i, 0)));
        out.push(f1(43, cl(i, 1)));
        out.push(f1(44, cl(i, 2)));
        out.push(f1(45, cl(i + 1, 1)));
        out.push(f1(46, cl(i - 1, 1)));
        out.push(f2(47, p1, cl(i, 2)));
        out.push(f2(48, cl(i, 2), w.suffix[1]));
    }
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
    /// Train a right-to-left model too and combine the two.
    pub bidirectional: bool,
    /// Word clusters the tagger reads and hands to the parser (lower-cased
    /// form hash → packed ids, see [`crate::cluster::Clusters::packed`]);
    /// empty: none. The Brown clusters are worth +0.2 UPOS on EWT dev and
    /// +0.4 on test, most of it on words the treebank never shows.
    pub clusters: Vec<(u64, u64)>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 10,
            seed: 7,
            dict_min_count: 20,
            dict_min_share: 0.995,
            ambig_min_count: 3,
            prune: 8,
            bidirectional: true,
            clusters: Vec::new(),
        }
    }
}

/// Trains a tagger. After every epoch, `on_epoch(epoch, tagger)` is called
/// with the averaged model so far (for reporting dev accuracy); with
/// `bidirectional`, the backward model is trained first, silently.
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

    let clusters: FxHashMap<u64, u64> = cfg.clusters.iter().copied().collect();
    let lexicon = Lexicon {
        tagdict: &tagdict,
        ambig: &ambig,
        clusters: &clusters,
    };
    let orient = |reverse: bool| -> Vec<(Oriented, Vec<TagId>)> {
        data.iter()
            .zip(&gold_ids)
            .map(|(s, gold)| {
                let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
                let mut o = Oriented::default();
                o.fill(&lexicon, &forms, &s.lex, reverse, &[]);
                let mut g = gold.clone();
                if reverse {
                    g.reverse();
                }
                (o, g)
            })
            .collect()
    };
    let n_classes = Upos::ALL.len() + xpos.len();
    let backward_data = orient(true);
    let backward = cfg
        .bidirectional
        .then(|| train_direction(&backward_data, &pairs, n_classes, cfg, |_, _| {}));
    let forward_data = orient(false);
    let make = |forward: Weights| Tagger {
        xpos: xpos.clone(),
        pairs: pairs.clone(),
        tagdict: tagdict.clone(),
        ambig: ambig.clone(),
        clusters: clusters.clone(),
        forward,
        backward: backward.clone(),
    };
    let forward = train_direction(&forward_data, &pairs, n_classes, cfg, |epoch, w| {
        on_epoch(epoch, &make(w.clone()));
    });
    make(forward)
}

/// Trains one direction's model on oriented sentences.
fn train_direction(
    data: &[(Oriented, Vec<TagId>)],
    pairs: &[(Upos, u16)],
    n_classes: usize,
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(usize, &Weights),
) -> Weights {
    let mut model = Trainer::new(n_classes);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let mut feats = Vec::with_capacity(MAX_FEATS);
    let mut scores = vec![0f32; n_classes];
    let mut guesses: Vec<TagId> = Vec::new();
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (s, gold) = &data[si];
            guesses.clear();
            for (i, &truth) in gold.iter().enumerate() {
                if let Some(t) = s.dict[i] {
                    guesses.push(t);
                    continue;
                }
                let (p1, p2) = prev_tags(&guesses, i);
                features(s, i, p1, p2, &mut feats);
                scores.iter_mut().for_each(|x| *x = 0.0);
                model.score(&feats, &mut scores);
                let guess = best_pair(pairs, &scores);
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
        if epoch < cfg.epochs {
            on_epoch(epoch, &model.average(cfg.prune));
        }
    }
    let w = model.average(cfg.prune);
    on_epoch(cfg.epochs, &w);
    w
}
