//! Raw text → sentences → tagged, lemmatized, parsed words.
//!
//! This is the language core the later stages read: [`parse_text`] for
//! one-off use, [`Parsing`] to reuse buffers across many texts.

use dyad_nlp::{Analysis, Nlp, Scratch, Upos};
use dyad_text::Sentence;

/// One analysed word: its place in the original text and its analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedWord {
    /// The exact slice of the original text.
    pub text: String,
    /// Byte offsets into the original text.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Whether whitespace follows in the original.
    pub space_after: bool,
    /// Lemma.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Head word (0-based index in the sentence), `None` for the root.
    pub head: Option<usize>,
    /// UD relation to the head.
    pub deprel: String,
}

/// One analysed sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSentence {
    /// Byte offsets of the sentence in the original text.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Its words.
    pub words: Vec<ParsedWord>,
}

/// Splits, tokenizes, tags, lemmatizes and parses `text` with the built-in
/// models.
pub fn parse_text(text: &str) -> Result<Vec<ParsedSentence>, dyad_nlp::ModelError> {
    let nlp = Nlp::builtin()?;
    let mut p = Parsing::new(nlp);
    let mut out = Vec::new();
    p.each_sentence(text, |s, a| out.push(owned(s, a)));
    Ok(out)
}

/// Reusable state for analysing many texts with one model.
pub struct Parsing<'m> {
    nlp: &'m Nlp,
    scratch: Scratch,
    analysis: Analysis<'m>,
}

impl<'m> Parsing<'m> {
    /// State for `nlp`.
    pub fn new(nlp: &'m Nlp) -> Self {
        Parsing {
            nlp,
            scratch: Scratch::default(),
            analysis: Analysis::default(),
        }
    }

    /// Calls `f` with every sentence of `text` and its analysis; nothing is
    /// copied, so this is the fast path.
    pub fn each_sentence(&mut self, text: &str, mut f: impl FnMut(&Sentence<'_>, &Analysis<'m>)) {
        for s in dyad_text::sentences(text) {
            if s.tokens.is_empty() {
                continue;
            }
            let words: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_ref()).collect();
            self.nlp
                .analyze(&words, &mut self.scratch, &mut self.analysis);
            f(&s, &self.analysis);
        }
    }
}

/// An owned copy of one sentence's analysis.
pub fn owned(s: &Sentence<'_>, a: &Analysis<'_>) -> ParsedSentence {
    ParsedSentence {
        start: s.start,
        end: s.end,
        words: s
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| ParsedWord {
                text: t.text.to_owned(),
                start: t.start,
                end: t.end,
                space_after: t.space_after,
                lemma: a.lemma(i).to_owned(),
                upos: a.upos(i),
                xpos: a.xpos(i).to_owned(),
                head: a.head(i),
                deprel: a.deprel(i).to_owned(),
            })
            .collect(),
    }
}

/// Runs `text` through the stages up to actors: for each sentence, `f`
/// gets its index, the sentence, its parse and the mentions resolved in it
/// (in document order, with the document's memory).
pub fn each_sentence_with_actors(
    text: &str,
    day: dyad_actors::Day,
    nlp: &Nlp,
    resolver: &dyad_actors::Resolver<'_>,
    mut f: impl FnMut(usize, &Sentence<'_>, &Analysis<'_>, &[dyad_actors::Mention]),
) {
    let mut memory = dyad_actors::Memory::default();
    let mut scratch = dyad_actors::resolve::Scratch::default();
    // The document is split once: first the countries all its sentences
    // name, so that a role with no country of its own takes the story's,
    // not the boilerplate's; then each sentence in turn.
    let sentences: Vec<Sentence<'_>> = dyad_text::sentences(text)
        .into_iter()
        .filter(|s| !s.tokens.is_empty())
        .collect();
    let mut words: Vec<&str> = Vec::new();
    // What the survey finds in each sentence is kept for its own pass.
    let mut found = vec![dyad_actors::resolve::Found::default(); sentences.len()];
    for (s, f) in sentences.iter().zip(&mut found) {
        words.clear();
        words.extend(s.tokens.iter().map(|t| t.norm.as_ref()));
        resolver.survey_found(&words, &mut memory, &mut scratch, f);
    }
    let mut nlp_scratch = Scratch::default();
    let mut analysis = Analysis::default();
    let mut mentions = Vec::new();
    let mut names = Vec::new();
    for (index, s) in sentences.iter().enumerate() {
        words.clear();
        words.extend(s.tokens.iter().map(|t| t.norm.as_ref()));
        // Names the knowledge base knows are proper nouns to the tagger;
        // `sentence` then reuses the matches found for them.
        resolver.name_tokens_found(&words, &found[index], &mut scratch, &mut names);
        nlp.analyze_names(&words, &names, &mut nlp_scratch, &mut analysis);
        // News constructions the parser misreads (dyad_nlp::repair).
        nlp.repair(&mut analysis);
        mentions.clear();
        resolver.sentence(
            index,
            s,
            &analysis,
            day,
            &mut memory,
            &mut scratch,
            &mut mentions,
        );
        f(index, s, &analysis, &mentions);
    }
}

