//! What is stored for one coded document.
//!
//! A [`Record`] borrows everything from the caller (the source's document
//! and the engine's coding of it), so storing costs no copy before the
//! database's own. It is plain data: the store does not depend on how
//! documents are read or coded, only on the boundary types of the `actors`
//! and `events` stages.

use dyad_actors::Mention;
use dyad_events::Event;

/// One coded document, ready to store.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// The stable key (the source's FNV-1a of URL, else body): a document
    /// with a key already stored is not stored again.
    pub key: &'a str,
    /// The readable id (file name, JSONL `id`, `FILE:N`).
    pub id: &'a str,
    /// Where it was read: path, with `:LINE` or `:N` for a record.
    pub origin: &'a str,
    /// Its URL, if known.
    pub url: Option<&'a str>,
    /// Its own date as given, if any.
    pub published: Option<&'a str>,
    /// The day it was coded as (`YYYY-MM-DD`).
    pub day: &'a str,
    /// `text` or `html`.
    pub format: &'a str,
    /// The text that was coded; sentence, mention and event offsets point
    /// into it.
    pub text: &'a str,
    /// Byte spans of its sentences.
    pub sentences: &'a [[usize; 2]],
    /// Actor and place mentions.
    pub actors: &'a [Mention],
    /// Events, one per (source, target, code, date) of the document.
    pub events: &'a [Event],
}

impl Record<'_> {
    /// Who published the document: [`outlet`] of its URL and origin.
    pub fn outlet(&self) -> String {
        outlet(self.url, self.origin)
    }
}

/// The outlet a document counts for when sources are counted: the host
/// of its URL (lower-cased, without `www.` and port), else the file it
/// was read from (its origin without a `:LINE` or `:N` record suffix).
///
/// Two pages of one site are one source; two files without URLs are two.
pub fn outlet(url: Option<&str>, origin: &str) -> String {
    if let Some(host) = url.and_then(host) {
        return host;
    }
    match origin.rsplit_once(':') {
        Some((file, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => file.into(),
        _ => origin.into(),
    }
}

/// The host of an absolute URL.
fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::outlet;

    #[test]
    fn outlets() {
        assert_eq!(
            outlet(Some("https://www.Example.com:8080/a/b?c"), "x.jsonl:3"),
            "example.com"
        );
        assert_eq!(outlet(None, "corpus/a.jsonl:12"), "corpus/a.jsonl");
        assert_eq!(outlet(None, "corpus/a.txt"), "corpus/a.txt");
        assert_eq!(outlet(Some("not a url"), "-"), "-");
    }
}
