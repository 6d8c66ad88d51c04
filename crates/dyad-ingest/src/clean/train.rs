//! Training and measuring the line classifier on labelled pages.
//!
//! A labelled page is flattened text plus its main content (the benchmark
//! format of `../shared/eval/extraction`). Units are labelled by matching
//! their words against the main content: a unit of three words or more is
//! article text when most of its word trigrams occur in the main content; a
//! shorter one when its words occur there in order and it lies within the
//! span of the article's longer units. The labels are noisy in the way the
//! benchmark itself is, which is fine for a linear model.
//!
//! [`cross_validate`] reports token F1 (the metric of the benchmark's
//! `score.py`: bag of `\w+` tokens, precision and recall averaged over
//! pages) on pages the model did not see, fold by fold, so the figure is an
//! honest estimate; [`train`] then learns the weights from every page.

use rustc_hash::{FxHashMap, FxHashSet};

use super::features;
use super::text::{Cleaner, Model, prepare, stage2_features};

/// One labelled page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Page id.
    pub id: String,
    /// The flattened page text.
    pub text: String,
    /// The page's main content (title, standfirst, body).
    pub gold: String,
}

/// Options of training.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Inner folds used to give stage two honest first-stage scores.
    pub inner_folds: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 8,
            rate: 0.2,
            l2: 1e-6,
            inner_folds: 4,
        }
    }
}

/// Token precision, recall and F1 in the benchmark's convention.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    /// Mean precision over pages with a non-empty prediction.
    pub precision: f64,
    /// Mean recall over pages with a non-empty gold.
    pub recall: f64,
    /// Harmonic mean of the two means.
    pub f1: f64,
    /// Pages scored.
    pub pages: usize,
}

/// Per-page (precision, recall) with the benchmark's edge cases.
pub fn page_pr(pred: &str, gold: &str) -> (Option<f64>, Option<f64>) {
    let mut g: FxHashMap<&str, i64> = FxHashMap::default();
    for w in features::words(gold) {
        *g.entry(w).or_default() += 1;
    }
    let ng: i64 = g.values().sum();
    let mut tp = 0i64;
    let mut np = 0i64;
    for w in features::words(pred) {
        np += 1;
        if let Some(c) = g.get_mut(w)
            && *c > 0
        {
            *c -= 1;
            tp += 1;
        }
    }
    let (fp, fn_) = (np - tp, ng - tp);
    if fp == 0 && fn_ == 0 {
        return (Some(1.0), Some(1.0));
    }
    let p = (np > 0).then(|| tp as f64 / np as f64);
    let r = (ng > 0).then(|| tp as f64 / ng as f64);
    (p, r)
}

/// Aggregates per-page (precision, recall) the way `score.py` does.
pub fn aggregate(prs: &[(Option<f64>, Option<f64>)]) -> Score {
    let ps: Vec<f64> = prs.iter().filter_map(|x| x.0).collect();
    let rs: Vec<f64> = prs.iter().filter_map(|x| x.1).collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    Score {
        precision: p,
        recall: r,
        f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
        pages: prs.len(),
    }
}

/// Labels the units of a page (see the module documentation).
pub fn labels(text: &str, gold: &str) -> Vec<bool> {
    let prep = prepare(text);
    let gtoks: Vec<&str> = features::words(gold).collect();
    let tri: FxHashSet<(&str, &str, &str)> = gtoks.windows(3).map(|w| (w[0], w[1], w[2])).collect();
    let joined = format!(" {} ", gtoks.join(" "));
    let views: Vec<&str> = prep
        .units
        .iter()
        .zip(&prep.cut)
        .map(|(u, c)| &u.text[..c.unwrap_or(u.text.len())])
        .collect();
    let mut lab = vec![false; views.len()];
    let mut long = vec![false; views.len()];
    for (i, v) in views.iter().enumerate() {
        let t: Vec<&str> = features::words(v).collect();
        if t.len() >= 3 {
            long[i] = true;
            let n = t.len() - 2;
            let hit = t
                .windows(3)
                .filter(|w| tri.contains(&(w[0], w[1], w[2])))
                .count();
            lab[i] = hit * 2 >= n;
        }
    }
    let first = (0..views.len()).find(|&i| long[i] && lab[i]);
    let last = (0..views.len()).rev().find(|&i| long[i] && lab[i]);
    if let (Some(a), Some(b)) = (first, last) {
        for (i, v) in views.iter().enumerate() {
            if long[i] || i + 2 < a || i > b + 1 {
                continue;
            }
            let t: Vec<&str> = features::words(v).collect();
            if !t.is_empty() && joined.contains(&format!(" {} ", t.join(" "))) {
                lab[i] = true;
            }
        }
    }
    lab
}

