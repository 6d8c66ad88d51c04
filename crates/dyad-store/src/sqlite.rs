//! The embedded default: one SQLite file.
//!
//! Why SQLite: dyad is one offline binary, and a researcher's corpus fits
//! a file that `sqlite3`, Datasette, R and pandas open directly. The file
//! is opened in WAL mode with `synchronous=NORMAL`: readers (a query, a
//! dashboard) never block the writer, and a committed document survives a
//! killed process (a power cut may lose the last few commits, never
//! corrupt the file).
//!
//! Each [`Store::put`] is one `BEGIN IMMEDIATE` transaction: the document,
//! its sentences, actor mentions and event mentions, and the re-clustering
//! of the blocks its event mentions fall in ([`crate::cluster`]) commit
//! together or not at all. That is what makes `dyad ingest` resumable: a
//! document is either wholly stored (and skipped by a rerun) or absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dyad_actors::Role;
use dyad_events::{Location, Party, Plover};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior, params};

use crate::cluster::{self, Item, party_cols, place_key, placement, touch};
use crate::{
    Counts, Error, Filter, Put, Record, Result, Store, StoredEvent, StoredMention, schema, sql,
};

/// A store in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens the database at `path`, creating it if needed, and migrates
    /// it to the current schema.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        SqliteStore::setup(Connection::open(path)?)
    }

    /// Opens an existing database (an error naming the path if there is
    /// none), migrating it if it is older.
    pub fn open_existing(path: &Path) -> Result<SqliteStore> {
        if !path.is_file() {
            return Err(Error::NoDatabase(path.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        SqliteStore::setup(Connection::open_with_flags(path, flags)?)
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<SqliteStore> {
        SqliteStore::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // journal_mode answers with the mode it set ("memory" in memory).
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore { conn })
    }

    /// The connection, for reading with SQL of one's own.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Opens an existing database for reading only (`dyad serve`): no
    /// statement through this store can change the file. A database of an
    /// older schema is migrated first, through a short-lived writable
    /// connection, so the indexes the readers rely on exist; one of a newer
    /// schema is refused.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore> {
        if !path.is_file() {
            return Err(Error::NoDatabase(path.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        let version = schema::version(&conn)?;
        if version < schema::VERSION {
            drop(conn);
            drop(SqliteStore::open_existing(path)?);
            return SqliteStore::open_read_only(path);
        }
        if version > schema::VERSION {
            return Err(Error::Schema(format!(
                "the database has schema version {version}, newer than this dyad knows ({}); \
                 use a newer dyad",
                schema::VERSION
            )));
        }
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(SqliteStore { conn })
    }
}

const INSERT_MENTION: &str = r#"INSERT INTO event_mentions (
    doc_id, sentence, start, "end", text, block, day, date, date_text,
    source_key, source_code, source_entity, source_text, source_country, source_org, source_sector,
    target_key, target_code, target_entity, target_text, target_country, target_org, target_sector,
    symmetric, cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode, plover_context,
    place, place_text, place_country, lat, lon, confidence, quote_code,
    verb, rule, trigger_start, trigger_end, notes, reports
) VALUES (
    ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
    ?10, ?11, ?12, ?13, ?14, ?15, ?16,
    ?17, ?18, ?19, ?20, ?21, ?22, ?23,
    ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31,
    ?32, ?33, ?34, ?35, ?36, ?37, ?38,
    ?39, ?40, ?41, ?42, ?43, ?44
)"#;

impl Store for SqliteStore {
    fn contains(&mut self, key: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE key = ?1)",
            [key],
            |r| r.get(0),
        )?)
    }

    fn put(&mut self, r: &Record<'_>) -> Result<Put> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE key = ?1)",
            [r.key],
            |row| row.get(0),
        )?;
        if exists {
            return Ok(Put::AlreadyStored);
        }
        tx.execute(
            "INSERT INTO documents (key, name, origin, outlet, url, published, day, format, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.key,
                r.id,
                r.origin,
                r.outlet(),
                r.url,
                r.published,
                r.day,
                r.format,
                r.text
            ],
        )?;
        let doc_id = tx.last_insert_rowid();
        {
            let mut st = tx.prepare_cached(
                r#"INSERT INTO sentences (doc_id, idx, start, "end", text) VALUES (?1, ?2, ?3, ?4, ?5)"#,
            )?;
            for (i, s) in r.sentences.iter().enumerate() {
                let text = r.text.get(s[0]..s[1]).unwrap_or("");
                st.execute(params![doc_id, i as i64, s[0] as i64, s[1] as i64, text])?;
            }
            let mut st = tx.prepare_cached(
                r#"INSERT INTO actor_mentions (doc_id, sentence, start, "end", text, role,
                   country, org, sector, person, title, code, reason)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"#,
            )?;
            for m in r.actors {
                let role = match m.role {
                    Role::Actor => "actor",
                    Role::Place => "place",
                };
                st.execute(params![
                    doc_id,
                    m.sentence as i64,
                    m.span[0] as i64,
                    m.span[1] as i64,
                    m.text,
                    role,
                    m.actor.country,
                    m.actor.org,
                    m.actor.sector,
                    m.actor.person,
                    m.actor.title,
                    m.actor.code(),
                    serde_json::to_string(&m.reason)?,
                ])?;
            }
        }
        // Blocks touched, with the range of days touched in each.
        let mut touched: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        {
            let mut st = tx.prepare_cached(INSERT_MENTION)?;
            for e in r.events {
                let (block, day, date) = placement(e, r.day);
                touch(&mut touched, &block, day);
                let s = party_cols(e.source.as_ref());
                let t = party_cols(e.target.as_ref());
                let loc = e.location.as_ref();
                st.execute(params![
                    doc_id,
                    e.sentence as i64,
                    e.span[0] as i64,
                    e.span[1] as i64,
                    e.text,
                    block,
                    day,
                    date,
                    e.date_text,
                    s[0],
                    s[1],
                    s[2],
                    s[3],
                    s[4],
                    s[5],
                    s[6],
                    t[0],
                    t[1],
                    t[2],
                    t[3],
                    t[4],
                    t[5],
                    t[6],
                    e.symmetric,
                    e.cameo,
                    e.cameo_name,
                    e.quad_class,
                    e.goldstein,
                    e.plover.kind,
                    e.plover.mode,
                    e.plover.context,
                    place_key(loc),
                    loc.map(|l| &l.text),
                    loc.and_then(|l| l.country.as_ref()),
                    loc.and_then(|l| l.lat),
                    loc.and_then(|l| l.lon),
                    e.confidence,
                    e.quote.as_ref().map(|q| &q.code),
                    e.evidence.verb,
                    e.evidence.rule,
                    e.evidence.span[0] as i64,
                    e.evidence.span[1] as i64,
                    serde_json::to_string(&e.evidence.notes)?,
                    serde_json::to_string(&e.reports)?,
                ])?;
            }
        }
        for (block, (lo, hi)) in &touched {
            recluster(&tx, block, *lo, *hi)?;
        }
        tx.commit()?;
        Ok(Put::Stored {
            mentions: r.events.len(),
        })
    }

    fn query(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&StoredEvent) -> std::io::Result<()>,
    ) -> Result<u64> {
        filter.validate()?;
        let (sql, values) = query_sql(filter);
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(values))?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let ev = stored_event(row)?;
            each(&ev)?;
            n += 1;
        }
        Ok(n)
    }

    fn query_with_mentions(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&StoredEvent, &[StoredMention]) -> std::io::Result<()>,
    ) -> Result<u64> {
        filter.validate()?;
        let (sql, values) = query_sql(filter);
        let mut st = self.conn.prepare(&sql)?;
        let mut ms = self.conn.prepare(MENTIONS_OF_EVENT)?;
        let mut rows = st.query(rusqlite::params_from_iter(values))?;
        let mut n = 0;
        let mut mentions = Vec::new();
        while let Some(row) = rows.next()? {
            let ev = stored_event(row)?;
            let id: i64 = row.get(EVENT_ID)?;
            let representative: i64 = row.get(EVENT_ID + 1)?;
            mentions.clear();
            let mut mrows = ms.query(params![id])?;
            while let Some(m) = mrows.next()? {
                mentions.push(stored_mention(m, representative)?);
            }
            each(&ev, &mentions)?;
            n += 1;
        }
        Ok(n)
    }

    fn counts(&mut self) -> Result<Counts> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n as u64)
        };
        Ok(Counts {
            documents: count("documents")?,
            sentences: count("sentences")?,
            actor_mentions: count("actor_mentions")?,
            event_mentions: count("event_mentions")?,
            events: count("events")?,
        })
    }
}

