//! Command-line interface: one module per subcommand.

mod actors;
mod clean;
mod code;
mod export;
mod ingest;
mod input;
mod kb;
mod nlp;
mod parse;
mod query;
mod queue;
mod serve;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dyad: political event data from raw news.
#[derive(Debug, Parser)]
#[command(name = "dyad", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Tokenize, tag, lemmatize and parse raw text; print CoNLL-U.
    Parse(parse::Args),
    /// List the actors a text names, resolved (country, sector, person) with
    /// the reasons; or measure actor recall on a gold set.
    Actors(actors::Args),
    /// Inspect and evaluate the language models.
    #[command(subcommand)]
    Nlp(nlp::Command),
    /// Train the tagger, lemmatizer or parser on a CoNLL-U treebank.
    #[command(subcommand)]
    Train(train::Command),
    /// Build, check and measure the knowledge base.
    #[command(subcommand)]
    Kb(kb::Command),
    /// Keep the article of documents (text, HTML, JSONL): drop menus, ads,
    /// counters, credits, prompts and repeated captions.
    Clean(clean::Args),
    /// Code the events of documents (text, JSONL, gold files, directories).
    Code(code::Args),
    /// Read, clean, code and store documents in a database (SQLite, or
    /// PostgreSQL shared by many processes); a document already stored is
    /// not stored again.
    Ingest(ingest::Args),
    /// Publish documents in batches to a NATS JetStream work queue, for
    /// `dyad work` processes to code.
    Enqueue(queue::EnqueueArgs),
    /// Code and store batches from a NATS JetStream work queue (any number
    /// of workers on any machines; each batch acked once stored).
    Work(queue::WorkArgs),
    /// Write the stored events that match filters (actor, dyad, code,
    /// dates, place, text).
    Query(query::Args),
    /// Serve the database: a JSON API under /api/ and a dashboard at /.
    Serve(serve::Args),
    /// Write the stored events (filtered as by `query`) into a directory:
    /// JSONL, CSV, GDELT 2.0 Events and Mentions TSV, or Parquet
    /// partitioned by date.
    Export(export::Args),
    /// Code a gold set and score it (the metric of ../shared/eval/README.md).
    Eval(code::EvalArgs),
    /// Show how a sentence is read: tokens, tree, mentions, patterns, events.
    Explain(code::ExplainArgs),
    /// Check the event lexicon: files parse, examples code.
    #[command(subcommand)]
    Lexicon(code::LexiconCommand),
    /// Build the CAMEO/PLOVER table from the reference tables.
    #[command(subcommand)]
    Ontology(code::OntologyCommand),
}

/// Options shared by commands that use the language models.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Load models from this directory (written by `dyad train`) instead
    /// of the built-in ones.
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
}

impl ModelArgs {
    /// The models to use.
    pub fn load(&self) -> anyhow::Result<&'static dyad::nlp::Nlp> {
        match &self.models {
            // Models live for the whole run; leaking gives them the same
            // lifetime as the built-in ones.
            Some(dir) => Ok(Box::leak(Box::new(dyad::nlp::Nlp::load_dir(dir)?))),
            None => Ok(dyad::nlp::Nlp::builtin()?),
        }
    }
}

/// Runs a parsed command line.
/// How a batch command ends: 1 when any document failed (each was
/// reported and the rest of the batch went on), else 0.
fn exit_code(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Parse(a) => parse::run(a),
        Command::Actors(a) => actors::run(a),
        Command::Nlp(c) => nlp::run(c),
        Command::Train(c) => train::run(c),
        Command::Kb(c) => kb::run(c),
        Command::Clean(a) => clean::run(a),
        Command::Code(a) => code::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Query(a) => query::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Enqueue(a) => queue::enqueue(a),
        Command::Work(a) => queue::work(a),
        Command::Export(a) => export::run(a),
        Command::Eval(a) => code::eval(a),
        Command::Explain(a) => code::explain(a),
        Command::Ontology(c) => code::ontology(c),
        Command::Lexicon(c) => code::lexicon(c),
    }
}
