//! Training end to end, on data small enough to run in every test pass:
//!
//! * a tagger, parser and lemmatizer trained on a handful of sentences
//!   written for this test learn them;
//! * training is deterministic (same data and seed, byte-identical files);
//! * model files round-trip, and broken ones give a `ModelError`, never a
//!   panic; damaged ones never crash the loader or the analysis;
//! * every analysis is a tree with one root, also for runs of punctuation;
//! * with `../shared` present, a slice of UD English EWT train is learned
//!   too (skipped with a message otherwise).
//!
//! The tiny treebank below is our own writing, annotated by hand in the UD
//! English EWT style. What matters for these tests is that it is
//! consistent, not that every relation is the one a UD expert would pick.

use std::io::Write as _;
use std::path::Path;

use dyad_nlp::conllu::{self, Sentence};
use dyad_nlp::model::{self, Meta, ModelFile, ParserFile, TaggerFile};
use dyad_nlp::parser::{self, Parser, Tree};
use dyad_nlp::tagger::{self, Tagger};
use dyad_nlp::{Analysis, Lemmatizer, ModelError, Nlp, Scratch, eval, train};

/// Prints past the test harness's output capture.
fn report(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Sixteen short sentences, one word per line as
/// `id form lemma upos xpos head deprel`, sentences separated by blank
/// lines. Converted to CoNLL-U by [`tiny_conllu`].
const TINY: &str = "\
1 The the DET DT 2 det
2 minister minister NOUN NN 3 nsubj
3 called call VERB VBD 0 root
4 the the DET DT 5 det
5 ambassador ambassador NOUN NN 3 obj
6 . . PUNCT . 3 punct

1 Rebels rebel NOUN NNS 2 nsubj
2 attacked attack VERB VBD 0 root
3 a a DET DT 4 det
4 convoy convoy NOUN NN 2 obj
5 near near ADP IN 7 case
6 the the DET DT 7 det
7 border border NOUN NN 2 obl
8 . . PUNCT . 2 punct

1 Police police NOUN NNS 2 nsubj
2 arrested arrest VERB VBD 0 root
3 three three NUM CD 4 nummod
4 protesters protester NOUN NNS 2 obj
5 on on ADP IN 6 case
6 Friday Friday PROPN NNP 2 obl
7 . . PUNCT . 2 punct

1 The the DET DT 2 det
2 government government NOUN NN 3 nsubj
3 denied deny VERB VBD 0 root
4 the the DET DT 5 det
5 report report NOUN NN 3 obj
6 . . PUNCT . 3 punct

1 Leaders leader NOUN NNS 2 nsubj
2 met meet VERB VBD 0 root
3 in in ADP IN 4 case
4 Geneva Geneva PROPN NNP 2 obl
5 and and CCONJ CC 6 cc
6 signed sign VERB VBD 2 conj
7 a a DET DT 8 det
8 treaty treaty NOUN NN 6 obj
9 . . PUNCT . 2 punct

1 She she PRON PRP 2 nsubj
2 said say VERB VBD 0 root
3 the the DET DT 4 det
4 talks talk NOUN NNS 6 nsubj
5 were be AUX VBD 6 cop
6 useful useful ADJ JJ 2 ccomp
7 . . PUNCT . 2 punct

1 Troops troop NOUN NNS 3 nsubj
2 will will AUX MD 3 aux
3 leave leave VERB VB 0 root
4 the the DET DT 5 det
5 city city NOUN NN 3 obj
6 soon soon ADV RB 3 advmod
7 . . PUNCT . 3 punct

1 The the DET DT 2 det
2 president president NOUN NN 5 nsubj
3 has have AUX VBZ 5 aux
4 not not PART RB 5 advmod
5 visited visit VERB VBN 0 root
6 Kenya Kenya PROPN NNP 5 obj
7 . . PUNCT . 5 punct

1 Officials official NOUN NNS 5 nsubj
2 from from ADP IN 4 case
3 both both DET DT 4 det
4 countries country NOUN NNS 1 nmod
5 discussed discuss VERB VBD 0 root
6 trade trade NOUN NN 5 obj
7 . . PUNCT . 5 punct

1 The the DET DT 2 det
2 army army NOUN NN 4 nsubj:pass
3 was be AUX VBD 4 aux:pass
4 blamed blame VERB VBN 0 root
5 for for ADP IN 7 case
6 the the DET DT 7 det
7 attack attack NOUN NN 4 obl
8 . . PUNCT . 4 punct

1 Protesters protester NOUN NNS 2 nsubj
2 gathered gather VERB VBD 0 root
3 outside outside ADP IN 5 case
4 the the DET DT 5 det
5 embassy embassy NOUN NN 2 obl
6 . . PUNCT . 2 punct

1 He he PRON PRP 2 nsubj
2 wants want VERB VBZ 0 root
3 to to PART TO 4 mark
4 end end VERB VB 2 xcomp
5 the the DET DT 6 det
6 war war NOUN NN 4 obj
7 . . PUNCT . 2 punct

1 The the DET DT 3 det
2 two two NUM CD 3 nummod
3 sides side NOUN NNS 4 nsubj
4 agreed agree VERB VBD 0 root
5 on on ADP IN 7 case
6 a a DET DT 7 det
7 ceasefire ceasefire NOUN NN 4 obl
8 . . PUNCT . 4 punct

1 Their their PRON PRP$ 2 nmod:poss
2 envoy envoy NOUN NN 3 nsubj
3 returned return VERB VBD 0 root
4 home home ADV RB 3 advmod
5 yesterday yesterday NOUN NN 3 obl:unmarked
6 . . PUNCT . 3 punct

1 Is be AUX VBZ 4 cop
2 the the DET DT 3 det
3 border border NOUN NN 4 nsubj
4 open open ADJ JJ 0 root
5 ? ? PUNCT . 4 punct

1 China China PROPN NNP 2 nsubj
2 urged urge VERB VBD 0 root
3 calm calm NOUN NN 2 obj
4 , , PUNCT , 7 punct
5 but but CCONJ CC 7 cc
6 fighting fighting NOUN NN 7 nsubj
7 continued continue VERB VBD 2 conj
8 . . PUNCT . 2 punct
";

/// [`TINY`] as CoNLL-U text.
fn tiny_conllu() -> String {
    let mut out = String::new();
    for (n, block) in TINY.split("\n\n").enumerate() {
        let rows: Vec<Vec<&str>> = block
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(' ').collect())
            .collect();
        let text: Vec<&str> = rows.iter().map(|r| r[1]).collect();
        out.push_str(&format!("# sent_id = tiny-{}\n", n + 1));
        out.push_str(&format!("# text = {}\n", text.join(" ")));
        for r in &rows {
            assert_eq!(r.len(), 7, "fixture row {r:?}");
            let [id, form, lemma, upos, xpos, head, rel] =
                [r[0], r[1], r[2], r[3], r[4], r[5], r[6]];
            out.push_str(&format!(
                "{id}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t_\n"
            ));
        }
        out.push('\n');
    }
    out
}

