//! The matching form of a token: typographic quotes folded to ASCII.

use std::borrow::Cow;

/// Maps typographic apostrophes and quotes to their ASCII form; `None` for
/// characters that stay as they are.
#[inline]
fn fold(c: char) -> Option<char> {
    match c {
        // Apostrophes, single quotes and primes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' | '\u{2039}' | '\u{203A}' | '\u{FF07}' => Some('\''),
        // Double quotes, double primes and guillemets.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{301D}' | '\u{301E}' | '\u{FF02}' => Some('"'),
        _ => None,
    }
}

/// The form of `token` used for matching: typographic apostrophes and quotes
/// (`’ ‘ ‛ ʼ ′ “ ” „ ″ « »` ...) become ASCII `'` or `"`, so `Nato’s` and
/// `Nato's`, `n’t` and `n't` look alike to models and lexicons. A backtick
/// opening a clitic (`` `s ``, a common typo) becomes `'` too. Nothing else
/// changes: no lower-casing, no Unicode normalisation.
///
/// Borrows `token` unless something changed, so the common case allocates
/// nothing.
pub fn normalize(token: &str) -> Cow<'_, str> {
    let bytes = token.as_bytes();
    if token.is_ascii() {
        // `` `s `` as a clitic; a run of backticks stays (it is a PTB open quote).
        if bytes.len() > 1 && bytes[0] == b'`' && bytes[1].is_ascii_alphabetic() {
            let mut s = String::with_capacity(token.len());
            s.push('\'');
            s.push_str(&token[1..]);
            return Cow::Owned(s);
        }
        return Cow::Borrowed(token);
    }
    let Some(first) = token.char_indices().find(|&(_, c)| fold(c).is_some()) else {
        return Cow::Borrowed(token);
    };
    let mut s = String::with_capacity(token.len());
    s.push_str(&token[..first.0]);
    for c in token[first.0..].chars() {
        s.push(fold(c).unwrap_or(c));
    }
    Cow::Owned(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes() {
        assert_eq!(normalize("’s"), "'s");
        assert_eq!(normalize("n’t"), "n't");
        assert_eq!(normalize("“"), "\"");
        assert_eq!(normalize("»"), "\"");
        assert_eq!(normalize("O’Neill"), "O'Neill");
        assert_eq!(normalize("`s"), "'s");
        assert_eq!(normalize("``"), "``");
    }

    #[test]
    fn borrows_when_unchanged() {
        for s in ["Kabul", "", "café", "—", "北京", "U.S."] {
            assert!(matches!(normalize(s), Cow::Borrowed(_)), "{s}");
            assert_eq!(normalize(s), s);
        }
    }
}
