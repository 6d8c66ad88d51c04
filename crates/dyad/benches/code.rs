//! End-to-end coding speed: articles per second on one core, from raw text
//! to events (split, tag, parse, actors, events), with the built-in
//! models, knowledge base and lexicon.
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
use dyad::actors::Resolver;
use dyad::events::{Coder, Lexicon};
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
    let resolver = Resolver::new(kb);
    let lex = Lexicon::builtin().expect("lexicon");
    let coder = Coder::new(&lex);
    let docs = corpus();
    b.counter(ItemsCount::new(docs.len())).bench_local(|| {
        let mut n = 0;
        for (i, d) in docs.iter().enumerate() {
            n += dyad::pipeline::document_events(
                &i.to_string(),
                d,
                (2024, 6, 1),
                nlp,
                &resolver,
                &coder,
            )
            .len();
        }
        black_box(n)
    });
}
