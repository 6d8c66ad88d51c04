//! Dates as the knowledge base knows them: a year, a month or a day.
//!
//! An office that "started 2013" started some time in 2013; one that "ended
//! 2022-12" ended some time that month. [`PartialDate::first_day`] and
//! [`PartialDate::last_day`] turn such dates into the earliest and latest
//! days they can mean, which is what "was this person in office on that
//! day?" needs.

use std::fmt;

/// A calendar date, to day, month or year precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// Year.
    pub year: i32,
    /// Month 1-12, if known.
    pub month: Option<u8>,
    /// Day 1-31, if known (only with a month).
    pub day: Option<u8>,
}

/// A day: (year, month, day), comparable.
pub type Day = (i32, u8, u8);

impl PartialDate {
    /// A full date.
    pub fn ymd(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.trim().split('-');
        let y = parts.next()?;
        if y.len() != 4 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month = match parts.next() {
            None => None,
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
        };
        let day = match parts.next() {
            None => None,
            Some(d) => {
                let d = d.parse::<u8>().ok()?;
                if d == 0 || d > days_in_month(year, month?) {
                    return None;
                }
                Some(d)
            }
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The earliest day this date can mean.
    pub fn first_day(&self) -> Day {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest day this date can mean.
    pub fn last_day(&self) -> Day {
        let m = self.month.unwrap_or(12);
        (
            self.year,
            m,
            self.day.unwrap_or(days_in_month(self.year, m)),
        )
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The civil date `days` days after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn from_unix_days(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// Today's date (UTC).
pub fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    from_unix_days(secs.div_euclid(86_400))
}

/// Whether `day` falls within `[start, end]`, an open end meaning "still".
pub fn within(day: Day, start: Option<PartialDate>, end: Option<PartialDate>) -> bool {
    start.is_none_or(|s| s.first_day() <= day) && end.is_none_or(|e| day <= e.last_day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precisions() {
        assert_eq!(
            PartialDate::parse("2021").unwrap().first_day(),
            (2021, 1, 1)
        );
        assert_eq!(
            PartialDate::parse("2021").unwrap().last_day(),
            (2021, 12, 31)
        );
        assert_eq!(
            PartialDate::parse("2024-02").unwrap().last_day(),
            (2024, 2, 29)
        );
        assert_eq!(
            PartialDate::parse("2021-01-26").unwrap().to_string(),
            "2021-01-26"
        );
        for bad in [
            "",
            "21-01",
            "2021-13",
            "2021-02-30",
            "2021-01-01-01",
            "abcd",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(from_unix_days(0), (1970, 1, 1));
        assert_eq!(from_unix_days(18_855), (2021, 8, 16));
        assert_eq!(from_unix_days(11_016), (2000, 2, 29));
        assert_eq!(from_unix_days(-1), (1969, 12, 31));
    }

    #[test]
    fn within_handles_open_and_partial_ends() {
        let s = PartialDate::parse("2013-03-16");
        let e = PartialDate::parse("2022");
        assert!(within((2021, 8, 16), s, e));
        assert!(within((2022, 12, 31), s, e));
        assert!(!within((2023, 1, 1), s, e));
        assert!(!within((2013, 3, 15), s, e));
        assert!(within((2030, 1, 1), s, None));
    }
}
