//! `dyad code`, `dyad eval`, `dyad explain`, `dyad ontology`: events from
//! documents, scored against gold, explained for one sentence.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dyad::events::{Event, Lexicon};
use dyad::{Engine, Policy};
use serde_json::Value;

use super::actors::{day_or_today, load_kb, parse_day};
use super::{ModelArgs, input};

/// Options shared by the commands that code events.
#[derive(Debug, clap::Args)]
pub struct CodeOpts {
    /// Extra knowledge-base files (docs/KB.md).
    #[arg(long, value_name = "FILE")]
    kb: Vec<PathBuf>,
    /// Extra lexicon files (docs/LEXICON.md); a pattern with a built-in id
    /// replaces it.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Threshold of the text cleaner when coding (recall mode: running
    /// prose is always kept; other lines from this score up).
    #[arg(long, value_name = "P", default_value_t = dyad::engine::CODING_THRESHOLD)]
    clean_threshold: f32,
    #[command(flatten)]
    models: ModelArgs,
}

impl CodeOpts {
    pub(super) fn lexicon(&self) -> anyhow::Result<Lexicon> {
        let mut files = Vec::new();
        for p in &self.lexicon {
            files.push((p.display().to_string(), input::read_text(p)?));
        }
        Ok(Lexicon::with_extra(&files)?)
    }
}

/// Output formats of `dyad code`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One JSON event a line.
    Jsonl,
    /// Comma-separated, one event a row.
    Csv,
    /// Tab-separated GDELT 2.0 Events rows (61 columns) under a header of their names.
    Tsv,
}

/// Arguments of `dyad code`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files, JSONL files of documents (`id`, `published`, `raw` or
    /// `text`), gold files, HTML pages, RSS/Atom feeds, WARC files, or
    /// directories of them; `-` or nothing for standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    batch: BatchArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Threads that code documents (default: every core). Output is in
    /// input order whatever the count.
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

/// Arguments of `dyad eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// A gold file (`../shared/eval/*/gold.jsonl`).
    #[arg(value_name = "GOLD")]
    gold: PathBuf,
    /// One JSON object instead of a report.
    #[arg(long)]
    json: bool,
    /// Also list each document's misses and false positives.
    #[arg(long)]
    verbose: bool,
    /// Also write the coded events to this file (JSONL), for score.py.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Code each `raw` as it is, without dropping boilerplate first.
    #[arg(long)]
    no_clean: bool,
    #[command(flatten)]
    opts: CodeOpts,
}

/// Arguments of `dyad explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The sentence (or a few).
    #[arg(value_name = "SENTENCE")]
    text: String,
    /// The document's date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    #[command(flatten)]
    opts: CodeOpts,
}

/// Where a coded event came from, for the GDELT columns that need it.
struct Origin<'a> {
    /// The event's number in the output, from 1: GLOBALEVENTID.
    n: u64,
    /// The document's URL, else its readable id: SOURCEURL.
    url: &'a str,
    /// The day the document was coded as: DATEADDED.
    day: &'a str,
}

fn write_event(
    out: &mut impl std::io::Write,
    e: &Event,
    format: Format,
    origin: &Origin<'_>,
) -> std::io::Result<()> {
    use dyad_export::text::quote;
    let (sk, sc, se) = dyad_export::csv::party(e.source.as_ref());
    let (tk, tc, te) = dyad_export::csv::party(e.target.as_ref());
    let date = e.date.as_deref().unwrap_or_default();
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, e).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        }
        Format::Csv => writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            quote(&e.doc),
            date,
            quote(sk),
            quote(sc),
            quote(se),
            quote(tk),
            quote(tc),
            quote(te),
            e.cameo,
            e.quad_class,
            e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
            quote(&e.plover.kind),
            quote(&e.evidence.rule),
        ),
        // One document's event as a GDELT 2.0 Events row: the writer of
        // `dyad export --format gdelt`, with this document as the only
        // source and article.
        Format::Tsv => dyad_export::gdelt::write_event(
            out,
            &dyad_export::gdelt::Row {
                id: i64::try_from(origin.n).unwrap_or(i64::MAX),
                date,
                source: e.source.as_ref(),
                target: e.target.as_ref(),
                root: e.sentence == 0,
                cameo: &e.cameo,
                quad_class: e.quad_class,
                goldstein: e.goldstein,
                mentions: e.mentions as u64,
                sources: 1,
                articles: 1,
                location: e.location.as_ref(),
                added: origin.day,
                url: origin.url,
            },
        ),
    }
}

const CSV_HEADER: &str = "doc,date,source,source_code,source_entity,target,target_code,target_entity,cameo,quad_class,goldstein,plover,rule";

/// The engine the options ask for.
pub(super) fn engine<'a>(
    opts: &CodeOpts,
    lex: &'a Lexicon,
    clean: bool,
    default_day: dyad::kb::Day,
) -> anyhow::Result<Engine<'a>> {
    let nlp = opts.models.load()?;
    let kb = load_kb(&opts.kb)?;
    let mut policy = Policy::new(default_day);
    policy.clean = clean;
    policy.clean_threshold = opts.clean_threshold;
    Ok(Engine::new(nlp, kb, lex, policy))
}

