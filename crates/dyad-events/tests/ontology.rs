//! The committed event ontology is what `dyad ontology build` makes from
//! the reference tables, and it holds what the coder needs.

use std::path::Path;

use dyad_events::Ontology;

#[test]
fn committed_table_is_the_build() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    if !dir.join("cameo_event_codes.tsv").is_file() {
        eprintln!("SKIP: {} not found", dir.display());
        return;
    }
    let built = dyad_events::ontology::build(&dir).expect("build");
    assert!(
        built == dyad_events::ontology::BUILTIN,
        "crates/dyad-events/data/cameo.tsv is stale: run `dyad ontology build --from ../shared/reference`"
    );
}

#[test]
fn codes_carry_names_values_and_plover() {
    let o = Ontology::builtin();
    assert_eq!(o.len(), 317);
    let c = o.get("041").expect("041");
    assert_eq!(c.name, "Discuss by telephone");
    assert_eq!(c.quad_class, 1);
    assert_eq!(c.plover_type, "CONSULT");
    assert_eq!(c.plover_mode, "phone");
    assert_eq!(o.get("190").unwrap().quad_class, 4);
    assert!(o.get("190").unwrap().goldstein.unwrap() < 0.0);
    assert!(o.get("999").is_none());
}

#[test]
fn intent_codes_follow_the_table() {
    assert_eq!(dyad_events::intent_code("042"), "036");
    assert_eq!(dyad_events::intent_code("190"), "138");
    assert_eq!(dyad_events::intent_code("163"), "1312");
    assert_eq!(dyad_events::intent_code("111"), "111");
}
