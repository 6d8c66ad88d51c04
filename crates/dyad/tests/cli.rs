//! The `dyad` command, run as a user runs it: `dyad parse`, `dyad nlp eval`,
//! `dyad nlp info`, on good input and on bad.
//!
//! Every input here is written for these tests (or built in memory); none is
//! taken from a treebank or a news site. The tests use the models compiled
//! into the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

/// Writes `bytes` to a file `name` in `dir` and returns its path.
fn write(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// One word line of `dyad parse` output, as read back.
#[derive(Debug)]
struct Row {
    form: String,
    head: usize,
    deprel: String,
    start: usize,
    end: usize,
}

/// Checks that `out` is the CoNLL-U analysis of `input` that `dyad parse`
/// promises, and returns its sentences:
///
/// * blocks of `# sent_id = k` (k = 1, 2, ...) and `# text = ...` comments,
///   then word lines, then one blank line;
/// * 10 tab-separated columns, ids 1..n, heads in 0..=n and never the word
///   itself, exactly one root (`head 0`, relation `root`), no cycles;
/// * no field holds a tab, a line break or any other control character;
/// * `TokenRange=s:e` in MISC slices the input to exactly the form, tokens
///   in order and not overlapping; `SpaceAfter=No` exactly where no
///   whitespace follows the token;
/// * `# text =` is the sentence's span of the input with whitespace runs
///   collapsed to single spaces.
fn check_conllu(input: &str, out: &str) -> Vec<Vec<Row>> {
    let mut sentences = Vec::new();
    if out.is_empty() {
        return sentences;
    }
    assert!(out.ends_with("\n\n"), "output must end with a blank line");
    assert!(!out.contains('\r'), "carriage return in the output");
    let mut last_end = 0usize;
    for (k, block) in out[..out.len() - 2].split("\n\n").enumerate() {
        let lines: Vec<&str> = block.split('\n').collect();
        let comments: Vec<&str> = lines
            .iter()
            .copied()
            .take_while(|l| l.starts_with('#'))
            .collect();
        assert!(
            comments.contains(&format!("# sent_id = {}", k + 1).as_str()),
            "sentence {}: no sent_id in {comments:?}",
            k + 1
        );
        let text = comments
            .iter()
            .find_map(|c| c.strip_prefix("# text = "))
            .unwrap_or_else(|| panic!("sentence {}: no `# text =` line", k + 1));
        assert!(
            !text.is_empty() && !text.contains('\t'),
            "text comment {text:?}"
        );
        let words = &lines[comments.len()..];
        assert!(!words.is_empty(), "sentence {} has no words", k + 1);
        let n = words.len();
        let mut rows = Vec::with_capacity(n);
        for (i, line) in words.iter().enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 10, "sentence {}, line {line:?}", k + 1);
            for c in &cols {
                assert!(!c.is_empty(), "empty field in {line:?}");
                assert!(
                    !c.chars().any(char::is_control),
                    "control character in field {c:?} of {line:?}"
                );
            }
            assert_eq!(cols[0], (i + 1).to_string(), "ids run 1..n: {line:?}");
            assert!(UPOS.contains(&cols[3]), "UPOS {:?} in {line:?}", cols[3]);
            assert_ne!(cols[4], "_", "XPOS missing in {line:?}");
            let head: usize = cols[6]
                .parse()
                .unwrap_or_else(|_| panic!("head in {line:?}"));
            assert!(
                head <= n && head != i + 1,
                "head {head} of word {} in a sentence of {n}",
                i + 1
            );
            assert_eq!(
                head == 0,
                cols[7] == "root",
                "root relation iff head 0: {line:?}"
            );
            let range = cols[9]
                .split('|')
                .find_map(|f| f.strip_prefix("TokenRange="))
                .unwrap_or_else(|| panic!("no TokenRange in {line:?}"));
            let (s, e) = range.split_once(':').expect("TokenRange=s:e");
            let (start, end): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
            assert!(
                start >= last_end && start < end && end <= input.len(),
                "range {range} in {line:?}"
            );
            assert_eq!(
                input.get(start..end),
                Some(cols[1]),
                "TokenRange {range} vs form {:?}",
                cols[1]
            );
            last_end = end;
            let space_follows = input[end..].chars().next().is_some_and(char::is_whitespace);
            let says_no_space = cols[9].split('|').any(|f| f == "SpaceAfter=No");
            assert_eq!(says_no_space, !space_follows, "SpaceAfter in {line:?}");
            rows.push(Row {
                form: cols[1].to_owned(),
                head,
                deprel: cols[7].to_owned(),
                start,
                end,
            });
        }
        assert_eq!(
            rows.iter().filter(|r| r.head == 0).count(),
            1,
            "sentence {}: one root",
            k + 1
        );
        // No cycles: every word reaches the root. Linear, so that the
        // 10 MB one-sentence test stays fast: 0 = unseen, 1 = on the
        // current path, 2 = known to reach the root.
        let mut state = vec![0u8; n];
        for i in 0..n {
            let mut path = Vec::new();
            let mut j = i;
            while state[j] == 0 {
                state[j] = 1;
                path.push(j);
                match rows[j].head {
                    0 => break,
                    h => j = h - 1,
                }
            }
            assert!(
                rows[j].head == 0 || state[j] == 2,
                "sentence {}: cycle through word {}",
                k + 1,
                j + 1
            );
            for p in path {
                state[p] = 2;
            }
        }
        let span = &input[rows[0].start..rows[n - 1].end];
        assert_eq!(
            text,
            span.split_whitespace().collect::<Vec<_>>().join(" "),
            "`# text =` of sentence {}",
            k + 1
        );
        sentences.push(rows);
    }
    sentences
}

