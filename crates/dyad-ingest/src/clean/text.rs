//! The flattened-text boilerplate cleaner.
//!
//! Scraped news often arrives as text with the page's lines flattened into
//! it: menus, "Advertisement", share prompts, counters ("99+"), video
//! durations ("03:24"), photo credits, captions printed twice, related-story
//! lists and footers, around a body of real sentences. There is no DOM left
//! to tell them apart, so the cleaner reads each line the way a person
//! skimming the page would: how long it is, whether it ends like a sentence,
//! how many of its words are function words, whether it repeats, whether it
//! sits in a run of short lines, and whether it lies inside the span of the
//! page's long sentence-like lines.
//!
//! It works in four steps:
//!
//! 1. **Units.** The text is cut into lines; the lines of one hard-wrapped
//!    paragraph (e-mail style text wrapped at ~70 columns) are joined into
//!    one unit so that a wrapped sentence is kept or dropped whole.
//! 2. **Rules.** A few kinds of line are boilerplate on every site and are
//!    dropped without asking the model: clock times and durations alone,
//!    bare counters, "Advertisement", "loading", reading-time and trust
//!    badges, share/comment/cookie prompts. A trailing photo credit
//!    ("… Photo: AFP", "(… photo by …)") is cut off the line it ends.
//! 3. **Model.** A two-stage logistic regression scores the rest
//!    ([`super::features`] lists the features). The second stage sees the
//!    first stage's scores of the lines around each line, which is what
//!    lets a short line inside the body (a one-sentence paragraph, a
//!    standfirst bullet) be told from the same line in a menu. The weights
//!    are a readable TSV file (`data/clean-text.tsv`) written by
//!    `dyad train cleaner`, learned from labelled pages; the pages
//!    themselves are never part of the repository.
//! 4. **Repeats.** A line already kept (a headline or caption printed twice)
//!    is not kept again.
//!
//! What is kept is returned verbatim: the cleaned text is made of slices of
//! the input, so every string of the article (an event's evidence) is still
//! a substring of the output. Lines that were adjacent stay separated by a
//! single newline; a dropped line or a blank line becomes a blank line, so
//! the sentence splitter still sees paragraph breaks.

use rustc_hash::FxHashMap;

use super::features::{self, Context, Facts, Unit};

/// The built-in weights, written by `dyad train cleaner`.
const BUILTIN: &str = include_str!("../../data/clean-text.tsv");

/// How one unit of the input was judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Byte range of the kept text in the input (the unit, less any
    /// trailing credit that was cut off).
    pub start: usize,
    /// End of the kept range (exclusive).
    pub end: usize,
    /// Whether the unit is kept.
    pub keep: bool,
    /// The model's probability that the unit is article text (1.0 or 0.0
    /// when a rule decided).
    pub score: f32,
    /// Why: `model`, `rule:<name>`, `repeat`.
    pub reason: &'static str,
    /// Whether the unit had a blank line (or a dropped line) before it.
    pub blank_before: bool,
}

/// The line classifier's weights: two stages and a decision threshold.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// First-stage weights, by feature name.
    pub stage1: FxHashMap<String, f32>,
    /// Second-stage weights, by feature name.
    pub stage2: FxHashMap<String, f32>,
    /// Keep a unit whose second-stage probability is at least this.
    pub threshold: f32,
}

