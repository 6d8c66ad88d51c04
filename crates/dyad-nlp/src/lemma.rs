//! The lemmatizer: suffix rules, case rules and an exception table, all
//! learned from the treebank and stored as readable TSV files.
//!
//! A suffix rule says "a lower-cased `XPOS` word ending in `suffix` loses
//! `strip` characters and gains `append`" (`VBD ied 3 y`: *carried* →
//! *carry*). For a word the rule with the longest matching suffix wins.
//! Rules are learned by counting, for every tag and every suffix of up to
//! six characters, which edit turns the treebank's forms into their lemmas,
//! and keeping a suffix only where its most frequent edit differs from that
//! of the next shorter suffix.
//!
//! A case rule says whether a word of a tag and a shape (`Title`, `UPPER`),
//! at the start of the sentence or not, keeps its case in the lemma: proper
//! nouns and proper adjectives do (*Kabul*, *Iraqi*), a capitalised word
//! opening a sentence does not (*The* → *the*).
//!
//! The exception table then holds exactly the training words the rules get
//! wrong (`went` → `go`, `'s`/`VBZ` → `be`, `me` → `I`), so the treebank is
//! reproduced and unseen words get the rule most words like them follow.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::features::{finish, fold_quote, hash_form, hash_lower, mix};

/// Longest suffix considered by the rules, in characters.
const MAX_SUFFIX: usize = 6;

/// How often each (strip, append) edit was seen.
type EditCounts = BTreeMap<(usize, String), u32>;

/// One suffix rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    strip: usize,
    append: String,
}

/// A word's capitalisation, as case rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Lower,
    Title,
    Upper,
    Mixed,
}

impl Shape {
    fn of(form: &str) -> Shape {
        let mut letters = 0;
        let mut uppers = 0;
        let mut first_upper = false;
        for (i, c) in form.chars().enumerate() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    uppers += 1;
                    if i == 0 {
                        first_upper = true;
                    }
                }
            }
        }
        match () {
            _ if uppers == 0 => Shape::Lower,
            _ if uppers == letters && letters > 1 => Shape::Upper,
            _ if first_upper && uppers == 1 => Shape::Title,
            _ => Shape::Mixed,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Lower => "lower",
            Shape::Title => "title",
            Shape::Upper => "upper",
            Shape::Mixed => "mixed",
        }
    }

    fn parse(s: &str) -> Option<Shape> {
        [Shape::Lower, Shape::Title, Shape::Upper, Shape::Mixed]
            .into_iter()
            .find(|x| x.name() == s)
    }
}

/// A trained lemmatizer.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// (xpos, suffix) → rule, as learned and stored.
    rules: BTreeMap<(String, String), Rule>,
    /// (xpos, shape, sentence-initial) whose words keep their case.
    keep_case: BTreeMap<(String, Shape, bool), ()>,
    /// (lower-cased form, xpos) → lemma, verbatim.
    exceptions: BTreeMap<(String, String), String>,
    /// The same, keyed by hashes so lookups allocate nothing.
    rule_index: FxHashMap<u64, (usize, Box<str>)>,
    case_index: FxHashMap<u64, ()>,
    exception_index: FxHashMap<u64, Box<str>>,
}

impl PartialEq for Lemmatizer {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules
            && self.keep_case == other.keep_case
            && self.exceptions == other.exceptions
    }
}

/// A lemmatizer file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LemmaFileError {
    /// Which file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn rule_key(xpos: &str, suffix_hash: u64) -> u64 {
    finish(mix(hash_form(xpos), suffix_hash))
}

fn case_key(xpos: &str, shape: Shape, initial: bool) -> u64 {
    finish(mix(mix(hash_form(xpos), shape as u64 + 11), initial as u64))
}

fn exception_key(lower_form_hash: u64, xpos: &str) -> u64 {
    finish(mix(lower_form_hash, hash_form(xpos)))
}

/// Hashes of the lower-cased suffixes of length 0..=MAX_SUFFIX (as far as
/// the word is long), built from the end so no string is allocated.
fn suffix_hashes(form: &str) -> ([u64; MAX_SUFFIX + 1], usize) {
    let mut ring = ['\0'; MAX_SUFFIX];
    let mut n = 0usize;
    if form.is_ascii() {
        // One character a byte, lower-cased the ASCII way.
        for b in form.bytes() {
            ring[n % MAX_SUFFIX] = fold_quote(char::from(b.to_ascii_lowercase()));
            n += 1;
        }
    } else {
        for c in form.chars() {
            for l in fold_quote(c).to_lowercase() {
                ring[n % MAX_SUFFIX] = l;
                n += 1;
            }
        }
    }
    let mut out = [0u64; MAX_SUFFIX + 1];
    let mut h = 0x5u64;
    out[0] = h;
    let avail = n.min(MAX_SUFFIX);
    for k in 0..avail {
        h = mix(h, ring[(n - 1 - k) % MAX_SUFFIX] as u64);
        out[k + 1] = h;
    }
    (out, avail)
}

