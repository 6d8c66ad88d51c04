//! Feeds, WARC files, stable keys and HTML dates, on small inputs of our
//! own writing built here.

use std::io::Write as _;
use std::path::Path;

use dyad_ingest::source::{self, Document, Failure, Format, InputError};

fn read(path: &Path) -> Vec<Result<Document, Failure>> {
    let mut out = Vec::new();
    source::read_path(path, &mut |d| out.push(d));
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>https://news.example/</link>
<item><title>Norland and Estmark sign fishing deal</title>
<link>https://news.example/a/fishing-deal</link>
<description>&lt;p&gt;The foreign ministers signed a fishing agreement on Tuesday &amp;amp; agreed quotas.&lt;/p&gt;</description>
<pubDate>Tue, 04 Jun 2024 09:30:00 GMT</pubDate></item>
<item><title>Talks resume in Port Vell</title>
<link>https://news.example/a/talks</link>
<description>Negotiators returned to the table.</description>
<pubDate>Wed, 05 Jun 2024 10:00:00 GMT</pubDate></item>
</channel></rss>"#;

#[test]
fn rss_feed_yields_one_document_per_item() {
    let dir = tempfile::tempdir().unwrap();
    // Named .txt: told by its content.
    let p = write(dir.path(), "harbour.txt", RSS.as_bytes());
    let docs: Vec<Document> = read(&p).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 2);
    let a = &docs[0];
    assert_eq!(a.id, "harbour:1");
    assert_eq!(a.format, Format::Text);
    assert!(
        a.body
            .starts_with("Norland and Estmark sign fishing deal\n\n"),
        "{}",
        a.body
    );
    assert!(
        a.body
            .contains("signed a fishing agreement on Tuesday & agreed quotas."),
        "{}",
        a.body
    );
    assert!(!a.body.contains("<p>"), "{}", a.body);
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.example/a/fishing-deal")
    );
    assert_eq!(a.published.as_deref(), Some("2024-06-04"));
    assert_eq!(
        a.key,
        source::stable_key(Some("https://news.example/a/fishing-deal"), "")
    );
    assert_eq!(docs[1].id, "harbour:2");
    assert_eq!(docs[1].published.as_deref(), Some("2024-06-05"));
    assert_ne!(docs[0].key, docs[1].key);
}

#[test]
fn atom_feed_uses_content_link_and_updated_date() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2024-06-03T00:00:00Z</updated>
<entry><title>Ceasefire holds in the north</title><id>urn:wire:1</id>
<link rel="alternate" href="https://wire.example/ceasefire"/>
<updated>2024-06-03T08:00:00Z</updated>
<summary>Short teaser.</summary>
<content type="html">&lt;p&gt;The ceasefire between the two armies held for a third day, observers said.&lt;/p&gt;</content>
</entry></feed>"#;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "wire.atom", atom.as_bytes());
    let docs: Vec<Document> = read(&p).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.id, "wire:1");
    assert!(
        d.body.contains("Ceasefire holds in the north"),
        "{}",
        d.body
    );
    assert!(d.body.contains("held for a third day"), "{}", d.body);
    assert!(!d.body.contains("Short teaser"), "{}", d.body);
    assert_eq!(d.url.as_deref(), Some("https://wire.example/ceasefire"));
    assert_eq!(d.published.as_deref(), Some("2024-06-03"));
}

#[test]
fn malformed_feed_is_a_failure_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a_bad.rss",
        b"<rss version=\"2.0\"><channel><item><title>Cut",
    );
    write(dir.path(), "b_good.rss", RSS.as_bytes());
    let got = read(dir.path());
    assert_eq!(got.len(), 3, "{got:?}");
    let f = got[0].as_ref().unwrap_err();
    assert!(f.origin.ends_with("a_bad.rss"), "{f}");
    assert!(matches!(f.error, InputError::Feed(_)), "{f}");
    assert!(got[1].is_ok() && got[2].is_ok());
}

