//! Finding knowledge-base names in a sentence's tokens with one automaton.
//!
//! Every surface form of every entry is tokenized by `dyad-text`, exactly
//! as sentences are, lower-cased and joined with single spaces, with a space
//! at each end: `" nato 's secretary general "`. A sentence is keyed the
//! same way, so a match in the key string is always a whole run of tokens,
//! and one pass of a double-array Aho-Corasick automaton (`daachorse`)
//! finds every name in it, however many names the knowledge base holds.
//!
//! Matching ignores case; each (form, entry) pair then keeps its own case
//! demand: a form token that starts with a capital (`Turkey`, `Chad`, the
//! `Qaeda` of `al-Qaeda`) only matches a token that does too, so *turkey*
//! the bird and *us* the pronoun are never countries. Role nouns are
//! written in lower case and match in any case.
//!
//! All candidates are returned, overlapping ones included: choosing between
//! *South China Sea* and *China* is the caller's business.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

/// One way an entry can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    entry: u32,
    /// Bit `i` set: token `i` of the match must start with a capital.
    capitals: u64,
}

/// An entry found in a sentence: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entry's id in its knowledge base.
    pub entry: u32,
}

/// An automaton over the surface forms of a set of entries.
pub struct Matcher {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    postings: Vec<Vec<Posting>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.postings.len())
            .finish()
    }
}

/// A sentence keyed for matching: build it once with
/// [`MatchScratch::prepare`], then run any number of matchers over it.
#[derive(Debug, Default, Clone)]
pub struct MatchScratch {
    key: String,
    /// Byte offset in `key` where each token's text starts.
    starts: Vec<u32>,
    /// Token index + 1 at the byte offset of the space before it (0: none).
    token_at: Vec<u32>,
}

impl MatchScratch {
    /// Keys `tokens` (their `norm` forms).
    pub fn prepare(&mut self, tokens: &[&str]) {
        self.key.clear();
        self.starts.clear();
        self.key.push(' ');
        for t in tokens {
            self.starts.push(self.key.len() as u32);
            push_key(&mut self.key, t);
            self.key.push(' ');
        }
        self.starts.push(self.key.len() as u32);
        self.token_at.clear();
        self.token_at.resize(self.key.len() + 1, 0);
        for (i, &s) in self.starts[..tokens.len()].iter().enumerate() {
            self.token_at[s as usize - 1] = i as u32 + 1;
        }
    }
}

/// The key of a token: lower-cased; whitespace (which a token never holds,
/// but control characters might) becomes a placeholder so keys stay
/// aligned. ASCII, most tokens, takes a fast path.
fn push_key(key: &mut String, token: &str) {
    if token.is_ascii() && !token.bytes().any(|b| b.is_ascii_whitespace()) {
        let start = key.len();
        key.push_str(token);
        key[start..].make_ascii_lowercase();
        return;
    }
    // Accents fold away ("Gül" and "Gul", "Türkiye" and "Turkiye"): news
    // drops them as often as it keeps them.
    use unicode_normalization::UnicodeNormalization;
    for c in token.nfd() {
        if c.is_whitespace() {
            key.push('\u{FFFD}');
        } else if !unicode_normalization::char::is_combining_mark(c) {
            key.extend(c.to_lowercase());
        }
    }
}

/// `word` lower-cased with its accents folded away, as names are keyed.
pub fn fold(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    push_key(&mut s, word);
    s
}

fn starts_upper(token: &str) -> bool {
    token
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// Every distinct key of `forms` (tokenized, lower-cased, joined as
/// sentences are keyed) with the (entry, case demand) pairs written so, in
/// the order first seen.
fn keyed<'a>(forms: impl IntoIterator<Item = (u32, &'a str)>) -> FxHashMap<String, Vec<Posting>> {
    let mut by_key: FxHashMap<String, Vec<Posting>> = FxHashMap::default();
    let mut key = String::new();
    let mut add = |entry: u32, tokens: &[dyad_text::Token<'_>]| {
        if tokens.is_empty() || tokens.len() > 64 {
            return;
        }
        key.clear();
        key.push(' ');
        let mut capitals = 0u64;
        for (i, t) in tokens.iter().enumerate() {
            push_key(&mut key, &t.norm);
            key.push(' ');
            if starts_upper(&t.norm) {
                capitals |= 1 << i;
            }
        }
        let p = Posting { entry, capitals };
        // Most keys are new: look up before copying the key.
        if let Some(postings) = by_key.get_mut(key.as_str()) {
            if !postings.contains(&p) {
                postings.push(p);
            }
        } else {
            by_key.insert(key.clone(), vec![p]);
        }
    };
    // One segmenter and token buffer for all the forms (there are tens of
    // thousands).
    let mut segmenter = dyad_text::Segmenter::new();
    let mut tokens = Vec::new();
    let mut inside = String::new();
    for (entry, form) in forms {
        tokens.clear();
        segmenter.tokenize_into(form, &mut tokens);
        add(entry, &tokens);
        // A form ending in a period tokenizes differently at the end of
        // a sentence ("U.S" + ".") and inside one ("U.S."): key both.
        if form.ends_with('.') {
            inside.clear();
            inside.push_str(form);
            inside.push_str(" x");
            let mut t = segmenter.tokenize(&inside);
            t.pop();
            if t.len() != tokens.len() {
                add(entry, &t);
            }
        }
    }
    by_key
}

impl Posting {
    /// Whether `tokens` (the whole match) meet this form's case demand.
    fn fits(&self, tokens: &[&str]) -> bool {
        (0..tokens.len())
            .filter(|i| self.capitals & (1 << i) != 0)
            .all(|i| starts_upper(tokens[i]))
    }
}

