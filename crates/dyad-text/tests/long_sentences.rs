//! Runs of text far longer than any sentence are cut into pieces of at
//! most `MAX_SENTENCE_TOKENS` tokens, at a comma where there is one.

use dyad_text::{MAX_SENTENCE_TOKENS, sentences};

#[test]
fn long_runs_are_cut_at_commas_or_at_the_limit() {
    let clause = "the envoys met again in the northern city";
    let text = vec![clause; 200].join(", ");
    let s = sentences(&text);
    assert!(s.len() > 1);
    for piece in &s {
        assert!(
            piece.tokens.len() <= MAX_SENTENCE_TOKENS,
            "{}",
            piece.tokens.len()
        );
    }
    // Every piece but the last ends at a comma.
    for piece in &s[..s.len() - 1] {
        assert_eq!(piece.tokens.last().unwrap().text, ",");
    }
    let total: usize = s.iter().map(|p| p.tokens.len()).sum();
    assert_eq!(total, 200 * 8 + 199);

    let no_punct = vec!["word"; 1000].join(" ");
    let s = sentences(&no_punct);
    assert_eq!(s.len(), 4);
    assert!(s.iter().all(|p| p.tokens.len() == MAX_SENTENCE_TOKENS));
}
