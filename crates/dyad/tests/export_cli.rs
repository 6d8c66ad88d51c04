//! `dyad export` on a database made by `dyad ingest` from stories of our
//! own: Parquet partitions and types (read back with the `parquet` crate,
//! and with DuckDB when Python has it), GDELT 2.0 column counts, CSV and
//! JSONL equal to `dyad query`, filters, and an output directory that is
//! not empty.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_schema::DataType;
use assert_cmd::Command;
use dyad_store::{SqliteStore, Store};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// Short stories of our own writing over three days, two of them from
/// one outlet; `published` dates each document.
const DOCS: &[(&str, &str, &str)] = &[
    (
        "https://news.example.org/chile-peru",
        "2025-05-05",
        "Chile condemned Peru on Monday over the arrest of two fishermen near the maritime border. \
         Officials in Santiago said the men had been held without charge.",
    ),
    (
        "https://wire.example.com/chile-peru-2",
        "2025-05-05",
        "Chile on Monday condemned Peru for detaining two of its fishermen, the foreign ministry said.",
    ),
    (
        "https://news.example.org/kenya-tanzania",
        "2025-05-06",
        "Kenya and Tanzania signed a trade agreement on Tuesday in Nairobi. \
         The presidents of both countries praised the deal.",
    ),
    (
        "https://daily.example.net/brazil-argentina",
        "2025-05-07",
        "Brazil accused Argentina on Wednesday of blocking grain shipments at the border. \
         Argentina rejected the claim.",
    ),
    (
        "https://daily.example.net/france-germany",
        "2025-05-07",
        "The foreign ministers of France and Germany met in Paris on Wednesday to discuss energy.",
    ),
];

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = dyad().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A database of [`DOCS`]; one event's date is then blanked, as a store
/// written by another tool (or a later migration) might hold it, so that
/// the no-date partition is exercised.
fn database(dir: &Path) -> PathBuf {
    let docs = dir.join("docs.jsonl");
    let lines: Vec<String> = DOCS
        .iter()
        .enumerate()
        .map(|(i, (url, day, text))| {
            serde_json::json!({"id": format!("doc{i}"), "url": url, "published": day, "text": text})
                .to_string()
        })
        .collect();
    std::fs::write(&docs, lines.join("\n") + "\n").unwrap();
    let db = dir.join("dyad.db");
    let (ok, _, err) = run(&["ingest", s(&docs), "--db", s(&db), "--date", "2025-05-01"]);
    assert!(ok, "{err}");
    let store = SqliteStore::open_existing(&db).unwrap();
    let blanked = store
        .connection()
        .execute(
            "UPDATE events SET date = '' WHERE key = (SELECT max(key) FROM events)",
            [],
        )
        .unwrap();
    assert_eq!(blanked, 1);
    db
}

fn query(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["query", "--db", s(db)];
    all.extend(args);
    let (ok, out, err) = run(&all);
    assert!(ok, "{err}");
    out
}

fn export(db: &Path, format: &str, out: &Path, args: &[&str]) -> String {
    let mut all = vec!["export", "--db", s(db), "--format", format, "--out", s(out)];
    all.extend(args);
    let (ok, _, err) = run(&all);
    assert!(ok, "{err}");
    err
}

fn counts(db: &Path) -> dyad_store::Counts {
    SqliteStore::open_existing(db).unwrap().counts().unwrap()
}

/// The expected partition directory of each event `dyad query` returns.
fn partitions_of(db: &Path) -> BTreeMap<String, usize> {
    let mut want = BTreeMap::new();
    for line in query(db, &[]).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let date = v["date"].as_str().unwrap();
        let p = if date.is_empty() {
            "date=__HIVE_DEFAULT_PARTITION__".to_owned()
        } else {
            format!("date={date}")
        };
        *want.entry(p).or_insert(0) += 1;
    }
    want
}

