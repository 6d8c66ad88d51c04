//! HTML main-content extraction behind a trait of our own.
//!
//! Extractors are young crates; the rest of dyad only sees [`Extractor`]
//! and [`Extracted`], so one can be replaced after measuring another on the
//! benchmark (`dyad clean DIR --out-dir PRED`, then the benchmark's
//! `score.py`). The one in use is [`Smoothie`], a port of Mozilla's
//! readability.js (`dom_smoothie`), followed by the rule part of the
//! flattened-text cleaner ([`super::text::rule`], credits cut off) on the
//! extracted lines: readability keeps what sits inside the article's
//! container, and news pages put share bars, "Advertisement" slots, photo
//! credits and "Read more" prompts there too.
//!
//! The title is kept as the first line: the article's headline is part of
//! what a reader (and the benchmark's ground truth) counts as the article.

use dom_smoothie::{Config, ParsePolicy, Readability, TextMode};

use super::text;

/// What an extractor returns.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Extracted {
    /// The headline, when the page has one.
    pub title: Option<String>,
    /// The page's summary (its description metadata), when it says
    /// something the body does not open with. Reported apart: it is often
    /// written for search engines, not printed on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standfirst: Option<String>,
    /// The author line ("By Jane Doe"), when the page marks one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// The dateline the body opens with ("KABUL, Afghanistan (AP) —"),
    /// which stays in `text` too: it tells the coder where the story is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// Figure captions, taken out of the body: a caption printed beside a
    /// photo is no sentence of the story (and is often printed twice).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
    /// The article text, paragraphs separated by blank lines (the title is
    /// not repeated here).
    pub text: String,
}

impl Extracted {
    /// Title and text as one string: the title, a blank line, the text.
    pub fn full_text(&self) -> String {
        match &self.title {
            Some(t) if !t.trim().is_empty() && !self.text.starts_with(t.trim()) => {
                format!("{}\n\n{}", t.trim(), self.text)
            }
            _ => self.text.clone(),
        }
    }
}

/// Why extraction failed.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The extractor found no article content.
    #[error("no article content found")]
    NoContent,
    /// The extractor failed for another reason.
    #[error("extractor failed: {0}")]
    Failed(String),
}

/// A main-content extractor: HTML in, title and article text out.
pub trait Extractor {
    /// A short name for reports.
    fn name(&self) -> &'static str;
    /// Extracts the article of `html`.
    fn extract(&self, html: &str) -> Result<Extracted, ExtractError>;
}

/// What is done to the text readability extracted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Post {
    /// Nothing.
    None,
    /// The cleaner's rules only ([`text::rule`], credits cut off).
    Rules,
    /// The whole flattened-text cleaner at this threshold, without its
    /// prose guard (readability already chose the prose).
    Model(f32),
}

/// The threshold of the line model after readability: lower than on whole
/// pages, since most of what readability returns is article text.
pub const HTML_THRESHOLD: f32 = 0.2;

/// `dom_smoothie` (readability.js) plus our line cleaner; see the module
/// documentation.
#[derive(Debug, Clone)]
pub struct Smoothie {
    /// What is done to the extracted text.
    pub post: Post,
}

impl Default for Smoothie {
    fn default() -> Self {
        Smoothie {
            post: Post::Model(HTML_THRESHOLD),
        }
    }
}

impl Extractor for Smoothie {
    fn name(&self) -> &'static str {
        match self.post {
            Post::None => "dom_smoothie",
            Post::Rules => "dom_smoothie+rules",
            Post::Model(_) => "dom_smoothie+lines",
        }
    }

    fn extract(&self, html: &str) -> Result<Extracted, ExtractError> {
        let cfg = Config {
            text_mode: TextMode::Formatted,
            ..Config::default()
        };
        let html = &*repair_title(html);
        // Readability.js retries with fewer cleaning heuristics when the
        // strict pass finds nothing; so do we.
        let mut found = None;
        for policy in [
            ParsePolicy::Strict,
            ParsePolicy::Moderate,
            ParsePolicy::Clean,
            ParsePolicy::Raw,
        ] {
            let mut r = Readability::new(html, None, Some(cfg.clone()))
                .map_err(|e| ExtractError::Failed(e.to_string()))?;
            match r.parse_with_policy(policy) {
                Ok(a) if !a.text_content.trim().is_empty() => {
                    found = Some(a);
                    break;
                }
                Ok(_) | Err(dom_smoothie::ReadabilityError::GrabFailed) => continue,
                Err(e) => return Err(ExtractError::Failed(e.to_string())),
            }
        }
        let Some(a) = found else {
            return flattened(html);
        };
        let captions = captions(&a.content);
        let raw = drop_captions(&a.text_content, &captions);
        let e = Extracted {
            title: Some(a.title.trim().to_owned()).filter(|t| !t.is_empty()),
            byline: a
                .byline
                .as_deref()
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty()),
            captions,
            ..Extracted::default()
        };
        finish(e, &raw, a.excerpt.as_deref(), self.post)
    }
}

