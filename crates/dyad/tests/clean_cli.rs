//! `dyad clean` and cleaning in `dyad code`, on files of our own writing.

use std::io::Write as _;

const ARTICLE: &str = include_str!("../../dyad-ingest/tests/data_article.txt");

fn dyad() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_dyad"))
}

#[test]
fn clean_prints_the_article() {
    let out = dyad().arg("clean").write_stdin(ARTICLE).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("signed a fishing agreement"), "{text}");
    assert!(!text.contains("Advertisement"), "{text}");
    let out = dyad()
        .args(["clean", "--format", "json"])
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "stdin");
    assert_eq!(v["format"], "text");
    assert!(v["text"].as_str().unwrap().contains("fishing agreement"));
}

#[test]
fn clean_dir_writes_one_file_per_document_and_counts_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a1.txt"), ARTICLE).unwrap();
    let page = "<html><head><title>Harbour deal signed</title></head><body><article><h1>Harbour deal signed</h1>\
        <p>The foreign ministers of Norland and Estmark signed a fishing agreement on Tuesday after two days of talks in the harbour town of Port Vell.</p>\
        <p>The deal sets quotas for both fleets in the northern bay and creates a joint commission to settle future disagreements, officials said.</p></article></body></html>";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(page.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(input.join("b2.html.gz"), &gz).unwrap();
    std::fs::write(input.join("c3.txt"), "").unwrap();
    std::fs::write(input.join("d4.html.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(input.join("e5.txt"), b"caf\xe9\n").unwrap();
    std::fs::write(input.join("f6.txt"), [0u8, 159, 146, 150, 0, 0, 1]).unwrap();
    let pred = dir.path().join("pred");
    let out = dyad()
        .arg("clean")
        .arg(&input)
        .arg("--out-dir")
        .arg(&pred)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("c3.txt") && err.contains("empty"), "{err}");
    assert!(
        err.contains("d4.html.gz") && err.contains("truncated gzip"),
        "{err}"
    );
    assert!(err.contains("e5.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("f6.txt") && err.contains("binary"), "{err}");
    assert!(err.contains("2 read, 1 skipped, 3 failed"), "{err}");
    let a = std::fs::read_to_string(pred.join("a1.txt")).unwrap();
    assert!(
        a.contains("fishing agreement") && !a.contains("Advertisement"),
        "{a}"
    );
    let b = std::fs::read_to_string(pred.join("b2.txt")).unwrap();
    assert!(b.starts_with("Harbour deal signed"), "{b}");
    assert!(b.contains("joint commission"), "{b}");
    assert!(!pred.join("d4.txt").exists());
}

#[test]
fn code_cleans_before_coding() {
    // A menu line that names two countries and a verb: coded without
    // cleaning, gone with it.
    let text = "Home\nWorld\nRussia condemns Ukraine\nSport\nAdvertisement\n\n\
        Ghana and Togo signed a trade agreement in Accra on Monday, officials from both governments said.\n\n\
        The deal removes tariffs on farm goods and sets up a joint committee that will meet every year.\n\n\
        Share this article\nComments\nMost popular\nRussia condemns Ukraine\nStorm closes coastal road\n";
    let run = |extra: &[&str]| -> String {
        let out = dyad()
            .args(["code", "--date", "2021-08-18"])
            .args(extra)
            .write_stdin(text)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let cleaned = run(&[]);
    assert!(
        cleaned.contains("GHA") || cleaned.contains("TGO"),
        "{cleaned}"
    );
    assert!(run(&["--no-clean"]).lines().count() >= cleaned.lines().count());
}

#[test]
fn clean_reads_a_feed_item_by_item_with_keys_urls_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("news.rss");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>N</title>\
         <item><title>Ministers sign a fishing deal</title><link>https://n.example/1</link>\
         <description>The foreign ministers of Norland and Estmark signed a fishing agreement on Tuesday after two days of talks.</description>\
         <pubDate>Tue, 04 Jun 2024 09:30:00 GMT</pubDate></item>\
         <item><title>Talks resume</title><link>https://n.example/2</link>\
         <description>Negotiators from both countries returned to the table in Port Vell on Wednesday, officials said.</description></item>\
         </channel></rss>",
    )
    .unwrap();
    let out = dyad()
        .args(["clean", "--format", "json"])
        .arg(&feed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "news:1");
    assert_eq!(lines[0]["url"], "https://n.example/1");
    assert_eq!(lines[0]["published"], "2024-06-04");
    assert_eq!(lines[0]["key"].as_str().unwrap().len(), 16);
    assert!(lines[1].get("published").is_none());
}

#[test]
fn code_dates_feed_items_by_their_own_date() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("wire.rss");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>W</title>\
         <item><title>Ghana and Togo sign trade deal</title><link>https://w.example/1</link>\
         <description>Ghana and Togo signed a trade agreement in Accra on Monday, officials from both governments said.</description>\
         <pubDate>Tue, 04 Jun 2024 09:30:00 GMT</pubDate></item></channel></rss>",
    )
    .unwrap();
    let out = dyad()
        .args(["code", "--date", "2021-08-18"])
        .arg(&feed)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("2024-06-0"), "{text}");
    assert!(!text.contains("2021-08"), "{text}");
    // --force-date dates every document with --date.
    let out = dyad()
        .args(["code", "--date", "2021-08-18", "--force-date"])
        .arg(&feed)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2021-08-1"), "{text}");
    assert!(!text.contains("2024-06"), "{text}");
}

