//! Cleaning: from a page to its article text.
//!
//! - [`text`]: flattened text (every visible line of a page, the way
//!   scraped text arrives) → the article's lines, by a line classifier.
//! - [`html`]: HTML → title and article text, by DOM-based main-content
//!   extraction behind our own [`html::Extractor`] trait.

pub mod features;
pub mod html;
pub mod text;
pub mod train;