fn suffix_hash_of(suffix: &str) -> u64 {
    let chars: Vec<char> = suffix.chars().collect();
    chars.iter().rev().fold(0x5u64, |h, c| mix(h, *c as u64))
}

impl Lemmatizer {
    /// The lemma of `form` tagged `xpos`; `initial` says whether the word
    /// opens its sentence (a capital there usually says nothing).
    pub fn lemma(&self, form: &str, xpos: &str, initial: bool) -> String {
        let mut out = String::new();
        self.lemma_into(form, xpos, initial, &mut out);
        out
    }

    /// Appends the lemma of `form` to `out`, allocating nothing else.
    pub fn lemma_into(&self, form: &str, xpos: &str, initial: bool, out: &mut String) {
        if let Some(l) = self
            .exception_index
            .get(&exception_key(hash_lower(form), xpos))
        {
            out.push_str(l);
            return;
        }
        let start = out.len();
        push_normalized(out, form, false);
        let (hashes, avail) = suffix_hashes(form);
        for len in (0..=avail).rev() {
            if let Some((strip, append)) = self.rule_index.get(&rule_key(xpos, hashes[len])) {
                let n_chars = out[start..].chars().count();
                // A proper noun is expanded only when it is the whole
                // abbreviation ("Nov" → November), never a name that ends
                // like one ("Lavrov").
                let expands = append.chars().count() > *strip;
                if expands && xpos.starts_with("NNP") && len < n_chars {
                    continue;
                }
                if *strip < n_chars || (*strip == n_chars && !append.is_empty()) {
                    for _ in 0..*strip {
                        out.pop();
                    }
                    out.push_str(append);
                    break;
                }
            }
        }
        let shape = Shape::of(form);
        if shape != Shape::Lower
            && self
                .case_index
                .contains_key(&case_key(xpos, shape, initial))
        {
            restore_case(out, start, form, shape);
        }
    }

    fn index(&mut self) {
        self.rule_index = self
            .rules
            .iter()
            .map(|((x, s), r)| {
                (
                    rule_key(x, suffix_hash_of(s)),
                    (r.strip, r.append.clone().into()),
                )
            })
            .collect();
        self.case_index = self
            .keep_case
            .keys()
            .map(|(x, s, i)| (case_key(x, *s, *i), ()))
            .collect();
        self.exception_index = self
            .exceptions
            .iter()
            .map(|((f, x), l)| (exception_key(hash_lower(f), x), l.clone().into()))
            .collect();
    }

