//! The event coder on sentences of our own: frames, passives,
//! coordination, modality, dates; the lexicon's examples; the native
//! scorer against the reference one.

use std::path::Path;

use dyad::actors::Resolver;
use dyad::events::{Coder, Event, Lexicon};
use dyad::kb::Kb;

fn code(text: &str, day: (i32, u8, u8)) -> Vec<Event> {
    let nlp = dyad::nlp::Nlp::builtin().expect("models");
    let kb = Kb::builtin().expect("kb");
    let resolver = Resolver::new(kb);
    let lex = Lexicon::builtin().expect("lexicon");
    let coder = Coder::new(&lex);
    dyad::pipeline::document_events("t", text, day, nlp, &resolver, &coder)
}

/// (source key, target key, code) of each event.
fn dyads(events: &[Event]) -> Vec<(String, String, String)> {
    events
        .iter()
        .map(|e| {
            let k = |p: &Option<dyad::events::Party>| {
                p.as_ref().and_then(|p| p.key()).unwrap_or("-").to_owned()
            };
            (k(&e.source), k(&e.target), e.cameo.clone())
        })
        .collect()
}

fn has(events: &[Event], s: &str, t: &str, root: &str) -> bool {
    dyads(events)
        .iter()
        .any(|(a, b, c)| a == s && b == t && c.starts_with(root))
}

const DAY: (i32, u8, u8) = (2021, 8, 17); // a Tuesday

#[test]
fn subject_and_prepositional_target() {
    let e = code(
        "Kenyan President William Ruto met with Ugandan officials in Kampala.",
        DAY,
    );
    assert!(has(&e, "KEN", "UGA", "04"), "{:?}", dyads(&e));
}

#[test]
fn the_passive_agent_is_the_source() {
    let e = code("The Malian army was attacked by Islamist militants.", DAY);
    let d = dyads(&e);
    assert!(
        d.iter()
            .any(|(s, t, c)| s == "MLI" && t == "MLI" && c.starts_with("19"))
            || d.iter().any(|(_, t, c)| t == "MLI" && c.starts_with("1")),
        "{d:?}"
    );
    // The army is the target, never the source.
    assert!(!d.iter().any(|(s, t, _)| s == "MLI" && t == "-"), "{d:?}");
}

#[test]
fn coordination_gives_one_event_per_actor() {
    let e = code(
        "The Chilean foreign minister spoke to his counterparts from Peru, Bolivia and Argentina.",
        DAY,
    );
    for t in ["PER", "BOL", "ARG"] {
        assert!(has(&e, "CHL", t, "04"), "{t}: {:?}", dyads(&e));
    }
}

#[test]
fn negation_questions_and_conditions_code_nothing() {
    for text in [
        "Norway did not condemn Sweden.",
        "Did Norway condemn Sweden?",
        "If Norway condemns Sweden, the talks will end.",
    ] {
        let e = code(text, DAY);
        assert!(!has(&e, "NOR", "SWE", "11"), "{text}: {:?}", dyads(&e));
    }
    let e = code("Norway condemned Sweden.", DAY);
    assert!(has(&e, "NOR", "SWE", "11"), "{:?}", dyads(&e));
}

#[test]
fn intent_takes_the_intent_code() {
    let e = code(
        "The Indian prime minister will visit Japan next month.",
        DAY,
    );
    assert!(
        dyads(&e)
            .iter()
            .any(|(s, t, c)| s == "IND" && t == "JPN" && c == "036"),
        "{:?}",
        dyads(&e)
    );
}

#[test]
fn dates_come_from_the_clause_else_the_document() {
    let e = code("Estonia condemned Russia on Monday.", DAY);
    let d = e
        .iter()
        .find(|e| e.cameo.starts_with("11"))
        .expect("an event");
    assert_eq!(d.date.as_deref(), Some("2021-08-16"));
    assert_eq!(d.date_text.as_deref(), Some("on Monday"));
    let e = code("Estonia condemned Russia.", DAY);
    assert_eq!(e[0].date.as_deref(), Some("2021-08-17"));
}