#[test]
fn parquet_is_partitioned_by_date_with_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let c = counts(&db);
    assert!(c.events >= 4, "{c:?}");
    let out = dir.path().join("pq");
    export(&db, "parquet", &out, &[]);

    let want = partitions_of(&db);
    assert!(want.contains_key("date=__HIVE_DEFAULT_PARTITION__"));
    assert!(want.len() >= 4, "{want:?}");
    let mut got = BTreeMap::new();
    let mut mentions = 0usize;
    for entry in std::fs::read_dir(&out).unwrap() {
        let part = entry.unwrap().path();
        let name = part.file_name().unwrap().to_str().unwrap().to_owned();
        let files: Vec<_> = std::fs::read_dir(&part).unwrap().collect();
        assert_eq!(files.len(), 1, "{name}: one file per partition");
        let file = std::fs::File::open(part.join("part-0.parquet")).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
        let schema = reader.schema().clone();
        let ty = |c: &str| schema.field_with_name(c).unwrap().data_type().clone();
        assert_eq!(ty("event_id"), DataType::Int64);
        assert_eq!(ty("event_date"), DataType::Date32);
        assert_eq!(ty("first_seen"), DataType::Date32);
        assert_eq!(ty("goldstein"), DataType::Float64);
        assert_eq!(ty("quad_class"), DataType::Int32);
        assert_eq!(ty("num_mentions"), DataType::Int64);
        assert_eq!(ty("num_sources"), DataType::Int64);
        assert_eq!(ty("lat"), DataType::Float64);
        assert_eq!(ty("lon"), DataType::Float64);
        assert_eq!(ty("cameo"), DataType::Utf8);
        assert!(
            matches!(ty("mentions"), DataType::List(f) if matches!(f.data_type(), DataType::Struct(_)))
        );
        assert!(
            schema.field_with_name("date").is_err(),
            "the partition column is not in the files"
        );
        let mut rows = 0;
        for batch in reader.build().unwrap() {
            let batch = batch.unwrap();
            rows += batch.num_rows();
            let dates = batch
                .column_by_name("event_date")
                .unwrap()
                .as_primitive::<Date32Type>();
            let lists = batch.column_by_name("mentions").unwrap().as_list::<i32>();
            let counted = batch
                .column_by_name("num_mentions")
                .unwrap()
                .as_primitive::<arrow_array::types::Int64Type>();
            for i in 0..batch.num_rows() {
                let date = if dates.is_null(i) {
                    "__HIVE_DEFAULT_PARTITION__".to_owned()
                } else {
                    dates.value_as_date(i).unwrap().to_string()
                };
                assert_eq!(format!("date={date}"), name);
                assert_eq!(lists.value(i).len() as i64, counted.value(i));
                mentions += lists.value(i).len();
            }
        }
        got.insert(name, rows);
    }
    assert_eq!(got, want);
    assert_eq!(mentions as u64, c.event_mentions);
}

#[test]
fn gdelt_rows_have_the_codebook_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let c = counts(&db);
    let out = dir.path().join("gdelt");
    export(&db, "gdelt", &out, &[]);
    let events = std::fs::read_to_string(out.join("events.tsv")).unwrap();
    let mentions = std::fs::read_to_string(out.join("mentions.tsv")).unwrap();
    assert_eq!(events.lines().count() as u64, c.events);
    assert_eq!(mentions.lines().count() as u64, c.event_mentions);
    let mut ids = std::collections::HashSet::new();
    let mut num_mentions = 0;
    for line in events.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 61, "{line}");
        assert!(cols[0].parse::<i64>().unwrap() > 0);
        assert!(cols[1].is_empty() || cols[1].len() == 8, "SQLDATE {line}");
        assert!(
            cols[26].starts_with(cols[28]),
            "EventCode and EventRootCode"
        );
        assert!(
            matches!(cols[29], "1" | "2" | "3" | "4"),
            "QuadClass {line}"
        );
        assert!(cols[34].is_empty(), "AvgTone is not known");
        assert_eq!(cols[59].len(), 14, "DATEADDED {line}");
        assert!(cols[60].starts_with("https://"), "SOURCEURL {line}");
        num_mentions += cols[31].parse::<u64>().unwrap();
        ids.insert(cols[0].to_owned());
    }
    assert_eq!(num_mentions, c.event_mentions);
    assert!(
        events.lines().any(|l| l.split('\t').nth(1) == Some("")),
        "the undated event"
    );
    for line in mentions.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 16, "{line}");
        assert!(ids.contains(cols[0]), "mention of an unknown event: {line}");
        assert_eq!(cols[3], "1", "MentionType WEB: the documents have URLs");
        assert!(cols[4].contains("example."), "MentionSourceName {line}");
        assert!(
            cols[6].parse::<u64>().unwrap() >= 1,
            "SentenceID counts from 1"
        );
        let conf: u64 = cols[11].parse().unwrap();
        assert!(conf <= 100);
        assert!(cols[12].parse::<u64>().unwrap() > 0, "MentionDocLen");
    }
}