/// Errors reading a weights file.
#[derive(Debug, thiserror::Error)]
#[error("weights file line {line}: {reason}")]
pub struct ModelError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl Model {
    /// The built-in model.
    pub fn builtin() -> &'static Model {
        static M: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        M.get_or_init(|| Model::from_tsv(BUILTIN).expect("built-in cleaner weights parse"))
    }

    /// Reads a weights file: `#` comments, `threshold<TAB>x`, and
    /// `stage1|stage2<TAB>feature<TAB>weight` lines.
    pub fn from_tsv(text: &str) -> Result<Model, ModelError> {
        let mut m = Model {
            threshold: 0.5,
            ..Model::default()
        };
        for (i, line) in text.lines().enumerate() {
            let err = |reason: &str| ModelError {
                line: i + 1,
                reason: reason.to_owned(),
            };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["threshold", x] => m.threshold = x.parse().map_err(|_| err("bad threshold"))?,
                [stage @ ("stage1" | "stage2"), name, w] => {
                    let w: f32 = w.parse().map_err(|_| err("bad weight"))?;
                    let map = if *stage == "stage1" {
                        &mut m.stage1
                    } else {
                        &mut m.stage2
                    };
                    map.insert((*name).to_owned(), w);
                }
                _ => {
                    return Err(err(
                        "expected `threshold` or `stage1|stage2 feature weight`",
                    ));
                }
            }
        }
        Ok(m)
    }

    /// Writes the weights in the format [`Model::from_tsv`] reads, sorted,
    /// with weights rounded to four decimals and near-zero ones left out.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for l in header.lines() {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
        out.push_str(&format!("threshold\t{:.3}\n", self.threshold));
        for (name, map) in [("stage1", &self.stage1), ("stage2", &self.stage2)] {
            let mut v: Vec<(&String, &f32)> = map.iter().filter(|(_, w)| w.abs() >= 5e-4).collect();
            v.sort_by(|a, b| a.0.cmp(b.0));
            for (f, w) in v {
                out.push_str(&format!("{name}\t{f}\t{w:.4}\n"));
            }
        }
        out
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

fn dot(w: &FxHashMap<String, f32>, feats: &[String]) -> f32 {
    feats.iter().filter_map(|f| w.get(f)).sum()
}

/// Cuts the input into units (see the module documentation).
pub fn units(text: &str) -> Vec<Unit<'_>> {
    // Physical lines with their offsets, blank ones marked.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for l in text.split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        lines.push((pos, pos + body.len()));
        pos += l.len();
    }
    let blank = |&(s, e): &(usize, usize)| text[s..e].trim().is_empty();
    let nonblank: Vec<&(usize, usize)> = lines.iter().filter(|l| !blank(l)).collect();
    let wrapped = hard_wrapped(text, &nonblank);
    let mut out: Vec<Unit<'_>> = Vec::new();
    let mut blank_before = false;
    let mut prev_joinable = false;
    for l in &lines {
        if blank(l) {
            blank_before = true;
            prev_joinable = false;
            continue;
        }
        let t = &text[l.0..l.1];
        let joins = !blank_before
            && !out.is_empty()
            && (wrapped || (prev_joinable && t.trim_start().starts_with(char::is_lowercase)));
        if joins {
            let u = out.last_mut().expect("non-empty");
            u.text = &text[u.start..l.1];
        } else {
            out.push(Unit {
                text: t,
                start: l.0,
                blank_before,
            });
        }
        let tt = t.trim_end();
        prev_joinable =
            features::words(tt).count() >= 6 && !tt.ends_with(['.', '!', '?', ':', '"', '”', '|']);
        blank_before = false;
    }
    out
}

/// Whether the text looks hard-wrapped: most non-blank lines end near one
/// column and none is much longer.
fn hard_wrapped(text: &str, lines: &[&(usize, usize)]) -> bool {
    if lines.len() < 6 {
        return false;
    }
    let lens: Vec<usize> = lines
        .iter()
        .map(|&&(s, e)| text[s..e].chars().count())
        .collect();
    let max = *lens.iter().max().unwrap_or(&0);
    if !(40..=100).contains(&max) {
        return false;
    }
    let near = lens.iter().filter(|&&n| n + 25 >= max).count();
    near * 10 >= lens.len() * 6
}

