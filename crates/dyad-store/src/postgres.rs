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
use dyad_events::{Event, Location, Party, Plover};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement, Transaction};

use crate::StoredMention;
use crate::cluster::{self, Item, party_cols, place_key, placement, touch};
use crate::{Counts, Error, Filter, Put, Record, Result, Store, StoredEvent, schema, sql};

/// A store in a PostgreSQL database.
pub struct PgStore {
    client: Client,
    /// The statements of `put`, prepared on the first.
    statements: Option<Statements>,
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
        Ok(PgStore {
            client,
            statements: None,
        })
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
        let st = match &mut self.statements {
            Some(st) => st,
            none => none.insert(Statements::prepare(&mut self.client)?),
        };
        let mut attempt = 1;
        loop {
            match put_once(&mut self.client, st, r) {
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
        // Events come in pages of the streamed query; each page's
        // mentions are one more query (`= ANY`), so an export is two
        // round trips per page, not one per event, and holds one page.
        let mentions_sql = r#"SELECT d.name, d.url, d.outlet, d.day, length(d.text)::BIGINT,
                    m.date, m.sentence, m.start, m."end", m.text, m.source_text, m.target_text,
                    m.cameo, m.trigger_start, m.trigger_end, m.confidence, m.id, m.event_id
             FROM event_mentions m JOIN documents d ON d.id = m.doc_id
             WHERE m.event_id = ANY($1)
             ORDER BY m.event_id, d.key COLLATE "C", m.sentence, m.id"#;
        self.query_pages(filter, &mut |tx, rows| {
            let mut events = Vec::with_capacity(rows.len());
            for row in rows {
                events.push((
                    stored_event(row)?,
                    row.get::<_, i64>(36),
                    row.get::<_, i64>(37),
                ));
            }
            let ids: Vec<i64> = events.iter().map(|e| e.1).collect();
            let representative: std::collections::HashMap<i64, i64> =
                events.iter().map(|e| (e.1, e.2)).collect();
            let mut by_event: std::collections::HashMap<i64, Vec<StoredMention>> =
                std::collections::HashMap::with_capacity(ids.len());
            for m in tx.query(mentions_sql, &[&ids])? {
                let count = |i: usize| m.get::<_, i64>(i).max(0) as u64;
                let event: i64 = m.get(17);
                by_event.entry(event).or_default().push(StoredMention {
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
                    representative: representative.get(&event) == Some(&m.get::<_, i64>(16)),
                });
            }
            for (ev, id, _) in &events {
                let mentions = by_event.remove(id).unwrap_or_default();
                each(ev, &mentions)?;
            }
            Ok(())
        })
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

/// Storing a document: the document, its sentences, actor mentions and
/// event mentions in one statement. Each table's rows come as arrays, one
/// a column, unnested into rows (in array order, so row ids follow the
/// document's order as one `INSERT` a row gave them). When the document's
/// key is stored already, `d` is empty and so is every insert joined to
/// it: the statement stores nothing and returns no row.
const INSERT_DOCUMENT: &str = r#"WITH d AS (
    INSERT INTO documents (key, name, origin, outlet, url, published, day, format, text)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (key) DO NOTHING
    RETURNING id
), s AS (
    INSERT INTO sentences (doc_id, idx, start, "end", text)
    SELECT d.id, s.* FROM d,
        unnest($10::bigint[], $11::bigint[], $12::bigint[], $13::text[])
            AS s(idx, start, "end", text)
), a AS (
    INSERT INTO actor_mentions (doc_id, sentence, start, "end", text, role,
        country, org, sector, person, title, code, reason)
    SELECT d.id, a.sentence, a.start, a."end", a.text, a.role,
        a.country, a.org, a.sector, a.person, a.title, a.code, a.reason::jsonb
    FROM d,
        unnest($14::bigint[], $15::bigint[], $16::bigint[], $17::text[], $18::text[],
            $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[],
            $25::text[])
            AS a(sentence, start, "end", text, role, country, org, sector, person, title,
                code, reason)
), m AS (
    INSERT INTO event_mentions (
        doc_id, sentence, start, "end", text, block, day, date, date_text,
        source_key, source_code, source_entity, source_text, source_country, source_org, source_sector,
        target_key, target_code, target_entity, target_text, target_country, target_org, target_sector,
        "symmetric", cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode, plover_context,
        place, place_text, place_country, lat, lon, confidence, quote_code,
        verb, rule, trigger_start, trigger_end, notes, reports)
    SELECT d.id, m.sentence, m.start, m."end", m.text, m.block, m.day, m.date, m.date_text,
        m.source_key, m.source_code, m.source_entity, m.source_text, m.source_country,
        m.source_org, m.source_sector,
        m.target_key, m.target_code, m.target_entity, m.target_text, m.target_country,
        m.target_org, m.target_sector,
        m."symmetric", m.cameo, m.cameo_name, m.quad_class, m.goldstein, m.plover_type,
        m.plover_mode, m.plover_context,
        m.place, m.place_text, m.place_country, m.lat, m.lon, m.confidence, m.quote_code,
        m.verb, m.rule, m.trigger_start, m.trigger_end, m.notes::jsonb, m.reports::jsonb
    FROM d,
        unnest($26::bigint[], $27::bigint[], $28::bigint[], $29::text[], $30::text[],
            $31::bigint[], $32::text[], $33::text[],
            $34::text[], $35::text[], $36::text[], $37::text[], $38::text[], $39::text[], $40::text[],
            $41::text[], $42::text[], $43::text[], $44::text[], $45::text[], $46::text[], $47::text[],
            $48::boolean[], $49::text[], $50::text[], $51::bigint[], $52::float8[], $53::text[],
            $54::text[], $55::text[],
            $56::text[], $57::text[], $58::text[], $59::float8[], $60::float8[], $61::float8[],
            $62::text[],
            $63::text[], $64::text[], $65::bigint[], $66::bigint[], $67::text[], $68::text[])
            AS m(sentence, start, "end", text, block, day, date, date_text,
                source_key, source_code, source_entity, source_text, source_country,
                source_org, source_sector,
                target_key, target_code, target_entity, target_text, target_country,
                target_org, target_sector,
                "symmetric", cameo, cameo_name, quad_class, goldstein, plover_type,
                plover_mode, plover_context,
                place, place_text, place_country, lat, lon, confidence, quote_code,
                verb, rule, trigger_start, trigger_end, notes, reports)
)
SELECT id FROM d"#;

/// The advisory locks of the blocks a document touches, taken one after
/// another in the order given (sorted by block key, the same in every
/// transaction, so two cannot wait for each other). PostgreSQL evaluates
/// a volatile function of the select list after the `ORDER BY`.
const LOCK_BLOCKS: &str = "SELECT pg_advisory_xact_lock(k)
    FROM unnest($1::bigint[]) WITH ORDINALITY AS l(k, n) ORDER BY n";

/// Everything re-clustering the touched blocks needs, read in one
/// statement after their locks are granted (so its snapshot sees what the
/// previous holders committed). Per block (`$1`, with the first and last
/// day of the document's mentions in it, `$2` and `$3`): the range is
/// widened day by day while the day before (after) it has a mention of
/// the block, to the run with no gap of more than one day around the new
/// mentions ([`crate::cluster`]: clusters never cross such a gap); every
/// mention of the block in the run is returned, with its document. The
/// events those mentions belonged to are deleted by the same statement;
/// `ON DELETE SET NULL` clears the mentions' `event_id` at its end, and
/// [`WRITE_EVENTS`] sets them again.
const READ_BLOCKS: &str = r#"WITH RECURSIVE
t(block, lo, hi) AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
),
back(block, day) AS (
    SELECT block, lo FROM t
    UNION ALL
    SELECT back.block, back.day - 1 FROM back
    WHERE EXISTS (SELECT 1 FROM event_mentions e
                  WHERE e.block = back.block AND e.day = back.day - 1)
),
ahead(block, day) AS (
    SELECT block, hi FROM t
    UNION ALL
    SELECT ahead.block, ahead.day + 1 FROM ahead
    WHERE EXISTS (SELECT 1 FROM event_mentions e
                  WHERE e.block = ahead.block AND e.day = ahead.day + 1)
),
run(block, lo, hi) AS (
    SELECT t.block,
        (SELECT min(back.day) FROM back WHERE back.block = t.block),
        (SELECT max(ahead.day) FROM ahead WHERE ahead.block = t.block)
    FROM t
),
found AS (
    SELECT m.block, m.id, m.day, m.cameo, m.place, m.confidence, d.key, m.sentence,
        coalesce(m.source_key, '-') AS source_key, coalesce(m.target_key, '-') AS target_key,
        m.rule, m.trigger_start, m.event_id, m.doc_id, d.day AS doc_day, d.outlet
    FROM run
    JOIN event_mentions m ON m.block = run.block AND m.day BETWEEN run.lo AND run.hi
    JOIN documents d ON d.id = m.doc_id
),
gone AS (
    DELETE FROM events WHERE id IN (SELECT event_id FROM found)
)
SELECT * FROM found"#;

/// The new events of the touched blocks, each copying its representative
/// mention's coding, and every mention pointed at its event, in one
/// statement: `$1..$7` one element per event, `$8` and `$9` one per
/// mention (its id and its event's key).
const WRITE_EVENTS: &str = r#"WITH c AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
        $6::text[], $7::bigint[])
        AS c(key, n_mentions, n_documents, n_sources, first_seen, last_seen, representative)
), ins AS (
    INSERT INTO events (key, block, date,
        source_key, source_code, source_entity, source_text,
        target_key, target_code, target_entity, target_text,
        "symmetric", cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode,
        place_text, place_country, lat, lon, confidence,
        n_mentions, n_documents, n_sources, first_seen, last_seen, representative)
    SELECT c.key, m.block, m.date,
        m.source_key, m.source_code, m.source_entity, m.source_text,
        m.target_key, m.target_code, m.target_entity, m.target_text,
        m."symmetric", m.cameo, m.cameo_name, m.quad_class, m.goldstein, m.plover_type,
        m.plover_mode, m.place_text, m.place_country, m.lat, m.lon, m.confidence,
        c.n_mentions, c.n_documents, c.n_sources, c.first_seen, c.last_seen, m.id
    FROM c JOIN event_mentions m ON m.id = c.representative
    RETURNING id, key
)
UPDATE event_mentions e SET event_id = ins.id
FROM unnest($8::bigint[], $9::text[]) AS a(mention, key)
JOIN ins ON ins.key = a.key
WHERE e.id = a.mention"#;

