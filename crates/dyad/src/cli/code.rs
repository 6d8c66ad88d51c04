//! `dyad code`, `dyad eval`, `dyad explain`, `dyad ontology`: events from
//! documents, scored against gold, explained for one sentence.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use dyad::actors::Resolver;
use dyad::events::{Coder, Event, Lexicon};
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
    #[arg(long, value_name = "P", default_value_t = CODING_THRESHOLD)]
    clean_threshold: f32,
    #[command(flatten)]
    models: ModelArgs,
}

impl CodeOpts {
    fn lexicon(&self) -> anyhow::Result<Lexicon> {
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
    /// Tab-separated, GDELT-like columns.
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
    /// The date of documents that carry none (YYYY-MM-DD); default today.
    /// A document's own date (JSONL `published`, feed item date, HTML
    /// metadata, `WARC-Date`) wins, unless `--force-date`.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Date every document with `--date`, whatever its own date says.
    #[arg(long, requires = "date")]
    force_date: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Code the text as it is, without dropping boilerplate first.
    #[arg(long)]
    no_clean: bool,
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

/// One document to code.
struct Doc {
    id: String,
    day: Option<dyad::kb::Day>,
    text: String,
    /// Whether `text` is an HTML page (else plain or flattened text).
    html: bool,
}

/// The threshold of the text cleaner when coding: the cleaner runs in its
/// recall mode (running prose always kept) with a threshold lower than its
/// own (which is tuned for token F1 on whole pages), because a sentence
/// lost costs events while a menu line kept rarely codes one.
const CODING_THRESHOLD: f32 = dyad::ingest::clean::text::RECALL_THRESHOLD;

/// Codes one document. HTML goes through the main-content extractor and
/// its article is coded. Text is coded whole, but only sentences on lines
/// the boilerplate cleaner keeps (`dyad clean`, recall mode) yield events:
/// the dropped lines (a masthead, a byline, a topic list) still tell the
/// actor memory who "we" are and what country the story is about, while a
/// menu or a footer ("... is funded by the US Government") codes nothing.
/// A document the cleaner would empty is coded as it is.
fn code_document(
    d: &Doc,
    day: dyad::kb::Day,
    clean: bool,
    threshold: f32,
    nlp: &dyad::nlp::Nlp,
    resolver: &dyad::actors::Resolver<'_>,
    coder: &dyad::events::Coder<'_>,
) -> Vec<dyad::events::Event> {
    use dyad::ingest::Extractor as _;
    if clean && d.html {
        let text = match dyad::ingest::Smoothie::default().extract(&d.text) {
            Ok(e) => e.full_text(),
            Err(e) => {
                eprintln!("dyad: {}: {e}", d.id);
                String::new()
            }
        };
        return dyad::pipeline::document_events(&d.id, &text, day, nlp, resolver, coder);
    }
    let mut events = dyad::pipeline::document_events(&d.id, &d.text, day, nlp, resolver, coder);
    if clean {
        let kept: Vec<(usize, usize)> = dyad::ingest::Cleaner::default()
            .recall(threshold)
            .decide(&d.text)
            .iter()
            .filter(|u| u.keep)
            .map(|u| (u.start, u.end))
            .collect();
        if !kept.is_empty() {
            events.retain(|e| kept.iter().any(|&(a, b)| e.span[0] < b && a < e.span[1]));
        }
    }
    events
}

/// Reads documents from `path` into `out`; a bad document is reported on
/// standard error and skipped.
fn read_docs(path: &Path, out: &mut Vec<Doc>, errors: &mut usize) -> anyhow::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| path.display().to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir()
                || p.extension().is_some_and(|e| {
                    matches!(
                        e.to_str(),
                        Some(
                            "txt"
                                | "jsonl"
                                | "json"
                                | "html"
                                | "htm"
                                | "gz"
                                | "rss"
                                | "atom"
                                | "xml"
                                | "warc"
                        )
                    )
                })
            {
                read_docs(&p, out, errors)?;
            }
        }
        return Ok(());
    }
    let lower = path.to_string_lossy().to_ascii_lowercase();
    if !(lower.ends_with(".jsonl") || lower.ends_with(".json") || lower == "-") {
        // Text, HTML, feed and WARC files, gzip or not: read and decode by
        // dyad-ingest, which also finds a date (feed item, HTML metadata,
        // WARC-Date) when the document has one.
        dyad::ingest::source::read_file(path, &mut |d| match d {
            Ok(doc) => out.push(Doc {
                day: doc
                    .published
                    .as_deref()
                    .and_then(|p| parse_day(p.get(..10).unwrap_or(p)).ok()),
                id: doc.id,
                html: doc.format == dyad::ingest::Format::Html,
                text: doc.body,
            }),
            Err(f) if f.error.is_skip() => {
                eprintln!("dyad: {}: empty document, nothing to code", f.origin);
            }
            Err(f) => {
                eprintln!("dyad: skipped {f}");
                *errors += 1;
            }
        });
        return Ok(());
    }
    let text = match input::read_text(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("dyad: skipped {}: {e:#}", path.display());
            *errors += 1;
            return Ok(());
        }
    };
    let name = path.display().to_string();
    let jsonl = path.extension().is_some_and(|e| e == "jsonl")
        || (name == "-" && text.trim_start().starts_with('{'));
    if !jsonl {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "stdin".into());
        out.push(Doc {
            id: if name == "-" { "stdin".into() } else { id },
            day: None,
            html: dyad::ingest::source::looks_like_html(text.as_bytes()),
            text,
        });
        return Ok(());
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let where_ = format!("{name}:{}", i + 1);
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("dyad: skipped {where_}: not a JSON document ({e})");
                *errors += 1;
                continue;
            }
        };
        let body = v["raw"].as_str().or(v["text"].as_str());
        let Some(body) = body else {
            eprintln!("dyad: skipped {where_}: no \"raw\" or \"text\" field");
            *errors += 1;
            continue;
        };
        let id = match &v["id"] {
            Value::String(s) => s.clone(),
            Value::Null => format!("{name}:{}", i + 1),
            other => other.to_string(),
        };
        let day = match v["published"].as_str() {
            Some(d) => match parse_day(d.get(..10).unwrap_or(d)) {
                Ok(day) => Some(day),
                Err(_) => {
                    eprintln!(
                        "dyad: {where_}: document {id}: date {d:?} not understood, using the default date"
                    );
                    None
                }
            },
            None => None,
        };
        out.push(Doc {
            id,
            day,
            html: dyad::ingest::source::looks_like_html(body.as_bytes()),
            text: body.to_owned(),
        });
    }
    Ok(())
}

