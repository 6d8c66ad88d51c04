//! `dyad enqueue` and `dyad work`: coding spread over many machines.
//!
//! `enqueue` reads documents as `dyad ingest` does and publishes them in
//! batches (JSON lines, one document a line) to a NATS JetStream stream
//! with work-queue retention ([`dyad_queue`]). Any number of `work`
//! processes, on any machines, pull batches from one shared durable
//! consumer, code each batch on every core ([`dyad::batch`]), store every
//! document in the store (`--db`, PostgreSQL when shared), and only then
//! ack the batch. A worker that dies before its ack leaves the batch to be
//! delivered again; the store skips the documents it already holds (by
//! stable key), so every document is stored once.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use dyad::engine::Coded;
use dyad::ingest::{Document, Format};
use dyad_queue::{Queue, Settings};
use dyad_store::Put;
use serde::{Deserialize, Serialize};

use super::code::{BatchArgs, CodeOpts, or_stdin};
use super::ingest::{abort_after, record};

/// One document as it travels in a batch.
#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    id: String,
    key: String,
    origin: String,
    format: String,
    body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl Wire {
    fn of(d: Document) -> Wire {
        Wire {
            id: d.id,
            key: d.key,
            origin: d.origin,
            format: match d.format {
                Format::Text => "text",
                Format::Html => "html",
            }
            .into(),
            body: d.body,
            published: d.published,
            url: d.url,
        }
    }

    fn document(self) -> Document {
        Document {
            id: self.id,
            key: self.key,
            origin: self.origin,
            format: if self.format == "html" {
                Format::Html
            } else {
                Format::Text
            },
            body: self.body,
            published: self.published,
            url: self.url,
        }
    }
}

/// Where the queue is, shared by `enqueue` and `work`.
#[derive(Debug, Clone, clap::Args)]
pub struct QueueArgs {
    /// The NATS server (JetStream enabled).
    #[arg(long, value_name = "URL", default_value = "nats://127.0.0.1:4222")]
    queue: String,
    /// The JetStream stream: subject `NAME.docs` (lower case), durable
    /// consumer `NAME-workers`; created if missing.
    #[arg(long, value_name = "NAME", default_value = "DYAD")]
    stream: String,
}

/// Arguments of `dyad enqueue`.
#[derive(Debug, clap::Args)]
pub struct EnqueueArgs {
    /// Text files, JSONL files of documents, HTML pages, RSS/Atom feeds,
    /// WARC files, or directories of them; `-` or nothing for standard
    /// input.
    #[arg(value_name = "PATH")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    queue: QueueArgs,
    /// Documents per message.
    #[arg(long, value_name = "N", default_value_t = 100)]
    batch: usize,
    /// Progress (documents/s, errors; percentage and ETA when the inputs
    /// are files) on standard error: `auto` draws it when standard error
    /// is a terminal, `always` also into a log (a line a second).
    #[arg(long, value_enum, default_value = "auto")]
    progress: dyad::progress::When,
}

/// Arguments of `dyad work`.
#[derive(Debug, clap::Args)]
pub struct WorkArgs {
    #[command(flatten)]
    queue: QueueArgs,
    /// The store: a PostgreSQL URL (`postgres://user@host/db`) shared by
    /// every worker, or a SQLite file for a single worker.
    #[arg(long, value_name = "URL|FILE", default_value = "dyad.db")]
    db: String,
    /// Threads coding each batch (default: every core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Seconds a worker may hold a batch without acking before it is
    /// handed to another worker (set when the consumer is first created).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    ack_wait: u64,
    /// Stop after this many seconds without a batch (default: wait for
    /// work forever).
    #[arg(long, value_name = "SECS")]
    idle: Option<u64>,
    #[command(flatten)]
    batch: BatchArgs,
    #[command(flatten)]
    opts: CodeOpts,
}

fn settings(q: &QueueArgs) -> Settings {
    Settings::named(&q.stream)
}

pub fn enqueue(args: EnqueueArgs) -> anyhow::Result<ExitCode> {
    let queue = Queue::connect(&args.queue.queue, settings(&args.queue))
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.queue.queue))?;
    let files = or_stdin(&args.files);
    let batch = args.batch.max(1);
    let (mut docs, mut batches, mut skipped, mut failed) = (0usize, 0usize, 0usize, 0usize);
    let mut pending: Vec<u8> = Vec::new();
    let mut in_batch = 0usize;
    let mut error: Option<anyhow::Error> = None;
    let progress =
        dyad::progress::Progress::new(args.progress, dyad::ingest::source::total_bytes(&files))
            .without_events();
    let flush = |pending: &mut Vec<u8>, in_batch: &mut usize, batches: &mut usize| {
        if *in_batch == 0 {
            return Ok(());
        }
        queue.publish(std::mem::take(pending))?;
        *in_batch = 0;
        *batches += 1;
        Ok::<_, anyhow::Error>(())
    };
    for f in &files {
        dyad::ingest::source::read_path_counting(f, Some(progress.consumed()), &mut |d| {
            if error.is_some() {
                return;
            }
            let doc = match d {
                Ok(doc) if !doc.body.trim().is_empty() => doc,
                Ok(doc) => {
                    progress.println(&format!("dyad: {}: empty document, not queued", doc.origin));
                    skipped += 1;
                    return;
                }
                Err(f) if f.error.is_skip() => {
                    progress.println(&format!("dyad: {}: empty document, not queued", f.origin));
                    skipped += 1;
                    return;
                }
                Err(f) => {
                    progress.println(&format!("dyad: skipped {f}"));
                    failed += 1;
                    progress.failed();
                    return;
                }
            };
            match serde_json::to_writer(&mut pending, &Wire::of(doc)) {
                Ok(()) => pending.push(b'\n'),
                Err(e) => {
                    error = Some(e.into());
                    return;
                }
            }
            docs += 1;
            in_batch += 1;
            progress.done();
            if in_batch >= batch
                && let Err(e) = flush(&mut pending, &mut in_batch, &mut batches)
            {
                error = Some(e);
            }
        });
    }
    let flushed = match error {
        Some(e) => Err(e),
        None => flush(&mut pending, &mut in_batch, &mut batches),
    };
    progress.finish();
    flushed?;
    eprintln!(
        "dyad: enqueue: {docs} documents in {batches} batches to {} (stream {}), \
         {skipped} skipped as empty, {failed} failed",
        args.queue.queue, args.queue.stream
    );
    Ok(super::exit_code(failed))
}

