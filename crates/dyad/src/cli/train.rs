//! `dyad train`: train the tagger, lemmatizer and parser on a treebank.
//!
//! Training is deterministic: the same files and seed give byte-identical
//! model files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dyad::nlp::model::{self, Meta, ModelFile};
use dyad::nlp::{Nlp, conllu, parser, tagger, train};

/// Subcommands of `dyad train`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Train the part-of-speech tagger (and the lemmatizer, from the same data).
    Tagger(Common),
    /// Train the dependency parser on jackknifed tags.
    Parser {
        #[command(flatten)]
        common: Common,
        /// Folds for jackknifed training tags; 0 trains on gold tags.
        #[arg(long, default_value_t = 5)]
        jackknife: usize,
        /// Tagger epochs for the jackknife folds.
        #[arg(long, default_value_t = 10)]
        tagger_epochs: usize,
        /// Like --prune, for the labeller's rows (default 6).
        #[arg(long, value_name = "N")]
        prune_labels: Option<u32>,
        /// Folds for training the right-to-left guide parser whose trees
        /// the parser reads as features; 0 trains no guide (default 5).
        #[arg(long, value_name = "K")]
        guide_folds: Option<usize>,
    },
    /// Train only the lemmatizer.
    Lemmatizer(Common),
}

/// Options every trainer takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Training treebank (CoNLL-U).
    #[arg(long, value_name = "FILE")]
    train: PathBuf,
    /// Development treebank, scored after every epoch.
    #[arg(long, value_name = "FILE")]
    dev: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long)]
    epochs: Option<usize>,
    /// Drop feature rows that took part in fewer updates than this (smaller,
    /// faster models; defaults: tagger 8, parser 6).
    #[arg(long, value_name = "N")]
    prune: Option<u32>,
    /// Random seed (shuffling, exploration).
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Directory to write the model files to.
    #[arg(long, value_name = "DIR", default_value = "models")]
    out: PathBuf,
}

impl Common {
    fn load(&self) -> anyhow::Result<(Vec<conllu::Sentence>, Vec<conllu::Sentence>)> {
        let train = conllu::read_file(&self.train)?;
        let dev = match &self.dev {
            Some(d) => conllu::read_file(d)?,
            None => Vec::new(),
        };
        std::fs::create_dir_all(&self.out)
            .with_context(|| format!("{}: cannot create", self.out.display()))?;
        eprintln!(
            "read {} training and {} dev sentences",
            train.len(),
            dev.len()
        );
        Ok((train, dev))
    }

    fn meta(
        &self,
        kind: &str,
        sentences: usize,
        epochs: usize,
        dev_score: f64,
        notes: String,
    ) -> Meta {
        Meta {
            kind: kind.into(),
            trained_on: file_name(&self.train),
            sentences,
            epochs,
            seed: self.seed,
            dev_score,
            notes,
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn log(line: &str) {
    eprintln!("{line}");
}

fn write_lemmatizer(c: &Common, train_set: &[conllu::Sentence]) -> anyhow::Result<()> {
    let lem = train::train_lemmatizer(train_set);
    for (name, text) in [
        (model::LEMMA_RULES_FILE, lem.rules_tsv()),
        (model::LEMMA_EXCEPTIONS_FILE, lem.exceptions_tsv()),
    ] {
        let path = c.out.join(name);
        std::fs::write(&path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let (r, e) = lem.size();
    eprintln!("lemmatizer: {r} rules, {e} exceptions");
    Ok(())
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Tagger(c) => {
            let (train_set, dev) = c.load()?;
            let defaults = tagger::TrainConfig::default();
            let cfg = tagger::TrainConfig {
                epochs: c.epochs.unwrap_or(defaults.epochs),
                seed: c.seed,
                prune: c.prune.unwrap_or(defaults.prune),
                ..defaults
            };
            let (t, score) = train::train_tagger(&train_set, &dev, &cfg, &mut log);
            let file = ModelFile {
                version: model::FORMAT_VERSION,
                meta: c.meta("tagger", train_set.len(), cfg.epochs, score, String::new()),
                model: t.to_stored(),
            };
            let path = c.out.join(model::TAGGER_FILE);
            model::save(&file, &path)?;
            eprintln!("wrote {} ({} features)", path.display(), t.n_features());
            write_lemmatizer(&c, &train_set)?;
        }
        Command::Lemmatizer(c) => {
            let (train_set, _) = c.load()?;
            write_lemmatizer(&c, &train_set)?;
        }
        Command::Parser {
            common: c,
            jackknife,
            tagger_epochs,
            prune_labels,
            guide_folds,
        } => {
            let (train_set, dev) = c.load()?;
            // The run-time tagger: the one just trained into --out, else the
            // built-in one. Training tags are expressed in its inventory.
            let tagger_path = c.out.join(model::TAGGER_FILE);
            let tagger = if tagger_path.exists() {
                let f: model::TaggerFile = model::load(&tagger_path)?;
                dyad::nlp::Tagger::from_stored(&f.model)
                    .context("the tagger file is inconsistent")?
            } else {
                Nlp::builtin()?.tagger.clone()
            };
            let tags = if jackknife == 0 {
                train::gold_tags(&tagger, &train_set)
            } else {
                let cfg = tagger::TrainConfig {
                    epochs: tagger_epochs,
                    seed: c.seed,
                    ..Default::default()
                };
                train::jackknife_tags(&train_set, jackknife, &cfg, &tagger, &mut log)
            };
            let examples = train::parse_examples(&train_set, tags, &tagger);
            let dev_examples =
                train::parse_examples(&dev, train::predicted_tags(&tagger, &dev), &tagger);
            let defaults = parser::TrainConfig::default();
            let cfg = parser::TrainConfig {
                epochs: c.epochs.unwrap_or(defaults.epochs),
                seed: c.seed,
                prune: c.prune.unwrap_or(defaults.prune),
                prune_labels: prune_labels.unwrap_or(defaults.prune_labels),
                guide_folds: guide_folds.unwrap_or(defaults.guide_folds),
                ..defaults
            };
            let (p, score) = train::train_parser(&examples, &dev_examples, &tagger, &cfg, &mut log);
            let mut notes = if jackknife == 0 {
                "gold training tags".to_owned()
            } else {
                format!("{jackknife}-fold jackknifed training tags, {tagger_epochs} tagger epochs")
            };
            if cfg.guide_folds > 1 {
                notes += &format!(
                    "; right-to-left guide parser, {}-fold stacked",
                    cfg.guide_folds
                );
            }
            let file = ModelFile {
                version: model::FORMAT_VERSION,
                meta: c.meta("parser", train_set.len(), cfg.epochs, score, notes),
                model: p.to_stored(),
            };
            let path = c.out.join(model::PARSER_FILE);
            model::save(&file, &path)?;
            let (m, l) = p.n_features();
            eprintln!(
                "wrote {} ({m} move features, {l} label features)",
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
