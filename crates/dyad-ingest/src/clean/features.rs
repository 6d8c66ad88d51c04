//! Features of one line of flattened page text, for the line classifier.
//!
//! A feature is a short readable string (`len=10-14`, `n-1:end=.`,
//! `b=advertisement`) so that the weights file written by training can be
//! read, diffed and reviewed by a person. Word features are single words:
//! no line or phrase of the pages the weights are learned from ends up in
//! the weights file. Three kinds:
//!
//! - the line alone: length, how it ends and starts, capitalisation,
//!   stop-word share, digits, separators, URLs, credits, counters and clock
//!   times, and for short lines the words themselves;
//! - the line in its page: blank lines around it, repetition
//!   (a caption printed twice), the run of short lines it sits in (menus and
//!   link lists come as runs), and whether it lies inside the span of long
//!   sentence-like lines that marks the article body;
//! - its neighbours: the length and ending of the two lines either side.
//!
//! There is deliberately no feature for the absolute position in the page:
//! on full pages the top and bottom are menus and footers, but text that
//! was already half-cleaned (a press release with one header line) starts
//! and ends with article sentences, and position features dropped them.
//!
//! The second stage of the classifier adds the first stage's scores of the
//! neighbouring lines (see [`super::text`]).

use rustc_hash::FxHashMap;

/// A unit of flattened text: one line, or several physical lines of one
/// hard-wrapped paragraph, classified together.
#[derive(Debug, Clone)]
pub struct Unit<'a> {
    /// The unit's text as in the input (lines joined by their `\n`).
    pub text: &'a str,
    /// Byte offset of the unit in the input.
    pub start: usize,
    /// Blank line(s) before this unit in the input.
    pub blank_before: bool,
}

/// Facts about a unit computed once and shared by the feature functions.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Number of words (`\w+` runs).
    pub words: usize,
    /// Number of characters, trimmed.
    pub chars: usize,
    /// How the unit ends (`.`, `!?`, `:`, `q.` for a quote after a stop, …).
    pub end: &'static str,
    /// How the unit starts (`upper`, `bullet`, `digit`, …).
    pub first: &'static str,
    /// Twelve words or more ending like a sentence.
    pub sentence_like: bool,
    /// Four words or fewer.
    pub short: bool,
    /// The words, lower-cased and joined by spaces: equal for repeats.
    pub key: String,
}

const STOP: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "had", "has", "have", "he", "her", "here",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "more", "most", "my",
    "no", "not", "now", "of", "on", "one", "only", "or", "other", "our", "out", "over", "said",
    "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "under", "up", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "will", "with", "would", "you", "your",
];

/// Whether a lower-cased word is an English function word.
pub fn is_stop(w: &str) -> bool {
    STOP.binary_search(&w).is_ok()
}

/// Whether a word of any case is an English function word:
/// `is_stop(&w.to_lowercase())`, without allocating for ASCII words.
pub fn is_stop_any_case(w: &str) -> bool {
    if !w.is_ascii() {
        return is_stop(&w.to_lowercase());
    }
    let mut buf = [0u8; 16];
    if w.len() > buf.len() {
        return false; // no function word is that long
    }
    let b = &mut buf[..w.len()];
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    // ASCII in, ASCII out.
    std::str::from_utf8(b).is_ok_and(is_stop)
}

/// Appends `w.to_lowercase()` to `out` (ASCII words without allocating).
pub fn push_lower(out: &mut String, w: &str) {
    if w.is_ascii() {
        let start = out.len();
        out.push_str(w);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&w.to_lowercase());
    }
}

/// The words of `t` lower-cased and joined by single spaces (the key
/// repeats are told by).
pub fn words_key(t: &str) -> String {
    let mut key = String::with_capacity(t.len());
    for (k, w) in words(t).enumerate() {
        if k > 0 {
            key.push(' ');
        }
        push_lower(&mut key, w);
    }
    key
}

/// Words as the benchmark scorer counts them: maximal runs of
/// alphanumeric characters (and `_`).
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

fn bin_words(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4 => "4",
        5..=6 => "5-6",
        7..=9 => "7-9",
        10..=14 => "10-14",
        15..=24 => "15-24",
        25..=49 => "25-49",
        _ => "50+",
    }
}

fn bin_share(x: f32) -> &'static str {
    if x <= 0.0 {
        "0"
    } else if x < 0.2 {
        "<.2"
    } else if x < 0.4 {
        "<.4"
    } else if x < 0.6 {
        "<.6"
    } else if x < 0.8 {
        "<.8"
    } else if x < 1.0 {
        "<1"
    } else {
        "1"
    }
}

