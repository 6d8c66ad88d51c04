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
        "temporarily",
        "relaxed",
        "their",
        "curfew",
        "in",
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
