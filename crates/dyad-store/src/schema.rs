//! The schema and its migrations, for SQLite and for PostgreSQL.
//!
//! The schema version is SQLite's own `PRAGMA user_version`, so any
//! SQLite tool can read it and no table of ours is needed to know it.
//! [`MIGRATIONS`] is append-only: migration *n* (counting from 1) takes a
//! database from version *n − 1* to *n*. Opening a database runs the
//! missing ones, each in a transaction with its version bump, so an old
//! file is brought up to date and an interrupted migration leaves the old
//! version intact. A file from a newer dyad (a version past the end of the
//! list) is refused rather than misread.
//!
//! The tables are ordinary ones with SQL types (no custom functions,
//! collations or extensions), so `sqlite3` and Datasette open the file as
//! it is. `docs/SCHEMA.md` describes every column.

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations, in order. Never edit one that has shipped: add one.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, sentences, actor mentions, event mentions, events.
    r#"
CREATE TABLE documents (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    origin    TEXT NOT NULL,
    outlet    TEXT NOT NULL,
    url       TEXT,
    published TEXT,
    day       TEXT NOT NULL,
    format    TEXT NOT NULL,
    text      TEXT NOT NULL,
    stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sentences (
    id     INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    text   TEXT NOT NULL,
    UNIQUE (doc_id, idx)
);
CREATE TABLE actor_mentions (
    id       INTEGER PRIMARY KEY,
    doc_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('actor', 'place')),
    country  TEXT,
    org      TEXT,
    sector   TEXT,
    person   TEXT,
    title    TEXT,
    code     TEXT NOT NULL,
    reason   TEXT NOT NULL
);
CREATE INDEX actor_mentions_doc ON actor_mentions (doc_id);
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    block          TEXT NOT NULL,
    date           TEXT NOT NULL,
    source_key     TEXT,
    source_code    TEXT,
    source_entity  TEXT,
    source_text    TEXT,
    target_key     TEXT,
    target_code    TEXT,
    target_entity  TEXT,
    target_text    TEXT,
    symmetric      INTEGER NOT NULL,
    cameo          TEXT NOT NULL,
    cameo_name     TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL,
    plover_type    TEXT NOT NULL,
    plover_mode    TEXT NOT NULL,
    place_text     TEXT,
    place_country  TEXT,
    lat            REAL,
    lon            REAL,
    confidence     REAL NOT NULL,
    n_mentions     INTEGER NOT NULL,
    n_documents    INTEGER NOT NULL,
    n_sources      INTEGER NOT NULL,
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL,
    representative INTEGER NOT NULL
);
CREATE TABLE event_mentions (
    id             INTEGER PRIMARY KEY,
    doc_id         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id       INTEGER REFERENCES events(id) ON DELETE SET NULL,
    sentence       INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    block          TEXT NOT NULL,
    day            INTEGER NOT NULL,
    date           TEXT NOT NULL,
    date_text      TEXT,
    source_key     TEXT,
    source_code    TEXT,
    source_entity  TEXT,
    source_text    TEXT,
    source_country TEXT,
    source_org     TEXT,
    source_sector  TEXT,
    target_key     TEXT,
    target_code    TEXT,
    target_entity  TEXT,
    target_text    TEXT,
    target_country TEXT,
    target_org     TEXT,
    target_sector  TEXT,
    symmetric      INTEGER NOT NULL,
    cameo          TEXT NOT NULL,
    cameo_name     TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL,
    plover_type    TEXT NOT NULL,
    plover_mode    TEXT NOT NULL,
    plover_context TEXT NOT NULL,
    place          TEXT NOT NULL,
    place_text     TEXT,
    place_country  TEXT,
    lat            REAL,
    lon            REAL,
    confidence     REAL NOT NULL,
    quote_code     TEXT,
    verb           TEXT NOT NULL,
    rule           TEXT NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    notes          TEXT NOT NULL,
    reports        TEXT NOT NULL
);
CREATE INDEX event_mentions_block ON event_mentions (block, day);
CREATE INDEX event_mentions_event ON event_mentions (event_id);
CREATE INDEX event_mentions_doc ON event_mentions (doc_id);
"#,
    // 2: what queries filter and sort on.
    r#"
CREATE INDEX events_date ON events (date, key);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX event_mentions_source ON event_mentions (source_key);
CREATE INDEX event_mentions_target ON event_mentions (target_key);
"#,
    // 3: what the server's time series and network read: a dyad's events
    // by date, covering the columns they sum, so a series never touches
    // the table.
    r#"
CREATE INDEX events_dyad ON events (source_key, target_key, date, quad_class, goldstein, symmetric);
CREATE INDEX events_target ON events (target_key, source_key, date, quad_class, goldstein, symmetric);
CREATE INDEX events_period ON events (date, source_key, target_key, quad_class, goldstein);
"#,
];

