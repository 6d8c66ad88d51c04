//! The shared store: one PostgreSQL database many processes write at once.
//!
//! The same tables as [`crate::sqlite`] in PostgreSQL types
//! ([`schema::PG_MIGRATIONS`]), the same clustering rule
//! ([`crate::cluster`]) and the same queries ([`crate::sql`]). What is
//! different is concurrency: several `dyad ingest` or `dyad work`
//! processes, on different or overlapping inputs, store documents at the
//! same time.
//!
//! * **Documents once.** `documents.key` is unique and a document is
//!   inserted with `ON CONFLICT (key) DO NOTHING`: of two processes storing
//!   the same document, the second waits on the first's uncommitted row and
//!   then inserts nothing, so its whole transaction stores nothing
//!   ([`Put::AlreadyStored`]).
//! * **Events right.** Re-clustering a block reads all of the block's
//!   mentions around the new ones and rewrites their events. Two
//!   transactions doing that at once for the same block would each miss the
//!   other's new mentions. So before re-clustering a block, a transaction
//!   takes `pg_advisory_xact_lock` on a 64-bit hash of the block key, held
//!   to commit. Blocks are locked in sorted order (no deadlock between two
//!   documents that touch the same blocks). Re-clustering runs at READ
//!   COMMITTED after the lock is granted, so it sees every mention
//!   committed by the previous holder, and any transaction that adds
//!   mentions to the block later re-clusters after it: the last one to
//!   commit has seen them all, and the events are those of clustering the
//!   whole set, as if the documents had been stored one after another.
//!   Documents in different blocks never wait for each other.
//! * **Retry.** A deadlock or serialization failure the server reports
//!   anyway (say, on foreign-key row locks) rolls the transaction back and
//!   it is tried again, a few times.

use std::collections::{BTreeMap, BTreeSet};

use dyad_actors::Role;
use dyad_events::{Location, Party, Plover};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Transaction};

use crate::StoredMention;
use crate::cluster::{self, Item, block_key, day_number, fnv_hex, party_cols, place_key};
use crate::{Counts, Error, Filter, Put, Record, Result, Store, StoredEvent, schema, sql};

/// A store in a PostgreSQL database.
pub struct PgStore {
    client: Client,
}

