//! Candidate base forms of a word, so that a trigger is found even when the
//! lemmatizer misses ("raided" → raid, "shut" → shut, "troops" → troop).
//! The coder tries the lemmatizer's lemma first, then these, and takes the
//! first the lexicon knows: a wrong candidate costs nothing unless it is a
//! trigger itself.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

fn irregular() -> &'static FxHashMap<&'static str, &'static str> {
    static T: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("../data/irregular.tsv")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

/// Candidate base forms of a word, kept in one buffer: the coder asks for
/// them for most nouns and every object, and once the buffer has grown
/// finding them allocates nothing.
#[derive(Debug, Default, Clone)]
pub struct Candidates {
    /// The candidates, one after another.
    text: String,
    /// Where each candidate ends in `text`.
    ends: Vec<usize>,
    /// The word in lower case.
    lower: String,
}

impl Candidates {
    /// Finds the candidate base forms of `word` (any case), most likely
    /// first; the word itself in lower case is always among them.
    pub fn find(&mut self, word: &str) {
        self.text.clear();
        self.ends.clear();
        let mut w = std::mem::take(&mut self.lower);
        w.clear();
        if word.is_ascii() {
            w.push_str(word);
            w.make_ascii_lowercase();
        } else {
            w.push_str(&word.to_lowercase());
        }
        if let Some(b) = irregular().get(w.as_str()) {
            self.text.push_str(b);
            self.ends.push(self.text.len());
        }
        let undouble = |s: &str| -> Option<usize> {
            let b = s.as_bytes();
            (b.len() >= 3
                && b[b.len() - 1] == b[b.len() - 2]
                && !b"aeiou".contains(&b[b.len() - 1]))
            .then_some(s.len() - 1)
        };
        if let Some(stem) = w.strip_suffix("ied") {
            self.push(stem, "y");
        }
        if let Some(stem) = w.strip_suffix("ed") {
            self.push(stem, "");
            self.push(stem, "e");
            if let Some(n) = undouble(stem) {
                self.push(&stem[..n], "");
            }
        }
        if let Some(stem) = w.strip_suffix("ing") {
            self.push(stem, "");
            self.push(stem, "e");
            if let Some(n) = undouble(stem) {
                self.push(&stem[..n], "");
            }
        }
        if let Some(stem) = w.strip_suffix("ies") {
            self.push(stem, "y");
        }
        if let Some(stem) = w.strip_suffix("es") {
            self.push(stem, "");
        }
        if let Some(stem) = w.strip_suffix('s')
            && !w.ends_with("ss")
        {
            self.push(stem, "");
        }
        self.push(&w, "");
        self.lower = w;
    }

    /// Adds `stem` + `ending` unless it is shorter than two bytes or
    /// already there.
    fn push(&mut self, stem: &str, ending: &str) {
        let start = self.text.len();
        self.text.push_str(stem);
        self.text.push_str(ending);
        let new = &self.text[start..];
        if new.len() < 2 || self.iter().any(|x| x == new) {
            self.text.truncate(start);
        } else {
            self.ends.push(self.text.len());
        }
    }

    /// The candidates, most likely first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.text[s..e])
    }

    /// Whether `form` is a candidate.
    pub fn contains(&self, form: &str) -> bool {
        self.iter().any(|x| x == form)
    }
}

/// The verb a "re-" verb repeats: "re-impose" → "impose", "reimpose" →
/// "impose", "reopen" → "open". Only before a vowel does the bare prefix
/// come off, since "resign", "recall", "repress" and "retreat" are verbs
/// of their own whose remainders (sign, call, press, treat) mean something
/// else.
pub fn again(lemma: &str) -> Option<&str> {
    if let Some(rest) = lemma.strip_prefix("re-") {
        return (rest.len() >= 3).then_some(rest);
    }
    let rest = lemma.strip_prefix("re")?;
    (rest.len() >= 4 && rest.starts_with(['a', 'e', 'i', 'o', 'u'])).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(w: &str) -> Vec<String> {
        let mut v = Candidates::default();
        v.find(w);
        v.iter().map(str::to_owned).collect()
    }

    #[test]
    fn finds_bases_of_regular_and_irregular_forms() {
        for (w, base) in [
            ("raided", "raid"),
            ("massacred", "massacre"),
            ("compelled", "compel"),
            ("shut", "shut"),
            ("froze", "freeze"),
            ("shot", "shoot"),
            ("troops", "troop"),
            ("supplies", "supply"),
            ("detained", "detain"),
            ("talks", "talk"),
            ("blamed", "blame"),
        ] {
            assert!(c(w).iter().any(|x| x == base), "{w}: {:?}", c(w));
        }
    }

    #[test]
    fn again_strips_re_only_before_a_vowel() {
        assert_eq!(again("reimpose"), Some("impose"));
        assert_eq!(again("re-impose"), Some("impose"));
        assert_eq!(again("reopen"), Some("open"));
        assert_eq!(again("resign"), None);
        assert_eq!(again("react"), None);
        assert_eq!(again("recall"), None);
    }
}