fn warc_record(kind: &str, uri: &str, date: &str, block: &[u8], len: Option<usize>) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        len.unwrap_or(block.len())
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(ctype: &str, body: &[u8]) -> Vec<u8> {
    let mut b =
        format!("HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nServer: x\r\n\r\n").into_bytes();
    b.extend_from_slice(body);
    b
}

#[test]
fn warc_gz_of_two_members_yields_html_responses() {
    let page1 = "<html><head><title>Deal</title><meta property=\"article:published_time\" content=\"2024-05-30T12:00:00Z\"></head>\
        <body><p>Ministers signed the deal.</p></body></html>";
    // Latin-1 bytes, declared only by the HTTP header.
    let mut page2 = b"<html><body><p>Caf".to_vec();
    page2.push(0xe9);
    page2.extend_from_slice(b" talks ended.</p></body></html>");
    let r1 = warc_record(
        "response",
        "https://a.example/deal",
        "2024-06-01T00:00:00Z",
        &http("text/html; charset=utf-8", page1.as_bytes()),
        None,
    );
    let req = warc_record(
        "request",
        "https://a.example/deal",
        "2024-06-01T00:00:00Z",
        b"GET / HTTP/1.1\r\n\r\n",
        None,
    );
    let r2 = warc_record(
        "response",
        "https://b.example/cafe",
        "2024-06-02T00:00:00Z",
        &http("text/html; charset=ISO-8859-1", &page2),
        None,
    );
    let mut gz = gzip(&r1);
    gz.extend(gzip(&req));
    gz.extend(gzip(&r2));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "crawl.warc.gz", &gz);
    let docs: Vec<Document> = read(&p).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(docs[0].id, "crawl:1");
    assert_eq!(docs[0].format, Format::Html);
    assert!(
        docs[0].body.starts_with("<html>"),
        "HTTP headers kept: {}",
        docs[0].body
    );
    assert_eq!(docs[0].url.as_deref(), Some("https://a.example/deal"));
    // The page's metadata wins over WARC-Date.
    assert_eq!(docs[0].published.as_deref(), Some("2024-05-30"));
    assert_eq!(docs[1].id, "crawl:3");
    assert!(docs[1].body.contains("Café talks"), "{}", docs[1].body);
    assert_eq!(docs[1].published.as_deref(), Some("2024-06-02"));
    assert_eq!(
        docs[1].key,
        source::stable_key(Some("https://b.example/cafe"), "")
    );
}

#[test]
fn warc_with_a_wrong_content_length_keeps_the_records_before_it() {
    let page = http("text/html", b"<html><body><p>One.</p></body></html>");
    let mut warc = warc_record(
        "response",
        "https://a.example/1",
        "2024-06-01T00:00:00Z",
        &page,
        None,
    );
    warc.extend(warc_record(
        "response",
        "https://a.example/2",
        "2024-06-01T00:00:00Z",
        &page,
        Some(page.len() - 5),
    ));
    warc.extend(warc_record(
        "response",
        "https://a.example/3",
        "2024-06-01T00:00:00Z",
        &page,
        None,
    ));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bad.warc", &warc);
    let got = read(&p);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].as_ref().unwrap().url.as_deref(),
        Some("https://a.example/1")
    );
    let f = got[1].as_ref().unwrap_err();
    assert!(f.origin.ends_with("bad.warc:record 2"), "{f}");
    assert!(f.to_string().contains("Content-Length"), "{f}");
    // A truncated file: the cut record is named.
    let p = write(dir.path(), "cut.warc", &warc[..warc.len() / 2 + 20]);
    let got = read(&p);
    let f = got.last().unwrap().as_ref().unwrap_err();
    assert!(f.origin.contains("cut.warc:record 2"), "{f}");
    // Truncated gzip too.
    let gz = gzip(&warc);
    let p = write(dir.path(), "cut.warc.gz", &gz[..gz.len() * 3 / 4]);
    let got = read(&p);
    assert!(got.last().unwrap().is_err(), "{got:?}");
}

