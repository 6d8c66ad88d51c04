//! Sources → documents: files, directories and standard input, read one
//! document at a time.
//!
//! The kind of a file is told by its content as well as its name, because
//! users' files are often misnamed: gzip by its magic bytes (then the rest
//! is detected inside), HTML by its first tags, JSONL by a first line that
//! is a JSON object, and plain text otherwise. HTML bytes are decoded by
//! their byte-order mark, then the `<meta charset>` of the first kilobytes,
//! then UTF-8 if they are valid UTF-8, then `chardetng`'s guess, with
//! `encoding_rs` doing the decoding. Plain text and JSONL must be UTF-8: a
//! file that is not is reported (with the offset of the first bad byte),
//! never silently repaired.
//!
//! Feeds and web archives hold many documents in one file. An RSS or Atom
//! feed (told by `<rss`, `<feed` or `<rdf:RDF` near the start, or by a
//! `.rss`, `.atom` or `.xml` name) is parsed by `feed-rs` and yields one
//! text document per item: its title and the fuller of its content and
//! summary, tags stripped, with the item's link and date. A WARC file
//! (`WARC/` at the start, gzip or not; Common Crawl's `.warc.gz` is one
//! gzip member a record, which the multi-member decoder reads as one
//! stream) is read one record at a time by a small reader of our own
//! ([`warc`]), and each 2xx HTML `response` yields an HTML document: the
//! HTTP headers stripped, decoded by the HTTP `charset` first and then as
//! any HTML page, with `WARC-Target-URI` as its URL. Documents of a feed or
//! WARC are `FILE:N` (item or record number) in [`Document::id`].
//!
//! Every document also gets a [`Document::key`]: a stable hash of its URL
//! (else its body) that is the same on every machine and Rust version, for
//! deduplication and joins across runs; `id` stays the human-readable,
//! file-name-based name that `dyad clean --out-dir` writes and the
//! extraction scorer matches. A document's date ([`Document::published`])
//! comes from the JSONL `published` field, a feed item's published (else
//! updated) date, or an HTML page's metadata
//! (`article:published_time`, `<meta name=date|pubdate|…>`, JSON-LD
//! `datePublished`, `<time datetime>`), with a WARC record's `WARC-Date`
//! as the last resort.
//!
//! Bad input never stops a batch. Each problem is a [`Failure`] naming the
//! file (and the line, for JSONL) and the reason; the caller reports it and
//! goes on. Directories are walked in name order; a JSONL file is read line
//! by line, so a corpus is never held in memory whole.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::Encoding;

pub mod feed;
pub mod meta;
pub mod warc;

pub use meta::{html_published, stable_key};

/// Largest input read (after decompression): bigger files are cut here and
/// reported, so one huge page cannot exhaust memory.
pub const MAX_BYTES: u64 = 64 << 20;

/// What a document's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain or flattened text.
    Text,
    /// An HTML page.
    Html,
}

/// One document read from a source.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's id: the file name without `.html.gz`, `.html`,
    /// `.txt` and the like; a JSONL record's `id`, else `FILE:LINE`; a
    /// feed item's or WARC record's `FILE:N` (its number in the file,
    /// from 1). Readable, and what `dyad clean --out-dir` names files by.
    pub id: String,
    /// A stable key: 16 hex digits of the 64-bit FNV-1a hash of the URL
    /// when there is one, else of the body ([`stable_key`]). The same for
    /// the same page on any machine, run or Rust version.
    pub key: String,
    /// Where it came from: the path, with `:LINE` for a JSONL record.
    pub origin: String,
    /// What the body is.
    pub format: Format,
    /// The body, decoded.
    pub body: String,
    /// The document's date: a JSONL record's `published` field as given,
    /// else `YYYY-MM-DD` from feed item dates, HTML metadata or a WARC
    /// record's `WARC-Date`.
    pub published: Option<String>,
    /// A JSONL record's `url` field, a feed item's link, a WARC record's
    /// `WARC-Target-URI`.
    pub url: Option<String>,
}