    /// Learns the rules and exceptions from (form, xpos, lemma, initial)
    /// examples, `initial` meaning the word opens its sentence.
    pub fn train<'a>(
        examples: impl IntoIterator<Item = (&'a str, &'a str, &'a str, bool)>,
    ) -> Self {
        // BTreeMaps keep the result deterministic whatever the hash seeds.
        let mut counts: BTreeMap<(String, String), EditCounts> = BTreeMap::new();
        let mut case: BTreeMap<(String, Shape, bool), (u32, u32)> = BTreeMap::new();
        // (lower-cased form, xpos) → (form, initial, lemma) → count.
        type Uses = BTreeMap<(String, bool, String), u32>;
        let mut seen: BTreeMap<(String, String), Uses> = BTreeMap::new();
        for (form, xpos, lemma, initial) in examples {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            let lower_form = normalize(form, false);
            let lower_lemma = normalize(lemma, false);
            let edit = edit_of(&lower_form, &lower_lemma);
            let chars: Vec<char> = lower_form.chars().collect();
            for len in 0..=MAX_SUFFIX.min(chars.len()) {
                let suffix: String = chars[chars.len() - len..].iter().collect();
                *counts
                    .entry((xpos.to_owned(), suffix))
                    .or_default()
                    .entry(edit.clone())
                    .or_default() += 1;
            }
            let shape = Shape::of(form);
            if shape != Shape::Lower {
                let e = case.entry((xpos.to_owned(), shape, initial)).or_default();
                if normalize(lemma, true) != lower_lemma {
                    e.0 += 1; // the lemma kept a capital
                } else {
                    e.1 += 1;
                }
            }
            *seen
                .entry((lower_form, xpos.to_owned()))
                .or_default()
                .entry((normalize(form, true), initial, normalize(lemma, true)))
                .or_default() += 1;
        }
        let best = |m: &EditCounts| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(e, n)| (e.clone(), *n))
        };
        // Shorter suffixes first, so that a suffix is compared with the rule
        // a lookup would otherwise fall back to.
        let mut by_len: Vec<(&(String, String), &EditCounts)> = counts.iter().collect();
        by_len.sort_by_key(|((x, s), _)| (s.chars().count(), x.clone(), s.clone()));
        let mut rules: BTreeMap<(String, String), Rule> = BTreeMap::new();
        for ((xpos, suffix), edits) in by_len {
            let Some(((strip, append), n)) = best(edits) else {
                continue;
            };
            let fallback = (1..=suffix.chars().count()).find_map(|skip| {
                let shorter: String = suffix.chars().skip(skip).collect();
                rules.get(&(xpos.clone(), shorter))
            });
            let differs = fallback.is_none_or(|r| (r.strip, &r.append) != (strip, &append));
            if differs && (n >= 2 || suffix.is_empty()) {
                rules.insert((xpos.clone(), suffix.clone()), Rule { strip, append });
            }
        }
        let keep_case = case
            .into_iter()
            .filter(|(_, (keep, lower))| keep > lower)
            .map(|(k, _)| (k, ()))
            .collect();
        let mut lem = Lemmatizer {
            rules,
            keep_case,
            ..Default::default()
        };
        lem.index();
        // Exceptions: a word's majority lemma, verbatim, wherever it gets
        // more of the word's uses right than the rules do.
        let mut exceptions = BTreeMap::new();
        for ((form, xpos), uses) in &seen {
            let by_rules: u32 = uses
                .iter()
                .filter(|((f, initial, l), _)| lem.lemma(f, xpos, *initial) == *l)
                .map(|(_, n)| *n)
                .sum();
            let mut by_lemma: BTreeMap<&str, u32> = BTreeMap::new();
            for ((_, _, l), n) in uses {
                *by_lemma.entry(l).or_default() += n;
            }
            let (lemma, &n) = by_lemma
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .unwrap();
            if n > by_rules {
                exceptions.insert((form.clone(), xpos.clone()), (*lemma).to_owned());
            }
        }
        lem.exceptions = exceptions;
        lem.index();
        lem
    }

    /// Number of suffix rules and of exceptions.
    pub fn size(&self) -> (usize, usize) {
        (self.rules.len(), self.exceptions.len())
    }

    /// The suffix and case rules as TSV, sorted.
    pub fn rules_tsv(&self) -> String {
        let mut out = String::from(
            "# dyad lemma rules, learned from UD English EWT.\n\
             # suffix\\txpos\\tsuffix\\tstrip\\tappend: a lower-cased word of the tag ending\n\
             #   in the suffix loses `strip` characters and gains `append`.\n\
             # case\\txpos\\tshape\\tinitial: words of the tag and shape (title, upper,\n\
             #   mixed), sentence-initial (1) or not (0), keep their case.\n",
        );
        for ((x, s), r) in &self.rules {
            let _ = writeln!(out, "suffix\t{x}\t{s}\t{}\t{}", r.strip, r.append);
        }
        for (x, s, i) in self.keep_case.keys() {
            let _ = writeln!(out, "case\t{x}\t{}\t{}", s.name(), *i as u8);
        }
        out
    }

    /// The exceptions as TSV (`form xpos lemma`), sorted.
    pub fn exceptions_tsv(&self) -> String {
        let mut out = String::from(
            "# dyad lemma exceptions, learned from UD English EWT: lower-cased form\\txpos\\tlemma\n",
        );
        for ((f, x), l) in &self.exceptions {
            let _ = writeln!(out, "{f}\t{x}\t{l}");
        }
        out
    }

    /// Reads the two TSV files back; `names` label errors.
    pub fn from_tsv(
        rules: &str,
        exceptions: &str,
        names: (&str, &str),
    ) -> Result<Self, LemmaFileError> {
        let mut lem = Lemmatizer::default();
        let err = |file: &str, line: usize, message: &str| LemmaFileError {
            file: file.to_owned(),
            line,
            message: message.to_owned(),
        };
        for (i, line) in rules.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["suffix", xpos, suffix, strip, append] => {
                    let strip = strip
                        .parse()
                        .map_err(|_| err(names.0, i + 1, "strip is not a number"))?;
                    lem.rules.insert(
                        ((*xpos).to_owned(), (*suffix).to_owned()),
                        Rule {
                            strip,
                            append: (*append).to_owned(),
                        },
                    );
                }
                ["case", xpos, shape, initial] => {
                    let shape =
                        Shape::parse(shape).ok_or_else(|| err(names.0, i + 1, "unknown shape"))?;
                    let initial = match *initial {
                        "0" => false,
                        "1" => true,
                        _ => return Err(err(names.0, i + 1, "initial must be 0 or 1")),
                    };
                    lem.keep_case
                        .insert(((*xpos).to_owned(), shape, initial), ());
                }
                _ => {
                    return Err(err(
                        names.0,
                        i + 1,
                        "expected `suffix` with 4 fields or `case` with 3, tab-separated",
                    ));
                }
            }
        }
        for (i, line) in exceptions.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(err(names.1, i + 1, "expected 3 tab-separated columns"));
            }
            lem.exceptions
                .insert((cols[0].to_owned(), cols[1].to_owned()), cols[2].to_owned());
        }
        lem.index();
        Ok(lem)
    }
}