/// How the batch commands (`code`, `ingest`, `work`) date and clean
/// documents.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The date of documents that carry none (YYYY-MM-DD); default today.
    /// A document's own date (JSONL `published`, feed item date, HTML
    /// metadata, `WARC-Date`) wins, unless `--force-date`.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Date every document with `--date`, whatever its own date says.
    #[arg(long, requires = "date")]
    force_date: bool,
    /// Code the text as it is, without dropping boilerplate first.
    #[arg(long)]
    no_clean: bool,
}

impl BatchArgs {
    /// The engine of a batch command: documents dated by their own date,
    /// else `--date`, else today (`--force-date`: always `--date`),
    /// cleaned unless `--no-clean`.
    pub(super) fn engine<'a>(
        &self,
        opts: &CodeOpts,
        lex: &'a Lexicon,
    ) -> anyhow::Result<Engine<'a>> {
        let mut engine = engine(
            opts,
            lex,
            !self.no_clean,
            day_or_today(self.date.as_deref())?,
        )?;
        engine.policy.force_date = self.force_date;
        Ok(engine)
    }
}

/// The files named, or standard input (`-`) when none is.
pub(super) fn or_stdin(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lex = args.opts.lexicon()?;
    let engine = args.batch.engine(&args.opts, &lex)?;
    let files = or_stdin(&args.files);
    let (mut read, mut skipped, mut failed) = (0usize, 0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let header = match args.format {
        Format::Jsonl => None,
        Format::Csv => Some(CSV_HEADER),
        Format::Tsv => None,
    };
    if let Some(h) = header {
        writeln!(out, "{h}")?;
    }
    if let Format::Tsv = args.format {
        writeln!(out, "{}", dyad_export::gdelt::EVENT_HEADER.join("\t"))?;
    }
    let mut written = 0u64;
    let mut write_error = None;
    let progress =
        dyad::progress::Progress::new(args.progress, dyad::ingest::source::total_bytes(&files));
    let consumed = progress.consumed().clone();
    let threads = dyad::batch::threads(args.threads);
    let engine = &engine;
    // Documents stream from the sources one at a time (a corpus is never
    // held in memory), are coded on every core, and come out in order.
    dyad::batch::ordered(
        threads,
        4 * threads,
        |push| {
            for f in &files {
                dyad::ingest::source::read_path_counting(f, Some(&consumed), &mut |d| push(d));
            }
        },
        |d| {
            d.map(|doc| {
                let coded = (!doc.body.trim().is_empty()).then(|| engine.code(&doc));
                (doc, coded)
            })
        },
        |r| {
            let (doc, coded) = match r {
                Ok(x) => x,
                Err(f) if f.error.is_skip() => {
                    progress.println(&format!(
                        "dyad: {}: empty document, nothing to code",
                        f.origin
                    ));
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
            let Some(coded) = coded else {
                progress.println(&format!(
                    "dyad: {}: empty document, nothing to code",
                    doc.origin
                ));
                skipped += 1;
                return;
            };
            read += 1;
            if let Some(note) = &coded.date_note {
                progress.println(&format!(
                    "dyad: {}: document {}: {note}",
                    doc.origin, doc.id
                ));
            }
            progress.coded(coded.events.len());
            if write_error.is_some() {
                return;
            }
            let day = dyad::events::when::iso(coded.day);
            for e in &coded.events {
                written += 1;
                let origin = Origin {
                    n: written,
                    url: doc.url.as_deref().unwrap_or(&doc.id),
                    day: &day,
                };
                if let Err(e) = write_event(&mut out, e, args.format, &origin) {
                    write_error = Some(e);
                    return;
                }
            }
        },
    );
    progress.finish();
    match write_error {
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Some(e) => return Err(e.into()),
        None => {}
    }
    out.flush().ok();
    if read + skipped + failed > 1 || failed > 0 {
        eprintln!("dyad: {read} document(s) coded, {skipped} skipped as empty, {failed} failed");
    }
    Ok(super::exit_code(failed))
}

pub fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let lex = args.opts.lexicon()?;
    let engine = engine(&args.opts, &lex, !args.no_clean, dyad::kb::date::today())?;
    let text = input::read_text(&args.gold)?;
    let mut gold = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", args.gold.display(), i + 1))?;
        gold.push(v);
    }
    let t = std::time::Instant::now();
    let mut preds = Vec::new();
    let mut events_out = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        let id = match &g["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let raw = g["raw"].as_str().unwrap_or("");
        let published = g["published"].as_str().unwrap_or("");
        parse_day(published)
            .with_context(|| format!("{}:{}: document {id}", args.gold.display(), i + 1))?;
        let doc = dyad::ingest::Document {
            key: dyad::ingest::source::stable_key(None, raw),
            origin: format!("{}:{}", args.gold.display(), i + 1),
            format: if dyad::ingest::source::looks_like_html(raw.as_bytes()) {
                dyad::ingest::Format::Html
            } else {
                dyad::ingest::Format::Text
            },
            body: raw.to_owned(),
            published: Some(published.to_owned()),
            url: None,
            id,
        };
        let events = engine.code(&doc).events;
        for e in events {
            preds.push(serde_json::to_value(&e)?);
            events_out.push(e);
        }
    }
    let seconds = t.elapsed().as_secs_f64();
    if let Some(path) = &args.events {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| path.display().to_string())?,
        );
        for e in &events_out {
            writeln!(f, "{}", serde_json::to_string(e)?)?;
        }
    }
    let s = dyad::events::score::score(&gold, &preds);
    if args.json {
        let mut v = serde_json::to_value(&s)?;
        v["seconds"] = seconds.into();
        v["documents"] = gold.len().into();
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    for d in &s.docs {
        println!("{:40} tp={:3} fp={:3} fn={:3}", d.doc, d.tp, d.fp, d.fn_);
        if args.verbose {
            for (a, b, r) in &d.misses {
                println!("    miss  {a} -> {b} {r}");
            }
            for (a, b, r) in &d.false_positives {
                println!("    false {a} -> {b} {r}");
            }
        }
    }
    for (k, (v, n)) in &s.agreement {
        let v = v.map_or("-".to_owned(), |v| format!("{v:.3}"));
        println!("agreement {k:12} {v} over {n}");
    }
    if s.stray_events > 0 {
        println!("events naming no gold document: {}", s.stray_events);
    }
    println!(
        "precision={:.3} recall={:.3} f1={:.3} (tp={} fp={} fn={})",
        s.precision, s.recall, s.f1, s.tp, s.fp, s.fn_
    );
    println!("# {} documents coded in {seconds:.2} s", gold.len());
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let lex = args.opts.lexicon()?;
    let day = day_or_today(args.date.as_deref())?;
    let engine = engine(&args.opts, &lex, false, day)?;
    if args.text.trim().is_empty() {
        bail!("nothing to explain: the sentence is empty");
    }
    let lines = dyad::explain::explain(&engine, &args.text, day);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for l in lines {
        if writeln!(out, "{l}").is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dyad ontology build`.
#[derive(Debug, clap::Subcommand)]
pub enum OntologyCommand {
    /// Build `crates/dyad-events/data/cameo.tsv` from the reference tables.
    Build {
        /// Directory of the reference tables (../shared/reference).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Output file.
        #[arg(
            long,
            value_name = "FILE",
            default_value = "crates/dyad-events/data/cameo.tsv"
        )]
        out: PathBuf,
    },
}

pub fn ontology(cmd: OntologyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        OntologyCommand::Build { from, out } => {
            let text = dyad::events::ontology::build(&from).map_err(anyhow::Error::msg)?;
            std::fs::write(&out, &text).with_context(|| out.display().to_string())?;
            println!(
                "wrote {} ({} codes)",
                out.display(),
                text.lines().filter(|l| !l.starts_with('#')).count() - 1
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `dyad lexicon`.
#[derive(Debug, clap::Subcommand)]
pub enum LexiconCommand {
    /// Check the lexicon (built-in plus `--lexicon` files): every file
    /// parses, and every pattern's example sentence codes that pattern's
    /// event. Prints the examples that do not, and the share that do.
    Check {
        /// Only list failures of patterns from these files (default: all).
        #[arg(long)]
        only_extra: bool,
        /// Exit 1 if fewer than this share of examples code (0-1).
        #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
        min: f64,
        #[command(flatten)]
        opts: CodeOpts,
    },
}

pub fn lexicon(cmd: LexiconCommand) -> anyhow::Result<ExitCode> {
    let LexiconCommand::Check {
        only_extra,
        min,
        opts,
    } = cmd;
    let lex = opts.lexicon()?;
    let day = (2024, 6, 1);
    let engine = engine(&opts, &lex, false, day)?;
    let (mut total, mut ok) = (0usize, 0usize);
    for p in lex.patterns() {
        if only_extra && p.file.starts_with("lexicon/") {
            continue;
        }
        total += 1;
        let events = engine.code_text("example", p.example.clone(), day).events;
        if events
            .iter()
            .any(|e| e.evidence.rule == p.id || e.cameo == p.code)
        {
            ok += 1;
        } else {
            let got: Vec<String> = events
                .iter()
                .map(|e| format!("{} ({})", e.cameo, e.evidence.rule))
                .collect();
            println!(
                "{}\t{}\t{}\t{:?}\tgot: {}",
                p.file,
                p.id,
                p.code,
                p.example,
                if got.is_empty() {
                    "nothing".into()
                } else {
                    got.join(", ")
                }
            );
        }
    }
    let share = if total == 0 {
        1.0
    } else {
        ok as f64 / total as f64
    };
    println!("# {ok} of {total} examples code their pattern's event ({share:.3})");
    Ok(if share + 1e-9 < min {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
