//! Speed of the language core, in words per second.
//!
//! Input: the UD English EWT test set (gold tokenization) when `../shared` is
//! there, else the bundled example article, tokenized by `dyad-text`,
//! repeated. `baseline_lex` only reads every word into its hashed form: it
//! runs in the same process, so the ratio of the others to it is a figure
//! that survives a noisy, shared machine.
//!
//! ```sh
//! cargo bench -p dyad-nlp --bench nlp
//! ```

use std::path::Path;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use dyad_nlp::parser::{ParseExample, ParseScratch, Tree};
use dyad_nlp::tagger::TagScratch;
use dyad_nlp::{Analysis, Lex, Nlp, Scratch, Upos, conllu, model};

fn main() {
    divan::main();
}

fn corpus() -> &'static Vec<Vec<String>> {
    static C: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let ewt = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/ud/UD_English-EWT/en_ewt-ud-test.conllu");
        if let Ok(sents) = conllu::read_file(&ewt) {
            eprintln!("bench input: {} ({} sentences)", ewt.display(), sents.len());
            return sents
                .iter()
                .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
                .collect();
        }
        let text = include_str!("../../../examples/article.txt").repeat(100);
        eprintln!("bench input: examples/article.txt x100 (../shared absent)");
        dyad_text::sentences(&text)
            .iter()
            .map(|s| s.tokens.iter().map(|t| t.norm.to_string()).collect())
            .collect()
    })
}

fn words() -> usize {
    corpus().iter().map(Vec::len).sum()
}

/// The built-in models, or those in `$DYAD_MODELS` (a directory written by
/// `dyad train`), to compare candidates before building them in.
fn nlp() -> &'static Nlp {
    static M: std::sync::OnceLock<Nlp> = std::sync::OnceLock::new();
    M.get_or_init(|| match std::env::var_os("DYAD_MODELS") {
        Some(dir) => Nlp::load_dir(Path::new(&dir)).expect("models in $DYAD_MODELS"),
        None => Nlp::decode_builtin().expect("built-in models"),
    })
}

#[divan::bench]
fn baseline_lex(b: Bencher) {
    let c = corpus();
    b.counter(ItemsCount::new(words())).bench(|| {
        for s in c {
            for w in s {
                black_box(Lex::new(w));
            }
        }
    });
}

#[divan::bench]
fn tag(b: Bencher) {
    let c = corpus();
    let nlp = nlp();
    let mut scratch = TagScratch::default();
    let mut out = Vec::new();
    b.counter(ItemsCount::new(words())).bench_local(|| {
        for s in c {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            let lex: Vec<Lex> = forms.iter().map(|f| Lex::new(f)).collect();
            nlp.tagger.tag(&forms, &lex, &mut scratch, &mut out);
            black_box(&out);
        }
    });
}

#[divan::bench]
fn parse(b: Bencher) {
    let c = corpus();
    let nlp = nlp();
    let mut tscratch = TagScratch::default();
    let prepared: Vec<ParseExample> = c
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            let lex: Vec<Lex> = forms.iter().map(|f| Lex::new(f)).collect();
            let mut tags = Vec::new();
            nlp.tagger.tag(&forms, &lex, &mut tscratch, &mut tags);
            let mut classes = Vec::new();
            nlp.tagger.ambiguity_classes(&lex, &mut classes);
            let mut clusters = Vec::new();
            if nlp.parser.uses_clusters() {
                nlp.tagger.clusters(&lex, &mut clusters);
            }
            let punct = tags
                .iter()
                .map(|&t| nlp.tagger.upos(t) == Upos::Punct)
                .collect();
            ParseExample {
                lex,
                tags,
                classes,
                clusters,
                punct,
                heads: Vec::new(),
                guide: None,
                labels: Vec::new(),
            }
        })
        .collect();
    let mut scratch = ParseScratch::default();
    let mut tree = Tree::default();
    b.counter(ItemsCount::new(words())).bench_local(|| {
        for ex in &prepared {
            nlp.parser.parse(ex.input(), &mut scratch, &mut tree);
            black_box(&tree);
        }
    });
}

/// Tagging, parsing and lemmatizing: what `dyad nlp eval` times.
#[divan::bench]
fn analyze(b: Bencher) {
    let c = corpus();
    let nlp = nlp();
    let mut scratch = Scratch::default();
    let mut out = Analysis::default();
    b.counter(ItemsCount::new(words())).bench_local(|| {
        for s in c {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            nlp.analyze(&forms, &mut scratch, &mut out);
            black_box(&out);
        }
    });
}

/// Decoding the models (the issue's budget: under 100 ms): the built-in
/// ones, or the files in `$DYAD_MODELS`, read into memory beforehand.
#[divan::bench(sample_count = 10)]
fn load(b: Bencher) {
    match std::env::var_os("DYAD_MODELS") {
        Some(dir) => {
            let dir = Path::new(&dir);
            let read = |f: &str| std::fs::read(dir.join(f)).expect("model file");
            let (t, p) = (read(model::TAGGER_FILE), read(model::PARSER_FILE));
            let text = |f: &str| String::from_utf8(read(f)).expect("UTF-8");
            let (r, e) = (
                text(model::LEMMA_RULES_FILE),
                text(model::LEMMA_EXCEPTIONS_FILE),
            );
            b.bench(|| Nlp::from_bytes(&t, &p, &r, &e).expect("models"));
        }
        None => b.bench(|| Nlp::decode_builtin().expect("built-in models")),
    }
}
