//! Reading a store for people: a page of events, one event with every
//! sentence behind it, actors with counts, a dyad's time series and the
//! interaction network of a period. This is what `dyad serve` answers
//! with; the HTTP layer only parses parameters and writes JSON, and every
//! value travels into SQL as a parameter.
//!
//! The series and the network read `events` only, through the covering
//! indexes of schema version 3 (`events_dyad`, `events_target`,
//! `events_period`), so they never touch the table's rows:
//! `cargo bench -p dyad-store --bench series` times them on a million
//! generated events.

use std::str::FromStr;

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;

use crate::cluster::day_number;
use crate::sqlite::{query_sql, stored_event};
use crate::{Error, Filter, Result, SqliteStore, StoredEvent};

/// A highlighted stretch of a sentence: byte offsets into the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// `source`, `target` or `verb`.
    pub kind: &'static str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A piece of a sentence, marked or not: the sentence pre-split so a
/// client can highlight without counting bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The words.
    pub text: String,
    /// `source`, `target` or `verb`; absent for plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<&'static str>,
}

/// The marks of an event in its sentence: the trigger's span (byte offsets
/// into the sentence), and the source's and target's words found in the
/// sentence (the source preferably before the trigger, the target after
/// it), never overlapping one another.
pub fn marks(sentence: &str, verb: Option<[usize; 2]>, source: &str, target: &str) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    if let Some([a, b]) = verb
        && a < b
        && b <= sentence.len()
        && sentence.is_char_boundary(a)
        && sentence.is_char_boundary(b)
    {
        out.push(Mark {
            kind: "verb",
            start: a,
            end: b,
        });
    }
    let pivot = out.first().map_or(0, |m| m.start);
    for (kind, words, before) in [("source", source, true), ("target", target, false)] {
        if words.is_empty() {
            continue;
        }
        let free = |s: usize| {
            let e = s + words.len();
            out.iter().all(|m| e <= m.start || s >= m.end)
        };
        let hits: Vec<usize> = sentence
            .match_indices(words)
            .map(|(i, _)| i)
            .filter(|&i| free(i))
            .collect();
        let pick = if before {
            hits.iter().rev().find(|&&i| i < pivot).or(hits.first())
        } else {
            hits.iter().find(|&&i| i >= pivot).or(hits.first())
        };
        if let Some(&s) = pick {
            out.push(Mark {
                kind,
                start: s,
                end: s + words.len(),
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// `sentence` cut at the marks' boundaries.
pub fn parts(sentence: &str, marks: &[Mark]) -> Vec<Part> {
    let mut out = Vec::new();
    let mut at = 0;
    for m in marks {
        if m.start < at || m.end > sentence.len() {
            continue;
        }
        if m.start > at {
            out.push(Part {
                text: sentence[at..m.start].to_owned(),
                mark: None,
            });
        }
        out.push(Part {
            text: sentence[m.start..m.end].to_owned(),
            mark: Some(m.kind),
        });
        at = m.end;
    }
    if at < sentence.len() {
        out.push(Part {
            text: sentence[at..].to_owned(),
            mark: None,
        });
    }
    out
}

/// One sentence of one document reporting an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionDetail {
    /// The document's readable id.
    pub doc: String,
    /// Who published it (URL host, else input file).
    pub outlet: String,
    /// Its URL, if known.
    pub url: Option<String>,
    /// The document's day.
    pub doc_day: String,
    /// The day this mention dates the event.
    pub date: String,
    /// The words that dated it.
    pub date_text: Option<String>,
    /// Sentence index in the document.
    pub sentence: u64,
    /// The sentence.
    pub text: String,
    /// The source's words and actor code.
    pub source: Option<String>,
    /// The source's actor code.
    pub source_code: Option<String>,
    /// The target's words.
    pub target: Option<String>,
    /// The target's actor code.
    pub target_code: Option<String>,
    /// CAMEO code and name as this mention coded it.
    pub cameo: String,
    /// Its name.
    pub cameo_name: String,
    /// Trigger words.
    pub verb: String,
    /// The pattern.
    pub rule: String,
    /// Coder confidence.
    pub confidence: f64,
    /// Byte spans (into `text`) of source, target and trigger.
    pub marks: Vec<Mark>,
    /// `text` cut at the marks.
    pub parts: Vec<Part>,
    /// The document's further sentences reporting it (as stored).
    pub reports: serde_json::Value,
}

/// An event with every sentence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDetail {
    /// The event.
    pub event: StoredEvent,
    /// Its mentions, by document day, document and sentence.
    pub mentions: Vec<MentionDetail>,
}

/// An actor (a party key: organisation, else country, else code) and how
/// many events it takes part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCount {
    /// The key, as events and filters name it.
    pub key: String,
    /// Events it is source or target of.
    pub events: u64,
    /// As source.
    pub as_source: u64,
    /// As target.
    pub as_target: u64,
}

/// A time series' period length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// `YYYY-MM-DD`.
    Day,
    /// Weeks from Monday, named by their Monday.
    Week,
    /// `YYYY-MM`.
    Month,
}

