//! Progress of long jobs on standard error: documents, documents per
//! second, events and errors, drawn by `indicatif`.
//!
//! It is drawn only where someone watches: with [`When::Auto`], when
//! standard error is a terminal, so logs and pipes stay clean. Messages
//! printed through [`Progress::println`] appear above the bar instead of
//! tearing it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// When to draw progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// When standard error is a terminal.
    Auto,
    /// Always (on standard error).
    Always,
    /// Never.
    Never,
}

/// A progress display; does nothing when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    events: std::cell::Cell<u64>,
    errors: std::cell::Cell<u64>,
}

impl Progress {
    /// A new display, drawn according to `when`.
    pub fn new(when: When) -> Progress {
        use std::io::IsTerminal as _;
        let show = match when {
            When::Auto => std::io::stderr().is_terminal(),
            When::Always => true,
            When::Never => false,
        };
        let bar = show.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}",
                )
                .expect("valid template"),
            );
            b.enable_steady_tick(std::time::Duration::from_millis(200));
            b
        });
        Progress {
            bar,
            events: 0.into(),
            errors: 0.into(),
        }
    }

    /// One document done, with `events` events.
    pub fn coded(&self, events: usize) {
        self.events.set(self.events.get() + events as u64);
        if let Some(b) = &self.bar {
            b.inc(1);
            self.message(b);
        }
    }

    /// One document failed.
    pub fn failed(&self) {
        self.errors.set(self.errors.get() + 1);
        if let Some(b) = &self.bar {
            b.inc(1);
            self.message(b);
        }
    }

    fn message(&self, b: &ProgressBar) {
        b.set_message(format!(
            "{} events, {} errors",
            self.events.get(),
            self.errors.get()
        ));
    }

    /// Prints a line on standard error, above the bar when there is one.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
