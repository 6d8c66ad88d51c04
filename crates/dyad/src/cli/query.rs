//! `dyad query`: events from a store, filtered.
//!
//! The options become a [`dyad_store::Filter`], which the store checks
//! (a malformed date is an error naming the option, not an empty answer)
//! and turns into parameterised SQL.

use std::io::Write as _;
use std::process::ExitCode;

use dyad_store::Filter;

/// Output formats of `dyad query`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One JSON event a line.
    Jsonl,
    /// Comma-separated, one event a row, with a header.
    Csv,
}

/// Arguments of `dyad query`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database written by `dyad ingest` or `dyad work`: a SQLite
    /// file or a PostgreSQL URL (`postgres://user@host/db`).
    #[arg(long, value_name = "FILE|URL", default_value = "dyad.db")]
    db: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Which events: the filters of `dyad query` and `dyad export`.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// An actor on either side: country (USA), organisation (NATO),
    /// actor code (USAGOV) or person (Antony Blinken). Repeat to require
    /// several.
    #[arg(long, value_name = "ACTOR")]
    actor: Vec<String>,
    /// The source (with --target: a dyad; either way round for
    /// symmetric events).
    #[arg(long, value_name = "ACTOR")]
    source: Option<String>,
    /// The target.
    #[arg(long, value_name = "ACTOR")]
    target: Option<String>,
    /// A CAMEO code or root: 19 matches 190-196, 193 only 193.
    #[arg(long, value_name = "CODE")]
    cameo: Option<String>,
    /// A PLOVER event type (ASSAULT, CONSULT...).
    #[arg(long, value_name = "TYPE")]
    plover: Option<String>,
    /// A quad class: 1 verbal cooperation, 2 material cooperation, 3
    /// verbal conflict, 4 material conflict.
    #[arg(long, value_name = "N")]
    quad: Option<u8>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// A place: words of its name, or its country code.
    #[arg(long, value_name = "PLACE")]
    place: Option<String>,
    /// Words a sentence reporting the event contains.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
}

impl FilterArgs {
    /// The store's filter, checked: a bad value is the user's to fix,
    /// whatever the database holds, so this runs before opening it.
    pub fn filter(self) -> anyhow::Result<Filter> {
        let filter = Filter {
            actors: self.actor,
            source: self.source,
            target: self.target,
            cameo: self.cameo,
            plover: self.plover,
            quad_class: self.quad,
            from: self.from,
            to: self.to,
            place: self.place,
            text: self.text,
            limit: self.limit,
            offset: None,
        };
        filter.validate()?;
        Ok(filter)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = args.filter.filter()?;
    let mut store = dyad_store::open_existing(&args.db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Format::Csv = args.format {
        writeln!(out, "{}", dyad_export::csv::EVENTS_HEADER)?;
    }
    let result = store.query(&filter, &mut |e| match args.format {
        Format::Jsonl => dyad_export::write_jsonl(&mut out, e),
        Format::Csv => dyad_export::csv::write_event(&mut out, e),
    });
    match result {
        Ok(_) => {}
        Err(dyad_store::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => return Err(e.into()),
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