/// The statements of [`put_once`], prepared once per connection.
struct Statements {
    insert: Statement,
    lock: Statement,
    read: Statement,
    write: Statement,
}

impl Statements {
    fn prepare(client: &mut Client) -> Result<Statements> {
        Ok(Statements {
            insert: client.prepare(INSERT_DOCUMENT)?,
            lock: client.prepare(LOCK_BLOCKS)?,
            read: client.prepare(READ_BLOCKS)?,
            write: client.prepare(WRITE_EVENTS)?,
        })
    }
}

/// One attempt at storing a document: one transaction of four statements
/// (one when it has no events) after `BEGIN` and a `SET LOCAL`, whatever
/// the number of its sentences, mentions and events: insert everything,
/// lock the touched blocks, read them (and drop their old events), write
/// their new events.
fn put_once(client: &mut Client, st: &Statements, r: &Record<'_>) -> Result<Put> {
    let mut tx = client.transaction()?;
    // The statements' generic plans, planned once per connection: a
    // custom plan for each document's arrays costs the server more
    // (≈ 2 ms for READ_BLOCKS) than running the statement (≈ 0.2 ms).
    // LOCAL: queries on this connection keep PostgreSQL's own choice.
    tx.batch_execute("SET LOCAL plan_cache_mode = force_generic_plan")?;
    let outlet = r.outlet();

    // Sentences, a column an array.
    let n = r.sentences.len();
    let mut s_idx = Vec::with_capacity(n);
    let mut s_start = Vec::with_capacity(n);
    let mut s_end = Vec::with_capacity(n);
    let mut s_text = Vec::with_capacity(n);
    for (i, s) in r.sentences.iter().enumerate() {
        s_idx.push(i as i64);
        s_start.push(s[0] as i64);
        s_end.push(s[1] as i64);
        s_text.push(r.text.get(s[0]..s[1]).unwrap_or(""));
    }

    // Actor mentions.
    let n = r.actors.len();
    let mut a_sentence = Vec::with_capacity(n);
    let mut a_start = Vec::with_capacity(n);
    let mut a_end = Vec::with_capacity(n);
    let mut a_text = Vec::with_capacity(n);
    let mut a_role = Vec::with_capacity(n);
    let mut a_country = Vec::with_capacity(n);
    let mut a_org = Vec::with_capacity(n);
    let mut a_sector = Vec::with_capacity(n);
    let mut a_person = Vec::with_capacity(n);
    let mut a_title = Vec::with_capacity(n);
    let mut a_code = Vec::with_capacity(n);
    let mut a_reason = Vec::with_capacity(n);
    for m in r.actors {
        a_sentence.push(m.sentence as i64);
        a_start.push(m.span[0] as i64);
        a_end.push(m.span[1] as i64);
        a_text.push(m.text.as_str());
        a_role.push(match m.role {
            Role::Actor => "actor",
            Role::Place => "place",
        });
        a_country.push(m.actor.country.as_deref());
        a_org.push(m.actor.org.as_deref());
        a_sector.push(m.actor.sector.as_deref());
        a_person.push(m.actor.person.as_deref());
        a_title.push(m.actor.title.as_deref());
        a_code.push(m.actor.code());
        a_reason.push(serde_json::to_string(&m.reason)?);
    }

    // Event mentions, and the day range of each block they fall in.
    let mut e = EventColumns::default();
    let mut touched: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for ev in r.events {
        let (block, day, date) = placement(ev, r.day);
        touch(&mut touched, &block, day);
        e.push(ev, block, day, date)?;
    }

    let mut params: Vec<&(dyn ToSql + Sync)> = vec![
        &r.key,
        &r.id,
        &r.origin,
        &outlet,
        &r.url,
        &r.published,
        &r.day,
        &r.format,
        &r.text,
        &s_idx,
        &s_start,
        &s_end,
        &s_text,
        &a_sentence,
        &a_start,
        &a_end,
        &a_text,
        &a_role,
        &a_country,
        &a_org,
        &a_sector,
        &a_person,
        &a_title,
        &a_code,
        &a_reason,
    ];
    params.extend(e.params());
    let row = tx.query_opt(&st.insert, &params)?;
    if row.is_none() {
        // Stored already, or by a concurrent transaction that committed
        // while this one waited on the key.
        return Ok(Put::AlreadyStored);
    }
    if !touched.is_empty() {
        // Sorted (a BTreeMap): every transaction takes block locks in the
        // same order.
        let locks: Vec<i64> = touched.keys().map(|b| lock_key(b)).collect();
        tx.execute(&st.lock, &[&locks])?;
        recluster(&mut tx, st, &touched)?;
    }
    tx.commit()?;
    Ok(Put::Stored {
        mentions: r.events.len(),
    })
}