#[test]
fn html_dates_from_each_metadata_form() {
    for (head, want) in [
        (
            r#"<meta property="article:published_time" content="2023-01-02T03:04:05+00:00">"#,
            "2023-01-02",
        ),
        (r#"<meta name="date" content="2023-02-03">"#, "2023-02-03"),
        (
            r#"<meta name="pubdate" content="2023-03-04T10:00">"#,
            "2023-03-04",
        ),
        (
            r#"<meta name="PublishDate" content='2023-04-05'>"#,
            "2023-04-05",
        ),
        (
            r#"<meta content="2023-05-06" name="DC.date">"#,
            "2023-05-06",
        ),
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2023-06-07T08:00:00Z"}</script>"#,
            "2023-06-07",
        ),
        (
            r#"</head><body><time class="x" datetime="2023-07-08T09:00">8 July</time>"#,
            "2023-07-08",
        ),
    ] {
        let page =
            format!("<html><head><title>T</title>{head}</head><body><p>Text.</p></body></html>");
        assert_eq!(
            source::html_published(&page).as_deref(),
            Some(want),
            "{head}"
        );
        let doc =
            source::document_from_bytes(page.as_bytes(), "x".into(), "x".into(), "x.html").unwrap();
        assert_eq!(doc.published.as_deref(), Some(want), "{head}");
    }
    assert_eq!(
        source::html_published("<html><meta name=\"date\" content=\"soon\"></html>"),
        None
    );
}

#[test]
fn keys_are_stable_and_ids_unchanged() {
    let doc = source::document_from_bytes(
        b"Some text.\n",
        "page".into(),
        "page.txt".into(),
        "page.txt",
    )
    .unwrap();
    assert_eq!(doc.id, "page");
    // FNV-1a 64 of the body: fixed forever.
    assert_eq!(
        doc.key,
        format!("{:016x}", source::meta::fnv1a64(b"Some text.\n"))
    );
    assert_eq!(doc.key.len(), 16);
    assert_eq!(
        source::stable_key(Some("https://x.example/"), "a"),
        source::stable_key(Some("https://x.example/"), "b")
    );
}

#[test]
fn a_glob_pattern_reads_the_files_it_matches() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", b"Norland thanked Estmark on Monday.\n");
    write(
        dir.path(),
        "a.txt",
        b"Estmark praised Norland on Tuesday.\n",
    );
    write(
        dir.path(),
        "c.html",
        b"<html><body><p>Not matched.</p></body></html>",
    );
    let pattern = dir.path().join("*.txt");
    let docs = read(&pattern);
    let ids: Vec<String> = docs
        .iter()
        .map(|d| d.as_ref().expect("a document").id.clone())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    // A pattern that matches nothing is a failure that names it.
    let none = dir.path().join("*.warc");
    let got = read(&none);
    assert_eq!(got.len(), 1);
    let msg = got[0].as_ref().unwrap_err().to_string();
    assert!(
        msg.contains("*.warc") && msg.contains("no file matches"),
        "{msg}"
    );
}