/// The PostgreSQL schema: the SQLite one in PostgreSQL types (`BIGINT`
/// identity keys and integers, `DOUBLE PRECISION` reals, `BOOLEAN`
/// `"symmetric"`, quoted as it is a reserved word in PostgreSQL; `JSONB`
/// for the JSON columns; dates stay `YYYY-MM-DD` text so both backends
/// compare and return them alike). The version is the one row of table
/// `dyad_schema`; migration *n* here is migration *n* of [`MIGRATIONS`],
/// so both backends have the same version numbers.
pub const PG_MIGRATIONS: &[&str] = &[
    // 1: documents, sentences, actor mentions, event mentions, events.
    r#"
CREATE TABLE documents (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    origin    TEXT NOT NULL,
    outlet    TEXT NOT NULL,
    url       TEXT,
    published TEXT,
    day       TEXT NOT NULL,
    format    TEXT NOT NULL,
    text      TEXT NOT NULL,
    stored_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
CREATE TABLE sentences (
    id     BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx    BIGINT NOT NULL,
    start  BIGINT NOT NULL,
    "end"  BIGINT NOT NULL,
    text   TEXT NOT NULL,
    UNIQUE (doc_id, idx)
);
CREATE TABLE actor_mentions (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    doc_id   BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence BIGINT NOT NULL,
    start    BIGINT NOT NULL,
    "end"    BIGINT NOT NULL,
    text     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('actor', 'place')),
    country  TEXT,
    org      TEXT,
    sector   TEXT,
    person   TEXT,
    title    TEXT,
    code     TEXT NOT NULL,
    reason   JSONB NOT NULL
);
CREATE INDEX actor_mentions_doc ON actor_mentions (doc_id);
CREATE TABLE events (
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    block          TEXT NOT NULL,
    date           TEXT NOT NULL,
    source_key     TEXT,
    source_code    TEXT,
    source_entity  TEXT,
    source_text    TEXT,
    target_key     TEXT,
    target_code    TEXT,
    target_entity  TEXT,
    target_text    TEXT,
    "symmetric"      BOOLEAN NOT NULL,
    cameo          TEXT NOT NULL,
    cameo_name     TEXT NOT NULL,
    quad_class     BIGINT NOT NULL,
    goldstein      DOUBLE PRECISION,
    plover_type    TEXT NOT NULL,
    plover_mode    TEXT NOT NULL,
    place_text     TEXT,
    place_country  TEXT,
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    confidence     DOUBLE PRECISION NOT NULL,
    n_mentions     BIGINT NOT NULL,
    n_documents    BIGINT NOT NULL,
    n_sources      BIGINT NOT NULL,
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL,
    representative BIGINT NOT NULL
);
CREATE TABLE event_mentions (
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    doc_id         BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id       BIGINT REFERENCES events(id) ON DELETE SET NULL,
    sentence       BIGINT NOT NULL,
    start          BIGINT NOT NULL,
    "end"          BIGINT NOT NULL,
    text           TEXT NOT NULL,
    block          TEXT NOT NULL,
    day            BIGINT NOT NULL,
    date           TEXT NOT NULL,
    date_text      TEXT,
    source_key     TEXT,
    source_code    TEXT,
    source_entity  TEXT,
    source_text    TEXT,
    source_country TEXT,
    source_org     TEXT,
    source_sector  TEXT,
    target_key     TEXT,
    target_code    TEXT,
    target_entity  TEXT,
    target_text    TEXT,
    target_country TEXT,
    target_org     TEXT,
    target_sector  TEXT,
    "symmetric"      BOOLEAN NOT NULL,
    cameo          TEXT NOT NULL,
    cameo_name     TEXT NOT NULL,
    quad_class     BIGINT NOT NULL,
    goldstein      DOUBLE PRECISION,
    plover_type    TEXT NOT NULL,
    plover_mode    TEXT NOT NULL,
    plover_context TEXT NOT NULL,
    place          TEXT NOT NULL,
    place_text     TEXT,
    place_country  TEXT,
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    confidence     DOUBLE PRECISION NOT NULL,
    quote_code     TEXT,
    verb           TEXT NOT NULL,
    rule           TEXT NOT NULL,
    trigger_start  BIGINT NOT NULL,
    trigger_end    BIGINT NOT NULL,
    notes          JSONB NOT NULL,
    reports        JSONB NOT NULL
);
CREATE INDEX event_mentions_block ON event_mentions (block, day);
CREATE INDEX event_mentions_event ON event_mentions (event_id);
CREATE INDEX event_mentions_doc ON event_mentions (doc_id);
"#,
    // 2: what queries filter and sort on.
    r#"
CREATE INDEX events_date ON events (date, key);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX event_mentions_source ON event_mentions (source_key);
CREATE INDEX event_mentions_target ON event_mentions (target_key);
"#,
    // 3: the server's time series and network (see MIGRATIONS[2]).
    r#"
CREATE INDEX events_dyad ON events (source_key, target_key, date, quad_class, goldstein, "symmetric");
CREATE INDEX events_target ON events (target_key, source_key, date, quad_class, goldstein, "symmetric");
CREATE INDEX events_period ON events (date, source_key, target_key, quad_class, goldstein);
"#,
];

/// The schema version this code writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

const _: () = assert!(PG_MIGRATIONS.len() == MIGRATIONS.len());

/// The database's schema version (`PRAGMA user_version`).
pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database to [`VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, VERSION)
}

/// Brings the database to version `target` (at most [`VERSION`]): each
/// missing migration in its own transaction, with its version bump.
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    let target = target.min(VERSION);
    let current = version(conn)?;
    if current > VERSION {
        return Err(Error::Schema(format!(
            "the database has schema version {current}, newer than this dyad knows ({VERSION}); \
             use a newer dyad"
        )));
    }
    for v in current..target {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx)? > v {
            continue;
        }
        tx.execute_batch(MIGRATIONS[v as usize])?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
    Ok(())
}