fn tiny() -> Vec<Sentence> {
    let s = conllu::read(tiny_conllu().as_bytes(), Path::new("tiny.conllu"))
        .expect("the fixture is valid CoNLL-U");
    assert_eq!(s.len(), 16);
    s
}

/// Everything one training run produces.
struct Trained {
    tagger: Tagger,
    parser: Parser,
    lemmatizer: Lemmatizer,
}

fn meta(kind: &str, n: usize, epochs: usize, seed: u64) -> Meta {
    Meta {
        kind: kind.into(),
        trained_on: "tiny.conllu".into(),
        sentences: n,
        epochs,
        seed,
        dev_score: 0.0,
        notes: String::new(),
    }
}

/// Trains all three models on `sents`: the parser on gold tags (expressed
/// in the new tagger's inventory), as `dyad train parser --jackknife 0`.
fn train_all(sents: &[Sentence], epochs: usize, seed: u64) -> Trained {
    // Every feature row is kept (`prune`, `prune_labels`: 1): in a corpus
    // this small most words occur once, and the default pruning is tuned for
    // a treebank.
    // Made-up Brown paths (a hash of each word), so the cluster features
    // are trained, stored and read back too.
    let clusters = dyad_nlp::cluster::Clusters::from_brown(sents.iter().flat_map(|s| {
        s.words.iter().map(|w| {
            let h = w
                .form
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31) ^ b as u64);
            (w.form.clone(), h % 4095 + 1)
        })
    }));
    let tcfg = tagger::TrainConfig {
        epochs,
        seed,
        prune: 1,
        clusters: clusters.packed(),
        ..Default::default()
    };
    let (tagger, _) = train::train_tagger(sents, &[], &tcfg, &mut |_| {});
    assert!(tagger.has_clusters());
    let examples = train::parse_examples(sents, train::gold_tags(&tagger, sents), &tagger);
    let pcfg = parser::TrainConfig {
        epochs,
        seed,
        prune: 1,
        prune_labels: 1,
        ..Default::default()
    };
    let (parser, _) = train::train_parser(&examples, &[], &tagger, &pcfg, &mut |_| {});
    let lemmatizer = train::train_lemmatizer(sents);
    Trained {
        tagger,
        parser,
        lemmatizer,
    }
}