fn end_class(t: &str) -> &'static str {
    let t = t.trim_end();
    let mut it = t.chars().rev();
    let Some(c) = it.next() else { return "none" };
    match c {
        '.' => {
            if t.ends_with("...") {
                "..."
            } else {
                "."
            }
        }
        '!' | '?' => "!?",
        ':' => ":",
        ';' | ',' => ",",
        '…' => "...",
        '"' | '”' | '’' | '\'' | '»' => match it.next() {
            Some('.' | '!' | '?' | ',') => "q.",
            _ => "q",
        },
        ')' | ']' => ")",
        '|' | '>' | '›' | '-' | '–' | '—' | '/' => "sep",
        c if c.is_numeric() => "digit",
        c if c.is_lowercase() => "lower",
        c if c.is_alphabetic() => "upper",
        _ => "other",
    }
}

fn first_class(t: &str) -> &'static str {
    let t = t.trim_start();
    let Some(c) = t.chars().next() else {
        return "none";
    };
    match c {
        '•' | '*' | '·' | '▪' | '●' | '■' | '◦' | '‣' => "bullet",
        '-' | '–' | '—' => "dash",
        '"' | '“' | '‘' | '\'' | '«' => "quote",
        '(' | '[' => "paren",
        '|' | '>' | '»' | '›' => "sep",
        c if c.is_numeric() => "digit",
        c if c.is_lowercase() => "lower",
        c if c.is_uppercase() => "upper",
        c if c.is_alphabetic() => "alpha",
        _ => "other",
    }
}

