//! The SQLite store on real database files: migrations, idempotence,
//! clustering whatever the order, and every query filter.

use dyad_events::{Event, Evidence, Location, Party, Plover};
use dyad_store::{Filter, Put, Record, SqliteStore, Store, StoredEvent, schema};

fn party(country: &str, sector: &str, entity: Option<&str>) -> Party {
    Party {
        text: format!("{country} {sector}"),
        country: Some(country.into()),
        org: None,
        sector: Some(sector.into()),
        entity: entity.map(Into::into),
        code: format!("{country}{sector}"),
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    doc: &str,
    text: &str,
    source: Party,
    target: Party,
    cameo: &str,
    date: &str,
    place: Option<(&str, f64, f64)>,
    symmetric: bool,
) -> Event {
    let root: u8 = cameo[..2].parse().unwrap();
    Event {
        doc: doc.into(),
        sentence: 0,
        span: [0, text.len()],
        text: text.into(),
        source: Some(source),
        target: Some(target),
        cameo: cameo.into(),
        cameo_name: format!("code {cameo}"),
        quad_class: match root {
            1..=5 => 1,
            6..=9 => 2,
            10..=14 => 3,
            _ => 4,
        },
        goldstein: Some(-1.0),
        scheme: "CAMEO",
        plover: Plover {
            kind: if root >= 18 { "ASSAULT" } else { "CONSULT" }.into(),
            mode: String::new(),
            context: String::new(),
        },
        date: Some(date.into()),
        date_text: None,
        location: place.map(|(t, lat, lon)| Location {
            text: t.into(),
            country: Some("XXX".into()),
            lat: Some(lat),
            lon: Some(lon),
        }),
        negated: false,
        symmetric,
        confidence: 0.8,
        quote: None,
        evidence: Evidence {
            verb: "did".into(),
            rule: "test.rule".into(),
            span: [0, 3],
            notes: vec![],
        },
        mentions: 1,
        reports: vec![],
    }
}

/// A test document: key, id, outlet URL, day, and its events.
struct Doc {
    key: &'static str,
    url: &'static str,
    day: &'static str,
    events: Vec<Event>,
}

fn put(store: &mut SqliteStore, d: &Doc) -> Put {
    let text = d.events.first().map_or("", |e| e.text.as_str());
    store
        .put(&Record {
            key: d.key,
            id: d.key,
            origin: "test",
            url: Some(d.url),
            published: Some(d.day),
            day: d.day,
            format: "text",
            text,
            sentences: &[[0, text.len()]],
            actors: &[],
            events: &d.events,
        })
        .unwrap()
}

fn corpus() -> Vec<Doc> {
    let rus = || party("RUS", "MIL", None);
    let ukr = || party("UKR", "MIL", None);
    let kharkiv = Some(("Kharkiv", 49.98, 36.25));
    let odesa = Some(("Odesa", 46.49, 30.74));
    let usa = || party("USA", "GOV", Some("Jane Doe"));
    let chn = || party("CHN", "GOV", Some("John Roe"));
    let atk = |doc: &str, t: &str, code: &str, date: &str, place| {
        event(doc, t, rus(), ukr(), code, date, place, false)
    };
    vec![
        Doc {
            key: "k1",
            url: "https://one.example/a",
            day: "2025-05-01",
            events: vec![atk(
                "k1",
                "Troops attacked in Kharkiv.",
                "190",
                "2025-04-29",
                kharkiv,
            )],
        },
        Doc {
            key: "k2",
            url: "https://www.two.example/b",
            day: "2025-05-01",
            events: vec![atk(
                "k2",
                "An assault near Kharkiv.",
                "19",
                "2025-04-29",
                kharkiv,
            )],
        },
        Doc {
            key: "k3",
            url: "https://three.example/c",
            day: "2025-05-02",
            events: vec![atk(
                "k3",
                "Fighting went on, officials said.",
                "190",
                "2025-04-30",
                None,
            )],
        },
        Doc {
            key: "k4",
            url: "https://one.example/d",
            day: "2025-05-01",
            events: vec![atk(
                "k4",
                "Troops attacked in Odesa.",
                "190",
                "2025-04-29",
                odesa,
            )],
        },
        Doc {
            key: "k5",
            url: "https://two.example/e",
            day: "2025-05-03",
            events: vec![event(
                "k5",
                "Doe met Roe in Geneva.",
                usa(),
                chn(),
                "040",
                "2025-05-03",
                None,
                true,
            )],
        },
        Doc {
            key: "k6",
            url: "https://three.example/f",
            day: "2025-05-03",
            events: vec![event(
                "k6",
                "Roe held talks with Doe.",
                chn(),
                usa(),
                "043",
                "2025-05-03",
                None,
                true,
            )],
        },
    ]
}

fn all(store: &mut SqliteStore, filter: &Filter) -> Vec<StoredEvent> {
    let mut v = Vec::new();
    store
        .query(filter, &mut |e| {
            v.push(e.clone());
            Ok(())
        })
        .unwrap();
    v
}

/// What a query says, without the representative's row ids.
fn summary(events: &[StoredEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} m{} d{} s{} {}..{}",
                e.key,
                e.date,
                e.cameo,
                e.location.as_ref().map_or("-", |l| l.text.as_str()),
                e.mentions,
                e.documents,
                e.sources,
                e.first_seen,
                e.last_seen
            )
        })
        .collect()
}

