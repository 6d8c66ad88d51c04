//! Training drivers behind `dyad train`: they turn CoNLL-U sentences into
//! training examples, run the learners and report dev scores per epoch.
//!
//! The parser is trained on *predicted* tags: a tagger trained on the other
//! folds tags each fold of the training set (jackknifing), so the parser
//! learns from the tagging mistakes it will see at run time instead of from
//! gold tags it will never see.

use crate::conllu::Sentence;
use crate::features::Lex;
use crate::lemma::Lemmatizer;
use crate::parser::{self, ParseExample, Parser, Tree};
use crate::tagger::{self, TagId, TagScratch, TaggedSentence, Tagger};
use crate::tags::Upos;

/// Converts sentences for the tagger, skipping those with unknown UPOS tags.
pub fn tagger_examples(sents: &[Sentence]) -> Vec<TaggedSentence> {
    sents
        .iter()
        .filter_map(TaggedSentence::from_conllu)
        .collect()
}

/// UPOS and XPOS accuracy of a tagger on examples.
pub fn tag_accuracy(tagger: &Tagger, data: &[TaggedSentence]) -> (f64, f64) {
    let mut scratch = TagScratch::default();
    let mut out = Vec::new();
    let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
    for s in data {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        tagger.tag(&forms, &s.lex, &mut scratch, &mut out);
        for (t, (gu, gx)) in out.iter().zip(&s.gold) {
            n += 1;
            u += (tagger.upos(*t) == *gu) as usize;
            x += (tagger.xpos(*t) == gx) as usize;
        }
    }
    let n = n.max(1) as f64;
    (u as f64 / n, x as f64 / n)
}

/// Trains the tagger, logging dev accuracy after every epoch.
pub fn train_tagger(
    train: &[Sentence],
    dev: &[Sentence],
    cfg: &tagger::TrainConfig,
    log: &mut dyn FnMut(&str),
) -> (Tagger, f64) {
    let train = tagger_examples(train);
    let dev = tagger_examples(dev);
    let mut last = 0.0;
    let t = tagger::train(&train, cfg, |epoch, t| {
        if !dev.is_empty() {
            let (u, x) = tag_accuracy(t, &dev);
            last = u;
            log(&format!(
                "tagger epoch {epoch:>2}: dev UPOS {:.2}%  XPOS {:.2}%",
                100.0 * u,
                100.0 * x
            ));
        } else {
            log(&format!("tagger epoch {epoch:>2} done"));
        }
    });
    (t, last)
}

/// Learns the lemmatizer from the treebank's lemmas.
pub fn train_lemmatizer(train: &[Sentence]) -> Lemmatizer {
    Lemmatizer::train(train.iter().flat_map(|s| {
        s.words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str(), i == 0))
    }))
}

/// A tagger's output for one sentence, as the parser reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tagging {
    /// Tag ids.
    pub tags: Vec<TagId>,
}

/// Tags every sentence with `tagger`.
pub fn predicted_tags(tagger: &Tagger, sents: &[Sentence]) -> Vec<Tagging> {
    let mut scratch = TagScratch::default();
    sents
        .iter()
        .map(|s| {
            let forms = s.forms();
            let lex: Vec<Lex> = forms.iter().map(|f| Lex::new(f)).collect();
            let mut out = Tagging::default();
            tagger.tag(&forms, &lex, &mut scratch, &mut out.tags);
            out
        })
        .collect()
}

/// Jackknifed tags: each of `k` contiguous folds is tagged by a tagger
/// trained on the other folds. The tag ids are translated into `reference`'s
/// inventory (the tagger used at run time), so the parser's features mean
/// the same thing in training and in use.
pub fn jackknife_tags(
    train: &[Sentence],
    k: usize,
    cfg: &tagger::TrainConfig,
    reference: &Tagger,
    log: &mut dyn FnMut(&str),
) -> Vec<Tagging> {
    let k = k.max(2);
    let n = train.len();
    let mut out = vec![Tagging::default(); n];
    for fold in 0..k {
        let (a, b) = (fold * n / k, (fold + 1) * n / k);
        let rest: Vec<Sentence> = train[..a].iter().chain(&train[b..]).cloned().collect();
        let t = tagger::train(&tagger_examples(&rest), cfg, |_, _| {});
        let translate = |id: TagId| {
            reference
                .tag_id(t.upos(id).as_str(), t.xpos(id))
                .unwrap_or(TagId::MAX)
        };
        let mut right = 0usize;
        let mut total = 0usize;
        for (i, (s, tagging)) in train[a..b]
            .iter()
            .zip(predicted_tags(&t, &train[a..b]))
            .enumerate()
        {
            for (&id, w) in tagging.tags.iter().zip(&s.words) {
                total += 1;
                right += (t.upos(id).as_str() == w.upos) as usize;
            }
            out[a + i] = Tagging {
                tags: tagging.tags.iter().map(|&id| translate(id)).collect(),
            };
        }
        log(&format!(
            "jackknife fold {}/{k}: {} sentences, UPOS {:.2}%",
            fold + 1,
            b - a,
            100.0 * right as f64 / total.max(1) as f64
        ));
    }
    out
}

