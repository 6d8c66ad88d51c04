//! Facts the built-in knowledge base must hold: the people, offices and
//! organisations the issue names, looked up on dates.

use dyad_kb::{Kb, MatchScratch};

fn kb() -> &'static Kb {
    Kb::builtin().expect("built-in knowledge base")
}

/// The (country or org, sector) of `person`'s office on `day`.
fn office(person: &str, day: (i32, u8, u8)) -> Option<(String, String)> {
    kb().office_on(person, day).map(|e| {
        let key = if e.sector == "IGO" && !e.org.is_empty() {
            e.org.clone()
        } else {
            e.country.clone()
        };
        (key, e.sector[..3].to_owned())
    })
}

fn pair(a: &str, b: &str) -> Option<(String, String)> {
    Some((a.to_owned(), b.to_owned()))
}

#[test]
fn people_hold_the_office_of_the_day() {
    assert_eq!(office("Antony Blinken", (2021, 8, 16)), pair("USA", "GOV"));
    assert_eq!(office("Joe Biden", (2015, 6, 1)), pair("USA", "GOV"));
    assert_eq!(
        office("Joe Biden", (2019, 6, 1)),
        None,
        "Biden held no office in 2019"
    );
    assert_eq!(office("Joe Biden", (2022, 6, 1)), pair("USA", "GOV"));
    assert_eq!(office("Wang Yi", (2021, 8, 16)), pair("CHN", "GOV"));
    assert_eq!(
        office("Jens Stoltenberg", (2021, 8, 16)),
        pair("NATO", "IGO")
    );
    assert_eq!(office("Donald Trump", (2019, 6, 1)), pair("USA", "GOV"));
    assert_eq!(office("Donald Trump", (2022, 6, 1)), None);
}

#[test]
fn defence_ministers_are_government() {
    assert_eq!(office("Lloyd Austin", (2022, 5, 10)), pair("USA", "GOV"));
}

#[test]
fn organisations_carry_key_and_sector() {
    let xinhua = kb().org("Xinhua").or_else(|| {
        kb().entries()
            .map(|(_, e)| e)
            .find(|e| e.name.starts_with("Xinhua"))
    });
    let xinhua = xinhua.expect("Xinhua");
    assert_eq!(
        (xinhua.country.as_str(), &xinhua.sector[..3]),
        ("CHN", "MED")
    );
    let nato = kb().org("NATO").expect("NATO");
    assert_eq!(nato.sector, "IGO");
    assert!(kb().org("UN").is_some() && kb().org("EU").is_some());
}

/// The kinds of entry found in `text`, as (matched text, kind) pairs.
fn found(text: &str) -> Vec<(String, &'static str)> {
    let tokens = dyad_text::tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.norm.as_ref()).collect();
    let mut out = Vec::new();
    kb().find(&words, &mut MatchScratch::default(), &mut out);
    out.iter()
        .map(|c| {
            (
                words[c.start..c.end].join(" "),
                kb().entry(c.entry).kind().as_str(),
            )
        })
        .collect()
}

#[test]
fn case_tells_countries_from_words() {
    let countries = |t: &str| {
        found(t)
            .into_iter()
            .filter(|(_, k)| *k == "country")
            .map(|(w, _)| w)
            .collect::<Vec<_>>()
    };
    assert_eq!(countries("The US told us to roast a turkey."), ["US"]);
    assert_eq!(
        countries("Turkey and Chad met in Jordan."),
        ["Turkey", "Chad", "Jordan"]
    );
    assert!(countries("They will chad the turkey.").is_empty());
    // A form ending in a period matches inside a sentence and at its end.
    assert_eq!(countries("U.S. officials left the U.S."), ["U.S.", "U.S ."]);
}

#[test]
fn role_lexicon_covers_the_issue_list() {
    let sector = |role: &str| {
        kb().entries()
            .map(|(_, e)| e)
            .find(|e| e.kind() == dyad_kb::Kind::Role && e.surfaces().any(|s| s == role))
            .map(|e| e.sector[..3].to_owned())
    };
    for (role, want) in [
        ("foreign minister", "GOV"),
        ("secretary of state", "GOV"),
        ("spokesperson", "GOV"),
        ("ambassador", "GOV"),
        ("envoy", "GOV"),
        ("troops", "MIL"),
        ("army", "MIL"),
        ("navy", "MIL"),
        ("air force", "MIL"),
        ("soldiers", "MIL"),
        ("police", "COP"),
        ("rebels", "REB"),
        ("insurgents", "INS"),
        ("militants", "INS"),
        ("protesters", "CVL"),
        ("demonstrators", "CVL"),
        ("opposition", "OPP"),
        ("state media", "MED"),
        ("news agency", "MED"),
        ("court", "JUD"),
        ("judge", "JUD"),
        ("lawmakers", "LEG"),
        ("refugees", "REF"),
    ] {
        assert_eq!(sector(role).as_deref(), Some(want), "role {role:?}");
    }
}

#[test]
fn accents_fold_away_in_matching() {
    let kinds = |t: &str| found(t).into_iter().map(|(w, _)| w).collect::<Vec<_>>();
    assert!(
        kinds("Abdullah Gul spoke.")
            .iter()
            .any(|w| w == "Abdullah Gul")
    );
    assert!(
        kinds("Abdullah Gül spoke.")
            .iter()
            .any(|w| w == "Abdullah Gül")
    );
    assert_eq!(dyad_kb::fold("Türkiye"), "turkiye");
}

#[test]
fn honorifics_are_not_part_of_a_name() {
    // One person, whichever source wrote "Prince".
    assert_eq!(
        office("Faisal bin Farhan Al Saud", (2024, 4, 14)),
        pair("SAU", "GOV")
    );
    assert_eq!(kb().offices("Prince Faisal bin Farhan Al Saud").count(), 0);
}
