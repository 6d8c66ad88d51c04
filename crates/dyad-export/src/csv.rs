//! CSV: the events of `dyad query --format csv` (one writer for both),
//! and their mentions. Text fields are quoted; a header names the columns.

use std::io::Write;

use dyad_events::Party;
use dyad_store::{StoredEvent, StoredMention};

use crate::text::quote;

/// The header of the events CSV.
pub const EVENTS_HEADER: &str = "key,date,source,source_code,source_entity,target,target_code,target_entity,cameo,cameo_name,quad_class,goldstein,plover,place,mentions,documents,sources,first_seen,last_seen,doc,sentence,text";

/// The header of the mentions CSV.
pub const MENTIONS_HEADER: &str =
    "event,doc,url,outlet,doc_day,date,sentence,start,end,cameo,confidence,representative,text";

/// A party's key, actor code and person, empty when there is none.
pub fn party(p: Option<&Party>) -> (&str, &str, &str) {
    match p {
        Some(p) => (
            p.key().unwrap_or(""),
            p.code.as_str(),
            p.entity.as_deref().unwrap_or(""),
        ),
        None => ("", "", ""),
    }
}

/// One events row.
pub fn write_event(out: &mut impl Write, e: &StoredEvent) -> std::io::Result<()> {
    let (sk, sc, se) = party(e.source.as_ref());
    let (tk, tc, te) = party(e.target.as_ref());
    writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        e.key,
        e.date,
        quote(sk),
        quote(sc),
        quote(se),
        quote(tk),
        quote(tc),
        quote(te),
        e.cameo,
        quote(&e.cameo_name),
        e.quad_class,
        e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        quote(&e.plover.kind),
        quote(e.location.as_ref().map_or("", |l| l.text.as_str())),
        e.mentions,
        e.documents,
        e.sources,
        e.first_seen,
        e.last_seen,
        quote(&e.doc),
        e.sentence,
        quote(&e.text),
    )
}

/// One mentions row.
pub fn write_mention(
    out: &mut impl Write,
    e: &StoredEvent,
    m: &StoredMention,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},{},{}",
        e.key,
        quote(&m.doc),
        quote(m.url.as_deref().unwrap_or("")),
        quote(&m.outlet),
        m.doc_day,
        m.date,
        m.sentence,
        m.start,
        m.end,
        m.cameo,
        m.confidence,
        u8::from(m.representative),
        quote(&m.text),
    )
}
