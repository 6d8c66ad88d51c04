//! The dependency parser: greedy arc-hybrid transitions scored by an
//! averaged perceptron, trained with a dynamic oracle, plus a labeller that
//! names each arc when it is made.
//!
//! # Why this design
//!
//! * **Arc-hybrid** (Kuhlmann et al. 2011) has three moves, SHIFT, LEFT and
//!   RIGHT, and both arc moves attach the top of the stack, whose subtree is
//!   then complete. That makes the dynamic oracle of Goldberg and Nivre
//!   (2013) a few counts, and it lets the labeller see the dependent's whole
//!   subtree (its `case` word, its `aux:pass` sibling...) when it chooses a
//!   relation.
//! * **The root sits at the end of the buffer** (Ballesteros and Nivre 2013)
//!   and may take one dependent only, so every tree has a single root as UD
//!   requires.
//! * **Moves and labels are scored apart.** Scoring three moves instead of a
//!   hundred labelled moves makes each weight row 3 floats wide: the model is
//!   small, cache-friendly and fast, and the labeller, called once per word,
//!   uses features of its own.
//! * **Dynamic oracle with exploration**: after the first epochs the parser
//!   follows its own (possibly wrong) moves during training and learns the
//!   best move from the states it will really meet.
//! * Features follow Zhang and Nivre (2011): words, tags, children, labels,
//!   distance, valency and label sets of the stack and buffer heads.

use serde::{Deserialize, Serialize};

use crate::features::{Lex, NONE, f1, f2, f3, mix};
use crate::perceptron::{Score, StoredWeights, Trainer, Weights, argmax};
use crate::rng::Rng;
use crate::tags::Table;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
const N_MOVES: usize = 3;

const ROOT_WORD: u64 = 0x524F_4F54;
/// The relation a lite parser (a guide) gives every arc: it names none.
const UNLABELLED: u8 = 63;
const NO_LABEL: u64 = 0x4E4F_4C42;

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Table,
    root_label: u8,
    /// Tag id → UPOS index: coarse tags for the sparser templates.
    coarse: Vec<u8>,
    moves: Weights,
    labeller: Weights,
    /// A right-to-left parser whose tree this one reads as features.
    guide: Option<Box<Parser>>,
    /// A lite parser (a guide) leaves out the sparser feature templates and
    /// names no relations: it is there to be fast, its tree a hint.
    lite: bool,
    /// Whether the parser reads word clusters.
    clusters: bool,
}

/// The parser as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredParser {
    labels: Table,
    root_label: u8,
    coarse: Vec<u8>,
    moves: StoredWeights,
    labeller: StoredWeights,
    guide: Option<Box<StoredParser>>,
    lite: bool,
    clusters: bool,
}

/// Per-sentence scratch space, reused across sentences.
#[derive(Debug, Default, Clone)]
pub struct ParseScratch {
    state: State,
    feats: Vec<u64>,
    lfeats: Vec<u64>,
    scores: Vec<Score>,
    punct: crate::punct::PunctScratch,
    /// The guide parser's input, scratch and output.
    reversed: Option<Box<Reversed>>,
}

/// A sentence read right to left, for the guide parser.
#[derive(Debug, Default, Clone)]
struct Reversed {
    lex: Vec<Lex>,
    tags: Vec<u16>,
    classes: Vec<u64>,
    clusters: Vec<u64>,
    scratch: ParseScratch,
    tree: Tree,
    guide: Guide,
}

/// What a guide parse says about each word, in reading order: its head
/// (0-based; [`NIL`] for the root) and its relation id.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Guide {
    heads: Vec<u32>,
    labels: Vec<u8>,
}

impl Guide {
    /// Reads a tree parsed from the reversed sentence back in reading order.
    fn read_reversed(&mut self, tree: &Tree) {
        let n = tree.heads.len();
        self.heads.clear();
        self.labels.clear();
        for i in 0..n {
            let h = tree.heads[n - 1 - i];
            self.heads.push(if h == 0 { NIL } else { (n as u32) - h });
            self.labels.push(tree.labels[n - 1 - i]);
        }
    }

    /// How the guide relates words `a` and `b`: `a` heads `b`, `b` heads
    /// `a`, neither; [`NONE`] when either is missing. The root position
    /// `n` "heads" the guide's root.
    fn rel(&self, a: u32, b: u32, n: usize) -> u64 {
        let head = |x: u32| -> Option<u32> {
            if x as usize >= n {
                None
            } else {
                Some(match self.heads[x as usize] {
                    NIL => n as u32,
                    h => h,
                })
            }
        };
        if a == NIL || b == NIL {
            return NONE;
        }
        if head(b) == Some(a) {
            1
        } else if head(a) == Some(b) {
            2
        } else {
            0
        }
    }

    fn label(&self, i: u32) -> u64 {
        match self.labels.get(i as usize) {
            Some(&l) if i != NIL => l as u64,
            _ => NO_LABEL,
        }
    }

    /// Where the guide puts `i`'s head: left, right, or the root.
    fn side(&self, i: u32) -> u64 {
        match self.heads.get(i as usize) {
            None => NONE,
            Some(&NIL) => 2,
            Some(&h) => (h > i) as u64,
        }
    }
}

