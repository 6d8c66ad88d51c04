//! Cleaning speed on one core: the flattened-text cleaner and the HTML
//! extractor, on pages of our own writing (the test article and test page
//! repeated to news-page size, ~12 KB of text and ~20 KB of HTML).
//!
//! ```sh
//! cargo bench -p dyad-ingest --bench clean
//! ```
//!
//! The benchmark pages of `../shared/eval/extraction` give the figures in
//! `docs/ARCHITECTURE.md`; `dyad clean DIR --out-dir PRED` times them.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use dyad_ingest::{Cleaner, Extractor, Smoothie};

fn main() {
    divan::main();
}

fn text_page() -> String {
    let a = include_str!("../tests/data_article.txt");
    let mut s = String::new();
    for i in 0..8 {
        s.push_str(&a.replace("Tuesday", if i % 2 == 0 { "Monday" } else { "Friday" }));
    }
    s
}

fn html_page() -> String {
    let p = "<p>The foreign ministers of Norland and Estmark signed a fishing agreement on Tuesday after two days of talks in the harbour town of Port Vell, ending a dispute that had kept boats in port for most of the summer.</p>\n";
    let nav = "<li><a href=\"/x\">Section</a></li>";
    format!(
        "<!DOCTYPE html><html><head><title>Harbour deal</title></head><body><nav><ul>{}</ul></nav><article><h1>Harbour deal</h1>{}</article><aside><ul>{}</ul></aside></body></html>",
        nav.repeat(40),
        p.repeat(40),
        nav.repeat(40)
    )
}

#[divan::bench]
fn text_cleaner(b: Bencher) {
    let page = text_page();
    let c = Cleaner::default();
    b.counter(BytesCount::of_str(&page))
        .bench(|| black_box(c.clean(black_box(&page))));
}

#[divan::bench]
fn html_extractor(b: Bencher) {
    let page = html_page();
    let e = Smoothie::default();
    b.counter(BytesCount::of_str(&page))
        .bench(|| black_box(e.extract(black_box(&page)).unwrap()));
}
