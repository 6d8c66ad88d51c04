//! `dyad parse`: raw text in, CoNLL-U out.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use dyad::nlp::conllu;
use dyad::pipeline::Parsing;

use super::{ModelArgs, input};

/// Arguments of `dyad parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text file to parse; `-` or nothing for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    file: PathBuf,
    #[command(flatten)]
    models: ModelArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = input::read_text(&args.file)?;
    let nlp = args.models.load()?;
    let mut parsing = Parsing::new(nlp);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut buf = String::new();
    let mut n = 0usize;
    let mut result = Ok(());
    parsing.each_sentence(&text, |s, a| {
        if result.is_err() {
            return;
        }
        n += 1;
        buf.clear();
        let mut sent = conllu::Sentence {
            comments: vec![
                format!("sent_id = {n}"),
                format!("text = {}", one_line(s.text)),
            ],
            ..Default::default()
        };
        for (i, t) in s.tokens.iter().enumerate() {
            let mut misc = String::new();
            let _ = write!(misc, "TokenRange={}:{}", t.start, t.end);
            if !t.space_after {
                misc.push_str("|SpaceAfter=No");
            }
            sent.words.push(conllu::Word {
                form: t.text.to_owned(),
                lemma: a.lemma(i).to_owned(),
                upos: a.upos(i).as_str().to_owned(),
                xpos: a.xpos(i).to_owned(),
                feats: String::new(),
                head: a.head(i).map_or(0, |h| h as u32 + 1),
                deprel: a.deprel(i).to_owned(),
                misc,
            });
        }
        conllu::write_sentence(&mut buf, &sent);
        result = out.write_all(buf.as_bytes());
    });
    // A reader that stops early (`dyad parse f | head`) is not an error.
    match result.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => {
            r?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The `# text =` comment must stay on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
