//! `export`: stored events out of the store, in the formats other tools
//! read: JSONL, CSV, GDELT 2.0 Events and Mentions TSV, and Parquet
//! partitioned by event date the way Hive, Spark, Trino, DuckDB and
//! pandas expect (`docs/EXPORT.md`).
//!
//! The store is the *source*, each format a *sink* ([`Sink`]): events
//! stream from [`Store::query_with_mentions`] one at a time, with their
//! mentions, into the sink, which writes as it goes. Nothing holds the
//! whole export in memory: the Parquet sink buffers one batch of rows
//! ([`parquet::BATCH_ROWS`]) and one open file at a time.
//!
//! | module | job |
//! |---|---|
//! | [`text`] | CSV quoting, TSV cleaning, dates as GDELT and Arrow want them |
//! | [`csv`] | the CSV of `dyad query` (events) and a mentions CSV |
//! | [`gdelt`] | GDELT 2.0 Events (61 columns) and Mentions (16 columns) rows |
//! | [`parquet`] | Hive-partitioned Parquet, mentions as a nested list column |

pub mod csv;
pub mod gdelt;
pub mod parquet;
pub mod text;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use dyad_store::{Filter, Store, StoredEvent, StoredMention};

/// What can go wrong in an export.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the store.
    #[error("{0}")]
    Store(#[from] dyad_store::Error),
    /// Writing files.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The output directory is not one to write into.
    #[error("{0}")]
    Out(String),
}

/// An export's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The formats an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `events.jsonl` (the lines of `dyad query`) and `mentions.jsonl`.
    Jsonl,
    /// `events.csv` (the CSV of `dyad query`) and `mentions.csv`, with headers.
    Csv,
    /// `events.tsv` and `mentions.tsv`: GDELT 2.0 Events and Mentions
    /// tables, tab-separated, without a header (as GDELT ships them).
    Gdelt,
    /// `date=YYYY-MM-DD/part-N.parquet`: events with their mentions.
    Parquet,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events written.
    pub events: u64,
    /// Event mentions written.
    pub mentions: u64,
    /// Files written, in the order they were finished.
    pub files: Vec<PathBuf>,
}

impl Summary {
    /// Bytes in the files written.
    pub fn bytes(&self) -> u64 {
        self.files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
    }
}

/// Where events go: one format's writer.
pub trait Sink {
    /// Writes one event and its mentions.
    fn event(&mut self, event: &StoredEvent, mentions: &[StoredMention]) -> std::io::Result<()>;
    /// Finishes every file and names them.
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>>;
}

/// Writes the events of `store` that match `filter` into the directory
/// `out` (created if missing; it must be empty, so that files of an
/// earlier export never mix with these).
pub fn export(
    store: &mut dyn Store,
    filter: &Filter,
    format: Format,
    out: &Path,
) -> Result<Summary> {
    filter.validate()?;
    prepare_dir(out)?;
    let mut sink: Box<dyn Sink> = match format {
        Format::Jsonl => Box::new(Pair::create(
            out,
            "jsonl",
            None,
            None,
            jsonl_event,
            jsonl_mention,
        )?),
        Format::Csv => Box::new(Pair::create(
            out,
            "csv",
            Some(csv::EVENTS_HEADER),
            Some(csv::MENTIONS_HEADER),
            |w, e, _| csv::write_event(w, e),
            csv::write_mention,
        )?),
        Format::Gdelt => Box::new(Pair::create(
            out,
            "tsv",
            None,
            None,
            |w, e, _| gdelt::write_event(w, &gdelt::Row::stored(e)),
            gdelt::write_mention,
        )?),
        Format::Parquet => Box::new(parquet::Partitioned::new(out)),
    };
    let mut mentions = 0u64;
    let events = store.query_with_mentions(filter, &mut |e, ms| {
        mentions += ms.len() as u64;
        sink.event(e, ms)
    })?;
    let files = sink.finish()?;
    Ok(Summary {
        events,
        mentions,
        files,
    })
}

/// Creates `out`, or checks it is an empty directory.
fn prepare_dir(out: &Path) -> Result<()> {
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::Out(format!("{} is not a directory", out.display())));
        }
        if std::fs::read_dir(out)?.next().is_some() {
            return Err(Error::Out(format!(
                "{} is not empty: export into a new or empty directory, so that files of an \
                 earlier export do not mix with these",
                out.display()
            )));
        }
    }
    std::fs::create_dir_all(out)?;
    Ok(())
}

type EventFn = fn(&mut BufWriter<File>, &StoredEvent, &[StoredMention]) -> std::io::Result<()>;
type MentionFn = fn(&mut BufWriter<File>, &StoredEvent, &StoredMention) -> std::io::Result<()>;

/// Two text files, `events.EXT` and `mentions.EXT`, one row a line.
struct Pair {
    events: (PathBuf, BufWriter<File>),
    mentions: (PathBuf, BufWriter<File>),
    event: EventFn,
    mention: MentionFn,
}

impl Pair {
    fn create(
        out: &Path,
        ext: &str,
        events_header: Option<&str>,
        mentions_header: Option<&str>,
        event: EventFn,
        mention: MentionFn,
    ) -> Result<Pair> {
        let open = |name: &str, header: Option<&str>| -> Result<(PathBuf, BufWriter<File>)> {
            let path = out.join(format!("{name}.{ext}"));
            let mut w = BufWriter::with_capacity(1 << 16, File::create(&path)?);
            if let Some(h) = header {
                writeln!(w, "{h}")?;
            }
            Ok((path, w))
        };
        Ok(Pair {
            events: open("events", events_header)?,
            mentions: open("mentions", mentions_header)?,
            event,
            mention,
        })
    }
}

impl Sink for Pair {
    fn event(&mut self, e: &StoredEvent, ms: &[StoredMention]) -> std::io::Result<()> {
        (self.event)(&mut self.events.1, e, ms)?;
        for m in ms {
            (self.mention)(&mut self.mentions.1, e, m)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for (path, w) in [self.events, self.mentions] {
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            files.push(path);
        }
        Ok(files)
    }
}

/// One event as `dyad query` writes it: a JSON object a line.
pub fn write_jsonl(out: &mut impl Write, e: &StoredEvent) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, e).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

fn jsonl_event(
    w: &mut BufWriter<File>,
    e: &StoredEvent,
    _: &[StoredMention],
) -> std::io::Result<()> {
    write_jsonl(w, e)
}

/// A mention a line, with its event's key first.
fn jsonl_mention(
    w: &mut BufWriter<File>,
    e: &StoredEvent,
    m: &StoredMention,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        event: &'a str,
        #[serde(flatten)]
        mention: &'a StoredMention,
    }
    serde_json::to_writer(
        &mut *w,
        &Line {
            event: &e.key,
            mention: m,
        },
    )
    .map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}
