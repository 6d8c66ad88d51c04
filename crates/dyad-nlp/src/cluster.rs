//! Word clusters, read by the tagger and the parser as features.
//!
//! A word seen a few times in the treebank has little evidence of its own,
//! and 7.5% of the words of EWT's test set never occur in its training set
//! (their attachment is 10 points worse). Words that occur in the same
//! contexts in plain text (*Kosovo*, *Serbia*; *said*, *told*) fall into
//! one cluster, so what the models learn about one transfers to the
//! others, and to words the treebank never shows.
//!
//! The clusters are a Brown clustering (Brown et al. 1992): a binary tree
//! of word classes merged bottom-up to keep the likelihood of a
//! class-bigram model of a large text, a word's path down the tree its
//! cluster, and a path's prefixes coarser classes (Koo, Carreras and
//! Collins 2008 read them as parser features). dyad imports the English
//! clustering of `spacy-lookups-data` (MIT licence; NOTICE): a million
//! word forms of web text, 190,000 of them in 1,000 clusters. Each word
//! keeps a 6-bit prefix, a 10-bit prefix and its leaf.
//!
//! Words are keyed as the models read them ([`Lex::lower`]: lower-cased,
//! quotes folded, numbers by shape); the first, most frequent spelling of a
//! key decides its cluster.
//!
//! `dyad train clusters --brown FILE` writes `clusters.tsv` in the model
//! directory (`word<TAB>id<TAB>id…`, most frequent first); the tagger
//! trainer reads it and keeps the clusters inside the tagger model, which
//! hands them to the parser. The TSV is a training input, not shipped.

use crate::features::Lex;

/// Clustered words: for each word, its form (the most frequent spelling
/// of its key) and one class id per clustering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clusters {
    /// The class counts, coarse to fine.
    pub sizes: Vec<usize>,
    /// (word, ids), most frequent word first.
    pub words: Vec<(String, Vec<u32>)>,
}

/// Bits of a Brown path kept by each level of [`Clusters::from_brown`]
/// below the leaf: 6 bits (at most 64 classes), then 10 (at most 1,024).
pub const BROWN_PREFIXES: [u32; 2] = [6, 10];

impl Clusters {
    /// Clusters from a Brown clustering (Brown et al. 1992) as spaCy's
    /// `spacy-lookups-data` ships it: each word's path down the binary
    /// merge tree packed into an integer with the *first* branch in the
    /// lowest bit, 0 for a word without a cluster. Words come most frequent
    /// first. Each word gets the prefixes of [`BROWN_PREFIXES`] (coarse
    /// classes: the upper levels of the tree) and its leaf, numbered in
    /// order of the leaves' values.
    pub fn from_brown(words: impl IntoIterator<Item = (String, u64)>) -> Clusters {
        let words: Vec<(String, u64)> = words
            .into_iter()
            // A TSV line holds one word: none with tabs, line breaks or
            // spaces at its ends.
            .filter(|(w, v)| {
                *v != 0 && !w.is_empty() && w.trim() == w && !w.contains(['\t', '\n', '\r'])
            })
            .collect();
        let mut leaves: Vec<u64> = words.iter().map(|&(_, v)| v).collect();
        leaves.sort_unstable();
        leaves.dedup();
        let mut sizes: Vec<usize> = BROWN_PREFIXES.iter().map(|&b| 1 << b).collect();
        sizes.push(leaves.len());
        let words = words
            .into_iter()
            .map(|(w, v)| {
                let mut ids: Vec<u32> = BROWN_PREFIXES
                    .iter()
                    .map(|&b| (v & ((1 << b) - 1)) as u32)
                    .collect();
                ids.push(leaves.binary_search(&v).unwrap_or(0) as u32);
                (w, ids)
            })
            .collect();
        Clusters { sizes, words }
    }

