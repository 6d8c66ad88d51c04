//! The news repairs (`dyad_nlp::repair`) on sentences of our own: each
//! construction ends with the arc the event coder needs, and a sentence
//! the parser already reads right is left alone.

use dyad_nlp::{Analysis, Nlp, Scratch};

fn repaired(words: &[&str]) -> Analysis<'static> {
    let nlp = Nlp::builtin().expect("built-in models");
    let mut scratch = Scratch::default();
    let mut out = Analysis::default();
    nlp.analyze(words, &mut scratch, &mut out);
    nlp.repair(&mut out);
    out
}

fn at(words: &[&str], w: &str) -> usize {
    words.iter().position(|x| *x == w).expect(w)
}

#[test]
fn an_object_after_an_adjunct_is_the_verbs_object() {
    let w = [
        "The",
        "minister",
        "condemned",
        "in",
        "the",
        "strongest",
        "terms",
        "the",
        "bombing",
        "of",
        "the",
        "market",
        ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.head(at(&w, "bombing")), Some(at(&w, "condemned")));
    assert_eq!(a.deprel(at(&w, "bombing")), "obj");
}

#[test]
fn a_subject_read_as_an_object_moves_to_its_clause() {
    let w = [
        "Rebel", "leaders", "admit", "their", "fighters", "have", "been", "shelling", "the",
        "town", ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.head(at(&w, "fighters")), Some(at(&w, "shelling")));
    assert_eq!(a.deprel(at(&w, "fighters")), "nsubj");
}

#[test]
fn a_told_audience_stays_the_object() {
    let w = [
        "The",
        "envoy",
        "told",
        "reporters",
        "the",
        "talks",
        "had",
        "failed",
        ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.head(at(&w, "reporters")), Some(at(&w, "told")));
    assert_eq!(a.deprel(at(&w, "talks")), "nsubj");
}

#[test]
fn a_subject_read_as_a_conjunct_moves_to_its_verb() {
    let w = [
        "After",
        "praising",
        "Chile",
        "for",
        "its",
        "aid",
        "to",
        "Peru",
        ",",
        "Ramos",
        "also",
        "discussed",
        "trade",
        "with",
        "Lagos",
        ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.head(at(&w, "Ramos")), Some(at(&w, "discussed")));
    assert_eq!(a.deprel(at(&w, "Ramos")), "nsubj");
}

#[test]
fn a_participle_after_a_noun_modifies_it() {
    let w = [
        "We", "mourn", "the", "two", "Chilean", "soldiers", "killed", ",", "as", "well", "as",
        "their", "comrades", "who", "were", "hurt", ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.head(at(&w, "killed")), Some(at(&w, "soldiers")));
    assert_eq!(a.deprel(at(&w, "killed")), "acl");
}

#[test]
fn a_reported_clause_after_an_apposition_gets_its_subject() {
    let w = [
        "Police", "say", "Okafor", ",", "a", "critic", "of", "the", "governor", ",", "broke",
        "the", "law", ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.head(at(&w, "Okafor")), Some(at(&w, "broke")));
    assert_eq!(a.deprel(at(&w, "Okafor")), "nsubj");
    assert_eq!(a.head(at(&w, "broke")), Some(at(&w, "say")));
}

#[test]
fn a_verb_read_as_an_adjective_after_its_subject_heads_the_clause() {
    let w = [
        "Authorities",
        "briefly",
        "relaxed",
        "the",
        "curfew",
        "across",
        "the",
        "district",
        ".",
    ];
    let a = repaired(&w);
    let v = at(&w, "relaxed");
    assert_eq!(a.head(v), None);
    assert_eq!(a.upos(v), dyad_nlp::Upos::Verb);
    assert_eq!(a.xpos(v), "VBD");
    assert_eq!(a.head(at(&w, "Authorities")), Some(v));
    assert_eq!(a.deprel(at(&w, "Authorities")), "nsubj");
    assert_eq!(a.head(at(&w, "curfew")), Some(v));
}