/// The event mentions of a document, a column an array (the order of the
/// `INSERT` of [`INSERT_DOCUMENT`]).
#[derive(Default)]
struct EventColumns<'a> {
    sentence: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<&'a str>,
    block: Vec<String>,
    day: Vec<i64>,
    date: Vec<&'a str>,
    date_text: Vec<Option<&'a str>>,
    /// [`party_cols`] of the source: key, code, entity, text, country,
    /// org, sector.
    source: [Vec<Option<String>>; 7],
    target: [Vec<Option<String>>; 7],
    symmetric: Vec<bool>,
    cameo: Vec<&'a str>,
    cameo_name: Vec<&'a str>,
    quad_class: Vec<i64>,
    goldstein: Vec<Option<f64>>,
    plover_type: Vec<&'a str>,
    plover_mode: Vec<&'a str>,
    plover_context: Vec<&'a str>,
    place: Vec<String>,
    place_text: Vec<Option<&'a str>>,
    place_country: Vec<Option<&'a str>>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
    confidence: Vec<f64>,
    quote_code: Vec<Option<&'a str>>,
    verb: Vec<&'a str>,
    rule: Vec<&'a str>,
    trigger_start: Vec<i64>,
    trigger_end: Vec<i64>,
    notes: Vec<String>,
    reports: Vec<String>,
}

