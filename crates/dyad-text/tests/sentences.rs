//! Sentence splitting and tokenization on sentences written for these tests.

use dyad_text::{Segmenter, sentences, tokenize};

fn split(text: &str) -> Vec<&str> {
    sentences(text).into_iter().map(|s| s.text).collect()
}

fn toks(text: &str) -> Vec<&str> {
    tokenize(text).into_iter().map(|t| t.text).collect()
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let text = "The U.S. envoy met Gen. Ortiz on Sept. 3. Mr. Lund of Vela Corp. stayed home.";
    assert_eq!(
        split(text),
        [
            "The U.S. envoy met Gen. Ortiz on Sept. 3.",
            "Mr. Lund of Vela Corp. stayed home."
        ]
    );
    let text = "Talks resumed on Jan. 6 at No. 10 with J. Smith in Washington D.C. after lunch.";
    assert_eq!(split(text).len(), 1);
    let text = "U.S. officials said Dr. Amin left at 9 a.m. local time.";
    assert_eq!(split(text).len(), 1);
}

#[test]
fn abbreviation_before_a_sentence_starter_splits() {
    let text = "The delegation arrived in the U.S. The next day it flew on.";
    let s = sentences(text);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].text, "The delegation arrived in the U.S.");
    // EWT: the sentence-final period of an abbreviation is its own token.
    let last: Vec<&str> = s[0].tokens.iter().rev().take(2).map(|t| t.text).collect();
    assert_eq!(last, [".", "U.S"]);
    assert_eq!(s[1].text, "The next day it flew on.");

    assert_eq!(
        split("Stocks fell 2 pct. at Ferro Inc. It was a bad day.").len(),
        2
    );
    assert_eq!(split("They sold grain, oil, etc. Prices rose.").len(), 2);
}

#[test]
fn news_abbreviation_patterns() {
    assert_eq!(
        split("He works at No. 10 Downing St. The office declined to comment."),
        [
            "He works at No. 10 Downing St.",
            "The office declined to comment."
        ]
    );
    assert_eq!(
        split("Two Ph.D. students, e.g. the ones from Oslo, left at 5 p.m. Tuesday.").len(),
        1
    );
    assert_eq!(
        split("Mr. and Mrs. Holt met U.S.-China envoys near St. Louis.").len(),
        1
    );
    // A month before a capitalised word ends the sentence.
    assert_eq!(
        split("Prices rose in Sept. Analysts had expected that.").len(),
        2
    );
    assert_eq!(
        toks("The U.S.'s stake in Vela Inc.’s unit"),
        [
            "The", "U.S.", "'s", "stake", "in", "Vela", "Inc.", "’s", "unit"
        ]
    );
    // A footnote mark stays with the sentence it annotates.
    assert_eq!(
        split("Arrivals rose 40%.[3] Aid agencies disagreed."),
        ["Arrivals rose 40%.[3]", "Aid agencies disagreed."]
    );
}

#[test]
fn numbers_urls_ellipses_never_split() {
    assert_eq!(
        split(
            "Growth was 3.5 percent, see https://x.org/a.b for details, up from No. 2 in the list."
        )
        .len(),
        1
    );
    assert_eq!(
        split("The vote on 2024-05-01 ended 52-48 ... or so they say.").len(),
        1
    );
    assert_eq!(
        split("Write to desk@example.org. Replies come fast.").len(),
        2
    );
}

#[test]
fn quotes_spanning_sentences() {
    let text = "“Lima is ready to talk. We hope so,” Ruiz said. “Why?” he asked. “Because.”";
    assert_eq!(
        split(text),
        [
            "“Lima is ready to talk.",
            "We hope so,” Ruiz said.",
            "“Why?” he asked.",
            "“Because.”"
        ]
    );
    let text = "He said \"we are done.\" Then he left.";
    assert_eq!(split(text), ["He said \"we are done.\"", "Then he left."]);
}