/// The common end of extraction: `raw` (the extractor's text) through the
/// post-processing `post`, the dateline and the standfirst found.
fn finish(
    mut e: Extracted,
    raw: &str,
    description: Option<&str>,
    post: Post,
) -> Result<Extracted, ExtractError> {
    e.text = match post {
        Post::None | Post::Model(_) => tidy(raw),
        Post::Rules => apply_rules(raw),
    };
    if let Post::Model(t) = post {
        // The title goes through the cleaner with the text, so that a
        // site-name title ("Home | Example News") can be dropped.
        let cleaner = text::Cleaner::default()
            .with_threshold(t)
            .with_prose_floor(None);
        let full = e.full_text();
        let cleaned = cleaner.clean(&full);
        let title_kept = e
            .title
            .as_deref()
            .is_some_and(|t| cleaned.starts_with(t.trim()));
        if !title_kept {
            e.title = None;
        }
        e.text = match (title_kept, e.title.as_deref()) {
            (true, Some(t)) => cleaned[t.trim().len()..].trim_start().to_owned(),
            _ => cleaned,
        };
    }
    if e.text.trim().is_empty() && e.title.is_none() {
        return Err(ExtractError::NoContent);
    }
    e.dateline = dateline(&e.text).map(str::to_owned);
    e.standfirst = description
        .map(|x| x.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|x| x.len() > 20 && !opens_with(&e.text, x));
    Ok(e)
}

/// The Rust port of trafilatura (`trafilatura` crate, a port of
/// go-trafilatura), behind the same trait, for comparison on the benchmark
/// (`dyad clean --extractor trafilatura`, built with the `trafilatura`
/// feature). Its text goes through the same post-processing as
/// [`Smoothie`]'s.
#[cfg(feature = "trafilatura")]
#[derive(Debug, Clone)]
pub struct Trafilatura {
    /// What is done to the extracted text.
    pub post: Post,
}

#[cfg(feature = "trafilatura")]
impl Default for Trafilatura {
    fn default() -> Self {
        Trafilatura {
            post: Post::Model(HTML_THRESHOLD),
        }
    }
}

#[cfg(feature = "trafilatura")]
impl Extractor for Trafilatura {
    fn name(&self) -> &'static str {
        match self.post {
            Post::None => "trafilatura",
            Post::Rules => "trafilatura+rules",
            Post::Model(_) => "trafilatura+lines",
        }
    }

    fn extract(&self, html: &str) -> Result<Extracted, ExtractError> {
        // The page is already decoded; the port would decode it again by
        // its `<meta charset>` (Latin-1 read of UTF-8: "Kosovoâ€™s").
        let html = repair_title(html).replace("charset=", "data-charset=");
        let html = html.as_str();
        let opts = trafilatura::Options::default().with_fallback(true);
        // The port panics on some real pages (an unwrap in its tree code);
        // a panic is that page's failure, not the batch's end.
        let r = std::panic::catch_unwind(|| trafilatura::extract(html, &opts))
            .map_err(|_| ExtractError::Failed("trafilatura panicked on this page".into()))?
            .map_err(|e| ExtractError::Failed(e.to_string()))?;
        if r.content_text.trim().is_empty() {
            return flattened(html);
        }
        let m = &r.metadata;
        let nonempty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let captions = captions(&r.content_html);
        let raw = drop_captions(&r.content_text, &captions);
        let e = Extracted {
            title: nonempty(&m.title),
            byline: nonempty(&m.author),
            captions,
            ..Extracted::default()
        };
        finish(e, &raw, Some(&m.description), self.post)
    }
}

/// Collapses runs of blank lines and trims every line's right end.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for l in s.lines() {
        let l = l.trim_end();
        if l.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(l.trim_start());
        blank = false;
    }
    out
}

/// Drops the lines a rule of the text cleaner drops and cuts trailing
/// credits, keeping the rest.
fn apply_rules(s: &str) -> String {
    let t = tidy(s);
    let mut out = String::with_capacity(t.len());
    let mut blank = false;
    for para in t.split("\n\n") {
        let mut first_in_para = true;
        for l in para.lines() {
            let l = match text::credit_cut(l) {
                Some(c) => l[..c].trim_end(),
                None => l,
            };
            if text::rule(l).is_some() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(if blank || first_in_para { "\n\n" } else { "\n" });
            }
            out.push_str(l);
            blank = false;
            first_in_para = false;
        }
        blank = true;
    }
    out
}

