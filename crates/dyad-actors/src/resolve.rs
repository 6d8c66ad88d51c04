//! From phrases to actors: which country, organisation, sector and person a
//! mention stands for, and why.

use dyad_kb::{Candidate, Entry, Kb, Kind, MatchScratch};
use dyad_nlp::{Analysis, Upos};
use dyad_text::Sentence;
use rustc_hash::FxHashMap;

use crate::compose::{self, Item, Phrase, Piece};
use crate::lexicon::Lexicon;
use crate::{Actor, Day, Memory, Mention, Role};

/// Resolves mentions against a knowledge base.
#[derive(Debug)]
pub struct Resolver<'k> {
    kb: &'k Kb,
    lex: &'static Lexicon,
    /// Last word of a person's name or alias, folded ([`dyad_kb::fold`])
    /// → canonical names.
    surnames: FxHashMap<String, Vec<String>>,
}

/// Reusable buffers.
#[derive(Debug, Default)]
pub struct Scratch {
    matches: MatchScratch,
    cands: Vec<Candidate>,
    blocked: Vec<Candidate>,
    groups: Vec<Candidate>,
    /// `matches` and `cands` hold the sentence `sentence` is about to
    /// resolve (set by [`Resolver::name_tokens`]).
    fresh: bool,
    /// `blocked` holds that sentence's non-actor phrases too (set by
    /// [`Resolver::name_tokens_found`]).
    fresh_blocked: bool,
}

/// What [`Resolver::survey_found`] found in one sentence: the knowledge
/// base's candidates and the non-actor phrases, kept so that the
/// sentence's own pass ([`Resolver::name_tokens_found`], then
/// [`Resolver::sentence`]) does not search the same words again.
#[derive(Debug, Default, Clone)]
pub struct Found {
    cands: Vec<Candidate>,
    non_actors: Vec<Candidate>,
}

fn last_word(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or(s)
}

/// The primary CAMEO sector of a code such as `GOVMIL`.
fn primary(sector: &str) -> Option<String> {
    (!sector.is_empty()).then(|| sector.chars().take(3).collect())
}

impl<'k> Resolver<'k> {
    /// A resolver over `kb`.
    pub fn new(kb: &'k Kb) -> Resolver<'k> {
        let mut surnames: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for (_, e) in kb.entries() {
            if e.kind() != Kind::Person {
                continue;
            }
            for s in e.surfaces() {
                // Single-word aliases are surnames already; titles in
                // aliases ("President Obama") end in one too.
                let w = last_word(s);
                if w.chars().next().is_some_and(char::is_uppercase) && w.len() > 2 {
                    let v = surnames.entry(dyad_kb::fold(w)).or_default();
                    if !v.contains(&e.name) {
                        v.push(e.name.clone());
                    }
                }
            }
        }
        Resolver {
            kb,
            lex: Lexicon::builtin(),
            surnames,
        }
    }

    /// The knowledge base.
    pub fn kb(&self) -> &'k Kb {
        self.kb
    }

    /// Counts the countries one sentence names (by country name, adjective,
    /// capital or city), before any sentence of the document is resolved:
    /// call it on every sentence first, so that [`Memory::story_country`]
    /// is the country the whole story is about.
    pub fn survey(&self, words: &[&str], memory: &mut Memory, scratch: &mut Scratch) {
        self.survey_inner(words, memory, scratch, None);
    }

    /// [`Resolver::survey`], keeping what it found in `found` for
    /// [`Resolver::name_tokens_found`] on the same words.
    pub fn survey_found(
        &self,
        words: &[&str],
        memory: &mut Memory,
        scratch: &mut Scratch,
        found: &mut Found,
    ) {
        self.survey_inner(words, memory, scratch, Some(found));
    }

    fn survey_inner(
        &self,
        words: &[&str],
        memory: &mut Memory,
        scratch: &mut Scratch,
        found: Option<&mut Found>,
    ) {
        scratch.cands.clear();
        self.kb
            .find(words, &mut scratch.matches, &mut scratch.cands);
        scratch.blocked.clear();
        self.lex
            .non_actors
            .find_prepared(words, &scratch.matches, &mut scratch.blocked);
        if let Some(f) = found {
            // Before `select` sorts them: kept in the order found.
            f.cands.clone_from(&scratch.cands);
            f.non_actors.clone_from(&scratch.blocked);
        }
        let blocked: Vec<(usize, usize)> =
            scratch.blocked.iter().map(|c| (c.start, c.end)).collect();
        let kb = self.kb;
        for it in compose::select(&mut scratch.cands, |e| kb.entry(e).kind(), &blocked) {
            if let Piece::Place(_) = it.piece {
                let e = kb.entry(it.entries[0]);
                if !e.country.is_empty() {
                    memory.survey(&e.country);
                }
            }
        }
    }