/// Every actor and place mention of a document dated `day`.
pub fn document_actors(
    text: &str,
    day: dyad_actors::Day,
    nlp: &Nlp,
    resolver: &dyad_actors::Resolver<'_>,
) -> Vec<dyad_actors::Mention> {
    let mut out = Vec::new();
    each_sentence_with_actors(text, day, nlp, resolver, |_, _, _, m| {
        out.extend_from_slice(m)
    });
    out
}

/// Every event of a document (`id`, `text`, dated `day`), one per (source,
/// target, code, date) with how often the document reports it.
pub fn document_events(
    id: &str,
    text: &str,
    day: dyad_actors::Day,
    nlp: &Nlp,
    resolver: &dyad_actors::Resolver<'_>,
    coder: &dyad_events::Coder<'_>,
) -> Vec<dyad_events::Event> {
    code_sentences(id, text, day, nlp, resolver, coder, |_, _| {})
}

/// Codes a document's sentences: returns its events (geocoded), and hands
/// each sentence's byte span and actor mentions to `each` on the way.
pub fn code_sentences(
    id: &str,
    text: &str,
    day: dyad_actors::Day,
    nlp: &Nlp,
    resolver: &dyad_actors::Resolver<'_>,
    coder: &dyad_events::Coder<'_>,
    mut each: impl FnMut([usize; 2], &[dyad_actors::Mention]),
) -> Vec<dyad_events::Event> {
    let mut doc = dyad_events::Document::new();
    each_sentence_with_actors(text, day, nlp, resolver, |index, s, a, m| {
        each([s.start, s.end], m);
        let input = dyad_events::Input {
            doc: id,
            index,
            sentence: s,
            analysis: a,
            mentions: m,
            day,
        };
        coder.sentence(&input, &mut doc, None);
    });
    let mut events = doc.events;
    geocode(&mut events, resolver.kb());
    events
}

/// Gives each event's place its coordinates from the gazetteer: the most
/// populous place of that name in the place's country.
pub fn geocode(events: &mut [dyad_events::Event], kb: &dyad_kb::Kb) {
    let Ok(places) = kb.places() else { return };
    let mut key = String::new();
    let mut found = Vec::new();
    for e in events.iter_mut() {
        let Some(loc) = e.location.as_mut() else {
            continue;
        };
        let tokens = dyad_text::tokenize(&loc.text);
        let words: Vec<&str> = tokens.iter().map(|t| t.norm.as_ref()).collect();
        found.clear();
        places.lookup.find(&words, &mut key, &mut found);
        let best = found
            .iter()
            .map(|&i| &places.entries[i as usize])
            .filter(|p| loc.country.as_deref().is_none_or(|c| p.country == c))
            .max_by_key(|p| {
                p.info("pop")
                    .and_then(|x| x.parse::<u64>().ok())
                    .unwrap_or(0)
            });
        if let Some(p) = best {
            loc.lat = p.info("lat").and_then(|x| x.parse().ok());
            loc.lon = p.info("lon").and_then(|x| x.parse().ok());
        }
    }
}