#[test]
fn csv_and_jsonl_equal_dyad_query() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let c = counts(&db);
    let jsonl = dir.path().join("jsonl");
    export(&db, "jsonl", &jsonl, &[]);
    let events = std::fs::read_to_string(jsonl.join("events.jsonl")).unwrap();
    assert_eq!(events, query(&db, &[]));
    assert_eq!(events.lines().count() as u64, c.events);
    let mentions = std::fs::read_to_string(jsonl.join("mentions.jsonl")).unwrap();
    assert_eq!(mentions.lines().count() as u64, c.event_mentions);
    for l in mentions.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["event"].is_string() && v["doc"].is_string(), "{l}");
    }

    let csv = dir.path().join("csv");
    export(&db, "csv", &csv, &[]);
    let events = std::fs::read_to_string(csv.join("events.csv")).unwrap();
    assert_eq!(events, query(&db, &["--format", "csv"]));
    assert!(events.starts_with("key,date,source,"));
    let mentions = std::fs::read_to_string(csv.join("mentions.csv")).unwrap();
    assert!(mentions.starts_with("event,doc,url,outlet,"));
    assert_eq!(mentions.lines().count() as u64, c.event_mentions + 1);
}

#[test]
fn filters_and_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let out = dir.path().join("may7");
    let filter = ["--from", "2025-05-07", "--to", "2025-05-07"];
    export(&db, "jsonl", &out, &filter);
    let events = std::fs::read_to_string(out.join("events.jsonl")).unwrap();
    assert!(!events.is_empty());
    assert_eq!(events, query(&db, &filter));

    let pq = dir.path().join("pq");
    export(&db, "parquet", &pq, &filter);
    let parts: Vec<_> = std::fs::read_dir(&pq)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(parts, ["date=2025-05-07"]);

    // Not into a directory that holds files: they would mix.
    let (ok, _, err) = run(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "csv",
        "--out",
        s(&out),
    ]);
    assert!(!ok && err.contains("not empty"), "{err}");
    // A bad filter names the option.
    let fresh = dir.path().join("fresh");
    let (ok, _, err) = run(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "csv",
        "--out",
        s(&fresh),
        "--from",
        "7/5/2025",
    ]);
    assert!(!ok && err.contains("--from"), "{err}");
    // No database: named.
    let (ok, _, err) = run(&[
        "export",
        "--db",
        s(&dir.path().join("none.db")),
        "--format",
        "csv",
        "--out",
        s(&fresh),
    ]);
    assert!(!ok && err.contains("none.db"), "{err}");
}

/// DuckDB (from PyPI: `python3 -m pip install duckdb`) reads the Parquet
/// export with `hive_partitioning=true`: types, counts, the NULL date of
/// the no-date partition.
#[test]
fn duckdb_reads_the_parquet_export() {
    let has_duckdb = std::process::Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_duckdb {
        eprintln!(
            "SKIP duckdb_reads_the_parquet_export: `python3 -c 'import duckdb'` fails \
             (install it with `python3 -m pip install duckdb`)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let c = counts(&db);
    let out = dir.path().join("pq");
    export(&db, "parquet", &out, &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export/check_duckdb.py");
    let o = std::process::Command::new("python3")
        .arg(&script)
        .arg(&out)
        .arg(c.events.to_string())
        .arg(c.event_mentions.to_string())
        .arg((c.events - 1).to_string())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{said}");
    eprintln!("{said}");
}