/// What the parser reads of one sentence: parallel slices, one entry per
/// word.
#[derive(Debug, Clone, Copy)]
pub struct ParseInput<'a> {
    /// The words, read.
    pub lex: &'a [Lex],
    /// Tag ids from the tagger.
    pub tags: &'a [u16],
    /// Ambiguity classes, see [`crate::Tagger::ambiguity_classes`].
    pub classes: &'a [u64],
    /// Word clusters, packed, see [`crate::Tagger::clusters`] (empty:
    /// none).
    pub clusters: &'a [u64],
    /// Whether each word is punctuation (predicted UPOS `PUNCT`); their
    /// arcs are set by rule after parsing, see [`crate::punct`]. Empty to
    /// keep the parser's own punctuation arcs.
    pub punct: &'a [bool],
}

/// A sentence read right to left: what a guide parser is trained on.
pub fn reverse_example(ex: &ParseExample) -> ParseExample {
    let n = ex.heads.len() as u32;
    let rev = |v: &[u32]| v.iter().rev().copied().collect::<Vec<u32>>();
    ParseExample {
        lex: ex.lex.iter().rev().copied().collect(),
        tags: ex.tags.iter().rev().copied().collect(),
        classes: ex.classes.iter().rev().copied().collect(),
        clusters: ex.clusters.iter().rev().copied().collect(),
        punct: ex.punct.iter().rev().copied().collect(),
        heads: rev(&ex.heads)
            .into_iter()
            .map(|h| if h == 0 { 0 } else { n - h + 1 })
            .collect(),
        labels: ex.labels.iter().rev().cloned().collect(),
        guide: None,
    }
}

/// The parse of one sentence: `heads[i]` is the 1-based head of word `i`
/// (0 for the root), `labels[i]` its relation id.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tree {
    /// 1-based heads, 0 = root.
    pub heads: Vec<u32>,
    /// Relation ids, see [`Parser::label_name`].
    pub labels: Vec<u8>,
}

impl Parser {
    /// The name of a relation id (`nsubj`, `obl:agent`...); `_` for the
    /// arcs of a parser that names no relations (a guide).
    pub fn label_name(&self, l: u8) -> &str {
        self.labels.try_name(l as usize).unwrap_or("_")
    }

    /// The id of a relation name.
    pub fn label_id(&self, name: &str) -> Option<u8> {
        self.labels.get(name).map(|l| l as u8)
    }

    /// Whether this parser reads `tagger`'s tag ids.
    pub fn fits(&self, tagger: &crate::Tagger) -> bool {
        self.coarse.len() == tagger.n_tags()
            && (0..tagger.n_tags())
                .all(|t| tagger.upos(t as u16).index() == self.coarse[t] as usize)
    }

    /// Whether the parser reads word clusters (the tagger's).
    pub fn uses_clusters(&self) -> bool {
        self.clusters
    }

    /// Number of feature rows of the move model and of the labeller.
    pub fn n_features(&self) -> (usize, usize) {
        (self.moves.n_features(), self.labeller.n_features())
    }

    /// Parses one sentence.
    pub fn parse(&self, input: ParseInput<'_>, scratch: &mut ParseScratch, out: &mut Tree) {
        match &self.guide {
            None => self.parse_with(input, None, scratch, out),
            Some(g) => {
                let mut r = scratch.reversed.take().unwrap_or_default();
                g.guide_parse(input, &mut r);
                self.parse_with(input, Some(&r.guide), scratch, out);
                scratch.reversed = Some(r);
            }
        }
    }

    /// Runs this (guide) parser on the reversed sentence into `r.guide`.
    fn guide_parse(&self, input: ParseInput<'_>, r: &mut Reversed) {
        r.lex.clear();
        r.lex.extend(input.lex.iter().rev());
        r.tags.clear();
        r.tags.extend(input.tags.iter().rev());
        r.classes.clear();
        r.classes.extend(input.classes.iter().rev());
        r.clusters.clear();
        r.clusters.extend(input.clusters.iter().rev());
        let rev = ParseInput {
            lex: &r.lex,
            tags: &r.tags,
            classes: &r.classes,
            clusters: &r.clusters,
            punct: &[],
        };
        self.parse_with(rev, None, &mut r.scratch, &mut r.tree);
        r.guide.read_reversed(&r.tree);
    }

    /// The guide's view of an example (for training the guided parser).
    pub fn guide_of(&self, ex: &ParseExample) -> Guide {
        let mut r = Reversed::default();
        self.guide_parse(ex.input(), &mut r);
        r.guide
    }

