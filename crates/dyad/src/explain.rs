//! `dyad explain`: how a sentence is read, step by step (tokens and tree,
//! mentions and their reasons, the patterns tried, the events coded), as
//! lines of text. The command prints them; the server's code page shows
//! them for a sentence.

use crate::Engine;
use crate::kb::Day;

/// The explanation of `text` (a sentence or a few) dated `day`, one line
/// a string.
pub fn explain(engine: &Engine<'_>, text: &str, day: Day) -> Vec<String> {
    let (nlp, resolver, coder) = (engine.nlp(), engine.resolver(), engine.coder());
    let mut doc = crate::events::Document::new();
    let mut lines: Vec<String> = Vec::new();
    crate::pipeline::each_sentence_with_actors(text, day, nlp, resolver, |index, s, a, m| {
        lines.push(format!("# sentence {index}: {}", s.text));
        lines.push("# id\tform\tlemma\tupos\txpos\thead\tdeprel".into());
        for (i, t) in s.tokens.iter().enumerate() {
            lines.push(format!(
                "{}\t{}\t{}\t{:?}\t{}\t{}\t{}",
                i + 1,
                t.text,
                a.lemma(i),
                a.upos(i),
                a.xpos(i),
                a.head(i).map_or(0, |h| h + 1),
                a.deprel(i)
            ));
        }
        lines.push("# mentions".into());
        for x in m {
            lines.push(format!(
                "  {:?} {} {} {} {} — {}",
                x.text,
                match x.role {
                    crate::actors::Role::Actor => "actor",
                    crate::actors::Role::Place => "place",
                },
                x.actor.key().unwrap_or("-"),
                x.actor.sector.as_deref().unwrap_or("-"),
                x.actor.person.as_deref().unwrap_or("-"),
                x.reason.join("; ")
            ));
        }
        let before = doc.events.len();
        let mut trace = Vec::new();
        let input = crate::events::Input {
            doc: "explain",
            index,
            sentence: s,
            analysis: a,
            mentions: m,
            day,
        };
        coder.sentence(&input, &mut doc, Some(&mut trace));
        lines.push("# patterns".into());
        if trace.is_empty() {
            lines.push("  no word of this sentence triggers a pattern".into());
        }
        for t in &trace {
            lines.push(format!(
                "  {:?} {} ({}): {}",
                t.word, t.rule, t.code, t.outcome
            ));
        }
        lines.push("# events".into());
        for e in &doc.events[before..] {
            lines.push(format!(
                "  {} -> {} {} {} ({}) date {} rule {}",
                e.source.as_ref().map_or("-", |p| p.code.as_str()),
                e.target.as_ref().map_or("-", |p| p.code.as_str()),
                e.cameo,
                e.cameo_name,
                e.plover.kind,
                e.date.as_deref().unwrap_or("-"),
                e.evidence.rule
            ));
        }
    });
    lines
}
