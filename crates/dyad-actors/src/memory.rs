//! What a document has said so far: the people it named (for surnames and
//! titles), the country it is about (for "police" with no country), the
//! parties it named last (for "both sides") and the last subject (for a
//! pronoun subject).

use crate::{Actor, Mention, Role};

/// How many sentences back a pronoun may reach for its subject.
const PRONOUN_REACH: usize = 1;

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
                p == name || surname(p) == name || p.starts_with(&format!("{name} "))
            })
        })
    }

    /// The most recent person whose title contains `word` (case-insensitive):
    /// "the Secretary" after "Secretary of State Antony Blinken".
    pub fn titled(&self, word: &str) -> Option<&Actor> {
        let word = word.to_lowercase();
        self.people.iter().rev().find(|a| {
            a.title
                .as_deref()
                .is_some_and(|t| t.to_lowercase().split(' ').any(|w| w == word))
        })
    }

    /// The country the story is about: the one named most often so far
    /// (the most recent of those named equally often).
    pub fn story_country(&self) -> Option<&str> {
        self.countries
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, n))| (*n, *i))
            .map(|(_, (c, _))| c.as_str())
    }

    /// The last two distinct parties named (older first).
    pub fn last_two(&self) -> Option<(&Actor, &Actor)> {
        let mut it = self.parties.iter().rev();
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

    /// Records a resolved mention.
    pub fn remember(&mut self, m: &Mention, is_subject: bool) {
        if m.role != Role::Actor {
            return;
        }
        let a = &m.actor;
        if a.person.is_some() {
            self.people.push(a.clone());
            if is_subject {
                self.subject = Some((m.sentence, a.clone()));
            }
        }
        if let Some(c) = &a.country {
            let n = match self.countries.iter().position(|(x, _)| x == c) {
                Some(i) => self.countries.remove(i).1,
                None => 0,
            };
            self.countries.push((c.clone(), n + 1));
        }
        if a.key().is_some() {
            self.parties.push(a.clone());
        }
    }
}
