//! `dyad kb`: build, check and measure the knowledge base.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use dyad::kb::compile::{self, office};
use dyad::kb::{Kb, Kind, Matcher, format};

/// Subcommands of `dyad kb`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Compile the knowledge-base files from the staged sources (run from
    /// the repository root); prints the rows written per kind.
    Build {
        /// Directory of the staged sources (countries.tsv, leaders.tsv...).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Where to write the files.
        #[arg(long, value_name = "DIR", default_value = "crates/dyad-kb/kb")]
        out: PathBuf,
        /// Also write what the build dropped or resolved, one line each.
        #[arg(long, value_name = "FILE")]
        log: Option<PathBuf>,
        /// Leave out the curated people of `data/curated.tsv` (to measure
        /// what the staged sources alone cover).
        #[arg(long)]
        without_curated_people: bool,
    },
    /// Validate knowledge-base files (such as a `--kb extra.tsv`); prints
    /// `file:line: message` for the first bad row of each file and exits 1
    /// if any file is bad.
    Check {
        /// Files to check.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Print, per year, how many UN member states have a head of state, a
    /// head of government and a foreign minister in office in the
    /// knowledge base, and how long it takes to load.
    Coverage {
        /// First year.
        #[arg(long, default_value_t = 2000)]
        from: i32,
        /// Last year.
        #[arg(long, default_value_t = 2026)]
        to: i32,
        /// Read the knowledge base from this directory's files instead of
        /// the built-in one.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print a Markdown table.
        #[arg(long)]
        markdown: bool,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Build {
            from,
            out,
            log,
            without_curated_people,
        } => {
            let options = compile::Options {
                curated_people: !without_curated_people,
            };
            let built = compile::build_with(&from, &options)?;
            built.write(&out)?;
            if let Some(path) = log {
                let mut text = built.log.join("\n");
                text.push('\n');
                std::fs::write(&path, text).with_context(|| path.display().to_string())?;
            }
            for (kind, n) in &built.counts {
                println!("{:<10} {n}", kind.as_str());
            }
            for (name, text) in &built.files {
                println!("wrote {} ({} bytes)", out.join(name).display(), text.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { files } => {
            let mut ok = true;
            for path in files {
                let name = path.display().to_string();
                let text = match std::fs::read_to_string(&path) {
                    Ok(t) => t,
                    Err(e) => {
                        println!("{name}: {e}");
                        ok = false;
                        continue;
                    }
                };
                match format::parse(&text, &name) {
                    Ok(rows) => println!("{name}: {} rows ok", rows.len()),
                    Err(e) => {
                        println!("{e}");
                        ok = false;
                    }
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Coverage {
            from,
            to,
            dir,
            markdown,
        } => {
            let t = Instant::now();
            let owned;
            let kb: &Kb = match &dir {
                Some(dir) => {
                    let mut files = Vec::new();
                    for name in ["countries.tsv", "orgs.tsv", "people.tsv", "roles.tsv"] {
                        let path = dir.join(name);
                        let text = std::fs::read_to_string(&path)
                            .with_context(|| path.display().to_string())?;
                        files.push((path.display().to_string(), text));
                    }
                    owned = Kb::from_files(&files)?;
                    &owned
                }
                None => Kb::builtin()?,
            };
            let load = t.elapsed();
            let live: Vec<_> = kb
                .entries()
                .filter(|(_, e)| e.kind() != Kind::Place)
                .collect();
            let forms = Matcher::build(
                live.iter()
                    .flat_map(|(i, e)| e.surfaces().map(move |s| (*i, s))),
            );
            println!("# load time {:.1} ms", load.as_secs_f64() * 1e3);
            println!(
                "# entries {} (live {}), distinct keyed forms {}",
                kb.len(),
                live.len(),
                forms.n_forms()
            );
            let rows = office::coverage(kb, from, to);
            let members = rows.first().map_or(0, |r| r.members);
            if markdown {
                println!("| year | head of state | head of government | foreign minister |");
                println!("|---:|---:|---:|---:|");
                for r in &rows {
                    println!(
                        "| {} | {} | {} | {} |",
                        r.year, r.head_of_state, r.head_of_government, r.foreign_minister
                    );
                }
                println!("\n(of {members} UN member states)");
            } else {
                println!("UN member states: {members}");
                println!("year  head-of-state  head-of-government  foreign-minister");
                for r in &rows {
                    println!(
                        "{}  {:>13}  {:>18}  {:>16}",
                        r.year, r.head_of_state, r.head_of_government, r.foreign_minister
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