    /// Flags the tokens of `words` that are part of a name the knowledge
    /// base knows (call it with the same `scratch` right before
    /// [`Resolver::sentence`] on the same words, which then reuses the
    /// matches) (a country, capital, city, organisation or person; not
    /// adjectives or roles) and start with a capital: the tagger is told
    /// they are proper nouns.
    pub fn name_tokens(&self, words: &[&str], scratch: &mut Scratch, out: &mut Vec<bool>) {
        scratch.cands.clear();
        self.kb
            .find(words, &mut scratch.matches, &mut scratch.cands);
        // The next `sentence` call, on these words, reuses the matches.
        scratch.fresh = true;
        scratch.fresh_blocked = false;
        self.flag_names(words, scratch, out);
    }

    /// [`Resolver::name_tokens`] with what [`Resolver::survey_found`]
    /// found in the same words: nothing is searched again, and the next
    /// [`Resolver::sentence`] call on these words reuses it too.
    pub fn name_tokens_found(
        &self,
        words: &[&str],
        found: &Found,
        scratch: &mut Scratch,
        out: &mut Vec<bool>,
    ) {
        scratch.matches.prepare(words);
        scratch.cands.clone_from(&found.cands);
        scratch.blocked.clone_from(&found.non_actors);
        scratch.fresh = true;
        scratch.fresh_blocked = true;
        self.flag_names(words, scratch, out);
    }

