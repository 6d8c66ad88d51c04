//! Small, dependency-free helpers: the stable document key, a published
//! date from HTML metadata, and a tag strip for feed summaries.

/// FNV-1a, 64-bit: the hash of [`stable_key`]. Written out here (rather
/// than taken from `std` or a hashing crate) so that it cannot change
/// across Rust or crate versions: keys written today must match keys
/// computed next year.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A document's stable key: the 64-bit FNV-1a hash, as 16 lowercase hex
/// digits, of its URL when it has a non-empty one (trimmed), else of its
/// body.
pub fn stable_key(url: Option<&str>, body: &str) -> String {
    let src = match url.map(str::trim) {
        Some(u) if !u.is_empty() => u.as_bytes(),
        _ => body.as_bytes(),
    };
    format!("{:016x}", fnv1a64(src))
}

/// The `YYYY-MM-DD` prefix of a date or timestamp, if it has one that
/// looks like a date.
pub fn date_prefix(s: &str) -> Option<String> {
    let s = s.trim();
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    let month: u32 = d[5..7].parse().ok()?;
    let day: u32 = d[8..10].parse().ok()?;
    (ok && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| d.to_owned())
}

/// The value of attribute `name` (lowercase) in a tag, `tag` and `lower`
/// being the same text in its own and in ASCII-lowercase case.
fn attr<'a>(tag: &'a str, lower: &str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let v_at = lower.len() - rest.len() + 1;
        let v = tag[v_at..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let v = &v[1..];
                &v[..v.find(q).unwrap_or(v.len())]
            }
            _ => {
                let end = v
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(v.len());
                &v[..end]
            }
        });
    }
    None
}

/// The tags named `name` (like `<meta`) of an HTML text: each as its own
/// text and its lowercase copy.
fn tags<'a>(html: &'a str, lower: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let start = from + p;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        out.push((&html[start..end], &lower[start..end]));
        from = end.max(start + name.len());
    }
    out
}

/// The published date of an HTML page from its metadata, as `YYYY-MM-DD`:
/// `<meta property="article:published_time">`, then `<meta name=…>` with
/// `date`, `pubdate`, `publishdate` or `dc.date` (also `itemprop`
/// `datePublished`), then JSON-LD `"datePublished"`, then the first
/// `<time datetime>`.
pub fn html_published(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let metas = tags(html, &lower, "<meta");
    let content = |want: &dyn Fn(&str, &str) -> bool| {
        metas.iter().find_map(|(t, l)| {
            let key = attr(t, l, "property")
                .or_else(|| attr(t, l, "name"))
                .or_else(|| attr(t, l, "itemprop"))?
                .to_ascii_lowercase();
            if want(&key, l) {
                date_prefix(attr(t, l, "content")?)
            } else {
                None
            }
        })
    };
    if let Some(d) = content(&|k, _| k == "article:published_time") {
        return Some(d);
    }
    if let Some(d) = content(&|k, _| {
        matches!(
            k,
            "date" | "pubdate" | "publishdate" | "dc.date" | "dc.date.issued" | "datepublished"
        )
    }) {
        return Some(d);
    }
    let mut from = 0;
    while let Some(p) = lower[from..].find("\"datepublished\"") {
        let at = from + p + "\"datepublished\"".len();
        from = at;
        let rest = html[at..].trim_start();
        if let Some(rest) = rest.strip_prefix(':')
            && let Some(v) = rest.trim_start().strip_prefix('"')
            && let Some(d) = date_prefix(v)
        {
            return Some(d);
        }
    }
    tags(html, &lower, "<time")
        .iter()
        .find_map(|(t, l)| date_prefix(attr(t, l, "datetime")?))
}

/// Text of an HTML fragment (a feed summary): tags dropped, block tags and
/// `<br>` made line breaks, the common entities decoded, runs of spaces
/// collapsed.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let name: String = after[1..end]
            .trim_end_matches('>')
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "p" | "br"
                | "div"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "tr"
                | "blockquote"
        ) {
            out.push('\n');
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    let out = decode_entities(&out);
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        let semi = after[..after.len().min(12)].find(';');
        let decoded = semi.and_then(|e| {
            let ent = &after[1..e];
            let c = match ent {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = ent.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_published_algorithm() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_key(Some(""), "a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn strips_tags_and_entities() {
        assert_eq!(
            strip_tags("<p>Talks &amp; a deal</p><p>In  Geneva&#39;s hall</p>"),
            "Talks & a deal\nIn Geneva's hall\n"
        );
    }

    #[test]
    fn date_prefixes() {
        assert_eq!(
            date_prefix("2024-05-01T10:00:00Z").as_deref(),
            Some("2024-05-01")
        );
        assert_eq!(date_prefix("May 1, 2024"), None);
        assert_eq!(date_prefix("2024-13-01"), None);
    }
}
