//! WARC files (plain, or gzip with one member a record as Common Crawl
//! writes them): one document per HTML `response` record.
//!
//! A small reader of our own rather than the `warc` crate: it reads from
//! the same decompressing `BufRead` as every other input, holds one record
//! at a time, and says which record went wrong. A record is a version line
//! (`WARC/1.0`), header lines, a blank line, `Content-Length` bytes of
//! block, and two CRLFs. A record whose block is not followed by the two
//! CRLFs has a wrong `Content-Length`; after it (or a truncated file) the
//! position of the next record is unknown, so reading stops there, with
//! the records before it kept.

use std::io::{BufRead, Read};

use super::meta::{date_prefix, html_published, stable_key};
use super::{
    Document, Failure, Format, InputError, MAX_BYTES, declared_charset, decode_html, gzip_error,
};

/// Whether a stream starts like a WARC file.
pub fn looks_like_warc(b: &[u8]) -> bool {
    b.starts_with(b"WARC/")
}

/// Reads one line (up to LF) of at most 64 KB; `None` at the end.
fn line(r: &mut dyn BufRead) -> Result<Option<Vec<u8>>, InputError> {
    let mut buf = Vec::new();
    let n = r
        .take(1 << 16)
        .read_until(b'\n', &mut buf)
        .map_err(gzip_error)?;
    if n == 0 {
        return Ok(None);
    }
    if !buf.ends_with(b"\n") {
        return Err(InputError::Warc("header line too long or cut".into()));
    }
    while buf.last().is_some_and(|c| *c == b'\n' || *c == b'\r') {
        buf.pop();
    }
    Ok(Some(buf))
}