/// What a worker did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    batches: usize,
    redelivered: usize,
    stored: usize,
    already: usize,
    failed: usize,
    mentions: usize,
}

pub fn work(args: WorkArgs) -> anyhow::Result<ExitCode> {
    let lex = args.opts.lexicon()?;
    let engine = args.batch.engine(&args.opts, &lex)?;
    let engine = &engine;
    let mut store = dyad_store::open(&args.db).map_err(|e| anyhow::anyhow!("{}: {e}", args.db))?;
    let mut s = settings(&args.queue);
    s.ack_wait = Duration::from_secs(args.ack_wait.max(1));
    let queue = Queue::connect(&args.queue.queue, s)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.queue.queue))?;
    let worker = queue.worker()?;
    let threads = dyad::batch::threads(args.threads);
    let abort_after = abort_after();
    let idle = args.idle.map(Duration::from_secs);
    let mut t = Tally::default();
    let started = Instant::now();
    let mut last_work = Instant::now();
    loop {
        let wait = match idle {
            Some(idle) => {
                let left = idle.saturating_sub(last_work.elapsed());
                if left.is_zero() {
                    break;
                }
                left.min(Duration::from_secs(5))
            }
            None => Duration::from_secs(5),
        };
        let Some(job) = queue.next(&worker, wait)? else {
            continue;
        };
        t.batches += 1;
        if job.delivered() > 1 {
            t.redelivered += 1;
        }
        // A batch that does not parse will not parse on another worker
        // either: say so, and ack it so it does not come back forever.
        let docs: Vec<Document> = match std::str::from_utf8(job.payload())
            .map_err(anyhow::Error::from)
            .and_then(|text| {
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| Ok(serde_json::from_str::<Wire>(l)?.document()))
                    .collect::<anyhow::Result<Vec<_>>>()
            }) {
            Ok(docs) => docs,
            Err(e) => {
                eprintln!("dyad: work: a batch that is not JSON lines of documents, dropped: {e}");
                t.failed += 1;
                queue.ack(job)?;
                last_work = Instant::now();
                continue;
            }
        };
        // Documents already stored (by another worker, or before this
        // batch was delivered again) are not coded again.
        let mut todo = Vec::with_capacity(docs.len());
        for d in docs {
            if store.contains(&d.key)? {
                t.already += 1;
            } else {
                todo.push(d);
            }
        }
        let mut error: Option<anyhow::Error> = None;
        let mut since_progress = Instant::now();
        dyad::batch::ordered(
            threads,
            4 * threads,
            |push| todo.into_iter().for_each(push),
            |doc: Document| {
                let coded: Coded = engine.code(&doc);
                (doc, coded)
            },
            |(doc, coded)| {
                if error.is_some() {
                    return;
                }
                let day = dyad::events::when::iso(coded.day);
                match store.put(&record(&doc, &coded, &day)) {
                    Ok(Put::Stored { mentions }) => {
                        t.stored += 1;
                        t.mentions += mentions;
                        if abort_after == Some(t.stored) {
                            std::process::abort();
                        }
                    }
                    Ok(Put::AlreadyStored) => t.already += 1,
                    Err(e) => {
                        error = Some(anyhow::anyhow!(
                            "{}: document {}: not stored: {e}",
                            doc.origin,
                            doc.id
                        ))
                    }
                }
                // A long batch: tell the server this worker is alive, so
                // the batch is not handed to another one meanwhile.
                if since_progress.elapsed() > Duration::from_secs(10) {
                    since_progress = Instant::now();
                    if let Err(e) = queue.progress(&job) {
                        eprintln!("dyad: work: could not report progress: {e}");
                    }
                }
            },
        );
        if let Some(e) = error {
            // The store failed: hand the batch back for another try and
            // stop, rather than ack documents that were not stored.
            let _ = queue.nak(job);
            return Err(e);
        }
        queue.ack(job)?;
        last_work = Instant::now();
    }
    let counts = store.counts()?;
    eprintln!(
        "dyad: work: {} batches ({} delivered again), {} documents stored ({} event mentions), \
         {} already stored, {} failed in {:.1} s; the store holds {} documents, {} events",
        t.batches,
        t.redelivered,
        t.stored,
        t.mentions,
        t.already,
        t.failed,
        started.elapsed().as_secs_f64(),
        counts.documents,
        counts.events,
    );
    Ok(super::exit_code(t.failed))
}
