//! `dyad serve`: the JSON API and the dashboard over a database written by
//! `dyad ingest` (`dyad::serve`).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use dyad::events::Lexicon;

use super::code::{CodeOpts, engine};

/// Arguments of `dyad serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database written by `dyad ingest` (opened read-only).
    #[arg(long, value_name = "FILE", default_value = "dyad.db")]
    db: PathBuf,
    /// The port to listen on (0: any free port, printed at start).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    port: u16,
    /// The address to listen on. The default answers this machine only;
    /// `0.0.0.0` answers the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Turn on `POST /api/code` and `/api/explain`: code pasted articles
    /// (nothing is stored).
    #[arg(long)]
    allow_code: bool,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, value_name = "S", default_value_t = 30)]
    timeout: u64,
    #[command(flatten)]
    opts: CodeOpts,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let engine = if args.allow_code {
        // The server runs until stopped: the lexicon lives as long.
        let lex: &'static Lexicon = Box::leak(Box::new(args.opts.lexicon()?));
        Some(engine(&args.opts, lex, true, dyad::kb::date::today())?)
    } else {
        None
    };
    let config = dyad::serve::Config {
        db: args.db,
        addr: SocketAddr::new(args.bind, args.port),
        timeout: Duration::from_secs(args.timeout.max(1)),
        engine,
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(dyad::serve::run(config))?;
    Ok(ExitCode::SUCCESS)
}
