//! `dyad-text`: raw text → sentences → tokens, every token carrying byte
//! offsets into the original string.
//!
//! # Why
//!
//! Everything downstream (tagger, parser, event coder) is trained on UD
//! English EWT, so tokens must be cut the way EWT cuts them, or the models
//! see words they never saw in training. And every token must point back
//! into the article (`&text[tok.start..tok.end] == tok.text`), so an event
//! can be traced to the exact characters it came from.
//!
//! ```
//! let text = "The U.S. envoy met Gen. Ortiz. Nato’s chief didn't.";
//! let s = dyad_text::sentences(text);
//! assert_eq!(s.len(), 2);
//! let words: Vec<&str> = s[1].tokens.iter().map(|t| t.norm.as_ref()).collect();
//! assert_eq!(words, ["Nato", "'s", "chief", "did", "n't", "."]);
//! assert_eq!(&text[s[1].tokens[1].start..s[1].tokens[1].end], "’s");
//! ```
//!
//! # Conventions (checked against the EWT training data)
//!
//! - Punctuation, brackets and quotes are tokens of their own; runs stay
//!   whole (`...`, `?!`, `--`).
//! - Clitics split off as substrings: `do` `n't`, `ca` `n't`, `I` `'m`,
//!   `China` `'s`, `countries` `'`, `can` `not`, `gon` `na`.
//! - Hyphens split (`war` `-` `torn`) except after bound prefixes
//!   (`e-mail`, `non-binding`), in phone numbers and ISO dates; ranges and
//!   scores split (`5` `-` `10`, `1` `-` `0`).
//! - Kept whole: `3.5`, `3,000`, `10:30`, `9/11`, `b/c`, URLs, e-mail
//!   addresses, abbreviations with their period (`U.S.`, `Gen.`, `a.m.`).
//!   Split: `$` `3.5`, `50` `%`, `5` `pm`, `35` `mm`.
//! - An abbreviation that ends a sentence gives its period up as the
//!   sentence-final token (`...in the` `U.S` `.`), as EWT does.
//! - [`Token::norm`] folds typographic quotes and apostrophes to ASCII and
//!   changes nothing else; it borrows unless something changed.
//!
//! # Sentence splitting
//!
//! The splitter is our own and works on tokens, after tokenization: by then
//! decimals, URLs, abbreviations and ellipses are single tokens, so only a
//! lone `.`, a `!`/`?` run, an ellipsis, an abbreviation or a line break can
//! end a sentence, and abbreviation handling is shared with the tokenizer
//! (which must know whether `U.S.` ends the sentence to cut its period).
//! We evaluated `sentencex` 0.1.33 (Wikimedia) first: on EWT dev documents
//! joined with spaces it scores P 0.981 / R 0.712 at about 39 MB/s for
//! splitting alone, against P 0.984 / R 0.756 here for splitting and
//! tokenizing together at well over 50 MB/s (see `benches/text.rs`); it
//! also cannot split off a sentence-final abbreviation period and pulls in
//! `regex`, `clap` and `serde`. So it is not used.
//!
//! Line structure matters for scraped news: a blank line always ends a
//! sentence; a single line break ends one after a headline-like line (the
//! next line starts with a capital, digit, quote or bullet and the line
//! does not end in a comma or a word like `the`), and bullet lines
//! (`•`, `- `, `* `) always stand alone.
//!
//! # Data
//!
//! Abbreviations, sentence starters, hyphen prefixes, units, contractions
//! and line-continuation words live in `data/*.txt` (one entry per line,
//! with notes), compiled in with `include_str!`.
//!
//! # Speed and robustness
//!
//! One linear pass over the bytes with an ASCII fast path; no regex, no
//! per-token allocation (norms borrow unless they differ). Any `&str` is
//! accepted: control characters separate tokens, grapheme clusters
//! (combining marks, emoji sequences) are never torn apart, and the work is
//! linear in the input however long its lines or tokens.

#![warn(missing_docs)]

use std::borrow::Cow;

pub mod calendar;
mod lexicon;
mod normalize;
mod split;
mod tokenize;

pub use normalize::normalize;

use tokenize::Raw;

/// One token: a slice of the original text plus the form used for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The exact slice of the original text, `&original[start..end]`.
    pub text: &'a str,
    /// The form models and lexicons see: typographic quotes and apostrophes
    /// replaced by ASCII ones (`’s` → `'s`, `“` → `"`). Borrowed when equal
    /// to `text`.
    pub norm: Cow<'a, str>,
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte in the original text.
    pub end: usize,
    /// Whether whitespace follows the token in the original text.
    pub space_after: bool,
}

/// One sentence: a span of the original text and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// `&original[start..end]`.
    pub text: &'a str,
    /// Byte offset of the sentence start in the original text.
    pub start: usize,
    /// Byte offset one past the sentence end in the original text.
    pub end: usize,
    /// Tokens in order; offsets are into the original text, not the sentence.
    pub tokens: Vec<Token<'a>>,
}

