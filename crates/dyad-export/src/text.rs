//! Small pieces every text format shares: CSV quoting, TSV cleaning,
//! dates in the forms GDELT and Arrow want.

use std::borrow::Cow;

/// A CSV field, always quoted, inner quotes doubled (RFC 4180).
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' {
            q.push('"');
        }
        q.push(c);
    }
    q.push('"');
    q
}

/// A TSV field: tabs and line breaks become spaces (TSV has no quoting).
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// `(year, month, day)` of a `YYYY-MM-DD` date, if it is one.
pub fn ymd(date: &str) -> Option<(i32, u32, u32)> {
    if date.len() != 10 {
        return None;
    }
    dyad_store::cluster::day_number(date)?;
    let y = date[..4].parse().ok()?;
    let m = date[5..7].parse().ok()?;
    let d = date[8..].parse().ok()?;
    Some((y, m, d))
}

/// Days since 1970-01-01 (Arrow's Date32) of a `YYYY-MM-DD` date.
pub fn date32(date: &str) -> Option<i32> {
    ymd(date)?;
    dyad_store::cluster::day_number(date).and_then(|d| i32::try_from(d).ok())
}

/// `YYYYMMDD` (GDELT's SQLDATE) of a `YYYY-MM-DD` date; empty if none.
pub fn sqldate(date: &str) -> String {
    match ymd(date) {
        Some((y, m, d)) => format!("{y:04}{m:02}{d:02}"),
        None => String::new(),
    }
}

/// `YYYYMMDDHHMMSS` at midnight (GDELT 2.0's DATEADDED and mention
/// times: dyad knows days, not times); empty if none.
pub fn timestamp(date: &str) -> String {
    match ymd(date) {
        Some(_) => format!("{}000000", sqldate(date)),
        None => String::new(),
    }
}

/// A value stored as `f32` (Goldstein, confidence) as the `f64` its
/// shortest decimal form means: 2.8, not 2.799999952316284.
pub fn widen(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// GDELT's GLOBALEVENTID for a stored event: its stable key (16 hex
/// digits) read as a number, shifted into the positive `i64` range
/// (BIGINT in every SQL engine). Stable across re-ingests, as the key is.
pub fn event_id(key: &str) -> i64 {
    u64::from_str_radix(key, 16).map_or(0, |k| (k >> 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_fields() {
        assert_eq!(quote("a \"b\", c"), "\"a \"\"b\"\", c\"");
        assert_eq!(clean("a\tb\nc"), "a b c");
        assert_eq!(sqldate("2025-05-06"), "20250506");
        assert_eq!(sqldate(""), "");
        assert_eq!(sqldate("2025-13-01"), "");
        assert_eq!(timestamp("2025-05-06"), "20250506000000");
        assert_eq!(date32("1970-01-02"), Some(1));
        assert_eq!(date32("unknown"), None);
        assert_eq!(widen(2.8), 2.8);
        assert_eq!(widen(-10.0), -10.0);
        assert_eq!(event_id("ffffffffffffffff"), i64::MAX);
        assert_eq!(event_id("0000000000000002"), 1);
    }
}