    /// Flags the tokens of the names among `scratch.cands`.
    fn flag_names(&self, words: &[&str], scratch: &Scratch, out: &mut Vec<bool>) {
        out.clear();
        out.resize(words.len(), false);
        for c in &scratch.cands {
            let kind = self.kb.entry(c.entry).kind();
            if matches!(kind, Kind::Adjective | Kind::Role | Kind::Place) {
                continue;
            }
            for (i, w) in words.iter().enumerate().take(c.end).skip(c.start) {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    out[i] = true;
                }
            }
        }
    }

    /// [`Resolver::survey`] over every sentence of a document's text.
    pub fn survey_document(&self, text: &str, memory: &mut Memory, scratch: &mut Scratch) {
        for s in dyad_text::sentences(text) {
            let words: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_ref()).collect();
            self.survey(&words, memory, scratch);
        }
    }

    /// Finds and resolves the mentions of one sentence (index `index` in
    /// its document, dated `day`), appending them to `out` and updating
    /// the document's `memory`.
    #[allow(clippy::too_many_arguments)]
    pub fn sentence(
        &self,
        index: usize,
        sentence: &Sentence<'_>,
        analysis: &Analysis<'_>,
        day: Day,
        memory: &mut Memory,
        scratch: &mut Scratch,
        out: &mut Vec<Mention>,
    ) {
        let words: Vec<&str> = sentence.tokens.iter().map(|t| t.norm.as_ref()).collect();
        if words.is_empty() || analysis.len() != words.len() {
            return;
        }
        // Key the sentence once for the three automata (and reuse the
        // knowledge base's matches if `name_tokens` just found them).
        let fresh = std::mem::take(&mut scratch.fresh);
        let fresh_blocked = std::mem::take(&mut scratch.fresh_blocked) && fresh;
        if !fresh {
            scratch.matches.prepare(&words);
            scratch.cands.clear();
            self.kb
                .find_prepared(&words, &scratch.matches, &mut scratch.cands);
        }
        if !fresh_blocked {
            scratch.blocked.clear();
            self.lex
                .non_actors
                .find_prepared(&words, &scratch.matches, &mut scratch.blocked);
        }
        scratch.groups.clear();
        self.lex
            .groups
            .find_prepared(&words, &scratch.matches, &mut scratch.groups);
        let blocked: Vec<(usize, usize)> = scratch
            .blocked
            .iter()
            .chain(scratch.groups.iter())
            .map(|c| (c.start, c.end))
            .collect();
        let kb = self.kb;
        let mut items = compose::select(&mut scratch.cands, |e| kb.entry(e).kind(), &blocked);
        let first = out.len();
        let ctx = Ctx {
            index,
            sentence,
            analysis,
            words: &words,
            day,
        };
        self.add_names(&ctx, memory, &mut items);
        for phrase in compose::compose(&items, &words) {
            self.phrase(&ctx, &items, &phrase, memory, out);
        }
        // Places named in the sentence, for roles with no country.
        appositions(&ctx, first, out);
        self.local_countries(&ctx, first, memory, out);
        self.groups(&ctx, &mut scratch.groups, memory, first, out);
        self.pronouns(&ctx, memory, out);
        self.we(&ctx, memory, first, out);
        out[first..].sort_by_key(|m| m.tokens.start);
        for m in &out[first..] {
            // A pronoun's antecedent: the subject of the main clause, named
            // (not a group phrase standing for two parties).
            let subject = analysis.deprel(m.head).starts_with("nsubj")
                && analysis
                    .head(m.head)
                    .is_some_and(|h| analysis.head(h).is_none())
                && !m.reason.iter().any(|r| r.starts_with("group phrase"));
            memory.remember(m, subject);
        }
    }

    /// Adds runs of proper nouns no entry covers: unknown names and
    /// surnames. A capitalised word the tagger did not call a proper noun
    /// (a surname opening a sentence) counts when it names a person the
    /// document or the knowledge base knows. A run right before a role
    /// noun is part of an institution's name (*State* Department), not a
    /// person.
    fn add_names(&self, ctx: &Ctx<'_, '_>, memory: &Memory, items: &mut Vec<Item>) {
        let (words, a) = (ctx.words, ctx.analysis);
        let mut covered_by = vec![false; words.len()];
        for it in items.iter() {
            covered_by[it.start..it.end].fill(true);
        }
        let covered = |i: usize, _: &[Item]| covered_by[i];
        let capitalised = |k: usize| words[k].chars().next().is_some_and(char::is_uppercase);
        let known =
            |w: &str| memory.person(w).is_some() || self.by_surname(w, ctx.day, None).is_some();
        let mut i = 0;
        let mut added = Vec::new();
        while i < words.len() {
            let propn = |k: usize| a.upos(k) == Upos::Propn && capitalised(k) && !covered(k, items);
            let start = i;
            if propn(i) {
                while i < words.len() && propn(i) {
                    i += 1;
                }
            } else if capitalised(i)
                && matches!(a.upos(i), Upos::Noun | Upos::Adj | Upos::X | Upos::Intj)
                && dyad_text::calendar::month(words[i]).is_none()
                && !covered(i, items)
                && known(words[i])
            {
                i += 1;
            } else {
                i += 1;
                continue;
            }
            // "May 18", "on Monday": a date, however it was tagged.
            if i - start == 1
                && (dyad_text::calendar::month(words[start]).is_some()
                    || dyad_text::calendar::weekday(words[start]).is_some())
            {
                continue;
            }
            let before_role = items
                .iter()
                .any(|it| it.start == i && it.piece == Piece::Role);
            // A name before a role is mostly a label ("Pentagon press
            // secretary"), but a leader's surname stays a name ("the Biden
            // administration").
            if !before_role || (i - start == 1 && known(words[start])) {
                added.push(Item {
                    start,
                    end: i,
                    piece: Piece::Name,
                    entries: Vec::new(),
                });
            }
        }
        items.extend(added);
        items.sort_by_key(|it| it.start);
    }

    fn phrase(
        &self,
        ctx: &Ctx<'_, '_>,
        items: &[Item],
        p: &Phrase,
        memory: &Memory,
        out: &mut Vec<Mention>,
    ) {
        let mut actor = Actor::default();
        let mut reason = Vec::new();
        let mut role = Role::Actor;
        // The person.
        if let Some(pi) = p.person {
            let it = &items[pi];
            match it.piece {
                Piece::Person => {
                    let e = self.kb.entry(it.entries[0]);
                    self.person(&e.name, ctx.day, &mut actor, &mut reason);
                }
                _ => {
                    let text = ctx.text(it.start, it.end);
                    if let Some(a) = memory.person(&text) {
                        actor = a.clone();
                        reason.push(format!(
                            "memory: {} named earlier",
                            a.person.as_deref().unwrap_or("")
                        ));
                    } else if let Some(name) = self.by_surname(
                        &text,
                        ctx.day,
                        p.modifier
                            .map(|mi| self.kb.entry(items[mi].entries[0]))
                            .filter(|e| e.kind() != Kind::Org)
                            .map(|e| e.country.as_str()),
                    ) {
                        self.person(&name, ctx.day, &mut actor, &mut reason);
                        reason.push(format!(
                            "surname {text:?} of the only holder of an office on the date"
                        ));
                    } else if let Some((name, country)) = self.known_surname(&text) {
                        // "Biti" before he held office: a person the
                        // knowledge base knows, of the one country all their
                        // offices were in; no sector, since none was held.
                        reason.push(format!(
                            "{name}: no office on the date; the country of all their offices, {country}"
                        ));
                        actor.person = Some(name);
                        actor.country = Some(country);
                    } else if p.roles.is_empty() && p.modifier.is_none() {
                        return; // a name we know nothing about
                    } else {
                        actor.person = Some(text.clone());
                        reason.push(format!("person {text:?} not in the knowledge base"));
                    }
                }
            }
        }
        // The roles.
        if let Some(&ri) = p.roles.last() {
            let it = &items[ri];
            let e = self.kb.entry(it.entries[0]);
            let title = ctx.text(items[p.roles[0]].start, it.end);
            if actor.sector.is_none() {
                actor.sector = primary(&e.sector);
            }
            if actor.title.is_none() {
                actor.title = Some(title.clone());
            }
            reason.push(format!("role {:?} → {}", e.name, e.sector));
            // "the Secretary", "the Special Envoy": someone named earlier.
            if p.person.is_none() && p.modifier.is_none() && p.each.is_empty() {
                let definite = it.start > 0 && ctx.words[it.start - 1].eq_ignore_ascii_case("the");
                let capital = ctx.words[it.start]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                let one =
                    e.info("collective").is_none() && !ctx.analysis.xpos(it.end - 1).ends_with('S');
                let specific = p.roles.len() > 1 || it.end - it.start > 1;
                if (definite || it.start == 0) && (capital || specific) && one {
                    if let Some(a) = memory.bare_title(last_word(&title)) {
                        actor = a.clone();
                        reason.push(format!("the {title}, as the last time it was used alone"));
                    } else if let Some(a) = memory.titled(&title) {
                        actor = a.clone();
                        reason.push(format!("memory: the {title} named earlier"));
                    } else if let Some(v) = memory.voice()
                        && v.country.is_some()
                        && v.sector.as_deref() == actor.sector.as_deref()
                    {
                        // A readout's "The President spoke today with...".
                        actor.country = v.country.clone();
                        reason.push(format!(
                            "the {title}, named by title alone: the document's own ({})",
                            v.code()
                        ));
                    }
                }
            }
        }
        // The modifier.
        if let Some(mi) = p.modifier {
            self.modifier(&items[mi], &mut actor, &mut reason);
            // "UN Special Envoy Martin Griffiths": an office named as an
            // organisation is the person's title.
            if p.person.is_some() && items[mi].piece == Piece::Org {
                let end = p.roles.last().map_or(items[mi].end, |&r| items[r].end);
                if items[mi].start < end && mi < p.person.unwrap_or(0) {
                    actor.title = Some(ctx.text(items[mi].start, end));
                }
            }
        }
        // A lone piece.
        if p.person.is_none() && p.roles.is_empty() {
            let it = &items[p.start_item(items)];
            match it.piece {
                Piece::Place(kind) => {
                    let e = self.kb.entry(it.entries[0]);
                    let head = ctx.head_of(it.start, it.end);
                    if kind == Kind::Adjective && ctx.analysis.upos(head) == Upos::Adj {
                        return; // "the Syrian border": a description, not an actor
                    }
                    actor.country = Some(e.country.clone());
                    reason.push(format!("{} {:?}", kind.as_str(), e.name));
                    match self.metonymy(ctx, head) {
                        Use::Place => {
                            role = Role::Place;
                            reason.push("after a locative preposition: a place".into());
                        }
                        Use::Territory => {
                            reason.push("object of a physical verb: the territory".into())
                        }
                        Use::Agent if matches!(kind, Kind::Country | Kind::Capital) => {
                            actor.sector = Some("GOV".into());
                            reason.push("acting or addressed: its government".into());
                        }
                        Use::Other if matches!(kind, Kind::Country | Kind::Capital) => {
                            actor.sector = Some("GOV".into());
                            reason.push(format!(
                                "a {} named in politics: its government",
                                kind.as_str()
                            ));
                        }
                        _ => {}
                    }
                    if kind == Kind::City {
                        role = Role::Place;
                    }
                }
                Piece::Org => self.modifier(it, &mut actor, &mut reason),
                _ => {}
            }
        }
        // An armed group keyed to one country, in a story about another
        // that rarely names the first ("the Taliban" in Swat are Pakistan's
        // Taliban): the group where the story is.
        if actor.org.is_none()
            && matches!(actor.sector.as_deref(), Some("INS" | "REB" | "SEP"))
            && reason.iter().any(|r| r.starts_with("organisation"))
            && let (Some(home), Some(story)) = (actor.country.clone(), memory.story_country())
            && home != story
            && memory.surveyed(&home) * 3 < memory.surveyed(story)
        {
            actor.country = Some(story.to_owned());
            reason.push(format!(
                "armed group named in a story about {story}, which names {home} rarely: {story}'s"
            ));
        }
        // "the Obama administration", "the Putin government": a leader
        // named right before a role says whose it is.
        if actor.key().is_none()
            && actor.sector.is_some()
            && p.person.is_none()
            && p.each.is_empty()
            && let Some(prev) = out.last()
            && prev.tokens.end == p.start
            && prev.actor.person.is_some()
            && let Some(c) = prev.actor.country.clone()
        {
            reason.push(format!(
                "the leader {:?} named before the role: {c}",
                prev.text
            ));
            actor.country = Some(c);
        }
        // Unqualified domestic roles: the country the story is about.
        if actor.key().is_none()
            && actor.sector.is_some()
            && p.each.is_empty()
            && let Some(c) = memory.story_country()
        {
            actor.country = Some(c.to_owned());
            reason.push(format!(
                "memory: no country of its own, the story's country {c}"
            ));
        }
        let head = ctx.head_of(p.start, p.end);
        if p.each.is_empty() {
            if !actor.is_empty() {
                out.push(ctx.mention(p.start, p.end, head, role, actor, reason));
            }
            return;
        }
        // "foreign ministers from Chile, Peru and Norway": one each;
        // "the Government of Iraq": one, the whole phrase.
        let single = p.each.len() == 1;
        for &ei in &p.each {
            let it = &items[ei];
            let mut a = actor.clone();
            let mut r = reason.clone();
            self.modifier(it, &mut a, &mut r);
            let (start, end) = if single {
                (p.start, p.end)
            } else {
                (it.start, it.end)
            };
            out.push(ctx.mention(start, end, ctx.head_of(start, end), Role::Actor, a, r));
        }
    }

    /// Fills `actor` from a country, adjective, capital or organisation.
    fn modifier(&self, it: &Item, actor: &mut Actor, reason: &mut Vec<String>) {
        let e = self.kb.entry(it.entries[0]);
        match e.kind() {
            Kind::Org => {
                let igo = e.sector == "IGO";
                if igo && !e.org.is_empty() {
                    if actor.org.is_none() && actor.country.is_none() {
                        actor.org = Some(e.org.clone());
                        actor.sector = Some("IGO".into());
                    }
                } else {
                    if actor.country.is_none() && !e.country.is_empty() {
                        actor.country = Some(e.country.clone());
                    }
                    if actor.sector.is_none() {
                        actor.sector = primary(&e.sector);
                    }
                }
                reason.push(format!(
                    "organisation {:?} ({} {})",
                    e.name, e.org, e.sector
                ));
            }
            k => {
                if actor.country.is_none() && actor.org.is_none() {
                    actor.country = Some(e.country.clone());
                }
                reason.push(format!("{} {:?} → {}", k.as_str(), e.name, e.country));
            }
        }
    }

    /// Fills `actor` from a known person's office on `day`.
    fn person(&self, name: &str, day: Day, actor: &mut Actor, reason: &mut Vec<String>) {
        actor.person = Some(name.to_owned());
        match self.kb.office_on(name, day) {
            Some(o) => {
                fill_office(actor, o);
                reason.push(format!(
                    "{name}: {} of {} ({}–{})",
                    o.info("title").unwrap_or("office"),
                    if o.org.is_empty() { &o.country } else { &o.org },
                    o.start.map(|d| d.to_string()).unwrap_or_default(),
                    o.end.map(|d| d.to_string()).unwrap_or_default(),
                ));
            }
            None => reason.push(format!(
                "{name}: no office known on {:04}-{:02}-{:02}",
                day.0, day.1, day.2
            )),
        }
    }

    /// The one person whose surname this is and who held an office on
    /// `day` (in `country`, if given).
    /// The one person in the knowledge base with this surname, whatever
    /// the date, and the one country all their offices were in.
    fn known_surname(&self, text: &str) -> Option<(String, String)> {
        if text.contains(' ') {
            return None;
        }
        let names = self.surnames.get(&dyad_kb::fold(last_word(text)))?;
        let [name] = names.as_slice() else {
            return None;
        };
        let mut countries = self.kb.offices(name).map(|o| o.country.as_str());
        let first = countries.next().filter(|c| !c.is_empty())?;
        countries
            .all(|c| c == first)
            .then(|| (name.clone(), first.to_owned()))
    }

    fn by_surname(&self, text: &str, day: Day, country: Option<&str>) -> Option<String> {
        let names = self.surnames.get(&dyad_kb::fold(last_word(text)))?;
        let mut found: Option<&String> = None;
        for n in names {
            let Some(o) = self.kb.office_on(n, day) else {
                continue;
            };
            if country.is_some_and(|c| o.country != c) {
                continue;
            }
            if found.is_some_and(|f| f != n) {
                return None; // two holders: no answer rather than a guess
            }
            found = Some(n);
        }
        found.cloned()
    }

    fn metonymy(&self, ctx: &Ctx<'_, '_>, head: usize) -> Use {
        let a = ctx.analysis;
        let locative = a
            .children(head)
            .any(|c| a.deprel(c) == "case" && contains_lower(&self.lex.locative, a.lemma(c)));
        if locative {
            return Use::Place;
        }
        let rel = a.deprel(head);
        if rel == "conj"
            && let Some(h) = a.head(head)
            && h != head
        {
            // "Beijing and Moscow should step up": as the first conjunct.
            return self.metonymy(ctx, h);
        }
        if rel == "compound" || rel == "amod" {
            return Use::Place; // "at Kabul airport", "a Beijing hotel"
        }
        if rel.starts_with("nsubj") || rel == "obl:agent" {
            return Use::Agent;
        }
        if (rel == "obj" || rel == "iobj" || rel.starts_with("obl"))
            && let Some(g) = a.head(head)
        {
            if contains_lower(&self.lex.physical_verbs, a.lemma(g)) {
                return Use::Territory;
            }
            return Use::Agent;
        }
        Use::Other
    }

    /// "Both sides", "the two countries": the last two parties named
    /// before the phrase, in this sentence or earlier ones.
    fn groups(
        &self,
        ctx: &Ctx<'_, '_>,
        groups: &mut [Candidate],
        memory: &Memory,
        first: usize,
        out: &mut Vec<Mention>,
    ) {
        let blank: Vec<(usize, usize)> = Vec::new();
        for it in compose::select(groups, |_| Kind::Role, &blank) {
            let before = out[first..]
                .iter()
                .filter(|m| m.tokens.start < it.start && m.role == Role::Actor)
                .map(|m| &m.actor);
            // "The two leaders", "both ministers": people, not parties.
            let people = ctx.words[it.start..it.end].iter().any(|w| {
                ["leaders", "ministers", "presidents", "men", "women"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            });
            let two = if people {
                memory.last_two_people(before)
            } else {
                memory.last_two_with(before)
            };
            let Some((a, b)) = two else {
                continue;
            };
            let (a, b) = (a.clone(), b.clone());
            let head = ctx.head_of(it.start, it.end);
            for x in [a, b] {
                let reason = vec![format!(
                    "group phrase: the last two parties named ({})",
                    x.key().unwrap_or("")
                )];
                out.push(ctx.mention(it.start, it.end, head, Role::Actor, x, reason));
            }
        }
    }

    /// A role with no country ("people killed at Kabul airport") takes the
    /// country of a place named in the same sentence, if just one is.
    fn local_countries(
        &self,
        _ctx: &Ctx<'_, '_>,
        first: usize,
        _memory: &Memory,
        out: &mut [Mention],
    ) {
        let mut places = out[first..]
            .iter()
            .filter(|m| m.role == Role::Place)
            .filter_map(|m| m.actor.country.clone());
        let Some(c) = places.next() else { return };
        if places.any(|x| x != c) {
            return;
        }
        for m in &mut out[first..] {
            if m.role == Role::Actor && m.reason.iter().any(|r| r.starts_with("memory: no country"))
            {
                m.actor.country = Some(c.clone());
                m.reason.retain(|r| !r.starts_with("memory: no country"));
                m.reason.push(format!(
                    "no country of its own: the place named in the sentence, {c}"
                ));
            }
        }
    }

    /// "He said": the last subject, when it is a person named a sentence
    /// or less ago; "they": the two people of two sides just named.
    fn pronouns(&self, ctx: &Ctx<'_, '_>, memory: &Memory, out: &mut Vec<Mention>) {
        let a = ctx.analysis;
        for i in 0..ctx.words.len() {
            let w = ctx.words[i];
            if let Some(m) = self.the_country(ctx, memory, i, out) {
                out.push(m);
                continue;
            }
            // "The Government of Chile has promised an inquiry. We
            // urge it to...": "it" is the body that was the subject.
            if w.eq_ignore_ascii_case("it")
                && matches!(a.deprel(i), "nsubj" | "obj" | "iobj" | "obl")
                && let Some(b) = memory.body(ctx.index)
            {
                let reason = vec![format!(
                    "pronoun {w:?}: the body that was the last subject, {}",
                    b.code()
                )];
                out.push(ctx.mention(i, i + 1, i, Role::Actor, b.clone(), reason));
                continue;
            }
            if !a.deprel(i).starts_with("nsubj") {
                continue;
            }
            // "They agreed to meet again": the two people just named, if
            // exactly two sides were.
            if w.eq_ignore_ascii_case("they")
                && let Some((x, y)) = memory.they(ctx.index)
            {
                for p in [x, y] {
                    let reason = vec![format!(
                        "pronoun {w:?}: the two people just named ({})",
                        p.person.as_deref().unwrap_or("")
                    )];
                    out.push(ctx.mention(i, i + 1, i, Role::Actor, p.clone(), reason));
                }
                continue;
            }
            if !(w.eq_ignore_ascii_case("he") || w.eq_ignore_ascii_case("she")) {
                continue;
            }
            if let Some(p) = memory.subject(ctx.index) {
                let reason = vec![format!(
                    "pronoun {w:?}: the last subject, {}",
                    p.person.as_deref().unwrap_or("")
                )];
                out.push(ctx.mention(i, i + 1, i, Role::Actor, p.clone(), reason));
            }
        }
    }
}