/// Reusable splitter and tokenizer. Keeps its scratch buffers between calls,
/// so a long-lived `Segmenter` allocates only the returned vectors.
///
/// ```
/// let mut seg = dyad_text::Segmenter::new();
/// for article in ["Talks resumed. Both sides attended.", "No deal yet."] {
///     for sentence in seg.sentences(article) {
///         assert!(!sentence.tokens.is_empty());
///     }
/// }
/// ```
#[derive(Debug, Default, Clone)]
pub struct Segmenter {
    raws: Vec<Raw>,
    out: Vec<Raw>,
    ends: Vec<usize>,
}

impl Segmenter {
    /// A segmenter with empty scratch buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Splits `text` into sentences and tokenizes each one.
    pub fn sentences<'a>(&mut self, text: &'a str) -> Vec<Sentence<'a>> {
        let mut out = Vec::new();
        self.sentences_into(text, &mut out);
        out
    }

    /// Like [`Segmenter::sentences`], appending to `out`.
    pub fn sentences_into<'a>(&mut self, text: &'a str, out: &mut Vec<Sentence<'a>>) {
        let lex = &*lexicon::LEXICON;
        self.raws.clear();
        self.out.clear();
        self.ends.clear();
        tokenize::scan(text, lex, &mut self.raws);
        split::split(text, &self.raws, lex, &mut self.out, &mut self.ends);
        out.reserve(self.ends.len());
        let mut first = 0;
        for &end in &self.ends {
            let mut from = first;
            first = end;
            while from < end {
                let to = chunk_end(text, &self.out[from..end]) + from;
                let raws = &self.out[from..to];
                from = to;
                let (Some(a), Some(b)) = (raws.first(), raws.last()) else {
                    continue;
                };
                let mut tokens = Vec::with_capacity(raws.len());
                tokens.extend(raws.iter().map(|r| token(text, r)));
                out.push(Sentence {
                    text: &text[a.start..b.end],
                    start: a.start,
                    end: b.end,
                    tokens,
                });
            }
        }
    }

    /// Tokenizes `text` as a single sentence (no splitting). Its end is a
    /// sentence end, so a final abbreviation gives up its period
    /// (`in the U.S.` → `in` `the` `U.S` `.`), as in [`Segmenter::sentences`].
    pub fn tokenize<'a>(&mut self, text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        self.tokenize_into(text, &mut out);
        out
    }

    /// Like [`Segmenter::tokenize`], appending to `out`.
    pub fn tokenize_into<'a>(&mut self, text: &'a str, out: &mut Vec<Token<'a>>) {
        self.raws.clear();
        self.out.clear();
        tokenize::scan(text, &lexicon::LEXICON, &mut self.raws);
        split::finish_single(&self.raws, &mut self.out);
        out.reserve(self.out.len());
        out.extend(self.out.iter().map(|r| token(text, r)));
    }
}

/// The longest "sentence" handed on, in tokens. Real sentences are far
/// shorter; longer runs are lists, tables or text without punctuation, and
/// cutting them keeps the later stages' cost per sentence bounded.
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// How many of `raws` (one sentence) the next piece takes: all of them up
/// to [`MAX_SENTENCE_TOKENS`], else up to the last comma, semicolon, colon
/// or dash in the second half of the window, else the whole window.
fn chunk_end(text: &str, raws: &[Raw]) -> usize {
    if raws.len() <= MAX_SENTENCE_TOKENS {
        return raws.len();
    }
    let window = &raws[..MAX_SENTENCE_TOKENS];
    window
        .iter()
        .enumerate()
        .skip(MAX_SENTENCE_TOKENS / 2)
        .rev()
        .find(|(_, r)| {
            matches!(
                &text[r.start..r.end],
                "," | ";" | ":" | "-" | "--" | "\u{2013}" | "\u{2014}"
            )
        })
        .map_or(MAX_SENTENCE_TOKENS, |(i, _)| i + 1)
}

/// Builds the public token for a raw span.
#[inline]
fn token<'a>(text: &'a str, r: &Raw) -> Token<'a> {
    let s = &text[r.start..r.end];
    let space_after = text
        .get(r.end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_whitespace);
    Token {
        text: s,
        norm: normalize(s),
        start: r.start,
        end: r.end,
        space_after,
    }
}

/// Splits `text` into sentences and tokenizes each one. Convenience wrapper
/// around [`Segmenter::sentences`].
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    Segmenter::new().sentences(text)
}

/// Tokenizes `text`, known to be one sentence, without splitting it.
/// Convenience wrapper around [`Segmenter::tokenize`].
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    Segmenter::new().tokenize(text)
}