/// Why a file or record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file (or record) has no content.
    #[error("empty")]
    Empty,
    /// The file holds binary data, not text.
    #[error("binary data, not text ({0})")]
    Binary(&'static str),
    /// Text that is not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    InvalidUtf8(usize),
    /// A gzip stream that ends early.
    #[error("truncated gzip data (the stream ends early)")]
    TruncatedGzip,
    /// A corrupt gzip stream.
    #[error("corrupt gzip data: {0}")]
    Gzip(String),
    /// Bigger than [`MAX_BYTES`].
    #[error("larger than {} MB", MAX_BYTES >> 20)]
    TooLarge,
    /// A JSONL line that is not a JSON object.
    #[error("not a JSON document: {0}")]
    Json(String),
    /// A JSONL record with no `raw` or `text` string.
    #[error("no \"raw\" or \"text\" field")]
    NoText,
    /// A feed that does not parse.
    #[error("not a readable RSS/Atom feed: {0}")]
    Feed(String),
    /// A bad or truncated WARC record.
    #[error("bad WARC record: {0}")]
    Warc(String),
}

impl InputError {
    /// Whether this is a skip (nothing to read) rather than a failure.
    pub fn is_skip(&self) -> bool {
        matches!(self, InputError::Empty)
    }
}

/// A file or record that could not be read, and why.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {error}")]
pub struct Failure {
    /// The path, with `:LINE` for a JSONL record.
    pub origin: String,
    /// The reason.
    pub error: InputError,
}

/// The id of a file: its name without the known extensions.
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    let mut id = name.as_str();
    for ext in [
        ".gz", ".html", ".htm", ".xhtml", ".txt", ".text", ".jsonl", ".ndjson", ".json", ".rss",
        ".atom", ".xml", ".warc",
    ] {
        if id.len() > ext.len() && id.to_ascii_lowercase().ends_with(ext) {
            id = &id[..id.len() - ext.len()];
        }
    }
    if name == "-" {
        "stdin".into()
    } else {
        id.to_owned()
    }
}

/// Files a directory walk reads (by extension); others are skipped.
fn wanted(path: &Path) -> bool {
    let n = path.to_string_lossy().to_ascii_lowercase();
    [
        ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".gz", ".rss", ".atom",
        ".xml", ".warc",
    ]
    .iter()
    .any(|e| n.ends_with(e))
}

/// Reads every document of `path` (a file, a directory walked in name
/// order, a glob pattern such as `crawl/*.warc.gz` when no file has that
/// very name, or `-` for standard input) and hands each, or each failure,
/// to `each`. Returns the number of files a directory walk passed over
/// because of their extension.
pub fn read_path(path: &Path, each: &mut dyn FnMut(Result<Document, Failure>)) -> usize {
    read_path_counting(path, None, each)
}

/// [`read_path`], adding to `consumed` the bytes it reads from the files
/// (compressed bytes for gzip), for a progress display: when a file is
/// done, the count has grown by the file's size (a file cut short, by
/// [`MAX_BYTES`] or a bad WARC record, counts whole), so that after the
/// last file it equals [`total_bytes`].
pub fn read_path_counting(
    path: &Path,
    consumed: Option<&Consumed>,
    each: &mut dyn FnMut(Result<Document, Failure>),
) -> usize {
    walk(path, &mut |f| match f {
        Ok(p) => read_file_counting(p, consumed, each),
        Err(e) => each(Err(e)),
    })
}

/// The total size in bytes of the files [`read_path`] reads for `paths`
/// (directories walked, patterns expanded, as it does), as stored (gzip
/// compressed); `None` when one of them is standard input (`-`), whose
/// size is unknown. Paths that cannot be read count nothing.
pub fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    for p in paths {
        if p.as_os_str() == "-" {
            return None;
        }
        walk(p, &mut |f| {
            if let Ok(f) = f {
                total += std::fs::metadata(f).map_or(0, |m| m.len());
            }
        });
    }
    Some(total)
}

/// Bytes of input read so far, shared between the thread that reads and
/// the one that shows progress.
#[derive(Debug, Clone, Default)]
pub struct Consumed(Arc<AtomicU64>);

