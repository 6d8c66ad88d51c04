//! `dyad query`: events from a store, filtered.
//!
//! The options become a [`dyad_store::Filter`], which the store checks
//! (a malformed date is an error naming the option, not an empty answer)
//! and turns into parameterised SQL.

use std::io::Write as _;
use std::process::ExitCode;

use dyad_store::{Filter, StoredEvent};

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

const CSV_HEADER: &str = "key,date,source,source_code,source_entity,target,target_code,target_entity,cameo,cameo_name,quad_class,goldstein,plover,place,mentions,documents,sources,first_seen,last_seen,doc,sentence,text";

fn write_csv(out: &mut impl std::io::Write, e: &StoredEvent) -> std::io::Result<()> {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let party = |p: &Option<dyad::events::Party>| match p {
        Some(p) => (
            p.key().unwrap_or("").to_owned(),
            p.code.clone(),
            p.entity.clone().unwrap_or_default(),
        ),
        None => Default::default(),
    };
    let (sk, sc, se) = party(&e.source);
    let (tk, tc, te) = party(&e.target);
    writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        e.key,
        e.date,
        q(&sk),
        q(&sc),
        q(&se),
        q(&tk),
        q(&tc),
        q(&te),
        e.cameo,
        q(&e.cameo_name),
        e.quad_class,
        e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        q(&e.plover.kind),
        q(e.location.as_ref().map_or("", |l| l.text.as_str())),
        e.mentions,
        e.documents,
        e.sources,
        e.first_seen,
        e.last_seen,
        q(&e.doc),
        e.sentence,
        q(&e.text),
    )
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = Filter {
        actors: args.actor,
        source: args.source,
        target: args.target,
        cameo: args.cameo,
        plover: args.plover,
        quad_class: args.quad,
        from: args.from,
        to: args.to,
        place: args.place,
        text: args.text,
        limit: args.limit,
        offset: None,
    };
    // Before opening: a bad filter is the user's to fix, whatever the
    // database holds.
    filter.validate()?;
    let mut store = dyad_store::open_existing(&args.db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Format::Csv = args.format {
        writeln!(out, "{CSV_HEADER}")?;
    }
    let result = store.query(&filter, &mut |e| match args.format {
        Format::Jsonl => writeln!(
            out,
            "{}",
            serde_json::to_string(e).map_err(std::io::Error::other)?
        ),
        Format::Csv => write_csv(&mut out, e),
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
