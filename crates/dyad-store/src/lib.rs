//! `store`: coded documents and their events, kept in a database, and the
//! same happening reported by many articles kept as one event.
//!
//! Coding is expensive and news repeats itself. The store keeps what the
//! engine found, document by document, so a corpus is coded once and then
//! queried, exported and served many times; and it turns the stream of
//! per-sentence *event mentions* into *events*: three outlets reporting the
//! same attack are one event with three mentions, three documents and three
//! sources ([`cluster`], `docs/SCHEMA.md`).
//!
//! The stages of the crate:
//!
//! | module | job |
//! |---|---|
//! | [`record`] | what is stored for one coded document ([`Record`]), and who published it ([`record::outlet`]) |
//! | [`cluster`] | which event mentions are one event: the rule, pure and tested without a database |
//! | [`schema`] | the SQLite schema and its migrations (a schema version in `PRAGMA user_version`) |
//! | [`filter`] | what a query asks for ([`Filter`]), validated before any SQL runs |
//! | [`read`] | reading for people: pages of events, one event with its sentences marked, actors, series, networks |
//! | [`sqlite`] | [`SqliteStore`]: the embedded default |
//! | [`postgres`] | [`PgStore`]: one database shared by many writing processes |
//!
//! Every backend implements [`Store`]. The trait speaks in plain types
//! (records in, [`StoredEvent`]s out, a [`Filter`]) and nothing SQLite
//! specific, and [`PgStore`] is the PostgreSQL store behind it for shared
//! deployments ([`open`] picks one from the `--db` value); the clustering rule lives in [`cluster`] so both backends
//! group mentions the same way.

pub mod cluster;
pub mod filter;
pub mod postgres;
pub mod read;
pub mod record;
pub mod schema;
mod sql;
pub mod sqlite;

use dyad_events::{Location, Party, Plover};
use serde::Serialize;

pub use filter::Filter;
pub use postgres::{PgStore, is_postgres_url};
pub use record::Record;
pub use sqlite::SqliteStore;

/// Opens the store `db` names: a PostgreSQL database for a
/// `postgres://` or `postgresql://` URL, else a SQLite file (created if
/// missing). Either is migrated to the current schema.
pub fn open(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::connect(db)?))
    } else {
        Ok(Box::new(SqliteStore::open(std::path::Path::new(db))?))
    }
}

/// Like [`open`], but a SQLite file must exist already.
pub fn open_existing(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::connect(db)?))
    } else {
        Ok(Box::new(SqliteStore::open_existing(std::path::Path::new(
            db,
        ))?))
    }
}

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No database file where one was expected.
    #[error("no database at {0} (create one with `dyad ingest --db {0}`)")]
    NoDatabase(String),
    /// The database said no.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server said no.
    #[error("postgres: {}", pg_message(.0))]
    Postgres(#[from] ::postgres::Error),
    /// A query filter that cannot be right (a malformed date, an unknown
    /// quad class).
    #[error("bad filter: {0}")]
    Filter(String),
    /// The database's schema is not one this version knows.
    #[error("schema: {0}")]
    Schema(String),
    /// Encoding a stored value.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing a query's results.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What the server said, with its SQLSTATE, rather than the bare "db error".
fn pg_message(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

/// A store's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What [`Store::put`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// Stored, with this many event mentions.
    Stored {
        /// Event mentions stored with the document.
        mentions: usize,
    },
    /// A document with the same key was already there; nothing changed.
    AlreadyStored,
}

/// How much a store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Sentences of those documents.
    pub sentences: u64,
    /// Actor and place mentions.
    pub actor_mentions: u64,
    /// Event mentions: one per coded event of a document.
    pub event_mentions: u64,
    /// Events: clusters of event mentions, one per happening.
    pub events: u64,
}

/// One event (a cluster of event mentions) as a query returns it: the
/// representative mention's coding, plus what the cluster adds (how many
/// mentions, documents and sources report it, first and last seen).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Stable key: a hash of the cluster's first mention (in the
    /// clustering order), the same whatever order documents came in.
    pub key: String,
    /// The day it happened (the representative mention's), `YYYY-MM-DD`.
    pub date: String,
    /// Who acted.
    pub source: Option<Party>,
    /// Whom it was done to.
    pub target: Option<Party>,
    /// Direction does not matter.
    pub symmetric: bool,
    /// CAMEO code.
    pub cameo: String,
    /// Its name.
    pub cameo_name: String,
    /// GDELT quad class.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: Option<f32>,
    /// PLOVER type and mode.
    pub plover: Plover,
    /// Where, if known.
    pub location: Option<Location>,
    /// Event mentions in the cluster.
    pub mentions: u64,
    /// Distinct documents reporting it.
    pub documents: u64,
    /// Distinct sources (URL hosts, else input files) reporting it.
    pub sources: u64,
    /// Earliest day of a document reporting it.
    pub first_seen: String,
    /// Latest day of a document reporting it.
    pub last_seen: String,
    /// The representative mention's document (its readable id).
    pub doc: String,
    /// That document's URL, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its sentence index.
    pub sentence: u64,
    /// Its sentence.
    pub text: String,
    /// The pattern that coded it.
    pub rule: String,
    /// The coder's confidence in it.
    pub confidence: f32,
}

/// One event mention of a stored event: one document's report of it, as
/// [`Store::query_with_mentions`] hands it out (for exports such as the
/// GDELT Mentions table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredMention {
    /// The document (its readable id).
    pub doc: String,
    /// Its URL, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who published it (URL host, else input file).
    pub outlet: String,
    /// The day the document was coded as (`YYYY-MM-DD`).
    pub doc_day: String,
    /// The document's length in characters.
    pub doc_chars: u64,
    /// The day the mention dates the event to (`YYYY-MM-DD`).
    pub date: String,
    /// The first sentence reporting it: index in the document.
    pub sentence: u64,
    /// Byte offsets of that sentence in the document's text.
    pub start: u64,
    /// End of the sentence (bytes).
    pub end: u64,
    /// The sentence.
    pub text: String,
    /// The source's words, if there is a source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// The target's words, if there is a target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// The CAMEO code this report gave.
    pub cameo: String,
    /// Byte offsets of the trigger (the verb or noun) in the document.
    pub trigger: [u64; 2],
    /// The coder's confidence, 0-1.
    pub confidence: f32,
    /// This mention is the event's representative.
    pub representative: bool,
}

/// A place documents and events are kept.
///
/// Writes are per document and atomic: [`Store::put`] stores a document
/// with its sentences, actor mentions and event mentions, and re-clusters
/// the events they touch, in one transaction, so an interrupted batch
/// loses at most the document in flight and a rerun picks up where it
/// stopped.
pub trait Store {
    /// Whether a document with this stable key is stored.
    fn contains(&mut self, key: &str) -> Result<bool>;
    /// Stores one coded document, unless its key is already there.
    fn put(&mut self, record: &Record<'_>) -> Result<Put>;
    /// Hands every event matching `filter` to `each`, in date order, and
    /// returns how many there were.
    fn query(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&StoredEvent) -> std::io::Result<()>,
    ) -> Result<u64>;
    /// Like [`Store::query`], with each event's mentions (in document
    /// key, then sentence order), for exports. Streams: one event and its
    /// mentions in memory at a time.
    fn query_with_mentions(
        &mut self,
        filter: &Filter,
        each: &mut dyn FnMut(&StoredEvent, &[StoredMention]) -> std::io::Result<()>,
    ) -> Result<u64>;
    /// How much the store holds.
    fn counts(&mut self) -> Result<Counts>;
}