#[test]
fn a_participle_before_a_listed_noun_heads_the_clause() {
    let w = [
        "Hong",
        "Kong",
        "police",
        "brandished",
        "batons",
        "outside",
        "the",
        "legislature",
        ".",
    ];
    let a = repaired(&w);
    let v = at(&w, "brandished");
    assert_eq!(a.head(v), None);
    assert_eq!(a.deprel(at(&w, "Hong")), "nsubj");
    assert_eq!(a.head(at(&w, "batons")), Some(v));
    assert_eq!(a.deprel(at(&w, "batons")), "obj");
    assert_eq!(a.head(at(&w, ".")), Some(v));
}

#[test]
fn an_adjective_before_its_noun_stays_a_modifier() {
    let w = [
        "The", "relaxed", "rules", "took", "effect", "on", "Monday", ".",
    ];
    let a = repaired(&w);
    assert_eq!(a.deprel(at(&w, "relaxed")), "amod");
    assert_eq!(a.head(at(&w, "relaxed")), Some(at(&w, "rules")));
}

/// Parses `words`, rewrites the tree with `misparse` (a slip some parser
/// makes, built here so the test does not depend on the shipped model
/// making it), then repairs.
fn mended(
    words: &[&str],
    misparse: impl Fn(&mut Analysis<'static>, &'static Nlp),
) -> Analysis<'static> {
    let nlp = Nlp::builtin().expect("built-in models");
    let mut scratch = Scratch::default();
    let mut out = Analysis::default();
    nlp.analyze(words, &mut scratch, &mut out);
    misparse(&mut out, nlp);
    nlp.repair(&mut out);
    out
}

/// Asserts that `v` is the sentence's verb, with subject `s` and object `o`.
fn assert_heads_clause(a: &Analysis<'_>, v: usize, s: usize, o: usize) {
    assert_eq!(a.head(v), None);
    assert_eq!((a.head(s), a.deprel(s)), (Some(v), "nsubj"));
    assert_eq!((a.head(o), a.deprel(o)), (Some(v), "obj"));
}

/// Relation `name` as the parser's label table has it.
fn rel(nlp: &Nlp, name: &'static str) -> (u8, &'static str) {
    (nlp.parser.label_id(name).expect(name), name)
}

/// Tag (`upos`, `xpos`) as the tagger's table has it.
fn tag(
    nlp: &'static Nlp,
    upos: &str,
    xpos: &str,
) -> (dyad_nlp::TagId, dyad_nlp::Upos, &'static str) {
    let t = nlp.tagger.tag_id(upos, xpos).expect(xpos);
    (
        t,
        dyad_nlp::Upos::parse(upos).expect(upos),
        nlp.tagger.xpos(t),
    )
}

#[test]
fn a_verb_read_as_an_adjective_whose_subject_hangs_on_the_noun_heads_the_clause() {
    let w = [
        "Norway",
        "reimposed",
        "curbs",
        "on",
        "fishing",
        "fleets",
        ".",
    ];
    let (s, v, o, stop) = (
        at(&w, "Norway"),
        at(&w, "reimposed"),
        at(&w, "curbs"),
        at(&w, "."),
    );
    let a = mended(&w, |a, nlp| {
        // "Norway reimposed curbs" read as a noun phrase whose noun has a
        // subject.
        a.retag(v, tag(nlp, "VERB", "VBN"));
        a.reattach(o, None, rel(nlp, "root"));
        a.reattach(v, Some(o), rel(nlp, "amod"));
        a.reattach(s, Some(o), rel(nlp, "nsubj"));
        a.reattach(stop, Some(o), rel(nlp, "punct"));
    });
    assert_heads_clause(&a, v, s, o);
    assert_eq!(a.head(stop), Some(v));
}