/// Computes the per-unit facts.
pub fn facts(units: &[Unit<'_>]) -> Vec<Facts> {
    units
        .iter()
        .map(|u| {
            let t = u.text.trim();
            let n = words(t).count();
            let end = end_class(t);
            let key = words_key(t);
            Facts {
                words: n,
                chars: t.chars().count(),
                end,
                first: first_class(t),
                sentence_like: n >= 12 && matches!(end, "." | "!?" | "q." | "q"),
                short: n <= 4,
                key,
            }
        })
        .collect()
}

/// Credit and caption markers: a photo or video credit, as a line or at the
/// end of a caption.
pub fn has_credit(lower: &str) -> bool {
    const MARKS: &[&str] = &[
        "photo:",
        "photos:",
        "photo by",
        "photograph:",
        "photographs:",
        "image:",
        "images:",
        "picture:",
        "credit:",
        "credits:",
        "video:",
        "getty images",
        "ap photo",
        "afp photo",
        "reuters/",
        "/reuters",
        "/afp",
        "/ap",
        "(ap)",
        "file photo",
        "photo credit",
        "illustration:",
    ];
    MARKS.iter().any(|m| lower.contains(m))
}

/// A clock time or duration alone ("03:24", "1:02:33", "12:57 p.m. EDT").
pub fn is_time(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    let mut groups = 0;
    loop {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s || i - s > 2 {
            return false;
        }
        groups += 1;
        if i < b.len() && b[i] == b':' {
            i += 1;
            continue;
        }
        break;
    }
    groups >= 2
}

/// A counter alone ("99+", "1,024", "12 comments" is not one).
pub fn is_counter(t: &str) -> bool {
    let t = t.trim_end_matches(['+', 'k', 'K', 'M']);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// Adds the features of unit `i` to `out`.
pub fn unit_features(
    units: &[Unit<'_>],
    facts: &[Facts],
    ctx: &Context,
    i: usize,
    out: &mut Vec<String>,
) {
    let u = &units[i];
    let f = &facts[i];
    let t = u.text.trim();
    let lower = t.to_lowercase();
    out.push("bias".into());
    let lb = bin_words(f.words);
    out.push(format!("len={lb}"));
    out.push(format!("end={}", f.end));
    out.push(format!("len&end={lb}&{}", f.end));
    out.push(format!("first={}", f.first));
    out.push(format!("first&end={}&{}", f.first, f.end));
    let chars = f.chars;
    out.push(format!(
        "chars={}",
        match chars {
            0..=3 => "0-3",
            4..=10 => "4-10",
            11..=20 => "11-20",
            21..=40 => "21-40",
            41..=80 => "41-80",
            81..=160 => "81-160",
            _ => "161+",
        }
    ));
    if f.words > 0 {
        let ws: Vec<&str> = words(t).collect();
        let caps = ws
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count() as f32
            / ws.len() as f32;
        let stop = ws.iter().filter(|w| is_stop_any_case(w)).count() as f32 / ws.len() as f32;
        out.push(format!("caps={}", bin_share(caps)));
        out.push(format!("stop={}", bin_share(stop)));
        out.push(format!("len&stop={lb}&{}", bin_share(stop)));
        out.push(format!("len&caps={lb}&{}", bin_share(caps)));
        let digits = t.chars().filter(char::is_ascii_digit).count() as f32 / chars.max(1) as f32;
        out.push(format!("digits={}", bin_share(digits * 2.0)));
        let feature = |name: &str, w: &str| {
            let mut s = String::with_capacity(name.len() + w.len());
            s.push_str(name);
            push_lower(&mut s, w);
            s
        };
        out.push(feature("fw=", ws[0]));
        out.push(feature("lw=", ws[ws.len() - 1]));
        // Single words only: no line or phrase of the pages the weights are
        // learned from is kept in them.
        if f.words <= 6 {
            for w in &ws {
                out.push(feature("b=", w));
            }
        }
    }
    if t.contains('|') {
        out.push("has=|".into());
    }
    if t.contains(['»', '›', '·', '•', '>']) {
        out.push("has=sep".into());
    }
    if lower.contains("http") || lower.contains("www.") || lower.contains(".com") {
        out.push("has=url".into());
    }
    if t.contains('@') {
        out.push("has=@".into());
    }
    if t.contains('©') || lower.contains("copyright") || lower.contains("all rights reserved") {
        out.push("has=copyright".into());
    }
    if has_credit(&lower) {
        out.push("has=credit".into());
    }
    if is_time(t) {
        out.push("is=time".into());
    }
    if is_counter(t) {
        out.push("is=counter".into());
    }
    // Repetition within the page.
    let reps = ctx.counts.get(&f.key).copied().unwrap_or(1);
    out.push(format!(
        "rep={}",
        match reps {
            0 | 1 => "1",
            2 => "2",
            _ => "3+",
        }
    ));
    if reps >= 2 {
        out.push(format!(
            "rep&len={}&{lb}",
            if ctx.first_of[i] { "first" } else { "later" }
        ));
    }
    if u.blank_before {
        out.push("blank_before".into());
    }
    if units.get(i + 1).is_some_and(|n| n.blank_before) || i + 1 == units.len() {
        out.push("blank_after".into());
    }
    // The run of lines without a blank line between them.
    let run = ctx.run_len[i];
    out.push(format!(
        "run={}",
        match run {
            1 => "1",
            2 => "2",
            3 => "3",
            4..=6 => "4-6",
            _ => "7+",
        }
    ));
    let lo = i.saturating_sub(3);
    let hi = (i + 4).min(units.len());
    let shorts = (lo..hi).filter(|&j| j != i && facts[j].short).count();
    out.push(format!("short_near={shorts}"));
    out.push(format!("short_near&len={shorts}&{lb}"));
    // The article span: between the first and last sentence-like lines.
    let region = match (ctx.first_sent, ctx.last_sent) {
        (Some(a), Some(_)) if i < a => "before",
        (Some(_), Some(b)) if i > b => "after",
        (Some(_), Some(_)) => "inside",
        _ => "nobody",
    };
    out.push(format!("region={region}"));
    out.push(format!("region&len={region}&{lb}"));
    let d = ctx.dist_sent[i];
    let db = match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        _ => "11+",
    };
    out.push(format!("dist_sent={db}"));
    out.push(format!("dist_sent&len={db}&{lb}"));
    // Neighbours.
    for d in [-2isize, -1, 1, 2] {
        let j = i as isize + d;
        if j < 0 || j as usize >= units.len() {
            out.push(format!("n{d}:none"));
            continue;
        }
        let g = &facts[j as usize];
        out.push(format!("n{d}:len={}", bin_words(g.words)));
        out.push(format!("n{d}:end={}", g.end));
        if d.abs() == 1 {
            out.push(format!("n{d}:len&len={}&{lb}", bin_words(g.words)));
        }
    }
}

/// Page-level facts the features of each unit look at.
#[derive(Debug, Default)]
pub struct Context {
    counts: FxHashMap<String, usize>,
    first_of: Vec<bool>,
    run_len: Vec<usize>,
    first_sent: Option<usize>,
    last_sent: Option<usize>,
    dist_sent: Vec<usize>,
}

impl Context {
    /// Computes the page-level facts.
    pub fn new(units: &[Unit<'_>], facts: &[Facts]) -> Context {
        let mut counts: FxHashMap<String, usize> = FxHashMap::default();
        let mut first_of = Vec::with_capacity(units.len());
        for f in facts {
            let c = counts.entry(f.key.clone()).or_insert(0);
            first_of.push(*c == 0);
            *c += 1;
        }
        let mut run_len = vec![1; units.len()];
        let mut s = 0;
        for i in 0..=units.len() {
            if i == units.len() || (i > s && units[i].blank_before) {
                for r in &mut run_len[s..i] {
                    *r = i - s;
                }
                s = i;
            }
        }
        let sents: Vec<usize> = (0..units.len())
            .filter(|&i| facts[i].sentence_like)
            .collect();
        let mut dist_sent = vec![usize::MAX; units.len()];
        let mut last: Option<usize> = None;
        for i in 0..units.len() {
            if facts[i].sentence_like {
                last = Some(i);
            }
            if let Some(l) = last {
                dist_sent[i] = i - l;
            }
        }
        last = None;
        for i in (0..units.len()).rev() {
            if facts[i].sentence_like {
                last = Some(i);
            }
            if let Some(l) = last {
                dist_sent[i] = dist_sent[i].min(l - i);
            }
        }
        Context {
            counts,
            first_of,
            run_len,
            first_sent: sents.first().copied(),
            last_sent: sents.last().copied(),
            dist_sent,
        }
    }
}
