//! `dyad nlp`: evaluate and describe the language models.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dyad::nlp::{conllu, eval};

use super::ModelArgs;

/// Subcommands of `dyad nlp`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Score the models on a CoNLL-U file's own tokenization: UPOS, XPOS,
    /// lemma, UAS, LAS (CoNLL 2018: universal relations), speed.
    Eval {
        /// Gold CoNLL-U file.
        #[arg(long, value_name = "FILE")]
        conllu: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Apply the news repairs (`dyad_nlp::repair`) after parsing, as
        /// `dyad code` does.
        #[arg(long)]
        repair: bool,
        #[command(flatten)]
        models: ModelArgs,
    },
    /// Describe the models: sizes and load time.
    Info {
        #[command(flatten)]
        models: ModelArgs,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Eval {
            conllu: path,
            json,
            repair,
            models,
        } => {
            let gold = conllu::read_file(&path)?;
            let nlp = models.load()?;
            let s = eval::evaluate_with(nlp, &gold, repair);
            if json {
                println!("{}", serde_json::to_string(&s)?);
            } else {
                println!("file        {}", path.display());
                println!("sentences   {}", s.sentences);
                println!("tokens      {}", s.tokens);
                println!("UPOS        {:.2}%", 100.0 * s.upos);
                println!("XPOS        {:.2}%", 100.0 * s.xpos);
                println!("lemma       {:.2}%", 100.0 * s.lemma);
                println!("UAS         {:.2}%", 100.0 * s.uas);
                println!("LAS         {:.2}%", 100.0 * s.las);
                println!("LAS (full)  {:.2}%", 100.0 * s.las_full);
                println!("seconds     {:.3}", s.seconds);
                println!("tokens/s    {:.0}", s.tokens_per_second());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Info { models } => {
            let t = Instant::now();
            let nlp = models.load()?;
            let load = t.elapsed();
            let (moves, labels) = nlp.parser.n_features();
            let (rules, exceptions) = nlp.lemmatizer.size();
            println!("load time          {:.1} ms", load.as_secs_f64() * 1e3);
            println!("tagger features    {}", nlp.tagger.n_features());
            println!("parser features    {moves} (moves), {labels} (labels)");
            println!("lemma rules        {rules}, exceptions {exceptions}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
