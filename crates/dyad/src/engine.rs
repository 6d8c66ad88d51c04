//! Documents → events: the whole pipeline for one document, as every
//! command that codes (`code`, `eval`, `ingest`, `serve`) runs it.
//!
//! An [`Engine`] holds the loaded stages (models, resolver, coder) and the
//! cleaning and dating policy; [`Engine::code`] takes one
//! [`dyad_ingest::Document`] as a source read it and returns a [`Coded`]
//! document: its day, its sentences, the actors it mentions and the events
//! it reports. Nothing here reads files or prints: sources stream
//! documents in, sinks (standard output, the store) take the results.

use dyad_actors::{Mention, Resolver};
use dyad_events::{Coder, Event};
use dyad_ingest::{Document, Extractor as _, Format};
use dyad_kb::Day;
use dyad_nlp::Nlp;

/// How an [`Engine`] cleans and dates documents.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Drop boilerplate before coding (HTML: main-content extraction;
    /// text: only lines the cleaner keeps yield events).
    pub clean: bool,
    /// The text cleaner's threshold in its recall mode.
    pub clean_threshold: f32,
    /// The day of documents that carry no date of their own.
    pub default_day: Day,
    /// Date every document with `default_day`, whatever its own date.
    pub force_date: bool,
}

impl Policy {
    /// Cleaning on at the coding threshold, documents without a date
    /// dated `default_day`.
    pub fn new(default_day: Day) -> Policy {
        Policy {
            clean: true,
            clean_threshold: CODING_THRESHOLD,
            default_day,
            force_date: false,
        }
    }
}

/// The threshold of the text cleaner when coding: the cleaner runs in its
/// recall mode (running prose always kept) with a threshold lower than its
/// own (which is tuned for token F1 on whole pages), because a sentence
/// lost costs events while a menu line kept rarely codes one.
pub const CODING_THRESHOLD: f32 = dyad_ingest::clean::text::RECALL_THRESHOLD;

/// One document, coded.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    /// The day the document is dated (its own, else the default).
    pub day: Day,
    /// Why the document's own date was not used, when it had one.
    pub date_note: Option<String>,
    /// The text that was coded: the extracted article for HTML, the
    /// document's body for text (offsets of sentences, mentions and
    /// events point into it).
    pub text: String,
    /// Byte spans of its sentences in `text`.
    pub sentences: Vec<[usize; 2]>,
    /// Actor and place mentions, in document order.
    pub actors: Vec<Mention>,
    /// Events, one per (source, target, code, date), each with the
    /// sentences that report it.
    pub events: Vec<Event>,
}

/// The loaded pipeline.
pub struct Engine<'a> {
    nlp: &'a Nlp,
    resolver: Resolver<'a>,
    coder: Coder<'a>,
    /// Cleaning and dating.
    pub policy: Policy,
}

impl<'a> Engine<'a> {
    /// An engine over loaded models, knowledge base and lexicon.
    pub fn new(
        nlp: &'a Nlp,
        kb: &'a dyad_kb::Kb,
        lexicon: &'a dyad_events::Lexicon,
        policy: Policy,
    ) -> Engine<'a> {
        Engine {
            nlp,
            resolver: Resolver::new(kb),
            coder: Coder::new(lexicon),
            policy,
        }
    }

    /// The language models.
    pub fn nlp(&self) -> &'a Nlp {
        self.nlp
    }

    /// The actor resolver.
    pub fn resolver(&self) -> &Resolver<'a> {
        &self.resolver
    }

    /// The event coder.
    pub fn coder(&self) -> &Coder<'a> {
        &self.coder
    }

    /// The day `doc` is dated: its `published` date (the first ten
    /// characters, `YYYY-MM-DD`), else the policy's default; with a note
    /// when a date was there but not understood.
    pub fn day_of(&self, doc: &Document) -> (Day, Option<String>) {
        let p = &self.policy;
        if p.force_date {
            return (p.default_day, None);
        }
        match doc.published.as_deref() {
            None => (p.default_day, None),
            Some(d) => match parse_day(d.get(..10).unwrap_or(d)) {
                Some(day) => (day, None),
                None => (
                    p.default_day,
                    Some(format!("date {d:?} not understood, using the default date")),
                ),
            },
        }
    }

    /// Codes one document. HTML goes through the main-content extractor
    /// and its article is coded. Text is coded whole, but only sentences
    /// on lines the boilerplate cleaner keeps (`dyad clean`, recall mode)
    /// yield events: the dropped lines (a masthead, a byline, a topic
    /// list) still tell the actor memory who "we" are and what country the
    /// story is about, while a menu or a footer ("... is funded by the US
    /// Government") codes nothing. A document the cleaner would empty is
    /// coded as it is.
    pub fn code(&self, doc: &Document) -> Coded {
        let (day, date_note) = self.day_of(doc);
        let p = &self.policy;
        let text = if p.clean && doc.format == Format::Html {
            // An extractor failure leaves nothing to code: the page had no
            // article.
            dyad_ingest::Smoothie::default()
                .extract(&doc.body)
                .map(|e| e.full_text())
                .unwrap_or_default()
        } else {
            doc.body.clone()
        };
        let mut coded = self.code_text(&doc.id, text, day);
        coded.date_note = date_note;
        if p.clean && doc.format == Format::Text {
            let kept: Vec<(usize, usize)> = dyad_ingest::Cleaner::default()
                .recall(p.clean_threshold)
                .decide(&coded.text)
                .iter()
                .filter(|u| u.keep)
                .map(|u| (u.start, u.end))
                .collect();
            if !kept.is_empty() {
                let on_kept = |s: [usize; 2]| kept.iter().any(|&(a, b)| s[0] < b && a < s[1]);
                coded.events.retain_mut(|e| {
                    e.reports.retain(|r| on_kept(r.span));
                    if !on_kept(e.span) {
                        // The first report was boilerplate: the next kept
                        // one stands for the event.
                        if e.reports.is_empty() {
                            return false;
                        }
                        let r = e.reports.remove(0);
                        e.sentence = r.sentence;
                        e.span = r.span;
                        e.text = r.text;
                        e.evidence = r.evidence;
                    }
                    e.mentions = 1 + e.reports.len();
                    true
                });
            }
        }
        coded
    }

    /// Codes `text` as it is, dated `day`.
    pub fn code_text(&self, id: &str, text: String, day: Day) -> Coded {
        let mut sentences = Vec::new();
        let mut actors = Vec::new();
        let events = crate::pipeline::code_sentences(
            id,
            &text,
            day,
            self.nlp,
            &self.resolver,
            &self.coder,
            |span, m| {
                sentences.push(span);
                actors.extend_from_slice(m);
            },
        );
        Coded {
            day,
            date_note: None,
            text,
            sentences,
            actors,
            events,
        }
    }
}

/// A `YYYY-MM-DD` day (or a longer timestamp's first ten characters).
pub fn parse_day(s: &str) -> Option<Day> {
    match dyad_kb::date::PartialDate::parse(s.get(..10).unwrap_or(s)) {
        Some(d) if d.day.is_some() => Some(d.first_day()),
        _ => None,
    }
}