fn write_event(out: &mut impl std::io::Write, e: &Event, format: Format) -> std::io::Result<()> {
    let party = |p: &Option<dyad::events::Party>| -> (String, String, String) {
        match p {
            Some(p) => (
                p.key().unwrap_or("").to_owned(),
                p.code.clone(),
                p.entity.clone().unwrap_or_default(),
            ),
            None => Default::default(),
        }
    };
    let (sk, sc, se) = party(&e.source);
    let (tk, tc, te) = party(&e.target);
    let date = e.date.clone().unwrap_or_default();
    let goldstein = e.goldstein.map(|g| g.to_string()).unwrap_or_default();
    match format {
        Format::Jsonl => writeln!(
            out,
            "{}",
            serde_json::to_string(e).map_err(std::io::Error::other)?
        ),
        Format::Csv => {
            let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                q(&e.doc),
                date,
                q(&sk),
                q(&sc),
                q(&se),
                q(&tk),
                q(&tc),
                q(&te),
                e.cameo,
                e.quad_class,
                goldstein,
                q(&e.plover.kind),
                q(&e.evidence.rule),
            )
        }
        Format::Tsv => {
            let clean = |s: &str| s.replace(['\t', '\n'], " ");
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&e.doc),
                date.replace('-', ""),
                sk,
                sc,
                clean(&se),
                tk,
                tc,
                clean(&te),
                e.cameo,
                e.cameo.get(..2).unwrap_or(""),
                e.quad_class,
                goldstein,
                e.mentions,
                clean(&e.evidence.rule),
            )
        }
    }
}