#[test]
fn the_same_event_twice_is_one_event_with_two_mentions() {
    let e = code("Latvia condemned Belarus. Latvia condemned Belarus.", DAY);
    let same: Vec<&Event> = e.iter().filter(|e| e.cameo.starts_with("11")).collect();
    assert_eq!(same.len(), 1, "{:?}", dyads(&e));
    assert_eq!(same[0].mentions, 2);
}

#[test]
fn events_carry_their_evidence_and_ontology() {
    let e = code("Ghana condemned Togo.", DAY);
    let ev = &e[0];
    assert!(!ev.evidence.rule.is_empty());
    assert_eq!(ev.quad_class, 3);
    assert!(ev.goldstein.is_some());
    assert_eq!(ev.text, "Ghana condemned Togo.");
    assert_eq!(
        &"Ghana condemned Togo."[ev.evidence.span[0]..ev.evidence.span[1]],
        "condemned"
    );
}

/// Most examples of the lexicon code their own pattern. Not all: some
/// examples parse badly; `dyad lexicon check` lists them. This guards the
/// share from falling.
#[test]
fn lexicon_examples_code_their_patterns() {
    let nlp = dyad::nlp::Nlp::builtin().unwrap();
    let kb = Kb::builtin().unwrap();
    let resolver = Resolver::new(kb);
    let lex = Lexicon::builtin().unwrap();
    assert!(lex.len() >= 1500, "{} patterns", lex.len());
    let coder = Coder::new(&lex);
    let ok = lex
        .patterns()
        .iter()
        .filter(|p| {
            dyad::pipeline::document_events("x", &p.example, (2024, 6, 1), nlp, &resolver, &coder)
                .iter()
                .any(|e| e.evidence.rule == p.id || e.cameo == p.code)
        })
        .count();
    let share = ok as f64 / lex.len() as f64;
    assert!(
        share >= 0.65,
        "only {ok} of {} examples code ({share:.3})",
        lex.len()
    );
}

#[test]
fn lexicon_errors_name_the_file_and_pattern() {
    let bad =
        "[[pattern]]\nid = \"x.y\"\ncode = \"999\"\nverb = \"meet\"\nexample = \"A met B.\"\n";
    let err = Lexicon::with_extra(&[("extra.toml".into(), bad.into())]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("extra.toml") && msg.contains("x.y") && msg.contains("999"),
        "{msg}"
    );
    let err = Lexicon::with_extra(&[("extra.toml".into(), "[[pattern]\n".into())]).unwrap_err();
    assert!(err.to_string().contains("extra.toml"), "{err}");
}

#[test]
fn native_score_agrees_with_score_py() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval");
    let gold = shared.join("dev/gold.jsonl");
    if !gold.is_file() {
        eprintln!("SKIP: {} not found", gold.display());
        return;
    }
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if python.is_err() {
        eprintln!("SKIP: python3 not found, cannot run score.py");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["eval", "--json", "--events"])
        .arg(&events)
        .arg(&gold)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reference = std::process::Command::new("python3")
        .arg(shared.join("score.py"))
        .arg(&gold)
        .arg(&events)
        .arg("--json")
        .output()
        .unwrap();
    let theirs: serde_json::Value = serde_json::from_slice(&reference.stdout).unwrap();
    for k in ["precision", "recall", "f1"] {
        let (a, b) = (ours[k].as_f64().unwrap(), theirs[k].as_f64().unwrap());
        assert!((a - b).abs() < 5e-4, "{k}: ours {a}, score.py {b}");
    }
    for k in ["tp", "fp", "fn"] {
        assert_eq!(ours[k], theirs[k], "{k}");
    }
}

