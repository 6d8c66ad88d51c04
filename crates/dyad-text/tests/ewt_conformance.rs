//! Conformance with UD English EWT (dev set): token spans and sentence
//! boundaries. Skips with a message when the treebank is not checked out
//! beside the workspace.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;

/// Prints past the test harness's output capture, so the figures show up in
/// a plain `cargo test` run.
fn report(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

const DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ud/UD_English-EWT/en_ewt-ud-dev.conllu"
);

/// Floors measured on EWT dev (see the report printed by the tests), less a
/// small margin so unrelated tweaks do not flap.
/// Measured: 0.9927 of gold tokens, P=0.9838 R=0.7558 (joined with spaces:
/// a quarter of EWT sentences end without punctuation, so recall is capped).
const TOKEN_FLOOR: f64 = 0.99;
const SPLIT_PRECISION_FLOOR: f64 = 0.975;
const SPLIT_RECALL_FLOOR: f64 = 0.745;

struct GoldSentence {
    text: String,
    /// Byte spans of the syntactic words; `None` where a word is not a
    /// substring of the text (rare multiword tokens).
    words: Vec<Option<(usize, usize)>>,
    newdoc: bool,
    newpar: bool,
}

/// Which split is being checked, and whether the dev floors apply to it.
fn split_name() -> (String, bool) {
    match std::env::var("DYAD_EWT_CONLLU") {
        Ok(p) => (p.rsplit('/').next().unwrap_or(&p).to_string(), false),
        Err(_) => ("en_ewt-ud-dev".to_string(), true),
    }
}

fn load() -> Option<Vec<GoldSentence>> {
    // `DYAD_EWT_CONLLU` points the check at another split (train, test).
    let path = std::env::var("DYAD_EWT_CONLLU").unwrap_or_else(|_| DEV.to_string());
    let Ok(raw) = std::fs::read_to_string(&path) else {
        report(&format!("SKIP: EWT treebank not found at {path}"));
        return None;
    };
    let mut out = Vec::new();
    let (mut text, mut newdoc, mut newpar) = (None::<String>, false, false);
    let mut lines: Vec<Vec<String>> = Vec::new();
    for line in raw.lines().chain(std::iter::once("")) {
        if let Some(t) = line.strip_prefix("# text = ") {
            text = Some(t.to_string());
        } else if line.starts_with("# newdoc") {
            newdoc = true;
        } else if line.starts_with("# newpar") {
            newpar = true;
        } else if line.starts_with('#') {
        } else if line.is_empty() {
            if let Some(t) = text.take() {
                let words = align(&t, &lines);
                out.push(GoldSentence {
                    text: t,
                    words,
                    newdoc,
                    newpar,
                });
            }
            lines.clear();
            newdoc = false;
            newpar = false;
        } else {
            lines.push(line.split('\t').map(str::to_string).collect());
        }
    }
    Some(out)
}

/// Finds each syntactic word's span in the sentence text.
fn align(text: &str, lines: &[Vec<String>]) -> Vec<Option<(usize, usize)>> {
    let mut spans = Vec::new();
    let mut pos = 0;
    let skip_ws = |mut p: usize| {
        while let Some(c) = text[p..].chars().next() {
            if !c.is_whitespace() {
                break;
            }
            p += c.len_utf8();
        }
        p
    };
    let mut i = 0;
    while i < lines.len() {
        let id = &lines[i][0];
        if id.contains('.') {
            i += 1;
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
            let form = &lines[i][1];
            pos = skip_ws(pos);
            assert!(text[pos..].starts_with(form.as_str()), "{text} / {form}");
            let words: Vec<&String> = lines[i + 1..]
                .iter()
                .filter(|l| !l[0].contains('.'))
                .take(b - a + 1)
                .map(|l| &l[1])
                .collect();
            let concat: String = words.iter().map(|w| w.as_str()).collect();
            if concat == *form {
                let mut p = pos;
                for w in &words {
                    spans.push(Some((p, p + w.len())));
                    p += w.len();
                }
            } else {
                spans.extend(words.iter().map(|_| None));
            }
            pos += form.len();
            // Skip the word lines of the range.
            let mut seen = 0;
            i += 1;
            while seen < words.len() {
                if !lines[i][0].contains('.') {
                    seen += 1;
                }
                i += 1;
            }
            continue;
        }
        let form = &lines[i][1];
        pos = skip_ws(pos);
        assert!(text[pos..].starts_with(form.as_str()), "{text} / {form}");
        spans.push(Some((pos, pos + form.len())));
        pos += form.len();
        i += 1;
    }
    spans
}

