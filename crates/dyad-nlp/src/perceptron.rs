//! The averaged perceptron shared by the tagger, the parser and the labeller.
//!
//! Features are 64-bit hashes (see [`crate::features`]); each feature owns
//! one dense row of weights, one per class, so scoring a decision is a few
//! dozen hash lookups and row additions that the compiler vectorises.
//!
//! Training keeps, next to the weights `w`, the running sum `u` of every
//! update multiplied by the instance counter at the time of the update. The
//! averaged weights are then `w - u / c` (Daumé's trick), which avoids the
//! per-weight timestamps of the textbook version.
//!
//! Frozen models keep `i16` weights (one scale per model; scores are summed
//! in `i32`) in an open-addressing table built once, without the rows of
//! rare features. They are stored exactly as they sit in memory and then
//! compressed (see [`crate::model`]), so loading is a decompression and a
//! copy.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// A hasher that passes through keys that are already well-mixed hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("IdentityHasher only hashes u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Feature hash → row index, while training.
pub type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

/// Scores are integers: weights are stored as `i16` and summed in `i32`,
/// which halves the memory the hot loop walks through and vectorises well.
pub type Score = i32;

/// An open-addressing table from feature key to a payload, built once at
/// load. Keys are hashes already: their low bits pick the slot and 31 of
/// their high bits are kept as a fingerprint, so a slot is small and a
/// lookup usually touches one cache line.
#[derive(Debug, Clone, Default)]
struct Table<P> {
    mask: usize,
    slots: Vec<Slot<P>>,
}

#[derive(Debug, Clone, Copy, Default)]
#[repr(C)]
struct Slot<P> {
    /// 0 marks an empty slot.
    fp: u32,
    payload: P,
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32) | 1
}

