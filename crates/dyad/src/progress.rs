//! Progress of long jobs on standard error: documents, documents per
//! second, events and errors, drawn by `indicatif`; with a percentage and
//! an ETA when the size of the input is known.
//!
//! The size is known when every input is a file (directories walked and
//! patterns expanded as the sources do): the total is the sum of the
//! files' sizes as stored ([`dyad_ingest::source::total_bytes`]) and the
//! position the bytes the sources have read of them
//! ([`dyad_ingest::source::Consumed`], compressed bytes for gzip, which
//! is what a file's size counts). Standard input has no size: a spinner
//! with the documents done is drawn instead.
//!
//! It is drawn only where someone watches: with [`When::Auto`], when
//! standard error is a terminal, so logs and pipes stay clean. With
//! [`When::Always`] and standard error not a terminal (a log file), the
//! display is written as plain lines, one a second and one at the end,
//! instead of being redrawn in place. Messages printed through
//! [`Progress::println`] appear above the bar instead of tearing it.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dyad_ingest::source::Consumed;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// When to draw progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// When standard error is a terminal.
    Auto,
    /// Always (on standard error): redrawn in place on a terminal, one
    /// line a second otherwise.
    Always,
    /// Never.
    Never,
}

/// A progress display; does nothing when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Bytes read by the sources, when the total is known.
    consumed: Consumed,
    sized: bool,
    /// Written as lines to a file or pipe rather than redrawn on a
    /// terminal: set (to flag the last draw) when so.
    lines: Option<Arc<AtomicBool>>,
    /// Whether events are counted (not by `dyad enqueue`, which codes nothing).
    counts_events: bool,
    docs: std::cell::Cell<u64>,
    events: std::cell::Cell<u64>,
    errors: std::cell::Cell<u64>,
}

/// The bar's look when the input's size is known: the position is bytes.
const SIZED: &str =
    "{spinner} {elapsed_precise} [{bar:24}] {percent:>3}% of {total_bytes}, ETA {eta} · {msg}";
/// The bar's look for a stream of unknown size: the position is documents.
const STREAM: &str = "{spinner} {elapsed_precise} {msg}";

impl Progress {
    /// A new display, drawn according to `when`, for an input of `total`
    /// bytes (`None`: unknown, as for standard input). The sources count
    /// what they read into [`Progress::consumed`].
    pub fn new(when: When, total: Option<u64>) -> Progress {
        use std::io::IsTerminal as _;
        let terminal = std::io::stderr().is_terminal();
        let show = match when {
            When::Auto => terminal,
            When::Always => true,
            When::Never => false,
        };
        // `ProgressDrawTarget::stderr()` hides itself when standard error
        // is not a terminal (or TERM is dumb), which `always` must not do.
        let lines = (show && !terminal).then(|| Arc::new(AtomicBool::new(false)));
        let bar = show.then(|| {
            let target = if let Some(last_draw) = &lines {
                let lines = Lines {
                    last_draw: last_draw.clone(),
                    ..Lines::default()
                };
                // The rate is kept by `Lines` (indicatif's allows bursts).
                ProgressDrawTarget::term_like_with_hz(Box::new(lines), 20)
            } else {
                ProgressDrawTarget::stderr()
            };
            let b = ProgressBar::with_draw_target(total, target);
            let template = if total.is_some() { SIZED } else { STREAM };
            // A spinner means nothing in a log.
            let template = match &lines {
                Some(_) => template.trim_start_matches("{spinner} "),
                None => template,
            };
            b.set_style(
                ProgressStyle::with_template(template)
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            b.enable_steady_tick(std::time::Duration::from_millis(200));
            b
        });
        let progress = Progress {
            bar,
            consumed: Consumed::new(),
            sized: total.is_some(),
            lines,
            counts_events: true,
            docs: 0.into(),
            events: 0.into(),
            errors: 0.into(),
        };
        if let Some(b) = &progress.bar {
            progress.message(b);
        }
        progress
    }

    /// A display that counts no events (documents and errors only).
    pub fn without_events(mut self) -> Progress {
        self.counts_events = false;
        if let Some(b) = &self.bar {
            self.message(b);
        }
        self
    }

    /// The counter the sources add the bytes they read to
    /// ([`dyad_ingest::source::read_path_counting`]); shared, so it can be
    /// handed to the thread that reads.
    pub fn consumed(&self) -> &Consumed {
        &self.consumed
    }

    /// One document done, with `events` events.
    pub fn coded(&self, events: usize) {
        self.events.set(self.events.get() + events as u64);
        self.advance();
    }

    /// One document failed.
    pub fn failed(&self) {
        self.errors.set(self.errors.get() + 1);
        self.advance();
    }

    /// One document done with nothing to count (stored already, published).
    pub fn done(&self) {
        self.advance();
    }

    fn advance(&self) {
        self.docs.set(self.docs.get() + 1);
        if let Some(b) = &self.bar {
            if self.sized {
                b.set_position(self.consumed.get());
            } else {
                b.inc(1);
            }
            self.message(b);
        }
    }

    fn message(&self, b: &ProgressBar) {
        let secs = b.elapsed().as_secs_f64();
        let docs = self.docs.get();
        let rate = if secs > 0.0 { docs as f64 / secs } else { 0.0 };
        let events = if self.counts_events {
            format!("{} events, ", self.events.get())
        } else {
            String::new()
        };
        b.set_message(format!(
            "{docs} documents ({rate:.1}/s), {events}{} errors",
            self.errors.get()
        ));
    }

    /// Prints a line on standard error, above the bar when there is one.
    pub fn println(&self, line: &str) {
        match &self.bar {
            // A log's lines are whole: nothing to tear.
            Some(b) if self.lines.is_none() => b.suspend(|| eprintln!("{line}")),
            _ => eprintln!("{line}"),
        }
    }

    /// Clears the bar from a terminal; in a log, writes the last state.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            if self.sized {
                b.set_position(self.consumed.get());
            }
            self.message(b);
            if let Some(last_draw) = &self.lines {
                last_draw.store(true, Ordering::Relaxed);
                b.finish();
            } else {
                b.finish_and_clear();
            }
        }
    }
}

/// A draw target for standard error when it is not a terminal: a draw
/// becomes one line (no cursor movement, no padding), at most one a
/// second and always the last, so a log reads as a list of states.
#[derive(Debug, Default)]
struct Lines {
    line: Mutex<String>,
    last: Mutex<Option<Instant>>,
    /// Set before the last draw, which is always written.
    last_draw: Arc<AtomicBool>,
}

/// How often [`Lines`] writes a state.
const LINE_EVERY: Duration = Duration::from_secs(1);

impl TermLike for Lines {
    fn width(&self) -> u16 {
        // Wide enough that a state is never wrapped; padding is trimmed.
        400
    }
    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write_str(s)?;
        self.flush()
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        if s != "\r" {
            self.line.lock().expect("not poisoned").push_str(s);
        }
        Ok(())
    }
    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> std::io::Result<()> {
        let line = std::mem::take(&mut *self.line.lock().expect("not poisoned"));
        let line = line.trim_end();
        if line.is_empty() {
            return Ok(());
        }
        let now = Instant::now();
        let mut last = self.last.lock().expect("not poisoned");
        if last.is_some_and(|t| now - t < LINE_EVERY) && !self.last_draw.load(Ordering::Relaxed) {
            return Ok(());
        }
        *last = Some(now);
        let mut err = std::io::stderr().lock();
        writeln!(err, "{line}")?;
        err.flush()
    }
}