/// What clustering needs of a mention besides its [`Item`].
struct Side {
    mention: i64,
    doc: i64,
    doc_day: String,
    outlet: String,
}

/// Clusters again the mentions of `block` on days `lo..=hi`, widened to
/// the run of days with no gap of more than one day around them (a
/// cluster never crosses such a gap, so nothing outside the run can
/// change), and replaces their events.
fn recluster(tx: &Transaction<'_>, block: &str, mut lo: i64, mut hi: i64) -> Result<()> {
    {
        let mut st = tx.prepare_cached(
            "SELECT DISTINCT day FROM event_mentions WHERE block = ?1 AND day < ?2 ORDER BY day DESC",
        )?;
        let mut rows = st.query(params![block, lo])?;
        while let Some(row) = rows.next()? {
            let d: i64 = row.get(0)?;
            if d < lo - 1 {
                break;
            }
            lo = d;
        }
        let mut st = tx.prepare_cached(
            "SELECT DISTINCT day FROM event_mentions WHERE block = ?1 AND day > ?2 ORDER BY day ASC",
        )?;
        let mut rows = st.query(params![block, hi])?;
        while let Some(row) = rows.next()? {
            let d: i64 = row.get(0)?;
            if d > hi + 1 {
                break;
            }
            hi = d;
        }
    }
    let mut items = Vec::new();
    let mut sides = Vec::new();
    let mut old_events = BTreeSet::new();
    {
        let mut st = tx.prepare_cached(
            "SELECT m.id, m.day, m.cameo, m.place, m.confidence, d.key, m.sentence,
                    coalesce(m.source_key, '-'), coalesce(m.target_key, '-'), m.rule,
                    m.trigger_start, m.event_id, m.doc_id, d.day, d.outlet
             FROM event_mentions m JOIN documents d ON d.id = m.doc_id
             WHERE m.block = ?1 AND m.day BETWEEN ?2 AND ?3",
        )?;
        let mut rows = st.query(params![block, lo, hi])?;
        while let Some(row) = rows.next()? {
            let (source, target, rule): (String, String, String) =
                (row.get(7)?, row.get(8)?, row.get(9)?);
            let trigger: i64 = row.get(10)?;
            items.push(Item {
                id: sides.len() as i64,
                day: row.get(1)?,
                cameo: row.get(2)?,
                place: row.get(3)?,
                confidence: row.get(4)?,
                doc_key: row.get(5)?,
                sentence: row.get(6)?,
                tie: format!("{source}>{target}|{rule}|{trigger}"),
            });
            if let Some(e) = row.get::<_, Option<i64>>(11)? {
                old_events.insert(e);
            }
            sides.push(Side {
                mention: row.get(0)?,
                doc: row.get(12)?,
                doc_day: row.get(13)?,
                outlet: row.get(14)?,
            });
        }
    }
    {
        let mut st = tx.prepare_cached("DELETE FROM events WHERE id = ?1")?;
        for e in old_events {
            st.execute([e])?;
        }
    }
    let clusters = cluster::cluster(&mut items);
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (key, block, date,
            source_key, source_code, source_entity, source_text,
            target_key, target_code, target_entity, target_text,
            symmetric, cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode,
            place_text, place_country, lat, lon, confidence,
            n_mentions, n_documents, n_sources, first_seen, last_seen, representative)
         SELECT ?1, block, date,
            source_key, source_code, source_entity, source_text,
            target_key, target_code, target_entity, target_text,
            symmetric, cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode,
            place_text, place_country, lat, lon, confidence,
            ?2, ?3, ?4, ?5, ?6, id
         FROM event_mentions WHERE id = ?7",
    )?;
    let mut assign = tx.prepare_cached("UPDATE event_mentions SET event_id = ?1 WHERE id = ?2")?;
    for c in &clusters {
        let key = c.key(block, &items);
        let side = |m: usize| &sides[items[m].id as usize];
        let docs: BTreeSet<i64> = c.members.iter().map(|&m| side(m).doc).collect();
        let outlets: BTreeSet<&str> = c.members.iter().map(|&m| side(m).outlet.as_str()).collect();
        let first = c.members.iter().map(|&m| &side(m).doc_day).min();
        let last = c.members.iter().map(|&m| &side(m).doc_day).max();
        insert.execute(params![
            key,
            c.members.len() as i64,
            docs.len() as i64,
            outlets.len() as i64,
            first,
            last,
            side(c.representative).mention,
        ])?;
        let event = tx.last_insert_rowid();
        for &m in &c.members {
            assign.execute(params![event, side(m).mention])?;
        }
    }
    Ok(())
}