fn tagger_bytes(t: &Tagger, n: usize, seed: u64) -> Vec<u8> {
    model::encode(&ModelFile {
        version: model::FORMAT_VERSION,
        meta: meta("tagger", n, 10, seed),
        model: t.to_stored(),
    })
}

fn parser_bytes(p: &Parser, n: usize, seed: u64) -> Vec<u8> {
    model::encode(&ModelFile {
        version: model::FORMAT_VERSION,
        meta: meta("parser", n, 10, seed),
        model: p.to_stored(),
    })
}

/// Everything `Nlp::analyze` says about one sentence.
#[derive(Debug, PartialEq)]
struct Said {
    tags: Vec<u16>,
    tree: Tree,
    rels: Vec<String>,
    lemmas: Vec<String>,
}

/// What `nlp` says about every sentence.
fn analyze_all(nlp: &Nlp, sents: &[Sentence]) -> Vec<Said> {
    let mut scratch = Scratch::default();
    let mut out = Analysis::default();
    sents
        .iter()
        .map(|s| {
            nlp.analyze(&s.forms(), &mut scratch, &mut out);
            Said {
                tags: out.tags.clone(),
                tree: out.tree.clone(),
                rels: (0..out.len()).map(|i| out.deprel(i).to_owned()).collect(),
                lemmas: (0..out.len()).map(|i| out.lemma(i).to_owned()).collect(),
            }
        })
        .collect()
}

#[test]
fn tiny_models_learn_their_training_data() {
    let sents = tiny();
    let t = train_all(&sents, 10, 7);
    let nlp = Nlp {
        tagger: t.tagger,
        parser: t.parser,
        lemmatizer: t.lemmatizer,
    };
    // The whole pipeline, tagger output feeding the parser.
    let s = eval::evaluate(&nlp, &sents);
    report(&format!(
        "tiny treebank, training slice: UPOS {:.3} XPOS {:.3} lemma {:.3} UAS {:.3} LAS {:.3} ({} words)",
        s.upos, s.xpos, s.lemma, s.uas, s.las, s.tokens
    ));
    assert_eq!(s.sentences, 16);
    assert!(s.upos >= 0.95, "UPOS {}", s.upos);
    assert!(s.xpos >= 0.95, "XPOS {}", s.xpos);
    assert!(s.lemma >= 0.95, "lemma {}", s.lemma);
    assert!(s.uas >= 0.9, "UAS {}", s.uas);
    assert!(s.las >= 0.85, "LAS {}", s.las);

    // The training drivers' own scores agree on gold tags.
    let examples =
        train::parse_examples(&sents, train::gold_tags(&nlp.tagger, &sents), &nlp.tagger);
    let (uas, _) = train::attachment(&nlp.parser, &examples);
    assert!(uas >= 0.9, "UAS on gold tags {uas}");
    let (upos, xpos) = train::tag_accuracy(&nlp.tagger, &train::tagger_examples(&sents));
    assert!(upos >= 0.95 && xpos >= 0.95, "UPOS {upos} XPOS {xpos}");
}