    fn parse_with(
        &self,
        input: ParseInput<'_>,
        guide: Option<&Guide>,
        scratch: &mut ParseScratch,
        out: &mut Tree,
    ) {
        let ParseInput {
            lex,
            tags,
            classes,
            clusters,
            punct,
        } = input;
        let n = lex.len();
        let st = &mut scratch.state;
        st.reset(n);
        let mut ctx = Ctx {
            lex,
            tags,
            classes,
            clusters,
            coarse: &self.coarse,
            guide,
            lite: self.lite,
        };
        if !self.clusters {
            ctx.clusters = &[];
        }
        scratch.scores.resize(self.labels.len(), 0);
        while !st.terminal() {
            let valid = st.valid();
            // A forced move (an empty stack must shift; once the buffer is
            // down to the root, the stack can only reduce rightwards) needs
            // no scoring: a sixth of all moves on EWT.
            let mv = match only(valid) {
                Some(mv) => mv,
                None => {
                    move_features(&ctx, st, &mut scratch.feats);
                    let mut scores = [0 as Score; N_MOVES];
                    self.moves.score(&scratch.feats, &mut scores);
                    best_valid(&scores, valid)
                }
            };
            let label = if mv == SHIFT {
                0
            } else if mv == LEFT && st.b == n {
                self.root_label
            } else if self.lite {
                UNLABELLED
            } else {
                let (h, d) = st.arc_of(mv);
                label_features(&ctx, st, h, d, &mut scratch.lfeats);
                let ls = &mut scratch.scores;
                ls.iter_mut().for_each(|s| *s = 0);
                self.labeller.score(&scratch.lfeats, ls);
                ls[self.root_label as usize] = Score::MIN;
                argmax(ls) as u8
            };
            st.apply(mv, label);
        }
        out.heads.clear();
        out.labels.clear();
        for i in 0..n {
            let h = st.head[i];
            out.heads.push(if h as usize == n { 0 } else { h + 1 });
            out.labels.push(st.label[i]);
        }
        if punct.len() == n {
            crate::punct::reattach(&mut out.heads, punct, lex, &mut scratch.punct);
            // Relations follow the arcs: `root` exactly on the root, `punct`
            // on every other mark.
            let punct_label = self.labels.get("punct").map(|p| p as u8);
            let dep_label = self.labels.get("dep").map(|p| p as u8);
            for ((l, &h), &is_p) in out.labels.iter_mut().zip(&out.heads).zip(punct) {
                if h == 0 {
                    *l = self.root_label;
                } else if is_p {
                    *l = punct_label.unwrap_or(*l);
                } else if *l == self.root_label {
                    *l = dep_label.or(punct_label).unwrap_or(*l);
                }
            }
        }
    }

    /// The stored form.
    pub fn to_stored(&self) -> StoredParser {
        StoredParser {
            labels: self.labels.clone(),
            root_label: self.root_label,
            coarse: self.coarse.clone(),
            moves: self.moves.to_stored(),
            labeller: self.labeller.to_stored(),
            guide: self.guide.as_ref().map(|g| Box::new(g.to_stored())),
            lite: self.lite,
            clusters: self.clusters,
        }
    }

    /// Rebuilds a parser from its stored form; `None` if it is inconsistent.
    pub fn from_stored(s: &StoredParser) -> Option<Parser> {
        let moves = Weights::from_stored(&s.moves)?;
        let labeller = Weights::from_stored(&s.labeller)?;
        if moves.n_classes() != N_MOVES
            || labeller.n_classes() != s.labels.len()
            || s.labels.len() > 64
            || s.root_label as usize >= s.labels.len()
        {
            return None;
        }
        let guide = match &s.guide {
            // The guide's relation ids are its own (it learned them in the
            // order reversed sentences showed them); the main parser read
            // them as such in training.
            Some(g) if g.guide.is_none() && g.coarse == s.coarse => {
                Some(Box::new(Parser::from_stored(g)?))
            }
            Some(_) => return None,
            None => None,
        };
        Some(Parser {
            labels: s.labels.clone(),
            root_label: s.root_label,
            coarse: s.coarse.clone(),
            moves,
            labeller,
            guide,
            lite: s.lite,
            clusters: s.clusters,
        })
    }
}

/// The one valid move, if only one is.
fn only(valid: [bool; N_MOVES]) -> Option<usize> {
    let mut it = (0..N_MOVES).filter(|&m| valid[m]);
    match (it.next(), it.next()) {
        (Some(m), None) => Some(m),
        _ => None,
    }
}

fn best_valid<T: PartialOrd>(scores: &[T; N_MOVES], valid: [bool; N_MOVES]) -> usize {
    let mut best = usize::MAX;
    for m in 0..N_MOVES {
        if valid[m] && (best == usize::MAX || scores[m] > scores[best]) {
            best = m;
        }
    }
    best
}

const NIL: u32 = u32::MAX;

/// The parser state: a stack, a buffer pointer, and the partial tree with
/// the child facts features need.
#[derive(Debug, Default, Clone)]
struct State {
    n: usize,
    stack: Vec<u32>,
    /// Front of the buffer; `n` is the root.
    b: usize,
    head: Vec<u32>,
    label: Vec<u8>,
    /// Leftmost and second-leftmost child, rightmost and second-rightmost.
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    left_set: Vec<u64>,
    right_set: Vec<u64>,
}

