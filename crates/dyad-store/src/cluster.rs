//! One event per happening: which event mentions are the same event.
//!
//! The engine codes each document alone, so the same attack reported by
//! three outlets is three event mentions. The rule that groups them
//! (`docs/SCHEMA.md`, "Clustering"):
//!
//! 1. **Block.** Only mentions with the same [`block_key`] can be one
//!    event: the same source and target keys (organisation, else country;
//!    either order for a symmetric event) and the same CAMEO root (two
//!    digits). Blocks are what the database indexes, so a new document
//!    only touches the few blocks its mentions fall in.
//! 2. **Order.** A block's mentions are sorted by day, then known places
//!    before unknown ones, then place, code, document key and sentence
//!    ([`Item::order`]): content only, never the order documents arrived
//!    in.
//! 3. **Sweep.** In that order, a mention joins a cluster created earlier
//!    in the sweep that it fits, else starts a new one. It fits when its
//!    day is at most one day after the cluster's first mention, its code
//!    is compatible with every code in the cluster ([`codes_compatible`]),
//!    and its place is compatible with the cluster's place (the same, or
//!    either unknown; the first known place becomes the cluster's). Of the
//!    clusters it fits it joins the largest (the earliest created on a
//!    tie): a report that names no place goes with the story most
//!    reports tell, after the placed reports of its day have made their
//!    clusters.
//!
//! Because the sort uses content only and the sweep is deterministic, the
//! clusters are a function of the *set* of mentions: ingesting the same
//! documents in any order, or again, gives the same events. A cluster
//! never spans a gap of more than a day in its block, so when a document
//! arrives, only the run of its block's mentions with no such gap around
//! its days needs clustering again ([`crate::sqlite`] does that).

use std::cmp::Ordering;

use dyad_events::{Event, Location, Party};

/// One event mention, as the clustering rule sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The caller's handle (a row id); never used for ordering.
    pub id: i64,
    /// Day number ([`day_number`]) of the mention's date.
    pub day: i64,
    /// CAMEO code.
    pub cameo: String,
    /// Place key ([`place_key`]); empty when unknown.
    pub place: String,
    /// The coder's confidence.
    pub confidence: f64,
    /// The document's stable key.
    pub doc_key: String,
    /// Sentence index in the document.
    pub sentence: i64,
    /// Anything else that tells two mentions of one sentence apart
    /// (direction, rule): the last tie-breaker.
    pub tie: String,
}

impl Item {
    /// The clustering order: day, known places before unknown ones, place,
    /// code, document key, sentence, tie-breaker.
    pub fn order(&self, other: &Item) -> Ordering {
        (
            self.day,
            self.place.is_empty(),
            &self.place,
            &self.cameo,
            &self.doc_key,
            self.sentence,
            &self.tie,
        )
            .cmp(&(
                other.day,
                other.place.is_empty(),
                &other.place,
                &other.cameo,
                &other.doc_key,
                other.sentence,
                &other.tie,
            ))
    }
}

/// A cluster: indices into the sorted items, the first being the anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Members, as indices into the (sorted) item slice, in order.
    pub members: Vec<usize>,
    /// The representative member: highest confidence, then earliest.
    pub representative: usize,
}

impl Cluster {
    /// The event's stable key in `block`: a hash of its anchor mention, so
    /// both backends name one event alike whatever order it was stored in.
    pub fn key(&self, block: impl std::fmt::Display, items: &[Item]) -> String {
        let anchor = &items[self.members[0]];
        fnv_hex(&format!(
            "{block}|{}|{}|{}|{}",
            anchor.doc_key, anchor.sentence, anchor.cameo, anchor.tie
        ))
    }
}