#[test]
fn migrations_from_an_empty_file_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        schema::version(store.connection()).unwrap(),
        schema::VERSION
    );
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    put(&mut store, &corpus()[0]);
    drop(store);
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().documents, 1);
    assert_eq!(
        schema::version(store.connection()).unwrap(),
        schema::VERSION
    );
}

#[test]
fn an_old_database_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as the first schema version left it, with a row.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), 1);
        conn.execute(
            "INSERT INTO documents (key, name, origin, outlet, day, format, text)
             VALUES ('old', 'old', 'old.txt', 'old.txt', '2020-01-01', 'text', 'Old.')",
            [],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        schema::version(store.connection()).unwrap(),
        schema::VERSION
    );
    assert!(store.contains("old").unwrap());
    let indexes: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_date'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 1);
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", schema::VERSION + 1)
            .unwrap();
    }
    let err = SqliteStore::open(&path).err().unwrap().to_string();
    assert!(err.contains("newer"), "{err}");
}

#[test]
fn a_missing_database_is_an_error_for_queries() {
    let dir = tempfile::tempdir().unwrap();
    let err = SqliteStore::open_existing(&dir.path().join("nope.db"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("no database"), "{err}");
}

#[test]
fn putting_twice_stores_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    for d in &corpus() {
        assert!(matches!(put(&mut store, d), Put::Stored { .. }));
    }
    let once = store.counts().unwrap();
    let events = summary(&all(&mut store, &Filter::default()));
    for d in &corpus() {
        assert_eq!(put(&mut store, d), Put::AlreadyStored);
    }
    assert_eq!(store.counts().unwrap(), once);
    assert_eq!(summary(&all(&mut store, &Filter::default())), events);
}

#[test]
fn one_event_per_happening_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut want = None;
    let n = corpus().len();
    // Every rotation, forwards and backwards.
    for rot in 0..n {
        for rev in [false, true] {
            let mut docs = corpus();
            docs.rotate_left(rot);
            if rev {
                docs.reverse();
            }
            let path = dir.path().join(format!("o{rot}{rev}.db"));
            let mut store = SqliteStore::open(&path).unwrap();
            for d in &docs {
                put(&mut store, d);
            }
            let got = summary(&all(&mut store, &Filter::default()));
            match &want {
                None => want = Some(got),
                Some(w) => assert_eq!(&got, w, "rotation {rot}, reversed {rev}"),
            }
        }
    }
    let want = want.unwrap();
    // Kharkiv: three outlets, one of them without a place and a day
    // later; Odesa the same day is another event; the symmetric meeting
    // told both ways round is one.
    assert_eq!(want.len(), 3, "{want:#?}");
    assert!(
        want.iter()
            .any(|e| e.contains("Kharkiv m3 d3 s3 2025-05-01..2025-05-02")),
        "{want:#?}"
    );
    assert!(
        want.iter().any(|e| e.contains("Odesa m1 d1 s1")),
        "{want:#?}"
    );
    assert!(
        want[2].contains(" m2 d2 s2 2025-05-03..2025-05-03"),
        "{want:#?}"
    );
}

#[test]
fn every_filter_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("f.db")).unwrap();
    for d in &corpus() {
        put(&mut store, d);
    }
    let mut count = |f: Filter| all(&mut store, &f).len();
    let s = |v: &str| Some(v.to_owned());
    let f = Filter::default;
    assert_eq!(count(f()), 3);
    assert_eq!(
        count(Filter {
            actors: vec!["rus".into()],
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            actors: vec!["USAGOV".into()],
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            actors: vec!["jane doe".into()],
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            actors: vec!["USA".into(), "CHN".into()],
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            actors: vec!["FRA".into()],
            ..f()
        }),
        0
    );
    assert_eq!(
        count(Filter {
            source: s("RUS"),
            target: s("UKR"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            source: s("UKR"),
            target: s("RUS"),
            ..f()
        }),
        0
    );
    // Symmetric: either way round.
    assert_eq!(
        count(Filter {
            source: s("CHN"),
            target: s("USA"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            source: s("USA"),
            target: s("CHN"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            target: s("UKR"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            cameo: s("19"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            cameo: s("04"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            cameo: s("043"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            cameo: s("193"),
            ..f()
        }),
        0
    );
    assert_eq!(
        count(Filter {
            plover: s("assault"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            quad_class: Some(1),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            quad_class: Some(4),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            from: s("2025-05-01"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            to: s("2025-04-29"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            from: s("2025-04-29"),
            to: s("2025-04-29"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            place: s("odes"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            place: s("xxx"),
            ..f()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            text: s("officials said"),
            ..f()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            text: s("TALKS"),
            ..f()
        }),
        1
    );
    // LIKE wildcards in a value are literal.
    assert_eq!(
        count(Filter {
            text: s("%"),
            ..f()
        }),
        0
    );
    assert_eq!(
        count(Filter {
            limit: Some(1),
            ..f()
        }),
        1
    );
    // SQL in a value is a value.
    assert_eq!(
        count(Filter {
            actors: vec!["x' OR 1=1 --".into()],
            ..f()
        }),
        0
    );
}

#[test]
fn bad_filters_are_errors() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let err = store
        .query(
            &Filter {
                to: Some("2025-02-30".into()),
                ..Filter::default()
            },
            &mut |_| Ok(()),
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("--to") && err.contains("YYYY-MM-DD"), "{err}");
}
