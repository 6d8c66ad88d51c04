//! End-to-end coding speed: articles per second on one core, from raw text
//! to events (clean, split, tag, parse, actors, events: `dyad::Engine`,
//! what `dyad code` runs), with the built-in models, knowledge base and
//! lexicon.
//!
//! The corpus is our own writing: the bundled example article, and
//! articles assembled from the lexicon's example sentences (40 sentences
//! each, about 2.2 KB, a short wire story), 200 articles in all.
//! `parse_only` runs the language core alone on the same corpus, the
//! baseline the full pipeline is a ratio to.
//!
//! ```sh
//! cargo bench -p dyad --bench code
//! ```

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use dyad::events::Lexicon;
use dyad::kb::Kb;

// The allocator the `dyad` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const ARTICLES: usize = 200;

fn corpus() -> &'static Vec<String> {
    static C: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let lex = Lexicon::builtin().expect("lexicon");
        let examples: Vec<&str> = lex.patterns().iter().map(|p| p.example.as_str()).collect();
        let mut out = vec![include_str!("../../../examples/article.txt").to_owned()];
        let mut k = 0usize;
        while out.len() < ARTICLES {
            let mut a = String::new();
            for _ in 0..40 {
                // A stride co-prime with the count mixes the roots.
                k = (k + 37) % examples.len();
                a.push_str(examples[k]);
                a.push(' ');
            }
            out.push(a);
        }
        out
    })
}

#[divan::bench(sample_count = 10)]
fn parse_only(b: Bencher) {
    let nlp = dyad::nlp::Nlp::builtin().expect("models");
    let docs = corpus();
    b.counter(ItemsCount::new(docs.len())).bench_local(|| {
        let mut p = dyad::pipeline::Parsing::new(nlp);
        let mut n = 0;
        for d in docs {
            p.each_sentence(d, |_, a| n += a.len());
        }
        black_box(n)
    });
}

#[divan::bench(sample_count = 10)]
fn code_articles(b: Bencher) {
    let nlp = dyad::nlp::Nlp::builtin().expect("models");
    let kb = Kb::builtin().expect("kb");
    let lex = Lexicon::builtin().expect("lexicon");
    // What `dyad code` runs on each document: the text cleaner's decision
    // on every line, then the whole pipeline.
    let engine = dyad::Engine::new(nlp, kb, &lex, dyad::Policy::new((2024, 6, 1)));
    let docs: Vec<dyad::ingest::Document> = corpus()
        .iter()
        .enumerate()
        .map(|(i, d)| dyad::ingest::Document {
            id: i.to_string(),
            key: dyad::ingest::source::stable_key(None, d),
            origin: "bench".into(),
            format: dyad::ingest::Format::Text,
            body: d.clone(),
            published: Some("2024-06-01".into()),
            url: None,
        })
        .collect();
    b.counter(ItemsCount::new(docs.len())).bench_local(|| {
        let mut n = 0;
        for d in &docs {
            n += engine.code(d).events.len();
        }
        black_box(n)
    });
}

/// `code_articles` on 1 and 2 threads (`dyad code --threads N`), for the
/// scaling ratio.
#[divan::bench(sample_count = 10, args = [1, 2])]
fn code_articles_threads(b: Bencher, threads: usize) {
    let nlp = dyad::nlp::Nlp::builtin().expect("models");
    let kb = Kb::builtin().expect("kb");
    let lex = Lexicon::builtin().expect("lexicon");
    let engine = dyad::Engine::new(nlp, kb, &lex, dyad::Policy::new((2024, 6, 1)));
    let docs = corpus();
    b.counter(ItemsCount::new(docs.len())).bench_local(|| {
        let mut n = 0;
        dyad::batch::ordered(
            threads,
            4 * threads,
            |push| docs.iter().enumerate().for_each(push),
            |(i, d)| {
                engine
                    .code_text(&i.to_string(), d.clone(), (2024, 6, 1))
                    .events
                    .len()
            },
            |k| n += k,
        );
        black_box(n)
    });
}
