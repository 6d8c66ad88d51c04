//! Each resolution rule, on sentences of our own and a small knowledge base
//! of our own writing (so the tests do not move when the built-in one
//! grows).

use dyad_actors::{Memory, Mention, Resolver, Role, resolve::Scratch};
use dyad_kb::Kb;
use dyad_nlp::{Analysis, Nlp};

const KB: &str = "\
country\tUnited States\tUS;U.S.;United States of America;America\tUSA\t\t\tUSA
adjective\tAmerican\tAmericans\tUSA
capital\tWashington\t\tUSA
country\tChina\tPeople's Republic of China\tCHN\t\t\tCHN
adjective\tChinese\t\tCHN
capital\tBeijing\t\tCHN
country\tRussia\tRussian Federation\tRUS\t\t\tRUS
adjective\tRussian\tRussians\tRUS
capital\tMoscow\t\tRUS
country\tPakistan\t\tPAK\t\t\tPAK
adjective\tPakistani\tPakistanis\tPAK
country\tUnited Kingdom\tBritain;UK\tGBR\t\t\tGBR
adjective\tBritish\tBriton\tGBR
country\tTurkey\tTürkiye\tTUR\t\t\tTUR
adjective\tTurkish\tTurks\tTUR
country\tChad\t\tTCD\t\t\tTCD
adjective\tChadian\tChadians\tTCD
country\tAfghanistan\t\tAFG\t\t\tAFG
adjective\tAfghan\tAfghans\tAFG
capital\tKabul\t\tAFG
country\tNorland\t\tNRL\t\t\tNRL
adjective\tNorlandic\t\tNRL
org\tNorth Atlantic Treaty Organization\tNATO;Nato\t\tNATO\tIGO\tIGONATO\t\t\ttype=IGO
org\tEuropean Union\tEU\t\tEU\tIGO\tIGOEEC\t\t\ttype=IGO
org\tWhite House\t\tUSA\t\tGOV\tUSAGOV\t\t\ttype=GOVERNMENT_BODY
org\tXinhua\tXinhua News Agency\tCHN\tXinhua\tMED\tCHNMED\t\t\ttype=MEDIA
org\tTaliban\t\tAFG\tTaliban\tINS\tAFGINS\t\t\ttype=ARMED_GROUP
person\tAntony Blinken\tTony Blinken\tUSA\t\tGOV\tUSAGOV\t2021-01-26\t2025-01-20\ttitle=Secretary of State
person\tJoe Biden\t\tUSA\t\tGOV\tUSAGOV\t2009-01-20\t2017-01-20\ttitle=Vice President
person\tJoe Biden\t\tUSA\t\tGOV\tUSAGOV\t2021-01-20\t2025-01-20\ttitle=President
person\tWang Yi\t\tCHN\t\tGOV\tCHNGOV\t2013-03-16\t2022-12-30\ttitle=Minister of Foreign Affairs
person\tSergey Lavrov\tSergei Lavrov\tRUS\t\tGOV\tRUSGOV\t2004-03-09\t\ttitle=Minister of Foreign Affairs
person\tJens Stoltenberg\t\t\tNATO\tIGO\tIGONATO\t2014-10-01\t2024-10-01\ttitle=Secretary General
person\tTheresa May\t\tGBR\t\tGOV\tGBRGOV\t2016-07-13\t2019-07-24\ttitle=Prime Minister
person\tBorin Tal\t\tNRL\t\tGOV\tNRLGOVMIL\t2018\t2023\ttitle=Minister of Defence
person\tAda Quill\tQuill\tNRL\t\tGOV\tNRLGOV\t2019\t2022\ttitle=Minister of Foreign Affairs
role\tforeign minister\tforeign ministers;minister of foreign affairs\t\t\tGOV
role\tsecretary of state\t\t\t\tGOV
role\tsecretary general\tsecretary-general\t\t\tGOV
role\tcounterpart\tcounterparts\t\t\tGOV
role\tpresident\t\t\t\tGOV
role\tstate news agency\tstate media\t\t\tMED
role\tsecurity forces\t\t\t\tMIL
role\tpolice\tpolicemen\t\t\tCOP\t\t\t\tcollective=yes
role\tspecial envoy\tspecial envoys;envoy;envoys\t\t\tGOV
role\tdefence minister\tdefense minister\t\t\tGOV
role\tofficials\t\t\t\tGOV
role\tambassador\tambassadors\t\t\tGOV
role\tsecretary\t\t\t\tGOV
role\tgovernment\tgovernments\t\t\tGOV\t\t\t\tcollective=yes
role\tadministration\t\t\t\tGOV\t\t\t\tcollective=yes
";

