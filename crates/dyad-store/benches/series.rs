//! The server's reads on a million events: `cargo bench -p dyad-store
//! --bench series`.
//!
//! One million synthetic events (60 actors, so about 3,500 dyads; one busy
//! dyad, USA→CHN, with one event in ten; dates over five years) are
//! inserted directly into `events` of a fresh database file, once, before
//! the first benchmark. Then each benchmark times one read as `dyad serve`
//! runs it: a dyad's monthly and weekly series, the busy dyad's, the
//! series of all events, and the network of one month.

use std::sync::LazyLock;

use dyad_store::SqliteStore;
use dyad_store::read::{Interval, Span};
use rusqlite::params;

const EVENTS: usize = 1_000_000;

struct Db {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

static DB: LazyLock<Db> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let start = std::time::Instant::now();
    let store = SqliteStore::open(&path).unwrap();
    fill(&store);
    drop(store);
    eprintln!(
        "{EVENTS} synthetic events stored in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Db { _dir: dir, path }
});

/// splitmix64: deterministic data.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fill(store: &SqliteStore) {
    let actors: Vec<String> = (0..60)
        .map(|i| match i {
            0 => "USA".into(),
            1 => "CHN".into(),
            _ => format!("A{i:02}"),
        })
        .collect();
    // The connection is the store's; the rows go in as SQL would from
    // clustering, one transaction.
    let conn = store.connection();
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut st = conn
            .prepare(
                "INSERT INTO events (key, block, date, source_key, source_code, target_key,
                    target_code, symmetric, cameo, cameo_name, quad_class, goldstein,
                    plover_type, plover_mode, confidence, n_mentions, n_documents, n_sources,
                    first_seen, last_seen, representative)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?5, 0, ?6, 'synthetic', ?7, ?8, '', '', 0.9,
                    1, 1, 1, ?3, ?3, 0)",
            )
            .unwrap();
        let mut rng = 42u64;
        let codes = [
            ("010", 1, 0.0),
            ("042", 1, 1.9),
            ("057", 2, 8.0),
            ("111", 3, -2.0),
            ("173", 4, -5.0),
            ("190", 4, -10.0),
        ];
        for i in 0..EVENTS {
            let (s, t) = if next(&mut rng).is_multiple_of(10) {
                (0, 1)
            } else {
                let s = (next(&mut rng) % 60) as usize;
                let t = (s + 1 + (next(&mut rng) % 59) as usize) % 60;
                (s, t)
            };
            let day = next(&mut rng) % (5 * 365);
            let (y, rest) = (2020 + day / 365, day % 365);
            let date = format!("{y}-{:02}-{:02}", 1 + rest / 31 % 12, 1 + rest % 28);
            let (code, quad, g) = codes[(next(&mut rng) % codes.len() as u64) as usize];
            st.execute(params![
                format!("{i:016x}"),
                format!("{}>{}|{}", actors[s], actors[t], &code[..2]),
                date,
                actors[s],
                actors[t],
                code,
                quad,
                g
            ])
            .unwrap();
        }
    }
    conn.execute_batch("COMMIT; ANALYZE").unwrap();
}

fn reader() -> SqliteStore {
    SqliteStore::open_read_only(&DB.path).unwrap()
}

fn dyad(s: &str, t: &str) -> Span {
    Span {
        source: Some(s.into()),
        target: Some(t.into()),
        ..Span::default()
    }
}

#[divan::bench]
fn series_dyad_month(b: divan::Bencher) {
    let r = reader();
    b.bench_local(|| r.series(&dyad("A07", "A31"), Interval::Month).unwrap());
}

#[divan::bench]
fn series_dyad_week(b: divan::Bencher) {
    let r = reader();
    b.bench_local(|| r.series(&dyad("A07", "A31"), Interval::Week).unwrap());
}

#[divan::bench]
fn series_busy_dyad_month(b: divan::Bencher) {
    let r = reader();
    b.bench_local(|| r.series(&dyad("USA", "CHN"), Interval::Month).unwrap());
}

#[divan::bench(sample_count = 10)]
fn series_all_month(b: divan::Bencher) {
    let r = reader();
    b.bench_local(|| r.series(&Span::default(), Interval::Month).unwrap());
}

#[divan::bench(sample_count = 10)]
fn network_one_month(b: divan::Bencher) {
    let r = reader();
    let span = Span {
        from: Some("2023-03-01".into()),
        to: Some("2023-03-31".into()),
        ..Span::default()
    };
    b.bench_local(|| r.network(&span, 150).unwrap());
}

fn main() {
    LazyLock::force(&DB);
    divan::main();
}
