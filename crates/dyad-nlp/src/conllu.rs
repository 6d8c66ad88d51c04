//! Reading and writing CoNLL-U, the Universal Dependencies file format.
//!
//! Training and evaluation read treebanks with [`read_file`]; `dyad parse`
//! writes its analyses with [`write_sentence`]. Only basic dependency trees
//! are kept: enhanced dependencies (column 9) and empty nodes (`8.1`) are
//! skipped, multiword-token lines (`19-20 don't`) are kept apart so the
//! syntactic words stay a plain sequence.

use std::fmt::Write as _;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// Column 2.
    pub form: String,
    /// Column 3.
    pub lemma: String,
    /// Column 4: universal part of speech.
    pub upos: String,
    /// Column 5: language-specific tag (Penn Treebank tags for English).
    pub xpos: String,
    /// Column 6, verbatim.
    pub feats: String,
    /// Column 7: 1-based index of the head, 0 for the root.
    pub head: u32,
    /// Column 8: dependency relation, with its subtype (`nmod:poss`).
    pub deprel: String,
    /// Column 10, verbatim.
    pub misc: String,
}

/// A multiword token line: surface `form` covering words `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// 1-based index of the first word.
    pub first: u32,
    /// 1-based index of the last word.
    pub last: u32,
    /// The surface form (`don't`).
    pub form: String,
}

/// One sentence: its comment lines, words and multiword tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `# `.
    pub comments: Vec<String>,
    /// Syntactic words in order; `words[i]` has CoNLL-U id `i + 1`.
    pub words: Vec<Word>,
    /// Multiword tokens, in order.
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    /// The value of a `# key = value` comment, if present.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// The word forms, for feeding a tagger.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// A CoNLL-U file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// The file could not be opened or read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error (shown in the message, so not chained as a source).
        error: std::io::Error,
    },
    /// A line does not follow the format.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file (or `-` for a stream).
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads every sentence of a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let file = std::fs::File::open(path).map_err(|error| ConlluError::Io {
        path: path.to_owned(),
        error,
    })?;
    read(std::io::BufReader::new(file), path)
}

/// Reads every sentence from a reader; `name` is used in error messages.
pub fn read(reader: impl BufRead, name: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut current = Sentence::default();
    // The line of each word of `current`, to point at a bad head.
    let mut lines: Vec<usize> = Vec::new();
    let format = |line: usize, message: String| ConlluError::Format {
        path: name.to_owned(),
        line,
        message,
    };
    for (i, line) in reader.lines().enumerate() {
        let lineno = i + 1;
        let line = line.map_err(|source| match source.kind() {
            std::io::ErrorKind::InvalidData => format(lineno, "invalid UTF-8".into()),
            _ => ConlluError::Io {
                path: name.to_owned(),
                error: source,
            },
        })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                check_tree(&current).map_err(|(w, m)| format(lines[w], m))?;
                out.push(std::mem::take(&mut current));
            } else {
                current = Sentence::default();
            }
            lines.clear();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            current
                .comments
                .push(comment.strip_prefix(' ').unwrap_or(comment).to_owned());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format(
                lineno,
                std::format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let parse = |s: &str| {
                s.parse::<u32>()
                    .map_err(|_| format(lineno, std::format!("bad multiword token id {id:?}")))
            };
            current.multiword.push(MultiwordToken {
                first: parse(a)?,
                last: parse(b)?,
                form: cols[1].to_owned(),
            });
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| format(lineno, std::format!("bad word id {id:?}")))?;
        if n != current.words.len() + 1 {
            return Err(format(
                lineno,
                std::format!(
                    "word id {n} out of sequence (expected {})",
                    current.words.len() + 1
                ),
            ));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| format(lineno, std::format!("bad head {:?}", cols[6])))?
        };
        lines.push(lineno);
        current.words.push(Word {
            form: cols[1].to_owned(),
            lemma: cols[2].to_owned(),
            upos: cols[3].to_owned(),
            xpos: cols[4].to_owned(),
            feats: cols[5].to_owned(),
            head,
            deprel: cols[7].to_owned(),
            misc: cols[9].to_owned(),
        });
    }
    if !current.words.is_empty() {
        check_tree(&current).map_err(|(w, m)| format(lines[w], m))?;
        out.push(current);
    }
    Ok(out)
}

/// Heads must point inside the sentence; the error names the word.
fn check_tree(s: &Sentence) -> Result<(), (usize, String)> {
    let n = s.words.len() as u32;
    for (i, w) in s.words.iter().enumerate() {
        if w.head > n {
            return Err((
                i,
                std::format!(
                    "word {} has head {} beyond the sentence's {n} words",
                    i + 1,
                    w.head
                ),
            ));
        }
    }
    Ok(())
}

/// Appends one sentence in CoNLL-U to `out`, blank line included.
pub fn write_sentence(out: &mut String, s: &Sentence) {
    for c in &s.comments {
        let _ = writeln!(out, "# {c}");
    }
    let mut mwt = s.multiword.iter().peekable();
    for (i, w) in s.words.iter().enumerate() {
        let id = i as u32 + 1;
        while let Some(m) = mwt.peek() {
            if m.first != id {
                break;
            }
            let _ = writeln!(
                out,
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t_",
                m.first, m.last, m.form
            );
            mwt.next();
        }
        let f = |s: &str| {
            if s.is_empty() {
                "_".to_owned()
            } else {
                field(s)
            }
        };
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
            f(&w.form),
            f(&w.lemma),
            f(&w.upos),
            f(&w.xpos),
            f(&w.feats),
            w.head,
            f(&w.deprel),
            f(&w.misc),
        );
    }
    out.push('\n');
}

/// CoNLL-U fields may not hold tabs or newlines; a token never should, but
/// raw text can smuggle them in, so they are replaced rather than trusted.
fn field(s: &str) -> String {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = t1\n# text = We don't wait.\n\
1\tWe\twe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\twait\twait\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
4.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_multiword_and_comments() {
        let s = read(SAMPLE.as_bytes(), Path::new("t")).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiword[0].form, "don't");
        assert_eq!(s[0].comment("text"), Some("We don't wait."));
        assert_eq!(s[0].words[3].head, 0);
    }

    #[test]
    fn round_trips() {
        let s = read(SAMPLE.as_bytes(), Path::new("t")).unwrap();
        let mut out = String::new();
        write_sentence(&mut out, &s[0]);
        let again = read(out.as_bytes(), Path::new("t")).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = "1\tWe\twe\tPRON\tPRP\t_\t0\troot\t_\t_\n2\tgo\n";
        let err = read(bad.as_bytes(), Path::new("bad.conllu")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.conllu:2: expected 10 tab-separated columns, found 2"
        );
        let bad = "1\tWe\twe\tPRON\tPRP\t_\t9\troot\t_\t_\n\n";
        let err = read(bad.as_bytes(), Path::new("b")).unwrap_err();
        assert!(err.to_string().contains("head 9 beyond"), "{err}");
    }
}