#[test]
fn ewt_dev_token_agreement() {
    let Some(gold) = load() else { return };
    let mut seg = dyad_text::Segmenter::new();
    let (mut total, mut hit, mut exact_sents) = (0usize, 0usize, 0usize);
    let mut mismatches = String::new();
    for s in &gold {
        let pred: HashSet<(usize, usize)> = seg
            .tokenize(&s.text)
            .iter()
            .map(|t| (t.start, t.end))
            .collect();
        let mut ok = 0;
        for w in &s.words {
            if w.is_some_and(|w| pred.contains(&w)) {
                ok += 1;
            }
        }
        total += s.words.len();
        hit += ok;
        if ok == s.words.len() && pred.len() == s.words.len() {
            exact_sents += 1;
        } else {
            let g: Vec<&str> = s
                .words
                .iter()
                .map(|w| w.map_or("<?>", |(a, b)| &s.text[a..b]))
                .collect();
            let mut p: Vec<_> = pred.iter().copied().collect();
            p.sort();
            let p: Vec<&str> = p.iter().map(|&(a, b)| &s.text[a..b]).collect();
            let _ = writeln!(mismatches, "GOLD {}\nPRED {}\n", g.join(" "), p.join(" "));
        }
    }
    let agreement = hit as f64 / total as f64;
    let (name, floors) = split_name();
    if let Ok(path) = std::env::var("DYAD_EWT_DUMP") {
        std::fs::write(path, mismatches).unwrap();
    }
    report(&format!(
        "EWT {name} tokens: {hit}/{total} gold tokens reproduced = {agreement:.4}; \
         sentences tokenized exactly: {exact_sents}/{}",
        gold.len()
    ));
    if floors {
        assert!(
            agreement >= TOKEN_FLOOR,
            "token agreement {agreement:.4} < {TOKEN_FLOOR}"
        );
    }
}

/// Joins each document's sentences (paragraphs separated by `par_sep`) and
/// returns (true positives, predicted, gold) sentence starts.
fn boundaries(gold: &[GoldSentence], par_sep: &str, dump: &mut String) -> (usize, usize, usize) {
    let mut docs: Vec<(String, Vec<usize>)> = Vec::new();
    for s in gold {
        if s.newdoc || docs.is_empty() {
            docs.push((String::new(), Vec::new()));
        }
        let (text, starts) = docs.last_mut().unwrap();
        if !text.is_empty() {
            text.push_str(if s.newpar { par_sep } else { " " });
            starts.push(text.len());
        }
        text.push_str(&s.text);
    }
    let mut seg = dyad_text::Segmenter::new();
    let (mut tp, mut npred, mut ngold) = (0, 0, 0);
    for (text, starts) in &docs {
        let gold: HashSet<usize> = starts.iter().copied().collect();
        let pred: HashSet<usize> = seg
            .sentences(text)
            .iter()
            .skip(1)
            .map(|s| s.start)
            .collect();
        for &p in &pred {
            if gold.contains(&p) {
                tp += 1;
            } else {
                let a = text.floor_char_boundary(p.saturating_sub(50));
                let b = text.ceil_char_boundary((p + 30).min(text.len()));
                let _ = writeln!(dump, "FP  {} || {}", &text[a..p], &text[p..b]);
            }
        }
        for &g in &gold {
            if !pred.contains(&g) {
                let a = text.floor_char_boundary(g.saturating_sub(50));
                let b = text.ceil_char_boundary((g + 30).min(text.len()));
                let _ = writeln!(dump, "FN  {} || {}", &text[a..g], &text[g..b]);
            }
        }
        npred += pred.len();
        ngold += gold.len();
    }
    (tp, npred, ngold)
}

#[test]
fn ewt_dev_sentence_boundaries() {
    let Some(gold) = load() else { return };
    let mut dump = String::new();
    let (tp, np, ng) = boundaries(&gold, " ", &mut dump);
    let (p, r) = (tp as f64 / np as f64, tp as f64 / ng as f64);
    let (name, floors) = split_name();
    report(&format!(
        "EWT {name} sentence boundaries, documents joined with spaces: \
         P={p:.4} R={r:.4} F1={:.4} ({tp} of {np} predicted, {ng} gold)",
        2.0 * p * r / (p + r)
    ));
    let (tp2, np2, ng2) = boundaries(&gold, "\n\n", &mut String::new());
    let (p2, r2) = (tp2 as f64 / np2 as f64, tp2 as f64 / ng2 as f64);
    report(&format!(
        "EWT {name} sentence boundaries, paragraphs separated by blank lines: \
         P={p2:.4} R={r2:.4} F1={:.4} ({tp2} of {np2} predicted, {ng2} gold)",
        2.0 * p2 * r2 / (p2 + r2)
    ));
    if let Ok(path) = std::env::var("DYAD_EWT_SPLIT_DUMP") {
        std::fs::write(path, dump).unwrap();
    }
    if floors {
        assert!(
            p >= SPLIT_PRECISION_FLOOR,
            "precision {p:.4} < {SPLIT_PRECISION_FLOOR}"
        );
        assert!(
            r >= SPLIT_RECALL_FLOOR,
            "recall {r:.4} < {SPLIT_RECALL_FLOOR}"
        );
    }
}
