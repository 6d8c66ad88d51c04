//! The lemmatizer: suffix rules plus an exception table, both learned from
//! the treebank and both stored as readable TSV files.
//!
//! A rule says "an `XPOS` word ending in `suffix` loses `strip` characters
//! and gains `append`" (`VBD ied 3 y`: *carried* → *carry*). For a word the
//! rule with the longest matching suffix wins. Rules are learned by counting,
//! for every tag and every suffix of up to six characters, which edit turns
//! the treebank's forms into their lemmas, and keeping a suffix only where
//! its most frequent edit differs from that of the next shorter suffix. The
//! exception table then holds exactly the training words the rules get
//! wrong (`went` → `go`, `'s`/`VBZ` → `be`), so the treebank is reproduced
//! and unseen words get the rule most words like them follow.
//!
//! Proper nouns keep their case (`Kabul`); other lemmas are lower-cased.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::features::{finish, fold_quote, hash_form, hash_lower, mix};

/// Longest suffix considered by the rules, in characters.
const MAX_SUFFIX: usize = 6;

/// One suffix rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    strip: usize,
    append: String,
}

/// A trained lemmatizer.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// (xpos, suffix) → rule, as learned and stored.
    rules: BTreeMap<(String, String), Rule>,
    /// (lower-cased form, xpos) → lemma, as learned and stored.
    exceptions: BTreeMap<(String, String), String>,
    /// The same, keyed by hashes so lookups allocate nothing.
    rule_index: FxHashMap<u64, (usize, Box<str>)>,
    exception_index: FxHashMap<u64, Box<str>>,
}