/// Bad input: an empty document, a document with no date, a 5 MB single
/// paragraph, a JSONL line that is not JSON: each gets a message naming it,
/// and the rest of the batch is coded.
#[test]
fn bad_documents_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("batch.jsonl");
    let long = "Kenya condemned Uganda ".repeat(250_000); // ~5.7 MB, no full stop
    let lines = [
        r#"{"id": "good", "published": "2021-08-17", "raw": "Ghana condemned Togo on Monday."}"#
            .to_owned(),
        "this line is not JSON".to_owned(),
        r#"{"id": "empty", "published": "2021-08-17", "raw": ""}"#.to_owned(),
        r#"{"id": "undated", "raw": "Chile praised Peru."}"#.to_owned(),
        r#"{"id": "notext", "published": "2021-08-17"}"#.to_owned(),
        serde_json::json!({"id": "long", "published": "2021-08-17", "raw": long}).to_string(),
    ];
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--date", "2021-08-18"])
        .arg(&jsonl)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "skipped documents make the exit 1"
    );
    assert!(
        stderr.contains("batch.jsonl:2") && stderr.contains("not a JSON"),
        "{stderr}"
    );
    assert!(stderr.contains("empty"), "{stderr}");
    assert!(
        stderr.contains("batch.jsonl:5") && stderr.contains("\"raw\""),
        "{stderr}"
    );
    let docs: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(docs.iter().any(|d| d == "good"), "{stdout}");
    // The undated document takes --date.
    let undated = stdout
        .lines()
        .find(|l| l.contains("\"undated\""))
        .expect("undated coded");
    assert!(undated.contains("2021-08-18"), "{undated}");
    assert!(
        docs.iter().any(|d| d == "long"),
        "the long paragraph is coded too"
    );
}

#[test]
fn a_pronoun_object_is_the_actor_named_before_it() {
    let e = code(
        "Bolivian soldiers detained opposition leader Luis Arce and deported him to Peru.",
        DAY,
    );
    // "him" is the person detained, not the soldiers.
    assert!(
        e.iter().any(|e| e.cameo.starts_with("17")
            && e.target.as_ref().is_some_and(
                |t| t.entity.as_deref() == Some("Luis Arce") || t.text.contains("Arce")
            )),
        "{:?}",
        dyads(&e)
    );
}

#[test]
fn coordinated_subjects_of_cooperation_act_on_each_other() {
    let e = code(
        "The presidents of Poland and Lithuania met in Vilnius.",
        DAY,
    );
    let d = dyads(&e);
    assert!(
        d.iter().any(|(s, t, c)| c.starts_with("04")
            && ((s == "POL" && t == "LTU") || (s == "LTU" && t == "POL"))),
        "{d:?}"
    );
}

#[test]
fn it_in_a_reported_clause_is_the_speaker() {
    let e = code("Iran said it had expelled two French diplomats.", DAY);
    assert!(has(&e, "IRN", "FRA", "1"), "{:?}", dyads(&e));
}

#[test]
fn a_named_day_carries_to_the_next_sentences() {
    let e = code(
        "Kenya condemned Uganda on Saturday. Kenya also criticized Tanzania.",
        DAY,
    );
    let tz = e
        .iter()
        .find(|e| e.target.as_ref().and_then(|t| t.key()) == Some("TZA"))
        .expect("an event against Tanzania");
    assert_eq!(tz.date.as_deref(), Some("2021-08-14"));
}

#[test]
fn events_carry_their_place_and_their_quote() {
    let e = code(
        "Taliban fighters attacked Afghan troops in Kandahar on Monday.",
        DAY,
    );
    let ev = e
        .iter()
        .find(|e| e.cameo.starts_with("19"))
        .unwrap_or_else(|| panic!("{:?}", dyads(&e)));
    let loc = ev.location.as_ref().expect("a place");
    assert_eq!(loc.text, "Kandahar");
    assert_eq!(loc.country.as_deref(), Some("AFG"));
    assert!(
        loc.lat.is_some_and(|lat| (31.0..32.5).contains(&lat)),
        "{loc:?}"
    );
    let e = code(
        "\"We condemn the attack on Kyiv by Russia,\" Ukrainian President Volodymyr Zelensky said.",
        (2023, 8, 17),
    );
    let attack = e
        .iter()
        .find(|e| e.cameo.starts_with("19"))
        .unwrap_or_else(|| panic!("{:?}", dyads(&e)));
    // The attacker is "by Russia", not the speaker who condemns it.
    assert_eq!(attack.source.as_ref().and_then(|p| p.key()), Some("RUS"));
    assert_eq!(attack.target.as_ref().and_then(|p| p.key()), Some("UKR"));
    assert_eq!(
        attack.quote.as_ref().and_then(|p| p.key()),
        Some("UKR"),
        "said inside a quotation"
    );
}

