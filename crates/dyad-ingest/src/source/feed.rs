//! RSS and Atom feeds: one document per item, through `feed-rs`.

use super::meta::{stable_key, strip_tags};
use super::{Document, Failure, Format, InputError};

/// Whether bytes look like a feed: `<rss`, `<feed` or `<rdf:RDF` in the
/// first kilobyte (after any XML declaration and comments).
pub fn looks_like_feed(b: &[u8]) -> bool {
    let head = &b[..b.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    let first = head.iter().position(|c| !c.is_ascii_whitespace());
    first.is_some_and(|i| head[i] == b'<' || head[i..].starts_with("\u{feff}".as_bytes()))
        && (has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf"))
}

/// Reads a feed's bytes: one document per item, in feed order. A feed
/// that does not parse is one failure.
pub fn read_feed(
    bytes: &[u8],
    file_id: &str,
    origin: &str,
    each: &mut dyn FnMut(Result<Document, Failure>),
) {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return each(Err(Failure {
                origin: origin.to_owned(),
                error: InputError::Feed(e.to_string()),
            }));
        }
    };
    if feed.entries.is_empty() {
        return each(Err(Failure {
            origin: origin.to_owned(),
            error: InputError::Empty,
        }));
    }
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let n = i + 1;
        let at = format!("{origin}:item {n}");
        let title = entry
            .title
            .map(|t| strip_tags(&t.content))
            .unwrap_or_default();
        // The fuller of content and summary: feeds put the article in
        // either, and a teaser in the other.
        let content = entry.content.and_then(|c| c.body).map(|b| strip_tags(&b));
        let summary = entry.summary.map(|s| strip_tags(&s.content));
        let text = match (content, summary) {
            (Some(c), Some(s)) => {
                if c.len() >= s.len() {
                    c
                } else {
                    s
                }
            }
            (c, s) => c.or(s).unwrap_or_default(),
        };
        let mut body = title.trim().to_owned();
        if !text.trim().is_empty() {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(text.trim_end());
        }
        if body.trim().is_empty() {
            each(Err(Failure {
                origin: at,
                error: InputError::Empty,
            }));
            continue;
        }
        body.push('\n');
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone());
        let published = entry
            .published
            .or(entry.updated)
            .map(|d| d.format("%Y-%m-%d").to_string());
        each(Ok(Document {
            id: format!("{file_id}:{n}"),
            key: stable_key(url.as_deref(), &body),
            origin: at,
            format: Format::Text,
            body,
            published,
            url,
        }));
    }
}