const CSV_HEADER: &str = "doc,date,source,source_code,source_entity,target,target_code,target_entity,cameo,quad_class,goldstein,plover,rule";
const TSV_HEADER: &str = "doc\tSQLDATE\tActor1Key\tActor1Code\tActor1Entity\tActor2Key\tActor2Code\tActor2Entity\tEventCode\tEventRootCode\tQuadClass\tGoldsteinScale\tNumMentions\tRule";

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let nlp = args.opts.models.load()?;
    let kb = load_kb(&args.opts.kb)?;
    let resolver = Resolver::new(kb);
    let lex = args.opts.lexicon()?;
    let coder = Coder::new(&lex);
    let default_day = day_or_today(args.date.as_deref())?;
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let mut errors = 0;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let header = match args.format {
        Format::Jsonl => None,
        Format::Csv => Some(CSV_HEADER),
        Format::Tsv => Some(TSV_HEADER),
    };
    if let Some(h) = header {
        writeln!(out, "{h}")?;
    }
    for f in &files {
        let mut docs = Vec::new();
        read_docs(f, &mut docs, &mut errors)?;
        for d in docs {
            if d.text.trim().is_empty() {
                eprintln!("dyad: {}: empty document, nothing to code", d.id);
                continue;
            }
            let day = if args.force_date {
                default_day
            } else {
                d.day.unwrap_or(default_day)
            };
            let events = code_document(
                &d,
                day,
                !args.no_clean,
                args.opts.clean_threshold,
                nlp,
                &resolver,
                &coder,
            );
            for e in &events {
                if let Err(e) = write_event(&mut out, e, args.format) {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return Ok(ExitCode::SUCCESS);
                    }
                    return Err(e.into());
                }
            }
        }
    }
    out.flush().ok();
    Ok(if errors > 0 {
        eprintln!("dyad: {errors} document(s) skipped");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let nlp = args.opts.models.load()?;
    let kb = load_kb(&args.opts.kb)?;
    let resolver = Resolver::new(kb);
    let lex = args.opts.lexicon()?;
    let coder = Coder::new(&lex);
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
        let day = parse_day(g["published"].as_str().unwrap_or(""))
            .with_context(|| format!("{}:{}: document {id}", args.gold.display(), i + 1))?;
        let doc = Doc {
            id: id.clone(),
            day: None,
            html: dyad::ingest::source::looks_like_html(raw.as_bytes()),
            text: raw.to_owned(),
        };
        let events = code_document(
            &doc,
            day,
            !args.no_clean,
            args.opts.clean_threshold,
            nlp,
            &resolver,
            &coder,
        );
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
    let nlp = args.opts.models.load()?;
    let kb = load_kb(&args.opts.kb)?;
    let resolver = Resolver::new(kb);
    let lex = args.opts.lexicon()?;
    let coder = Coder::new(&lex);
    let day = day_or_today(args.date.as_deref())?;
    if args.text.trim().is_empty() {
        bail!("nothing to explain: the sentence is empty");
    }
    let mut doc = dyad::events::Document::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut lines: Vec<String> = Vec::new();
    dyad::pipeline::each_sentence_with_actors(&args.text, day, nlp, &resolver, |index, s, a, m| {
        lines.push(format!("# sentence {index}: {}", s.text));
        lines.push("# id\tform\tlemma\tupos\txpos\thead\tdeprel".into());
        for (i, t) in s.tokens.iter().enumerate() {
            lines.push(format!(
                "{}\t{}\t{}\t{:?}\t{}\t{}\t{}",
                i + 1,
                t.text,
                a.lemma(i),
                a.upos(i),
                a.xpos(i),
                a.head(i).map_or(0, |h| h + 1),
                a.deprel(i)
            ));
        }
        lines.push("# mentions".into());
        for x in m {
            lines.push(format!(
                "  {:?} {} {} {} {} — {}",
                x.text,
                match x.role {
                    dyad::actors::Role::Actor => "actor",
                    dyad::actors::Role::Place => "place",
                },
                x.actor.key().unwrap_or("-"),
                x.actor.sector.as_deref().unwrap_or("-"),
                x.actor.person.as_deref().unwrap_or("-"),
                x.reason.join("; ")
            ));
        }
        let before = doc.events.len();
        let mut trace = Vec::new();
        let input = dyad::events::Input {
            doc: "explain",
            index,
            sentence: s,
            analysis: a,
            mentions: m,
            day,
        };
        coder.sentence(&input, &mut doc, Some(&mut trace));
        lines.push("# patterns".into());
        if trace.is_empty() {
            lines.push("  no word of this sentence triggers a pattern".into());
        }
        for t in &trace {
            lines.push(format!(
                "  {:?} {} ({}): {}",
                t.word, t.rule, t.code, t.outcome
            ));
        }
        lines.push("# events".into());
        for e in &doc.events[before..] {
            lines.push(format!(
                "  {} -> {} {} {} ({}) date {} rule {}",
                e.source.as_ref().map_or("-", |p| p.code.as_str()),
                e.target.as_ref().map_or("-", |p| p.code.as_str()),
                e.cameo,
                e.cameo_name,
                e.plover.kind,
                e.date.as_deref().unwrap_or("-"),
                e.evidence.rule
            ));
        }
    });
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
    let nlp = opts.models.load()?;
    let kb = load_kb(&opts.kb)?;
    let resolver = Resolver::new(kb);
    let lex = opts.lexicon()?;
    let coder = Coder::new(&lex);
    let day = (2024, 6, 1);
    let (mut total, mut ok) = (0usize, 0usize);
    for p in lex.patterns() {
        if only_extra && p.file.starts_with("lexicon/") {
            continue;
        }
        total += 1;
        let events =
            dyad::pipeline::document_events("example", &p.example, day, nlp, &resolver, &coder);
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