#[test]
fn a_reduced_relative_on_a_verbless_sentences_noun_with_a_bare_object_heads_the_clause() {
    let w = [
        "Armed", "rebels", "seized", "two", "aid", "workers", "and", "held", "them", "for", "a",
        "week", ".",
    ];
    let (s, v, o, held, stop) = (
        at(&w, "rebels"),
        at(&w, "seized"),
        at(&w, "workers"),
        at(&w, "held"),
        at(&w, "."),
    );
    let a = mended(&w, |a, nlp| {
        // "Armed rebels (who were) seized by two aid workers and held ..."
        a.retag(v, tag(nlp, "VERB", "VBN"));
        a.reattach(s, None, rel(nlp, "root"));
        a.reattach(v, Some(s), rel(nlp, "acl"));
        a.reattach(o, Some(v), rel(nlp, "obl:agent"));
        a.reattach(held, Some(s), rel(nlp, "conj"));
        a.reattach(stop, Some(s), rel(nlp, "punct"));
    });
    assert_heads_clause(&a, v, s, o);
    assert_eq!(a.xpos(v), "VBD");
    assert_eq!(a.head(held), Some(v));
}

#[test]
fn a_titles_participle_with_a_marked_phrase_stays_a_relative() {
    // A headline-like noun phrase: "weapons (that were) seized in a raid".
    let w = ["Weapons", "seized", "in", "a", "raid", "."];
    let (n, v, raid) = (at(&w, "Weapons"), at(&w, "seized"), at(&w, "raid"));
    let a = mended(&w, |a, nlp| {
        a.retag(v, tag(nlp, "VERB", "VBN"));
        a.reattach(n, None, rel(nlp, "root"));
        a.reattach(v, Some(n), rel(nlp, "acl"));
        a.reattach(raid, Some(v), rel(nlp, "obl"));
    });
    assert_eq!((a.head(v), a.deprel(v)), (Some(n), "acl"));
    assert_eq!(a.head(n), None);
}

#[test]
fn a_name_read_as_a_compound_across_a_time_adjective_is_the_object() {
    let w = [
        "The",
        "president",
        "will",
        "visit",
        "Peru",
        "next",
        "week",
        ".",
    ];
    let (v, o, t) = (at(&w, "visit"), at(&w, "Peru"), at(&w, "week"));
    let a = mended(&w, |a, nlp| {
        a.reattach(t, Some(v), rel(nlp, "obl:unmarked"));
        a.reattach(o, Some(t), rel(nlp, "compound"));
    });
    assert_eq!((a.head(o), a.deprel(o)), (Some(v), "obj"));
    assert_eq!(a.head(t), Some(v));
}

#[test]
fn a_coordinated_noun_hung_on_the_verb_joins_the_list_before_it() {
    let w = [
        "The", "envoy", "spoke", "to", "Ramos", ",", "as", "well", "as", "Chile", "'s", "foreign",
        "minister", ".",
    ];
    let (v, first, m) = (at(&w, "spoke"), at(&w, "Ramos"), at(&w, "minister"));
    let a = mended(&w, |a, nlp| {
        a.reattach(m, Some(v), rel(nlp, "advcl"));
    });
    assert_eq!((a.head(m), a.deprel(m)), (Some(first), "conj"));
}

#[test]
fn a_second_subject_after_the_verb_and_a_comma_is_a_conjunct() {
    let w = [
        "The", "dispute", "prompted", "talks", "between", "Chile", ",", "Peru", "and", "Bolivia",
        ".",
    ];
    let (v, first, m) = (at(&w, "prompted"), at(&w, "Chile"), at(&w, "Peru"));
    let a = mended(&w, |a, nlp| {
        // The rest of the clause as it should be.
        a.retag(v, tag(nlp, "VERB", "VBD"));
        a.reattach(v, None, rel(nlp, "root"));
        a.reattach(at(&w, "dispute"), Some(v), rel(nlp, "nsubj"));
        a.reattach(at(&w, "talks"), Some(v), rel(nlp, "obj"));
        a.reattach(at(&w, "."), Some(v), rel(nlp, "punct"));
        a.reattach(first, Some(at(&w, "talks")), rel(nlp, "nmod"));
        a.reattach(at(&w, "Bolivia"), Some(first), rel(nlp, "conj"));
        // The slip.
        a.reattach(m, Some(v), rel(nlp, "nsubj"));
    });
    assert_eq!((a.head(m), a.deprel(m)), (Some(first), "conj"));
}

