//! When an event happened: the date a clause's time expression names,
//! anchored on the document's date.
//!
//! News dates events relative to the day it was written: "on Monday" (the
//! last Monday before the story for a past-tense clause, the next one for
//! a future one), "yesterday", "today", "on Aug. 16", "16 August", "early
//! Oct. 17", "Saturday's attacks". A clause with no time expression has no
//! date of its own; the coder then uses the document's date, since news
//! reports what happened on or just before the day it is published.

use jiff::civil::{Date, Weekday};

use crate::Day;

/// A resolved date and the words that said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// The day.
    pub day: Day,
    /// The words ("on Monday").
    pub text: String,
}

fn date_of(day: Day) -> Option<Date> {
    Date::new(day.0 as i16, day.1 as i8, day.2 as i8).ok()
}

fn day_of(d: Date) -> Day {
    (i32::from(d.year()), d.month() as u8, d.day() as u8)
}

fn weekday(w: &str) -> Option<Weekday> {
    dyad_text::calendar::weekday(w).and_then(|d| Weekday::from_monday_one_offset(d as i8).ok())
}

fn month(w: &str) -> Option<i8> {
    dyad_text::calendar::month(w).map(|m| m as i8)
}

fn day_number(w: &str) -> Option<i8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n: i8 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

/// A month and a day written as one token ("sept.28th", "aug.16"), in
/// any case.
fn glued_month_day(w: &str) -> Option<(i8, i8)> {
    let (head, tail) = w.split_once('.')?;
    // `head` and its period.
    let m = month(&w[..head.len() + 1]).or_else(|| month(head))?;
    Some((m, day_number(tail)?))
}

/// Resolves the time expression among `words` (a clause's words, in
/// order), anchored on `anchor`. `future`: the clause speaks of what will
/// happen, so a weekday is the next one.
pub fn resolve(words: &[&str], anchor: Day, future: bool) -> Option<When> {
    let base = date_of(anchor)?;
    // A calendar date says more than "today" beside it ("today on
    // sept.28th"): look for one first.
    if let Some(w) = words.iter().find_map(|w| {
        let (m, dn) = glued_month_day(w)?;
        Some((w, Date::new(base.year(), m, dn).ok()?))
    }) {
        return Some(When {
            day: day_of(w.1),
            text: (*w.0).to_owned(),
        });
    }
    for (i, w) in words.iter().enumerate() {
        let is = |x: &str| w.eq_ignore_ascii_case(x);
        let last_night = is("night") && i > 0 && words[i - 1].eq_ignore_ascii_case("last");
        // "overnight Tuesday" is the night into Wednesday; "overnight"
        // alone is the story's own night, its day.
        if is("overnight") {
            if let Some(wd) = words.get(i + 1).and_then(|w| weekday(w)) {
                let d = if base.weekday() == wd {
                    base
                } else {
                    base.nth_weekday(-1, wd).ok()?
                };
                let d = d.tomorrow().ok()?.min(base);
                return Some(When {
                    day: day_of(d),
                    text: words[i..i + 2].join(" "),
                });
            }
            continue;
        }
        let found = if is("yesterday") {
            Some((base.yesterday().ok()?, i..i + 1))
        } else if last_night {
            Some((base.yesterday().ok()?, i - 1..i + 1))
        } else if is("today") || is("tonight") {
            Some((base, i..i + 1))
        } else if is("tomorrow") {
            Some((base.tomorrow().ok()?, i..i + 1))
        } else {
            None
        };
        if let Some((d, r)) = found {
            return Some(When {
                day: day_of(d),
                text: words[r].join(" "),
            });
        }
        if let Some(wd) = weekday(w) {
            let d = if future {
                base.nth_weekday(1, wd).ok()?
            } else if base.weekday() == wd {
                base
            } else {
                base.nth_weekday(-1, wd).ok()?
            };
            let start = if i > 0 && words[i - 1].eq_ignore_ascii_case("on") {
                i - 1
            } else {
                i
            };
            return Some(When {
                day: day_of(d),
                text: words[start..=i].join(" "),
            });
        }
        if let Some(m) = month(w) {
            // "Aug. 16" / "August 16, 2021"
            let next = words.get(i + 1).and_then(|n| day_number(n));
            // "16 August"
            let prev = i
                .checked_sub(1)
                .and_then(|k| words.get(k))
                .and_then(|p| day_number(p));
            let Some(dn) = next.or(prev) else { continue };
            let mut end = if next.is_some() { i + 2 } else { i + 1 };
            let start = if next.is_some() { i } else { i - 1 };
            let year = match words.get(end..end + 2) {
                Some([",", y]) if y.len() == 4 => y.parse::<i16>().ok().inspect(|_| end += 2),
                _ => None,
            };
            let year = year.unwrap_or(base.year());
            let Ok(mut d) = Date::new(year, m, dn) else {
                continue;
            };
            // A date with no year more than two months after the story is
            // last year's ("on Dec. 30" in a January story).
            if words.get(start..end).is_some_and(|s| s.len() <= 2)
                && d > base
                && d.since(base).ok()?.get_days() > 62
            {
                d = Date::new(year - 1, m, dn).ok()?;
            }
            return Some(When {
                day: day_of(d),
                text: words[start..end].join(" "),
            });
        }
    }
    None
}

/// Formats a day as `YYYY-MM-DD`.
pub fn iso(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.0, day.1, day.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str, future: bool) -> Option<String> {
        let words: Vec<&str> = text.split(' ').collect();
        // 2021-08-17 is a Tuesday.
        resolve(&words, (2021, 8, 17), future).map(|w| iso(w.day))
    }

    #[test]
    fn weekdays_point_back_for_the_past_and_ahead_for_the_future() {
        assert_eq!(r("spoke on Monday", false).as_deref(), Some("2021-08-16"));
        assert_eq!(r("met on Tuesday", false).as_deref(), Some("2021-08-17"));
        assert_eq!(
            r("attacked on Friday", false).as_deref(),
            Some("2021-08-13")
        );
        assert_eq!(
            r("will meet on Friday", true).as_deref(),
            Some("2021-08-20")
        );
        assert_eq!(
            r("Saturday's attacks", false).as_deref(),
            Some("2021-08-14")
        );
    }

    #[test]
    fn named_days_and_dates() {
        assert_eq!(r("yesterday", false).as_deref(), Some("2021-08-16"));
        assert_eq!(r("today", false).as_deref(), Some("2021-08-17"));
        assert_eq!(r("on Aug. 16", false).as_deref(), Some("2021-08-16"));
        assert_eq!(r("early Oct. 17", false).as_deref(), Some("2021-10-17"));
        assert_eq!(r("on 3 July", false).as_deref(), Some("2021-07-03"));
        assert_eq!(r("on July 3 , 2019", false).as_deref(), Some("2019-07-03"));
        assert_eq!(r("on Dec. 30", false).as_deref(), Some("2020-12-30"));
        assert_eq!(r("in May", false), None);
        assert_eq!(
            r("today on sept.28th", false).as_deref(),
            Some("2021-09-28")
        );
        assert_eq!(r("last night", false).as_deref(), Some("2021-08-16"));
        // 2021-08-17 is a Tuesday: overnight Sunday is Monday morning.
        assert_eq!(r("overnight Sunday", false).as_deref(), Some("2021-08-16"));
        assert_eq!(r("arrested overnight", false), None);
        assert_eq!(r("no date here", false), None);
    }
}