#[test]
fn code_on_two_threads_writes_what_one_thread_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    let stories = [
        "Chile condemned Peru on Monday. Peru rejected the criticism.",
        "The foreign minister of Ghana met his Togo counterpart in Geneva on Tuesday.",
        "",
        "Kenya accused Uganda of shelling border villages. Uganda denied the charge.",
        "Chile praised Peru for its help after the floods.",
    ];
    for (i, s) in stories.iter().cycle().take(40).enumerate() {
        jsonl.push_str(&format!(
            "{{\"id\": \"d{i}\", \"published\": \"2024-06-0{}\", \"text\": {:?}}}\n",
            1 + i % 5,
            s
        ));
    }
    jsonl.push_str("not json\n");
    let p = dir.path().join("docs.jsonl");
    std::fs::write(&p, jsonl).unwrap();
    let run = |threads: &str| {
        dyad()
            .args(["code", "--threads", threads])
            .arg(&p)
            .assert()
            .code(1)
            .get_output()
            .clone()
    };
    let one = run("1");
    let two = run("2");
    let lines = String::from_utf8(one.stdout.clone()).unwrap();
    assert!(lines.lines().count() >= 40, "{lines}");
    assert_eq!(one.stdout, two.stdout);
    let err = String::from_utf8(two.stderr).unwrap();
    assert!(err.contains("docs.jsonl:41"), "{err}");
    assert!(
        err.contains("32 document(s) coded, 8 skipped as empty, 1 failed"),
        "{err}"
    );
}

#[test]
fn progress_always_draws_percentage_and_eta_into_a_log() {
    // Standard error is a pipe here, as in a log: `always` still draws
    // (one line a second, and the last state), `auto` stays quiet.
    let dir = tempfile::tempdir().unwrap();
    let jsonl: String = (0..30)
        .map(|i| {
            format!(
                "{{\"id\": \"p{i}\", \"published\": \"2024-06-0{}\", \"text\": \"Chile praised Peru for its help after the floods.\"}}\n",
                1 + i % 5
            )
        })
        .collect();
    let p = dir.path().join("docs.jsonl");
    std::fs::write(&p, jsonl).unwrap();
    for command in ["code", "ingest"] {
        let run = |when: &str| {
            let mut cmd = dyad();
            cmd.args([command, "--progress", when, "--threads", "1"])
                .arg(&p);
            if command == "ingest" {
                let db = dir.path().join(format!("{when}.db"));
                cmd.arg("--db").arg(db);
            }
            let out = cmd.assert().success().get_output().clone();
            String::from_utf8(out.stderr).unwrap()
        };
        let err = run("always");
        // The last state: the whole input read, its size known.
        let last = err
            .lines()
            .rfind(|l| l.contains("ETA"))
            .unwrap_or_else(|| panic!("{command}: no progress line in {err:?}"));
        assert!(last.contains("100%"), "{command}: {last}");
        assert!(last.contains("30 documents"), "{command}: {last}");
        assert!(
            !err.contains('\x1b'),
            "{command}: escapes in a log: {err:?}"
        );
        let quiet = run("auto");
        assert!(!quiet.contains("ETA"), "{command}: {quiet}");
        assert!(!quiet.contains('%'), "{command}: {quiet}");
    }
    // Standard input has no size: the documents are counted, no ETA.
    let out = dyad()
        .args(["code", "--progress", "always", "--threads", "1", "-"])
        .write_stdin(std::fs::read(&p).unwrap())
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("30 documents"), "{err}");
    assert!(!err.contains("ETA"), "{err}");
}
