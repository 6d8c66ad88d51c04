//! The PostgreSQL store on a real server: migrations, idempotence, the
//! same events as SQLite when many threads store overlapping documents at
//! once, and every query filter.
//!
//! The server is named by `DYAD_TEST_POSTGRES` (`postgres://user@host:port/db`,
//! a user that may create databases; `.ci/run` starts one). Each test works
//! in a database of its own, dropped at the end. Without the variable the
//! tests print SKIP and pass.

mod common;

use common::*;
use dyad_store::{Filter, PgStore, Put, SqliteStore, Store, schema};

/// A fresh database, dropped when the value is.
struct TempDb {
    admin: String,
    name: String,
    url: String,
}

impl TempDb {
    fn new(test: &str) -> Option<TempDb> {
        let base = match std::env::var("DYAD_TEST_POSTGRES") {
            Ok(v) if !v.is_empty() => v,
            _ => {
                eprintln!(
                    "SKIP {test}: DYAD_TEST_POSTGRES is not set (.ci/run starts a server and sets it)"
                );
                return None;
            }
        };
        let (prefix, _) = base.rsplit_once('/').expect("a database URL");
        let name = format!("dyad_store_{test}_{}", std::process::id());
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(TempDb {
            admin: base.clone(),
            url: format!("{prefix}/{name}"),
            name,
        })
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

#[test]
fn migrations_and_putting_twice_stores_once() {
    let Some(db) = TempDb::new("migrate") else {
        return;
    };
    // Three connections migrating at once migrate once.
    let stores: Vec<PgStore> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| s.spawn(|| PgStore::connect(&db.url).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut store = stores.into_iter().next().unwrap();
    assert_eq!(
        dyad_store::postgres::version(store.client()).unwrap(),
        schema::VERSION
    );
    for d in &corpus() {
        assert!(matches!(put(&mut store, d), Put::Stored { .. }));
    }
    let events = summary(&all(&mut store, &Filter::default()));
    for d in &corpus() {
        assert_eq!(put(&mut store, d), Put::AlreadyStored);
        assert!(store.contains(d.key).unwrap());
    }
    assert_eq!(summary(&all(&mut store, &Filter::default())), events);
    // A database from a newer dyad is refused.
    store
        .client()
        .batch_execute("UPDATE dyad_schema SET version = version + 1")
        .unwrap();
    let err = PgStore::connect(&db.url).err().unwrap().to_string();
    assert!(err.contains("newer"), "{err}");
}

#[test]
fn concurrent_writers_give_the_events_of_one_writer() {
    let Some(db) = TempDb::new("concurrent") else {
        return;
    };
    let mut one = SqliteStore::open_in_memory().unwrap();
    for d in &corpus() {
        put(&mut one, d);
    }
    let want = all(&mut one, &Filter::default());
    // Eight threads, each storing the whole corpus in its own rotation:
    // every document is offered eight times, every block written by
    // several transactions at once.
    PgStore::connect(&db.url).unwrap();
    let n = corpus().len();
    std::thread::scope(|s| {
        for t in 0..8 {
            let url = &db.url;
            s.spawn(move || {
                let mut store = PgStore::connect(url).unwrap();
                let mut docs = corpus();
                docs.rotate_left(t % n);
                if t % 2 == 1 {
                    docs.reverse();
                }
                for d in &docs {
                    put(&mut store, d);
                }
            });
        }
    });
    let mut store = PgStore::connect(&db.url).unwrap();
    assert_eq!(store.counts().unwrap(), one.counts().unwrap());
    let got = all(&mut store, &Filter::default());
    assert_eq!(summary(&got), summary(&want));
    // Whole events, representative included, as SQLite has them.
    assert_eq!(got, want);
}

#[test]
fn every_filter_works_in_postgres() {
    let Some(db) = TempDb::new("filters") else {
        return;
    };
    check_filters(&mut PgStore::connect(&db.url).unwrap());
}
