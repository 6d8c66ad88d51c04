//! Property tests: offsets are exact, tokens ordered and disjoint, sentence
//! spans cover their tokens, for arbitrary input.

use dyad_text::{Segmenter, Token, normalize};
use proptest::prelude::*;

fn check_tokens(text: &str, tokens: &[Token<'_>]) {
    let mut prev_end = 0;
    for t in tokens {
        assert!(t.start < t.end, "empty token {t:?}");
        assert!(t.start >= prev_end, "overlap at {t:?}");
        assert_eq!(&text[t.start..t.end], t.text);
        assert_eq!(t.norm, normalize(t.text));
        assert!(
            !t.text.chars().any(char::is_whitespace),
            "whitespace in {t:?}"
        );
        let ws = text[t.end..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        assert_eq!(t.space_after, ws);
        prev_end = t.end;
    }
}

fn check(text: &str) {
    let mut seg = Segmenter::new();
    let tokens = seg.tokenize(text);
    check_tokens(text, &tokens);

    let sents = seg.sentences(text);
    let mut prev_end = 0;
    let mut all = Vec::new();
    for s in &sents {
        assert!(!s.tokens.is_empty());
        assert!(s.start >= prev_end);
        assert_eq!(&text[s.start..s.end], s.text);
        assert_eq!(s.tokens[0].start, s.start);
        assert_eq!(s.tokens[s.tokens.len() - 1].end, s.end);
        for t in &s.tokens {
            assert!(s.start <= t.start && t.end <= s.end);
        }
        prev_end = s.end;
        all.extend(s.tokens.iter().cloned());
    }
    check_tokens(text, &all);
    // Splitting only ever cuts an abbreviation's final period off, so the
    // tokens cover exactly the same bytes.
    let covered = |ts: &[Token<'_>]| ts.iter().map(|t| t.end - t.start).sum::<usize>();
    assert_eq!(covered(&all), covered(&tokens));
}

/// Characters that exercise the tokenizer's special cases.
fn tricky() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        "Z",
        "7",
        "0",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        ".",
        "..",
        "...",
        "…",
        "!",
        "?",
        ",",
        ";",
        ":",
        "'",
        "’",
        "‘",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "(",
        ")",
        "[",
        "-",
        "--",
        "–",
        "—",
        "/",
        "&",
        "@",
        "#",
        "$",
        "%",
        "*",
        "•",
        "`",
        "=",
        "_",
        "+",
        "U.S.",
        "Mr.",
        "Gen.",
        "Sept.",
        "etc.",
        "n't",
        "'s",
        "’s",
        "don't",
        "cannot",
        "gonna",
        "http://",
        "https://x.org/a.b",
        "www.",
        "e-mail",
        "non-",
        "3.5",
        "3,000",
        "10:30",
        "9/11",
        "2021-08-16",
        "5pm",
        "The",
        "We",
        "\u{0}",
        "\u{7}",
        "\u{1b}",
        "\u{FFFD}",
        "\u{301}",
        "\u{200D}",
        "\u{FE0F}",
        "\u{AD}",
        "\u{200B}",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "é",
        "中",
        "。",
        "！",
        "ש",
        "ا",
        "👍",
        "🏽",
        "🇺",
        ":)",
        ";-)",
        "ʼ",
        "′",
        "\u{a0}",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn tricky_strings(text in tricky()) {
        check(&text);
    }
}