impl Consumed {
    /// A counter at zero.
    pub fn new() -> Consumed {
        Consumed::default()
    }

    /// The bytes counted so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

/// A reader that adds what it reads to a [`Consumed`].
struct Counting<R> {
    inner: R,
    consumed: Consumed,
    /// What this reader has read, for the caller after it is gone.
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        self.consumed.add(n as u64);
        Ok(n)
    }
}

/// The files `path` stands for, in reading order: the file itself (or
/// `-`), a directory's wanted files walked in name order, or a glob
/// pattern's matches in name order; failures (an unreadable directory, a
/// pattern with no match) in their place. Returns the number of files a
/// directory walk passed over because of their extension.
fn walk(path: &Path, each: &mut dyn FnMut(Result<&Path, Failure>)) -> usize {
    let name = path.to_string_lossy();
    if !path.exists() && name != "-" && name.contains(['*', '?', '[']) {
        // A pattern the shell did not expand (quoted, or on Windows).
        let matches = match glob::glob(&name) {
            Ok(m) => m,
            Err(e) => {
                each(Err(failure(
                    &name,
                    InputError::Io(format!("bad pattern: {e}")),
                )));
                return 0;
            }
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        for m in matches {
            match m {
                Ok(p) => paths.push(p),
                Err(e) => each(Err(failure(
                    &e.path().display().to_string(),
                    InputError::Io(e.error().to_string()),
                ))),
            }
        }
        if paths.is_empty() {
            each(Err(failure(
                &name,
                InputError::Io("no file matches the pattern".into()),
            )));
            return 0;
        }
        paths.sort();
        return paths.iter().map(|p| walk(p, each)).sum();
    }
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                each(Err(failure(
                    &path.display().to_string(),
                    InputError::Io(e.to_string()),
                )));
                return 0;
            }
        };
        entries.sort();
        let mut passed = 0;
        for p in entries {
            if p.is_dir() {
                passed += walk(&p, each);
            } else if wanted(&p) {
                each(Ok(&p));
            } else {
                passed += 1;
            }
        }
        return passed;
    }
    each(Ok(path));
    0
}

fn failure(origin: &str, error: InputError) -> Failure {
    Failure {
        origin: origin.to_owned(),
        error,
    }
}

fn fail(origin: &str, error: InputError) -> Result<Document, Failure> {
    Err(Failure {
        origin: origin.to_owned(),
        error,
    })
}

/// Reads one file (or standard input for `-`).
pub fn read_file(path: &Path, each: &mut dyn FnMut(Result<Document, Failure>)) {
    read_file_counting(path, None, each);
}

/// [`read_file`], counting the bytes read into `consumed` (see
/// [`read_path_counting`]).
pub fn read_file_counting(
    path: &Path,
    consumed: Option<&Consumed>,
    each: &mut dyn FnMut(Result<Document, Failure>),
) {
    let origin = path.display().to_string();
    let (reader, size): (Box<dyn Read>, u64) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), 0)
    } else {
        match std::fs::File::open(path) {
            Ok(f) => {
                let size = f.metadata().map_or(0, |m| m.len());
                (Box::new(f), size)
            }
            Err(e) => return each(fail(&origin, InputError::Io(e.to_string()))),
        }
    };
    let Some(consumed) = consumed else {
        return read_stream(reader, path, origin, each);
    };
    let read = Rc::new(Cell::new(0));
    let counting = Counting {
        inner: reader,
        consumed: consumed.clone(),
        read: read.clone(),
    };
    read_stream(Box::new(counting), path, origin, each);
    // What was not read (a file cut at MAX_BYTES, a WARC file after a bad
    // record) is done too.
    consumed.add(size.saturating_sub(read.get()));
}