/// "The top U.S. military official, Admiral Michael Mullen": a mention with
/// no country of its own in apposition to one that has a country takes it.
fn appositions(ctx: &Ctx<'_, '_>, first: usize, out: &mut [Mention]) {
    let a = ctx.analysis;
    let own = |m: &Mention| {
        m.role == Role::Actor
            && m.actor.country.is_some()
            && !m.reason.iter().any(|r| r.starts_with("memory:"))
    };
    for i in first..out.len() {
        if !(out[i].role == Role::Actor
            && out[i]
                .reason
                .iter()
                .any(|r| r.starts_with("memory: no country")))
        {
            continue;
        }
        // Up from the mention's head through the phrase the parser built
        // for the apposition (often a conjunct or an nmod chain: "official,
        // Chairman of the Joint Chiefs of Staff Admiral Mullen"), never
        // across "and".
        let mut up = Vec::new();
        let mut x = out[i].head;
        for _ in 0..4 {
            let rel = a.deprel(x);
            let Some(h) = a.head(x) else { break };
            if !matches!(rel, "appos" | "conj" | "nmod" | "flat" | "compound")
                || (rel == "conj" && a.children(x).any(|k| a.deprel(k) == "cc"))
            {
                break;
            }
            up.push(h);
            x = h;
        }
        let start = out[i].tokens.start;
        let found = out[first..].iter().find(|o| {
            own(o) && up.contains(&o.head) && o.tokens.end < start && ctx.words[o.tokens.end] == ","
        });
        if let Some(c) = found.and_then(|o| o.actor.country.clone()) {
            let m = &mut out[i];
            m.actor.country = Some(c.clone());
            m.reason.retain(|r| !r.starts_with("memory: no country"));
            m.reason
                .push(format!("no country of its own: its apposition's, {c}"));
        }
    }
}