/// Gold tags in `tagger`'s inventory (unknown pairs map to `TagId::MAX`).
pub fn gold_tags(tagger: &Tagger, sents: &[Sentence]) -> Vec<Tagging> {
    sents
        .iter()
        .map(|s| Tagging {
            tags: s
                .words
                .iter()
                .map(|w| tagger.tag_id(&w.upos, &w.xpos).unwrap_or(TagId::MAX))
                .collect(),
        })
        .collect()
}

/// Builds parser examples from sentences and their tags; `tagger` gives
/// the ambiguity classes and its word clusters, if it has any.
pub fn parse_examples(
    sents: &[Sentence],
    tags: Vec<Tagging>,
    tagger: &Tagger,
) -> Vec<ParseExample> {
    sents
        .iter()
        .zip(tags)
        .map(|(s, Tagging { tags })| {
            let lex: Vec<Lex> = s.words.iter().map(|w| Lex::new(&w.form)).collect();
            let mut classes = Vec::new();
            tagger.ambiguity_classes(&lex, &mut classes);
            let mut clusters = Vec::new();
            if tagger.has_clusters() {
                tagger.clusters(&lex, &mut clusters);
            }
            (lex, tags, classes, clusters, s)
        })
        .map(|(lex, tags, classes, clusters, s)| ParseExample {
            punct: tags
                .iter()
                .map(|&t| t != TagId::MAX && tagger.upos(t) == Upos::Punct)
                .collect(),
            lex,
            tags,
            classes,
            clusters,
            guide: None,
            heads: s.words.iter().map(|w| w.head).collect(),
            labels: s.words.iter().map(|w| w.deprel.clone()).collect(),
        })
        .collect()
}

/// UAS and LAS (universal relations) of a parser on examples.
pub fn attachment(parser: &Parser, data: &[ParseExample]) -> (f64, f64) {
    let mut scratch = parser::ParseScratch::default();
    let mut tree = Tree::default();
    let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
    for ex in data {
        parser.parse(ex.input(), &mut scratch, &mut tree);
        for i in 0..ex.heads.len() {
            n += 1;
            if tree.heads[i] == ex.heads[i] {
                u += 1;
                let pred = crate::eval::universal(parser.label_name(tree.labels[i]));
                l += (pred == crate::eval::universal(&ex.labels[i])) as usize;
            }
        }
    }
    let n = n.max(1) as f64;
    (u as f64 / n, l as f64 / n)
}

/// Trains the parser on `examples`, logging dev UAS/LAS after every epoch.
/// `tagger` is the run-time tagger whose tag ids the examples use. With
/// `cfg.guide_folds`, a right-to-left guide parser is trained first, and
/// the examples read its trees: jackknifed ones for training (each fold
/// parsed by a guide that never saw it), the full guide's for dev.
pub fn train_parser(
    examples: &[ParseExample],
    dev: &[ParseExample],
    tagger: &Tagger,
    cfg: &parser::TrainConfig,
    log: &mut dyn FnMut(&str),
) -> (Parser, f64) {
    let coarse: Vec<u8> = (0..tagger.n_tags())
        .map(|t| tagger.upos(t as TagId).index() as u8)
        .collect();
    let mut examples = examples.to_vec();
    let guide = if cfg.guide_folds > 1 {
        let guide_cfg = parser::TrainConfig {
            lite: true,
            guide_folds: 0,
            ..cfg.clone()
        };
        let reversed: Vec<ParseExample> = examples.iter().map(parser::reverse_example).collect();
        let k = cfg.guide_folds;
        let n = examples.len();
        for fold in 0..k {
            let (a, b) = (fold * n / k, (fold + 1) * n / k);
            let rest: Vec<ParseExample> = reversed[..a]
                .iter()
                .chain(&reversed[b..])
                .cloned()
                .collect();
            let g = parser::train(&rest, &coarse, None, &guide_cfg, |_, _| {});
            for ex in &mut examples[a..b] {
                ex.guide = Some(g.guide_of(ex));
            }
            log(&format!("guide fold {}/{k} done", fold + 1));
        }
        let g = parser::train(&reversed, &coarse, None, &guide_cfg, |_, _| {});
        if !dev.is_empty() {
            let rev_dev: Vec<ParseExample> = dev.iter().map(parser::reverse_example).collect();
            let (u, l) = attachment(&g, &rev_dev);
            log(&format!(
                "guide (right to left): dev UAS {:.2}%  LAS {:.2}%",
                100.0 * u,
                100.0 * l
            ));
        }
        Some(g)
    } else {
        None
    };
    let mut last = 0.0;
    let p = parser::train(&examples, &coarse, guide.as_ref(), cfg, |epoch, p| {
        if dev.is_empty() {
            log(&format!("parser epoch {epoch:>2} done"));
            return;
        }
        let (u, l) = attachment(p, dev);
        last = l;
        log(&format!(
            "parser epoch {epoch:>2}: dev UAS {:.2}%  LAS {:.2}%",
            100.0 * u,
            100.0 * l
        ));
    });
    (p, last)
}