/// Whether `db` names a PostgreSQL database (`postgres://` or
/// `postgresql://`) rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The lock key of a block: FNV-1a of its key, as PostgreSQL's `bigint`.
fn lock_key(block: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in block.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

/// The advisory lock migrations hold ("dyadschm").
const MIGRATION_LOCK: i64 = 0x6479_6164_7363_686d;

/// How many times a transaction the server aborted (deadlock,
/// serialization failure) is tried.
const ATTEMPTS: usize = 5;

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/db`) and
    /// migrates the database to the current schema.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(PgStore { client })
    }

    /// The connection, for SQL of one's own.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// The database's schema version: 0 when it has no `dyad_schema` table.
pub fn version(client: &mut Client) -> Result<u32> {
    let exists: bool = client
        .query_one("SELECT to_regclass('dyad_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt("SELECT version FROM dyad_schema", &[])?;
    Ok(row.map_or(0, |r| r.get::<_, i64>(0) as u32))
}

/// Brings the database to [`schema::VERSION`]: each missing migration in
/// a transaction with its version bump, under an advisory lock so that
/// processes starting together migrate once.
pub fn migrate(client: &mut Client) -> Result<()> {
    let target = schema::VERSION;
    if version(client)? == target {
        return Ok(());
    }
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS dyad_schema (version BIGINT NOT NULL)")?;
    let current = match tx.query_opt("SELECT version FROM dyad_schema", &[])? {
        Some(r) => r.get::<_, i64>(0) as u32,
        None => {
            tx.execute("INSERT INTO dyad_schema (version) VALUES (0)", &[])?;
            0
        }
    };
    tx.commit()?;
    if current > target {
        return Err(Error::Schema(format!(
            "the database has schema version {current}, newer than this dyad knows ({target}); \
             use a newer dyad"
        )));
    }
    for v in current..target {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.query_one("SELECT version FROM dyad_schema", &[])?.get(0);
        if now as u32 > v {
            continue;
        }
        tx.batch_execute(schema::PG_MIGRATIONS[v as usize])?;
        tx.execute(
            "UPDATE dyad_schema SET version = $1",
            &[&(i64::from(v) + 1)],
        )?;
        tx.commit()?;
    }
    Ok(())
}

const INSERT_MENTION: &str = r#"INSERT INTO event_mentions (
    doc_id, sentence, start, "end", text, block, day, date, date_text,
    source_key, source_code, source_entity, source_text, source_country, source_org, source_sector,
    target_key, target_code, target_entity, target_text, target_country, target_org, target_sector,
    "symmetric", cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode, plover_context,
    place, place_text, place_country, lat, lon, confidence, quote_code,
    verb, rule, trigger_start, trigger_end, notes, reports
) VALUES (
    $1, $2, $3, $4, $5, $6, $7, $8, $9,
    $10, $11, $12, $13, $14, $15, $16,
    $17, $18, $19, $20, $21, $22, $23,
    $24, $25, $26, $27, $28, $29, $30, $31,
    $32, $33, $34, $35, $36, $37, $38,
    $39, $40, $41, $42, $43::text::jsonb, $44::text::jsonb
)"#;

/// Whether the server aborted the transaction for a reason that trying
/// again can cure.
fn retryable(e: &Error) -> bool {
    match e {
        Error::Postgres(e) => {
            e.code() == Some(&SqlState::T_R_SERIALIZATION_FAILURE)
                || e.code() == Some(&SqlState::T_R_DEADLOCK_DETECTED)
        }
        _ => false,
    }
}

impl Store for PgStore {
    fn contains(&mut self, key: &str) -> Result<bool> {
        Ok(self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM documents WHERE key = $1)",
                &[&key],
            )?
            .get(0))
    }

    fn put(&mut self, r: &Record<'_>) -> Result<Put> {
        let mut attempt = 1;
        loop {
            match put_once(&mut self.client, r) {
                Err(e) if attempt < ATTEMPTS && retryable(&e) => attempt += 1,
                result => return result,
            }
        }
    }

    fn query(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&StoredEvent) -> std::io::Result<()>,
    ) -> Result<u64> {
        self.query_rows(filter, &mut |row| Ok(each(&stored_event(row)?)?))
    }

    fn query_with_mentions(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&StoredEvent, &[StoredMention]) -> std::io::Result<()>,
    ) -> Result<u64> {
        // The events first (one query), then each one's mentions: the
        // events of a filter are read whole, their mentions one event at
        // a time.
        let mut events: Vec<(StoredEvent, i64, i64)> = Vec::new();
        self.query_rows(filter, &mut |row| {
            events.push((stored_event(row)?, row.get(36), row.get(37)));
            Ok(())
        })?;
        let st = self.client.prepare(
            r#"SELECT d.name, d.url, d.outlet, d.day, length(d.text)::BIGINT,
                    m.date, m.sentence, m.start, m."end", m.text, m.source_text, m.target_text,
                    m.cameo, m.trigger_start, m.trigger_end, m.confidence, m.id
             FROM event_mentions m JOIN documents d ON d.id = m.doc_id
             WHERE m.event_id = $1
             ORDER BY d.key COLLATE "C", m.sentence, m.id"#,
        )?;
        let mut n = 0;
        for (ev, id, representative) in &events {
            let mut mentions = Vec::new();
            for m in self.client.query(&st, &[id])? {
                let count = |i: usize| m.get::<_, i64>(i).max(0) as u64;
                mentions.push(StoredMention {
                    doc: m.get(0),
                    url: m.get(1),
                    outlet: m.get(2),
                    doc_day: m.get(3),
                    doc_chars: count(4),
                    date: m.get(5),
                    sentence: count(6),
                    start: count(7),
                    end: count(8),
                    text: m.get(9),
                    source_text: m.get(10),
                    target_text: m.get(11),
                    cameo: m.get(12),
                    trigger: [count(13), count(14)],
                    confidence: m.get::<_, f64>(15) as f32,
                    representative: m.get::<_, i64>(16) == *representative,
                });
            }
            each(ev, &mentions)?;
            n += 1;
        }
        Ok(n)
    }

    fn counts(&mut self) -> Result<Counts> {
        let row = self.client.query_one(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences),
                    (SELECT count(*) FROM actor_mentions), (SELECT count(*) FROM event_mentions),
                    (SELECT count(*) FROM events)",
            &[],
        )?;
        let n = |i: usize| row.get::<_, i64>(i) as u64;
        Ok(Counts {
            documents: n(0),
            sentences: n(1),
            actor_mentions: n(2),
            event_mentions: n(3),
            events: n(4),
        })
    }
}

/// One attempt at storing a document: one transaction.
fn put_once(client: &mut Client, r: &Record<'_>) -> Result<Put> {
    let mut tx = client.transaction()?;
    let outlet = r.outlet();
    let row = tx.query_opt(
        "INSERT INTO documents (key, name, origin, outlet, url, published, day, format, text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (key) DO NOTHING RETURNING id",
        &[
            &r.key,
            &r.id,
            &r.origin,
            &outlet,
            &r.url,
            &r.published,
            &r.day,
            &r.format,
            &r.text,
        ],
    )?;
    let Some(row) = row else {
        // Stored already, or by a concurrent transaction that committed
        // while this one waited on the key.
        return Ok(Put::AlreadyStored);
    };
    let doc_id: i64 = row.get(0);
    let st = tx.prepare(
        r#"INSERT INTO sentences (doc_id, idx, start, "end", text) VALUES ($1, $2, $3, $4, $5)"#,
    )?;
    for (i, s) in r.sentences.iter().enumerate() {
        let text = r.text.get(s[0]..s[1]).unwrap_or("");
        tx.execute(
            &st,
            &[&doc_id, &(i as i64), &(s[0] as i64), &(s[1] as i64), &text],
        )?;
    }
    let st = tx.prepare(
        r#"INSERT INTO actor_mentions (doc_id, sentence, start, "end", text, role,
           country, org, sector, person, title, code, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::jsonb)"#,
    )?;
    for m in r.actors {
        let role = match m.role {
            Role::Actor => "actor",
            Role::Place => "place",
        };
        tx.execute(
            &st,
            &[
                &doc_id,
                &(m.sentence as i64),
                &(m.span[0] as i64),
                &(m.span[1] as i64),
                &m.text,
                &role,
                &m.actor.country,
                &m.actor.org,
                &m.actor.sector,
                &m.actor.person,
                &m.actor.title,
                &m.actor.code(),
                &serde_json::to_string(&m.reason)?,
            ],
        )?;
    }
    let mut touched: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let st = tx.prepare(INSERT_MENTION)?;
    let fallback = day_number(r.day).unwrap_or(0);
    for e in r.events {
        let date = e
            .date
            .as_deref()
            .filter(|d| day_number(d).is_some())
            .unwrap_or(r.day);
        let day = day_number(date).unwrap_or(fallback);
        let block = block_key(e.source.as_ref(), e.target.as_ref(), e.symmetric, &e.cameo);
        let s = party_cols(e.source.as_ref());
        let t = party_cols(e.target.as_ref());
        let loc = e.location.as_ref();
        let date10 = date.get(..10).unwrap_or(date);
        let place = place_key(loc);
        let place_text = loc.map(|l| l.text.as_str());
        let place_country = loc.and_then(|l| l.country.as_deref());
        let lat = loc.and_then(|l| l.lat);
        let lon = loc.and_then(|l| l.lon);
        let quote = e.quote.as_ref().map(|q| q.code.as_str());
        let notes = serde_json::to_string(&e.evidence.notes)?;
        let reports = serde_json::to_string(&e.reports)?;
        tx.execute(
            &st,
            &[
                &doc_id,
                &(e.sentence as i64),
                &(e.span[0] as i64),
                &(e.span[1] as i64),
                &e.text,
                &block,
                &day,
                &date10,
                &e.date_text,
                &s[0],
                &s[1],
                &s[2],
                &s[3],
                &s[4],
                &s[5],
                &s[6],
                &t[0],
                &t[1],
                &t[2],
                &t[3],
                &t[4],
                &t[5],
                &t[6],
                &e.symmetric,
                &e.cameo,
                &e.cameo_name,
                &i64::from(e.quad_class),
                &e.goldstein.map(f64::from),
                &e.plover.kind,
                &e.plover.mode,
                &e.plover.context,
                &place,
                &place_text,
                &place_country,
                &lat,
                &lon,
                &f64::from(e.confidence),
                &quote,
                &e.evidence.verb,
                &e.evidence.rule,
                &(e.evidence.span[0] as i64),
                &(e.evidence.span[1] as i64),
                &notes,
                &reports,
            ],
        )?;
        let range = touched.entry(block).or_insert((day, day));
        range.0 = range.0.min(day);
        range.1 = range.1.max(day);
    }
    // Sorted (a BTreeMap): every transaction takes block locks in the
    // same order.
    for (block, (lo, hi)) in &touched {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock_key(block)])?;
        recluster(&mut tx, block, *lo, *hi)?;
    }
    tx.commit()?;
    Ok(Put::Stored {
        mentions: r.events.len(),
    })
}

/// What clustering needs of a mention besides its [`Item`].
struct Side {
    mention: i64,
    doc: i64,
    doc_day: String,
    outlet: String,
}

/// Clusters again the mentions of `block` on days `lo..=hi`, widened to
/// the run of days with no gap of more than one day around them, and
/// replaces their events (the SQLite store's rule, in PostgreSQL).
fn recluster(tx: &mut Transaction<'_>, block: &str, mut lo: i64, mut hi: i64) -> Result<()> {
    for row in tx.query(
        "SELECT DISTINCT day FROM event_mentions WHERE block = $1 AND day < $2 ORDER BY day DESC",
        &[&block, &lo],
    )? {
        let d: i64 = row.get(0);
        if d < lo - 1 {
            break;
        }
        lo = d;
    }
    for row in tx.query(
        "SELECT DISTINCT day FROM event_mentions WHERE block = $1 AND day > $2 ORDER BY day ASC",
        &[&block, &hi],
    )? {
        let d: i64 = row.get(0);
        if d > hi + 1 {
            break;
        }
        hi = d;
    }
    let mut items = Vec::new();
    let mut sides = Vec::new();
    let mut old_events = BTreeSet::new();
    for row in tx.query(
        "SELECT m.id, m.day, m.cameo, m.place, m.confidence, d.key, m.sentence,
                coalesce(m.source_key, '-'), coalesce(m.target_key, '-'), m.rule,
                m.trigger_start, m.event_id, m.doc_id, d.day, d.outlet
         FROM event_mentions m JOIN documents d ON d.id = m.doc_id
         WHERE m.block = $1 AND m.day BETWEEN $2 AND $3",
        &[&block, &lo, &hi],
    )? {
        let (source, target, rule): (String, String, String) = (row.get(7), row.get(8), row.get(9));
        let trigger: i64 = row.get(10);
        items.push(Item {
            id: sides.len() as i64,
            day: row.get(1),
            cameo: row.get(2),
            place: row.get(3),
            confidence: row.get(4),
            doc_key: row.get(5),
            sentence: row.get(6),
            tie: format!("{source}>{target}|{rule}|{trigger}"),
        });
        if let Some(e) = row.get::<_, Option<i64>>(11) {
            old_events.insert(e);
        }
        sides.push(Side {
            mention: row.get(0),
            doc: row.get(12),
            doc_day: row.get(13),
            outlet: row.get(14),
        });
    }
    if !old_events.is_empty() {
        let ids: Vec<i64> = old_events.into_iter().collect();
        tx.execute("DELETE FROM events WHERE id = ANY($1)", &[&ids])?;
    }
    let clusters = cluster::cluster(&mut items);
    let insert = tx.prepare(
        r#"INSERT INTO events (key, block, date,
            source_key, source_code, source_entity, source_text,
            target_key, target_code, target_entity, target_text,
            "symmetric", cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode,
            place_text, place_country, lat, lon, confidence,
            n_mentions, n_documents, n_sources, first_seen, last_seen, representative)
         SELECT $1::text, block, date,
            source_key, source_code, source_entity, source_text,
            target_key, target_code, target_entity, target_text,
            "symmetric", cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode,
            place_text, place_country, lat, lon, confidence,
            $2::bigint, $3::bigint, $4::bigint, $5::text, $6::text, id
         FROM event_mentions WHERE id = $7::bigint
         RETURNING id"#,
    )?;
    let assign = tx.prepare("UPDATE event_mentions SET event_id = $1 WHERE id = ANY($2)")?;
    for c in &clusters {
        let anchor = &items[c.members[0]];
        let key = fnv_hex(&format!(
            "{block}|{}|{}|{}|{}",
            anchor.doc_key, anchor.sentence, anchor.cameo, anchor.tie
        ));
        let side = |m: usize| &sides[items[m].id as usize];
        let docs: BTreeSet<i64> = c.members.iter().map(|&m| side(m).doc).collect();
        let outlets: BTreeSet<&str> = c.members.iter().map(|&m| side(m).outlet.as_str()).collect();
        let first = c.members.iter().map(|&m| &side(m).doc_day).min();
        let last = c.members.iter().map(|&m| &side(m).doc_day).max();
        let event: i64 = tx
            .query_one(
                &insert,
                &[
                    &key,
                    &(c.members.len() as i64),
                    &(docs.len() as i64),
                    &(outlets.len() as i64),
                    &first,
                    &last,
                    &side(c.representative).mention,
                ],
            )?
            .get(0);
        let members: Vec<i64> = c.members.iter().map(|&m| side(m).mention).collect();
        tx.execute(&assign, &[&event, &members])?;
    }
    Ok(())
}

impl PgStore {
    /// Runs the events query of `filter`, handing each row to `each`.
    fn query_rows(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<u64> {
        filter.validate()?;
        let (sql, values) = sql::query_sql(filter, sql::Dialect::Postgres);
        let values: Vec<Box<dyn ToSql + Sync>> = values
            .into_iter()
            .map(|v| -> Box<dyn ToSql + Sync> {
                match v {
                    sql::Param::Text(s) => Box::new(s),
                    sql::Param::Int(i) => Box::new(i),
                }
            })
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
        let mut n = 0;
        for row in self.client.query(&sql, &refs)? {
            each(&row)?;
            n += 1;
        }
        Ok(n)
    }
}

fn stored_event(row: &postgres::Row) -> Result<StoredEvent> {
    let party = |at: usize| -> Option<Party> {
        let code: Option<String> = row.get(at + 5);
        code.map(|code| Party {
            text: row.get(at),
            country: row.get(at + 1),
            org: row.get(at + 2),
            sector: row.get(at + 3),
            entity: row.get(at + 4),
            code,
        })
    };
    let place: Option<String> = row.get(31);
    let location = place.map(|text| Location {
        text,
        country: row.get(32),
        lat: row.get(33),
        lon: row.get(34),
    });
    let url: Option<String> = row.get(35);
    let count = |i: usize| row.get::<_, i64>(i) as u64;
    Ok(StoredEvent {
        url,
        key: row.get(0),
        date: row.get(1),
        symmetric: row.get(2),
        cameo: row.get(3),
        cameo_name: row.get(4),
        quad_class: row.get::<_, i64>(5) as u8,
        goldstein: row.get::<_, Option<f64>>(6).map(|g| g as f32),
        plover: Plover {
            kind: row.get(7),
            mode: row.get(8),
            context: String::new(),
        },
        mentions: count(9),
        documents: count(10),
        sources: count(11),
        first_seen: row.get(12),
        last_seen: row.get(13),
        doc: row.get(14),
        sentence: count(15),
        text: row.get(16),
        rule: row.get(17),
        confidence: row.get::<_, f64>(18) as f32,
        source: party(19),
        target: party(25),
        location,
    })
}