impl PartialEq for Lemmatizer {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules && self.exceptions == other.exceptions
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

fn exception_key(lower_form_hash: u64, xpos: &str) -> u64 {
    finish(mix(lower_form_hash, hash_form(xpos)))
}

/// Hashes of the lower-cased suffixes of length 0..=MAX_SUFFIX (as far as
/// the word is long), built from the end so no string is allocated.
fn suffix_hashes(form: &str) -> ([u64; MAX_SUFFIX + 1], usize) {
    let mut ring = ['\0'; MAX_SUFFIX];
    let mut n = 0usize;
    for c in form.chars() {
        for l in fold_quote(c).to_lowercase() {
            ring[n % MAX_SUFFIX] = l;
            n += 1;
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
    /// The lemma of `form` tagged `xpos` (`upos` decides the case).
    pub fn lemma(&self, form: &str, upos: crate::Upos, xpos: &str) -> String {
        let mut out = String::new();
        self.lemma_into(form, upos, xpos, &mut out);
        out
    }

    /// Appends the lemma of `form` to `out`, allocating nothing else.
    pub fn lemma_into(&self, form: &str, upos: crate::Upos, xpos: &str, out: &mut String) {
        if let Some(l) = self
            .exception_index
            .get(&exception_key(hash_lower(form), xpos))
        {
            out.push_str(l);
            return;
        }
        let proper = upos == crate::Upos::Propn;
        let start = out.len();
        push_normalized(out, form, proper);
        let (hashes, avail) = suffix_hashes(form);
        for len in (0..=avail).rev() {
            if let Some((strip, append)) = self.rule_index.get(&rule_key(xpos, hashes[len])) {
                let n_chars = out[start..].chars().count();
                if *strip < n_chars || (*strip == n_chars && !append.is_empty()) {
                    for _ in 0..*strip {
                        out.pop();
                    }
                    out.push_str(append);
                    return;
                }
            }
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
        self.exception_index = self
            .exceptions
            .iter()
            .map(|((f, x), l)| (exception_key(hash_lower(f), x), l.clone().into()))
            .collect();
    }

    /// Learns rules and exceptions from (form, upos, xpos, lemma) examples.
    pub fn train<'a>(
        examples: impl IntoIterator<Item = (&'a str, crate::Upos, &'a str, &'a str)>,
    ) -> Self {
        // (xpos, suffix) → edit → count; BTreeMaps keep the result
        // deterministic whatever the hash seeds.
        let mut counts: BTreeMap<(String, String), BTreeMap<(usize, String), u32>> =
            BTreeMap::new();
        let mut seen: BTreeMap<(String, String), (crate::Upos, BTreeMap<String, u32>)> =
            BTreeMap::new();
        for (form, upos, xpos, lemma) in examples {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            let proper = upos == crate::Upos::Propn;
            let base = normalize(form, proper);
            let lemma = normalize(lemma, proper);
            let edit = edit_of(&base, &lemma);
            let lower: Vec<char> = normalize(form, false).chars().collect();
            for len in 0..=MAX_SUFFIX.min(lower.len()) {
                let suffix: String = lower[lower.len() - len..].iter().collect();
                *counts
                    .entry((xpos.to_owned(), suffix))
                    .or_default()
                    .entry(edit.clone())
                    .or_default() += 1;
            }
            *seen
                .entry((normalize(form, false), xpos.to_owned()))
                .or_insert_with(|| (upos, BTreeMap::new()))
                .1
                .entry(lemma.clone())
                .or_default() += 1;
        }
        let best = |m: &BTreeMap<(usize, String), u32>| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(e, n)| (e.clone(), *n))
        };
        let mut rules = BTreeMap::new();
        for ((xpos, suffix), edits) in &counts {
            let Some(((strip, append), n)) = best(edits) else {
                continue;
            };
            if strip > suffix.chars().count() && !suffix.is_empty() {
                continue; // a rule must stay within its suffix
            }
            let parent = if suffix.is_empty() {
                None
            } else {
                let shorter: String = suffix.chars().skip(1).collect();
                counts
                    .get(&(xpos.clone(), shorter))
                    .and_then(best)
                    .map(|b| b.0)
            };
            let keep =
                parent.as_ref() != Some(&(strip, append.clone())) && (n >= 2 || suffix.is_empty());
            if keep {
                rules.insert((xpos.clone(), suffix.clone()), Rule { strip, append });
            }
        }
        let mut lem = Lemmatizer {
            rules,
            ..Default::default()
        };
        lem.index();
        // Exceptions: the treebank's majority lemma where the rules differ.
        for ((form, xpos), (upos, lemmas)) in &seen {
            let (lemma, _) = lemmas
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .unwrap();
            if *upos == crate::Upos::Propn {
                continue; // case-sensitive; rules on the form handle them
            }
            if lem.lemma(form, *upos, xpos) != *lemma {
                lem.exceptions
                    .insert((form.clone(), xpos.clone()), lemma.clone());
            }
        }
        lem.index();
        lem
    }

    /// Number of rules and of exceptions.
    pub fn size(&self) -> (usize, usize) {
        (self.rules.len(), self.exceptions.len())
    }

    /// The rules as TSV (`xpos suffix strip append`), sorted.
    pub fn rules_tsv(&self) -> String {
        let rows = self.rules.iter();
        let mut out = String::from(
            "# dyad lemma rules, learned from UD English EWT: xpos\\tsuffix\\tstrip\\tappend\n",
        );
        for ((x, s), r) in rows {
            let _ = writeln!(out, "{x}\t{s}\t{}\t{}", r.strip, r.append);
        }
        out
    }

    /// The exceptions as TSV (`form xpos lemma`), sorted.
    pub fn exceptions_tsv(&self) -> String {
        let rows = self.exceptions.iter();
        let mut out = String::from(
            "# dyad lemma exceptions, learned from UD English EWT: form\\txpos\\tlemma\n",
        );
        for ((f, x), l) in rows {
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
            if cols.len() != 4 {
                return Err(err(names.0, i + 1, "expected 4 tab-separated columns"));
            }
            let strip = cols[2]
                .parse()
                .map_err(|_| err(names.0, i + 1, "strip is not a number"))?;
            lem.rules.insert(
                (cols[0].to_owned(), cols[1].to_owned()),
                Rule {
                    strip,
                    append: cols[3].to_owned(),
                },
            );
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

/// Quote folding, and lower-casing unless `keep_case`.
fn normalize(s: &str, keep_case: bool) -> String {
    let mut out = String::with_capacity(s.len());
    push_normalized(&mut out, s, keep_case);
    out
}

fn push_normalized(out: &mut String, s: &str, keep_case: bool) {
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
    use crate::Upos;

    fn tiny() -> Lemmatizer {
        let data = [
            ("carried", Upos::Verb, "VBD", "carry"),
            ("married", Upos::Verb, "VBD", "marry"),
            ("worried", Upos::Verb, "VBD", "worry"),
            ("walked", Upos::Verb, "VBD", "walk"),
            ("talked", Upos::Verb, "VBD", "talk"),
            ("jumped", Upos::Verb, "VBD", "jump"),
            ("went", Upos::Verb, "VBD", "go"),
            ("talks", Upos::Noun, "NNS", "talk"),
            ("cats", Upos::Noun, "NNS", "cat"),
            ("Kabul", Upos::Propn, "NNP", "Kabul"),
        ];
        Lemmatizer::train(data)
    }

    #[test]
    fn learns_rules_that_generalise() {
        let l = tiny();
        assert_eq!(l.lemma("hurried", Upos::Verb, "VBD"), "hurry");
        assert_eq!(l.lemma("Parked", Upos::Verb, "VBD"), "park");
        assert_eq!(l.lemma("dogs", Upos::Noun, "NNS"), "dog");
        assert_eq!(l.lemma("went", Upos::Verb, "VBD"), "go");
        assert_eq!(l.lemma("Kandahar", Upos::Propn, "NNP"), "Kandahar");
    }

    #[test]
    fn tsv_round_trip() {
        let l = tiny();
        let back = Lemmatizer::from_tsv(&l.rules_tsv(), &l.exceptions_tsv(), ("r", "e")).unwrap();
        assert_eq!(back, l);
        let err = Lemmatizer::from_tsv("VBD\ted\tx\t\n", "", ("rules.tsv", "e")).unwrap_err();
        assert_eq!(err.to_string(), "rules.tsv:1: strip is not a number");
    }
}
