//! `dyad actors` and `dyad kb`, run as a user runs them, on text and
//! knowledge-base files of our own writing.

use assert_cmd::Command;
use tempfile::TempDir;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

#[test]
fn actors_json_resolves_composites_on_the_date() {
    let text = "US Secretary of State Antony Blinken spoke with Chinese Foreign Minister \
                Wang Yi. Beijing said the talks were useful.";
    let out = dyad()
        .args(["actors", "-", "--date", "2021-08-16", "--json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let find = |text: &str| {
        rows.iter()
            .find(|r| r["text"] == text)
            .unwrap_or_else(|| panic!("no mention {text:?} in {rows:?}"))
    };
    let b = find("US Secretary of State Antony Blinken");
    assert_eq!(b["actor"]["country"], "USA");
    assert_eq!(b["actor"]["sector"], "GOV");
    assert_eq!(b["actor"]["person"], "Antony Blinken");
    assert!(!b["reason"].as_array().unwrap().is_empty());
    let w = find("Chinese Foreign Minister Wang Yi");
    assert_eq!(w["actor"]["country"], "CHN");
    let beijing = find("Beijing");
    assert_eq!(beijing["actor"]["sector"], "GOV");
    // Spans are byte offsets into the input.
    let [a, z] = [
        b["span"][0].as_u64().unwrap(),
        b["span"][1].as_u64().unwrap(),
    ];
    assert_eq!(
        &text[a as usize..z as usize],
        "US Secretary of State Antony Blinken"
    );
}

#[test]
fn extra_kb_rows_add_people_and_a_bad_row_names_file_and_line() {
    let dir = TempDir::new().unwrap();
    let good = dir.path().join("extra.tsv");
    std::fs::write(
        &good,
        "# our own test row\nperson\tOrla Fenwick\t\tIRL\t\tGOV\tIRLGOV\t2030-01-01\t\ttitle=Minister of Foreign Affairs\n",
    )
    .unwrap();
    let out = dyad()
        .args(["actors", "-", "--date", "2031-02-01", "--kb"])
        .arg(&good)
        .write_stdin("Orla Fenwick arrived in Rome.")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("IRL") && stdout.contains("Orla Fenwick"),
        "{stdout}"
    );

    let bad = dir.path().join("bad.tsv");
    std::fs::write(
        &bad,
        "# fine\nrole\tenvoy\tenvoys\t\t\tGOV\nperson\tX Y\t\tIRL\t\tGOV\tIRLGOV\t2030-13-45\n",
    )
    .unwrap();
    let out = dyad()
        .args(["actors", "-", "--kb"])
        .arg(&bad)
        .write_stdin("Hello.")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3:", bad.display())) && stderr.contains("2030-13-45"),
        "{stderr}"
    );
    // `dyad kb check` says the same without running anything.
    let out = dyad().args(["kb", "check"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(":3:"));
}

#[test]
fn kb_coverage_reports_un_members() {
    let out = dyad()
        .args(["kb", "coverage", "--from", "2021", "--to", "2021"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("UN member states: 193"), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("2021"))
        .expect("a 2021 row");
    let counts: Vec<usize> = row
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(counts.iter().all(|&n| n > 100 && n <= 193), "{row}");
}
