//! `dyad clean`: documents in, article text out; `dyad train cleaner`
//! lives in `train.rs`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_ingest::{Cleaner, Smoothie};

/// Output formats of `dyad clean`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The article text; documents separated by a form feed line.
    Text,
    /// One JSON object a line: id, key, origin, format, title, text, and
    /// url and published when known.
    Json,
}

/// Arguments of `dyad clean`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text, HTML (optionally gzip), JSONL files (`raw`, `text` or `html`
    /// field), RSS/Atom feeds, WARC files (`.warc.gz` too), or directories
    /// of them; `-` or nothing for standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write one `DIR/<id>.txt` per document instead of printing.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Keep a text line when the model's probability is at least this
    /// (default: the model's own threshold; lower keeps more).
    #[arg(long, value_name = "P")]
    threshold: Option<f32>,
    /// Keep more: every line of running prose, and drop only lines the
    /// model is sure of (what `dyad code` uses).
    #[arg(long)]
    recall: bool,
    /// Show every line of text input with its decision and score instead
    /// of the cleaned text.
    #[arg(long)]
    explain: bool,
    /// The HTML extractor: `smoothie` (readability, then our line model;
    /// the default), `readability` (readability alone); with the
    /// `trafilatura` build feature also `trafilatura` (then our line
    /// model) and `trafilatura-raw`, for comparison on a benchmark.
    #[arg(long, value_name = "NAME", default_value = "smoothie")]
    extractor: String,
}

/// The HTML extractor called `name`.
pub fn extractor(name: &str) -> anyhow::Result<Box<dyn dyad_ingest::Extractor>> {
    use dyad_ingest::clean::html::Post;
    Ok(match name {
        "smoothie" => Box::new(Smoothie::default()),
        "readability" => Box::new(Smoothie { post: Post::None }),
        #[cfg(feature = "trafilatura")]
        "trafilatura" => Box::new(dyad_ingest::clean::html::Trafilatura::default()),
        #[cfg(feature = "trafilatura")]
        "trafilatura-raw" => Box::new(dyad_ingest::clean::html::Trafilatura { post: Post::None }),
        #[cfg(not(feature = "trafilatura"))]
        "trafilatura" | "trafilatura-raw" => {
            anyhow::bail!("extractor {name:?} needs a build with `--features trafilatura`")
        }
        other => anyhow::bail!(
            "unknown extractor {other:?} (smoothie, readability, trafilatura, trafilatura-raw)"
        ),
    })
}

/// Counts of a batch, reported at its end.
#[derive(Debug, Default)]
pub struct Tally {
    /// Documents read and cleaned.
    pub read: usize,
    /// Inputs passed over: empty files and records, files a directory walk
    /// does not read.
    pub skipped: usize,
    /// Inputs that could not be read or cleaned.
    pub failed: usize,
}

impl Tally {
    /// Prints the summary to standard error.
    pub fn report(&self) {
        eprintln!(
            "dyad: {} read, {} skipped, {} failed",
            self.read, self.skipped, self.failed
        );
    }
}

/// Reads every document of `files` (standard input when empty), cleaning
/// each and handing it to `each`; problems are reported on standard error
/// and counted.
pub fn for_each_article(
    files: &[PathBuf],
    extractor: &dyn dyad_ingest::Extractor,
    cleaner: &Cleaner<'_>,
    tally: &mut Tally,
    each: &mut dyn FnMut(dyad_ingest::Article, Option<&str>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let files = &super::code::or_stdin(files);
    let mut err: Option<anyhow::Error> = None;
    for f in files {
        let passed = dyad_ingest::source::read_path(f, &mut |d| {
            if err.is_some() {
                return;
            }
            match d {
                Err(fail) => {
                    if fail.error.is_skip() {
                        eprintln!("dyad: skipped {fail}");
                        tally.skipped += 1;
                    } else {
                        eprintln!("dyad: failed {fail}");
                        tally.failed += 1;
                    }
                }
                Ok(doc) => match dyad_ingest::clean_document(&doc, extractor, cleaner) {
                    Ok(a) => {
                        tally.read += 1;
                        if let Err(e) = each(a, doc.published.as_deref()) {
                            err = Some(e);
                        }
                    }
                    Err(e) => {
                        eprintln!("dyad: failed {}: {e}", doc.origin);
                        tally.failed += 1;
                    }
                },
            }
        });
        tally.skipped += passed;
        if let Some(e) = err.take() {
            return Err(e);
        }
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut cleaner = Cleaner::default();
    if args.recall {
        cleaner = cleaner.recall(dyad_ingest::clean::text::RECALL_THRESHOLD);
    }
    if let Some(t) = args.threshold {
        cleaner = cleaner.with_threshold(t);
    }
    if args.explain {
        return explain(&args, &cleaner);
    }
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut tally = Tally::default();
    let mut first = true;
    let extractor = extractor(&args.extractor)?;
    let result = for_each_article(
        &args.files,
        &*extractor,
        &cleaner,
        &mut tally,
        &mut |a, _| {
            if let Some(dir) = &args.out_dir {
                let name = safe_name(&a.id);
                let path = dir.join(format!("{name}.txt"));
                let body = match args.format {
                    Format::Text => a.text,
                    Format::Json => serde_json::to_string(&a)? + "\n",
                };
                std::fs::write(&path, body).with_context(|| path.display().to_string())?;
                return Ok(());
            }
            match args.format {
                Format::Json => writeln!(out, "{}", serde_json::to_string(&a)?)?,
                Format::Text => {
                    if !first {
                        writeln!(out, "\u{c}")?;
                    }
                    write!(out, "{}", a.text)?;
                }
            }
            first = false;
            Ok(())
        },
    );
    if let Err(e) = result {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e);
    }
    out.flush().ok();
    tally.report();
    Ok(super::exit_code(tally.failed))
}

/// A document id as a file name: path separators and other awkward
/// characters become `_`.
fn safe_name(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("_{s}")
    } else {
        s
    }
}

fn explain(args: &Args, cleaner: &Cleaner<'_>) -> anyhow::Result<ExitCode> {
    let mut tally = Tally::default();
    for f in &super::code::or_stdin(&args.files) {
        dyad_ingest::source::read_path(f, &mut |d| match d {
            Ok(doc) if doc.format == dyad_ingest::Format::Text => {
                tally.read += 1;
                println!("# {}", doc.id);
                for d in cleaner.decide(&doc.body) {
                    let line = doc.body[d.start..d.end].replace('\n', "⏎");
                    println!(
                        "{}\t{:.3}\t{}\t{}",
                        if d.keep { "keep" } else { "drop" },
                        d.score,
                        d.reason,
                        line.trim()
                    );
                }
            }
            Ok(doc) => eprintln!("dyad: {}: --explain reads text input only", doc.origin),
            Err(f) => {
                tally.failed += 1;
                eprintln!("dyad: failed {f}");
            }
        });
    }
    Ok(super::exit_code(tally.failed))
}