impl State {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b = 0;
        for v in [
            &mut self.head,
            &mut self.l1,
            &mut self.l2,
            &mut self.r1,
            &mut self.r2,
        ] {
            v.clear();
            v.resize(n + 1, NIL);
        }
        self.label.clear();
        self.label.resize(n + 1, 0);
        for v in [&mut self.n_left, &mut self.n_right] {
            v.clear();
            v.resize(n + 1, 0);
        }
        for v in [&mut self.left_set, &mut self.right_set] {
            v.clear();
            v.resize(n + 1, 0);
        }
    }

    fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NIL
        }
    }

    fn valid(&self) -> [bool; N_MOVES] {
        let depth = self.stack.len();
        [
            self.b < self.n,
            depth >= 1 && (self.b < self.n || depth == 1),
            depth >= 2,
        ]
    }

    /// The (head, dependent) an arc move would create.
    fn arc_of(&self, mv: usize) -> (u32, u32) {
        let s0 = self.s(0);
        if mv == LEFT {
            (self.b as u32, s0)
        } else {
            (self.s(1), s0)
        }
    }

    fn apply(&mut self, mv: usize, label: u8) {
        if mv == SHIFT {
            self.stack.push(self.b as u32);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc_of(mv);
        self.stack.pop();
        self.add_arc(h, d, label);
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (hu, du) = (h as usize, d as usize);
        self.head[du] = h;
        self.label[du] = label;
        let bit = 1u64 << (label & 63);
        if d < h {
            self.n_left[hu] = self.n_left[hu].saturating_add(1);
            self.left_set[hu] |= bit;
            if self.l1[hu] == NIL || d < self.l1[hu] {
                self.l2[hu] = self.l1[hu];
                self.l1[hu] = d;
            } else if self.l2[hu] == NIL || d < self.l2[hu] {
                self.l2[hu] = d;
            }
        } else {
            self.n_right[hu] = self.n_right[hu].saturating_add(1);
            self.right_set[hu] |= bit;
            if self.r1[hu] == NIL || d > self.r1[hu] {
                self.r2[hu] = self.r1[hu];
                self.r1[hu] = d;
            } else if self.r2[hu] == NIL || d > self.r2[hu] {
                self.r2[hu] = d;
            }
        }
    }

    /// Dynamic-oracle costs (Goldberg and Nivre 2013): how many gold arcs
    /// each move makes unreachable. `gold[i]` is word `i`'s head (`n` =
    /// root). Exact for projective gold trees.
    fn costs(&self, gold: &[u32]) -> [u32; N_MOVES] {
        let mut c = [u32::MAX; N_MOVES];
        let valid = self.valid();
        let n = self.n as u32;
        let b = self.b as u32;
        let in_buffer = |x: u32| x >= b && x <= n;
        if valid[SHIFT] {
            // b0 loses its dependents in the stack and a head deeper than s0.
            let mut cost = 0;
            for (k, &x) in self.stack.iter().enumerate() {
                let is_s0 = k + 1 == self.stack.len();
                if gold[x as usize] == b {
                    cost += 1;
                }
                if !is_s0 && gold[b as usize] == x {
                    cost += 1;
                }
            }
            c[SHIFT] = cost;
        }
        if valid[LEFT] || valid[RIGHT] {
            let s0 = self.s(0);
            let s1 = self.s(1);
            let g = gold[s0 as usize];
            // Dependents of s0 still in the buffer are lost either way.
            let deps_in_buffer = (self.b..self.n).filter(|&x| gold[x] == s0).count() as u32;
            if valid[LEFT] {
                let lost_head = g != b && ((s1 != NIL && g == s1) || (in_buffer(g) && g != b));
                c[LEFT] = deps_in_buffer + lost_head as u32;
            }
            if valid[RIGHT] {
                let lost_head = g != s1 && in_buffer(g);
                c[RIGHT] = deps_in_buffer + lost_head as u32;
            }
        }
        c
    }
}

/// What features read: the words and their tags.
struct Ctx<'a> {
    lex: &'a [Lex],
    tags: &'a [u16],
    /// Ambiguity classes (the tags a word can take), robust to tagging errors.
    classes: &'a [u64],
    /// Word clusters (empty: none).
    clusters: &'a [u64],
    /// Tag id → UPOS index.
    coarse: &'a [u8],
    /// The guide parser's tree, if this parser has one.
    guide: Option<&'a Guide>,
    /// Whether to leave out the sparser templates (guide parsers do).
    lite: bool,
}

impl Ctx<'_> {
    fn word(&self, st: &State, i: u32) -> u64 {
        if i == NIL {
            NONE
        } else if i as usize == st.n {
            ROOT_WORD
        } else {
            self.lex[i as usize].lower
        }
    }

    fn tag(&self, st: &State, i: u32) -> u64 {
        if i == NIL {
            NONE
        } else if i as usize == st.n {
            ROOT_WORD ^ 1
        } else {
            self.tags[i as usize] as u64
        }
    }
}

impl Ctx<'_> {
    fn coarse(&self, st: &State, i: u32) -> u64 {
        if i == NIL {
            NONE
        } else if i as usize == st.n {
            ROOT_WORD ^ 3
        } else {
            match self.tags[i as usize] {
                t if (t as usize) < self.coarse.len() => self.coarse[t as usize] as u64,
                _ => NONE,
            }
        }
    }

    fn class(&self, st: &State, i: u32) -> u64 {
        if i == NIL {
            NONE
        } else if i as usize == st.n {
            ROOT_WORD ^ 2
        } else {
            self.classes[i as usize]
        }
    }

    /// Word `i`'s cluster at `level` (see [`crate::cluster::level`]).
    fn cluster(&self, st: &State, i: u32, level: usize) -> u64 {
        if i == NIL {
            NONE ^ level as u64
        } else if i as usize == st.n {
            ROOT_WORD ^ (8 + level as u64)
        } else {
            crate::cluster::level(self.clusters[i as usize], level)
        }
    }
}

fn label_of(st: &State, i: u32) -> u64 {
    if i == NIL {
        NO_LABEL
    } else {
        st.label[i as usize] as u64
    }
}

fn child(v: &[u32], i: u32) -> u32 {
    if i == NIL { NIL } else { v[i as usize] }
}

