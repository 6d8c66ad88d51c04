//! `dyad ingest` and `dyad query` on documents of our own writing:
//! idempotence, resuming after a crash, one event per happening, filters,
//! bad input; and the dev set when `../shared` is there.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use dyad_store::{Counts, SqliteStore, Store};

/// The same attack told by three outlets, another attack the same day in
/// another city, and two unrelated stories.
const DOCS: &[(&str, &str)] = &[
    (
        "a.txt",
        "Russian troops attacked Ukrainian forces in Kharkiv on Tuesday, regional officials said.\n\n\
         The assault began before dawn and lasted several hours, according to local residents.\n",
    ),
    (
        "b.txt",
        "Ukraine said Russian forces attacked its soldiers in Kharkiv on Tuesday.\n\n\
         A spokesman for the regional administration said the fighting had stopped by the evening.\n",
    ),
    (
        "c.txt",
        "Russian forces attacked Ukrainian troops near Kharkiv on Tuesday, the defence ministry in Kyiv said.\n\n\
         It was the third such assault in the area this month.\n",
    ),
    (
        "d.txt",
        "Russian troops attacked Ukrainian forces in Odesa on Tuesday, the city's mayor said.\n\n\
         Residents reported explosions near the port.\n",
    ),
    (
        "e.txt",
        "The foreign ministers of France and Germany met in Paris on Wednesday to discuss trade.\n",
    ),
    (
        "f.txt",
        "Kenya and Tanzania signed an agreement on cross-border trade on Monday, officials in Nairobi said.\n",
    ),
];

fn write_docs(dir: &Path) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for (name, text) in DOCS {
        std::fs::write(docs.join(name), text).unwrap();
    }
    docs
}

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// Runs `dyad ingest ARGS --db DB --date 2025-05-01`; returns stderr.
fn ingest(db: &Path, args: &[&Path]) -> String {
    let out = dyad()
        .arg("ingest")
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--date", "2025-05-01"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

/// `dyad query --db DB ARGS`, standard output.
fn query(db: &Path, args: &[&str]) -> String {
    let out = dyad()
        .arg("query")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn counts(db: &Path) -> Counts {
    SqliteStore::open_existing(db).unwrap().counts().unwrap()
}

#[test]
fn ingest_twice_equals_once() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write_docs(dir.path());
    let db = dir.path().join("t.db");
    let first = ingest(&db, &[&docs]);
    assert!(first.contains("6 read, 6 stored"), "{first}");
    let once = counts(&db);
    let events = query(&db, &[]);
    let second = ingest(&db, &[&docs]);
    assert!(
        second.contains("6 read, 0 stored (0 event mentions), 6 already stored"),
        "{second}"
    );
    assert_eq!(counts(&db), once);
    assert_eq!(query(&db, &[]), events);
    // The same document under another name is the same document.
    let copy = dir.path().join("copy.txt");
    std::fs::copy(docs.join("a.txt"), &copy).unwrap();
    let third = ingest(&db, &[&copy]);
    assert!(third.contains("1 already stored"), "{third}");
    assert_eq!(counts(&db), once);
}

#[test]
fn a_killed_ingest_resumes_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write_docs(dir.path());
    let whole = dir.path().join("whole.db");
    ingest(&whole, &[&docs]);
    let db = dir.path().join("killed.db");
    // The process dies (abort, like a kill -9: no unwinding, no clean-up)
    // right after committing its third document.
    let out = dyad()
        .arg("ingest")
        .arg(&docs)
        .arg("--db")
        .arg(&db)
        .args(["--date", "2025-05-01"])
        .env("DYAD_TEST_ABORT_AFTER", "3")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.status.code().is_none(), "killed by a signal");
    assert_eq!(counts(&db).documents, 3);
    let rerun = ingest(&db, &[&docs]);
    assert!(rerun.contains("3 stored"), "{rerun}");
    assert!(rerun.contains("3 already stored"), "{rerun}");
    assert_eq!(counts(&db), counts(&whole));
    assert_eq!(query(&db, &[]), query(&whole, &[]));
}

