//! Quotations: which words are inside quotation marks, and who speaks.
//! Actors read it for "we" in a quotation; events for a quotation's
//! speaker.

use dyad_nlp::Analysis;

use crate::lexicon::Lexicon;
use crate::{Mention, Role};

/// Whether `w` (a token's normalised form) is a quotation mark.
pub fn is_quote_mark(w: &str) -> bool {
    matches!(w, "\"" | "``" | "''" | "\u{201c}" | "\u{201d}")
}

/// Whether word `i` is inside quotation marks: an odd number open before
/// it in the sentence.
pub fn inside_quote(words: &[&str], i: usize) -> bool {
    words[..i].iter().filter(|w| is_quote_mark(w)).count() % 2 == 1
}

/// Who speaks in a sentence: the actor mention (with a key) that is the
/// subject of a verb of speech (`data/speech_verbs.txt`), other than word
/// `except`.
pub fn speaker<'m>(
    analysis: &Analysis<'_>,
    mentions: &'m [Mention],
    except: Option<usize>,
) -> Option<&'m Mention> {
    let speech = &Lexicon::builtin().speech_verbs;
    (0..analysis.len())
        .filter(|&v| {
            Some(v) != except && speech.contains(analysis.lemma(v).to_lowercase().as_str())
        })
        .flat_map(|v| {
            analysis
                .children(v)
                .filter(|&c| analysis.deprel(c).starts_with("nsubj"))
        })
        .find_map(|c| {
            mentions
                .iter()
                .find(|m| m.role == Role::Actor && m.tokens.contains(&c) && m.actor.key().is_some())
        })
}