#[test]
fn warc_payloads_chunked_or_compressed_are_decoded() {
    let page = "<html><body><p>The two delegations met at the border post.</p></body></html>";
    let response = |extra: &str, body: &[u8]| {
        let mut b =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{extra}\r\n").into_bytes();
        b.extend_from_slice(body);
        b
    };
    // Chunked, in two chunks.
    let (a, b) = page.split_at(20);
    let chunked = format!(
        "{:x}\r\n{a}\r\n{:x};ext=1\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    // Gzip, and chunked gzip.
    let gz = gzip(page.as_bytes());
    let mut gz_chunked = format!("{:x}\r\n", gz.len()).into_bytes();
    gz_chunked.extend_from_slice(&gz);
    gz_chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let records = [
        response("Transfer-Encoding: chunked\r\n", chunked.as_bytes()),
        response("Content-Encoding: gzip\r\n", &gz),
        response(
            "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &gz_chunked,
        ),
        // Stored decoded under the original header: read as it is.
        response("Content-Encoding: gzip\r\n", page.as_bytes()),
        // An encoding dyad cannot undo: reported, and the next record read.
        response("Content-Encoding: br\r\n", &[0x1b, 0x4a, 0x00, 0xf8, 0x0f]),
        response("", page.as_bytes()),
    ];
    let mut warc = Vec::new();
    for r in &records {
        warc.extend(warc_record(
            "response",
            "https://c.example/x",
            "2024-06-03T00:00:00Z",
            r,
            None,
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "enc.warc", &warc);
    let got = read(&p);
    assert_eq!(got.len(), 6, "{got:?}");
    for (i, d) in got.iter().enumerate() {
        if i == 4 {
            let msg = d.as_ref().unwrap_err().to_string();
            assert!(msg.contains("record 5") && msg.contains("br"), "{msg}");
        } else {
            let d = d.as_ref().expect("a document");
            assert_eq!(d.body, page, "record {}", i + 1);
        }
    }
}

#[test]
fn a_stale_charset_over_utf8_bytes_is_read_as_utf8_in_html_and_warc() {
    // One rule for a page's meta tag and a WARC record's HTTP header.
    let utf8 = "<html><body><p>Café talks in Zürich ended.</p></body></html>";
    assert_eq!(
        source::declared_charset(encoding_rs::WINDOWS_1252, utf8.as_bytes()),
        encoding_rs::UTF_8
    );
    // ASCII, or bytes that are not UTF-8: the declaration stands.
    assert_eq!(
        source::declared_charset(encoding_rs::WINDOWS_1252, b"<p>Cafe</p>"),
        encoding_rs::WINDOWS_1252
    );
    assert_eq!(
        source::declared_charset(encoding_rs::WINDOWS_1252, b"<p>Caf\xe9</p>"),
        encoding_rs::WINDOWS_1252
    );
    let record = warc_record(
        "response",
        "https://c.example/cafe",
        "2024-06-03T00:00:00Z",
        &http("text/html; charset=ISO-8859-1", utf8.as_bytes()),
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "stale.warc", &record);
    let docs: Vec<Document> = read(&p).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 1);
    assert!(
        docs[0].body.contains("Café talks in Zürich"),
        "{}",
        docs[0].body
    );
}

#[test]
fn bytes_read_are_counted_up_to_the_total_of_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..2000)
        .map(|i| format!("{{\"id\": \"d{i}\", \"text\": \"Chile praised Peru on day {i}.\"}}\n"))
        .collect();
    let plain = write(dir.path(), "a.jsonl", lines.as_bytes());
    let gz = write(dir.path(), "b.jsonl.gz", &gzip(lines.as_bytes()));
    write(dir.path(), "notes.md", b"not read");
    // Cut short: counted whole once it is done.
    write(dir.path(), "c.txt", b"\x00\x01binary");
    let sizes: u64 = ["a.jsonl", "b.jsonl.gz", "c.txt"]
        .iter()
        .map(|n| std::fs::metadata(dir.path().join(n)).unwrap().len())
        .sum();
    let total = source::total_bytes(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(total, sizes);
    assert_eq!(source::total_bytes(&[plain.clone(), "-".into()]), None);
    let pattern = dir.path().join("*.jsonl*");
    assert_eq!(
        source::total_bytes(std::slice::from_ref(&pattern)),
        Some(std::fs::metadata(&plain).unwrap().len() + std::fs::metadata(&gz).unwrap().len())
    );
    let consumed = source::Consumed::new();
    let mut seen = Vec::new();
    let mut docs = 0;
    source::read_path_counting(dir.path(), Some(&consumed), &mut |d| {
        if d.is_ok() {
            docs += 1;
        }
        seen.push(consumed.get());
    });
    assert_eq!(docs, 4000);
    // Growing as documents are read (not all at the end), and exactly the
    // total after the last file; the gzip file counts compressed bytes.
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert!(seen[1000] < seen[3999], "{} {}", seen[1000], seen[3999]);
    assert!(seen[1000] > 0);
    assert_eq!(consumed.get(), total);
}
