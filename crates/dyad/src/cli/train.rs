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
    /// Import a Brown word clustering for the tagger and the parser
    /// (`clusters.tsv`; `train tagger` stores it in its model).
    Clusters(ClusterArgs),
    /// Train the flattened-text boilerplate cleaner on labelled pages and
    /// report its k-fold token F1.
    Cleaner(CleanerArgs),
}

/// Options of `dyad train clusters`.
#[derive(Debug, clap::Args)]
pub struct ClusterArgs {
    /// A Brown clustering as a JSON object from word to packed path (first
    /// branch in the lowest bit, 0 for none), most frequent word first,
    /// gzipped or not: `spacy_lookups_data/data/en_lexeme_cluster.json.gz`
    /// from the `spacy-lookups-data` wheel (MIT).
    #[arg(long, value_name = "FILE")]
    brown: PathBuf,
    /// Directory to write `clusters.tsv` to.
    #[arg(long, value_name = "DIR", default_value = "models")]
    out: PathBuf,
}

/// The (word, path) pairs of a JSON object, in the file's order (which is
/// by frequency, and decides which spelling of a lower-cased word counts).
fn read_brown(path: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    struct Pairs(Vec<(String, u64)>);
    impl<'de> serde::Deserialize<'de> for Pairs {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Pairs;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object from words to cluster paths")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut m: A,
                ) -> Result<Pairs, A::Error> {
                    let mut out = Vec::new();
                    while let Some(pair) = m.next_entry::<String, u64>()? {
                        out.push(pair);
                    }
                    Ok(Pairs(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut reader: Box<dyn std::io::Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .with_context(|| path.display().to_string())?;
    let Pairs(pairs) = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a JSON object of word clusters", path.display()))?;
    Ok(pairs)
}

fn train_clusters(a: ClusterArgs) -> anyhow::Result<ExitCode> {
    let pairs = read_brown(&a.brown)?;
    let n = pairs.len();
    let c = dyad::nlp::cluster::Clusters::from_brown(pairs);
    let leaves = c.sizes.last().copied().unwrap_or(0);
    anyhow::ensure!(
        leaves > 0 && leaves <= 1 << 16,
        "{}: {leaves} clusters; dyad keeps between 1 and 65,536",
        a.brown.display()
    );
    let header = format!(
        "Word clusters of dyad's tagger and parser (dyad-nlp cluster): a Brown clustering.\n\
         Written by `dyad train clusters --brown {}` ({n} words, {} with a cluster); do not edit by hand.\n\
         Format: `word<TAB>6-bit prefix<TAB>10-bit prefix<TAB>leaf`, most frequent word first.",
        file_name(&a.brown),
        c.words.len()
    );
    std::fs::create_dir_all(&a.out)?;
    let path = a.out.join(model::CLUSTERS_FILE);
    std::fs::write(&path, c.to_tsv(&header)).with_context(|| path.display().to_string())?;
    eprintln!(
        "wrote {} ({} words, {leaves} clusters)",
        path.display(),
        c.words.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Options of `dyad train cleaner`.
#[derive(Debug, clap::Args)]
pub struct CleanerArgs {
    /// Directory of labelled pages: `ground-truth.json`
    /// (`{id: {"articleBody": …}}`) and `text/<id>.txt`
    /// (e.g. ../shared/eval/extraction/l3s-gn1-text).
    #[arg(long, value_name = "DIR")]
    pages: PathBuf,
    /// Folds of the cross-validation reported before training on every
    /// page; 0 skips it.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Passes over the data.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Weights file to write.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "crates/dyad-ingest/data/clean-text.tsv"
    )]
    out: PathBuf,
}

fn train_cleaner(a: CleanerArgs) -> anyhow::Result<ExitCode> {
    use dyad::ingest::clean::train as ct;
    let gt_path = a.pages.join("ground-truth.json");
    let gt: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&gt_path).with_context(|| gt_path.display().to_string())?,
    )
    .with_context(|| format!("{}: not JSON", gt_path.display()))?;
    let obj = gt
        .as_object()
        .with_context(|| format!("{}: not a JSON object", gt_path.display()))?;
    let mut ids: Vec<&String> = obj.keys().collect();
    ids.sort();
    let mut pages = Vec::new();
    for id in ids {
        let p = a.pages.join("text").join(format!("{id}.txt"));
        let text = std::fs::read_to_string(&p).with_context(|| p.display().to_string())?;
        let gold = obj[id]["articleBody"].as_str().unwrap_or("").to_owned();
        pages.push(ct::Page {
            id: id.clone(),
            text,
            gold,
        });
    }
    eprintln!("read {} labelled pages", pages.len());
    let opts = ct::Options {
        epochs: a.epochs,
        ..ct::Options::default()
    };
    let mut summary = String::new();
    if a.folds >= 2 {
        let cv = ct::cross_validate(&pages, a.folds, &opts);
        for (i, (s, t)) in cv.folds.iter().enumerate() {
            eprintln!(
                "fold {}: P={:.3} R={:.3} F1={:.3} ({} pages, threshold {t})",
                i + 1,
                s.precision,
                s.recall,
                s.f1,
                s.pages
            );
        }
        let o = cv.overall;
        summary = format!(
            "{}-fold token F1 on unseen pages: {:.3} (P {:.3}, R {:.3}); label ceiling {:.3}",
            a.folds, o.f1, o.precision, o.recall, cv.oracle.f1
        );
        eprintln!("{summary}");
    }
    let model = ct::train(&pages, &opts);
    let header = format!(
        "Weights of dyad's flattened-text boilerplate cleaner (dyad-ingest clean::text).\n\
         Written by `dyad train cleaner --pages DIR` from {} labelled pages; do not edit by hand.\n\
         {summary}\n\
         Format: `threshold<TAB>p`, then `stage1|stage2<TAB>feature<TAB>weight` (logistic regression).",
        pages.len()
    );
    std::fs::write(&a.out, model.to_tsv(&header)).with_context(|| a.out.display().to_string())?;
    eprintln!(
        "wrote {} ({} + {} weights, threshold {})",
        a.out.display(),
        model.stage1.len(),
        model.stage2.len(),
        model.threshold
    );
    Ok(ExitCode::SUCCESS)
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
        Command::Cleaner(a) => return train_cleaner(a),
        Command::Clusters(a) => return train_clusters(a),
        Command::Tagger(c) => {
            let (train_set, dev) = c.load()?;
            let defaults = tagger::TrainConfig::default();
            // Word clusters, when `dyad train clusters` wrote them here.
            let cluster_path = c.out.join(model::CLUSTERS_FILE);
            let clusters = if cluster_path.exists() {
                let text = std::fs::read_to_string(&cluster_path)
                    .with_context(|| cluster_path.display().to_string())?;
                let cl = dyad::nlp::cluster::Clusters::from_tsv(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", cluster_path.display()))?;
                eprintln!("read {} clustered words", cl.words.len());
                cl.packed()
            } else {
                Vec::new()
            };
            let cfg = tagger::TrainConfig {
                epochs: c.epochs.unwrap_or(defaults.epochs),
                seed: c.seed,
                prune: c.prune.unwrap_or(defaults.prune),
                clusters,
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
                    clusters: tagger.cluster_table(),
                    ..Default::default()
                };
                train::jackknife_tags(&train_set, jackknife, &cfg, &tagger, &mut log)
            };
            // The parser reads the tagger's word clusters, if it has any.
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