impl<P: Copy + Default> Table<P> {
    /// Builds a table at a load factor of at most 0.75: lookups of absent
    /// features (many, in a new sentence) still stop within a cache line
    /// or two, and the table stays small enough to stay in cache.
    fn new(items: impl ExactSizeIterator<Item = (u64, P)>) -> Table<P> {
        let cap = (items.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut t = Table {
            mask: cap - 1,
            slots: vec![Slot::default(); cap],
        };
        for (k, payload) in items {
            let mut i = k as usize & t.mask;
            while t.slots[i].fp != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = Slot {
                fp: fingerprint(k),
                payload,
            };
        }
        t
    }

    /// A table from stored slots; `None` unless their number is a power
    /// of two (the mask needs it).
    fn from_slots(slots: impl Iterator<Item = Slot<P>>) -> Option<Table<P>> {
        let slots: Vec<Slot<P>> = slots.collect();
        if !slots.len().is_power_of_two() {
            return None;
        }
        Some(Table {
            mask: slots.len() - 1,
            slots,
        })
    }

    /// Asks the memory system for `k`'s home slot ahead of [`Table::get`].
    #[inline]
    fn prefetch(&self, k: u64) {
        prefetch(&self.slots[k as usize & self.mask]);
    }

    #[inline]
    fn get(&self, k: u64) -> Option<&P> {
        let fp = fingerprint(k);
        let mut i = k as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.fp == fp {
                return Some(&slot.payload);
            }
            if slot.fp == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Features scored per prefetch batch (a decision has fewer).
const BATCH: usize = 128;

/// A hint that the byte at `p` will be read soon; a no-op where the
/// target has no prefetch instruction.
#[inline(always)]
fn prefetch_ptr(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults and reads nothing
    // into the program, whatever the address; SSE is in the x86_64 baseline.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A hint that `x` will be read soon.
#[inline(always)]
fn prefetch<T>(x: &T) {
    prefetch_ptr((x as *const T).cast::<u8>());
}

/// Prefetches every cache line of a row.
#[inline(always)]
fn prefetch_span<T>(row: &[T]) {
    let base = row.as_ptr().cast::<u8>();
    for off in (0..std::mem::size_of_val(row)).step_by(64) {
        prefetch_ptr(base.wrapping_add(off));
    }
}

/// Rows of up to this many classes are stored inside the table's slots.
const INLINE: usize = 4;

/// How the rows are laid out in memory.
#[derive(Debug, Clone)]
enum Layout {
    /// Narrow rows (the parser's three moves) live in the slot itself: one
    /// cache miss per feature instead of two.
    Inline(Table<[i16; INLINE]>),
    /// Wide rows live in `Weights::rows`; the slot holds the row index.
    Indirect(Table<u32>),
}

/// Frozen weights, ready for scoring.
#[derive(Debug, Clone)]
pub struct Weights {
    n_classes: usize,
    n_features: usize,
    layout: Layout,
    /// Row-major weights (indirect layout only).
    rows: Vec<i16>,
    scale: f32,
}

impl Weights {
    fn new(n_classes: usize, keys: Vec<u64>, rows: Vec<i16>, scale: f32) -> Weights {
        let n = n_classes;
        let n_features = keys.len();
        if n <= INLINE {
            let layout = Layout::Inline(Table::new(keys.iter().enumerate().map(|(r, &k)| {
                let mut w = [0i16; INLINE];
                w[..n].copy_from_slice(&rows[r * n..r * n + n]);
                (k, w)
            })));
            Weights {
                n_classes,
                n_features,
                layout,
                rows: Vec::new(),
                scale,
            }
        } else {
            let layout = Layout::Indirect(Table::new(
                keys.iter().enumerate().map(|(r, &k)| (k, r as u32)),
            ));
            Weights {
                n_classes,
                n_features,
                layout,
                rows,
                scale,
            }
        }
    }

    /// Number of classes (the length of every row).
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The weight one score unit stands for.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Adds the rows of `feats` to `scores` (whose length is `n_classes`).
    ///
    /// Lookups are memory-bound, so they run in phases: prefetch every
    /// feature's slot, then find the rows and prefetch them, then add. The
    /// misses of a whole decision overlap instead of waiting one by one.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [Score]) {
        let n = self.n_classes;
        debug_assert_eq!(scores.len(), n);
        match &self.layout {
            Layout::Inline(t) => {
                for f in feats {
                    t.prefetch(*f);
                }
                for f in feats {
                    if let Some(row) = t.get(*f) {
                        for (s, w) in scores.iter_mut().zip(row) {
                            *s += *w as Score;
                        }
                    }
                }
            }
            Layout::Indirect(t) => {
                for f in feats {
                    t.prefetch(*f);
                }
                let mut found = [0u32; BATCH];
                for chunk in feats.chunks(BATCH) {
                    let mut m = 0;
                    for f in chunk {
                        if let Some(&r) = t.get(*f) {
                            found[m] = r;
                            m += 1;
                            let row = &self.rows[r as usize * n..r as usize * n + n];
                            prefetch_span(row);
                        }
                    }
                    for &r in &found[..m] {
                        let r = r as usize * n;
                        for (s, w) in scores.iter_mut().zip(&self.rows[r..r + n]) {
                            *s += *w as Score;
                        }
                    }
                }
            }
        }
    }

    /// Quantises averaged float weights, dropping rows that round to zero.
    fn quantize(n: usize, entries: Vec<(u64, &[f32])>) -> Weights {
        let max = entries
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / i16::MAX as f32
        } else {
            1.0
        };
        let mut keys = Vec::with_capacity(entries.len());
        let mut rows = Vec::with_capacity(entries.len() * n);
        for (k, row) in entries {
            if row.iter().all(|w| w.abs() < scale / 2.0) {
                continue;
            }
            keys.push(k);
            rows.extend(row.iter().map(|w| (w / scale).round() as i16));
        }
        Weights::new(n, keys, rows, scale)
    }

    /// The stored form: the table and rows exactly as they sit in memory,
    /// as little-endian bytes, so loading is a decompression and a copy.
    pub fn to_stored(&self) -> StoredWeights {
        let mut slots = Vec::new();
        match &self.layout {
            Layout::Inline(t) => {
                for s in &t.slots {
                    slots.extend_from_slice(&s.fp.to_le_bytes());
                    for w in s.payload {
                        slots.extend_from_slice(&w.to_le_bytes());
                    }
                }
            }
            Layout::Indirect(t) => {
                for s in &t.slots {
                    slots.extend_from_slice(&s.fp.to_le_bytes());
                    slots.extend_from_slice(&s.payload.to_le_bytes());
                }
            }
        }
        StoredWeights {
            n_classes: self.n_classes as u32,
            n_features: self.n_features as u32,
            scale: self.scale,
            slots,
            rows: self.rows.iter().flat_map(|w| w.to_le_bytes()).collect(),
        }
    }

    /// Rebuilds weights from their stored form; `None` when the byte
    /// lengths do not fit together.
    pub fn from_stored(s: &StoredWeights) -> Option<Self> {
        let n = s.n_classes as usize;
        let rows: Vec<i16> = s
            .rows
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let layout = if n <= INLINE {
            let size = 4 + 2 * INLINE;
            if !s.slots.len().is_multiple_of(size) || !rows.is_empty() {
                return None;
            }
            Layout::Inline(Table::from_slots(s.slots.chunks_exact(size).map(|b| {
                let mut w = [0i16; INLINE];
                for (k, x) in w.iter_mut().enumerate() {
                    *x = i16::from_le_bytes([b[4 + 2 * k], b[5 + 2 * k]]);
                }
                Slot {
                    fp: u32_at(b),
                    payload: w,
                }
            }))?)
        } else {
            if !s.slots.len().is_multiple_of(8) || !s.rows.len().is_multiple_of(2) {
                return None;
            }
            let n_rows = rows.len() / n.max(1);
            let t = Table::from_slots(s.slots.chunks_exact(8).map(|b| Slot {
                fp: u32_at(b),
                payload: u32_at(&b[4..]),
            }))?;
            if t.slots
                .iter()
                .any(|s| s.fp != 0 && s.payload as usize >= n_rows)
            {
                return None;
            }
            Layout::Indirect(t)
        };
        Some(Weights {
            n_classes: n,
            n_features: s.n_features as usize,
            layout,
            rows,
            scale: s.scale,
        })
    }
}

/// Weights as serialised: the in-memory table and rows, little-endian.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredWeights {
    /// Classes per row.
    pub n_classes: u32,
    /// Feature rows.
    pub n_features: u32,
    /// Multiply an `i16` by this to get the weight.
    pub scale: f32,
    /// The open-addressing table's slots.
    #[serde(with = "serde_bytes")]
    pub slots: Vec<u8>,
    /// Row-major `i16` weights (empty when rows live in the slots).
    #[serde(with = "serde_bytes")]
    pub rows: Vec<u8>,
}

/// Weights being trained.
#[derive(Debug, Clone)]
pub struct Trainer {
    n_classes: usize,
    index: FeatureIndex,
    w: Vec<f32>,
    u: Vec<f64>,
    /// Updates each row took part in.
    updates: Vec<u32>,
    /// Instances seen so far, starting at 1.
    c: f64,
}

impl Trainer {
    /// An empty model over `n_classes` classes.
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            index: FeatureIndex::default(),
            w: Vec::new(),
            u: Vec::new(),
            updates: Vec::new(),
            c: 1.0,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current (not averaged) rows of `feats` to `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let n = self.n_classes;
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let r = r as usize * n;
                for (s, w) in scores.iter_mut().zip(&self.w[r..r + n]) {
                    *s += *w;
                }
            }
        }
    }

    /// Adds `delta` to the weight of `class` in the rows of `feats`.
    pub fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        let n = self.n_classes;
        let cu = self.c * delta as f64;
        for f in feats {
            let next = self.index.len() as u32;
            let r = *self.index.entry(*f).or_insert(next);
            if r == next {
                self.w.resize(self.w.len() + n, 0.0);
                self.u.resize(self.u.len() + n, 0.0);
                self.updates.push(0);
            }
            self.updates[r as usize] = self.updates[r as usize].saturating_add(1);
            let i = r as usize * n + class;
            self.w[i] += delta;
            self.u[i] += cu;
        }
    }

    /// Marks the end of one training instance (one decision).
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    /// The averaged weights, quantised. Rows that took part in fewer than
    /// `min_updates` updates are dropped: such rare features add size and
    /// cache misses, not accuracy.
    pub fn average(&self, min_updates: u32) -> Weights {
        let avg: Vec<f32> = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| (*w as f64 - u / self.c) as f32)
            .collect();
        let n = self.n_classes;
        let mut entries: Vec<(u32, u64, &[f32])> = self
            .index
            .iter()
            .map(|(k, r)| {
                (
                    self.updates[*r as usize],
                    *k,
                    &avg[*r as usize * n..(*r as usize + 1) * n],
                )
            })
            .filter(|(u, _, _)| *u >= min_updates)
            .collect();
        // Busiest rows first: the rows a sentence touches most sit together
        // in memory (fewer cache and TLB misses); ties by key, so the order
        // is deterministic.
        entries.sort_unstable_by_key(|(u, k, _)| (std::cmp::Reverse(*u), *k));
        Weights::quantize(n, entries.into_iter().map(|(_, k, r)| (k, r)).collect())
    }
}

/// Index of the highest score; ties go to the lowest index, so results are
/// deterministic.
#[inline]
pub fn argmax<T: PartialOrd>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate().skip(1) {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = feature id mod 3; feature 100 is noise present everywhere.
        let mut t = Trainer::new(3);
        for _ in 0..5 {
            for f in 0..30u64 {
                let feats = [f * 7919 + 1, 100];
                let mut s = [0.0; 3];
                t.score(&feats, &mut s);
                let guess = argmax(&s);
                let truth = (f % 3) as usize;
                if guess != truth {
                    t.update(&feats, truth, 1.0);
                    t.update(&feats, guess, -1.0);
                }
                t.tick();
            }
        }
        let w = t.average(0);
        let check = |w: &Weights| {
            for f in 0..30u64 {
                let mut s = [0; 3];
                w.score(&[f * 7919 + 1, 100], &mut s);
                assert_eq!(argmax(&s), (f % 3) as usize);
            }
        };
        check(&w);
        let stored = w.to_stored();
        let back = Weights::from_stored(&stored).unwrap();
        check(&back);
        assert_eq!(back.to_stored(), stored);
    }
}