/// The rule that drops a unit outright, if one does.
pub fn rule(t: &str) -> Option<&'static str> {
    let t = t.trim();
    if t.is_empty() {
        return Some("empty");
    }
    if features::is_time(t) {
        return Some("time");
    }
    if features::is_counter(t) {
        return Some("counter");
    }
    let lower = t.to_lowercase();
    const EXACT: &[&str] = &[
        "ad",
        "ads",
        "advert",
        "advertisement",
        "advertisements",
        "advertising",
        "sponsored",
        "sponsored content",
        "paid content",
        "loading",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "print",
        "email",
        "e mail",
        "print this article",
        "email this article",
        "comments",
        "comment",
        "no comments",
        "post a comment",
        "leave a comment",
        "add a comment",
        "show comments",
        "view comments",
        "read more",
        "read next",
        "continue reading",
        "see more",
        "load more",
        "show more",
        "subscribe",
        "sign up",
        "sign in",
        "log in",
        "login",
        "register",
        "skip to content",
        "skip to main content",
        "skip navigation",
        "back to top",
        "menu",
        "close",
        "search",
        "advanced search",
        "related",
        "related articles",
        "related stories",
        "related content",
        "most read",
        "most popular",
        "trending",
        "you may also like",
        "recommended",
        "watch",
        "video",
        "play video",
        "listen",
        "listen to this article",
        "follow us",
        "newsletter",
        "accept",
        "accept all",
        "cookie settings",
        "top",
        "home",
        "next",
        "previous",
        "more",
    ];
    // The words joined, when there are few enough to be one of EXACT.
    let most = EXACT
        .iter()
        .map(|e| e.split(' ').count())
        .max()
        .unwrap_or(0);
    if features::words(&lower).nth(most).is_none() {
        let key: String = features::words(&lower).collect::<Vec<_>>().join(" ");
        if !key.is_empty() && EXACT.contains(&key.as_str()) {
            return Some("boilerplate");
        }
    }
    let n = features::words(t).count();
    const PREFIX: &[&str] = &[
        "reading time",
        "why you can trust",
        "we use cookies",
        "this site uses cookies",
        "this website uses cookies",
        "by continuing to use",
        "by using this site",
        "accept cookies",
        "click here",
        "follow us on",
        "sign up for",
        "sign up to",
        "subscribe to",
        "subscribe now",
        "share this",
        "share on",
        "join the conversation",
        "comments are closed",
        "you must be logged in",
        "all rights reserved",
        "copyright ©",
        "©",
        "photo:",
        "photos:",
        "photograph:",
        "image:",
        "credit:",
        "file photo",
        "related:",
        "read more:",
        "also read:",
        "read also:",
        "advertisement",
    ];
    if n <= 16 && PREFIX.iter().any(|p| lower.starts_with(p)) {
        return Some("prompt");
    }
    if n <= 3 && lower.ends_with(" ago") {
        return Some("timestamp");
    }
    None
}

/// The end of a unit once a trailing photo credit is cut off, or `None`
/// when there is none (offsets are relative to `t`).
pub fn credit_cut(t: &str) -> Option<usize> {
    let trimmed = t.trim_end();
    let lower = trimmed.to_lowercase();
    if lower.len() != trimmed.len() {
        return None; // lower-casing moved the offsets; leave such lines alone
    }
    // "(… photo by …)" or "(Photo: …)" at the end.
    if trimmed.ends_with(')')
        && let Some(open) = trimmed.rfind('(')
    {
        let inner = &lower[open..];
        if open > 0
            && (inner.contains("photo") || features::has_credit(inner))
            && features::words(inner).count() <= 14
        {
            return Some(open);
        }
    }
    const MARKS: &[&str] = &[
        " photo: ",
        " photos: ",
        " photograph: ",
        " picture: ",
        " image: ",
        " credit: ",
        " illustration: ",
        " photo by ",
        " photo/",
    ];
    let at = MARKS.iter().filter_map(|m| lower.rfind(m)).max()?;
    let tail = &lower[at..];
    if at > 0 && features::words(tail).count() <= 8 && !tail.contains(". ") {
        Some(at)
    } else {
        None
    }
}

/// The threshold of the recall mode ([`Cleaner::recall`]) that `dyad code`
/// uses: only units the model is sure are boilerplate are dropped.
pub const RECALL_THRESHOLD: f32 = 0.05;

/// The default prose guard: running prose scored at least this is kept
/// even below the threshold.
pub const PROSE_FLOOR: f32 = 0.15;

/// The flattened-text cleaner: rules, the model, and the repeat filter.
#[derive(Debug, Clone, Copy)]
pub struct Cleaner<'m> {
    model: &'m Model,
    threshold: f32,
    prose_floor: Option<f32>,
}