    /// The TSV form: a comment header, then `word<TAB>id…` per line.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("# sizes");
        for s in &self.sizes {
            out.push_str(&format!("\t{s}"));
        }
        out.push('\n');
        for (w, ids) in &self.words {
            out.push_str(w);
            for c in ids {
                out.push_str(&format!("\t{c}"));
            }
            out.push('\n');
        }
        out
    }

    /// Reads the TSV form.
    pub fn from_tsv(text: &str) -> Result<Clusters, String> {
        let mut c = Clusters::default();
        for (no, line) in text.lines().enumerate() {
            if let Some(rest) = line.strip_prefix("# sizes") {
                c.sizes = rest
                    .split('\t')
                    .filter(|x| !x.is_empty())
                    .map(|x| x.parse().map_err(|_| format!("line {}: bad size", no + 1)))
                    .collect::<Result<_, _>>()?;
                continue;
            }
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut parts = line.split('\t');
            let w = parts.next().unwrap_or_default().to_owned();
            let ids: Vec<u32> = parts
                .map(|x| x.parse().map_err(|_| format!("line {}: bad id", no + 1)))
                .collect::<Result<_, _>>()?;
            if ids.len() != c.sizes.len() {
                return Err(format!(
                    "line {}: {} ids, expected {}",
                    no + 1,
                    ids.len(),
                    c.sizes.len()
                ));
            }
            c.words.push((w, ids));
        }
        Ok(c)
    }

    /// The clusters as the models store them: word key → ids packed into
    /// one value, 16 bits per clustering, coarse in the low bits.
    pub fn packed(&self) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = Vec::with_capacity(self.words.len());
        let mut seen = rustc_hash::FxHashSet::default();
        for (w, ids) in &self.words {
            let k = Lex::new(w).lower;
            if seen.insert(k) {
                let v = ids
                    .iter()
                    .take(4)
                    .enumerate()
                    .fold(0u64, |v, (i, &c)| v | ((c as u64 & 0xFFFF) << (16 * i)));
                out.push((k, v));
            }
        }
        out.sort_unstable();
        out
    }
}

/// The cluster value of words without a cluster.
pub const UNKNOWN: u64 = u64::MAX;

/// One clustering's id from a packed value (`level` 0 = coarsest), tagged
/// with the level so ids of different levels never meet.
#[inline]
pub fn level(packed: u64, level: usize) -> u64 {
    if packed == UNKNOWN {
        0xC1A5_5000 + level as u64
    } else {
        ((packed >> (16 * level)) & 0xFFFF) | ((level as u64 + 1) << 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brown_paths_give_prefixes_and_leaves() {
        // Paths written first branch first: 1011 0110 01, 1011 0110 11, 0.
        let path = |bits: &str| -> u64 {
            bits.chars()
                .enumerate()
                .map(|(i, b)| ((b == '1') as u64) << i)
                .sum()
        };
        let c = Clusters::from_brown([
            ("Kosovo".to_owned(), path("1011011001")),
            ("Serbia".to_owned(), path("1011011011")),
            ("kosovo".to_owned(), path("1")),
            ("said".to_owned(), path("0100")),
            ("zzyzx".to_owned(), 0),
            ("two words ".to_owned(), path("11")),
        ]);
        assert_eq!(c.sizes, vec![64, 1024, 4]);
        let ids = |w: &str| c.words.iter().find(|(x, _)| x == w).map(|x| x.1.clone());
        let (k, s) = (ids("Kosovo").unwrap(), ids("Serbia").unwrap());
        assert_eq!(k[0], s[0], "same first six branches");
        assert_ne!(k[1], s[1], "they part at the tenth");
        assert_ne!(k[2], s[2]);
        assert_eq!(ids("zzyzx"), None, "no cluster");
        assert_eq!(ids("two words "), None, "not a TSV word");
        let again = Clusters::from_tsv(&c.to_tsv("test")).unwrap();
        assert_eq!(again, c);
        // One key per lower-cased word: the first spelling wins.
        let packed = c.packed();
        let key = Lex::new("Kosovo").lower;
        let v = packed.iter().find(|(k, _)| *k == key).unwrap().1;
        assert_eq!(level(v, 2) & 0xFFFF, k[2] as u64);
    }
}