fn kb() -> Kb {
    Kb::from_files(&[("test.tsv".to_owned(), KB.to_owned())]).expect("test knowledge base")
}

/// Every actor mention of `text` dated `day`: (text, key, sector, person).
fn mentions(kb: &Kb, text: &str, day: (i32, u8, u8)) -> Vec<Mention> {
    let nlp = Nlp::builtin().expect("built-in models");
    let resolver = Resolver::new(kb);
    let mut memory = Memory::default();
    let mut scratch = Scratch::default();
    let mut nlp_scratch = dyad_nlp::Scratch::default();
    let mut analysis = Analysis::default();
    let mut out = Vec::new();
    resolver.survey_document(text, &mut memory, &mut scratch);
    for (i, s) in dyad_text::sentences(text).iter().enumerate() {
        let words: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_ref()).collect();
        nlp.analyze(&words, &mut nlp_scratch, &mut analysis);
        resolver.sentence(i, s, &analysis, day, &mut memory, &mut scratch, &mut out);
    }
    out
}

fn summary(ms: &[Mention]) -> Vec<(String, String, String, String)> {
    ms.iter()
        .filter(|m| m.role == Role::Actor)
        .map(|m| {
            (
                m.text.clone(),
                m.actor.key().unwrap_or("-").to_owned(),
                m.actor.sector.clone().unwrap_or("-".into()),
                m.actor.person.clone().unwrap_or("-".into()),
            )
        })
        .collect()
}

fn has(ms: &[Mention], text: &str, key: &str, sector: &str, person: &str) -> bool {
    summary(ms)
        .iter()
        .any(|(t, k, s, p)| t == text && k == key && s == sector && p == person)
}

#[test]
fn a_person_holds_the_office_of_the_documents_date() {
    let kb = kb();
    let text = "Joe Biden met the envoys.";
    assert!(has(
        &mentions(&kb, text, (2015, 6, 1)),
        "Joe Biden",
        "USA",
        "GOV",
        "Joe Biden"
    ));
    let m = mentions(&kb, text, (2019, 6, 1));
    assert!(
        has(&m, "Joe Biden", "-", "-", "Joe Biden"),
        "{:?}",
        summary(&m)
    );
    assert!(has(
        &mentions(&kb, "Ada Quill spoke.", (2020, 3, 1)),
        "Ada Quill",
        "NRL",
        "GOV",
        "Ada Quill"
    ));
}