/// Asserts that `nlp` gives every word sequence in `inputs` a tree: one
/// root labelled `root`, heads in range, no cycles.
fn assert_trees(nlp: &Nlp, inputs: &[&[&str]]) {
    let mut scratch = Scratch::default();
    let mut out = Analysis::default();
    for &words in inputs {
        nlp.analyze(words, &mut scratch, &mut out);
        let heads = &out.tree.heads;
        let n = words.len();
        assert_eq!(heads.len(), n);
        assert_eq!(out.len(), n);
        if n == 0 {
            continue;
        }
        let roots: Vec<usize> = (0..n).filter(|&i| out.head(i).is_none()).collect();
        assert_eq!(roots.len(), 1, "one root: {words:?} got heads {heads:?}");
        assert_eq!(out.deprel(roots[0]), "root", "{words:?}");
        for (i, &h) in heads.iter().enumerate() {
            assert!(
                h as usize <= n && h as usize != i + 1,
                "{words:?}: {heads:?}"
            );
            if h != 0 {
                assert_ne!(out.deprel(i), "root", "{words:?}: word {i}");
            }
            // Following heads from any word reaches the root without a cycle.
            let mut k = i;
            let mut steps = 0;
            while heads[k] != 0 {
                k = heads[k] as usize - 1;
                steps += 1;
                assert!(steps <= n, "cycle in {words:?}: {heads:?}");
            }
        }
    }
}

#[test]
fn every_parse_is_a_tree_with_one_root() {
    let sents = tiny();
    let t = train_all(&sents, 3, 11);
    let nlp = Nlp {
        tagger: t.tagger,
        parser: t.parser,
        lemmatizer: t.lemmatizer,
    };
    // Sentences the parser never saw, including lengths 0, 1 and 2.
    assert_trees(
        &nlp,
        &[
            &[],
            &["Talks"],
            &["Talks", "resumed"],
            &[
                "The", "envoy", "said", "that", "troops", "had", "left", "the", "port", ".",
            ],
            &[",", ",", "?", "and", "and", "the", "the", "Geneva"],
        ],
    );
}

/// Scraped text has runs of marks with hardly a word between them. Whatever
/// the parser makes of them, punctuation attachment must leave one root.
#[test]
fn one_root_when_punctuation_dominates() {
    let sents = tiny();
    let t = train_all(&sents, 3, 11);
    let tiny_nlp = Nlp {
        tagger: t.tagger,
        parser: t.parser,
        lemmatizer: t.lemmatizer,
    };
    assert_trees(&tiny_nlp, &[&["(", "\"", "Calm", "\"", ")", ".", "."]]);
    // Sequences that gave the shipped models two roots once.
    let nlp = Nlp::builtin().expect("built-in models");
    assert_trees(
        nlp,
        &[
            &["?", "?", "Calm", "(", "-", ":", ":", "\u{201D}"],
            &["the", "\"", ")", "...", "the", "?", "'", "\"", "..."],
            &[".", ")", "the", "\u{201C}", "\"", "[", ".", "\u{201D}"],
        ],
    );
}