/// Whether a unit reads as running prose: ten words or more with many
/// function words ("the", "of", "to", …) and no `|` separators. Menus,
/// link lists, headline lists and bylines have few function words;
/// sentences have many, and long sentences full of names still have some.
pub fn is_prose(t: &str) -> bool {
    if t.contains('|') {
        return false;
    }
    let mut n = 0usize;
    let mut stop = 0usize;
    for w in features::words(t) {
        n += 1;
        if features::is_stop_any_case(w) {
            stop += 1;
        }
    }
    let ends = t.trim_end().ends_with(['.', '!', '?', '"', '”', '’']);
    n >= 10 && (stop * 10 >= n * 3 || (n >= 20 && stop * 20 >= n * 3) || (ends && stop * 5 >= n))
}

impl Default for Cleaner<'static> {
    fn default() -> Self {
        Cleaner::new(Model::builtin())
    }
}

/// Scratch results of the first stage, for training and for stage two.
pub(crate) struct Prepared<'a> {
    pub units: Vec<Unit<'a>>,
    pub cut: Vec<Option<usize>>,
    pub rules: Vec<Option<&'static str>>,
    /// The units with their credits cut off, as features see them.
    views: Vec<Unit<'a>>,
    /// Their facts (`key`: the repeat key of the unit's kept text).
    facts: Vec<Facts>,
    /// First-stage features (empty until [`Prepared::featurize`]).
    pub feats: Vec<Vec<String>>,
}

/// Cuts `text` into units and computes their rules and first-stage features.
pub(crate) fn prepare(text: &str) -> Prepared<'_> {
    let mut prep = prepare_rules(text);
    prep.featurize();
    prep
}

/// Cuts `text` into units and computes their rules and facts, not yet the
/// features.
fn prepare_rules(text: &str) -> Prepared<'_> {
    let units = units(text);
    let cut: Vec<Option<usize>> = units.iter().map(|u| credit_cut(u.text)).collect();
    // Features see the unit with its credit cut off.
    let views: Vec<Unit<'_>> = units
        .iter()
        .zip(&cut)
        .map(|(u, c)| Unit {
            text: &u.text[..c.unwrap_or(u.text.len())],
            ..u.clone()
        })
        .collect();
    let rules: Vec<Option<&'static str>> = views.iter().map(|u| rule(u.text)).collect();
    let facts: Vec<Facts> = features::facts(&views);
    Prepared {
        units,
        cut,
        rules,
        views,
        facts,
        feats: Vec::new(),
    }
}

impl Prepared<'_> {
    /// Computes the first-stage features of every unit.
    fn featurize(&mut self) {
        let (views, facts) = (&self.views, &self.facts);
        let ctx = Context::new(views, facts);
        self.feats = (0..views.len())
            .map(|i| {
                let mut f = Vec::with_capacity(64);
                features::unit_features(views, facts, &ctx, i, &mut f);
                f
            })
            .collect();
    }
}

fn pbin(p: f32) -> usize {
    ((p * 10.0) as usize).min(9)
}

/// Second-stage features: the first stage's scores of the unit and of the
/// units around it. `p` holds first-stage probabilities (0 for units a rule
/// dropped).
pub(crate) fn stage2_features(p: &[f32], i: usize, out: &mut Vec<String>) {
    let n = p.len();
    let get = |j: isize| -> Option<f32> {
        if j < 0 || j as usize >= n {
            None
        } else {
            Some(p[j as usize])
        }
    };
    out.push(format!("s1={}", pbin(p[i])));
    for d in [-2isize, -1, 1, 2] {
        match get(i as isize + d) {
            Some(x) => out.push(format!("s1{d:+}={}", pbin(x))),
            None => out.push(format!("s1{d:+}=none")),
        }
    }
    for w in [3usize, 10] {
        let lo = i.saturating_sub(w);
        let hi = (i + w + 1).min(n);
        let m =
            (lo..hi).filter(|&j| j != i).map(|j| p[j]).sum::<f32>() / ((hi - lo).max(2) - 1) as f32;
        out.push(format!("win{w}={}", pbin(m)));
        out.push(format!("win{w}&s1={}&{}", pbin(m), pbin(p[i])));
    }
    let before = p[..i].iter().cloned().fold(0.0f32, f32::max);
    let after = p[i + 1..].iter().cloned().fold(0.0f32, f32::max);
    out.push(format!("max_before={}", pbin(before)));
    out.push(format!("max_after={}", pbin(after)));
}