#[test]
fn composite_mentions_are_one_mention() {
    let kb = kb();
    let m = mentions(
        &kb,
        "US Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi on Monday.",
        (2021, 8, 17),
    );
    assert!(
        has(
            &m,
            "US Secretary of State Antony Blinken",
            "USA",
            "GOV",
            "Antony Blinken"
        ),
        "{:?}",
        summary(&m)
    );
    assert!(
        has(
            &m,
            "Chinese Foreign Minister Wang Yi",
            "CHN",
            "GOV",
            "Wang Yi"
        ),
        "{:?}",
        summary(&m)
    );
    let m = mentions(
        &kb,
        "Merkel also phoned Nato's secretary general Jens Stoltenberg and foreign ministers from Chad, Turkey and Pakistan.",
        (2021, 8, 17),
    );
    assert!(
        has(
            &m,
            "Nato's secretary general Jens Stoltenberg",
            "NATO",
            "IGO",
            "Jens Stoltenberg"
        ),
        "{:?}",
        summary(&m)
    );
    for c in ["TCD", "TUR", "PAK"] {
        assert!(
            summary(&m).iter().any(|(_, k, s, _)| k == c && s == "GOV"),
            "{c}: {:?}",
            summary(&m)
        );
    }
    let m = mentions(
        &kb,
        "Chinese state news agency Xinhua said the talks were useful.",
        (2021, 8, 17),
    );
    assert!(
        summary(&m)
            .iter()
            .all(|(_, k, s, _)| k == "CHN" && s == "MED"),
        "{:?}",
        summary(&m)
    );
    let m = mentions(&kb, "Russia's foreign minister arrived.", (2021, 8, 17));
    assert!(
        has(&m, "Russia's foreign minister", "RUS", "GOV", "-"),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn an_unknown_person_takes_country_and_sector_from_the_title() {
    let kb = kb();
    let m = mentions(
        &kb,
        "Pakistani Foreign Minister Omar Haldane said the talks went well.",
        (2021, 8, 17),
    );
    assert!(
        has(
            &m,
            "Pakistani Foreign Minister Omar Haldane",
            "PAK",
            "GOV",
            "Omar Haldane"
        ),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn capitals_acting_are_governments_and_places_after_in() {
    let kb = kb();
    let m = mentions(
        &kb,
        "Beijing said Washington would need to ease the pressure.",
        (2021, 8, 17),
    );
    assert!(has(&m, "Beijing", "CHN", "GOV", "-"), "{:?}", summary(&m));
    assert!(
        has(&m, "Washington", "USA", "GOV", "-"),
        "{:?}",
        summary(&m)
    );
    let m = mentions(
        &kb,
        "The delegates met in Beijing on Tuesday.",
        (2021, 8, 17),
    );
    assert!(
        m.iter()
            .any(|x| x.text == "Beijing" && x.role == Role::Place),
        "{m:?}"
    );
    assert!(summary(&m).is_empty(), "{:?}", summary(&m));
}

#[test]
fn case_and_blockers_keep_ordinary_words_out() {
    let kb = kb();
    let m = mentions(&kb, "They told us the turkey was ready.", (2021, 8, 17));
    assert!(summary(&m).is_empty(), "{:?}", summary(&m));
    let m = mentions(&kb, "Ships crossed the South China Sea.", (2021, 8, 17));
    assert!(m.iter().all(|x| x.actor.key() != Some("CHN")), "{m:?}");
    let m = mentions(&kb, "The US and Turkey signed the accord.", (2021, 8, 17));
    assert!(
        summary(&m)
            .iter()
            .any(|(t, k, _, _)| t == "US" && k == "USA"),
        "{:?}",
        summary(&m)
    );
    assert!(
        summary(&m)
            .iter()
            .any(|(t, k, _, _)| t == "Turkey" && k == "TUR"),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn the_document_remembers_surnames_titles_groups_and_subjects() {
    let kb = kb();
    let text = "Chinese Foreign Minister Wang Yi called US Secretary of State Antony Blinken. \
                The two countries agreed to keep talking. \
                Wang had also phoned his Russian counterpart Sergey Lavrov. \
                He said the call was useful. \
                The Secretary thanked him.";
    let m = mentions(&kb, text, (2021, 8, 16));
    let s = summary(&m);
    // "The two countries": the two parties just named.
    assert!(
        has(&m, "The two countries", "CHN", "GOV", "Wang Yi"),
        "{s:?}"
    );
    assert!(
        has(&m, "The two countries", "USA", "GOV", "Antony Blinken"),
        "{s:?}"
    );
    // A surname named earlier.
    assert!(has(&m, "Wang", "CHN", "GOV", "Wang Yi"), "{s:?}");
    // "his Russian counterpart Sergey Lavrov".
    assert!(
        has(
            &m,
            "Russian counterpart Sergey Lavrov",
            "RUS",
            "GOV",
            "Sergey Lavrov"
        ),
        "{s:?}"
    );
    // A pronoun subject: the last main-clause subject.
    assert!(has(&m, "He", "CHN", "GOV", "Wang Yi"), "{s:?}");
    // A title named earlier.
    assert!(
        has(&m, "Secretary", "USA", "GOV", "Antony Blinken"),
        "{s:?}"
    );
}

#[test]
fn domestic_roles_without_a_country_take_the_storys() {
    let kb = kb();
    let text = "Afghan officials said the Taliban attacked a checkpoint. Police arrested two men.";
    let m = mentions(&kb, text, (2021, 8, 16));
    assert!(has(&m, "Police", "AFG", "COP", "-"), "{:?}", summary(&m));
    assert!(has(&m, "Taliban", "AFG", "INS", "-"), "{:?}", summary(&m));
}

#[test]
fn extra_knowledge_overrides_the_built_in() {
    let extra =
        "person\tAda Quill\tQuill\tNRL\t\tMIL\tNRLMIL\t2019\t2022\ttitle=Chief of Defence\n";
    let kb = Kb::from_files(&[
        ("test.tsv".to_owned(), KB.to_owned()),
        ("extra.tsv".to_owned(), extra.to_owned()),
    ])
    .unwrap();
    assert!(has(
        &mentions(&kb, "Ada Quill spoke.", (2020, 3, 1)),
        "Ada Quill",
        "NRL",
        "MIL",
        "Ada Quill"
    ));
}

#[test]
fn empty_and_odd_input_give_no_mentions() {
    let kb = kb();
    for text in ["", " \n\t ", "\u{0}\u{7}", "!!!", "中国外交部"] {
        assert!(
            summary(&mentions(&kb, text, (2021, 1, 1))).is_empty(),
            "{text:?}"
        );
    }
}

#[test]
fn the_story_country_is_counted_over_the_whole_document() {
    let kb = kb();
    // The first country named is the publisher's; the story is Chad's.
    let text = "This report comes from the United States. Police detained two men on \
                Monday. The arrests followed protests in Chad, where Chadian officials \
                blamed the opposition. Chad has seen such protests before.";
    let m = mentions(&kb, text, (2021, 8, 16));
    assert!(has(&m, "Police", "TCD", "COP", "-"), "{:?}", summary(&m));
}

#[test]
fn we_is_the_speaker_in_a_quotation_and_the_voice_outside() {
    let kb = kb();
    let text = "Washington, June 3. The United States condemns the attack. We call on \
                Chad to investigate it.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(has(&m, "We", "USA", "GOV", "-"), "{:?}", summary(&m));
    let text = "\"We will stand by you,\" the Chinese foreign minister said.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(has(&m, "We", "CHN", "GOV", "-"), "{:?}", summary(&m));
    // No voice named up front, no speaker: no answer rather than a guess.
    let text = "It rained all week. We stayed at home.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(summary(&m).is_empty(), "{:?}", summary(&m));
}

#[test]
fn a_title_alone_is_the_documents_own_or_one_named_earlier() {
    let kb = kb();
    // A readout: "The President" is the publisher's.
    let text = "The White House. Readout of a call. The President spoke today with \
                President Putin of Russia.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(has(&m, "President", "USA", "GOV", "-"), "{:?}", summary(&m));
    // A lower-case title of two words still names someone met before.
    let text = "Norlandic Defence Minister Borin Tal arrived. The defence minister said \
                he was grateful.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(
        has(&m, "defence minister", "NRL", "GOV", "Borin Tal"),
        "{:?}",
        summary(&m)
    );
    // A body is not a person: "the Police" never takes a person's identity.
    let text = "Afghan Police Chief Amir Dost spoke. The Police detained two men.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(
        !m.iter()
            .any(|x| x.text == "Police" && x.actor.person.is_some()),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn a_month_is_not_a_surname() {
    let kb = kb();
    let m = mentions(&kb, "On May 18, 2018, the talks resumed.", (2018, 5, 18));
    assert!(
        m.iter().all(|x| x.actor.key() != Some("GBR")),
        "{:?}",
        summary(&m)
    );
    // The same name as a person is found.
    let m = mentions(&kb, "Theresa May spoke.", (2018, 5, 18));
    assert!(
        has(&m, "Theresa May", "GBR", "GOV", "Theresa May"),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn a_place_after_for_is_the_offices_portfolio() {
    let kb = kb();
    let text = "NATO Special Envoy for Afghanistan Kel Varro met officials in Washington.";
    let m = mentions(&kb, text, (2021, 6, 3));
    let envoy = m
        .iter()
        .find(|x| x.actor.person.as_deref() == Some("Kel Varro"))
        .unwrap_or_else(|| panic!("{:?}", summary(&m)));
    assert_eq!(envoy.actor.key(), Some("NATO"), "{:?}", summary(&m));
    // Where someone is ("in Washington") is not whom they serve.
    assert!(
        !m.iter()
            .any(|x| x.text.contains("Washington") && x.actor.person.is_some()),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn the_two_leaders_are_the_last_two_people() {
    let kb = kb();
    let text = "President Joe Biden spoke with Sergey Lavrov about support for separatists \
                in Chad. The two leaders agreed to talk again.";
    let m = mentions(&kb, text, (2022, 3, 1));
    assert!(
        has(&m, "The two leaders", "USA", "GOV", "Joe Biden"),
        "{:?}",
        summary(&m)
    );
    assert!(
        has(&m, "The two leaders", "RUS", "GOV", "Sergey Lavrov"),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn a_title_used_alone_keeps_its_meaning() {
    let kb = kb();
    // The first bare "President" is the voice's; a foreign president named
    // in between does not take the next one.
    let text = "The White House. Summary of the President's talks with President Putin of \
                Russia. The President spoke today with President Putin of Russia.";
    let m = mentions(&kb, text, (2021, 6, 3));
    let bare: Vec<_> = m
        .iter()
        .filter(|x| x.text == "President")
        .map(|x| x.actor.key())
        .collect();
    assert!(
        bare.len() >= 2 && bare.iter().all(|k| *k == Some("USA")),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn a_title_in_apposition_is_the_persons() {
    let kb = kb();
    let m = mentions(
        &kb,
        "Antony Blinken, Secretary of State, spoke.",
        (2021, 6, 3),
    );
    assert!(
        m.iter().any(|x| x.text == "Antony Blinken, Secretary of State"
            && x.actor.key() == Some("USA")),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn a_bare_title_needs_all_its_words() {
    let kb = kb();
    // "the Foreign Minister" is Quill (Minister of Foreign Affairs), not
    // Blinken (Secretary of State), though both were named.
    let text =
        "Norland's Ada Quill met Antony Blinken. The Foreign Minister said the talks went well.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(
        has(&m, "Foreign Minister", "NRL", "GOV", "Ada Quill"),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn an_armed_group_is_keyed_where_the_story_is() {
    let kb = kb();
    let text = "Pakistani troops fought the Taliban in the Swat valley of Pakistan. \
                Pakistan said the Taliban had broken the deal. Pakistan's army advanced.";
    let m = mentions(&kb, text, (2009, 5, 7));
    assert!(
        m.iter()
            .any(|x| x.text.contains("Taliban") && x.actor.key() == Some("PAK")),
        "{:?}",
        summary(&m)
    );
    // Where the story is about its home country, it stays there.
    let m = mentions(
        &kb,
        "The Taliban attacked Kabul. Afghanistan mourned.",
        (2021, 8, 1),
    );
    assert!(
        m.iter()
            .any(|x| x.text.contains("Taliban") && x.actor.key() == Some("AFG")),
        "{:?}",
        summary(&m)
    );
}

#[test]
fn they_are_the_two_people_just_named() {
    let kb = kb();
    let text = "Antony Blinken met Wang Yi in Rome. They agreed to meet again.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(
        has(&m, "They", "USA", "GOV", "Antony Blinken"),
        "{:?}",
        summary(&m)
    );
    assert!(
        has(&m, "They", "CHN", "GOV", "Wang Yi"),
        "{:?}",
        summary(&m)
    );
    // Three people named: no answer rather than a guess.
    let text = "Antony Blinken met Wang Yi and Sergey Lavrov. They agreed to meet again.";
    let m = mentions(&kb, text, (2021, 6, 3));
    assert!(!m.iter().any(|x| x.text == "They"), "{:?}", summary(&m));
}

#[test]
fn it_the_country_and_a_leaders_administration() {
    let kb = kb();
    // "it": the body that was the subject just before; the "of" phrase is
    // one mention.
    let ms = mentions(
        &kb,
        "The Government of Pakistan has promised an inquiry. Britain urged it to act quickly.",
        (2021, 8, 17),
    );
    assert!(
        has(&ms, "Government of Pakistan", "PAK", "GOV", "-"),
        "{:?}",
        summary(&ms)
    );
    assert!(has(&ms, "it", "PAK", "GOV", "-"), "{:?}", summary(&ms));
    // "the country": the story's country; "the Biden administration": his.
    let ms = mentions(
        &kb,
        "Pakistani police detained protesters. Pakistan's courts freed them. \
         The Biden administration praised the country.",
        (2021, 8, 17),
    );
    assert!(has(&ms, "country", "PAK", "GOV", "-"), "{:?}", summary(&ms));
    assert!(
        has(&ms, "administration", "USA", "GOV", "-"),
        "{:?}",
        summary(&ms)
    );
}

#[test]
fn a_known_person_out_of_office_keeps_their_country() {
    // Borin Tal was Norland's defence minister 2018-2023: in 2025 he holds
    // no office, but he is still Norland's, with no sector.
    let kb = kb();
    let ms = mentions(&kb, "Tal criticised the Chadian government.", (2025, 3, 1));
    assert!(
        has(&ms, "Tal", "NRL", "-", "Borin Tal"),
        "{:?}",
        summary(&ms)
    );
}
