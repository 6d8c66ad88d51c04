//! GDELT 2.0 Events and Mentions tables, tab-separated, without a header,
//! in the column order of the GDELT 2.0 Event Codebook: tools that read
//! GDELT's `export.CSV` and `mentions.CSV` files read these.
//!
//! `docs/EXPORT.md` gives every column's source in dyad and the columns
//! dyad cannot fill (tone, ethnic and religion codes, ADM codes, feature
//! ids), which are left empty as GDELT leaves unknown values.

use std::io::Write;

use dyad_events::{Location, Party};
use dyad_store::{StoredEvent, StoredMention};

use crate::text::{clean, event_id, timestamp, ymd};

/// Columns of a GDELT 2.0 Events row.
pub const EVENT_COLUMNS: usize = 61;
/// Columns of a GDELT 2.0 Mentions row.
pub const MENTION_COLUMNS: usize = 16;

/// The names of the Events columns, in order (GDELT files carry no
/// header; this is for documentation and for tools that want one).
pub const EVENT_HEADER: [&str; EVENT_COLUMNS] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The names of the Mentions columns, in order.
pub const MENTION_HEADER: [&str; MENTION_COLUMNS] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// What a GDELT Events row is made of, borrowed from a stored event (or,
/// in `dyad code`, from one document's coded event).
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// GLOBALEVENTID.
    pub id: i64,
    /// The event's day, `YYYY-MM-DD` (empty or malformed: no date).
    pub date: &'a str,
    /// Actor1.
    pub source: Option<&'a Party>,
    /// Actor2.
    pub target: Option<&'a Party>,
    /// Reported in the lead sentence of its (representative) document.
    pub root: bool,
    /// CAMEO event code.
    pub cameo: &'a str,
    /// Quad class 1-4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: Option<f32>,
    /// NumMentions.
    pub mentions: u64,
    /// NumSources.
    pub sources: u64,
    /// NumArticles.
    pub articles: u64,
    /// ActionGeo.
    pub location: Option<&'a Location>,
    /// DATEADDED's day, `YYYY-MM-DD`.
    pub added: &'a str,
    /// SOURCEURL: the URL, else the document's readable id.
    pub url: &'a str,
}