/// `Name: value` header lines up to a blank line.
fn headers(r: &mut dyn BufRead) -> Result<Vec<(String, String)>, InputError> {
    let mut out = Vec::new();
    loop {
        let Some(l) = line(r)? else {
            return Err(InputError::Warc("the file ends inside a header".into()));
        };
        if l.is_empty() {
            return Ok(out);
        }
        let l = String::from_utf8_lossy(&l);
        if let Some((k, v)) = l.split_once(':') {
            out.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Reads a WARC stream record by record.
pub fn read_warc(
    mut r: Box<dyn BufRead>,
    file_id: &str,
    origin: &str,
    each: &mut dyn FnMut(Result<Document, Failure>),
) {
    let mut n = 0;
    loop {
        n += 1;
        let at = format!("{origin}:record {n}");
        match record(&mut *r, n, file_id, &at) {
            Ok(Some(Some(Ok(doc)))) => each(Ok(doc)),
            // A page that cannot be decoded: reported, and the records
            // after it are still read (the framing is sound).
            Ok(Some(Some(Err(error)))) => each(Err(Failure { origin: at, error })),
            Ok(Some(None)) => {}
            Ok(None) => return,
            Err(error) => return each(Err(Failure { origin: at, error })),
        }
    }
}

/// One record: `None` at the end of the stream, `Some(None)` for a record
/// that is not an HTML response, `Some(Some(Err))` for an HTML response
/// whose payload cannot be decoded.
type Record = Option<Option<Result<Document, InputError>>>;

fn record(r: &mut dyn BufRead, n: usize, file_id: &str, at: &str) -> Result<Record, InputError> {
    // Blank lines between records are tolerated.
    let version = loop {
        match line(r)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    if !version.starts_with(b"WARC/") {
        return Err(InputError::Warc("no WARC/ version line".into()));
    }
    let h = headers(r)?;
    let len: u64 = header(&h, "content-length")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| InputError::Warc("no valid Content-Length".into()))?;
    let wanted = header(&h, "warc-type") == Some("response")
        && header(&h, "content-type").is_some_and(|c| c.contains("application/http"));
    let block = if wanted && len <= MAX_BYTES {
        let mut b = Vec::with_capacity(len.min(1 << 20) as usize);
        r.take(len).read_to_end(&mut b).map_err(gzip_error)?;
        Some(b)
    } else {
        let got = std::io::copy(&mut r.take(len), &mut std::io::sink()).map_err(gzip_error)?;
        if got < len {
            return Err(InputError::Warc(format!(
                "truncated: {got} of {len} bytes of the block"
            )));
        }
        None
    };
    if let Some(b) = &block
        && (b.len() as u64) < len
    {
        return Err(InputError::Warc(format!(
            "truncated: {} of {len} bytes of the block",
            b.len()
        )));
    }
    let mut end = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut end[got..]).map_err(gzip_error)? {
            0 => break,
            k => got += k,
        }
    }
    if &end[..got] != b"\r\n\r\n" {
        return Err(InputError::Warc(format!(
            "Content-Length {len} does not match the block (no CRLF CRLF after it)"
        )));
    }
    let Some(block) = block else {
        return Ok(Some(None));
    };
    Ok(Some(response(&block, &h, n, file_id, at).transpose()))
}

/// An HTTP response's HTML page, as a document; `None` for a response that
/// is not a 2xx HTML page or has no body. A chunked transfer encoding and
/// a gzip or deflate content encoding are undone (crawlers may store the
/// payload as the server sent it).
fn response(
    block: &[u8],
    h: &[(String, String)],
    n: usize,
    file_id: &str,
    at: &str,
) -> Result<Option<Document>, InputError> {
    let Some(split) = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, p + 2))
        })
    else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let Some(status) = lines.next() else {
        return Ok(None);
    };
    if !status
        .split_whitespace()
        .nth(1)
        .is_some_and(|c| c.starts_with('2'))
    {
        return Ok(None);
    }
    let http: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let ctype = header(&http, "content-type").map(str::to_owned);
    let mut payload = std::borrow::Cow::Borrowed(&block[split.1..]);
    if header(&http, "transfer-encoding").is_some_and(|t| t.contains("chunked"))
        && let Some(body) = dechunk(&payload)
    {
        payload = body.into();
    }
    match header(&http, "content-encoding") {
        None | Some("identity") | Some("") => {}
        Some(enc @ ("gzip" | "x-gzip" | "deflate")) => {
            // Some crawlers decode the payload but keep the header: only
            // compressed bytes are inflated.
            let gz = payload.starts_with(&[0x1f, 0x8b]);
            let looks_compressed = gz || (enc == "deflate" && !super::looks_like_html(&payload));
            if looks_compressed {
                let mut out = Vec::new();
                let read = if gz {
                    flate2::read::MultiGzDecoder::new(&payload[..])
                        .take(MAX_BYTES)
                        .read_to_end(&mut out)
                } else {
                    flate2::read::ZlibDecoder::new(&payload[..])
                        .take(MAX_BYTES)
                        .read_to_end(&mut out)
                };
                if let Err(e) = read {
                    return Err(InputError::Warc(format!(
                        "payload Content-Encoding {enc} does not decode: {e}"
                    )));
                }
                payload = out.into();
            }
        }
        Some(other) if !super::looks_like_html(&payload) => {
            return Err(InputError::Warc(format!(
                "payload in Content-Encoding {other}, which dyad cannot decode"
            )));
        }
        Some(_) => {}
    }
    let payload = &payload[..];
    // No Content-Type: judge by the payload.
    match &ctype {
        Some(c) if !(c.contains("html")) => return Ok(None),
        None if !super::looks_like_html(payload) => return Ok(None),
        _ => {}
    }
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    // The HTTP charset first, then the page's own BOM/meta/guess.
    let http_enc = ctype.as_deref().and_then(|c| {
        let v = c.split("charset=").nth(1)?;
        let v = v.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
        let v = v.split([';', ' ']).next()?;
        encoding_rs::Encoding::for_label(v.as_bytes())
    });
    let body = match http_enc {
        // A BOM wins over the header; a legacy charset over bytes that
        // are UTF-8 is a stale header, read as UTF-8 (`declared_charset`,
        // the rule `decode_html` applies to a stale meta tag).
        Some(enc) if encoding_rs::Encoding::for_bom(payload).is_none() => {
            declared_charset(enc, payload)
                .decode(payload)
                .0
                .into_owned()
        }
        _ => decode_html(payload).0,
    };
    let url = header(h, "warc-target-uri")
        .map(|u| u.trim_matches(['<', '>']).to_owned())
        .filter(|u| !u.is_empty());
    let published = html_published(&body).or_else(|| header(h, "warc-date").and_then(date_prefix));
    Ok(Some(Document {
        id: format!("{file_id}:{n}"),
        key: stable_key(url.as_deref(), &body),
        origin: at.to_owned(),
        format: Format::Html,
        body,
        published,
        url,
    }))
}

/// The body of a chunked HTTP payload; `None` when it is not chunked after
/// all (crawlers often store it de-chunked under the original header).
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size_field = std::str::from_utf8(&b[..eol]).ok()?;
        let size_hex = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?;
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
}