#[test]
fn predicative_adjectives_and_the_one_told() {
    let e = code("Moldova is grateful to Romania for its support.", DAY);
    assert!(has(&e, "MDA", "ROU", "05"), "{:?}", dyads(&e));
    // A modifier is no trigger: "the grateful Moldovans" praise no one.
    let e = code("The grateful Moldovans cheered Romania.", DAY);
    assert!(
        !e.iter()
            .any(|e| e.evidence.rule == "diplomacy.praise.grateful"),
        "{:?}",
        dyads(&e)
    );
    // What a clause reports is addressed to the one told.
    let e = code(
        "The Kenyan foreign minister was told Uganda was willing to talk.",
        DAY,
    );
    assert!(has(&e, "UGA", "KEN", "03"), "{:?}", dyads(&e));
}

#[test]
fn negated_objects_and_naming_code_nothing() {
    let e = code("Peru will recognize no other president than Castillo.", DAY);
    assert!(
        !dyads(&e)
            .iter()
            .any(|(_, _, c)| c.starts_with("05") || c.starts_with("03")),
        "{:?}",
        dyads(&e)
    );
    let e = code(
        "Kenyan officials called Uganda's actions a threat to peace.",
        DAY,
    );
    assert!(
        !dyads(&e)
            .iter()
            .any(|(_, _, c)| c == "041" || c.starts_with("02")),
        "{:?}",
        dyads(&e)
    );
}

#[test]
fn intent_reaches_down_a_chain_of_complements() {
    let e = code(
        "The presidents of Kenya and Uganda agreed to continue to cooperate and meet in Kampala next month.",
        DAY,
    );
    assert!(
        dyads(&e).iter().any(|(_, _, c)| c == "036"),
        "meet, under 'agreed to continue ... and', is intended: {:?}",
        dyads(&e)
    );
}

#[test]
fn a_group_is_where_its_phrase_places_it() {
    let e = code(
        "Japan pledged 20 million dollars in humanitarian assistance to families displaced by floods in Pakistan and Bangladesh.",
        DAY,
    );
    for t in ["PAK", "BGD"] {
        assert!(
            dyads(&e)
                .iter()
                .any(|(s, tg, c)| s == "JPN" && tg == t && c.starts_with('0')),
            "{t}: {:?}",
            dyads(&e)
        );
    }
}

#[test]
fn a_placed_group_keeps_its_sector() {
    let e = code(
        "Japan pledged 20 million dollars in humanitarian assistance to families displaced by floods in Pakistan and Bangladesh.",
        DAY,
    );
    let pak = e
        .iter()
        .find(|e| e.target.as_ref().and_then(|p| p.key()) == Some("PAK"))
        .unwrap_or_else(|| panic!("{:?}", dyads(&e)));
    assert_eq!(pak.target.as_ref().unwrap().sector.as_deref(), Some("CVL"));
}

#[test]
fn a_leaders_name_before_a_role_and_the_nation_resolve() {
    // Two Peruvian mentions make Peru the story's country; "the Obama
    // administration" is Washington's; "the Andean nation" is Peru.
    let e = code(
        "Peruvian police detained protesters in Lima. Peru's congress met on Monday. \
         The Obama administration expressed concern over the situation in the Andean nation.",
        (2014, 8, 5),
    );
    assert!(
        dyads(&e).iter().any(|(s, t, c)| s == "USA"
            && t == "PER"
            && (c.starts_with("01") || c.starts_with("11"))),
        "{:?}",
        dyads(&e)
    );
}

#[test]
fn the_means_of_unattributed_violence_sets_the_code() {
    // No attacker is named: the terrorist attack is the means, and it is
    // unconventional violence (18), not military force (19).
    let e = code(
        "A terrorist attack in Mombasa on Monday killed four Kenyan police officers.",
        DAY,
    );
    assert!(has(&e, "-", "KEN", "18"), "{:?}", dyads(&e));
}

#[test]
fn a_re_verb_codes_as_its_stem_and_a_weapons_test_is_a_show_of_force() {
    let e = code("Japan re-imposed sanctions on North Korea.", DAY);
    assert!(has(&e, "JPN", "PRK", "16"), "{:?}", dyads(&e));
    let e = code(
        "Pakistan conducted a ballistic missile test on Monday.",
        DAY,
    );
    assert!(has(&e, "PAK", "-", "15"), "{:?}", dyads(&e));
}