#[test]
fn training_is_deterministic() {
    let sents = tiny();
    let a = train_all(&sents, 4, 42);
    let b = train_all(&sents, 4, 42);
    assert_eq!(
        tagger_bytes(&a.tagger, 16, 42),
        tagger_bytes(&b.tagger, 16, 42),
        "tagger files differ"
    );
    assert_eq!(
        parser_bytes(&a.parser, 16, 42),
        parser_bytes(&b.parser, 16, 42),
        "parser files differ"
    );
    assert_eq!(a.lemmatizer.rules_tsv(), b.lemmatizer.rules_tsv());
    assert_eq!(a.lemmatizer.exceptions_tsv(), b.lemmatizer.exceptions_tsv());
}

#[test]
fn model_files_round_trip() {
    let sents = tiny();
    let t = train_all(&sents, 5, 3);

    let tbytes = tagger_bytes(&t.tagger, 16, 3);
    let tfile: TaggerFile = model::decode(&tbytes, model::TAGGER_FILE).expect("tagger decodes");
    assert_eq!(tfile.version, model::FORMAT_VERSION);
    assert_eq!(tfile.meta, meta("tagger", 16, 10, 3));
    let tagger2 = Tagger::from_stored(&tfile.model).expect("a consistent tagger");
    assert_eq!(
        train::predicted_tags(&tagger2, &sents),
        train::predicted_tags(&t.tagger, &sents)
    );
    assert_eq!(
        tagger_bytes(&tagger2, 16, 3),
        tbytes,
        "tagger re-encodes differently"
    );

    let pbytes = parser_bytes(&t.parser, 16, 3);
    let pfile: ParserFile = model::decode(&pbytes, model::PARSER_FILE).expect("parser decodes");
    let parser2 = Parser::from_stored(&pfile.model).expect("a consistent parser");
    let before = Nlp {
        tagger: t.tagger.clone(),
        parser: t.parser.clone(),
        lemmatizer: t.lemmatizer.clone(),
    };
    let after = Nlp {
        tagger: tagger2.clone(),
        parser: parser2.clone(),
        lemmatizer: t.lemmatizer.clone(),
    };
    assert_eq!(analyze_all(&after, &sents), analyze_all(&before, &sents));
    assert_eq!(
        parser_bytes(&parser2, 16, 3),
        pbytes,
        "parser re-encodes differently"
    );

    // The lemmatizer's TSV files read back to the same lemmatizer.
    let (rules, exceptions) = (t.lemmatizer.rules_tsv(), t.lemmatizer.exceptions_tsv());
    let lem2 = Lemmatizer::from_tsv(&rules, &exceptions, ("rules", "exceptions")).unwrap();
    assert!(lem2 == t.lemmatizer, "lemmatizer TSV round trip");
    assert_eq!(lem2.rules_tsv(), rules);
    assert_eq!(lem2.exceptions_tsv(), exceptions);

    // All four files together, as `Nlp::from_bytes` and `Nlp::load_dir` read them.
    let nlp = Nlp::from_bytes(&tbytes, &pbytes, &rules, &exceptions).expect("from_bytes");
    let dir = tempdir();
    std::fs::write(dir.join(model::TAGGER_FILE), &tbytes).unwrap();
    std::fs::write(dir.join(model::PARSER_FILE), &pbytes).unwrap();
    std::fs::write(dir.join(model::LEMMA_RULES_FILE), &rules).unwrap();
    std::fs::write(dir.join(model::LEMMA_EXCEPTIONS_FILE), &exceptions).unwrap();
    let loaded = Nlp::load_dir(&dir).expect("load_dir");
    let expected = analyze_all(&before, &sents);
    assert_eq!(analyze_all(&nlp, &sents), expected, "from_bytes");
    assert_eq!(analyze_all(&loaded, &sents), expected, "load_dir");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A fresh directory under the target's temporary directory.
fn tempdir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("dyad-nlp-training-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn assert_format_error<T: std::fmt::Debug>(r: Result<T, ModelError>, what: &str) {
    match r {
        Err(ModelError::Format { path, reason }) => {
            assert!(
                !path.is_empty() && !reason.is_empty(),
                "{what}: {path} {reason}"
            );
        }
        other => panic!("{what}: expected a format error, got {other:?}"),
    }
}

#[test]
fn broken_model_files_are_errors_not_panics() {
    let sents = tiny();
    let t = train_all(&sents, 2, 5);
    let tbytes = tagger_bytes(&t.tagger, 16, 5);
    let pbytes = parser_bytes(&t.parser, 16, 5);

    assert_format_error(model::decode::<tagger::StoredTagger>(&[], "empty"), "empty");
    for cut in [1, 4, tbytes.len() / 2, tbytes.len() - 1] {
        assert_format_error(
            model::decode::<tagger::StoredTagger>(&tbytes[..cut], "cut"),
            &format!("tagger cut at {cut}"),
        );
    }
    for cut in [1, pbytes.len() / 3, pbytes.len() - 1] {
        assert_format_error(
            model::decode::<parser::StoredParser>(&pbytes[..cut], "cut"),
            &format!("parser cut at {cut}"),
        );
    }
    // Not zstd at all.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_format_error(
        model::decode::<tagger::StoredTagger>(&garbage, "garbage"),
        "garbage",
    );
    assert_format_error(
        model::decode::<tagger::StoredTagger>(b"not a model\n", "text"),
        "text",
    );
    // Valid zstd around bytes that are not a model.
    let wrapped = zstd::encode_all(&garbage[..], 3).unwrap();
    assert!(model::decode::<parser::StoredParser>(&wrapped, "wrapped").is_err());
    // Valid zstd, truncated postcard.
    let raw = zstd::decode_all(&tbytes[..]).unwrap();
    let short = zstd::encode_all(&raw[..raw.len() / 2], 3).unwrap();
    assert_format_error(
        model::decode::<tagger::StoredTagger>(&short, "short"),
        "short",
    );
    // Another format version.
    let mut other = raw.clone();
    other[0] = (model::FORMAT_VERSION + 1) as u8;
    let other = zstd::encode_all(&other[..], 3).unwrap();
    assert_format_error(
        model::decode::<tagger::StoredTagger>(&other, "v+1"),
        "version",
    );

    // The whole set: broken files are errors from the loaders too.
    let (rules, exceptions) = (t.lemmatizer.rules_tsv(), t.lemmatizer.exceptions_tsv());
    assert!(Nlp::from_bytes(&[], &pbytes, &rules, &exceptions).is_err());
    assert!(Nlp::from_bytes(&tbytes, &tbytes[..10], &rules, &exceptions).is_err());
    assert!(Nlp::from_bytes(&tbytes, &pbytes, "VBD\ted\n", &exceptions).is_err());
    let dir = tempdir();
    match Nlp::load_dir(&dir) {
        Err(ModelError::Io { path, .. }) => {
            // The error names one of the four files it looked for.
            let names = [
                model::TAGGER_FILE,
                model::PARSER_FILE,
                model::LEMMA_RULES_FILE,
                model::LEMMA_EXCEPTIONS_FILE,
            ];
            assert!(names.iter().any(|f| path.ends_with(f)), "{path}");
        }
        other => panic!("empty model directory: {:?}", other.map(|_| ())),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Files that decompress and deserialise but hold nonsense (a byte changed
/// here and there, as disk or transfer damage would) must be refused or
/// loaded, never crash the loader or the analysis.
#[test]
fn damaged_model_files_never_panic() {
    let sents = tiny();
    let t = train_all(&sents, 2, 9);
    let tbytes = tagger_bytes(&t.tagger, 16, 9);
    let pbytes = parser_bytes(&t.parser, 16, 9);
    let (rules, exceptions) = (t.lemmatizer.rules_tsv(), t.lemmatizer.exceptions_tsv());
    let words = [
        "The", "envoy", "met", "rebels", "near", "the", "border", ".",
    ];
    let mut panics = Vec::new();
    for which in ["tagger", "parser"] {
        let raw = zstd::decode_all(if which == "tagger" {
            &tbytes[..]
        } else {
            &pbytes[..]
        })
        .unwrap();
        let step = (raw.len() / 150).max(1);
        for pos in (0..raw.len()).step_by(step) {
            for value in [0x00, 0xff, 0x7f, raw[pos] ^ 0x01] {
                let mut damaged = raw.clone();
                damaged[pos] = value;
                let z = zstd::encode_all(&damaged[..], 1).unwrap();
                let (tb, pb) = if which == "tagger" {
                    (&z[..], &pbytes[..])
                } else {
                    (&tbytes[..], &z[..])
                };
                let run = std::panic::catch_unwind(|| {
                    if let Ok(nlp) = Nlp::from_bytes(tb, pb, &rules, &exceptions) {
                        let mut scratch = Scratch::default();
                        let mut out = Analysis::default();
                        nlp.analyze(&words, &mut scratch, &mut out);
                    }
                });
                if run.is_err() {
                    panics.push(format!("{which} byte {pos} = {value:#04x}"));
                }
            }
        }
    }
    assert!(
        panics.is_empty(),
        "{} damaged files panicked, e.g. {:?}",
        panics.len(),
        &panics[..panics.len().min(5)]
    );
}

const EWT_TRAIN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ud/UD_English-EWT/en_ewt-ud-train.conllu"
);

#[test]
fn learns_a_slice_of_ewt_train() {
    let path = Path::new(EWT_TRAIN);
    if !path.exists() {
        report(&format!(
            "SKIP learns_a_slice_of_ewt_train: {} not found (UD English EWT lives in ../shared)",
            path.display()
        ));
        return;
    }
    let all = conllu::read_file(path).expect("EWT train reads");
    let slice: Vec<Sentence> = all.into_iter().take(300).collect();
    let words: usize = slice.iter().map(|s| s.words.len()).sum();
    let tcfg = tagger::TrainConfig {
        epochs: 5,
        ..Default::default()
    };
    let (tagger, _) = train::train_tagger(&slice, &[], &tcfg, &mut |_| {});
    let (upos, xpos) = train::tag_accuracy(&tagger, &train::tagger_examples(&slice));
    let examples = train::parse_examples(&slice, train::gold_tags(&tagger, &slice), &tagger);
    let pcfg = parser::TrainConfig {
        epochs: 5,
        ..Default::default()
    };
    let (parser, _) = train::train_parser(&examples, &[], &tagger, &pcfg, &mut |_| {});
    let (uas, las) = train::attachment(&parser, &examples);
    report(&format!(
        "first 300 EWT train sentences ({words} words), 5 epochs, on the slice itself: \
         UPOS {upos:.3} XPOS {xpos:.3} UAS {uas:.3} LAS {las:.3}"
    ));
    assert!(upos >= 0.9, "UPOS {upos}");
    assert!(xpos >= 0.9, "XPOS {xpos}");
    assert!(uas >= 0.8, "UAS {uas}");
}

/// Many random runs of marks and words through the built-in models: every
/// one must come out a tree with one root (punctuation attachment once
/// left a second root in rare shapes).
#[test]
fn random_mark_runs_give_one_root() {
    let nlp = Nlp::builtin().expect("built-in models");
    let vocab = [
        ".", ",", "?", "!", "(", ")", "[", "]", "\"", "'", "\u{201C}", "\u{201D}", "-", ":", "...",
        "the", "Calm", "talks", "resumed", "and", "Geneva",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for _ in 0..20_000 {
        let len = 1 + (next() % 9) as usize;
        runs.push(
            (0..len)
                .map(|_| vocab[(next() % vocab.len() as u64) as usize])
                .collect(),
        );
    }
    let refs: Vec<&[&str]> = runs.iter().map(Vec::as_slice).collect();
    assert_trees(nlp, &refs);
}
