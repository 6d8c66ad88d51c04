//! The shared store and the work queue, for real: PostgreSQL written by
//! several `dyad ingest` processes at once, and three `dyad work`
//! processes over NATS JetStream with one killed mid-batch. Both compare
//! with a single-process SQLite ingest of the same corpus.
//!
//! They need a server each, named by `DYAD_TEST_POSTGRES`
//! (`postgres://user@host:port/db`, a user that may create databases) and
//! `DYAD_TEST_NATS` (`nats://host:port`, JetStream enabled); `.ci/run`
//! starts both. Without them the tests print SKIP and pass.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

const DATE: &str = "2025-05-01";

fn env(name: &str, test: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            eprintln!("SKIP {test}: {name} is not set (.ci/run starts the server and sets it)");
            None
        }
    }
}

/// A fresh database on the test server, dropped when the value is.
struct TempDb {
    admin: String,
    name: String,
    url: String,
}

impl TempDb {
    fn new(base: &str, tag: &str) -> TempDb {
        let (prefix, _) = base.rsplit_once('/').expect("a database URL");
        let name = format!("dyad_{tag}_{}", std::process::id());
        let mut admin = postgres::Client::connect(base, postgres::NoTls).expect("connect");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        TempDb {
            admin: base.to_owned(),
            url: format!("{prefix}/{name}"),
            name,
        }
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect")
    }

