//! What a document has said so far: the people it named (for surnames and
//! titles), the country it is about (for "police" with no country), the
//! parties it named last (for "both sides"), the last subject (for a
//! pronoun subject) and the institution it speaks for (for "we" in a press
//! statement).
//!
//! The country a story is about is counted over the whole document before
//! any sentence is resolved ([`Memory::survey`]): a wire story's boilerplate
//! names its publisher's country first, but the story names its own more
//! often.

use crate::{Actor, Mention, Role};

/// Last words of titles that name a body, which "it" may stand for.
const BODIES: &[&str] = &[
    "government",
    "administration",
    "ministry",
    "department",
    "army",
    "military",
    "navy",
    "police",
    "forces",
    "council",
    "parliament",
    "regime",
    "cabinet",
    "junta",
    "authorities",
    "coalition",
    "committee",
    "commission",
    "court",
    "agency",
    "office",
    "presidency",
];

/// How many sentences back a pronoun may reach for its subject.
const PRONOUN_REACH: usize = 1;

/// How many recent parties "both sides" may look back over.
const MAX_PARTIES: usize = 16;

/// A document speaks for the institution it names in its first sentences
/// (a press statement's header, a readout's byline).
const VOICE_REACH: usize = 5;

/// Document memory, updated sentence by sentence.
#[derive(Debug, Default, Clone)]
pub struct Memory {
    /// People named, most recent last.
    people: Vec<Actor>,
    /// Countries of actors named, most recent last, each once, with how
    /// often each was named.
    countries: Vec<(String, usize)>,
    /// Actors with a key (country or organisation), most recent last.
    parties: Vec<Actor>,
    /// The person who was the subject of a recent sentence, and where.
    subject: Option<(usize, Actor)>,
    /// The body (a government, an organisation, no person) that was the
    /// subject of a recent sentence, and where: what "it" stands for.
    body: Option<(usize, Actor)>,
    /// Countries named anywhere in the document, in first-seen order, with
    /// how often ([`Memory::survey`]).
    surveyed: Vec<(String, usize)>,
    /// The government or organisation the document speaks for.
    voice: Option<Actor>,
    /// People named in the last sentences, with the sentence they were
    /// named in (for "they").
    recent_people: Vec<(usize, Actor)>,
    /// Titles used alone ("the President") and resolved to the voice, by
    /// their last word in lower case: the next use means the same.
    bare: Vec<(String, Actor)>,
}