/// The fallback when readability finds no article: the page's visible
/// text, one line per block, through the flattened-text cleaner (the same
/// path as scraped text).
fn flattened(html: &str) -> Result<Extracted, ExtractError> {
    let doc = dom_query::Document::from(html);
    let title = doc.select("title").text().trim().to_owned();
    doc.select("script, style, noscript, template, head")
        .remove();
    let body = doc.select("body");
    let raw = if body.exists() {
        body.formatted_text()
    } else {
        doc.formatted_text()
    };
    let text = text::Cleaner::default().clean(&tidy(&raw));
    if text.trim().is_empty() {
        return Err(ExtractError::NoContent);
    }
    let title = Some(title).filter(|t| !t.is_empty() && text.starts_with(t.as_str()));
    let text = match &title {
        Some(t) => text[t.len()..].trim_start().to_owned(),
        None => text,
    };
    Ok(Extracted {
        dateline: dateline(&text).map(str::to_owned),
        title,
        text,
        ..Extracted::default()
    })
}

/// The texts of the `<figcaption>`s (and `.caption`-classed blocks inside
/// figures) of the extracted article's HTML.
fn captions(content: &str) -> Vec<String> {
    if !content.contains("figcaption") && !content.contains("caption") {
        return Vec::new();
    }
    let doc = dom_query::Document::from(content);
    let mut out: Vec<String> = Vec::new();
    for sel in doc
        .select("figcaption, figure .caption, figure [class*=caption]")
        .iter()
    {
        let t = sel.text().split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// `text` without the lines that are one of `captions` (whitespace
/// aside), or a caption's pieces (a caption and its credit on two lines).
fn drop_captions(text: &str, captions: &[String]) -> String {
    if captions.is_empty() {
        return text.to_owned();
    }
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let l = norm(line);
        let caption = !l.is_empty()
            && captions
                .iter()
                .any(|c| c == &l || (l.len() > 15 && c.contains(&l)));
        if !caption {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Whether `text` opens with `x` (whitespace aside), or with most of it:
/// the description metadata is often the first paragraph, cut short.
fn opens_with(text: &str, x: &str) -> bool {
    let head: String = text
        .split_whitespace()
        .take(80)
        .collect::<Vec<_>>()
        .join(" ");
    let x = x.trim_end_matches(['.', '…', ' ']);
    let probe = &x[..x.floor_char_boundary(x.len().min(60))];
    head.contains(probe)
}

/// The dateline a news text opens with: a place in capitals ("KABUL",
/// "NEW YORK", "GENEVA, Switzerland"), perhaps an agency in brackets, then
/// a dash or colon ("KABUL, Afghanistan (AP) —").
pub fn dateline(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let first = t.lines().next()?;
    // The place: words in capitals (two letters or more).
    let mut i = 0;
    let b = first.as_bytes();
    let mut caps = 0;
    while i < b.len() && (b[i].is_ascii_uppercase() || matches!(b[i], b' ' | b'.' | b'\'' | b'-')) {
        if b[i].is_ascii_uppercase() {
            caps += 1;
        }
        i += 1;
    }
    if caps < 3 || (i < b.len() && b[i].is_ascii_lowercase()) {
        return None;
    }
    let rest = &first[i..];
    // ", Afghanistan", a date, "(AP)": up to the dash, within a short span.
    let dash = rest
        .char_indices()
        .take_while(|(k, _)| *k < 60)
        .find(|(_, c)| matches!(c, '—' | '–' | '-' | ':'))?;
    let between = &rest[..dash.0];
    // What lies between is a country or region, a date or an agency, no
    // sentence: no verb-like lower-case run of words.
    let lower_words = between
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    if lower_words > 1 || between.contains(". ") {
        return None;
    }
    let end = i + dash.0 + dash.1.len_utf8();
    let start = text.len() - t.len();
    Some(text[start..start + end].trim())
}

/// Closes a `<title>` that is never closed. The title is raw text to an
/// HTML parser, so an unclosed one swallows the whole page (truncated
/// captures and broken templates have them); it is closed at the end of
/// its line or at the first `<`, whichever comes first.
pub fn repair_title(html: &str) -> std::borrow::Cow<'_, str> {
    let head = &html.as_bytes()[..html.len().min(1 << 16)];
    let find = |needle: &[u8]| {
        head.windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    };
    let Some(open) = find(b"<title") else {
        return html.into();
    };
    if find(b"</title").is_some() {
        return html.into();
    }
    let Some(gt) = html[open..].find('>').map(|g| open + g + 1) else {
        return html.into();
    };
    let end = html[gt..].find(['\n', '<']).map_or(html.len(), |e| gt + e);
    let mut s = String::with_capacity(html.len() + 8);
    s.push_str(&html[..end]);
    s.push_str("</title>");
    s.push_str(&html[end..]);
    s.into()
}