fn read_stream(
    reader: Box<dyn Read>,
    path: &Path,
    origin: String,
    each: &mut dyn FnMut(Result<Document, Failure>),
) {
    let mut head = BufReader::with_capacity(1 << 16, reader);
    // Gzip by magic bytes, whatever the name.
    let gz = match head.fill_buf() {
        Ok(b) => b.starts_with(&[0x1f, 0x8b]),
        Err(e) => return each(fail(&origin, InputError::Io(e.to_string()))),
    };
    let mut r: Box<dyn BufRead> = if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(head)))
    } else {
        Box::new(head)
    };
    let id = file_id(path);
    let lower = origin.to_ascii_lowercase();
    let named_jsonl =
        lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".jsonl.gz");
    // Peek at the start to tell WARC and JSONL from the rest.
    let (first, is_warc) = match r.fill_buf() {
        Ok(b) => (
            b.iter().copied().find(|c| !c.is_ascii_whitespace()),
            warc::looks_like_warc(b),
        ),
        Err(e) => return each(fail(&origin, gzip_error(e))),
    };
    if is_warc || lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
        return warc::read_warc(r, &id, &origin, each);
    }
    if named_jsonl || first == Some(b'{') {
        return read_jsonl(r, &origin, each);
    }
    let bytes = match read_all(r) {
        Ok(b) => b,
        Err(e) => return each(fail(&origin, e)),
    };
    let named_feed = [".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz"]
        .iter()
        .any(|e| lower.ends_with(e));
    if (named_feed && !looks_like_html(&bytes)) || feed::looks_like_feed(&bytes) {
        return feed::read_feed(&bytes, &id, &origin, each);
    }
    each(
        document_from_bytes(&bytes, id, origin.clone(), &lower)
            .map_err(|error| Failure { origin, error }),
    );
}

fn gzip_error(e: std::io::Error) -> InputError {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => InputError::TruncatedGzip,
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
            InputError::Gzip(e.to_string())
        }
        _ => InputError::Io(e.to_string()),
    }
}

fn read_all(r: impl Read) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    let mut lim = r.take(MAX_BYTES + 1);
    lim.read_to_end(&mut buf).map_err(gzip_error)?;
    if buf.len() as u64 > MAX_BYTES {
        return Err(InputError::TooLarge);
    }
    Ok(buf)
}

/// Reads a JSONL stream record by record.
fn read_jsonl(r: Box<dyn BufRead>, origin: &str, each: &mut dyn FnMut(Result<Document, Failure>)) {
    let mut any = false;
    for (i, line) in r.split(b'\n').enumerate() {
        let at = format!("{origin}:{}", i + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => return each(fail(&at, gzip_error(e))),
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any = true;
        let line = match String::from_utf8(line) {
            Ok(s) => s,
            Err(e) => {
                each(fail(
                    &at,
                    InputError::InvalidUtf8(e.utf8_error().valid_up_to()),
                ));
                continue;
            }
        };
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            Ok(_) => {
                each(fail(&at, InputError::Json("not an object".into())));
                continue;
            }
            Err(e) => {
                each(fail(&at, InputError::Json(e.to_string())));
                continue;
            }
        };
        let Some(body) = v["raw"]
            .as_str()
            .or(v["text"].as_str())
            .or(v["html"].as_str())
        else {
            each(fail(&at, InputError::NoText));
            continue;
        };
        let id = match &v["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => at.clone(),
            other => other.to_string(),
        };
        let format = if v["html"].is_string() || looks_like_html(body.as_bytes()) {
            Format::Html
        } else {
            Format::Text
        };
        let url = v["url"].as_str().map(str::to_owned);
        let published = v["published"].as_str().map(str::to_owned).or_else(|| {
            (format == Format::Html)
                .then(|| html_published(body))
                .flatten()
        });
        each(Ok(Document {
            id,
            key: stable_key(url.as_deref(), body),
            origin: at,
            format,
            body: body.to_owned(),
            published,
            url,
        }));
    }
    if !any {
        each(fail(origin, InputError::Empty));
    }
}

/// Whether bytes look like HTML: a doctype, `<html>`, `<head>` or `<body>`
/// near the start.
pub fn looks_like_html(b: &[u8]) -> bool {
    let head = &b[..b.len().min(4096)];
    let start = head
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    head.get(start) == Some(&b'<')
        && (has(b"<!doctype html")
            || has(b"<html")
            || has(b"<head")
            || has(b"<body")
            || has(b"<meta")
            || has(b"<div")
            || has(b"<p>"))
}

