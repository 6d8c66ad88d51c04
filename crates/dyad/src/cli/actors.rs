//! `dyad actors`: every actor a document names, resolved, with reasons;
//! and, with `--gold`, actor recall on a gold set.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use dyad::actors::{Mention, Resolver, Role};
use dyad::kb::{Day, Kb, PartialDate};

use super::{ModelArgs, input};

/// Arguments of `dyad actors`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text file; `-` or nothing for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    file: PathBuf,
    /// The document's date (YYYY-MM-DD): offices are looked up on it.
    /// Defaults to today.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// One JSON object per mention instead of a table.
    #[arg(long)]
    json: bool,
    /// Extra knowledge-base files (the format of docs/KB.md); their
    /// entries add to and override the built-in ones.
    #[arg(long, value_name = "FILE")]
    kb: Vec<PathBuf>,
    /// Measure actor recall on a gold file (../shared/eval/*/gold.jsonl)
    /// instead of listing mentions.
    #[arg(long, value_name = "GOLD")]
    gold: Option<PathBuf>,
    /// With --gold: list every missed actor.
    #[arg(long)]
    verbose: bool,
    #[command(flatten)]
    models: ModelArgs,
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_day(s: &str) -> anyhow::Result<Day> {
    match PartialDate::parse(s) {
        Some(d) if d.day.is_some() => Ok(d.first_day()),
        _ => bail!("{s:?} is not a date of the form YYYY-MM-DD"),
    }
}

/// The `--date` given, else today.
pub fn day_or_today(date: Option<&str>) -> anyhow::Result<Day> {
    date.map_or_else(|| Ok(dyad::kb::date::today()), parse_day)
}

/// The built-in knowledge base, plus the user's files.
pub fn load_kb(extra: &[PathBuf]) -> anyhow::Result<&'static Kb> {
    if extra.is_empty() {
        return Ok(Kb::builtin()?);
    }
    let mut files = Vec::new();
    for p in extra {
        let text = input::read_text(p)?;
        files.push((p.display().to_string(), text));
    }
    // Lives for the run, like the built-in one.
    Ok(Box::leak(Box::new(Kb::with_extra(&files)?)))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let nlp = args.models.load()?;
    let kb = load_kb(&args.kb)?;
    let resolver = Resolver::new(kb);
    if let Some(gold) = &args.gold {
        return eval(gold, &resolver, nlp, args.verbose);
    }
    let day = day_or_today(args.date.as_deref())?;
    let text = input::read_text(&args.file)?;
    let mentions = dyad::pipeline::document_actors(&text, day, nlp, &resolver);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for m in &mentions {
        let r = if args.json {
            writeln!(out, "{}", serde_json::to_string(m)?)
        } else {
            writeln!(out, "{}", table_row(m))
        };
        if let Err(e) = r {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e.into());
        }
    }
    out.flush().ok();
    Ok(ExitCode::SUCCESS)
}

fn table_row(m: &Mention) -> String {
    let a = &m.actor;
    let role = match m.role {
        Role::Actor => "actor",
        Role::Place => "place",
    };
    format!(
        "{}:{}-{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        m.sentence,
        m.span[0],
        m.span[1],
        m.text,
        role,
        a.key().unwrap_or("-"),
        a.sector.as_deref().unwrap_or("-"),
        a.person.as_deref().unwrap_or("-"),
        a.code(),
        m.reason.join("; "),
    )
}

/// Actor recall on a gold set: for every required gold event, each actor
/// with a key must be found as a mention with that key inside the event's
/// evidence (strict), or inside the sentences the evidence lies in (gold
/// evidence is often a fragment that leaves the actor out: "Nato's
/// secretary general Jens Stoltenberg" for Blinken speaking to him).
fn eval(
    gold: &Path,
    resolver: &Resolver<'_>,
    nlp: &dyad::nlp::Nlp,
    verbose: bool,
) -> anyhow::Result<ExitCode> {
    let text = input::read_text(gold)?;
    let (mut total, mut found, mut sector_total, mut sector_same) =
        (0usize, 0usize, 0usize, 0usize);
    let mut found_sentence = 0usize;
    let mut found_place = 0usize;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", gold.display(), i + 1))?;
        let id = doc["id"].as_str().unwrap_or("?");
        let raw = doc["raw"].as_str().unwrap_or("");
        let day = parse_day(doc["published"].as_str().unwrap_or(""))
            .with_context(|| format!("{}:{}: document {id}", gold.display(), i + 1))?;
        let mentions = dyad::pipeline::document_actors(raw, day, nlp, resolver);
        let sentences: Vec<(usize, usize)> = dyad::text::sentences(raw)
            .iter()
            .filter(|s| !s.tokens.is_empty())
            .map(|s| (s.start, s.end))
            .collect();
        for ev in doc["events"].as_array().into_iter().flatten() {
            if ev["optional"].as_bool() == Some(true) {
                continue;
            }
            let evidence = ev["evidence"].as_str().unwrap_or("");
            let Some(at) = raw.find(evidence) else {
                continue;
            };
            let range = (at, at + evidence.len());
            for side in ["source", "target"] {
                let g = &ev[side];
                let Some(key) = g["org"].as_str().or(g["country"].as_str()) else {
                    continue;
                };
                total += 1;
                let in_sentence = mentions.iter().any(|m| {
                    m.role == Role::Actor
                        && m.actor.key() == Some(key)
                        && sentences
                            .get(m.sentence)
                            .is_some_and(|&(a, b)| a < range.1 && range.0 < b)
                });
                found_sentence += in_sentence as usize;
                let mut hits = mentions.iter().filter(|m| {
                    m.role == Role::Actor
                        && m.span[0] < range.1
                        && range.0 < m.span[1]
                        && m.actor.key() == Some(key)
                });
                match hits.next() {
                    Some(m) => {
                        found += 1;
                        if let Some(s) = g["sector"].as_str() {
                            sector_total += 1;
                            // Of several mentions with the key, one with the
                            // gold sector agrees.
                            let same = m.actor.sector.as_deref() == Some(s)
                                || hits.any(|m| m.actor.sector.as_deref() == Some(s));
                            sector_same += same as usize;
                            if !same && verbose {
                                println!(
                                    "sector\t{id}\t{side}\t{key}\t{s}\t{}\t{}",
                                    m.actor.sector.as_deref().unwrap_or("-"),
                                    m.text
                                );
                            }
                        }
                    }
                    None => {
                        // A place mention of the key ("aid to Yemen").
                        let place = mentions.iter().any(|m| {
                            m.role == Role::Place
                                && m.span[0] < range.1
                                && range.0 < m.span[1]
                                && m.actor.key() == Some(key)
                        });
                        found_place += place as usize;
                        if verbose {
                            println!(
                                "miss\t{id}\t{side}\t{key}{}\t{}",
                                if place { " (as a place)" } else { "" },
                                evidence.chars().take(90).collect::<String>()
                            );
                        }
                    }
                }
            }
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "actor recall {:.3} ({found}/{total}) inside the evidence, {:.3} ({}/{total}) counting place mentions, {:.3} ({found_sentence}/{total}) in its sentences; sector agreement {:.3} ({sector_same}/{sector_total})",
        pct(found, total),
        pct(found + found_place, total),
        found + found_place,
        pct(found_sentence, total),
        pct(sector_same, sector_total)
    );
    Ok(ExitCode::SUCCESS)
}