/// Written for this test: a short dispatch with a headline, a bullet, a
/// quote, a contraction, an abbreviation and a number.
const DISPATCH: &str = "\
Envoys meet as river dispute deepens

• Talks are set to resume on Thursday

The foreign ministers of Arland and Beroa met in Calder on Monday. \
They didn't agree on the dam, officials said, but both sides promised to meet again.
\"We will not give up,\" said Mr. Tarrow, who leads the Arland delegation.
Beroa's army moved 2,000 troops to the border last week.
";

#[test]
fn parse_file_prints_valid_conllu() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "dispatch.txt", DISPATCH);
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let text = stdout_of(&out);
    let sents = check_conllu(DISPATCH, &text);
    assert!(
        sents.len() >= 5,
        "expected the headline, bullet and 4 sentences:\n{text}"
    );
    // The words come through whole and in order.
    let forms: Vec<&str> = sents.iter().flatten().map(|r| r.form.as_str()).collect();
    for w in [
        "Envoys", "Arland", "did", "n't", "Mr.", "2,000", "Beroa", "'s",
    ] {
        assert!(forms.contains(&w), "{w:?} missing from {forms:?}");
    }
    // Sanity of the analysis itself, not just the format.
    let rels: Vec<&str> = sents.iter().flatten().map(|r| r.deprel.as_str()).collect();
    assert!(rels.contains(&"nsubj"), "{rels:?}");
    assert!(rels.contains(&"punct"), "{rels:?}");
}

#[test]
fn parse_reads_standard_input() {
    let out = dyad()
        .args(["parse", "-"])
        .write_stdin(DISPATCH)
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let from_stdin = stdout_of(&out);
    check_conllu(DISPATCH, &from_stdin);

    // No file argument also means standard input, and the output is the
    // same as for a file.
    let out = dyad().arg("parse").write_stdin(DISPATCH).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_of(&out), from_stdin);
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "dispatch.txt", DISPATCH);
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert_eq!(stdout_of(&out), from_stdin);
}