/// Why bytes are binary, if they are.
fn binary_reason(b: &[u8]) -> Option<&'static str> {
    let head = &b[..b.len().min(8192)];
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF file"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7fELF", "an executable"),
        (b"BZh", "bzip2 data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"\xfd7zXZ", "xz data"),
    ];
    for (m, what) in MAGIC {
        if head.starts_with(m) {
            return Some(what);
        }
    }
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    if !utf16 {
        let ctl = head
            .iter()
            .filter(|&&c| c == 0 || (c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c)))
            .count();
        if head.contains(&0) || ctl * 20 > head.len() {
            return Some("control bytes");
        }
    }
    None
}

/// Decodes HTML bytes: BOM, then `<meta charset>`, then UTF-8 if valid,
/// then chardetng's guess. Returns the text and the encoding used.
pub fn decode_html(b: &[u8]) -> (String, &'static Encoding) {
    if let Some((enc, _)) = Encoding::for_bom(b) {
        let (s, _, _) = enc.decode(b);
        return (s.into_owned(), enc);
    }
    if let Some(enc) = meta_charset(b) {
        // A page that declares UTF-16 in a meta tag is ASCII-compatible
        // bytes in practice; the HTML standard says to read UTF-8 then.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            declared_charset(enc, b)
        };
        let (s, _, _) = enc.decode(b);
        return (s.into_owned(), enc);
    }
    if let Ok(s) = std::str::from_utf8(b) {
        return (s.to_owned(), encoding_rs::UTF_8);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(b, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    let (s, _, _) = enc.decode(b);
    (s.into_owned(), enc)
}

/// The encoding to read `bytes` in when a page (`<meta charset>`) or its
/// server (the HTTP `charset`) declares `declared`: the declaration, unless
/// it names a legacy encoding while the bytes are valid UTF-8 with
/// non-ASCII characters. Such a declaration is stale (templates and
/// server settings copied across sites keep their old charset), and the
/// bytes are UTF-8: runs of bytes that happen to be valid UTF-8 are all
/// but impossible in Latin-1 or windows-1252 text.
pub fn declared_charset(declared: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if declared != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        encoding_rs::UTF_8
    } else {
        declared
    }
}

/// The encoding named by a `<meta charset=…>` or
/// `<meta http-equiv=Content-Type content="…; charset=…">` in the first
/// 4 KB.
pub fn meta_charset(b: &[u8]) -> Option<&'static Encoding> {
    let head = &b[..b.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = lower[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let v = &tag[c + 8..];
            let v = v
                .strip_prefix(b"\"")
                .or_else(|| v.strip_prefix(b"'"))
                .unwrap_or(v);
            let len = v
                .iter()
                .position(|&c| matches!(c, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .unwrap_or(v.len());
            if let Some(enc) = Encoding::for_label(&v[..len]) {
                return Some(enc);
            }
        }
        from = end;
    }
    None
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Makes a document of a whole file's bytes (already decompressed).
pub fn document_from_bytes(
    bytes: &[u8],
    id: String,
    origin: String,
    lower_name: &str,
) -> Result<Document, InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    if let Some(why) = binary_reason(bytes) {
        return Err(InputError::Binary(why));
    }
    let named_html = [".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"]
        .iter()
        .any(|e| lower_name.ends_with(e));
    if named_html || looks_like_html(bytes) {
        let (body, _) = decode_html(bytes);
        return Ok(Document {
            id,
            key: stable_key(None, &body),
            origin,
            format: Format::Html,
            published: html_published(&body),
            body,
            url: None,
        });
    }
    let body = match std::str::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_owned(),
        Err(e) => return Err(InputError::InvalidUtf8(e.valid_up_to())),
    };
    Ok(Document {
        id,
        key: stable_key(None, &body),
        origin,
        format: Format::Text,
        body,
        published: None,
        url: None,
    })
}