struct Interner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(s.to_owned(), i);
        self.names.push(s.to_owned());
        i
    }
}

struct Example {
    feats: Vec<u32>,
    y: f32,
    weight: f32,
}

/// Logistic regression by AdaGrad; returns weights by feature id.
fn fit(examples: &[Example], dim: usize, opts: &Options) -> Vec<f32> {
    let mut w = vec![0f32; dim];
    let mut g2 = vec![1e-6f32; dim];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..opts.epochs {
        // Deterministic shuffle (xorshift), so training is repeatable.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let e = &examples[k];
            let z: f32 = e.feats.iter().map(|&f| w[f as usize]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (p - e.y) * e.weight;
            for &f in &e.feats {
                let f = f as usize;
                let gi = g + opts.l2 * w[f];
                g2[f] += gi * gi;
                w[f] -= opts.rate * gi / g2[f].sqrt();
            }
        }
    }
    w
}

/// A page prepared once: its units' features, rules and labels.
struct Prepped {
    stage1: Vec<Vec<u32>>,
    ruled: Vec<bool>,
    labels: Vec<bool>,
    weights: Vec<f32>,
}

/// Features seen on fewer pages than this are left out: they describe
/// one site, not boilerplate in general, and would bloat the weights file.
const MIN_PAGES: u32 = 3;

fn prep_pages(pages: &[Page], int: &mut Interner) -> Vec<Prepped> {
    let mut out: Vec<Prepped> = pages
        .iter()
        .map(|p| {
            let prep = prepare(&p.text);
            let labels = labels(&p.text, &p.gold);
            let weights = prep
                .units
                .iter()
                .map(|u| (features::words(u.text).count() as f32).sqrt().max(1.0))
                .collect();
            Prepped {
                stage1: prep
                    .feats
                    .iter()
                    .map(|f| f.iter().map(|s| int.id(s)).collect())
                    .collect(),
                ruled: prep.rules.iter().map(Option::is_some).collect(),
                labels,
                weights,
            }
        })
        .collect();
    // Page frequency of every feature; rare ones are dropped.
    let mut df = vec![0u32; int.names.len()];
    let mut seen = vec![usize::MAX; int.names.len()];
    for (pi, p) in out.iter().enumerate() {
        for f in p.stage1.iter().flatten() {
            if seen[*f as usize] != pi {
                seen[*f as usize] = pi;
                df[*f as usize] += 1;
            }
        }
    }
    for p in &mut out {
        for u in &mut p.stage1 {
            u.retain(|f| df[*f as usize] >= MIN_PAGES);
        }
    }
    out
}

fn examples_stage1(pages: &[&Prepped]) -> Vec<Example> {
    let mut out = Vec::new();
    for p in pages {
        for i in 0..p.stage1.len() {
            if p.ruled[i] {
                continue;
            }
            out.push(Example {
                feats: p.stage1[i].clone(),
                y: if p.labels[i] { 1.0 } else { 0.0 },
                weight: p.weights[i],
            });
        }
    }
    out
}

fn stage1_scores(w: &[f32], p: &Prepped) -> Vec<f32> {
    (0..p.stage1.len())
        .map(|i| {
            if p.ruled[i] {
                0.0
            } else {
                let z: f32 = p.stage1[i]
                    .iter()
                    .map(|&f| w.get(f as usize).copied().unwrap_or(0.0))
                    .sum();
                1.0 / (1.0 + (-z).exp())
            }
        })
        .collect()
}

fn to_map(w: &[f32], int: &Interner) -> FxHashMap<String, f32> {
    w.iter()
        .enumerate()
        .filter(|(_, x)| x.abs() >= 5e-4)
        .map(|(i, &x)| (int.names[i].clone(), x))
        .collect()
}