fn dist(a: u32, b: u32) -> u64 {
    if a == NIL || b == NIL {
        return NONE;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

fn count(v: &[u8], i: u32) -> u64 {
    if i == NIL { NONE } else { v[i as usize] as u64 }
}

fn set(v: &[u64], i: u32) -> u64 {
    if i == NIL { NONE } else { v[i as usize] }
}

/// Features for choosing a move.
fn move_features(ctx: &Ctx, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let b = st.b as u32;
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let b0 = if st.b <= st.n { b } else { NIL };
    let b1 = if st.b < st.n { b + 1 } else { NIL };
    let b2 = if st.b + 1 < st.n { b + 2 } else { NIL };
    let w = |i| ctx.word(st, i);
    let p = |i| ctx.tag(st, i);
    let wp = |i| mix(w(i), p(i));
    let c = |i| ctx.coarse(st, i);
    let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
    let (b1w, b1p, b2p, s2p) = (w(b1), p(b1), p(b2), p(s2));
    let (s0wp, s1wp, b0wp) = (wp(s0), wp(s1), wp(b0));

    let s0l = child(&st.l1, s0);
    let s0l2 = child(&st.l2, s0);
    let s0r = child(&st.r1, s0);
    let s0r2 = child(&st.r2, s0);
    let s1l = child(&st.l1, s1);
    let s1r = child(&st.r1, s1);
    let b0l = child(&st.l1, b0);
    let b0l2 = child(&st.l2, b0);

    let d = dist(s0, b0);
    let d1 = dist(s1, s0);

    out.extend_from_slice(&[
        f1(0, 0),
        // unigrams
        f1(1, s0w),
        f1(2, s0p),
        f1(3, s0wp),
        f1(4, s1w),
        f1(5, s1p),
        f1(6, s1wp),
        f1(7, b0w),
        f1(8, b0p),
        f1(9, b0wp),
        f1(10, b1w),
        f1(11, b1p),
        f1(12, mix(b1w, b1p)),
        f1(13, b2p),
        f1(14, w(b2)),
        f1(15, s2p),
        // s0 and b0
        f2(16, s0wp, b0wp),
        f2(17, s0wp, b0w),
        f2(18, s0w, b0wp),
        f2(19, s0wp, b0p),
        f2(20, s0p, b0wp),
        f2(21, s0w, b0w),
        f2(22, s0p, b0p),
        f2(23, b0p, b1p),
        // s1 and s0
        f2(24, s1wp, s0wp),
        f2(26, s1p, s0p),
        // triples of tags
        f3(29, c(b0), c(b1), c(b2)),
        f3(30, c(s0), c(b0), c(b1)),
        f3(31, c(s1), c(s0), c(b0)),
        f3(32, c(s0), c(s0l), c(b0)),
        f3(33, c(s0), c(s0r), c(b0)),
        f3(34, c(s0), c(b0), c(b0l)),
        f3(35, c(s1), c(s1l), c(s0)),
        f3(36, c(s1), c(s1r), c(s0)),
        f3(37, c(s2), c(s1), c(s0)),
        f3(38, c(s1), c(s0), c(s0l)),
        f3(39, c(s1), c(s0), c(s0r)),
        // distance
        f2(41, c(s0), d),
        f2(43, c(b0), d),
        f3(44, c(s0), c(b0), d),
        f3(45, c(s1), c(s0), d1),
        // valency
        f2(49, c(s0), count(&st.n_left, s0)),
        f2(51, c(s0), count(&st.n_right, s0)),
        f2(53, c(b0), count(&st.n_left, b0)),
        f2(54, s1p, count(&st.n_left, s1)),
        f2(55, s1p, count(&st.n_right, s1)),
        // children
        f1(56, w(s0l)),
        f1(57, p(s0l)),
        f1(58, label_of(st, s0l)),
        f1(59, w(s0r)),
        f1(60, p(s0r)),
        f1(61, label_of(st, s0r)),
        f1(62, w(b0l)),
        f1(63, p(b0l)),
        f1(64, label_of(st, b0l)),
        f1(65, p(s1l)),
        f1(66, label_of(st, s1l)),
        f1(67, p(s1r)),
        f1(68, label_of(st, s1r)),
        f1(69, w(s1r)),
        // second children
        f3(78, s0p, label_of(st, s0l), label_of(st, s0l2)),
        f3(79, s0p, label_of(st, s0r), label_of(st, s0r2)),
        f3(80, b0p, label_of(st, b0l), label_of(st, b0l2)),
        // label sets
        f2(82, c(s0), set(&st.left_set, s0)),
        f2(84, c(s0), set(&st.right_set, s0)),
        f2(86, c(b0), set(&st.left_set, b0)),
        f2(87, s1p, set(&st.right_set, s1)),
        // labelled pairs
        f3(88, s1p, s0p, set(&st.left_set, s0)),
        f3(89, s0p, b0p, set(&st.left_set, b0)),
        // ambiguity classes
        f1(90, ctx.class(st, s0)),
        f1(91, ctx.class(st, b0)),
    ]);
    if !ctx.lite {
        // Sparser templates (word conjunctions, second children, more
        // classes): worth a few tenths of a point to the main parser, left
        // out of the guide, which must be fast more than exact.
        out.extend_from_slice(&[
            f2(25, s1w, s0w),
            f2(27, s1p, s0w),
            f2(28, s1w, s0p),
            f2(40, s0w, d),
            f2(42, b0w, d),
            f2(46, s1w, d1),
            f2(47, s0w, d1),
            f2(48, s0w, count(&st.n_left, s0)),
            f2(50, s0w, count(&st.n_right, s0)),
            f2(52, b0w, count(&st.n_left, b0)),
            f1(70, w(s0l2)),
            f1(71, p(s0l2)),
            f1(72, label_of(st, s0l2)),
            f1(73, w(s0r2)),
            f1(74, p(s0r2)),
            f1(75, label_of(st, s0r2)),
            f1(76, p(b0l2)),
            f1(77, label_of(st, b0l2)),
            f2(81, s0w, set(&st.left_set, s0)),
            f2(83, s0w, set(&st.right_set, s0)),
            f2(85, b0w, set(&st.left_set, b0)),
            f1(92, ctx.class(st, b1)),
            f1(93, ctx.class(st, s1)),
            f2(94, ctx.class(st, s0), ctx.class(st, b0)),
            f2(95, ctx.class(st, s1), ctx.class(st, s0)),
        ]);
        if !ctx.clusters.is_empty() {
            // Word clusters: coarse word classes that carry what is learnt
            // about one word to the words sharing its contexts.
            let k = |i, l| ctx.cluster(st, i, l);
            out.extend_from_slice(&[
                f1(106, k(s0, 1)),
                f1(107, k(b0, 1)),
                f1(108, k(s1, 1)),
                f1(109, k(b1, 0)),
                f2(110, k(s0, 0), k(b0, 0)),
                f2(111, k(s0, 1), b0p),
                f2(112, s0p, k(b0, 1)),
                f2(113, k(s1, 0), k(s0, 0)),
                f1(114, k(s0, 2)),
                f1(115, k(b0, 2)),
            ]);
        }
    }
    if ctx.lite && !ctx.clusters.is_empty() {
        // The guide reads a few cluster features too: a better guide is
        // worth more to the main parser than it costs.
        let k = |i, l| ctx.cluster(st, i, l);
        out.extend_from_slice(&[
            f1(116, k(s0, 1)),
            f1(117, k(b0, 1)),
            f2(118, k(s0, 0), k(b0, 0)),
            f1(119, k(b1, 0)),
        ]);
    }
    if let Some(g) = ctx.guide {
        // What the right-to-left guide parser says about the words whose
        // arc is being decided.
        let n = st.n;
        let (r0, r1) = (g.rel(s0, b0, n), g.rel(s1, s0, n));
        out.extend_from_slice(&[
            f1(96, r0),
            f3(97, r0, c(s0), c(b0)),
            f1(98, r1),
            f3(99, r1, c(s1), c(s0)),
            f2(100, r0, r1),
            f2(101, g.label(s0), r0),
            f2(102, g.label(b0), c(b0)),
            f2(103, g.side(s0), r0),
            f2(104, g.rel(s0, b1, n), r0),
            f2(105, g.side(b0), g.rel(s0, b0, n)),
        ]);
    }
}

/// Features for naming the arc `h → d`. `d` is the top of the stack, so its
/// subtree is complete.
fn label_features(ctx: &Ctx, st: &State, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let w = |i| ctx.word(st, i);
    let p = |i| ctx.tag(st, i);
    let (dw, dp, hw, hp) = (w(d), p(d), w(h), p(h));
    let dir = (d < h) as u64;
    let dd = dist(h, d);
    let dl = child(&st.l1, d);
    let dl2 = child(&st.l2, d);
    let dr = child(&st.r1, d);
    let prev = if d == 0 { NIL } else { d - 1 };
    let next = if d as usize + 1 < st.n { d + 1 } else { NIL };
    let hset = set(&st.left_set, h) ^ set(&st.right_set, h).rotate_left(17);
    out.extend_from_slice(&[
        f1(200, 0),
        f1(201, dw),
        f1(202, dp),
        f1(203, hw),
        f1(204, hp),
        f2(205, dp, hp),
        f2(206, dw, hp),
        f2(207, dp, hw),
        f2(208, dw, hw),
        f3(209, dp, hp, dir),
        f3(210, dp, hp, dd),
        f2(211, dp, label_of(st, dl)),
        f2(212, dp, w(dl)),
        f2(213, dp, label_of(st, dr)),
        f2(214, dp, set(&st.left_set, d)),
        f2(215, dp, set(&st.right_set, d)),
        f3(216, dp, hp, hset),
        f3(217, dp, hp, set(&st.left_set, h)),
        f2(218, dw, dir),
        f3(219, dp, p(prev), dir),
        f3(220, dp, p(next), dir),
        f3(221, dp, hp, w(dl)),
        f3(222, w(dl), w(dl2), dp),
        f2(223, dp, (h as usize == st.n) as u64),
        f3(224, hp, dir, w(dl)),
        f2(225, dw, w(prev)),
        f3(226, dp, hp, p(dl)),
        f3(227, hw, dp, dir),
        f2(228, dp, count(&st.n_left, d)),
        f3(229, dp, hp, set(&st.right_set, h)),
        f2(230, w(prev), hp),
        f2(231, dw, label_of(st, dl)),
        f3(232, ctx.coarse(st, d), ctx.coarse(st, h), dir),
        f3(233, ctx.coarse(st, d), ctx.coarse(st, h), label_of(st, dl)),
        f3(234, ctx.coarse(st, d), hset, dir),
    ]);
    if !ctx.clusters.is_empty() {
        out.extend_from_slice(&[
            f2(235, ctx.cluster(st, d, 1), hp),
            f2(236, dp, ctx.cluster(st, h, 1)),
            f1(237, ctx.cluster(st, d, 2)),
        ]);
    }
    if let Some(g) = ctx.guide {
        let agrees = g.rel(h, d, st.n);
        out.extend_from_slice(&[f2(240, g.label(d), agrees), f3(241, g.label(d), dp, agrees)]);
    }
}

/// One training sentence for the parser.
#[derive(Debug, Clone)]
pub struct ParseExample {
    /// The words, read.
    pub lex: Vec<Lex>,
    /// Tag ids (predicted ones, ideally, so training sees test-time noise).
    pub tags: Vec<u16>,
    /// Ambiguity classes, see [`crate::Tagger::ambiguity_classes`].
    pub classes: Vec<u64>,
    /// Word clusters, see [`crate::Tagger::clusters`] (empty: none).
    pub clusters: Vec<u64>,
    /// Punctuation flags from the tags, see [`ParseInput::punct`].
    pub punct: Vec<bool>,
    /// Gold heads, 1-based, 0 = root.
    pub heads: Vec<u32>,
    /// Gold relation names.
    pub labels: Vec<String>,
    /// The guide parser's tree, when training a guided parser.
    pub guide: Option<Guide>,
}

impl ParseExample {
    /// The parser's view of the example.
    pub fn input(&self) -> ParseInput<'_> {
        ParseInput {
            lex: &self.lex,
            tags: &self.tags,
            classes: &self.classes,
            clusters: &self.clusters,
            punct: &self.punct,
        }
    }
}

/// Settings for [`train`].
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Epochs that follow the oracle before exploring.
    pub explore_after: usize,
    /// Probability of following the model's own move once exploring.
    pub explore_p: f64,
    /// Feature rows updated fewer times than this are dropped from the
    /// frozen model.
    pub prune: u32,
    /// The same for the labeller's rows.
    pub prune_labels: u32,
    /// Folds for training a right-to-left guide parser whose trees this
    /// parser reads as features (0: no guide).
    pub guide_folds: usize,
    /// Train a lite parser: no sparser templates, no relations (guides).
    pub lite: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 7,
            explore_after: 1,
            explore_p: 0.9,
            prune: 6,
            prune_labels: 6,
            guide_folds: 5,
            lite: false,
        }
    }
}