impl FromStr for Interval {
    type Err = Error;
    fn from_str(s: &str) -> Result<Interval> {
        match s {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            _ => Err(Error::Filter(format!(
                "interval {s:?} is not one of day, week, month"
            ))),
        }
    }
}

/// Which events a series or a network counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Span {
    /// Source key (exact, as [`ActorCount::key`]); either side for a
    /// symmetric event.
    pub source: Option<String>,
    /// Target key.
    pub target: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
}

impl Span {
    fn validate(&self) -> Result<()> {
        Filter {
            source: self.source.clone(),
            target: self.target.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            ..Filter::default()
        }
        .validate()
    }
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// `YYYY-MM-DD` (day, or a week's Monday) or `YYYY-MM`.
    pub period: String,
    /// Events.
    pub events: u64,
    /// Sum of their Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value (of the events that have one).
    pub goldstein_mean: Option<f64>,
    /// Events per quad class: verbal cooperation, material cooperation,
    /// verbal conflict, material conflict.
    pub quad: [u64; 4],
}

/// An actor of a network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Its key.
    pub key: String,
    /// Events on the network's edges it takes part in.
    pub events: u64,
}

/// Who did something to whom in a period, how often and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source key.
    pub source: String,
    /// Target key.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Mean Goldstein value: -10 (conflict) to +10 (cooperation).
    pub goldstein_mean: Option<f64>,
    /// Events per quad class.
    pub quad: [u64; 4],
}

/// The interaction network of a period: the busiest edges and their
/// actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// Actors, busiest first.
    pub nodes: Vec<Node>,
    /// Edges, busiest first.
    pub edges: Vec<Edge>,
}