#[test]
fn questions_and_exclamations() {
    assert_eq!(
        split("Is it over? Nobody knows! The count goes on."),
        ["Is it over?", "Nobody knows!", "The count goes on."]
    );
}

#[test]
fn scraped_news_page() {
    let text = "Rebels seize port town in overnight raid\n\
        \n\
        • Fighters entered from the north\n\
        • Ferry service halted\n\
        Residents wait at a checkpoint on Tuesday. (Photo: Staff)\n\
        The rebels’ commander told reporters the town’s port would “stay open.” \
        Officials in the capital disputed that. “We retain control,” a spokesman said.\n";
    assert_eq!(
        split(text),
        [
            "Rebels seize port town in overnight raid",
            "• Fighters entered from the north",
            "• Ferry service halted",
            "Residents wait at a checkpoint on Tuesday.",
            "(Photo: Staff)",
            "The rebels’ commander told reporters the town’s port would “stay open.”",
            "Officials in the capital disputed that.",
            "“We retain control,” a spokesman said.",
        ]
    );
    let s = sentences(text);
    let body: Vec<&str> = s[5].tokens.iter().map(|t| t.norm.as_ref()).collect();
    assert_eq!(
        body,
        [
            "The",
            "rebels",
            "'",
            "commander",
            "told",
            "reporters",
            "the",
            "town",
            "'s",
            "port",
            "would",
            "\"",
            "stay",
            "open",
            ".",
            "\""
        ]
    );
}

#[test]
fn newlines() {
    // A blank line always ends a sentence.
    assert_eq!(split("First part and\n\nsecond part").len(), 2);
    // Hard-wrapped prose stays together.
    assert_eq!(
        split("The minister met the\nJapanese delegation on Monday.").len(),
        1
    );
    assert_eq!(
        split("The minister met the delegation\nand then left.").len(),
        1
    );
    // A headline line followed by a capitalised line stands alone.
    assert_eq!(
        split("Floods hit the valley\nHeavy rain fell overnight.").len(),
        2
    );
    // Bullets with dashes and stars.
    assert_eq!(
        split("Key points:\n- roads closed\n* schools shut\nMore later."),
        [
            "Key points:",
            "- roads closed",
            "* schools shut",
            "More later."
        ]
    );
}

#[test]
fn list_numbers_are_not_sentences() {
    assert_eq!(
        split("1. The first point\n2. The second point"),
        ["1. The first point", "2. The second point"]
    );
}

#[test]
fn tokenization_conventions() {
    assert_eq!(
        toks("(US) officials don't agree; Nato’s chief can't."),
        [
            "(",
            "US",
            ")",
            "officials",
            "do",
            "n't",
            "agree",
            ";",
            "Nato",
            "’s",
            "chief",
            "ca",
            "n't",
            "."
        ]
    );
    assert_eq!(
        toks("The war-torn town's e-mail server cost $3.5m, up 50% since 9/11."),
        [
            "The", "war", "-", "torn", "town", "'s", "e-mail", "server", "cost", "$", "3.5", "m",
            ",", "up", "50", "%", "since", "9/11", "."
        ]
    );
    assert_eq!(
        toks("He left at 10:30 on Sept. 4 -- with 3,000 troops..."),
        [
            "He", "left", "at", "10:30", "on", "Sept.", "4", "--", "with", "3,000", "troops", "..."
        ]
    );
    assert_eq!(
        toks("They're sure we've won, I'm told; he'd go, I'll stay."),
        [
            "They", "'re", "sure", "we", "'ve", "won", ",", "I", "'m", "told", ";", "he", "'d",
            "go", ",", "I", "'ll", "stay", "."
        ]
    );
    assert_eq!(
        toks("The soldiers' families"),
        ["The", "soldiers", "'", "families"]
    );
    // A one-sentence text ending in an abbreviation gives up its period.
    assert_eq!(
        toks("They met in the U.S."),
        ["They", "met", "in", "the", "U.S", "."]
    );
}