fn events(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn three_outlets_one_event_two_cities_two() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write_docs(dir.path());
    let db = dir.path().join("t.db");
    ingest(&db, &[&docs]);
    let attacks = events(&query(&db, &["--cameo", "19"]));
    assert_eq!(attacks.len(), 2, "{attacks:#?}");
    let place = |e: &serde_json::Value| e["location"]["text"].as_str().unwrap().to_owned();
    let kharkiv = attacks.iter().find(|e| place(e) == "Kharkiv").unwrap();
    assert_eq!(kharkiv["mentions"], 3);
    assert_eq!(kharkiv["documents"], 3);
    assert_eq!(kharkiv["sources"], 3);
    assert_eq!(kharkiv["date"], "2025-04-29");
    let odesa = attacks.iter().find(|e| place(e) == "Odesa").unwrap();
    assert_eq!(odesa["mentions"], 1);

    // The other way round, one file at a time: the same events.
    let reversed = dir.path().join("reversed.db");
    let mut files: Vec<PathBuf> = DOCS.iter().map(|(n, _)| docs.join(n)).collect();
    files.reverse();
    for f in &files {
        ingest(&reversed, &[f]);
    }
    assert_eq!(query(&reversed, &[]), query(&db, &[]));
}

#[test]
fn query_filters_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write_docs(dir.path());
    let db = dir.path().join("t.db");
    ingest(&db, &[&docs]);
    let n = |args: &[&str]| events(&query(&db, args)).len();
    let all = n(&[]);
    assert!(all >= 4, "{all}");
    assert_eq!(n(&["--actor", "RUS"]), 2);
    assert_eq!(n(&["--actor", "ukrmil"]), 2);
    assert_eq!(n(&["--source", "RUS", "--target", "UKR"]), 2);
    assert_eq!(n(&["--source", "UKR", "--target", "RUS"]), 0);
    // Symmetric: either way round.
    assert_eq!(n(&["--source", "TZA", "--target", "KEN"]), 1);
    assert_eq!(n(&["--plover", "ASSAULT"]), 2);
    assert_eq!(n(&["--quad", "4"]), 2);
    assert_eq!(n(&["--from", "2025-04-29", "--to", "2025-04-29"]), 2);
    assert_eq!(n(&["--to", "2025-04-28"]), 1);
    assert_eq!(n(&["--place", "Odesa"]), 1);
    assert_eq!(n(&["--text", "defence ministry"]), 1);
    assert_eq!(n(&["--limit", "1"]), 1);
    let csv = query(&db, &["--format", "csv", "--place", "Paris"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("key,date,source"));
    assert!(lines.next().unwrap().contains("\"FRA\""), "{csv}");

    let bad = dyad()
        .args(["query", "--db"])
        .arg(&db)
        .args(["--from", "29/04/2025"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--from") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let missing = dyad()
        .args(["query", "--db"])
        .arg(dir.path().join("nope.db"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        !dir.path().join("nope.db").exists(),
        "a query creates no database"
    );
}

#[test]
fn bad_input_is_named_counted_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write_docs(dir.path());
    std::fs::write(docs.join("bad.txt"), b"Bad \xff\xfe bytes.\n").unwrap();
    std::fs::write(docs.join("empty.txt"), b"").unwrap();
    let db = dir.path().join("t.db");
    let out = dyad()
        .arg("ingest")
        .arg(&docs)
        .arg("--db")
        .arg(&db)
        .args(["--date", "2025-05-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt") && err.contains("UTF-8"), "{err}");
    assert!(
        err.contains("6 read, 6 stored") && err.contains("1 skipped as empty, 1 failed"),
        "{err}"
    );
    assert_eq!(counts(&db).documents, 6);
}

#[test]
fn dev_set_ingested_twice_equals_once() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/dev/gold.jsonl");
    if !gold.is_file() {
        eprintln!("SKIP: {} not found", gold.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dev.db");
    ingest(&db, &[&gold]);
    let once = counts(&db);
    assert_eq!(once.documents, 25);
    assert!(once.events > 0 && once.events <= once.event_mentions);
    let events = query(&db, &[]);
    let second = ingest(&db, &[&gold]);
    assert!(second.contains("0 stored"), "{second}");
    assert_eq!(counts(&db), once);
    assert_eq!(query(&db, &[]), events);
}
