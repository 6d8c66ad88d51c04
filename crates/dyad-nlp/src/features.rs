//! Hashed features.
//!
//! Every word is read once into a [`Lex`]: hashes of its lower-cased form,
//! prefixes, suffixes and shape, computed without allocating. Feature
//! templates then combine these with tags and labels into one 64-bit key per
//! feature ([`f1`], [`f2`], [`f3`]), which indexes a weight row. Hashing
//! instead of interning strings means no vocabulary to store and no string
//! allocation on the hot path; at 64 bits collisions are negligible.

/// Folds typographic quotes and apostrophes to their ASCII forms, so that
/// `Nato’s` and `Nato's` look the same to the models.
#[inline]
pub fn fold_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
    }
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Combines a running hash with one more value.
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ v).wrapping_mul(K)
}

/// Final avalanche (splitmix64), so keys work with an identity hasher.
#[inline]
pub fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A feature of one value.
#[inline]
pub fn f1(template: u32, a: u64) -> u64 {
    finish(mix(mix(0, template as u64), a))
}

/// A feature of two values.
#[inline]
pub fn f2(template: u32, a: u64, b: u64) -> u64 {
    finish(mix(mix(mix(0, template as u64), a), b))
}

/// A feature of three values.
#[inline]
pub fn f3(template: u32, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(mix(0, template as u64), a), b), c))
}

/// Hash of a string after quote folding and lower-casing.
pub fn hash_lower(s: &str) -> u64 {
    let mut h = 0x5151;
    for c in s.chars() {
        for l in fold_quote(c).to_lowercase() {
            h = mix(h, l as u64);
        }
    }
    h
}

/// Hash of a string after quote folding (case kept).
pub fn hash_form(s: &str) -> u64 {
    s.chars().fold(0x7171, |h, c| mix(h, fold_quote(c) as u64))
}

/// Word-level facts, hashed once per word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lex {
    /// Lower-cased, quote-folded form; for numbers, the shape instead.
    pub lower: u64,
    /// Prefixes of 1..=3 characters (lower-cased).
    pub prefix: [u64; 3],
    /// Suffixes of 1..=4 characters (lower-cased).
    pub suffix: [u64; 4],
    /// Shape: `Xxx`, `dd.dd`, `XX`… (runs of a class capped at two).
    pub shape: u64,
    /// Bit flags, see the `FLAG_` constants.
    pub flags: u8,
    /// The kind of punctuation mark the word is, for attachment rules.
    pub mark: crate::punct::Mark,
}

/// The first character is upper-case.
pub const FLAG_TITLE: u8 = 1;
/// Every letter is upper-case (and there is more than one).
pub const FLAG_UPPER: u8 = 2;
/// Contains a digit.
pub const FLAG_DIGIT: u8 = 4;
/// Contains a hyphen.
pub const FLAG_HYPHEN: u8 = 8;
/// Contains a letter.
pub const FLAG_ALPHA: u8 = 16;

/// The sentinel used for positions outside the sentence.
pub const NONE: u64 = 0xDEAD_BEEF;

impl Lex {
    /// Reads a word. Allocation-free.
    pub fn new(word: &str) -> Lex {
        let mut lower = 0x5151u64;
        let mut first = [0u64; 3];
        let mut last = [0u64; 4]; // ring buffer of the last 4 chars
        let mut n = 0usize;
        let mut shape = 0x3131u64;
        let mut prev_class = '\0';
        let mut run = 0;
        let mut flags = 0u8;
        let mut letters = 0;
        let mut uppers = 0;
        for (i, c) in word.chars().enumerate() {
            let c = fold_quote(c);
            let class = if c.is_uppercase() {
                uppers += 1;
                letters += 1;
                if i == 0 {
                    flags |= FLAG_TITLE;
                }
                'X'
            } else if c.is_alphabetic() {
                letters += 1;
                'x'
            } else if c.is_numeric() {
                flags |= FLAG_DIGIT;
                'd'
            } else {
                if c == '-' {
                    flags |= FLAG_HYPHEN;
                }
                c
            };
            if class == prev_class {
                run += 1;
            } else {
                run = 1;
                prev_class = class;
            }
            if run <= 2 {
                shape = mix(shape, class as u64);
            }
            for l in c.to_lowercase() {
                let l = l as u64;
                lower = mix(lower, l);
                if n < 3 {
                    first[n] = l;
                }
                last[n % 4] = l;
                n += 1;
            }
        }
        if letters > 0 {
            flags |= FLAG_ALPHA;
        }
        if uppers == letters && letters > 1 {
            flags |= FLAG_UPPER;
        }
        let mut prefix = [NONE; 3];
        let mut h = 0x1111;
        for (k, p) in prefix.iter_mut().enumerate().take(n.min(3)) {
            h = mix(h, first[k]);
            *p = h;
        }
        let mut suffix = [NONE; 4];
        let mut h = 0x2222;
        for k in 0..n.min(4) {
            // k-th character from the end, then hash outward so suffix_k
            // extends suffix_{k-1} to the left.
            h = mix(h, last[(n - 1 - k) % 4]);
            suffix[k] = h;
        }
        if flags & FLAG_DIGIT != 0 && flags & FLAG_ALPHA == 0 {
            // Numbers are many and sparse; their shape says what matters.
            lower = mix(shape, 0x004E_554D);
        }
        Lex {
            lower,
            prefix,
            suffix,
            shape,
            flags,
            mark: crate::punct::Mark::of(word),
        }
    }

    /// The sentinel for a position outside the sentence.
    pub fn none() -> Lex {
        Lex {
            lower: NONE,
            prefix: [NONE; 3],
            suffix: [NONE; 4],
            shape: NONE,
            flags: 0,
            mark: crate::punct::Mark::Plain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_quotes() {
        assert_eq!(Lex::new("Nato’s").lower, Lex::new("NATO's").lower);
        assert_ne!(Lex::new("Nato’s").shape, Lex::new("NATO's").shape);
        assert_eq!(hash_lower("Don’t"), hash_lower("don't"));
    }

    #[test]
    fn suffixes_and_prefixes() {
        let a = Lex::new("talking");
        let b = Lex::new("walking");
        assert_eq!(a.suffix, b.suffix);
        assert_ne!(a.prefix[0], b.prefix[0]);
        let short = Lex::new("a");
        assert_eq!(short.suffix[1], NONE);
        assert_eq!(Lex::new("").lower, Lex::new("").lower);
    }

    #[test]
    fn numbers_share_by_shape() {
        assert_eq!(Lex::new("1975").lower, Lex::new("2021").lower);
        assert_ne!(Lex::new("1975").lower, Lex::new("3.5").lower);
        assert_eq!(Lex::new("3.5").lower, Lex::new("7.1").lower);
        assert!(Lex::new("2021").flags & FLAG_DIGIT != 0);
    }
}