#[test]
fn norm_and_space_after() {
    let t = tokenize("Nato’s “plan” isn’t new");
    let norms: Vec<&str> = t.iter().map(|t| t.norm.as_ref()).collect();
    assert_eq!(
        norms,
        ["Nato", "'s", "\"", "plan", "\"", "is", "n't", "new"]
    );
    let spaces: Vec<bool> = t.iter().map(|t| t.space_after).collect();
    assert_eq!(
        spaces,
        [false, true, false, false, true, false, true, false]
    );
    assert!(matches!(t[0].norm, std::borrow::Cow::Borrowed(_)));
}

#[test]
fn offsets_point_into_the_original() {
    let text = "  Él dijo: «Sí».\tThe U.S. army’s 3rd unit left.\n\nNext.";
    for s in sentences(text) {
        assert_eq!(&text[s.start..s.end], s.text);
        for t in &s.tokens {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }
}

#[test]
fn degenerate_inputs() {
    let mut seg = Segmenter::new();
    assert!(seg.sentences("").is_empty());
    assert!(seg.tokenize("").is_empty());
    assert!(seg.sentences(" \n\t \r\n ").is_empty());
    for text in [
        "\u{FFFD}\u{FFFD} broken \u{FFFD}.",
        "nul\u{0}bell\u{7}esc\u{1b}[31m red",
        "emoji 👩‍👩‍👧 and flags 🇺🇳 and skin 👍🏿!",
        "combining: e\u{301}te\u{301}, a\u{308}, Z\u{335}a\u{334}l\u{336}g\u{337}o\u{338}",
        "北京是中国的首都。上海很大！你好吗？",
        "السلام عليكم. שלום עולם. مرحبا!",
        ".",
        "...",
        "'",
        "\"",
        "-",
        "U.S.",
        "Mr.",
        "’s",
        "n't",
        "(",
        ")",
        "•",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.",
    ] {
        let s = seg.sentences(text);
        for sent in &s {
            assert!(!sent.tokens.is_empty());
            for t in &sent.tokens {
                assert_eq!(&text[t.start..t.end], t.text);
            }
        }
        let _ = seg.tokenize(text);
    }
    assert_eq!(split("北京是中国的首都。上海很大！你好吗？").len(), 3);
}

#[test]
fn huge_single_lines_come_out_whole() {
    let mut seg = Segmenter::new();
    let no_spaces = "ab.cd-ef,gh'ij/kl".repeat(10 * 1024 * 1024 / 17);
    let s = seg.sentences(&no_spaces);
    assert!(!s.is_empty());
    let no_punct = "word ".repeat(2 * 1024 * 1024);
    let s = seg.sentences(&no_punct);
    // No boundary anywhere: cut into pieces of the maximum length.
    assert_eq!(
        s.len(),
        (2 * 1024 * 1024usize).div_ceil(dyad_text::MAX_SENTENCE_TOKENS)
    );
    assert!(
        s.iter()
            .all(|p| p.tokens.len() <= dyad_text::MAX_SENTENCE_TOKENS)
    );
    let dots = ".".repeat(10 * 1024 * 1024);
    assert_eq!(seg.tokenize(&dots).len(), 1);
    let letters = "x".repeat(10 * 1024 * 1024);
    assert_eq!(seg.tokenize(&letters).len(), 1);
    let mixed = "a-".repeat(5 * 1024 * 1024);
    assert!(!seg.tokenize(&mixed).is_empty());
    let digits = "1-".repeat(5 * 1024 * 1024);
    assert!(!seg.tokenize(&digits).is_empty());
    let quotes = "\"(".repeat(5 * 1024 * 1024);
    assert!(!seg.sentences(&quotes).is_empty());
    let cjk = "中".repeat(3 * 1024 * 1024);
    assert_eq!(seg.tokenize(&cjk).len(), 1);
}