/// Gives the lemma at `out[start..]` (lower-cased) the capitals of `form`.
fn restore_case(out: &mut String, start: usize, form: &str, shape: Shape) {
    let lemma = out.split_off(start);
    match shape {
        Shape::Upper => out.extend(lemma.chars().flat_map(char::to_uppercase)),
        Shape::Title => {
            let mut chars = lemma.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
            }
            out.extend(chars);
        }
        Shape::Mixed | Shape::Lower => {
            // Mixed case (`McCain`, `iPhone`): copy the form's letters where
            // the lemma still spells the form.
            let mut f = form.chars();
            for c in lemma.chars() {
                match f.next() {
                    Some(fc) if fc.to_lowercase().eq(c.to_lowercase()) => out.push(fc),
                    _ => out.push(c),
                }
            }
        }
    }
}

/// Quote folding, and lower-casing unless `keep_case`.
fn normalize(s: &str, keep_case: bool) -> String {
    let mut out = String::with_capacity(s.len());
    push_normalized(&mut out, s, keep_case);
    out
}

fn push_normalized(out: &mut String, s: &str, keep_case: bool) {
    // Nearly every word is ASCII without a backtick (the one ASCII
    // character `fold_quote` changes): copy it and lower-case it in place.
    if s.is_ascii() && !s.contains('`') {
        let start = out.len();
        out.push_str(s);
        if !keep_case {
            out[start..].make_ascii_lowercase();
        }
        return;
    }
    for c in s.chars() {
        let c = fold_quote(c);
        if keep_case {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The (strip, append) edit turning `form` into `lemma`.
fn edit_of(form: &str, lemma: &str) -> (usize, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    (f.len() - common, l[common..].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Lemmatizer {
        let data = [
            ("carried", "VBD", "carry", false),
            ("married", "VBD", "marry", false),
            ("worried", "VBD", "worry", false),
            ("walked", "VBD", "walk", false),
            ("talked", "VBD", "talk", false),
            ("jumped", "VBD", "jump", false),
            ("went", "VBD", "go", false),
            ("talks", "NNS", "talk", false),
            ("cats", "NNS", "cat", false),
            ("Kabul", "NNP", "Kabul", false),
            ("Paris", "NNP", "Paris", true),
            ("The", "DT", "the", true),
            ("me", "PRP", "I", false),
            ("i", "PRP", "I", false),
            ("Iraqi", "JJ", "Iraqi", false),
            ("Syrian", "JJ", "Syrian", false),
        ];
        Lemmatizer::train(data)
    }

    #[test]
    fn learns_rules_that_generalise() {
        let l = tiny();
        assert_eq!(l.lemma("hurried", "VBD", false), "hurry");
        assert_eq!(l.lemma("Parked", "VBD", true), "park");
        assert_eq!(l.lemma("dogs", "NNS", false), "dog");
        assert_eq!(l.lemma("went", "VBD", false), "go");
    }

    #[test]
    fn learns_case() {
        let l = tiny();
        assert_eq!(l.lemma("Kandahar", "NNP", false), "Kandahar");
        assert_eq!(l.lemma("Kandahar", "NNP", true), "Kandahar");
        assert_eq!(l.lemma("Afghan", "JJ", false), "Afghan");
        assert_eq!(l.lemma("The", "DT", true), "the");
        assert_eq!(l.lemma("me", "PRP", false), "I");
        assert_eq!(l.lemma("I", "PRP", true), "I");
    }

    #[test]
    fn tsv_round_trip() {
        let l = tiny();
        let back = Lemmatizer::from_tsv(&l.rules_tsv(), &l.exceptions_tsv(), ("r", "e")).unwrap();
        assert_eq!(back, l);
        assert_eq!(back.lemma("Afghan", "JJ", false), "Afghan");
        let err =
            Lemmatizer::from_tsv("suffix\tVBD\ted\tx\t\n", "", ("rules.tsv", "e")).unwrap_err();
        assert_eq!(err.to_string(), "rules.tsv:1: strip is not a number");
        let err = Lemmatizer::from_tsv("VBD\ted\t2\t\n", "", ("rules.tsv", "e")).unwrap_err();
        assert!(
            err.to_string().starts_with("rules.tsv:1: expected"),
            "{err}"
        );
    }
}
