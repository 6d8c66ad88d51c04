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
    let (title, text) = match doc.format {
        Format::Html => {
            let e = extractor.extract(&doc.body)?;
            (e.title.clone(), e.full_text())
        }
        Format::Text => (None, cleaner.clean(&doc.body)),
    };
    Ok(Article {
        id: doc.id.clone(),
        key: doc.key.clone(),
        origin: doc.origin.clone(),
        format: doc.format,
        title,
        text,
        url: doc.url.clone(),
        published: doc.published.clone(),
    })
}
