//! `dyad serve` on a database `dyad ingest` made from stories of our own
//! (`tests/browser/news/`): every endpoint, bad parameters (400, never a
//! 500), limits, read-only; and the dashboard in a real headless chromium
//! (`tests/browser/dashboard.mjs`), skipped with a message when node,
//! chromium or `npm ci` in `tests/browser` is missing (`.ci/run` provides
//! them).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// A database of the test stories.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("dyad.db");
    let out = dyad()
        .arg("ingest")
        .arg(root().join("tests/browser/news"))
        .arg("--db")
        .arg(&db)
        .args(["--date", "2025-05-05"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ingest: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// A running server; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path, extra: &[&str]) -> Server {
    let mut child = dyad()
        .arg("serve")
        .arg("--db")
        .arg(db)
        .args(["--port", "0"])
        .args(extra)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = lines
        .next()
        .expect("serve printed nothing")
        .expect("serve stderr");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

/// One HTTP/1.1 request; (status, JSON body or Null, raw body).
fn request(s: &Server, method: &str, path: &str, body: &[u8]) -> (u16, Value, String) {
    let mut t = TcpStream::connect(&s.addr).unwrap();
    t.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        s.addr,
        body.len()
    );
    t.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a large body.
    let _ = t.write_all(body);
    let mut raw = Vec::new();
    let _ = t.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
        body,
    )
}

fn get(s: &Server, path: &str) -> (u16, Value) {
    let (st, v, _) = request(s, "GET", path, b"");
    (st, v)
}