/// Sorts `items` into the clustering order and groups them into clusters
/// by the rule of the module documentation. Items are expected to share
/// one block.
pub fn cluster(items: &mut [Item]) -> Vec<Cluster> {
    items.sort_by(Item::order);
    struct Open {
        first_day: i64,
        place: String,
        members: Vec<usize>,
    }
    let mut open: Vec<Open> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let fits = |c: &Open| {
            it.day - c.first_day <= 1
                && (c.place.is_empty() || it.place.is_empty() || c.place == it.place)
                && c.members
                    .iter()
                    .all(|&m| codes_compatible(&items[m].cameo, &it.cameo))
        };
        // Of the clusters it fits, the one with the most members (the
        // story most outlets tell), the earliest created on a tie.
        let mut best: Option<usize> = None;
        for (k, c) in open.iter().enumerate() {
            if fits(c) && best.is_none_or(|b| c.members.len() > open[b].members.len()) {
                best = Some(k);
            }
        }
        match best.map(|k| &mut open[k]) {
            Some(c) => {
                if c.place.is_empty() {
                    c.place.clone_from(&it.place);
                }
                c.members.push(i);
            }
            None => open.push(Open {
                first_day: it.day,
                place: it.place.clone(),
                members: vec![i],
            }),
        }
    }
    open.into_iter()
        .map(|c| {
            let representative = c
                .members
                .iter()
                .copied()
                .reduce(|best, m| {
                    // Strictly higher confidence wins; ties keep the
                    // earlier member (members are in clustering order).
                    if items[m].confidence > items[best].confidence {
                        m
                    } else {
                        best
                    }
                })
                .expect("a cluster has a member");
            Cluster {
                members: c.members,
                representative,
            }
        })
        .collect()
}

/// Whether two CAMEO codes can name the same happening: one is the
/// other or a parent of it (`19` and `193`, `04` and `042`), or both have
/// the same three-digit base (`1041` and `1042`). Siblings under a root
/// (`193` and `194`) are different events.
///
/// A three-digit code ending in `0` (`190`, "use conventional military
/// force, not specified below") is read as its root (`19`), as CAMEO
/// means it: so `190` and `193` are compatible.
pub fn codes_compatible(a: &str, b: &str) -> bool {
    let (a, b) = (unspecified_as_root(a), unspecified_as_root(b));
    a.starts_with(b) || b.starts_with(a) || (a.len() >= 3 && b.len() >= 3 && a[..3] == b[..3])
}

/// `190` → `19`; any other code as it is.
fn unspecified_as_root(code: &str) -> &str {
    match code.as_bytes() {
        [_, _, b'0'] => &code[..2],
        _ => code,
    }
}

/// The block of an event mention: source and target keys and the CAMEO
/// root. A symmetric event puts its two keys in sorted order and joins
/// them with `~`, so "A met B" and "B met A" share a block; a directed
/// one joins them with `>`.
pub fn block_key(
    source: Option<&Party>,
    target: Option<&Party>,
    symmetric: bool,
    cameo: &str,
) -> String {
    let (s, t) = (party_key(source), party_key(target));
    let root = cameo.get(..2).unwrap_or(cameo);
    if symmetric {
        let (a, b) = if s <= t { (s, t) } else { (t, s) };
        format!("{a}~{b}|{root}")
    } else {
        format!("{s}>{t}|{root}")
    }
}

/// Where an event mention of a document dated `doc_day` is clustered:
/// its block, its day number and its stored date. The date is the event's
/// own when that is a day, else the document's (first ten characters).
pub(crate) fn placement<'e>(e: &'e Event, doc_day: &'e str) -> (String, i64, &'e str) {
    let date = e
        .date
        .as_deref()
        .filter(|d| day_number(d).is_some())
        .unwrap_or(doc_day);
    let day = day_number(date)
        .or_else(|| day_number(doc_day))
        .unwrap_or(0);
    let block = block_key(e.source.as_ref(), e.target.as_ref(), e.symmetric, &e.cameo);
    (block, day, date.get(..10).unwrap_or(date))
}

/// Widens the range of days touched in `block` to take in `day`.
pub(crate) fn touch(
    touched: &mut std::collections::BTreeMap<String, (i64, i64)>,
    block: &str,
    day: i64,
) {
    let range = touched.entry(block.to_owned()).or_insert((day, day));
    range.0 = range.0.min(day);
    range.1 = range.1.max(day);
}

