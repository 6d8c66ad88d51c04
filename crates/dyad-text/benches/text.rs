//! Throughput of splitting + tokenizing news-like text.
//!
//! Run with `cargo bench -p dyad-text`. The corpus is a few paragraphs
//! written for this bench, repeated to about 1 MiB.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use dyad_text::Segmenter;

fn main() {
    divan::main();
}

const PARAGRAPHS: &str = "\
Rebels seize river port after overnight fighting
• Ferry traffic suspended
• Aid convoy turned back at checkpoint

KORVA, March 3 (Staff) - Rebel fighters took control of the river port of Korva on Tuesday after a night of heavy fighting, residents and officials said, in the biggest setback for the government since the ceasefire collapsed in Jan. 2023.

“We heard shelling until dawn. Then it went quiet,” said Amira Tell, 41, who runs a bakery near the docks. “Nobody knows who’s in charge now.”

The U.S. State Department said it was “deeply concerned” and urged both sides to return to talks in Geneva. A spokesman for Gen. Paolo Ruiz, the army’s regional commander, said troops had withdrawn to “pre-planned positions” and would retake the town within days.

The rebels’ leader, who goes by the name Commander Vela, said his forces didn’t target civilians. He called on the U.N. to open a humanitarian corridor. Aid groups estimate that 3,000 to 4,500 people fled the town, many of them on foot along the war-torn coastal road.

Fuel prices in the capital rose 12.5% on Wednesday, and the currency fell to a record low of 1,240 per dollar. Shares of Delta Shipping Co. dropped 9 percent after the company said it couldn't guarantee deliveries. Analysts at Sarn & Partners Inc. said the fall of Korva would cost the economy about $1.2bn a year.

Talks are due to resume at 10:30 a.m. on Sept. 14, officials said. Whether the rebels will attend isn't clear. Asked about the timetable, Mr. Ruiz's office declined to comment; more details are available at https://example.org/news/korva-2023.html.
";

fn corpus() -> String {
    let mut s = String::new();
    while s.len() < 1 << 20 {
        s.push_str(PARAGRAPHS);
        s.push('\n');
    }
    s
}

#[divan::bench]
fn sentences(bencher: Bencher) {
    let text = corpus();
    let mut seg = Segmenter::new();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench_local(|| black_box(seg.sentences(black_box(&text))));
}

#[divan::bench]
fn tokenize(bencher: Bencher) {
    let text = corpus();
    let mut seg = Segmenter::new();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench_local(|| black_box(seg.tokenize(black_box(&text))));
}