impl<'a> EventColumns<'a> {
    fn push(&mut self, e: &'a Event, block: String, day: i64, date: &'a str) -> Result<()> {
        let loc = e.location.as_ref();
        self.sentence.push(e.sentence as i64);
        self.start.push(e.span[0] as i64);
        self.end.push(e.span[1] as i64);
        self.text.push(&e.text);
        self.block.push(block);
        self.day.push(day);
        self.date.push(date);
        self.date_text.push(e.date_text.as_deref());
        for (col, v) in self.source.iter_mut().zip(party_cols(e.source.as_ref())) {
            col.push(v);
        }
        for (col, v) in self.target.iter_mut().zip(party_cols(e.target.as_ref())) {
            col.push(v);
        }
        self.symmetric.push(e.symmetric);
        self.cameo.push(&e.cameo);
        self.cameo_name.push(&e.cameo_name);
        self.quad_class.push(i64::from(e.quad_class));
        self.goldstein.push(e.goldstein.map(f64::from));
        self.plover_type.push(&e.plover.kind);
        self.plover_mode.push(&e.plover.mode);
        self.plover_context.push(&e.plover.context);
        self.place.push(place_key(loc));
        self.place_text.push(loc.map(|l| l.text.as_str()));
        self.place_country
            .push(loc.and_then(|l| l.country.as_deref()));
        self.lat.push(loc.and_then(|l| l.lat));
        self.lon.push(loc.and_then(|l| l.lon));
        self.confidence.push(f64::from(e.confidence));
        self.quote_code
            .push(e.quote.as_ref().map(|q| q.code.as_str()));
        self.verb.push(&e.evidence.verb);
        self.rule.push(&e.evidence.rule);
        self.trigger_start.push(e.evidence.span[0] as i64);
        self.trigger_end.push(e.evidence.span[1] as i64);
        self.notes.push(serde_json::to_string(&e.evidence.notes)?);
        self.reports.push(serde_json::to_string(&e.reports)?);
        Ok(())
    }

