//! `dyad ingest`: read, clean, code and store documents.
//!
//! The same sources and options as `dyad code`, with a store as the sink.
//! Each document is stored in its own transaction with everything coded
//! from it ([`dyad_store::Store::put`]), and a document whose stable key
//! is already stored is passed over before it is coded: running the same
//! command twice stores nothing the second time, and rerunning after a
//! crash or a kill finishes what the first run left.

use std::path::PathBuf;
use std::process::ExitCode;

use dyad::engine::Coded;
use dyad::ingest::Document;
use dyad_store::{Put, Record};

use super::code::{BatchArgs, CodeOpts, or_stdin};

/// Arguments of `dyad ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files, JSONL files of documents, HTML pages, RSS/Atom feeds,
    /// WARC files, or directories of them; `-` or nothing for standard
    /// input.
    #[arg(value_name = "PATH")]
    files: Vec<PathBuf>,
    /// The database, created if missing: a SQLite file, or a PostgreSQL
    /// URL (`postgres://user@host/db`) for a store many processes share.
    #[arg(long, value_name = "FILE|URL", default_value = "dyad.db")]
    db: String,
    #[command(flatten)]
    batch: BatchArgs,
    /// Threads that code documents (default: every core); documents are
    /// stored one at a time, in input order.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Progress (documents/s, events, errors; percentage and ETA when the
    /// inputs are files) on standard error: `auto` draws it when standard
    /// error is a terminal, `always` also into a log (a line a second).
    #[arg(long, value_enum, default_value = "auto")]
    progress: dyad::progress::When,
    #[command(flatten)]
    opts: CodeOpts,
}

/// What the source and the workers hand the store's thread.
enum Item {
    /// Read, not yet known to the store: coded.
    New(Box<(dyad::ingest::Document, dyad::Coded)>),
    /// Read, and the store already has it.
    Already,
    /// Read, but with no text.
    Empty(String),
    /// Not read, or not checked: reported and counted as failed.
    Failed(String),
    /// Nothing to read (an empty file or record).
    Skip(String),
}

/// What is stored of `doc`, coded as `coded`, dated `day` (`YYYY-MM-DD`).
pub(super) fn record<'a>(doc: &'a Document, coded: &'a Coded, day: &'a str) -> Record<'a> {
    Record {
        key: &doc.key,
        id: &doc.id,
        origin: &doc.origin,
        url: doc.url.as_deref(),
        published: doc.published.as_deref(),
        day,
        format: match doc.format {
            dyad::ingest::Format::Text => "text",
            dyad::ingest::Format::Html => "html",
        },
        text: &coded.text,
        sentences: &coded.sentences,
        actors: &coded.actors,
        events: &coded.events,
    }
}

/// What a run did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    read: usize,
    stored: usize,
    already: usize,
    skipped: usize,
    failed: usize,
    mentions: usize,
}

/// Tests make `ingest` and `work` abort (as a kill would) after this many
/// documents are stored (`DYAD_TEST_ABORT_AFTER`), to check that a rerun
/// or another worker loses nothing.
pub(super) fn abort_after() -> Option<usize> {
    std::env::var("DYAD_TEST_ABORT_AFTER").ok()?.parse().ok()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lex = args.opts.lexicon()?;
    let engine = args.batch.engine(&args.opts, &lex)?;
    let mut store = dyad_store::open(&args.db).map_err(|e| anyhow::anyhow!("{}: {e}", args.db))?;
    let abort_after = abort_after();
    let files = or_stdin(&args.files);
    let mut t = Tally::default();
    let started = std::time::Instant::now();
    // The source checks each key on its own connection (SQLite's WAL lets
    // it read beside the writer), so a document already stored is never
    // coded; workers code; this thread stores, one transaction per
    // document.
    let mut lookup = dyad_store::open(&args.db).map_err(|e| anyhow::anyhow!("{}: {e}", args.db))?;
    let threads = dyad::batch::threads(args.threads);
    let engine = &engine;
    let progress =
        dyad::progress::Progress::new(args.progress, dyad::ingest::source::total_bytes(&files));
    let consumed = progress.consumed().clone();
    dyad::batch::ordered(
        threads,
        4 * threads,
        |push| {
            for f in &files {
                dyad::ingest::source::read_path_counting(f, Some(&consumed), &mut |d| {
                    push(match d {
                        Ok(doc) if doc.body.trim().is_empty() => Err(Item::Empty(doc.origin)),
                        Ok(doc) => match lookup.contains(&doc.key) {
                            Ok(true) => Err(Item::Already),
                            Ok(false) => Ok(doc),
                            Err(e) => Err(Item::Failed(format!(
                                "{}: document {}: {e}",
                                doc.origin, doc.id
                            ))),
                        },
                        Err(f) if f.error.is_skip() => Err(Item::Skip(f.origin)),
                        Err(f) => Err(Item::Failed(format!("skipped {f}"))),
                    })
                });
            }
        },
        |d| match d {
            Ok(doc) => {
                let coded = engine.code(&doc);
                Item::New(Box::new((doc, coded)))
            }
            Err(item) => item,
        },
        |item| {
            let (doc, coded) = match item {
                Item::New(x) => *x,
                Item::Already => {
                    t.read += 1;
                    t.already += 1;
                    progress.done();
                    return;
                }
                Item::Empty(origin) => {
                    t.read += 1;
                    progress.println(&format!("dyad: {origin}: empty document, nothing to store"));
                    t.skipped += 1;
                    return;
                }
                Item::Skip(origin) => {
                    progress.println(&format!("dyad: {origin}: empty document, nothing to store"));
                    t.skipped += 1;
                    return;
                }
                Item::Failed(msg) => {
                    progress.println(&format!("dyad: {msg}"));
                    t.failed += 1;
                    progress.failed();
                    return;
                }
            };
            t.read += 1;
            if let Some(note) = &coded.date_note {
                progress.println(&format!(
                    "dyad: {}: document {}: {note}",
                    doc.origin, doc.id
                ));
            }
            let day = dyad::events::when::iso(coded.day);
            match store.put(&record(&doc, &coded, &day)) {
                Ok(Put::Stored { mentions }) => {
                    t.stored += 1;
                    t.mentions += mentions;
                    progress.coded(mentions);
                    if abort_after == Some(t.stored) {
                        std::process::abort();
                    }
                }
                // Two records of this run with the same key.
                Ok(Put::AlreadyStored) => {
                    t.already += 1;
                    progress.done();
                }
                Err(e) => {
                    progress.println(&format!(
                        "dyad: {}: document {}: not stored: {e}",
                        doc.origin, doc.id
                    ));
                    t.failed += 1;
                    progress.failed();
                }
            }
        },
    );
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    let counts = store.counts()?;
    eprintln!(
        "dyad: ingest: {} read, {} stored ({} event mentions), {} already stored, \
         {} skipped as empty, {} failed in {seconds:.1} s; {} now holds {} documents, {} events",
        t.read,
        t.stored,
        t.mentions,
        t.already,
        t.skipped,
        t.failed,
        args.db,
        counts.documents,
        counts.events,
    );
    Ok(super::exit_code(t.failed))
}