    fn count(&self, sql: &str) -> i64 {
        self.client().query_one(sql, &[]).unwrap().get(0)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// 120 short reports of our own writing: 40 happenings, each told by one
/// to four outlets in different words, on a few days.
fn corpus() -> Vec<String> {
    const COUNTRIES: &[(&str, &str)] = &[
        ("Chile", "Chilean"),
        ("Peru", "Peruvian"),
        ("Argentina", "Argentine"),
        ("Brazil", "Brazilian"),
        ("Kenya", "Kenyan"),
        ("Ethiopia", "Ethiopian"),
        ("Japan", "Japanese"),
        ("Vietnam", "Vietnamese"),
        ("Poland", "Polish"),
        ("Hungary", "Hungarian"),
    ];
    const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday"];
    // Each verb told three ways: by the source, and twice by the press.
    const TELLINGS: &[[&str; 3]] = &[
        [
            "{S} condemned {T} on {D}.",
            "The government of {S} condemned {T} on {D}, officials said.",
            "{S} on {D} condemned {T} over the dispute.",
        ],
        [
            "{S} accused {T} of violating the border agreement on {D}.",
            "On {D}, {S} accused {T} of violating the agreement.",
            "{S} accused {T} on {D} of breaking its promises.",
        ],
        [
            "{S} praised {T} on {D} for its help after the floods.",
            "{S} on {D} praised {T} for sending aid.",
            "The president of {S} praised {T} on {D}.",
        ],
        [
            "{S} threatened {T} with sanctions on {D}.",
            "On {D}, {S} threatened to impose sanctions on {T}.",
            "{S} threatened {T} on {D}, the foreign ministry said.",
        ],
    ];
    let mut docs = Vec::new();
    for h in 0..40usize {
        let s = COUNTRIES[h % COUNTRIES.len()].0;
        let t = COUNTRIES[(h * 3 + 1) % COUNTRIES.len()].0;
        let t = if t == s {
            COUNTRIES[(h + 5) % COUNTRIES.len()].0
        } else {
            t
        };
        let day = DAYS[h % DAYS.len()];
        let tellings = &TELLINGS[(h / 3) % TELLINGS.len()];
        for telling in tellings.iter().take((1 + h % 4).min(3)) {
            let text = telling
                .replace("{S}", s)
                .replace("{T}", t)
                .replace("{D}", day);
            docs.push(text);
        }
    }
    // Filler to 120: one-outlet stories.
    let mut i = 0;
    while docs.len() < 120 {
        let (s, adj) = COUNTRIES[i % COUNTRIES.len()];
        let t = COUNTRIES[(i + 7) % COUNTRIES.len()].0;
        docs.push(format!(
            "{adj} officials met their counterparts from {t} in the capital of {s} on {}.",
            DAYS[i % DAYS.len()]
        ));
        i += 1;
    }
    docs
}

/// Writes the corpus as JSONL: one URL per report (outlets `outletN`),
/// in `parts` files, and returns them.
fn write_corpus(dir: &Path, parts: usize) -> Vec<PathBuf> {
    let docs = corpus();
    let mut files: Vec<String> = vec![String::new(); parts];
    for (i, text) in docs.iter().enumerate() {
        let line = serde_json::json!({
            "id": format!("doc{i:03}"),
            "url": format!("https://outlet{}.example/news/{i}", i % 7),
            "text": text,
        });
        files[i % parts].push_str(&format!("{line}\n"));
    }
    files
        .iter()
        .enumerate()
        .map(|(k, body)| {
            let p = dir.join(format!("part{k}.jsonl"));
            std::fs::write(&p, body).unwrap();
            p
        })
        .collect()
}

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// Runs `cmd`, which must succeed; its standard output.
fn succeeds(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn ingest(db: &str, files: &[PathBuf]) {
    succeeds(
        dyad()
            .arg("ingest")
            .args(files)
            .args(["--db", db, "--date", DATE]),
    );
}

fn query(db: &str) -> String {
    String::from_utf8(succeeds(dyad().args(["query", "--db", db]))).unwrap()
}

/// The single-process SQLite ingest of the whole corpus: its query output.
fn sqlite_baseline(dir: &Path, files: &[PathBuf]) -> String {
    let db = dir.join("one.db");
    let db = db.to_str().unwrap();
    ingest(db, files);
    let events = query(db);
    assert!(events.lines().count() > 20, "{events}");
    events
}

fn assert_same_events(pg: &str, sqlite: &str) {
    let (p, s): (Vec<&str>, Vec<&str>) = (pg.lines().collect(), sqlite.lines().collect());
    for (a, b) in p.iter().zip(&s) {
        assert_eq!(a, b, "PostgreSQL and SQLite disagree");
    }
    assert_eq!(p.len(), s.len(), "PostgreSQL and SQLite event counts");
}

fn assert_no_duplicates(db: &TempDb, docs: i64) {
    assert_eq!(db.count("SELECT count(*) FROM documents"), docs);
    assert_eq!(db.count("SELECT count(DISTINCT key) FROM documents"), docs);
    // No event mention stored twice: one per (document, sentence, code,
    // source, target, trigger).
    assert_eq!(
        db.count(
            "SELECT count(*) FROM (SELECT doc_id, sentence, cameo, source_key, target_key, trigger_start, count(*)
             FROM event_mentions GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1) d"
        ),
        0
    );
    assert_eq!(
        db.count("SELECT count(*) FROM event_mentions WHERE event_id IS NULL"),
        0,
        "every mention in an event"
    );
}

#[test]
fn postgres_concurrent_ingests_equal_one_sqlite_ingest() {
    let Some(base) = env(
        "DYAD_TEST_POSTGRES",
        "postgres_concurrent_ingests_equal_one_sqlite_ingest",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_corpus(dir.path(), 4);
    let baseline = sqlite_baseline(dir.path(), &files);
    let db = TempDb::new(&base, "ingest");
    // Three processes at once on overlapping inputs: every file is read by
    // two or three of them.
    let inputs: [Vec<PathBuf>; 3] = [
        files.clone(),
        vec![files[3].clone(), files[2].clone(), files[1].clone()],
        vec![files[1].clone(), files[0].clone(), files[3].clone()],
    ];
    let children: Vec<Child> = inputs
        .iter()
        .map(|f| {
            std::process::Command::new(env!("CARGO_BIN_EXE_dyad"))
                .arg("ingest")
                .args(f)
                .args(["--db", &db.url, "--date", DATE])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_no_duplicates(&db, corpus().len() as i64);
    assert_same_events(&query(&db.url), &baseline);
    // Once more: nothing changes.
    ingest(&db.url, &files);
    assert_no_duplicates(&db, corpus().len() as i64);
    assert_same_events(&query(&db.url), &baseline);
}

fn worker(queue: &str, stream: &str, db: &str, abort_after: Option<usize>) -> Child {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.args(["work", "--queue", queue, "--stream", stream, "--db", db])
        .args(["--date", DATE, "--threads", "1", "--ack-wait", "3"])
        .args(["--idle", "12"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(n) = abort_after {
        c.env("DYAD_TEST_ABORT_AFTER", n.to_string());
    }
    c.spawn().unwrap()
}

#[test]
fn nats_three_workers_one_killed_store_every_document_once() {
    let test = "nats_three_workers_one_killed_store_every_document_once";
    let (Some(base), Some(nats)) = (env("DYAD_TEST_POSTGRES", test), env("DYAD_TEST_NATS", test))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_corpus(dir.path(), 3);
    let baseline = sqlite_baseline(dir.path(), &files);
    let db = TempDb::new(&base, "work");
    let stream = format!(
        "DYADTEST{}{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            % 1_000_000
    );
    let out = dyad()
        .arg("enqueue")
        .args(&files)
        .args(["--queue", &nats, "--stream", &stream, "--batch", "5"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("120 documents in 24 batches"), "{err}");

    // Worker A dies (SIGABRT) in the middle of its second batch, after
    // storing two of its documents and before acking. Worker B is killed
    // with SIGKILL once a third of the corpus is stored. Worker C finishes.
    // B and C start once A is storing its first batch: started together,
    // a slow start of A (its models loading on a busy machine) could let
    // B and C take every batch before A stored seven documents.
    let started = Instant::now();
    let wait_for = |n: i64| loop {
        // Nothing until a worker has created the tables.
        let stored = db
            .client()
            .query_one("SELECT count(*) FROM documents", &[])
            .map_or(0, |r| r.get::<_, i64>(0));
        if stored >= n {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "workers too slow: {stored} stored"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let a = worker(&nats, &stream, &db.url, Some(7));
    wait_for(1);
    let mut b = worker(&nats, &stream, &db.url, None);
    let c = worker(&nats, &stream, &db.url, None);
    wait_for(40);
    b.kill().unwrap();
    let b = b.wait_with_output().unwrap();
    assert!(!b.status.success());
    let a = a.wait_with_output().unwrap();
    assert!(!a.status.success(), "worker A should have aborted");
    let c = c.wait_with_output().unwrap();
    let c_err = String::from_utf8_lossy(&c.stderr);
    assert!(c.status.success(), "{c_err}");
    eprintln!(
        "worker A: {}\nworker C: {c_err}\nin {:.1} s",
        String::from_utf8_lossy(&a.stderr).trim(),
        started.elapsed().as_secs_f64()
    );
    // A's batch (and B's, if it held one) was delivered again; every
    // document is stored once, and the events are those of one SQLite
    // ingest.
    assert_no_duplicates(&db, corpus().len() as i64);
    assert_same_events(&query(&db.url), &baseline);
}

/// `dyad export` reads PostgreSQL too (in pages, through a portal), and
/// writes exactly the files it writes from SQLite.
#[test]
fn postgres_export_equals_sqlite_export() {
    let Some(base) = env("DYAD_TEST_POSTGRES", "postgres_export_equals_sqlite_export") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_corpus(dir.path(), 2);
    let lite = dir.path().join("one.db");
    let lite = lite.to_str().unwrap();
    ingest(lite, &files);
    let db = TempDb::new(&base, "export");
    ingest(&db.url, &files);
    for format in ["jsonl", "csv", "gdelt"] {
        let mut outputs = Vec::new();
        for (name, store) in [("sqlite", lite), ("postgres", db.url.as_str())] {
            let out = dir.path().join(format!("{format}-{name}"));
            succeeds(
                dyad()
                    .args(["export", "--db", store, "--format", format, "--out"])
                    .arg(&out),
            );
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| {
                    let e = e.unwrap();
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            outputs.push(files);
        }
        assert!(
            outputs[0].iter().all(|(_, bytes)| !bytes.is_empty()),
            "{format}: empty files"
        );
        for ((name, a), (_, b)) in outputs[0].iter().zip(&outputs[1]) {
            assert!(
                a == b,
                "{format}/{name}: PostgreSQL and SQLite exports differ\n{}\n---\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
        assert_eq!(outputs[0].len(), outputs[1].len(), "{format}: files");
    }
}