    /// The columns as statement parameters, in the order of the `INSERT`.
    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut p: Vec<&(dyn ToSql + Sync)> = vec![
            &self.sentence,
            &self.start,
            &self.end,
            &self.text,
            &self.block,
            &self.day,
            &self.date,
            &self.date_text,
        ];
        p.extend(self.source.iter().map(|c| c as &(dyn ToSql + Sync)));
        p.extend(self.target.iter().map(|c| c as &(dyn ToSql + Sync)));
        p.extend([
            &self.symmetric as &(dyn ToSql + Sync),
            &self.cameo,
            &self.cameo_name,
            &self.quad_class,
            &self.goldstein,
            &self.plover_type,
            &self.plover_mode,
            &self.plover_context,
            &self.place,
            &self.place_text,
            &self.place_country,
            &self.lat,
            &self.lon,
            &self.confidence,
            &self.quote_code,
            &self.verb,
            &self.rule,
            &self.trigger_start,
            &self.trigger_end,
            &self.notes,
            &self.reports,
        ]);
        p
    }
}

/// What clustering needs of a mention besides its [`Item`].
struct Side {
    mention: i64,
    doc: i64,
    doc_day: String,
    outlet: String,
}

/// Clusters again the mentions of each touched block on its days
/// `lo..=hi`, widened to the run of days with no gap of more than one day
/// around them, and replaces their events (the SQLite store's rule, in
/// PostgreSQL): one statement reads every block, one writes every block's
/// events.
fn recluster(
    tx: &mut Transaction<'_>,
    st: &Statements,
    touched: &BTreeMap<String, (i64, i64)>,
) -> Result<()> {
    let blocks: Vec<&str> = touched.keys().map(String::as_str).collect();
    let los: Vec<i64> = touched.values().map(|r| r.0).collect();
    let his: Vec<i64> = touched.values().map(|r| r.1).collect();
    let mut by_block: BTreeMap<String, (Vec<Item>, Vec<Side>)> = BTreeMap::new();
    for row in tx.query(&st.read, &[&blocks, &los, &his])? {
        let (items, sides) = by_block.entry(row.get(0)).or_default();
        let (source, target, rule): (String, String, String) =
            (row.get(8), row.get(9), row.get(10));
        let trigger: i64 = row.get(11);
        items.push(Item {
            id: sides.len() as i64,
            day: row.get(2),
            cameo: row.get(3),
            place: row.get(4),
            confidence: row.get(5),
            doc_key: row.get(6),
            sentence: row.get(7),
            tie: format!("{source}>{target}|{rule}|{trigger}"),
        });
        sides.push(Side {
            mention: row.get(1),
            doc: row.get(13),
            doc_day: row.get(14),
            outlet: row.get(15),
        });
    }
    // The new events, a column an array, and each mention's event key.
    let mut keys: Vec<String> = Vec::new();
    let mut n_mentions: Vec<i64> = Vec::new();
    let mut n_documents: Vec<i64> = Vec::new();
    let mut n_sources: Vec<i64> = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut lasts: Vec<&str> = Vec::new();
    let mut representatives: Vec<i64> = Vec::new();
    let mut members: Vec<i64> = Vec::new();
    let mut member_keys: Vec<String> = Vec::new();
    let clustered: Vec<Vec<cluster::Cluster>> = by_block
        .values_mut()
        .map(|(items, _)| cluster::cluster(items))
        .collect();
    for ((block, (items, sides)), clusters) in by_block.iter().zip(&clustered) {
        for c in clusters {
            let key = c.key(block, items);
            let side = |m: usize| &sides[items[m].id as usize];
            let docs: BTreeSet<i64> = c.members.iter().map(|&m| side(m).doc).collect();
            let outlets: BTreeSet<&str> =
                c.members.iter().map(|&m| side(m).outlet.as_str()).collect();
            let days = || c.members.iter().map(|&m| side(m).doc_day.as_str());
            n_mentions.push(c.members.len() as i64);
            n_documents.push(docs.len() as i64);
            n_sources.push(outlets.len() as i64);
            firsts.push(days().min().unwrap_or_default());
            lasts.push(days().max().unwrap_or_default());
            representatives.push(side(c.representative).mention);
            for &m in &c.members {
                members.push(side(m).mention);
                member_keys.push(key.clone());
            }
            keys.push(key);
        }
    }
    tx.execute(
        &st.write,
        &[
            &keys,
            &n_mentions,
            &n_documents,
            &n_sources,
            &firsts,
            &lasts,
            &representatives,
            &members,
            &member_keys,
        ],
    )?;
    Ok(())
}

impl PgStore {
    /// Runs the events query of `filter`, handing each row to `each`.
    fn query_rows(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<u64> {
        self.query_pages(filter, &mut |_, rows| {
            for row in rows {
                each(row)?;
            }
            Ok(())
        })
    }

    /// Runs the filter's query through a portal in a read-only snapshot
    /// (REPEATABLE READ, so pages agree with each other while ingests go
    /// on) and hands `each` one page of rows at a time, with the
    /// transaction for any reads of its own. Memory holds one page,
    /// whatever the number of events.
    fn query_pages(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&mut Transaction<'_>, &[postgres::Row]) -> Result<()>,
    ) -> Result<u64> {
        /// Rows per page.
        const PAGE: i32 = 1000;
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
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let portal = tx.bind(sql.as_str(), &refs)?;
        let mut n = 0;
        loop {
            let rows = tx.query_portal(&portal, PAGE)?;
            if rows.is_empty() {
                break;
            }
            n += rows.len() as u64;
            each(&mut tx, &rows)?;
            if rows.len() < PAGE as usize {
                break;
            }
        }
        drop(portal);
        tx.commit()?;
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
