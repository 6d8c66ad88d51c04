//! Month and weekday names as news writes them ("Sept.", "Monday's"), for
//! the stages that read dates: actors (a month is never a surname) and
//! events (resolving "on Monday", "Aug. 16").

const MONTHS: [(&str, u8); 23] = [
    ("january", 1),
    ("jan.", 1),
    ("february", 2),
    ("feb.", 2),
    ("march", 3),
    ("mar.", 3),
    ("april", 4),
    ("apr.", 4),
    ("may", 5),
    ("june", 6),
    ("jun.", 6),
    ("july", 7),
    ("august", 8),
    ("aug.", 8),
    ("september", 9),
    ("sept.", 9),
    ("sep.", 9),
    ("october", 10),
    ("oct.", 10),
    ("november", 11),
    ("nov.", 11),
    ("december", 12),
    ("dec.", 12),
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month (1-12) a word names, in any case: `May`, `Sept.`.
pub fn month(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|(n, _)| word.eq_ignore_ascii_case(n))
        .map(|&(_, m)| m)
}

/// The weekday (1 Monday - 7 Sunday) a word names, in any case, with or
/// without a possessive: `Monday`, `Saturday's`.
pub fn weekday(word: &str) -> Option<u8> {
    let w = word.strip_suffix("'s").unwrap_or(word);
    WEEKDAYS
        .iter()
        .position(|n| w.eq_ignore_ascii_case(n))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_abbreviations() {
        assert_eq!(super::month("Sept."), Some(9));
        assert_eq!(super::month("may"), Some(5));
        assert_eq!(super::month("Mayor"), None);
        assert_eq!(super::weekday("Saturday's"), Some(6));
        assert_eq!(super::weekday("Monday"), Some(1));
        assert_eq!(super::weekday("Mon"), None);
    }
}