#[test]
fn parse_the_bundled_example() {
    // The README's first command: `dyad parse examples/article.txt`.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/article.txt");
    let input = std::fs::read_to_string(&path).unwrap();
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let sents = check_conllu(&input, &stdout_of(&out));
    assert!(sents.len() >= 10, "{} sentences", sents.len());
}

#[test]
fn empty_and_blank_input_print_nothing() {
    let dir = TempDir::new().unwrap();
    for (name, content) in [
        ("empty.txt", ""),
        ("blank.txt", "   \n\n\t \r\n  \u{a0}\u{2003}\n"),
    ] {
        let path = write(&dir, name, content);
        let out = dyad().arg("parse").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
        assert_eq!(stdout_of(&out), "", "{name}");
    }
    let out = dyad()
        .args(["parse", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "latin1.txt", b"The talks in Z\xfcrich ended.\n");
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(err.contains("latin1.txt"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "nothing is printed for a file that cannot be read"
    );

    let out = dyad()
        .args(["parse", "-"])
        .write_stdin(&b"caf\xe9\n"[..])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr_of(&out).contains("UTF-8"), "{}", stderr_of(&out));
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("no-such-article.txt");
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(err.contains("no-such-article.txt"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_model_directory_is_an_error_naming_it() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "a.txt", "Talks resumed.");
    let models = dir.path().join("no-models-here");
    let out = dyad()
        .arg("parse")
        .arg("--models")
        .arg(&models)
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(err.contains("no-models-here"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn ten_megabytes_on_one_line_without_punctuation() {
    const WORDS: [&str; 16] = [
        "delegates",
        "from",
        "the",
        "northern",
        "provinces",
        "argued",
        "about",
        "water",
        "rights",
        "and",
        "grazing",
        "land",
        "while",
        "observers",
        "took",
        "notes",
    ];
    let mut input = String::with_capacity(10 * 1024 * 1024 + 16);
    let mut i = 0;
    while input.len() < 10 * 1024 * 1024 {
        input.push_str(WORDS[i % WORDS.len()]);
        input.push(' ');
        i += 1;
    }
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "long-line.txt", &input);
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let sents = check_conllu(&input, &stdout_of(&out));
    let words: usize = sents.iter().map(Vec::len).sum();
    assert_eq!(words, i, "every word is analysed once");
}

#[test]
fn control_characters_emoji_and_cjk() {
    // Control characters, emoji (with skin tone and flag sequences), CJK
    // text and full-width punctuation, odd line and paragraph separators.
    let input = "The envoy\u{0}met\u{7} reporters in 東京 today 🙂. \u{1b}[31m Talks 👍🏽 resumed\u{0}.\n\
                 北京表示愿意提供帮助。 Officials 🇺🇳 said\u{b}the\u{c}meeting\u{85}went well\u{2028}overall\u{2029}today.\r\n\
                 \u{1b}\u{7}\u{0}\r\n\
                 Tabs\there\t\tand\u{7f}there, 😀😀😀 ok？ \u{feff}Fine\u{200b}words\u{301} é.\n";
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "mixed.txt", input);
    let out = dyad().arg("parse").arg(&path).output().unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let text = stdout_of(&out);
    let sents = check_conllu(input, &text);
    let forms: Vec<&str> = sents.iter().flatten().map(|r| r.form.as_str()).collect();
    for w in [
        "envoy",
        "met",
        "reporters",
        "東京",
        "Talks",
        "Officials",
        "meeting",
        "Tabs",
        "here",
    ] {
        assert!(forms.contains(&w), "{w:?} missing from {forms:?}");
    }
    // The same through standard input.
    let out = dyad()
        .args(["parse", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_of(&out), text);
}

/// Four short sentences written for this test, with our best-guess UD
/// annotation (EWT style). 25 words.
const GOLD: &str = "\
# sent_id = g1
# text = The minister visited Oslo.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_
4\tOslo\tOslo\tPROPN\tNNP\t_\t3\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = g2
# text = Rebels fired on a patrol near the border.
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tfired\tfire\tVERB\tVBD\t_\t0\troot\t_\t_
3\ton\ton\tADP\tIN\t_\t5\tcase\t_\t_
4\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_
5\tpatrol\tpatrol\tNOUN\tNN\t_\t2\tobl\t_\t_
6\tnear\tnear\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_
8\tborder\tborder\tNOUN\tNN\t_\t2\tobl\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = g3
# text = She said talks would resume.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\ttalks\ttalk\tNOUN\tNNS\t_\t5\tnsubj\t_\t_
4\twould\twould\tAUX\tMD\t_\t5\taux\t_\t_
5\tresume\tresume\tVERB\tVB\t_\t2\tccomp\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = g4
# text = Police arrested two men.
1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_
3\ttwo\ttwo\tNUM\tCD\t_\t4\tnummod\t_\t_
4\tmen\tman\tNOUN\tNNS\t_\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

#[test]
fn nlp_eval_json() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "gold.conllu", GOLD);
    let out = dyad()
        .args(["nlp", "eval", "--json", "--conllu"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(
        text.trim().lines().count(),
        1,
        "one JSON object on one line: {text}"
    );
    let v: serde_json::Value = serde_json::from_str(text.trim()).expect("valid JSON");
    let obj = v.as_object().expect("a JSON object");
    for key in ["upos", "xpos", "uas", "las"] {
        let x = obj
            .get(key)
            .and_then(|x| x.as_f64())
            .unwrap_or_else(|| panic!("{key} in {text}"));
        assert!((0.0..=1.0).contains(&x), "{key} = {x}");
    }
    assert_eq!(
        obj.get("tokens").and_then(|x| x.as_u64()),
        Some(25),
        "{text}"
    );
    let seconds = obj
        .get("seconds")
        .and_then(|x| x.as_f64())
        .expect("seconds");
    assert!(seconds >= 0.0, "{seconds}");
    // Sentences this plain should mostly come out right.
    let upos = obj["upos"].as_f64().unwrap();
    assert!(upos >= 0.8, "UPOS {upos} on four plain sentences");

    // Without --json: a readable table.
    let out = dyad()
        .args(["nlp", "eval", "--conllu"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = stdout_of(&out);
    for label in ["UPOS", "XPOS", "UAS", "LAS", "tokens"] {
        assert!(table.contains(label), "{label} in {table}");
    }
}

/// Runs `dyad nlp eval` on `path`, which must fail; returns its stderr.
fn eval_fails(path: &std::path::Path) -> String {
    let out = dyad()
        .args(["nlp", "eval", "--conllu"])
        .arg(path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn nlp_eval_reports_file_and_line_of_bad_conllu() {
    let dir = TempDir::new().unwrap();
    // Line 4 has 3 columns instead of 10.
    let bad = "# text = Talks resumed.\n\
               1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
               2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_\n\
               3\t.\tPUNCT\n\n";
    let err = eval_fails(&write(&dir, "broken.conllu", bad));
    assert!(err.contains("broken.conllu:4"), "{err}");

    // A head beyond the sentence, on line 1.
    let bad = "1\tTalks\ttalk\tNOUN\tNNS\t_\t7\tnsubj\t_\t_\n\
               2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_\n\n";
    let err = eval_fails(&write(&dir, "head.conllu", bad));
    assert!(err.contains("head.conllu:1"), "{err}");

    // A file that does not exist.
    let err = eval_fails(&dir.path().join("absent.conllu"));
    assert!(err.contains("absent.conllu"), "{err}");
}

#[test]
fn nlp_info_reports_load_time() {
    let out = dyad().args(["nlp", "info"]).output().unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let text = stdout_of(&out);
    let line = text
        .lines()
        .find(|l| l.contains("load time"))
        .unwrap_or_else(|| panic!("no load time in {text}"));
    let ms: f64 = line
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no number in {line:?}"));
    assert!(ms >= 0.0 && line.contains("ms"), "{line}");
}
