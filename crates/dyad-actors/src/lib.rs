//! `actors`: every political actor a document names, and who it is.
//!
//! A sentence's tokens are matched against the knowledge base (`dyad-kb`):
//! country names and adjectives, capitals, organisations, people and role
//! nouns. Adjacent pieces are then assembled into the mentions news
//! actually writes ([`compose`]): "US Secretary of State Antony Blinken" is
//! one mention (country + office + person), "foreign ministers from
//! Chile, Peru and Norway" three. Each mention is then resolved
//! ([`resolve`]) to a country or organisation, a CAMEO sector and, for a
//! person, a name, with the reason written down:
//!
//! * a person takes the office the knowledge base says they held on the
//!   document's date (Biden is vice-president in 2015, holds no office in
//!   2019);
//! * a person the knowledge base does not know takes country and sector
//!   from the title or adjective around the name;
//! * a capital or country acting or spoken to (subject, agent, addressee)
//!   stands for its government; after "in", "at", "near" it is a place;
//! * the document remembers ([`memory`]): surnames ("Wang" after "Wang
//!   Yi"), titles ("the Secretary"), "his Russian counterpart", "both
//!   sides", a pronoun subject that can only be the last subject, and the
//!   country a story is about for "police" or "the militants" with no
//!   country of their own.
//!
//! Ambiguity is settled conservatively: no answer is better than a wrong
//! one. Word lists the rules need live in `data/*.txt`.

pub mod compose;
pub mod lexicon;
pub mod memory;
pub mod quote;
pub mod resolve;

use std::ops::Range;

use serde::Serialize;

pub use memory::Memory;
pub use resolve::Resolver;

/// Who an actor is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// Country code (ISO 3166 alpha-3, CAMEO's where ISO has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Organisation key (`UN`, `NATO`), for international organisations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// CAMEO sector (role) code: `GOV`, `MIL`, `IGO`...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// The person's canonical name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The office or role named or held (`Secretary of State`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Actor {
    /// The CAMEO actor code: the organisation's or country's code followed
    /// by the sector (`USAGOV`, `IGOUNO`'s org key `UN` + `IGO`...).
    pub fn code(&self) -> String {
        let base = self
            .org
            .as_deref()
            .or(self.country.as_deref())
            .unwrap_or("");
        let sector = self.sector.as_deref().unwrap_or("");
        if base.is_empty() {
            sector.to_owned()
        } else if sector.is_empty() || base.ends_with(sector) {
            base.to_owned()
        } else {
            format!("{base}{sector}")
        }
    }

    /// The key events are compared on: the organisation, else the country.
    pub fn key(&self) -> Option<&str> {
        self.org.as_deref().or(self.country.as_deref())
    }

    /// Whether the actor says anything at all.
    pub fn is_empty(&self) -> bool {
        self.key().is_none() && self.person.is_none() && self.sector.is_none()
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A political actor.
    Actor,
    /// A place (a capital or country after "in", a city).
    Place,
}

/// One mention of an actor or place in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Sentence index in the document.
    pub sentence: usize,
    /// Token range in the sentence.
    #[serde(skip)]
    pub tokens: Range<usize>,
    /// The token the mention hangs on in the parse (the person's or
    /// role's head).
    #[serde(skip)]
    pub head: usize,
    /// Byte offsets in the document text.
    pub span: [usize; 2],
    /// The mention's text.
    pub text: String,
    /// Actor or place.
    pub role: Role,
    /// Who it is.
    pub actor: Actor,
    /// Why: the knowledge-base entries, titles, rules and memory used.
    pub reason: Vec<String>,
}

/// The document's date as (year, month, day), which offices are looked up
/// on.
pub type Day = dyad_kb::Day;
