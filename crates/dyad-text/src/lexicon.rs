//! Word lists compiled in from `data/*.txt`.
//!
//! The knowledge the tokenizer and splitter need (abbreviations, sentence
//! starters, hyphen prefixes, ...) lives in plain text files next to the
//! crate so it can be reviewed and extended without reading Rust. They are
//! embedded with `include_str!` and parsed once, on first use.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// How an abbreviation behaves at a possible sentence end (see
/// `data/abbreviations.txt` for the groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Precedes a name (`Gen.`): never ends a sentence by itself.
    Title,
    /// Precedes a number or date (`No.`, `Jan.`): ends a sentence only before
    /// a clear sentence starter.
    Number,
    /// May end a sentence (`Inc.`, `U.S.`, initials): ends it before a clear
    /// sentence starter.
    General,
    /// Usually closes a phrase (`etc.`) or precedes a number (`Sept.`): ends
    /// a sentence before any capital.
    End,
}

/// Longest key we look up case-insensitively; longer words skip the lookup.
const MAX_KEY: usize = 16;

/// All compiled-in word lists.
pub(crate) struct Lexicon {
    /// Capitalised entries (and their all-capitals forms), key without the
    /// final period.
    abbrev_exact: FxHashMap<Box<str>, AbbrevClass>,
    /// Lower-case entries, matched case-insensitively, key lower-cased.
    abbrev_lower: FxHashMap<Box<[u8]>, AbbrevClass>,
    starters: FxHashSet<Box<str>>,
    prefixes: FxHashSet<Box<[u8]>>,
    suffixes: FxHashSet<Box<[u8]>>,
    /// Lower-cased whole word → byte offset of the split.
    contractions: FxHashMap<Box<[u8]>, usize>,
    /// Bitmask over `b'a'..=b'z'` of the last letters of `contractions`, a
    /// cheap filter that keeps most words away from the hash lookup.
    contraction_last: u32,
    units: FxHashSet<Box<[u8]>>,
    continuations: FxHashSet<Box<[u8]>>,
}

/// The lexicon, parsed on first use.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Non-empty, non-comment lines of a data file, trimmed.
fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lower_box(s: &str) -> Box<[u8]> {
    s.as_bytes().to_ascii_lowercase().into_boxed_slice()
}

/// ASCII-lowercases `s` into `buf`; `None` when too long to be a key.
#[inline]
fn lower_key<'b>(s: &[u8], buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    if s.len() > MAX_KEY {
        return None;
    }
    let out = &mut buf[..s.len()];
    out.copy_from_slice(s);
    out.make_ascii_lowercase();
    Some(out)
}

impl Lexicon {
    fn load() -> Self {
        let mut lex = Lexicon {
            abbrev_exact: FxHashMap::default(),
            abbrev_lower: FxHashMap::default(),
            starters: FxHashSet::default(),
            prefixes: FxHashSet::default(),
            suffixes: FxHashSet::default(),
            contractions: FxHashMap::default(),
            contraction_last: 0,
            units: FxHashSet::default(),
            continuations: FxHashSet::default(),
        };

        let mut class = AbbrevClass::General;
        for line in lines(include_str!("../data/abbreviations.txt")) {
            match line {
                "[title]" => class = AbbrevClass::Title,
                "[number]" => class = AbbrevClass::Number,
                "[general]" => class = AbbrevClass::General,
                "[end]" => class = AbbrevClass::End,
                _ => {
                    let key = line.strip_suffix('.').unwrap_or(line);
                    if key.starts_with(|c: char| c.is_ascii_lowercase()) {
                        lex.abbrev_lower.entry(lower_box(key)).or_insert(class);
                    } else {
                        lex.abbrev_exact.entry(key.into()).or_insert(class);
                        let upper = key.to_ascii_uppercase();
                        lex.abbrev_exact.entry(upper.into()).or_insert(class);
                    }
                }
            }
        }

        lex.starters = lines(include_str!("../data/sentence_starters.txt"))
            .map(Into::into)
            .collect();

        let mut suffix = false;
        for line in lines(include_str!("../data/hyphen_affixes.txt")) {
            match line {
                "[prefix]" => suffix = false,
                "[suffix]" => suffix = true,
                _ if suffix => {
                    lex.suffixes.insert(lower_box(line));
                }
                _ => {
                    lex.prefixes.insert(lower_box(line));
                }
            }
        }

        for line in lines(include_str!("../data/contractions.txt")) {
            if let Some((a, b)) = line.split_once('|') {
                let word = format!("{a}{b}");
                if let Some(&last) = word.as_bytes().last() {
                    let last = last.to_ascii_lowercase();
                    if last.is_ascii_lowercase() {
                        lex.contraction_last |= 1 << (last - b'a');
                    }
                }
                lex.contractions.insert(lower_box(&word), a.len());
            }
        }

        lex.units = lines(include_str!("../data/units.txt"))
            .map(lower_box)
            .collect();
        lex.continuations = lines(include_str!("../data/line_continuations.txt"))
            .map(lower_box)
            .collect();
        lex
    }