/// Codes `text` after `misparse` has rewritten each sentence's tree: how
/// the coder copes with attachments the parser gets wrong in news.
fn code_misparsed(
    text: &str,
    misparse: impl Fn(&mut dyad::nlp::Analysis<'_>, &dyad::nlp::Nlp, &[&str]),
) -> Vec<Event> {
    let nlp = dyad::nlp::Nlp::builtin().expect("models");
    let kb = Kb::builtin().expect("kb");
    let resolver = Resolver::new(kb);
    let lex = Lexicon::builtin().expect("lexicon");
    let coder = Coder::new(&lex);
    let mut doc = dyad::events::Document::new();
    dyad::pipeline::each_sentence_with_actors(text, DAY, nlp, &resolver, |index, s, a, m| {
        let mut a = a.clone();
        let forms: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_ref()).collect();
        misparse(&mut a, nlp, &forms);
        let input = dyad::events::Input {
            doc: "t",
            index,
            sentence: s,
            analysis: &a,
            mentions: m,
            day: DAY,
        };
        coder.sentence(&input, &mut doc, None);
    });
    doc.events
}

/// The index of word `form`.
fn word(forms: &[&str], form: &str) -> usize {
    forms
        .iter()
        .position(|&f| f == form)
        .unwrap_or_else(|| panic!("no {form:?}"))
}

/// Relation `name` as the parser's label table has it.
fn rel(nlp: &dyad::nlp::Nlp, name: &'static str) -> (u8, &'static str) {
    (nlp.parser.label_id(name).expect("relation"), name)
}

#[test]
fn a_list_item_read_as_a_nouns_subject_is_still_in_the_list() {
    // A misparse one parser made: the second item after "as well as" as
    // the subject of the third, which hangs bare on the verb.
    let e = code_misparsed(
        "Merkel spoke to Putin, as well as Nato's secretary general and \
         foreign ministers from Chile.",
        |a, nlp, f| {
            let (spoke, sec, min) = (word(f, "spoke"), word(f, "secretary"), word(f, "ministers"));
            a.reattach(min, Some(spoke), rel(nlp, "obl"));
            a.reattach(sec, Some(min), rel(nlp, "nsubj"));
            a.reattach(word(f, "general"), Some(sec), rel(nlp, "amod"));
            a.reattach(word(f, "foreign"), Some(min), rel(nlp, "amod"));
            a.reattach(word(f, "and"), Some(min), rel(nlp, "cc"));
        },
    );
    let d = dyads(&e);
    assert!(has(&e, "DEU", "RUS", "04"), "{d:?}");
    assert!(has(&e, "DEU", "CHL", "04"), "{d:?}");
    assert!(has(&e, "DEU", "NATO", "04"), "{d:?}");
}

#[test]
fn examples_after_including_are_not_the_verbs_participants() {
    // "including disputes with Bolivia" hung on the verb: the topic's
    // examples, not whom Chile and Peru talked with.
    let e = code_misparsed(
        "Chile and Peru discussed trade issues, including disputes with Bolivia.",
        |a, nlp, f| {
            a.reattach(
                word(f, "disputes"),
                Some(word(f, "discussed")),
                rel(nlp, "obl"),
            );
        },
    );
    let d = dyads(&e);
    assert!(!d.iter().any(|(_, t, _)| t == "BOL"), "{d:?}");
    assert!(
        has(&e, "CHL", "PER", "04") || has(&e, "PER", "CHL", "04"),
        "{d:?}"
    );
}

#[test]
fn aid_hung_on_the_verb_beside_its_amount_is_still_the_subjects() {
    let e = code_misparsed(
        "Japan announced $200 million in humanitarian assistance to Sudan.",
        |a, nlp, f| {
            let (v, aid) = (word(f, "announced"), word(f, "assistance"));
            a.reattach(aid, Some(v), rel(nlp, "obl"));
        },
    );
    assert!(has(&e, "JPN", "SDN", "07"), "{:?}", dyads(&e));
}