impl<'a> Row<'a> {
    /// The row of a stored event: the representative mention's coding and
    /// document, the cluster's counts; first seen as DATEADDED.
    pub fn stored(e: &'a StoredEvent) -> Row<'a> {
        Row {
            id: event_id(&e.key),
            date: &e.date,
            source: e.source.as_ref(),
            target: e.target.as_ref(),
            root: e.sentence == 0,
            cameo: &e.cameo,
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            mentions: e.mentions,
            sources: e.sources,
            articles: e.documents,
            location: e.location.as_ref(),
            added: &e.first_seen,
            url: e.url.as_deref().unwrap_or(&e.doc),
        }
    }
}

/// GDELT's FractionDate: year + (30 × (month − 1) + day) / 365, to four
/// places, as the codebook computes it.
fn fraction_date(y: i32, m: u32, d: u32) -> String {
    format!("{:.4}", f64::from(y) + f64::from(30 * (m - 1) + d) / 365.0)
}

/// An actor's ten columns: Code, Name, CountryCode, KnownGroupCode,
/// EthnicCode, Religion1Code, Religion2Code, Type1Code, Type2Code,
/// Type3Code.
fn actor(out: &mut impl Write, p: Option<&Party>) -> std::io::Result<()> {
    match p {
        None => out.write_all("\t".repeat(10).as_bytes()),
        Some(p) => {
            let name = p.entity.as_deref().unwrap_or(&p.text).to_uppercase();
            write!(
                out,
                "{}\t{}\t{}\t{}\t\t\t\t{}\t\t\t",
                clean(&p.code),
                clean(&name),
                clean(p.country.as_deref().unwrap_or("")),
                clean(p.org.as_deref().unwrap_or("")),
                clean(p.sector.as_deref().unwrap_or("")),
            )
        }
    }
}

/// A geography's eight columns: Type, FullName, CountryCode, ADM1Code,
/// ADM2Code, Lat, Long, FeatureID. Type is 4 (world city) for a place
/// with coordinates, 1 (country) for a place known only by its country,
/// 0 for none.
fn geo(out: &mut impl Write, l: Option<&Location>) -> std::io::Result<()> {
    match l {
        None => out.write_all(b"0\t\t\t\t\t\t\t\t"),
        Some(l) => {
            let kind = match (l.lat, &l.country) {
                (Some(_), _) => 4,
                (None, Some(_)) => 1,
                (None, None) => 0,
            };
            let coord = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
            write!(
                out,
                "{kind}\t{}\t{}\t\t\t{}\t{}\t\t",
                clean(&l.text),
                clean(l.country.as_deref().unwrap_or("")),
                coord(l.lat),
                coord(l.lon),
            )
        }
    }
}

/// One Events row (61 tab-separated columns).
pub fn write_event(out: &mut impl Write, r: &Row<'_>) -> std::io::Result<()> {
    match ymd(r.date) {
        Some((y, m, d)) => write!(
            out,
            "{}\t{y:04}{m:02}{d:02}\t{y:04}{m:02}\t{y:04}\t{}\t",
            r.id,
            fraction_date(y, m, d)
        )?,
        None => write!(out, "{}\t\t\t\t\t", r.id)?,
    }
    actor(out, r.source)?;
    actor(out, r.target)?;
    let code = clean(r.cameo);
    write!(
        out,
        "{}\t{code}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t\t",
        u8::from(r.root),
        code.get(..3).unwrap_or(&code),
        code.get(..2).unwrap_or(&code),
        r.quad_class,
        r.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        r.mentions,
        r.sources,
        r.articles,
    )?;
    geo(out, None)?;
    geo(out, None)?;
    geo(out, r.location)?;
    writeln!(out, "{}\t{}", timestamp(r.added), clean(r.url))
}

/// The byte offset in the document of `words` in the mention's sentence,
/// -1 when they are not there.
fn offset(m: &StoredMention, words: Option<&str>) -> i64 {
    match words.and_then(|w| m.text.find(w)) {
        Some(i) => (m.start + i as u64) as i64,
        None => -1,
    }
}

/// One Mentions row (16 tab-separated columns).
pub fn write_mention(
    out: &mut impl Write,
    e: &StoredEvent,
    m: &StoredMention,
) -> std::io::Result<()> {
    let (kind, identifier) = match &m.url {
        Some(u) => (1, u.as_str()),
        None => (2, m.doc.as_str()),
    };
    writeln!(
        out,
        "{}\t{}\t{}\t{kind}\t{}\t{}\t{}\t{}\t{}\t{}\t1\t{}\t{}\t\t\t",
        event_id(&e.key),
        timestamp(&e.date),
        timestamp(&m.doc_day),
        clean(&m.outlet),
        clean(identifier),
        m.sentence + 1,
        offset(m, m.source_text.as_deref()),
        offset(m, m.target_text.as_deref()),
        m.trigger[0],
        (f64::from(m.confidence) * 100.0).round() as i64,
        m.doc_chars,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_the_codebook_widths() {
        let p = Party {
            text: "Chile".into(),
            country: Some("CHL".into()),
            org: None,
            sector: Some("GOV".into()),
            entity: None,
            code: "CHLGOV".into(),
        };
        let l = Location {
            text: "Lima".into(),
            country: Some("PER".into()),
            lat: Some(-12.05),
            lon: Some(-77.04),
        };
        let mut row = Row {
            id: 7,
            date: "2025-05-05",
            source: Some(&p),
            target: None,
            root: true,
            cameo: "111",
            quad_class: 3,
            goldstein: Some(-2.0),
            mentions: 2,
            sources: 1,
            articles: 2,
            location: Some(&l),
            added: "2025-05-06",
            url: "https://example.org/a",
        };
        let line = |row: &Row<'_>| {
            let mut v = Vec::new();
            write_event(&mut v, row).unwrap();
            String::from_utf8(v).unwrap()
        };
        let s = line(&row);
        let cols: Vec<&str> = s.trim_end_matches('\n').split('\t').collect();
        assert_eq!(cols.len(), EVENT_COLUMNS, "{s}");
        assert_eq!(cols[1], "20250505");
        assert_eq!(cols[4], "2025.3425");
        assert_eq!(cols[5], "CHLGOV");
        assert_eq!(cols[6], "CHILE");
        assert_eq!(cols[28], "11");
        assert_eq!(cols[51], "4");
        assert_eq!(cols[56], "-12.05");
        assert_eq!(cols[59], "20250506000000");
        row.date = "";
        row.location = None;
        let s = line(&row);
        assert_eq!(s.trim_end_matches('\n').split('\t').count(), EVENT_COLUMNS);
        assert_eq!(fraction_date(2025, 1, 1), "2025.0027");
    }
}