fn surname(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

impl Memory {
    /// Forgets everything (a new document).
    pub fn clear(&mut self) {
        *self = Memory::default();
    }

    /// The person already named whose name is, or ends with, `name`
    /// ("Wang" after "Wang Yi"); the most recent if several.
    pub fn person(&self, name: &str) -> Option<&Actor> {
        self.people.iter().rev().find(|a| {
            a.person.as_deref().is_some_and(|p| {
                p == name
                    || surname(p) == name
                    || p.strip_prefix(name).is_some_and(|r| r.starts_with(' '))
            })
        })
    }

    /// The person whose title has every word of `title` (case-insensitive):
    /// "the Secretary" after "Secretary of State Antony Blinken". Of several,
    /// one of the country the document speaks for (a readout's "the
    /// President" is its own), else the most recent.
    pub fn titled(&self, title: &str) -> Option<&Actor> {
        // Every word of the title used ("the Foreign Minister": foreign and
        // minister) must be in the person's, so a prime minister is not
        // "the Foreign Minister".
        let words = |t: &str| -> Vec<String> {
            t.split([' ', '-'])
                .map(|w| match w.to_lowercase().as_str() {
                    "defence" => "defense".to_owned(),
                    w => w.to_owned(),
                })
                .filter(|w| !matches!(w.as_str(), "the" | "of" | ""))
                .collect()
        };
        let wanted = words(title);
        let mut titled = self.people.iter().rev().filter(|a| {
            a.title.as_deref().is_some_and(|t| {
                let have = words(t);
                wanted.iter().all(|w| have.contains(w))
            })
        });
        let latest = titled.next()?;
        let voice = self.voice.as_ref().and_then(|v| v.country.as_deref());
        if voice.is_none() || latest.country.as_deref() == voice {
            return Some(latest);
        }
        Some(
            titled
                .find(|a| a.country.as_deref() == voice)
                .unwrap_or(latest),
        )
    }

    /// What a title used alone ("the President") meant the last time it
    /// was used alone and resolved to the document's voice.
    pub fn bare_title(&self, word: &str) -> Option<&Actor> {
        self.bare
            .iter()
            .rev()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|(_, a)| a)
    }

    /// The last two distinct people named with a key ("the two leaders").
    pub fn last_two_people<'a>(
        &'a self,
        then: impl Iterator<Item = &'a Actor>,
    ) -> Option<(&'a Actor, &'a Actor)> {
        let then: Vec<&Actor> = then
            .filter(|a| a.key().is_some() && (a.person.is_some() || a.title.is_some()))
            .collect();
        let mut it = then
            .iter()
            .rev()
            .copied()
            .chain(self.people.iter().rev().filter(|a| a.key().is_some()));
        let b = it.next()?;
        let a = it.find(|a| a.key() != b.key())?;
        Some((a, b))
    }

    /// Counts a country named in the document (before resolution: see
    /// [`Memory::survey`]).
    pub fn survey(&mut self, country: &str) {
        match self.surveyed.iter_mut().find(|(c, _)| c == country) {
            Some((_, n)) => *n += 1,
            None => self.surveyed.push((country.to_owned(), 1)),
        }
    }

    /// "They" as a subject in sentence `sentence`: the two people of
    /// different sides named in it or the sentence before, if there are
    /// exactly two.
    pub fn they(&self, sentence: usize) -> Option<(&Actor, &Actor)> {
        let recent: Vec<&Actor> = self
            .recent_people
            .iter()
            .filter(|(i, _)| sentence.saturating_sub(*i) <= 1)
            .map(|(_, a)| a)
            .collect();
        match recent.as_slice() {
            [a, b] if a.key() != b.key() && a.key().is_some() && b.key().is_some() => Some((a, b)),
            _ => None,
        }
    }

    /// How often the document names `country` (after [`Memory::survey`]).
    pub fn surveyed(&self, country: &str) -> usize {
        self.surveyed
            .iter()
            .find(|(c, _)| c == country)
            .map_or(0, |(_, n)| *n)
    }

    /// The government or organisation the document speaks for: the first
    /// one named in its first sentences, if any.
    pub fn voice(&self) -> Option<&Actor> {
        self.voice.as_ref()
    }

    /// The country the story is about: the one named most often in the
    /// document (the first of those named equally often); before a survey,
    /// the one named most often so far (the most recent of equals).
    pub fn story_country(&self) -> Option<&str> {
        if let Some((c, _)) = self.surveyed.iter().rev().max_by_key(|(_, n)| *n) {
            return Some(c);
        }
        self.countries
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, n))| (*n, *i))
            .map(|(_, (c, _))| c.as_str())
    }

    /// The last two distinct parties named, counting `then` (actors named
    /// since, in order) as the most recent.
    pub fn last_two_with<'a>(
        &'a self,
        then: impl Iterator<Item = &'a Actor>,
    ) -> Option<(&'a Actor, &'a Actor)> {
        let then: Vec<&Actor> = then.filter(|a| a.key().is_some()).collect();
        let mut it = then.iter().rev().copied().chain(self.parties.iter().rev());
        let b = it.next()?;
        let a = it.find(|a| a.key() != b.key())?;
        Some((a, b))
    }

    /// The subject person of sentence `sentence - 1` (or this one).
    pub fn subject(&self, sentence: usize) -> Option<&Actor> {
        match &self.subject {
            Some((s, a)) if sentence.saturating_sub(*s) <= PRONOUN_REACH => Some(a),
            _ => None,
        }
    }

    /// The subject body of sentence `sentence - 1` (or this one), for "it".
    pub fn body(&self, sentence: usize) -> Option<&Actor> {
        match &self.body {
            Some((s, a)) if sentence.saturating_sub(*s) <= PRONOUN_REACH => Some(a),
            _ => None,
        }
    }

    /// Records a resolved mention.
    pub fn remember(&mut self, m: &Mention, is_subject: bool) {
        if m.role != Role::Actor {
            return;
        }
        let a = &m.actor;
        if self.voice.is_none()
            && m.sentence < VOICE_REACH
            && a.key().is_some()
            && matches!(a.sector.as_deref(), Some("GOV" | "IGO" | "MIL"))
            && !m
                .reason
                .iter()
                .any(|r| r.starts_with("memory:") || r.contains("country named in politics"))
        {
            // The person is kept: a statement's "we" is its signatory's
            // side, and event data names the signatory.
            self.voice = Some(a.clone());
        }
        if let Some(t) = &a.title
            && m.reason.iter().any(|r| r.contains("named by title alone"))
        {
            let word = t.rsplit(' ').next().unwrap_or(t).to_lowercase();
            self.bare.push((word, a.clone()));
        }
        if a.person.is_some() {
            self.recent_people
                .retain(|(i, p)| m.sentence.saturating_sub(*i) <= 1 && p != a);
            self.recent_people.push((m.sentence, a.clone()));
            // Each person once, most recent last: the list stays as long as
            // the cast, not the document.
            if let Some(i) = self.people.iter().position(|p| p == a) {
                self.people.remove(i);
            }
            self.people.push(a.clone());
            if is_subject {
                self.subject = Some((m.sentence, a.clone()));
            }
        }
        // "We" is never what "it" stands for.
        let pronoun = ["we", "us", "our", "i", "it", "they"]
            .iter()
            .any(|p| m.text.eq_ignore_ascii_case(p));
        // A body, not one unnamed person ("a military official").
        let collective = a.title.as_deref().is_none_or(|t| {
            let last = t.rsplit(' ').next().unwrap_or(t).to_lowercase();
            BODIES.contains(&last.as_str())
        });
        if is_subject && !pronoun && collective && a.person.is_none() && a.key().is_some() {
            self.body = Some((m.sentence, a.clone()));
        }
        if let Some(c) = &a.country {
            let n = match self.countries.iter().position(|(x, _)| x == c) {
                Some(i) => self.countries.remove(i).1,
                None => 0,
            };
            self.countries.push((c.clone(), n + 1));
        }
        if a.key().is_some() {
            // Only the last few parties are ever asked for.
            if self.parties.len() >= MAX_PARTIES {
                self.parties.remove(0);
            }
            self.parties.push(a.clone());
        }
    }
}