impl<'m> Cleaner<'m> {
    /// A cleaner with `model` at the model's own threshold.
    pub fn new(model: &'m Model) -> Cleaner<'m> {
        Cleaner {
            model,
            threshold: model.threshold,
            prose_floor: Some(PROSE_FLOOR),
        }
    }

    /// The same cleaner tuned for recall: it keeps every unit of running
    /// prose ([`is_prose`]) whatever its score, and other units from
    /// `threshold` up. For coding events, where a lost sentence is a lost
    /// event.
    pub fn recall(self, threshold: f32) -> Cleaner<'m> {
        Cleaner {
            threshold,
            prose_floor: Some(0.0),
            ..self
        }
    }

    /// The same cleaner with the prose guard set: running prose is kept
    /// when its score is at least `floor` (`None`: no guard).
    pub fn with_prose_floor(self, floor: Option<f32>) -> Cleaner<'m> {
        Cleaner {
            prose_floor: floor,
            ..self
        }
    }

    /// The same cleaner keeping units whose probability is at least
    /// `threshold` (lower keeps more: use a low one when losing a sentence
    /// costs more than keeping a menu line).
    pub fn with_threshold(self, threshold: f32) -> Cleaner<'m> {
        Cleaner { threshold, ..self }
    }

    /// The threshold in use.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Whether unit `i`, prose the model dropped, sits right after a unit
    /// the first stage liked and before another (or at the end of the
    /// text, as in a capture cut off mid-sentence): such a unit is body
    /// text the model was unsure of.
    fn between_kept(
        &self,
        prep: &Prepared<'_>,
        p1: &[f32],
        i: usize,
        text: &str,
        end: usize,
    ) -> bool {
        if self.prose_floor.is_none() || !is_prose(&text[prep.units[i].start..end]) {
            return false;
        }
        let good = |j: usize| prep.rules[j].is_none() && p1[j] >= self.threshold;
        let prev = (0..i).rev().find(|&j| prep.rules[j].is_none());
        let next = (i + 1..prep.units.len()).find(|&j| prep.rules[j].is_none());
        prev.is_some_and(good) && next.is_none_or(good)
    }

    /// Judges every unit of `text`.
    pub fn decide(&self, text: &str) -> Vec<Decision> {
        let mut prep = prepare_rules(text);
        // With two units or fewer there is no page around them to judge
        // by: keep what no rule drops (a one-sentence document is not a
        // menu). The model, and so the features, are not needed then.
        let few = prep.rules.iter().filter(|r| r.is_none()).count() <= 2;
        if !few {
            prep.featurize();
        }
        let p1: Vec<f32> = prep
            .feats
            .iter()
            .zip(&prep.rules)
            .map(|(f, r)| {
                if r.is_some() {
                    0.0
                } else {
                    sigmoid(dot(&self.model.stage1, f))
                }
            })
            .collect();
        let mut out = Vec::with_capacity(prep.units.len());
        let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
        let mut f2 = Vec::new();
        let mut dropped_before = false;
        for (i, u) in prep.units.iter().enumerate() {
            let end = u.start + prep.cut[i].unwrap_or(u.text.len());
            let (keep, score, reason) = if let Some(r) = prep.rules[i] {
                (false, 0.0, rule_reason(r))
            } else if few {
                (true, 1.0, "few")
            } else {
                f2.clear();
                f2.extend(prep.feats[i].iter().cloned());
                stage2_features(&p1, i, &mut f2);
                let p = sigmoid(dot(&self.model.stage2, &f2));
                if p >= self.threshold {
                    (true, p, "model")
                } else if self.prose_floor.is_some_and(|f| p >= f) && is_prose(&text[u.start..end])
                {
                    (true, p, "prose")
                } else {
                    (false, p, "model")
                }
            };
            let keep = keep
                || (reason == "model"
                    && prep.rules[i].is_none()
                    && self.between_kept(&prep, &p1, i, text, end));
            let reason = if keep && reason == "model" && score < self.threshold {
                "prose"
            } else {
                reason
            };
            let (keep, reason) = if keep {
                // The words of `text[u.start..end]`, lower-cased and
                // joined.
                let key = prep.facts[i].key.as_str();
                if key.contains(' ') && !seen.insert(key) {
                    (false, "repeat")
                } else {
                    (true, reason)
                }
            } else {
                (false, reason)
            };
            out.push(Decision {
                start: u.start,
                end,
                keep,
                score,
                reason,
                blank_before: u.blank_before || dropped_before,
            });
            dropped_before = !keep;
        }
        self.headline(text, &prep, &mut out);
        bullets(text, &prep, &mut out);
        out
    }

    /// Keeps the headline: the nearest title-like unit (4 to 25 words, not
    /// ending like a sentence) among the few units before the first kept
    /// one, when the model gave it some chance. Pages put the headline
    /// right above the standfirst or body, and it codes events too.
    fn headline(&self, text: &str, prep: &Prepared<'_>, out: &mut [Decision]) {
        if self.prose_floor.is_none() {
            return;
        }
        let Some(first) = out.iter().position(|d| d.keep) else {
            return;
        };
        let mut seen = 0;
        for i in (0..first).rev() {
            if prep.rules[i].is_some() {
                continue;
            }
            seen += 1;
            if seen > 3 {
                break;
            }
            let t = text[out[i].start..out[i].end].trim();
            let n = features::words(t).count();
            let sentence = t.ends_with(['.', '!', '?', ':', '|']);
            if (4..=25).contains(&n) && !sentence && out[i].score >= 0.05 && !t.contains('|') {
                out[i].keep = true;
                out[i].reason = "headline";
                if let Some(next) = out.get_mut(i + 1) {
                    next.blank_before = true;
                }
                return;
            }
        }
    }

    /// The article text of `text`: the kept units, verbatim, in order.
    pub fn clean(&self, text: &str) -> String {
        render(text, &self.decide(text))
    }
}