#[test]
fn api_reads_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let s = serve(&db, &[]);

    let (st, info) = get(&s, "/api/info");
    assert_eq!(st, 200);
    assert_eq!(info["allow_code"], false);
    assert!(info["counts"]["events"].as_u64().unwrap() >= 3, "{info}");

    // Events, filtered like `dyad query`, a page at a time.
    let (st, page) = get(&s, "/api/events?source=CHL&target=PER");
    assert_eq!(st, 200, "{page}");
    let events = page["events"].as_array().unwrap();
    assert_eq!(page["total"], events.len());
    assert!(!events.is_empty());
    let e = &events[0];
    assert_eq!(e["cameo"].as_str().unwrap().get(..2), Some("11"), "{e}");
    let (_, all) = get(&s, "/api/events?limit=1");
    assert_eq!(all["events"].as_array().unwrap().len(), 1);
    assert_eq!(all["next_offset"], 1);
    let (_, second) = get(&s, "/api/events?limit=1&offset=1");
    assert_ne!(second["events"][0]["key"], all["events"][0]["key"]);
    let (_, actor) = get(&s, "/api/events?actor=chl&actor=PER&cameo=1");
    assert!(actor["total"].as_u64().unwrap() >= 2, "{actor}");

    // One event, the sentence marked.
    let key = e["key"].as_str().unwrap();
    let (st, d) = get(&s, &format!("/api/events/{key}"));
    assert_eq!(st, 200);
    let m = &d["mentions"][0];
    let marked: Vec<(String, String)> = m["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["mark"].is_string())
        .map(|p| {
            (
                p["mark"].as_str().unwrap().to_owned(),
                p["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        marked,
        [
            ("source".into(), "Chile".into()),
            ("verb".into(), "condemned".into()),
            ("target".into(), "Peru".into())
        ]
    );
    let text = m["text"].as_str().unwrap();
    let verb = m["marks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "verb")
        .unwrap();
    let (a, b) = (
        verb["start"].as_u64().unwrap() as usize,
        verb["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "condemned");
    assert_eq!(get(&s, "/api/events/00000000deadbeef").0, 404);

    // Actors, series, network.
    let (_, actors) = get(&s, "/api/actors");
    let keys: Vec<&str> = actors["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["key"].as_str().unwrap())
        .collect();
    for k in ["CHL", "PER", "ARG", "BRA"] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    let (st, series) = get(&s, "/api/series?source=CHL&target=PER&interval=day");
    assert_eq!(st, 200, "{series}");
    let periods = series["series"].as_array().unwrap();
    assert!(!periods.is_empty());
    let p = &periods[0];
    assert_eq!(p["period"].as_str().unwrap().len(), 10);
    let q: u64 = p["quad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(q, p["events"].as_u64().unwrap());
    assert!(p["goldstein_sum"].as_f64().unwrap() < 0.0, "{p}");
    let (_, month) = get(&s, "/api/series?interval=month");
    // "on Wednesday" in a story dated Monday 2025-05-05 is 2025-04-30.
    let months: Vec<&str> = month["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2025-04", "2025-05"]);
    let (_, week) = get(&s, "/api/series?source=CHL&interval=week");
    // 2025-05-05 was a Monday.
    assert_eq!(week["series"][0]["period"], "2025-05-05", "{week}");
    let (st, net) = get(&s, "/api/network?from=2025-05-01&to=2025-05-31");
    assert_eq!(st, 200);
    let edge = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "CHL" && e["target"] == "PER")
        .unwrap_or_else(|| panic!("no CHL>PER edge in {net}"));
    assert!(edge["goldstein_mean"].as_f64().unwrap() < 0.0);
    let (_, none) = get(&s, "/api/network?from=2030-01-01");
    assert_eq!(none["edges"].as_array().unwrap().len(), 0);

    // The dashboard and the OpenAPI description.
    let (st, _, html) = request(&s, "GET", "/", b"");
    assert_eq!(st, 200);
    assert!(html.contains("<title>dyad"));
    let (st, spec) = get(&s, "/openapi.json");
    assert_eq!(st, 200);
    assert_eq!(spec["openapi"].as_str().unwrap().get(..2), Some("3."));
    assert!(spec["paths"]["/api/series"].is_object());
}

#[test]
fn bad_requests_are_json_errors_not_500s() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let s = serve(&db, &[]);
    for path in [
        "/api/events?from=2025-13-01",
        "/api/events?from=yesterday",
        "/api/events?from=2025-05-09&to=2025-05-01",
        "/api/events?cameo=19x",
        "/api/events?quad=5",
        "/api/events?quad=-1",
        "/api/events?limit=abc",
        "/api/events?limit=1000000",
        "/api/events?offset=99999999999999999999999",
        "/api/events?actor=",
        "/api/events?source=CHL&source=PER",
        "/api/events?colour=red",
        "/api/events/not-a-key",
        "/api/events/%27%3B%20DROP%20TABLE%20events",
        "/api/series?interval=year",
        "/api/series?from=2025-02-30",
        "/api/network?limit=-3",
        "/api/actors?limit=1e3",
    ] {
        let (st, v) = get(&s, path);
        assert_eq!(st, 400, "{path}: {v}");
        assert!(v["error"].is_string(), "{path}: {v}");
    }
    let (st, v) = get(&s, "/api/nothing");
    assert_eq!((st, v["error"].is_string()), (404, true));
    let long = format!("/api/events?text={}", "a".repeat(5000));
    let (st, v) = get(&s, &long);
    assert_eq!((st, v["error"].is_string()), (414, true), "{v}");
    // SQL-looking values are values.
    let (st, v) = get(&s, "/api/events?text=%27%20OR%201%3D1%20--&actor=%25");
    assert_eq!((st, v["total"].as_u64()), (200, Some(0)));
    // Coding is off unless asked for.
    let (st, v, _) = request(
        &s,
        "POST",
        "/api/code",
        br#"{"text": "Chile condemned Peru."}"#,
    );
    assert_eq!((st, v["error"].is_string()), (403, true));
    let (st, v, _) = request(&s, "DELETE", "/api/events", b"");
    assert_eq!((st, v["error"].is_string()), (405, true));
    // The database was opened read-only: nothing changed it.
    let (_, info) = get(&s, "/api/info");
    assert!(info["counts"]["events"].as_u64().unwrap() > 0);
}

#[test]
fn code_endpoint_codes_without_storing() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let before = std::fs::read(&db).unwrap();
    let s = serve(&db, &["--allow-code"]);
    let body = br#"{"text": "Ecuador condemned Colombia on Friday over a raid near the border.", "date": "2025-05-02"}"#;
    let (st, v, raw) = request(&s, "POST", "/api/code", body);
    assert_eq!(st, 200, "{raw}");
    let e = &v["events"][0];
    assert_eq!(e["source"]["country"], "ECU", "{v}");
    assert_eq!(e["target"]["country"], "COL");
    assert_eq!(e["date"], "2025-05-02");
    let verb: Vec<&str> = e["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["mark"] == "verb")
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(verb, ["condemned"]);
    let (st, v, _) = request(
        &s,
        "POST",
        "/api/explain",
        br#"{"text": "Ecuador condemned Colombia."}"#,
    );
    assert_eq!(st, 200);
    assert!(
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "# patterns")
    );
    for (body, want) in [
        (&b"not json"[..], 400),
        (br#"{"txt": "x"}"#, 400),
        (br#"{"text": "   "}"#, 400),
        (
            br#"{"text": "Chile condemned Peru.", "date": "May 2"}"#,
            400,
        ),
    ] {
        let (st, v, _) = request(&s, "POST", "/api/code", body);
        assert_eq!((st, v["error"].is_string()), (want, true), "{v}");
    }
    let big = format!(
        r#"{{"text": "{}"}}"#,
        "Chile condemned Peru. ".repeat(60_000)
    );
    let (st, v, _) = request(&s, "POST", "/api/code", big.as_bytes());
    assert_eq!((st, v["error"].is_string()), (413, true), "{v}");
    let (_, info) = get(&s, "/api/info");
    assert_eq!(info["allow_code"], true);
    drop(s);
    let after = dyad()
        .args(["query", "--db"])
        .arg(&db)
        .args(["--actor", "ECU"])
        .output()
        .unwrap();
    assert!(after.stdout.is_empty(), "coding stored nothing");
    assert!(!before.is_empty());
}

#[test]
fn serve_refuses_a_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = dyad()
        .args(["serve", "--port", "0", "--db"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database"));
}

/// Why the browser test cannot run here, if it cannot.
fn browser_missing(dir: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no chromium at {chromium} (apt-get install chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node".into());
    }
    if !dir.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "no playwright-core: run `npm ci` in {}",
            dir.display()
        ));
    }
    None
}

#[test]
fn dashboard_in_headless_chromium() {
    let browser = root().join("tests/browser");
    if let Some(why) = browser_missing(&browser) {
        eprintln!("SKIP dashboard_in_headless_chromium: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let s = serve(&db, &["--allow-code"]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser");
    let out = Command::new("node")
        .arg(browser.join("dashboard.mjs"))
        .arg(format!("http://{}", s.addr))
        .arg(&shots)
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{log}");
    assert!(out.status.success(), "browser checks failed:\n{log}");
    assert!(shots.join("dashboard.png").is_file());
    eprintln!("screenshots in {}", shots.display());
}
