//! dyad turns raw news into political event data: who did what to whom,
//! when and where.
//!
//! This crate is the front door: the `dyad` command and a library API that
//! strings the pipeline stages together. Each stage is its own crate with a
//! plain data type at its boundary (see `docs/ARCHITECTURE.md`):
//!
//! | stage | crate | boundary type |
//! |---|---|---|
//! | `text` | [`text`] (`dyad-text`) | [`text::Sentence`], [`text::Token`] |
//! | `nlp` | [`nlp`] (`dyad-nlp`) | [`nlp::Analysis`] |
//! | `actors` | [`actors`] (`dyad-actors`), over [`kb`] (`dyad-kb`) | [`actors::Mention`] |
//! | `events` | [`events`] (`dyad-events`) | [`events::Event`] |
//! | `store` | [`store`] (`dyad-store`) | [`store::Record`] in, [`store::StoredEvent`] out |
//!
//! Sources ([`ingest`]) stream documents in; an [`Engine`] codes each one
//! into a [`Coded`] document; sinks (standard output, the store) take it.
//!
//! ```no_run
//! let parsed = dyad::parse_text("Blinken called Wang on Monday. They spoke for an hour.").unwrap();
//! assert_eq!(parsed.len(), 2);
//! ```

pub use dyad_actors as actors;
pub use dyad_events as events;
pub use dyad_ingest as ingest;
pub use dyad_kb as kb;
pub use dyad_nlp as nlp;
pub use dyad_store as store;
pub use dyad_text as text;

pub mod batch;
pub mod engine;
pub mod explain;
pub mod pipeline;
pub mod progress;
pub mod serve;

pub use engine::{Coded, Engine, Policy};

pub use pipeline::{ParsedSentence, ParsedWord, parse_text};