/// Columns of [`query_sql`] after those [`stored_event`] reads: the
/// event's row id, then its representative mention's.
const EVENT_ID: usize = 36;

/// The mentions of one event (`?1`), in document key then sentence order.
const MENTIONS_OF_EVENT: &str = r#"SELECT d.name, d.url, d.outlet, d.day, length(d.text),
        m.date, m.sentence, m.start, m."end", m.text, m.source_text, m.target_text,
        m.cameo, m.trigger_start, m.trigger_end, m.confidence, m.id
 FROM event_mentions m JOIN documents d ON d.id = m.doc_id
 WHERE m.event_id = ?1
 ORDER BY d.key, m.sentence, m.id"#;

fn stored_mention(row: &rusqlite::Row<'_>, representative: i64) -> rusqlite::Result<StoredMention> {
    let count = |i: usize| -> rusqlite::Result<u64> { Ok(row.get::<_, i64>(i)?.max(0) as u64) };
    Ok(StoredMention {
        doc: row.get(0)?,
        url: row.get(1)?,
        outlet: row.get(2)?,
        doc_day: row.get(3)?,
        doc_chars: count(4)?,
        date: row.get(5)?,
        sentence: count(6)?,
        start: count(7)?,
        end: count(8)?,
        text: row.get(9)?,
        source_text: row.get(10)?,
        target_text: row.get(11)?,
        cameo: row.get(12)?,
        trigger: [count(13)?, count(14)?],
        confidence: row.get::<_, f64>(15)? as f32,
        representative: row.get::<_, i64>(16)? == representative,
    })
}