fn rule_reason(r: &'static str) -> &'static str {
    match r {
        "empty" => "rule:empty",
        "time" => "rule:time",
        "counter" => "rule:counter",
        "boilerplate" => "rule:boilerplate",
        "prompt" => "rule:prompt",
        "timestamp" => "rule:timestamp",
        _ => "rule",
    }
}

/// Keeps bullet standfirsts: a bullet line that reads as prose, next to a
/// kept bullet line, is the standfirst's next point ("• In a flurry of
/// calls, ... • Blinken has also spoken to ..."), however unsure the model
/// was of it.
fn bullets(text: &str, prep: &Prepared<'_>, out: &mut [Decision]) {
    let bullet = |d: &Decision| {
        text[d.start..d.end]
            .trim_start()
            .starts_with(['•', '·', '▪', '●', '■', '*', '–', '-'])
    };
    for _ in 0..3 {
        let mut changed = false;
        for i in 0..out.len() {
            let d = &out[i];
            if d.keep || d.reason != "model" || prep.rules[i].is_some() || !bullet(d) {
                continue;
            }
            let body = text[d.start..d.end]
                .trim_start()
                .trim_start_matches(['•', '·', '▪', '●', '■', '*', '–', '-']);
            let near = |j: Option<usize>| {
                j.and_then(|j| out.get(j))
                    .is_some_and(|n| n.keep && bullet(n))
            };
            if is_prose(body) && (near(i.checked_sub(1)) || near(Some(i + 1))) {
                out[i].keep = true;
                out[i].reason = "bullet";
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Joins the kept units of `text`: adjacent units by a newline, units with
/// a blank or dropped line between them by a blank line.
pub fn render(text: &str, decisions: &[Decision]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    for d in decisions.iter().filter(|d| d.keep) {
        if !first {
            out.push_str(if d.blank_before { "\n\n" } else { "\n" });
        }
        first = false;
        out.push_str(text[d.start..d.end].trim_end());
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Cleans `text` with the built-in model.
pub fn clean(text: &str) -> String {
    Cleaner::default().clean(text)
}