    /// The class of abbreviation `word` (given without its final period).
    pub(crate) fn abbrev(&self, word: &str) -> Option<AbbrevClass> {
        if word.len() > MAX_KEY {
            return None;
        }
        if let Some(&c) = self.abbrev_exact.get(word) {
            return Some(c);
        }
        let mut buf = [0; MAX_KEY];
        let key = lower_key(word.as_bytes(), &mut buf)?;
        self.abbrev_lower.get(key).copied()
    }

    /// Whether `word` (exact case) shows that a new sentence has begun.
    #[inline]
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        word.len() <= MAX_KEY && self.starters.contains(word)
    }

    /// Whether a hyphen after `left` stays inside the word (`non-binding`).
    #[inline]
    pub(crate) fn is_hyphen_prefix(&self, left: &[u8]) -> bool {
        let mut buf = [0; MAX_KEY];
        lower_key(left, &mut buf).is_some_and(|k| self.prefixes.contains(k))
    }

    /// Whether a hyphen before `right` stays inside the word (`career-wise`).
    #[inline]
    pub(crate) fn is_hyphen_suffix(&self, right: &[u8]) -> bool {
        let mut buf = [0; MAX_KEY];
        lower_key(right, &mut buf).is_some_and(|k| self.suffixes.contains(k))
    }

    /// Where to split an apostrophe-less contraction (`gonna` → 3).
    #[inline]
    pub(crate) fn contraction_split(&self, word: &[u8]) -> Option<usize> {
        let last = word.last()?.to_ascii_lowercase();
        if !last.is_ascii_lowercase() || self.contraction_last & (1 << (last - b'a')) == 0 {
            return None;
        }
        let mut buf = [0; MAX_KEY];
        let key = lower_key(word, &mut buf)?;
        self.contractions.get(key).copied()
    }

    /// Whether a letter suffix glued to a number is a unit (`5pm`, `35mm`).
    #[inline]
    pub(crate) fn is_unit(&self, suffix: &[u8]) -> bool {
        let mut buf = [0; MAX_KEY];
        lower_key(suffix, &mut buf).is_some_and(|k| self.units.contains(k))
    }

    /// Whether a line ending in `word` was probably hard-wrapped mid-sentence.
    #[inline]
    pub(crate) fn is_continuation(&self, word: &[u8]) -> bool {
        let mut buf = [0; MAX_KEY];
        lower_key(word, &mut buf).is_some_and(|k| self.continuations.contains(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let lex = &*LEXICON;
        assert_eq!(lex.abbrev("Gen"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbrev("GEN"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbrev("gen"), None);
        assert_eq!(lex.abbrev("Sept"), Some(AbbrevClass::End));
        assert_eq!(lex.abbrev("No"), Some(AbbrevClass::Number));
        assert_eq!(lex.abbrev("Etc"), Some(AbbrevClass::End));
        assert_eq!(lex.abbrev("approx"), Some(AbbrevClass::General));
        assert!(lex.is_starter("The"));
        assert!(!lex.is_starter("the"));
        assert!(lex.is_hyphen_prefix(b"Non"));
        assert!(!lex.is_hyphen_prefix(b"war"));
        assert_eq!(lex.contraction_split(b"Gonna"), Some(3));
        assert_eq!(lex.contraction_split(b"cannot"), Some(3));
        assert_eq!(lex.contraction_split(b"lets"), None);
        assert!(lex.is_unit(b"PM"));
        assert!(lex.is_continuation(b"The"));
    }
}
