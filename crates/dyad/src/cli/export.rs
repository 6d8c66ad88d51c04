//! `dyad export`: stored events into files other tools read: JSONL, CSV,
//! GDELT 2.0 Events and Mentions TSV, Hive-partitioned Parquet
//! (`docs/EXPORT.md`). The filters are those of `dyad query`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::query::FilterArgs;

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// `events.jsonl` (the lines of `dyad query`) and `mentions.jsonl`.
    Jsonl,
    /// `events.csv` (the CSV of `dyad query`) and `mentions.csv`.
    Csv,
    /// GDELT 2.0 `events.tsv` (61 columns) and `mentions.tsv` (16), no header.
    Gdelt,
    /// `date=YYYY-MM-DD/part-0.parquet`, events with their mentions nested.
    Parquet,
}

/// Arguments of `dyad export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database written by `dyad ingest` or `dyad work`: a SQLite
    /// file or a PostgreSQL URL (`postgres://user@host/db`).
    #[arg(long, value_name = "FILE|URL", default_value = "dyad.db")]
    db: String,
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    /// The directory to write into: created if missing, else it must be
    /// empty.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    filter: FilterArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = args.filter.filter()?;
    let mut store = dyad_store::open_existing(&args.db)?;
    let format = match args.format {
        Format::Jsonl => dyad_export::Format::Jsonl,
        Format::Csv => dyad_export::Format::Csv,
        Format::Gdelt => dyad_export::Format::Gdelt,
        Format::Parquet => dyad_export::Format::Parquet,
    };
    let started = std::time::Instant::now();
    let summary = dyad_export::export(store.as_mut(), &filter, format, &args.out)?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "dyad: export: {} events, {} mentions, {} files, {} bytes in {} in {seconds:.2} s ({:.0} events/s)",
        summary.events,
        summary.mentions,
        summary.files.len(),
        summary.bytes(),
        args.out.display(),
        summary.events as f64 / seconds.max(1e-9),
    );
    Ok(ExitCode::SUCCESS)
}