pub(crate) fn stored_event(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    let party = |at: usize| -> rusqlite::Result<Option<Party>> {
        let code: Option<String> = row.get(at + 5)?;
        Ok(match code {
            None => None,
            Some(code) => Some(Party {
                text: row.get(at)?,
                country: row.get(at + 1)?,
                org: row.get(at + 2)?,
                sector: row.get(at + 3)?,
                entity: row.get(at + 4)?,
                code,
            }),
        })
    };
    let place: Option<String> = row.get(31)?;
    let location = match place {
        None => None,
        Some(text) => Some(Location {
            text,
            country: row.get(32)?,
            lat: row.get(33)?,
            lon: row.get(34)?,
        }),
    };
    let count = |i: usize| -> rusqlite::Result<u64> { Ok(row.get::<_, i64>(i)? as u64) };
    Ok(StoredEvent {
        key: row.get(0)?,
        date: row.get(1)?,
        symmetric: row.get(2)?,
        cameo: row.get(3)?,
        cameo_name: row.get(4)?,
        quad_class: row.get(5)?,
        goldstein: row.get::<_, Option<f64>>(6)?.map(|g| g as f32),
        plover: Plover {
            kind: row.get(7)?,
            mode: row.get(8)?,
            context: String::new(),
        },
        mentions: count(9)?,
        documents: count(10)?,
        sources: count(11)?,
        first_seen: row.get(12)?,
        last_seen: row.get(13)?,
        doc: row.get(14)?,
        url: row.get(35)?,
        sentence: count(15)?,
        text: row.get(16)?,
        rule: row.get(17)?,
        confidence: row.get::<_, f64>(18)? as f32,
        source: party(19)?,
        target: party(25)?,
        location,
    })
}

/// The query for `filter` in SQLite's dialect, with SQLite values.
pub(crate) fn query_sql(filter: &Filter) -> (String, Vec<Value>) {
    let (sql, values) = sql::query_sql(filter, sql::Dialect::Sqlite);
    let values = values
        .into_iter()
        .map(|v| match v {
            sql::Param::Text(s) => Value::Text(s),
            sql::Param::Int(i) => Value::Integer(i),
        })
        .collect();
    (sql, values)
}