impl Resolver<'_> {
    /// "the country", "the Central American nation": a definite singular
    /// "country" or "nation" with no "of" after it is the country the story
    /// is about; its government when it acts, a place after "in".
    fn the_country(
        &self,
        ctx: &Ctx<'_, '_>,
        memory: &Memory,
        i: usize,
        out: &[Mention],
    ) -> Option<Mention> {
        let a = ctx.analysis;
        let w = ctx.words[i];
        if !(w.eq_ignore_ascii_case("country") || w.eq_ignore_ascii_case("nation"))
            || a.upos(i) != dyad_nlp::Upos::Noun
            || out.iter().any(|m| m.tokens.contains(&i))
        {
            return None;
        }
        let the = a
            .children(i)
            .any(|k| a.deprel(k) == "det" && ctx.words[k].eq_ignore_ascii_case("the"));
        let of = a.children(i).any(|k| a.deprel(k).starts_with("nmod"));
        let other = a.children(i).any(|k| {
            a.deprel(k) == "amod"
                && matches!(
                    ctx.words[k].to_lowercase().as_str(),
                    "other" | "neighbouring" | "neighboring" | "host" | "home"
                )
        });
        if !the || of || other {
            return None;
        }
        let c = memory.story_country()?;
        let start = a
            .children(i)
            .filter(|&k| k < i && a.deprel(k) != "case")
            .min()
            .unwrap_or(i);
        let start = (start..i).find(|&k| a.deprel(k) != "det").unwrap_or(i);
        let place = a.children(i).any(|k| {
            a.deprel(k) == "case"
                && matches!(
                    ctx.words[k].to_lowercase().as_str(),
                    "in" | "across" | "throughout" | "to" | "into"
                )
        });
        let actor = Actor {
            country: Some(c.to_owned()),
            sector: (!place).then(|| "GOV".to_owned()),
            ..Actor::default()
        };
        let reason = vec![format!("\"the {w}\": the country the story is about, {c}")];
        Some(ctx.mention(
            start,
            i + 1,
            i,
            if place { Role::Place } else { Role::Actor },
            actor,
            reason,
        ))
    }

    /// "We", "our", "us" (and "I", "my", "me"): inside a quotation, the speaker's side, when the
    /// sentence says who speaks ("'Our country will stand with you,' the
    /// president said"); outside one, the institution the document speaks
    /// for (a press statement's "We condemn"), if it named one up front.
    fn we(&self, ctx: &Ctx<'_, '_>, memory: &Memory, first: usize, out: &mut Vec<Mention>) {
        let a = ctx.analysis;
        let mut quotes = 0;
        let mut speaker: Option<Option<Actor>> = None;
        for i in 0..ctx.words.len() {
            let w = ctx.words[i];
            if crate::quote::is_quote_mark(w) {
                quotes += 1;
                continue;
            }
            let any = |list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
            let singular = any(&["i", "my", "me", "myself"]);
            if !(singular || any(&["we", "our", "us", "ours", "ourselves"])) || w == "US" {
                continue;
            }
            let (mut actor, reason) = if quotes % 2 == 1 {
                let s = speaker.get_or_insert_with(|| {
                    crate::quote::speaker(ctx.analysis, &out[first..], None).map(|m| Actor {
                        person: None,
                        title: None,
                        ..m.actor.clone()
                    })
                });
                match s {
                    Some(s) => (
                        s.clone(),
                        format!("{w:?} in a quotation: the speaker's side"),
                    ),
                    None => continue,
                }
            } else {
                match memory.voice() {
                    Some(v) => (
                        v.clone(),
                        format!("{w:?}: the institution the document speaks for"),
                    ),
                    None => continue,
                }
            };
            if singular {
                // "I" is a person of that side; which one, only the
                // quotation's attribution says, so the person stays unnamed.
                actor.person = None;
            }
            if a.deprel(i) == "fixed" {
                continue;
            }
            out.push(ctx.mention(i, i + 1, i, Role::Actor, actor, vec![reason]));
        }
    }
}