/// The stored columns of an optional party, in both backends' order:
/// key, code, entity, text, country, org, sector.
pub(crate) fn party_cols(p: Option<&Party>) -> [Option<String>; 7] {
    match p {
        None => Default::default(),
        Some(p) => [
            Some(party_key(Some(p))),
            Some(p.code.clone()),
            p.entity.clone(),
            Some(p.text.clone()),
            p.country.clone(),
            p.org.clone(),
            p.sector.clone(),
        ],
    }
}

/// The key a party is clustered on: organisation, else country, else its
/// actor code, else its words; `-` when there is no party.
pub fn party_key(p: Option<&Party>) -> String {
    match p {
        None => "-".into(),
        Some(p) => match p.key() {
            Some(k) => k.to_owned(),
            None if !p.code.is_empty() => p.code.clone(),
            None => p.text.to_lowercase(),
        },
    }
}

/// The place key of a location: its coordinates to two decimals (about a
/// kilometre) when geocoded, else its words lower-cased; empty when the
/// event has no place.
pub fn place_key(loc: Option<&Location>) -> String {
    match loc {
        None => String::new(),
        Some(l) => match (l.lat, l.lon) {
            (Some(lat), Some(lon)) => format!("{lat:.2},{lon:.2}"),
            _ => l.text.trim().to_lowercase(),
        },
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (or a longer timestamp's
/// first ten characters); `None` if it is not one.
pub fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = d[..4].parse().ok()?;
    let m: i64 = d[5..7].parse().ok()?;
    let day: i64 = d[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || day < 1 || day > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// 64-bit FNV-1a of `s`, as 16 hex digits: the event keys' hash, written
/// out so that no Rust or crate upgrade changes stored keys.
pub fn fnv_hex(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(day: i64, cameo: &str, place: &str, doc: &str) -> Item {
        Item {
            id: 0,
            day,
            cameo: cameo.into(),
            place: place.into(),
            confidence: 0.5,
            doc_key: doc.into(),
            sentence: 0,
            tie: String::new(),
        }
    }

    fn groups(items: &mut [Item]) -> Vec<Vec<String>> {
        cluster(items)
            .into_iter()
            .map(|c| {
                c.members
                    .iter()
                    .map(|&m| items[m].doc_key.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn codes() {
        assert!(codes_compatible("19", "193"));
        assert!(codes_compatible("193", "193"));
        assert!(codes_compatible("1041", "1042"));
        assert!(codes_compatible("104", "1042"));
        assert!(!codes_compatible("193", "194"));
        assert!(!codes_compatible("042", "043"));
        assert!(codes_compatible("190", "193"));
        assert!(codes_compatible("040", "042"));
    }

    #[test]
    fn days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2021-08-16T10:00:00Z"), Some(18_855));
        assert_eq!(day_number("2024-02-29"), Some(19_782));
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2023-13-01"), None);
        assert_eq!(day_number("yesterday"), None);
    }

    #[test]
    fn same_story_one_event_different_cities_two() {
        let mut items = vec![
            item(10, "190", "kabul", "a"),
            item(10, "193", "", "b"),
            item(10, "19", "kabul", "c"),
            item(10, "190", "herat", "d"),
            item(13, "190", "kabul", "e"),
            item(11, "190", "kabul", "f"),
            item(11, "194", "kabul", "g"),
        ];
        let g = groups(&mut items);
        // Sorted: d, c, a (day 10, placed; code 19 before 190), b (day 10, no place), f, g
        // (day 11), e (day 13). Herat is another event than Kabul the same
        // day; the placeless report goes with the two Kabul reports; the
        // next day's report joins them, but 194 is not 193 (b); three days
        // later is another event.
        assert_eq!(
            g,
            vec![vec!["d"], vec!["c", "a", "b", "f"], vec!["g"], vec!["e"]]
        );
    }

    #[test]
    fn order_of_arrival_does_not_matter() {
        let base = vec![
            item(10, "190", "kabul", "a"),
            item(10, "193", "", "b"),
            item(11, "19", "kabul", "c"),
            item(10, "194", "herat", "d"),
            item(11, "190", "", "e"),
        ];
        let mut want = base.clone();
        let want = groups(&mut want);
        for rot in 0..base.len() {
            let mut v = base.clone();
            v.rotate_left(rot);
            v.reverse();
            assert_eq!(groups(&mut v), want);
        }
    }
}
