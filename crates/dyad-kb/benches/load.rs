//! Loading the built-in knowledge base, by stage: reading the rows, and
//! building the automaton and indexes. The issue's budget for the whole is
//! 200 ms; `read_rows` is the baseline the rest is a ratio to.
//!
//! ```sh
//! cargo bench -p dyad-kb --bench load
//! ```

use divan::black_box;
use dyad_kb::{BUILTIN_FILES, Kb, format};

// The allocator the `dyad` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Parsing the rows only.
#[divan::bench(sample_count = 10)]
fn read_rows() -> usize {
    BUILTIN_FILES
        .iter()
        .map(|(n, t)| format::parse(t, n).expect("rows").len())
        .sum()
}

/// What the first `Kb::builtin()` does: rows, automaton, indexes.
#[divan::bench(sample_count = 10)]
fn load() -> usize {
    let files: Vec<(String, String)> = BUILTIN_FILES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    black_box(Kb::from_files(&files).expect("knowledge base")).len()
}