/// Trains a parser; `on_epoch` sees the averaged model after each epoch.
/// `coarse` maps the tagger's tag ids to UPOS indices. With a `guide`, the
/// examples must carry its trees (see [`Parser::guide_of`]) and the parser
/// returned runs the guide first.
pub fn train(
    data: &[ParseExample],
    coarse: &[u8],
    guide: Option<&Parser>,
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(usize, &Parser),
) -> Parser {
    let mut labels = Table::default();
    let root_label = labels.intern("root") as u8;
    let mut gold: Vec<(Vec<u32>, Vec<u8>)> = Vec::with_capacity(data.len());
    for ex in data {
        let n = ex.heads.len() as u32;
        let projective = projectivize(&ex.heads);
        // Internal heads: 0-based, root = n.
        let heads = projective
            .iter()
            .map(|&h| if h == 0 { n } else { h - 1 })
            .collect();
        let labs = ex.labels.iter().map(|l| labels.intern(l) as u8).collect();
        gold.push((heads, labs));
    }
    assert!(
        labels.len() <= 64,
        "the label sets need at most 64 relations"
    );
    let uses_clusters = data.iter().any(|ex| !ex.clusters.is_empty());
    let mut moves = Trainer::new(N_MOVES);
    let mut labeller = Trainer::new(labels.len());
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let mut st = State::default();
    let mut feats = Vec::new();
    let mut lfeats = Vec::new();
    let mut lscores = vec![0f32; labels.len()];
    let mut parser = None;
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        let explore = epoch > cfg.explore_after;
        for &si in &order {
            let ex = &data[si];
            let (gheads, glabels) = &gold[si];
            let ctx = Ctx {
                lex: &ex.lex,
                tags: &ex.tags,
                classes: &ex.classes,
                clusters: &ex.clusters,
                coarse,
                guide: ex.guide.as_ref(),
                lite: cfg.lite,
            };
            st.reset(ex.lex.len());
            while !st.terminal() {
                move_features(&ctx, &st, &mut feats);
                let mut scores = [0f32; N_MOVES];
                moves.score(&feats, &mut scores);
                let valid = st.valid();
                let costs = st.costs(gheads);
                let min_cost = (0..N_MOVES)
                    .filter(|&m| valid[m])
                    .map(|m| costs[m])
                    .min()
                    .unwrap();
                let guess = best_valid(&scores, valid);
                let mut zero = [false; N_MOVES];
                for m in 0..N_MOVES {
                    zero[m] = valid[m] && costs[m] == min_cost;
                }
                let best_gold = best_valid(&scores, zero);
                if costs[guess] > min_cost {
                    moves.update(&feats, best_gold, 1.0);
                    moves.update(&feats, guess, -1.0);
                }
                moves.tick();
                let mv = if explore && rng.unit() < cfg.explore_p {
                    guess
                } else {
                    best_gold
                };
                let label = if mv == SHIFT {
                    0
                } else if mv == LEFT && st.b == st.n {
                    root_label
                } else if cfg.lite {
                    UNLABELLED
                } else {
                    let (h, d) = st.arc_of(mv);
                    label_features(&ctx, &st, h, d, &mut lfeats);
                    lscores.iter_mut().for_each(|s| *s = 0.0);
                    labeller.score(&lfeats, &mut lscores);
                    lscores[root_label as usize] = f32::NEG_INFINITY;
                    let guess = argmax(&lscores) as u8;
                    let truth = glabels[d as usize];
                    // Learn labels from right arcs only: the gold label of
                    // a word attached to the wrong head is noise.
                    if truth != root_label && guess != truth && gheads[d as usize] == h {
                        labeller.update(&lfeats, truth as usize, 1.0);
                        labeller.update(&lfeats, guess as usize, -1.0);
                    }
                    labeller.tick();
                    guess
                };
                st.apply(mv, label);
            }
        }
        let p = Parser {
            labels: labels.clone(),
            root_label,
            coarse: coarse.to_vec(),
            moves: moves.average(cfg.prune),
            labeller: labeller.average(cfg.prune_labels),
            guide: guide.map(|g| Box::new(g.clone())),
            lite: cfg.lite,
            clusters: uses_clusters,
        };
        on_epoch(epoch, &p);
        parser = Some(p);
    }
    parser.unwrap_or_else(|| Parser {
        labels,
        root_label,
        coarse: coarse.to_vec(),
        moves: moves.average(cfg.prune),
        labeller: labeller.average(cfg.prune_labels),
        guide: guide.map(|g| Box::new(g.clone())),
        lite: cfg.lite,
        clusters: uses_clusters,
    })
}

