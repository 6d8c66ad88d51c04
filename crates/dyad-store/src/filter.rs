//! What a query asks for.
//!
//! A [`Filter`] is plain values; [`Filter::validate`] rejects the ones
//! that cannot be right (a date that is not `YYYY-MM-DD`, a CAMEO code
//! that is not digits, a quad class outside 1-4) with a message naming
//! the option, before any SQL runs: a typo must be an error, not an empty
//! result. Backends turn a valid filter into parameterised SQL; values are
//! never spliced into the SQL text.

use crate::cluster::day_number;
use crate::{Error, Result};

/// Which events a query returns. Every field that is set must match; an
/// empty filter matches every event.
///
/// Actor values match a party's key (organisation or country), actor
/// code, country, organisation or entity (person), ignoring case, in any
/// mention of the event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Each of these actors is the source or the target.
    pub actors: Vec<String>,
    /// This actor is the source (either side for a symmetric event).
    pub source: Option<String>,
    /// This actor is the target (either side for a symmetric event).
    pub target: Option<String>,
    /// CAMEO code or a prefix of it (`19` is the root, `193` a code).
    pub cameo: Option<String>,
    /// PLOVER event type (`ASSAULT`), ignoring case.
    pub plover: Option<String>,
    /// Quad class, 1-4.
    pub quad_class: Option<u8>,
    /// Events on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Events on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// The place's words contain this, or its country code is this.
    pub place: Option<String>,
    /// A sentence reporting the event contains this (ignoring ASCII case).
    pub text: Option<String>,
    /// At most this many events.
    pub limit: Option<u64>,
    /// Skip this many events first (with `limit`: one page of results).
    pub offset: Option<u64>,
}

impl Filter {
    /// Checks every value, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        for (name, d) in [("--from", &self.from), ("--to", &self.to)] {
            if let Some(d) = d
                && (d.len() != 10 || day_number(d).is_none())
            {
                return Err(Error::Filter(format!(
                    "{name} {d:?} is not a date of the form YYYY-MM-DD"
                )));
            }
        }
        if let (Some(a), Some(b)) = (&self.from, &self.to)
            && a > b
        {
            return Err(Error::Filter(format!("--from {a} is after --to {b}")));
        }
        if let Some(c) = &self.cameo
            && (c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::Filter(format!(
                "--cameo {c:?} is not a CAMEO code or root (1-4 digits, such as 19 or 193)"
            )));
        }
        if let Some(q) = self.quad_class
            && !(1..=4).contains(&q)
        {
            return Err(Error::Filter(format!(
                "--quad {q} is not a quad class (1-4)"
            )));
        }
        let named = [
            ("--actor", self.actors.iter().collect::<Vec<_>>()),
            ("--source", self.source.iter().collect()),
            ("--target", self.target.iter().collect()),
            ("--plover", self.plover.iter().collect()),
            ("--place", self.place.iter().collect()),
            ("--text", self.text.iter().collect()),
        ];
        for (name, values) in named {
            if values.iter().any(|v| v.trim().is_empty()) {
                return Err(Error::Filter(format!("{name} is empty")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn bad_values_are_errors() {
        let bad = |f: Filter| f.validate().unwrap_err().to_string();
        let date = |d: &str| Filter {
            from: Some(d.into()),
            ..Filter::default()
        };
        assert!(bad(date("2025-13-01")).contains("--from"));
        assert!(bad(date("2025-5-1")).contains("YYYY-MM-DD"));
        assert!(
            bad(Filter {
                cameo: Some("19x".into()),
                ..Filter::default()
            })
            .contains("--cameo")
        );
        assert!(
            bad(Filter {
                quad_class: Some(5),
                ..Filter::default()
            })
            .contains("--quad")
        );
        assert!(
            bad(Filter {
                from: Some("2025-05-02".into()),
                to: Some("2025-05-01".into()),
                ..Filter::default()
            })
            .contains("after")
        );
        assert!(Filter::default().validate().is_ok());
        assert!(date("2025-05-01").validate().is_ok());
    }
}
