//! Speed of mention detection and resolution, on text already parsed.
//!
//! Input: the bundled example article repeated (our own text). The issue's
//! budget is 20 MB/s of text on one core for detection and resolution, and
//! under 200 ms to load the knowledge base. `baseline_keys` only builds the
//! sentences' lower-cased token keys, for a ratio that survives a noisy
//! machine.
//!
//! ```sh
//! cargo bench -p dyad-actors --bench actors
//! ```

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use dyad_actors::{Memory, Resolver, resolve::Scratch};
use dyad_kb::Kb;
use dyad_nlp::{Analysis, Nlp};
use dyad_text::Sentence;

// The allocator the `dyad` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const REPEAT: usize = 200;

fn text() -> &'static str {
    static T: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    T.get_or_init(|| include_str!("../../../examples/article.txt").repeat(REPEAT))
}

fn parsed() -> &'static Vec<(Sentence<'static>, Analysis<'static>)> {
    static P: std::sync::OnceLock<Vec<(Sentence<'static>, Analysis<'static>)>> =
        std::sync::OnceLock::new();
    P.get_or_init(|| {
        let nlp = Nlp::builtin().expect("models");
        let mut scratch = dyad_nlp::Scratch::default();
        dyad_text::sentences(text())
            .into_iter()
            .map(|s| {
                let words: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_ref()).collect();
                let mut a = Analysis::default();
                nlp.analyze(&words, &mut scratch, &mut a);
                (s, a)
            })
            .collect()
    })
}

#[divan::bench]
fn baseline_keys(b: Bencher) {
    let p = parsed();
    let mut key = String::new();
    b.counter(BytesCount::new(text().len())).bench_local(|| {
        for (s, _) in p {
            key.clear();
            for t in &s.tokens {
                key.extend(t.norm.chars().flat_map(char::to_lowercase));
                key.push(' ');
            }
            black_box(&key);
        }
    });
}

#[divan::bench]
fn detect_and_resolve(b: Bencher) {
    let p = parsed();
    let kb = Kb::builtin().expect("knowledge base");
    let resolver = Resolver::new(kb);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    b.counter(BytesCount::new(text().len())).bench_local(|| {
        let mut memory = Memory::default();
        out.clear();
        for (i, (s, a)) in p.iter().enumerate() {
            // A document per copy of the article, as in real use.
            if i % (p.len() / REPEAT).max(1) == 0 {
                memory.clear();
            }
            resolver.sentence(i, s, a, (2025, 5, 1), &mut memory, &mut scratch, &mut out);
        }
        black_box(&out);
    });
}

/// Building the knowledge base from the built-in files (what the first
/// `Kb::builtin()` does), and the resolver's surname index.
#[divan::bench(sample_count = 10)]
fn load_kb() -> usize {
    let files: Vec<(String, String)> = dyad_kb::BUILTIN_FILES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    let kb = Kb::from_files(&files).expect("knowledge base");
    let r = Resolver::new(&kb);
    black_box(&r);
    kb.len()
}
