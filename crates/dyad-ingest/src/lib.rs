//! Ingest and clean: sources → documents → article text.
//!
//! Users bring what they have: scraped page text full of boilerplate, HTML
//! pages, JSONL dumps. This crate reads them one document at a time
//! ([`source`]) and keeps the article: title, standfirst and body
//! ([`clean`]), so that the stages after it (sentences, parsing, actors,
//! events) never see a menu, a share prompt or a caption printed twice.
//!
//! ```
//! let text = "Advertisement\nLeaders met in Geneva on Monday to discuss the truce, officials said.\n03:24\n";
//! let article = dyad_ingest::clean_text(text);
//! assert!(article.contains("Leaders met in Geneva"));
//! assert!(!article.contains("Advertisement"));
//! assert!(!article.contains("03:24"));
//! ```

#![warn(missing_docs)]

pub mod clean;
pub mod source;

pub use clean::html::{Extracted, Extractor, Smoothie};
pub use clean::text::{Cleaner, Model, clean as clean_text};
pub use source::{Document, Failure, Format, InputError};

/// A cleaned document: what the stages after cleaning read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Article {
    /// The document's id (file-name based; see [`Document::id`]).
    pub id: String,
    /// The document's stable key (see [`Document::key`]).
    pub key: String,
    /// Where it came from.
    pub origin: String,
    /// What the input was.
    pub format: Format,
    /// The headline, when the input had one apart (HTML).
    pub title: Option<String>,
    /// The page's summary, when it adds to the body (HTML; see
    /// [`Extracted::standfirst`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standfirst: Option<String>,
    /// The author line (HTML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// The dateline the body opens with ("KABUL, Afghanistan (AP) —").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// Figure captions, kept apart from the body (HTML).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
    /// The article text: for HTML the title, a blank line and the body;
    /// for text the kept lines, verbatim.
    pub text: String,
    /// The document's URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The document's date, when known (see [`Document::published`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// Cleans one document: HTML through `extractor`, text through `cleaner`.
/// An HTML page where the extractor finds nothing falls back to nothing
/// kept, reported as an error.
pub fn clean_document(
    doc: &Document,
    extractor: &dyn Extractor,
    cleaner: &Cleaner<'_>,
) -> Result<Article, clean::html::ExtractError> {
    let (e, text) = match doc.format {
        Format::Html => {
            let e = extractor.extract(&doc.body)?;
            let text = e.full_text();
            (e, text)
        }
        Format::Text => {
            let text = cleaner.clean(&doc.body);
            let e = Extracted {
                dateline: clean::html::dateline(&text).map(str::to_owned),
                ..Extracted::default()
            };
            (e, text)
        }
    };
    Ok(Article {
        id: doc.id.clone(),
        key: doc.key.clone(),
        origin: doc.origin.clone(),
        format: doc.format,
        title: e.title,
        standfirst: e.standfirst,
        byline: e.byline,
        dateline: e.dateline,
        captions: e.captions,
        text,
        url: doc.url.clone(),
        published: doc.published.clone(),
    })
}