/// Whether `set` (of lower-case words) holds `s`, lower-cased; no
/// allocation for a word already in lower case.
fn contains_lower(set: &rustc_hash::FxHashSet<&'static str>, s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_uppercase()) || !s.is_ascii() {
        set.contains(s.to_lowercase().as_str())
    } else {
        set.contains(s)
    }
}

impl Phrase {
    /// The first item of a phrase with no person and no role.
    fn start_item(&self, items: &[Item]) -> usize {
        items
            .iter()
            .position(|it| it.start == self.start)
            .unwrap_or(0)
    }
}

fn fill_office(actor: &mut Actor, o: &Entry) {
    if !o.org.is_empty() && (o.sector == "IGO" || o.country.is_empty()) {
        actor.org = Some(o.org.clone());
        actor.sector = Some("IGO".into());
    } else {
        actor.country = (!o.country.is_empty()).then(|| o.country.clone());
        actor.sector = primary(&o.sector);
    }
    actor.title = o.info("title").map(str::to_owned);
}

/// How a place name is used in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// After a locative preposition.
    Place,
    /// The object of a physical verb.
    Territory,
    /// Subject, agent, object of a non-physical verb.
    Agent,
    /// Anything else.
    Other,
}

/// One sentence being resolved.
struct Ctx<'s, 't> {
    index: usize,
    sentence: &'s Sentence<'t>,
    analysis: &'s Analysis<'s>,
    words: &'s [&'s str],
    day: Day,
}

impl Ctx<'_, '_> {
    fn text(&self, start: usize, end: usize) -> String {
        let t = &self.sentence.tokens;
        let mut s = String::new();
        for (k, tok) in t[start..end].iter().enumerate() {
            s.push_str(&tok.norm);
            if k + 1 < end - start && tok.space_after {
                s.push(' ');
            }
        }
        s
    }

    /// The token of `start..end` whose head lies outside it.
    fn head_of(&self, start: usize, end: usize) -> usize {
        (start..end)
            .find(|&i| self.analysis.head(i).is_none_or(|h| h < start || h >= end))
            .unwrap_or(end - 1)
    }

    fn mention(
        &self,
        start: usize,
        end: usize,
        head: usize,
        role: Role,
        actor: Actor,
        reason: Vec<String>,
    ) -> Mention {
        let t = &self.sentence.tokens;
        let (a, b) = (t[start].start, t[end - 1].end);
        Mention {
            sentence: self.index,
            tokens: start..end,
            head,
            span: [a, b],
            text: self.text(start, end),
            role,
            actor,
            reason,
        }
    }
}