/// Trains a model on `pages`.
fn train_on(pages: &[&Prepped], texts: &[&Page], int: &mut Interner, opts: &Options) -> Model {
    // Stage one on everything.
    let ex1 = examples_stage1(pages);
    let w1 = fit(&ex1, int.names.len(), opts);
    // Honest first-stage scores for stage two: inner folds.
    let k = opts.inner_folds.max(2);
    let mut p1: Vec<Vec<f32>> = vec![Vec::new(); pages.len()];
    for f in 0..k {
        let tr: Vec<&Prepped> = pages
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != f)
            .map(|(_, p)| *p)
            .collect();
        let w = fit(&examples_stage1(&tr), int.names.len(), opts);
        for (i, p) in pages.iter().enumerate() {
            if i % k == f {
                p1[i] = stage1_scores(&w, p);
            }
        }
    }
    let mut ex2 = Vec::new();
    let mut buf = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        for i in 0..p.stage1.len() {
            if p.ruled[i] {
                continue;
            }
            buf.clear();
            stage2_features(&p1[pi], i, &mut buf);
            let mut feats = p.stage1[i].clone();
            feats.extend(buf.iter().map(|s| int.id(s)));
            ex2.push(Example {
                feats,
                y: if p.labels[i] { 1.0 } else { 0.0 },
                weight: p.weights[i],
            });
        }
    }
    let w2 = fit(&ex2, int.names.len(), opts);
    let mut model = Model {
        stage1: to_map(&w1, int),
        stage2: to_map(&w2, int),
        threshold: 0.5,
    };
    // The threshold that maximises token F1 on the training pages.
    let mut best = (f64::MIN, 0.5f32);
    for t in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] {
        let s = evaluate(&model, t, texts);
        if s.f1 > best.0 {
            best = (s.f1, t);
        }
    }
    model.threshold = best.1;
    model
}

/// Token F1 of `model` at `threshold` on `pages`.
pub fn evaluate(model: &Model, threshold: f32, pages: &[&Page]) -> Score {
    let c = Cleaner::new(model).with_threshold(threshold);
    let prs: Vec<_> = pages
        .iter()
        .map(|p| page_pr(&c.clean(&p.text), &p.gold))
        .collect();
    aggregate(&prs)
}

/// Scores of a k-fold cross-validation: one per fold, and over all pages
/// (each page scored by the model that did not see it).
#[derive(Debug, Clone, Default)]
pub struct CrossValidation {
    /// Per fold: its score and the threshold its model chose.
    pub folds: Vec<(Score, f32)>,
    /// Every page, scored by the model of its fold.
    pub overall: Score,
    /// The labels' own score (keeping exactly the units labelled content):
    /// the ceiling of a line-level cleaner under these labels.
    pub oracle: Score,
}

/// k-fold cross-validation: pages are dealt to folds by their position in
/// `pages` (sort them by id first for a repeatable split).
pub fn cross_validate(pages: &[Page], k: usize, opts: &Options) -> CrossValidation {
    let mut int = Interner {
        ids: FxHashMap::default(),
        names: Vec::new(),
    };
    let prepped = prep_pages(pages, &mut int);
    let mut all = vec![(None, None); pages.len()];
    let mut folds = Vec::new();
    for f in 0..k {
        let tr_idx: Vec<usize> = (0..pages.len()).filter(|i| i % k != f).collect();
        let te_idx: Vec<usize> = (0..pages.len()).filter(|i| i % k == f).collect();
        let tr: Vec<&Prepped> = tr_idx.iter().map(|&i| &prepped[i]).collect();
        let tr_pages: Vec<&Page> = tr_idx.iter().map(|&i| &pages[i]).collect();
        let model = train_on(&tr, &tr_pages, &mut int, opts);
        let c = Cleaner::new(&model);
        let mut prs = Vec::new();
        for &i in &te_idx {
            let pr = page_pr(&c.clean(&pages[i].text), &pages[i].gold);
            all[i] = pr;
            prs.push(pr);
        }
        folds.push((aggregate(&prs), model.threshold));
    }
    let oracle: Vec<_> = pages
        .iter()
        .map(|p| {
            let prep = prepare(&p.text);
            let lab = labels(&p.text, &p.gold);
            let kept: String = prep
                .units
                .iter()
                .zip(&lab)
                .filter(|(_, l)| **l)
                .map(|(u, _)| u.text)
                .collect::<Vec<_>>()
                .join("\n");
            page_pr(&kept, &p.gold)
        })
        .collect();
    CrossValidation {
        folds,
        overall: aggregate(&all),
        oracle: aggregate(&oracle),
    }
}

/// Trains the model on every page.
pub fn train(pages: &[Page], opts: &Options) -> Model {
    let mut int = Interner {
        ids: FxHashMap::default(),
        names: Vec::new(),
    };
    let prepped = prep_pages(pages, &mut int);
    let refs: Vec<&Prepped> = prepped.iter().collect();
    let texts: Vec<&Page> = pages.iter().collect();
    train_on(&refs, &texts, &mut int, opts)
}