impl Matcher {
    /// Builds a matcher over `forms`: (entry id, surface form) pairs.
    pub fn build<'a>(forms: impl IntoIterator<Item = (u32, &'a str)>) -> Matcher {
        // Sorted keys: the automaton's pattern ids, and the result, do not
        // depend on hash order.
        let mut keys: Vec<(String, Vec<Posting>)> = keyed(forms).into_iter().collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let automaton = if keys.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(keys.iter().map(|(k, _)| k.as_str()))
                    .expect("knowledge-base patterns build"),
            )
        };
        Matcher {
            automaton,
            postings: keys.into_iter().map(|(_, p)| p).collect(),
        }
    }

    /// Number of distinct keyed forms.
    pub fn n_forms(&self) -> usize {
        self.postings.len()
    }

    /// Appends every entry found in `tokens` (their `norm` forms) to `out`.
    pub fn find(&self, tokens: &[&str], scratch: &mut MatchScratch, out: &mut Vec<Candidate>) {
        scratch.prepare(tokens);
        self.find_prepared(tokens, scratch, out);
    }

    /// Like [`Matcher::find`] on a sentence already keyed by
    /// [`MatchScratch::prepare`].
    pub fn find_prepared(&self, tokens: &[&str], scratch: &MatchScratch, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.automaton else { return };
        let MatchScratch {
            key,
            starts,
            token_at,
        } = scratch;
        for m in ac.find_overlapping_iter(key.as_str()) {
            let first = match token_at.get(m.start()) {
                Some(&t) if t > 0 => t as usize - 1,
                _ => continue,
            };
            // The match ends with the space after its last token.
            let end_byte = m.end() as u32;
            let last = match starts[first..].binary_search(&end_byte) {
                Ok(k) => first + k,
                Err(_) => continue,
            };
            for p in &self.postings[m.value() as usize] {
                if p.fits(&tokens[first..last]) {
                    out.push(Candidate {
                        start: first,
                        end: last,
                        entry: p.entry,
                    });
                }
            }
        }
    }
}

/// The entries a whole run of tokens names, keyed and case-checked as by
/// [`Matcher`]: for a phrase known to be one name (a place to geocode),
/// where a hash map answers what the automaton would, and builds far
/// faster.
pub struct Lookup {
    postings: FxHashMap<String, Vec<Posting>>,
}

impl std::fmt::Debug for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lookup")
            .field("forms", &self.postings.len())
            .finish()
    }
}

impl Lookup {
    /// A lookup over `forms`: (entry id, surface form) pairs.
    pub fn build<'a>(forms: impl IntoIterator<Item = (u32, &'a str)>) -> Lookup {
        Lookup {
            postings: keyed(forms),
        }
    }

    /// Appends to `out` every entry with a form that is all of `tokens`
    /// (their `norm` forms), in the order [`Matcher::find`] reports them;
    /// `key` is a reusable buffer.
    pub fn find(&self, tokens: &[&str], key: &mut String, out: &mut Vec<u32>) {
        key.clear();
        key.push(' ');
        for t in tokens {
            push_key(key, t);
            key.push(' ');
        }
        let Some(postings) = self.postings.get(key.as_str()) else {
            return;
        };
        out.extend(postings.iter().filter(|p| p.fits(tokens)).map(|p| p.entry));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(m: &Matcher, text: &str) -> Vec<(String, u32)> {
        let toks = dyad_text::tokenize(text);
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_ref()).collect();
        let mut out = Vec::new();
        m.find(&norms, &mut MatchScratch::default(), &mut out);
        out.sort();
        out.iter()
            .map(|c| (norms[c.start..c.end].join(" "), c.entry))
            .collect()
    }

    #[test]
    fn finds_whole_token_runs_with_case_demands() {
        let m = Matcher::build([
            (0, "US"),
            (1, "South China Sea"),
            (2, "China"),
            (3, "foreign minister"),
            (4, "al-Qaeda"),
            (5, "Turkey"),
        ]);
        assert_eq!(
            find(
                &m,
                "The US and us met China's Foreign Minister in the South China Sea."
            ),
            [
                ("US".to_owned(), 0),
                ("China".to_owned(), 2),
                ("Foreign Minister".to_owned(), 3),
                ("South China Sea".to_owned(), 1),
                ("China".to_owned(), 2),
            ]
        );
        assert!(find(&m, "They roasted a turkey.").is_empty());
        assert_eq!(find(&m, "Al-Qaeda struck.").len(), 1);
        assert!(find(&m, "Chinatown").is_empty(), "no match inside a token");
        assert!(find(&m, "").is_empty());
    }

    #[test]
    fn lookup_finds_what_matcher_finds_whole() {
        let forms = [
            (0, "US"),
            (1, "South China Sea"),
            (2, "China"),
            (3, "foreign minister"),
            (4, "U.S."),
            (5, "china"),
        ];
        let m = Matcher::build(forms);
        let l = Lookup::build(forms);
        for text in [
            "US",
            "us",
            "China",
            "china",
            "South China Sea",
            "U.S.",
            "U.S",
            "Foreign Minister",
            "Sea",
            "",
        ] {
            let toks = dyad_text::tokenize(text);
            let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_ref()).collect();
            let mut whole = Vec::new();
            m.find(&norms, &mut MatchScratch::default(), &mut whole);
            whole.retain(|c| c.start == 0 && c.end == norms.len());
            let mut found = Vec::new();
            l.find(&norms, &mut String::new(), &mut found);
            let want: Vec<u32> = whole.iter().map(|c| c.entry).collect();
            assert_eq!(found, want, "{text:?}");
        }
    }
}