fn count(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(row.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
}

impl SqliteStore {
    /// The events matching `filter` (with its `limit` and `offset`), in
    /// date order.
    pub fn events(&self, filter: &Filter) -> Result<Vec<StoredEvent>> {
        filter.validate()?;
        let (sql, values) = query_sql(filter);
        let mut st = self.connection().prepare(&sql)?;
        let rows = st.query_map(params_from_iter(values), stored_event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many events match `filter`, ignoring its `limit` and `offset`.
    pub fn count_events(&self, filter: &Filter) -> Result<u64> {
        filter.validate()?;
        let all = Filter {
            limit: None,
            offset: None,
            ..filter.clone()
        };
        let (sql, values) = query_sql(&all);
        let sql = format!("SELECT count(*) FROM ({sql})");
        let n: i64 = self
            .connection()
            .query_row(&sql, params_from_iter(values), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The event with this key and every sentence reporting it; `None`
    /// when there is none.
    pub fn event(&self, key: &str) -> Result<Option<EventDetail>> {
        let conn = self.connection();
        let (sql, values) = query_sql(&Filter::default());
        let sql = sql.replace(
            "\n ORDER BY e.date, e.key",
            &format!("\n WHERE e.key = ?{}", values.len() + 1),
        );
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query([key])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let event = stored_event(row)?;
        let mut st = conn.prepare(
            r#"SELECT d.name, d.outlet, d.url, d.day, m.date, m.date_text, m.sentence, m.text,
                      m.source_text, m.source_code, m.target_text, m.target_code,
                      m.cameo, m.cameo_name, m.verb, m.rule, m.confidence,
                      m.trigger_start - m.start, m.trigger_end - m.start, m.reports
               FROM events e
               JOIN event_mentions m ON m.event_id = e.id
               JOIN documents d ON d.id = m.doc_id
               WHERE e.key = ?1
               ORDER BY d.day, d.key, m.sentence, m.id"#,
        )?;
        let mentions = st.query_map([key], |r| {
            let text: String = r.get(7)?;
            let source: Option<String> = r.get(8)?;
            let target: Option<String> = r.get(10)?;
            let (a, b): (i64, i64) = (r.get(17)?, r.get(18)?);
            let verb = (a >= 0 && b >= a).then_some([a as usize, b as usize]);
            let marks = marks(
                &text,
                verb,
                source.as_deref().unwrap_or(""),
                target.as_deref().unwrap_or(""),
            );
            let reports: String = r.get(19)?;
            Ok(MentionDetail {
                doc: r.get(0)?,
                outlet: r.get(1)?,
                url: r.get(2)?,
                doc_day: r.get(3)?,
                date: r.get(4)?,
                date_text: r.get(5)?,
                sentence: count(r, 6)?,
                parts: parts(&text, &marks),
                marks,
                text,
                source,
                source_code: r.get(9)?,
                target,
                target_code: r.get(11)?,
                cameo: r.get(12)?,
                cameo_name: r.get(13)?,
                verb: r.get(14)?,
                rule: r.get(15)?,
                confidence: r.get(16)?,
                reports: serde_json::from_str(&reports).unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(Some(EventDetail {
            event,
            mentions: mentions.collect::<rusqlite::Result<_>>()?,
        }))
    }

    /// Actors by the number of events they take part in, busiest first.
    pub fn actors(&self, limit: u64) -> Result<Vec<ActorCount>> {
        let mut st = self.connection().prepare(
            "SELECT k, sum(s) + sum(t), sum(s), sum(t) FROM (
                 SELECT source_key AS k, count(*) AS s, 0 AS t FROM events
                 WHERE source_key IS NOT NULL GROUP BY source_key
                 UNION ALL
                 SELECT target_key, 0, count(*) FROM events
                 WHERE target_key IS NOT NULL GROUP BY target_key)
             GROUP BY k ORDER BY 2 DESC, k LIMIT ?1",
        )?;
        let rows = st.query_map([limit.min(i64::MAX as u64) as i64], |r| {
            Ok(ActorCount {
                key: r.get(0)?,
                events: count(r, 1)?,
                as_source: count(r, 2)?,
                as_target: count(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The time series of the events in `span` (a dyad, one actor's, or
    /// all), one row per `interval` with events, in order.
    pub fn series(&self, span: &Span, interval: Interval) -> Result<Vec<Period>> {
        span.validate()?;
        let period = match interval {
            Interval::Day => "date",
            Interval::Week => "date(date, 'weekday 0', '-6 days')",
            Interval::Month => "substr(date, 1, 7)",
        };
        let (wheres, values) = span_where(span);
        let sql = format!(
            "SELECT {period} AS p, count(*), total(goldstein), avg(goldstein),
                    sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
             FROM events {wheres} GROUP BY p ORDER BY p"
        );
        let mut st = self.connection().prepare(&sql)?;
        let rows = st.query_map(params_from_iter(values), |r| {
            Ok(Period {
                period: r.get(0)?,
                events: count(r, 1)?,
                goldstein_sum: r.get(2)?,
                goldstein_mean: r.get(3)?,
                quad: [count(r, 4)?, count(r, 5)?, count(r, 6)?, count(r, 7)?],
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The interaction network of the events in `span`: its `limit`
    /// busiest (source, target) edges and their actors.
    pub fn network(&self, span: &Span, limit: u64) -> Result<Network> {
        span.validate()?;
        let (wheres, mut values) = span_where(span);
        let both = if wheres.is_empty() {
            "WHERE source_key IS NOT NULL AND target_key IS NOT NULL".to_owned()
        } else {
            format!("{wheres} AND source_key IS NOT NULL AND target_key IS NOT NULL")
        };
        values.push(Value::Integer(limit.min(i64::MAX as u64) as i64));
        let sql = format!(
            "SELECT source_key, target_key, count(*) AS n, avg(goldstein),
                    sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
             FROM events {both} GROUP BY source_key, target_key
             ORDER BY n DESC, source_key, target_key LIMIT ?{}",
            values.len()
        );
        let mut st = self.connection().prepare(&sql)?;
        let rows = st.query_map(params_from_iter(values), |r| {
            Ok(Edge {
                source: r.get(0)?,
                target: r.get(1)?,
                events: count(r, 2)?,
                goldstein_mean: r.get(3)?,
                quad: [count(r, 4)?, count(r, 5)?, count(r, 6)?, count(r, 7)?],
            })
        })?;
        let edges: Vec<Edge> = rows.collect::<rusqlite::Result<_>>()?;
        let mut nodes: std::collections::BTreeMap<&str, u64> = Default::default();
        for e in &edges {
            *nodes.entry(&e.source).or_default() += e.events;
            *nodes.entry(&e.target).or_default() += e.events;
        }
        let mut nodes: Vec<Node> = nodes
            .into_iter()
            .map(|(k, n)| Node {
                key: k.to_owned(),
                events: n,
            })
            .collect();
        nodes.sort_by(|a, b| b.events.cmp(&a.events).then(a.key.cmp(&b.key)));
        Ok(Network { nodes, edges })
    }
}

/// The `WHERE` clause of a span over `events` (empty when it has no
/// condition), with its parameters.
fn span_where(span: &Span) -> (String, Vec<Value>) {
    let mut values = Vec::new();
    let mut conds = Vec::new();
    let mut param = |v: &str| {
        values.push(Value::Text(v.trim().to_owned()));
        values.len()
    };
    match (&span.source, &span.target) {
        (Some(s), Some(t)) => {
            let (s, t) = (param(s), param(t));
            conds.push(format!(
                "((source_key = ?{s} AND target_key = ?{t}) OR \
                  (symmetric = 1 AND source_key = ?{t} AND target_key = ?{s}))"
            ));
        }
        (Some(s), None) => {
            let s = param(s);
            conds.push(format!(
                "(source_key = ?{s} OR (symmetric = 1 AND target_key = ?{s}))"
            ));
        }
        (None, Some(t)) => {
            let t = param(t);
            conds.push(format!(
                "(target_key = ?{t} OR (symmetric = 1 AND source_key = ?{t}))"
            ));
        }
        (None, None) => {}
    }
    if let Some(d) = &span.from {
        let p = param(d);
        conds.push(format!("date >= ?{p}"));
    }
    if let Some(d) = &span.to {
        let p = param(d);
        conds.push(format!("date <= ?{p}"));
    }
    if conds.is_empty() {
        (String::new(), values)
    } else {
        (format!("WHERE {}", conds.join(" AND ")), values)
    }
}

/// Whether `s` is a day `YYYY-MM-DD`.
pub fn is_day(s: &str) -> bool {
    s.len() == 10 && day_number(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_parts() {
        let s = "Chile condemned Peru on Monday.";
        let m = marks(s, Some([6, 15]), "Chile", "Peru");
        assert_eq!(
            m.iter().map(|m| m.kind).collect::<Vec<_>>(),
            ["source", "verb", "target"]
        );
        let p = parts(s, &m);
        let joined: String = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, s);
        assert_eq!(p[2].text, "condemned");
        assert_eq!(p[3].text, " ");
        assert_eq!(p[4].mark, Some("target"));
        // Out-of-range or non-boundary spans are dropped, not a panic.
        assert!(marks("é", Some([1, 2]), "", "").is_empty());
        assert!(marks(s, Some([40, 50]), "", "").is_empty());
    }

    #[test]
    fn intervals() {
        assert_eq!("week".parse::<Interval>().unwrap(), Interval::Week);
        assert!("year".parse::<Interval>().is_err());
    }
}
