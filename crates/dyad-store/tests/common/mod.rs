//! What the store tests share: a small corpus of coded documents (three
//! outlets on one attack, another city the same day, a meeting told both
//! ways round), and helpers to store and query it in any backend.
#![allow(dead_code)]

use dyad_events::{Event, Evidence, Location, Party, Plover};
use dyad_store::{Filter, Put, Record, Store, StoredEvent};

pub fn party(country: &str, sector: &str, entity: Option<&str>) -> Party {
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
pub fn event(
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
pub struct Doc {
    pub key: &'static str,
    pub url: &'static str,
    pub day: &'static str,
    pub events: Vec<Event>,
}

pub fn put(store: &mut dyn Store, d: &Doc) -> Put {
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

pub fn corpus() -> Vec<Doc> {
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

pub fn all(store: &mut dyn Store, filter: &Filter) -> Vec<StoredEvent> {
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
pub fn summary(events: &[StoredEvent]) -> Vec<String> {
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

/// Every query filter on a store holding [`corpus`].
pub fn check_filters(store: &mut dyn Store) {
    for d in &corpus() {
        put(store, d);
    }
    let mut count = |f: Filter| all(store, &f).len();
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
