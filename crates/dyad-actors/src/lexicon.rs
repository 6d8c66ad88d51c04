//! The word lists the resolution rules read, from `data/*.txt` (compiled
//! in): phrases that are not actors, locative prepositions, verbs whose
//! object is a territory, verbs of speech, and group phrases ("both
//! sides").

use std::sync::OnceLock;

use dyad_kb::Matcher;
use rustc_hash::FxHashSet;

/// The compiled word lists.
#[derive(Debug)]
pub struct Lexicon {
    /// Phrases that contain a name but name something else.
    pub non_actors: Matcher,
    /// Phrases that stand for the last two parties named.
    pub groups: Matcher,
    /// Prepositions that make a name a place.
    pub locative: FxHashSet<&'static str>,
    /// Verbs whose object is a territory.
    pub physical_verbs: FxHashSet<&'static str>,
    /// Verbs of speech, whose subject is a quotation's speaker.
    pub speech_verbs: FxHashSet<&'static str>,
}

fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// The built-in lists.
    pub fn builtin() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| Lexicon {
            non_actors: Matcher::build(
                lines(include_str!("../data/non_actors.txt"))
                    .enumerate()
                    .map(|(i, l)| (i as u32, l)),
            ),
            groups: Matcher::build(
                lines(include_str!("../data/groups.txt"))
                    .enumerate()
                    .map(|(i, l)| (i as u32, l)),
            ),
            locative: lines(include_str!("../data/locative.txt")).collect(),
            physical_verbs: lines(include_str!("../data/physical_verbs.txt")).collect(),
            speech_verbs: lines(include_str!("../data/speech_verbs.txt")).collect(),
        })
    }
}
