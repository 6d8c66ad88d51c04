//! The `dyad` command.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// Resolution and coding make many small strings per sentence (mention
// texts, reasons, actor codes); mimalloc serves them about twice as fast as
// the system allocator (see the `actors` benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `dyad ... | head` should stop quietly when the reader goes away, as
    // Unix tools do, not panic on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread
    // starts; no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