/// Makes a tree projective by lifting non-projective arcs to the head's head
/// until none is left (the lifted words keep their relation). Heads are
/// 1-based, 0 = root.
pub fn projectivize(heads: &[u32]) -> Vec<u32> {
    let mut h = heads.to_vec();
    // A word's arc is projective when every word between it and its head
    // descends from the head. Lift the shortest offending arc first.
    loop {
        let mut worst: Option<(u32, usize)> = None;
        for d in 0..h.len() {
            let head = h[d];
            if head == 0 {
                continue;
            }
            let (a, b) = if (head as usize - 1) < d {
                (head as usize - 1, d)
            } else {
                (d, head as usize - 1)
            };
            let projective = (a + 1..b).all(|k| descends(&h, k, head as usize - 1));
            if !projective {
                let len = (b - a) as u32;
                if worst.is_none_or(|(l, _)| len < l) {
                    worst = Some((len, d));
                }
            }
        }
        match worst {
            None => return h,
            Some((_, d)) => {
                let head = h[d] as usize - 1;
                h[d] = h[head];
            }
        }
    }
}

/// Whether word `k` descends from word `anc` (0-based indices, heads 1-based).
fn descends(h: &[u32], mut k: usize, anc: usize) -> bool {
    for _ in 0..=h.len() {
        if k == anc {
            return true;
        }
        match h[k] {
            0 => return false,
            x => k = x as usize - 1,
        }
    }
    false // a cycle: treat as not descending
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_lone_valid_move_is_forced() {
        let mut st = State::default();
        st.reset(3);
        // An empty stack can only shift.
        assert_eq!(only(st.valid()), Some(SHIFT));
        st.apply(SHIFT, 0);
        assert_eq!(only(st.valid()), None);
        st.apply(SHIFT, 0);
        st.apply(SHIFT, 0);
        // The buffer is down to the root with three words on the stack:
        // only a right arc is left.
        assert_eq!(only(st.valid()), Some(RIGHT));
        st.apply(RIGHT, 1);
        st.apply(RIGHT, 1);
        // One word left: it takes the root.
        assert_eq!(only(st.valid()), Some(LEFT));
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // Word 1's arc from word 3 spans the root (word 2): not projective.
        let heads = [3, 0, 2, 2];
        let p = projectivize(&heads);
        for d in 0..p.len() {
            if p[d] == 0 {
                continue;
            }
            let hd = p[d] as usize - 1;
            let (a, b) = (hd.min(d), hd.max(d));
            assert!((a + 1..b).all(|k| descends(&p, k, hd)), "{p:?}");
        }
        let crossing = [0, 4, 1, 1];
        // word 2's head is 4: word 3 lies between and descends from 1, not 4.
        let p = projectivize(&crossing);
        assert_ne!(p, crossing.to_vec());
        assert_eq!(p[1], 1, "lifted to the head's head");
    }

    #[test]
    fn oracle_reaches_the_gold_tree() {
        // "a b c d": b root, a <- b, c <- d, d <- b (projective).
        let heads1 = [2u32, 0, 4, 2];
        let n = heads1.len();
        let gold: Vec<u32> = heads1
            .iter()
            .map(|&h| if h == 0 { n as u32 } else { h - 1 })
            .collect();
        let mut st = State::default();
        st.reset(n);
        while !st.terminal() {
            let c = st.costs(&gold);
            let v = st.valid();
            let m = (0..N_MOVES)
                .find(|&m| v[m] && c[m] == 0)
                .expect("a zero-cost move");
            st.apply(m, 1);
        }
        assert_eq!(&st.head[..n], &gold[..]);
    }
}