#[test]
fn a_clause_subject_after_and_is_not_made_a_conjunct() {
    let w = [
        "The", "talks", "stalled", ",", "and", "the", "envoys", "left", ".",
    ];
    let (m, left) = (at(&w, "envoys"), at(&w, "left"));
    let a = mended(&w, |a, nlp| {
        a.reattach(m, Some(left), rel(nlp, "nsubj"));
        a.reattach(at(&w, "and"), Some(m), rel(nlp, "cc"));
    });
    assert_eq!((a.head(m), a.deprel(m)), (Some(left), "nsubj"));
}

#[test]
fn a_participle_read_as_a_complement_before_its_nouns_conjunct_modifies_the_noun() {
    let w = [
        "We", "mourn", "the", "two", "Chilean", "soldiers", "killed", ",", "as", "well", "as",
        "their", "comrades", ".",
    ];
    let (v, n, m) = (at(&w, "killed"), at(&w, "soldiers"), at(&w, "comrades"));
    let a = mended(&w, |a, nlp| {
        a.retag(v, tag(nlp, "VERB", "VBN"));
        a.reattach(n, Some(at(&w, "mourn")), rel(nlp, "obj"));
        a.reattach(v, Some(at(&w, "mourn")), rel(nlp, "xcomp"));
        a.reattach(m, Some(v), rel(nlp, "obl"));
        for x in ["as", ","] {
            a.reattach(
                at(&w, x),
                Some(m),
                rel(nlp, if x == "," { "punct" } else { "cc" }),
            );
        }
    });
    assert_eq!((a.head(m), a.deprel(m)), (Some(n), "conj"));
    assert_eq!((a.head(v), a.deprel(v)), (Some(n), "acl"));
}

#[test]
fn an_object_after_an_adjunct_whose_determiner_hangs_on_an_adjective_is_the_object() {
    let w = [
        "The",
        "envoy",
        "condemned",
        "in",
        "the",
        "strongest",
        "terms",
        "the",
        "brutal",
        "and",
        "cowardly",
        "bombing",
        ".",
    ];
    let (v, terms, o) = (at(&w, "condemned"), at(&w, "terms"), at(&w, "bombing"));
    let a = mended(&w, |a, nlp| {
        a.reattach(terms, Some(v), rel(nlp, "obl"));
        a.reattach(o, Some(terms), rel(nlp, "nmod"));
        a.reattach(at(&w, "brutal"), Some(o), rel(nlp, "amod"));
        // "the" is the second one: the first belongs to "strongest terms".
        a.reattach(7, Some(at(&w, "brutal")), rel(nlp, "det"));
    });
    assert_eq!((a.head(o), a.deprel(o)), (Some(v), "obj"));
}

#[test]
fn a_modifier_after_its_noun_with_a_subject_after_it_is_the_verb() {
    let w = [
        "Officials",
        "temporarily",
        "eased",
        "their",
        "blockade",
        "of",
        "the",
        "port",
        ".",
    ];
    let (s, v, o) = (at(&w, "Officials"), at(&w, "eased"), at(&w, "blockade"));
    let a = mended(&w, |a, nlp| {
        a.retag(v, tag(nlp, "VERB", "VBN"));
        a.reattach(s, None, rel(nlp, "root"));
        a.reattach(v, Some(s), rel(nlp, "amod"));
        a.reattach(o, Some(v), rel(nlp, "nsubj"));
        a.reattach(at(&w, "."), Some(s), rel(nlp, "punct"));
    });
    assert_heads_clause(&a, v, s, o);
}

#[test]
fn a_noun_hung_on_its_coordinator_joins_the_list_before_it() {
    let w = [
        "The", "envoy", "spoke", "to", "Ramos", ",", "as", "well", "as", "Chile", "'s", "foreign",
        "minister", ".",
    ];
    let (v, first, c, m) = (
        at(&w, "spoke"),
        at(&w, "Ramos"),
        at(&w, "as"),
        at(&w, "minister"),
    );
    let a = mended(&w, |a, nlp| {
        a.reattach(c, Some(v), rel(nlp, "cc"));
        a.reattach(m, Some(c), rel(nlp, "nsubj"));
    });
    assert_eq!((a.head(m), a.deprel(m)), (Some(first), "conj"));
    assert_eq!((a.head(c), a.deprel(c)), (Some(m), "cc"));
}
