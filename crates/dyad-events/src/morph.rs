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

/// Candidate base forms of `word` (any case), most likely first; the word
/// itself in lower case is always among them.
pub fn candidates(word: &str, out: &mut Vec<String>) {
    out.clear();
    let w = word.to_lowercase();
    if let Some(b) = irregular().get(w.as_str()) {
        out.push((*b).to_owned());
    }
    let push = |out: &mut Vec<String>, s: &str| {
        if s.len() >= 2 && !out.iter().any(|x| x == s) {
            out.push(s.to_owned());
        }
    };
    let undouble = |s: &str| -> Option<String> {
        let b = s.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]))
            .then(|| s[..s.len() - 1].to_owned())
    };
    if let Some(stem) = w.strip_suffix("ied") {
        push(out, &format!("{stem}y"));
    }
    if let Some(stem) = w.strip_suffix("ed") {
        push(out, stem);
        push(out, &format!("{stem}e"));
        if let Some(u) = undouble(stem) {
            push(out, &u);
        }
    }
    if let Some(stem) = w.strip_suffix("ing") {
        push(out, stem);
        push(out, &format!("{stem}e"));
        if let Some(u) = undouble(stem) {
            push(out, &u);
        }
    }
    if let Some(stem) = w.strip_suffix("ies") {
        push(out, &format!("{stem}y"));
    }
    if let Some(stem) = w.strip_suffix("es") {
        push(out, stem);
    }
    if let Some(stem) = w.strip_suffix('s')
        && !w.ends_with("ss")
    {
        push(out, stem);
    }
    push(out, &w);
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
        let mut v = Vec::new();
        candidates(w, &mut v);
        v
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
