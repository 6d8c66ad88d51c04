//! `events`: from a parsed sentence and its actors to the political events
//! it reports, each with its evidence.
//!
//! The coder walks the dependency tree. Every verb or noun the lexicon
//! ([`lexicon`], `docs/LEXICON.md`) knows is a trigger; a pattern for it
//! says where the source and target are (subject, object, a preposition's
//! dependent, a possessor). The actors found there ([`dyad_actors::Mention`]s)
//! fill the event, one event per conjoined actor. Passives swap the roles
//! (the `by` agent is the source). Modality is read off the tree, not
//! written into patterns: a negated or conditional trigger, or one in a
//! question, codes nothing; "will", "would", "plans to", "is willing to"
//! turn the code into CAMEO's intent code (`data/intent.tsv`). The date
//! comes from the clause's time expression ([`when`]), else the
//! document's.
//!
//! Why a tree and not word windows: news puts the target far from the verb
//! ("rang on Friday, from Geneva, the Chilean foreign minister") and piles
//! actors into one phrase ("met Ramos, as well as the bloc's envoy and
//! foreign ministers from Chile, Peru and Norway"); the
//! tree gives both, and tells a subject from an object in a passive.

pub mod lexicon;
pub mod morph;
pub mod ontology;
pub mod score;
pub mod when;

use std::sync::OnceLock;

use dyad_actors::{Mention, Role};
use dyad_nlp::{Analysis, Upos};
use dyad_text::Sentence;
use rustc_hash::FxHashMap;
use serde::Serialize;

pub use lexicon::{Lexicon, LexiconError, Pattern, Slot, Trigger};
pub use ontology::Ontology;

/// A date as (year, month, day).
pub type Day = dyad_kb::Day;

/// An actor of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// The mention's text.
    pub text: String,
    /// Country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Organisation key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// CAMEO sector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// The person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// CAMEO actor code.
    pub code: String,
}

impl Party {
    fn of(m: &Mention) -> Party {
        Party {
            text: m.text.clone(),
            country: m.actor.country.clone(),
            org: m.actor.org.clone(),
            sector: m.actor.sector.clone(),
            entity: m.actor.person.clone(),
            code: m.actor.code(),
        }
    }

    /// The key events are compared on: organisation, else country.
    pub fn key(&self) -> Option<&str> {
        self.org.as_deref().or(self.country.as_deref())
    }
}

/// PLOVER reading of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plover {
    /// Event type (`CONSULT`); empty when PLOVER dropped the CAMEO code.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mode (`phone`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// Context.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub context: String,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// The place's words in the text.
    pub text: String,
    /// Its country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude, once geocoded against the gazetteer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Why an event was coded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The trigger word(s) ("picked up", "talks").
    pub verb: String,
    /// The pattern's id.
    pub rule: String,
    /// Byte span of the trigger in the document.
    pub span: [usize; 2],
    /// Modality applied ("intent: will").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The document's id.
    pub doc: String,
    /// Sentence index in the document.
    pub sentence: usize,
    /// Byte span of the sentence in the document.
    pub span: [usize; 2],
    /// The sentence.
    pub text: String,
    /// Who acted.
    pub source: Option<Party>,
    /// Whom it was done to.
    pub target: Option<Party>,
    /// CAMEO code.
    pub cameo: String,
    /// Its name.
    pub cameo_name: String,
    /// GDELT quad class.
    pub quad_class: u8,
    /// Goldstein value (GDELT scale).
    pub goldstein: Option<f32>,
    /// The schemes of the values above.
    pub scheme: &'static str,
    /// PLOVER type and mode.
    pub plover: Plover,
    /// The day it happened (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The words that dated it, if any.
    pub date_text: Option<String>,
    /// Where: the place the clause names ("in Kabul", "at Kabul airport").
    pub location: Option<Location>,
    /// Always false: negated triggers code nothing.
    pub negated: bool,
    /// Direction does not matter.
    pub symmetric: bool,
    /// How sure the coder is, 0-1.
    pub confidence: f32,
    /// Quoted speech: who said it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Party>,
    /// The words and rule behind it.
    pub evidence: Evidence,
    /// How many times the document reports it.
    pub mentions: usize,
    /// The document's other sentences that report it, after the first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Report>,
}

/// Another sentence of a document that reports an event already coded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Sentence index in the document.
    pub sentence: usize,
    /// Byte span of the sentence in the document.
    pub span: [usize; 2],
    /// The sentence.
    pub text: String,
    /// The words and rule behind it there.
    pub evidence: Evidence,
}

/// The intent code of a CAMEO code: what "will X" or "plans to X" reports.
fn intent_table() -> &'static FxHashMap<String, String> {
    static T: OnceLock<FxHashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("../data/intent.tsv")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_owned(), b.trim().to_owned()))
            .collect()
    })
}

/// The code an intent to do `code` is: the most specific entry of
/// `data/intent.tsv` (the code, its parent, its root), else `code`.
pub fn intent_code(code: &str) -> String {
    let t = intent_table();
    for n in (2..=code.len()).rev() {
        if let Some(c) = t.get(&code[..n]) {
            return if c == "=" { code.to_owned() } else { c.clone() };
        }
    }
    code.to_owned()
}

/// Classes of words the coder's rules read (`data/verb_classes.tsv`).
struct VerbClasses {
    /// Their complement is intended ("plans to meet").
    intent: rustc_hash::FxHashSet<&'static str>,
    /// Their complement is asked of someone else ("urged X to talk").
    asking: rustc_hash::FxHashSet<&'static str>,
    /// Their object is their complement's subject ("urged Washington to play").
    object_control: rustc_hash::FxHashSet<&'static str>,
    /// Their subject reacts to someone else's event ("condemned the attack").
    reaction: rustc_hash::FxHashSet<&'static str>,
    /// The one they tell is addressed by the clause they govern.
    telling: rustc_hash::FxHashSet<&'static str>,
    /// Nouns for what goes on somewhere: "concern over the situation in X"
    /// is about X.
    situation: rustc_hash::FxHashSet<&'static str>,
    /// Verbs that name or judge their object with a predicate ("called it
    /// illegal"), unlike those that keep or leave it so ("kept it open").
    naming: rustc_hash::FxHashSet<&'static str>,
}

static VERB_CLASSES: std::sync::LazyLock<VerbClasses> = std::sync::LazyLock::new(|| {
    let mut c = VerbClasses {
        intent: Default::default(),
        asking: Default::default(),
        object_control: Default::default(),
        reaction: Default::default(),
        telling: Default::default(),
        situation: Default::default(),
        naming: Default::default(),
    };
    for line in include_str!("../data/verb_classes.tsv").lines() {
        let Some((class, word)) = line.split_once('\t').filter(|_| !line.starts_with('#')) else {
            continue;
        };
        let set = match class {
            "intent" => &mut c.intent,
            "asking" => &mut c.asking,
            "object_control" => &mut c.object_control,
            "reaction" => &mut c.reaction,
            "telling" => &mut c.telling,
            "situation" => &mut c.situation,
            "naming" => &mut c.naming,
            other => panic!("data/verb_classes.tsv: unknown class {other:?}"),
        };
        set.insert(word.trim());
    }
    c
});

/// A sentence's trees, indexed for the coder.
struct Tree<'a, 's> {
    a: &'a Analysis<'s>,
    /// The dependents of word `i`, in word order, are
    /// `children[child_at[i]..child_at[i + 1]]`.
    children: Vec<usize>,
    child_at: Vec<usize>,
    /// The lemma of word `i` lower-cased is `lower[lower_at[i]..lower_at[i + 1]]`.
    lower: String,
    lower_at: Vec<usize>,
}

impl<'a, 's> Tree<'a, 's> {
    fn new(a: &'a Analysis<'s>) -> Self {
        let n = a.len();
        // Count each head's dependents, then place them in word order.
        let mut child_at = vec![0; n + 1];
        for i in 0..n {
            if let Some(h) = a.head(i) {
                child_at[h + 1] += 1;
            }
        }
        for i in 0..n {
            child_at[i + 1] += child_at[i];
        }
        let mut children = vec![0; child_at[n]];
        let mut next = child_at.clone();
        for i in 0..n {
            if let Some(h) = a.head(i) {
                children[next[h]] = i;
                next[h] += 1;
            }
        }
        let mut lower = String::new();
        let mut lower_at = Vec::with_capacity(n + 1);
        lower_at.push(0);
        for i in 0..n {
            let l = a.lemma(i);
            if l.is_ascii() {
                let start = lower.len();
                lower.push_str(l);
                lower[start..].make_ascii_lowercase();
            } else {
                lower.push_str(&l.to_lowercase());
            }
            lower_at.push(lower.len());
        }
        Tree {
            a,
            children,
            child_at,
            lower,
            lower_at,
        }
    }

    fn kids(&self, i: usize) -> &[usize] {
        &self.children[self.child_at[i]..self.child_at[i + 1]]
    }

    /// The first word of `i`'s phrase.
    fn leftmost(&self, mut i: usize) -> usize {
        while let Some(&k) = self.kids(i).first().filter(|&&k| k < i) {
            i = k;
        }
        i
    }

    /// The last word of `i`'s phrase.
    fn rightmost(&self, mut i: usize) -> usize {
        while let Some(&k) = self.kids(i).last().filter(|&&k| k > i) {
            i = k;
        }
        i
    }

    fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids(i)
            .iter()
            .copied()
            .find(|&c| self.a.deprel(c) == rel)
    }

    /// Word `i`'s lemma, lower case.
    fn lemma_lower(&self, i: usize) -> &str {
        &self.lower[self.lower_at[i]..self.lower_at[i + 1]]
    }

    /// The preposition introducing `i` (its `case` dependent), lower case.
    fn case_of(&self, i: usize) -> Option<&str> {
        // "as well as", "on behalf of": the last word is the preposition
        self.kids(i)
            .iter()
            .copied()
            .rfind(|&c| self.a.deprel(c) == "case" || self.a.deprel(c) == "mark")
            .map(|c| self.lemma_lower(c))
    }

    /// A passive clause: a passive auxiliary ("was attacked"), or a
    /// participle modifying a noun ("the embassy attacked by"). A passive
    /// subject with no passive auxiliary ("Wang had spoken") is a parse
    /// slip, not a passive.
    fn is_passive(&self, v: usize) -> bool {
        self.kids(v).iter().any(|&c| self.a.deprel(c) == "aux:pass")
            || (matches!(self.a.xpos(v), "VBN" | "VBD")
                && self.a.deprel(v) == "acl"
                && !self.has_object(v))
    }

    /// A participle with a direct object is active, whatever its tag says:
    /// "Taliban fighters attacked Afghan troops" read as a reduced relative
    /// is still the fighters attacking.
    fn has_object(&self, v: usize) -> bool {
        self.kids(v).iter().any(|&c| self.a.deprel(c) == "obj")
    }
}

/// Reusable state of one document being coded.
#[derive(Debug, Default)]
pub struct Document {
    /// The events so far, one per (source, target, code, date).
    pub events: Vec<Event>,
    index: FxHashMap<(String, String, String, Option<String>), usize>,
    /// The last day a sentence named explicitly, and where: the story's
    /// current day, which the next few sentences share ("The minister
    /// phoned Lima on Monday ... She also called Quito").
    narrative: Option<(usize, Day)>,
}

/// How many sentences an explicitly named day carries over to.
const NARRATIVE_REACH: usize = 3;

impl Document {
    /// A new, empty document.
    pub fn new() -> Document {
        Document::default()
    }

    fn add(&mut self, e: Event) {
        let k = (
            e.source
                .as_ref()
                .and_then(Party::key)
                .unwrap_or("-")
                .to_owned(),
            e.target
                .as_ref()
                .and_then(Party::key)
                .unwrap_or("-")
                .to_owned(),
            e.cameo.clone(),
            e.date.clone(),
        );
        match self.index.get(&k) {
            Some(&i) => {
                let first = &mut self.events[i];
                first.mentions += 1;
                first.reports.push(Report {
                    sentence: e.sentence,
                    span: e.span,
                    text: e.text,
                    evidence: e.evidence,
                });
            }
            None => {
                self.index.insert(k, self.events.len());
                self.events.push(e);
            }
        }
    }
}

/// A trigger the coder looked at and what became of it, for `dyad explain`.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The trigger's text.
    pub word: String,
    /// The pattern tried.
    pub rule: String,
    /// The pattern's code.
    pub code: String,
    /// What happened: "coded", or why not.
    pub outcome: String,
}

/// The coder: a lexicon and the ontology.
#[derive(Debug)]
pub struct Coder<'l> {
    lex: &'l Lexicon,
    onto: &'static Ontology,
}

/// One sentence, with its parse and the actor mentions in it.
pub struct Input<'a, 's> {
    /// The document's id.
    pub doc: &'a str,
    /// Sentence index.
    pub index: usize,
    /// The sentence.
    pub sentence: &'a Sentence<'s>,
    /// Its parse.
    pub analysis: &'a Analysis<'a>,
    /// The mentions of this sentence.
    pub mentions: &'a [Mention],
    /// The document's date.
    pub day: Day,
}

impl<'l> Coder<'l> {
    /// A coder over `lex`.
    pub fn new(lex: &'l Lexicon) -> Coder<'l> {
        Coder {
            lex,
            onto: Ontology::builtin(),
        }
    }

    /// Codes one sentence into `doc`; with `trace`, records every trigger
    /// tried.
    pub fn sentence(
        &self,
        input: &Input<'_, '_>,
        doc: &mut Document,
        trace: Option<&mut Vec<Trace>>,
    ) {
        let a = input.analysis;
        let n = a.len();
        if n == 0 || n != input.sentence.tokens.len() {
            return;
        }
        let t = Tree::new(a);
        let words: Vec<&str> = input
            .sentence
            .tokens
            .iter()
            .map(|t| t.norm.as_ref())
            .collect();
        let mut trace = trace;
        let question = words.last().is_some_and(|w| *w == "?");
        let mut cands_buf = morph::Candidates::default();
        // The day this sentence names, if any, becomes the story's day
        // after it (its own events use their clause's words first).
        let named = when::resolve(&words, input.day, false).map(|w| w.day);
        for v in 0..n {
            let mut upos = a.upos(v);
            // A past participle the tagger called an adjective but the
            // parser gave an object is a verb ("authorities relaxed the
            // curfew").
            if upos == Upos::Adj
                && words[v].ends_with("ed")
                && t.kids(v).iter().any(|&c| a.deprel(c) == "obj")
            {
                upos = Upos::Verb;
            }
            // An adjective triggers only as a predicate with a subject
            // ("Kenya is grateful to Japan"), not as a modifier.
            let predicative =
                upos == Upos::Adj && t.kids(v).iter().any(|&c| a.deprel(c) == "nsubj");
            if !matches!(upos, Upos::Verb | Upos::Noun) && !predicative {
                continue;
            }
            // A word inside an actor's name ("riot police") is no trigger.
            if input
                .mentions
                .iter()
                .any(|m| m.role == Role::Actor && m.tokens.contains(&v) && m.tokens.len() > 1)
            {
                continue;
            }
            // A capitalised word inside a run of capitalised words is part
            // of a name the knowledge base may not know ("Ban Ki-moon").
            let cap = |i: usize| words[i].chars().next().is_some_and(char::is_uppercase);
            if v > 0 && cap(v) && ((v + 1 < n && cap(v + 1)) || cap(v - 1)) {
                continue;
            }
            let kind = match upos {
                Upos::Verb => Trigger::Verb,
                Upos::Noun => Trigger::Noun,
                _ => Trigger::Adj,
            };
            let cands = self.lookup(&t, &words, v, kind, &mut cands_buf);
            if cands.is_empty() {
                continue;
            }
            let mut note = |p: &Pattern, outcome: String| {
                if let Some(tr) = trace.as_deref_mut() {
                    tr.push(Trace {
                        word: words[v].to_owned(),
                        rule: p.id.clone(),
                        code: p.code.clone(),
                        outcome,
                    });
                }
            };
            // The patterns whose object demand the sentence meets, most
            // specific first; the first that codes an event wins ("called
            // on X" is an appeal, "called X" a phone call).
            let mut matching: Vec<&Pattern> = cands
                .iter()
                .map(|&i| self.lex.pattern(i))
                .filter(|p| p.object.is_empty() || object_matches(&t, v, p, &mut cands_buf))
                .filter(|p| p.predicate.is_empty() || predicate_matches(&t, v, &p.predicate))
                .collect();
            // "called the launch a provocation": what the object is called
            // is the act, when a pattern names it.
            let judged = matching.iter().any(|p| !p.predicate.is_empty());
            if judged {
                matching.retain(|p| !p.predicate.is_empty());
            }
            if matching.is_empty() {
                for &i in cands {
                    note(
                        self.lex.pattern(i),
                        "its object is not one the pattern names".into(),
                    );
                }
                continue;
            }
            // Modality.
            if let Some(why) = blocked(&t, &words, v, question, judged) {
                note(matching[0], why);
                continue;
            }
            for p in matching {
                let mut notes = Vec::new();
                let code = match intent(&t, v) {
                    Some(how) => {
                        notes.push(format!("intent: {how}"));
                        intent_code(&p.code)
                    }
                    None => p.code.clone(),
                };
                let passive = p.trigger == Trigger::Verb && t.is_passive(v);
                let sources = self.slots(&t, input, v, &p.source, passive, p);
                let mut targets = self.slots(&t, input, v, &p.target, passive, p);
                if targets.is_empty() {
                    targets = pronoun_target(&t, input, v, &p.target, passive, p, &sources);
                }
                if targets.is_empty() {
                    // The one told, unless it is the press ("told
                    // reporters") or the speaker's own side.
                    let own: Vec<&str> = sources
                        .iter()
                        .filter_map(|&i| input.mentions[i].actor.key())
                        .collect();
                    targets = addressee(&t, input, v);
                    targets.retain(|&i| {
                        let m = &input.mentions[i].actor;
                        m.sector.as_deref() != Some("MED")
                            && m.key().is_some_and(|k| !own.contains(&k))
                    });
                }
                // "an airstrike killed", "the terrorist attack that took
                // place, killing 6": when an act or a weapon does the
                // violence, it names the code and no one is the source.
                let means =
                    if sources.is_empty() && matches!(code.get(..2), Some("18" | "19" | "20")) {
                        p.source
                            .iter()
                            .flat_map(|slot| slot_tokens(&t, v, slot, passive, p))
                            .find_map(|n| self.means_code(&t, &words, n))
                    } else {
                        None
                    };
                if let Some(m) = &means {
                    notes.push(format!("the means sets the code: {m}"));
                }
                let code = means.unwrap_or(code);
                let root = code.get(..2).unwrap_or("");
                // Victims with no named attacker: "three officers were
                // killed", "the attack on the consulate", "a bomb killed".
                let unnamed_attacker = sources.is_empty()
                    && !targets.is_empty()
                    && (passive
                        || p.trigger == Trigger::Noun
                        || notes.iter().any(|n| n.starts_with("the means")))
                    && matches!(root, "18" | "19" | "20");
                if sources.is_empty() && !unnamed_attacker {
                    note(
                        p,
                        if targets.is_empty() {
                            "no actor at its source or target".into()
                        } else {
                            "no actor at its source".into()
                        },
                    );
                    continue;
                }
                if passive {
                    notes.push("passive: the agent is the source".into());
                }
                let future = !notes.is_empty() && notes[0].starts_with("intent");
                let clause = clause_words(&t, &words, v);
                let when = when::resolve(&clause, input.day, future);
                let day = match (&when, doc.narrative) {
                    (Some(w), _) => w.day,
                    (None, Some((at, d))) if input.index - at <= NARRATIVE_REACH && !future => d,
                    _ => input.day,
                };
                let date = Some(when::iso(day));
                let entry = self.onto.get(&code);
                let location = place_of(&t, input, v);
                let quote = quoted_by(input, &words, v);
                let span_v = [input.sentence.tokens[v].start, input.sentence.tokens[v].end];
                let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
                let mut own_government: Vec<(usize, String, &str)> = Vec::new();
                let targets: Vec<usize> = targets
                    .into_iter()
                    .filter(|t| !sources.contains(t))
                    .collect();
                // "condemned the attack": an act, not an actor, is the target.
                // (Not "called the behavior terrorism": what is judged
                // there must be someone's.)
                let act_target = matches!(root, "09" | "11" | "12" | "15")
                    && p.predicate.is_empty()
                    && p.target
                        .iter()
                        .any(|slot| !slot_tokens(&t, v, slot, passive, p).is_empty());
                if unnamed_attacker {
                    pairs.extend(targets.iter().map(|&tg| (None, Some(tg))));
                } else if targets.is_empty() {
                    // "The envoy and the minister pledged":
                    // cooperation between coordinated subjects is mutual.
                    let mutual = p.symmetric || matches!(root, "03" | "04" | "05" | "06");
                    if mutual && distinct_keys(input.mentions, &sources) >= 2 {
                        // "talks between Moscow and Beijing"
                        for &s in &sources[1..] {
                            pairs.push((Some(sources[0]), Some(s)));
                        }
                    } else if root == "14" || p.domestic {
                        // A protest names no target: by CAMEO's convention it is
                        // against the protesters' own government. A curfew
                        // is imposed on the government's own people.
                        let sector = if p.domestic { "CVL" } else { "GOV" };
                        for &s in &sources {
                            let m = &input.mentions[s];
                            if let Some(c) = &m.actor.country {
                                pairs.push((Some(s), None));
                                own_government.push((s, c.clone(), sector));
                            }
                        }
                    } else if (p.target.is_empty() && !p.code.starts_with("01")) || act_target {
                        // A pattern with no target ("resigned", "mobilized"),
                        // or a target that is an act.
                        pairs.extend(sources.iter().map(|&s| (Some(s), None)));
                    } else {
                        // Otherwise an event needs a target: "X said" alone is
                        // no dyad.
                        note(p, "no actor at its target".into());
                        continue;
                    }
                } else {
                    for &s in &sources {
                        for &tg in &targets {
                            pairs.push((Some(s), Some(tg)));
                        }
                    }
                }
                let mut coded = 0;
                for (s, tg) in pairs {
                    let sm = s.map(|i| &input.mentions[i]);
                    let tm = tg.map(|i| &input.mentions[i]);
                    // "told CNN": talking to the press is no interaction
                    // with it.
                    if root == "01" && tm.is_some_and(|m| m.actor.sector.as_deref() == Some("MED"))
                    {
                        continue;
                    }
                    if let (Some(sm), Some(tm)) = (sm, tm)
                        && tm.tokens == sm.tokens
                        && tm.actor == sm.actor
                    {
                        continue;
                    }
                    let confidence = match (sm.is_some(), tm.is_some(), p.target.is_empty()) {
                        (true, true, _) | (true, false, true) => 0.8,
                        _ => 0.5,
                    };
                    doc.add(Event {
                        doc: input.doc.to_owned(),
                        sentence: input.index,
                        span: [input.sentence.start, input.sentence.end],
                        text: input.sentence.text.to_owned(),
                        source: sm.map(Party::of),
                        target: tm.map(|m| party_in_place(&t, input, m)).or_else(|| {
                            let s = s?;
                            let (_, c, sector) =
                                own_government.iter().find(|(i, _, _)| *i == s)?;
                            Some(Party {
                                text: String::new(),
                                country: Some(c.clone()),
                                org: None,
                                sector: Some((*sector).into()),
                                entity: None,
                                code: format!("{c}{sector}"),
                            })
                        }),
                        cameo: code.clone(),
                        cameo_name: entry.map(|e| e.name.clone()).unwrap_or_default(),
                        quad_class: entry.map_or(0, |e| e.quad_class),
                        goldstein: entry.and_then(|e| e.goldstein),
                        scheme: "CAMEO 1.1b3; Goldstein and quad class: GDELT; PLOVER: CAMEO2PLOVER",
                        plover: Plover {
                            kind: entry.map(|e| e.plover_type.clone()).unwrap_or_default(),
                            mode: entry.map(|e| e.plover_mode.clone()).unwrap_or_default(),
                            context: entry.map(|e| e.plover_context.clone()).unwrap_or_default(),
                        },
                        date: date.clone(),
                        date_text: when.as_ref().map(|w| w.text.clone()),
                        location: location.clone(),
                        negated: false,
                        symmetric: p.symmetric,
                        confidence,
                        quote: quote.clone(),
                        evidence: Evidence {
                            verb: trigger_text(&t, &words, v),
                            rule: p.id.clone(),
                            span: span_v,
                            notes: notes.clone(),
                        },
                        mentions: 1,
                        reports: Vec::new(),
                    });
                    coded += 1;
                }
                note(p, format!("coded {coded} event(s)"));
                if coded > 0 {
                    break;
                }
            }
        }
        if let Some(d) = named {
            doc.narrative = Some((input.index, d));
        }
    }

    /// The patterns word `v` triggers: its lemma, else a base form of the
    /// word ([`morph`]); with its particle ("pick up") or compound
    /// modifier ("hunger strike") first.
    /// The violent code of the act or weapon noun `n` names ("a terrorist
    /// attack" 180, "an airstrike" 195), if the lexicon has one.
    fn means_code(&self, t: &Tree<'_, '_>, words: &[&str], n: usize) -> Option<String> {
        if t.a.upos(n) != Upos::Noun {
            return None;
        }
        let mut buf = morph::Candidates::default();
        self.lookup(t, words, n, Trigger::Noun, &mut buf)
            .iter()
            .map(|&i| self.lex.pattern(i))
            .filter(|p| p.object.is_empty() || object_matches(t, n, p, &mut buf))
            .map(|p| p.code.clone())
            .find(|c| matches!(c.get(..2), Some("18" | "19" | "20")))
    }

    fn lookup(
        &self,
        t: &Tree<'_, '_>,
        words: &[&str],
        v: usize,
        kind: Trigger,
        buf: &mut morph::Candidates,
    ) -> &'l [u32] {
        let a = t.a;
        let get = |key: &str| match kind {
            Trigger::Verb => self.lex.verb(key),
            Trigger::Noun => self.lex.noun(key),
            Trigger::Adj => self.lex.adj(key),
        };
        let extra: Option<&str> = t
            .kids(v)
            .iter()
            .copied()
            .find(|&c| match kind {
                Trigger::Verb => a.deprel(c) == "compound:prt",
                Trigger::Noun => a.deprel(c) == "compound" && c + 1 == v,
                Trigger::Adj => false,
            })
            .map(|c| t.lemma_lower(c));
        let try_base = |c: &str| -> &'l [u32] {
            if let Some(x) = &extra {
                let key = match kind {
                    Trigger::Verb => format!("{c} {x}"),
                    Trigger::Noun | Trigger::Adj => format!("{x} {c}"),
                };
                let found = get(&key);
                if !found.is_empty() {
                    return found;
                }
            }
            get(c)
        };
        // The lemmatizer's lemma first; the word's other base forms only
        // when it finds nothing (most words trigger nothing at all).
        let lemma = t.lemma_lower(v);
        let found = try_base(lemma);
        if !found.is_empty() {
            return found;
        }
        buf.find(words[v]);
        for c in buf.iter().filter(|&c| c != lemma) {
            let found = try_base(c);
            if !found.is_empty() {
                return found;
            }
        }
        // "reimposed sanctions" is "imposed sanctions" again.
        if kind == Trigger::Verb
            && let Some(stem) = morph::again(lemma)
        {
            return try_base(stem);
        }
        &[]
    }

    /// The mentions (indices into `input.mentions`) at a pattern's slots:
    /// the first slot that yields any.
    fn slots(
        &self,
        t: &Tree<'_, '_>,
        input: &Input<'_, '_>,
        v: usize,
        slots: &[Slot],
        passive: bool,
        p: &Pattern,
    ) -> Vec<usize> {
        for slot in slots {
            let tokens = slot_tokens(t, v, slot, passive, p);
            let mut out = Vec::new();
            let places = !matches!(
                slot,
                Slot::Subject | Slot::Possessor | Slot::PredicateSubject | Slot::Speaker
            );
            for tok in tokens {
                actors_at(t, input.mentions, tok, 0, places, &mut out);
            }
            if !out.is_empty() {
                if !matches!(
                    slot,
                    Slot::Subject | Slot::Possessor | Slot::PredicateSubject | Slot::Speaker
                ) {
                    // "met Ramos, as well as the envoy": a noun
                    // conjoined to the verb itself, or a second object
                    // with no preposition, continues the list.
                    for &c in t.kids(v) {
                        let rel = t.a.deprel(c);
                        let listed = rel == "conj"
                            || (rel.starts_with("obl")
                                && rel != "obl:agent"
                                && t.case_of(c).is_none());
                        if listed && matches!(t.a.upos(c), Upos::Noun | Upos::Propn) {
                            actors_at(t, input.mentions, c, 0, true, &mut out);
                        }
                    }
                }
                return out;
            }
        }
        Vec::new()
    }
}

/// The place of the trigger's clause: a place mention introduced by a
/// locative preposition among its dependents (or theirs: "at the airport
/// in Kabul"), else in its governor's.
fn place_of(t: &Tree<'_, '_>, input: &Input<'_, '_>, v: usize) -> Option<Location> {
    let a = t.a;
    let mut hosts = vec![v];
    if let Some(h) = a.head(v)
        && matches!(a.deprel(v), "xcomp" | "obj" | "nsubj" | "nsubj:pass")
    {
        hosts.push(h);
    }
    for h in hosts {
        let mut queue: std::collections::VecDeque<(usize, u8)> =
            t.kids(h).iter().map(|&c| (c, 1)).collect();
        while let Some((c, depth)) = queue.pop_front() {
            let rel = a.deprel(c);
            if rel.starts_with("nsubj")
                || matches!(rel, "ccomp" | "advcl" | "acl:relcl" | "parataxis")
            {
                continue;
            }
            let locative = matches!(
                t.case_of(c),
                Some("in" | "at" | "near" | "outside" | "inside" | "across" | "around")
            );
            if locative
                && let Some(m) = input
                    .mentions
                    .iter()
                    .find(|m| m.role == Role::Place && m.tokens.contains(&c))
            {
                return Some(Location {
                    text: m.text.clone(),
                    country: m.actor.country.clone(),
                    lat: None,
                    lon: None,
                });
            }
            if depth < 3 {
                queue.extend(t.kids(c).iter().map(|&k| (k, depth + 1)));
            }
        }
    }
    None
}

/// Who said it, when the trigger is inside quotation marks and the
/// sentence names a speaker (the actor subject of "said", "told"...).
fn quoted_by(input: &Input<'_, '_>, words: &[&str], v: usize) -> Option<Party> {
    if !dyad_actors::quote::inside_quote(words, v) {
        return None;
    }
    dyad_actors::quote::speaker(input.analysis, input.mentions, Some(v)).map(Party::of)
}

/// The one told, for a clause reported to them ("He was told Beijing was
/// willing", "Wang told Blinken that China would help"): the object of
/// the telling verb, or its passive subject.
fn addressee(t: &Tree<'_, '_>, input: &Input<'_, '_>, v: usize) -> Vec<usize> {
    let a = t.a;
    if a.deprel(v) != "ccomp" {
        return Vec::new();
    }
    let Some(h) = a.head(v) else {
        return Vec::new();
    };
    if !VERB_CLASSES.telling.contains(t.lemma_lower(h)) {
        return Vec::new();
    }
    let rel = if t.is_passive(h) { "nsubj:pass" } else { "obj" };
    let mut out = Vec::new();
    for &c in t.kids(h) {
        if a.deprel(c) == rel || a.deprel(c) == "iobj" {
            actors_at(t, input.mentions, c, 0, false, &mut out);
        }
    }
    out
}

/// How many different keys the mentions have.
fn distinct_keys(mentions: &[Mention], idx: &[usize]) -> usize {
    let mut keys: Vec<&str> = idx
        .iter()
        .filter_map(|&i| mentions[i].actor.key())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// A pronoun at the target ("ousted President Zelaya and exiled him"):
/// the nearest actor named before it in the same sentence that is not the
/// source. Only within the sentence, and only "him", "her", "them": an
/// earlier sentence's actor is too far to be sure.
fn pronoun_target(
    t: &Tree<'_, '_>,
    input: &Input<'_, '_>,
    v: usize,
    slots: &[Slot],
    passive: bool,
    p: &Pattern,
    sources: &[usize],
) -> Vec<usize> {
    for slot in slots {
        for tok in slot_tokens(t, v, slot, passive, p) {
            let w = input.sentence.tokens[tok].norm.to_lowercase();
            if !matches!(w.as_str(), "him" | "her" | "them") {
                continue;
            }
            let source_keys: Vec<&str> = sources
                .iter()
                .filter_map(|&i| input.mentions[i].actor.key())
                .collect();
            let best = input
                .mentions
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    m.role == Role::Actor
                        && m.tokens.end <= tok
                        && !sources.contains(i)
                        && m.actor
                            .key()
                            .is_some_and(|k| !source_keys.contains(&k) || m.actor.person.is_some())
                })
                .max_by_key(|(_, m)| m.tokens.end)
                .map(|(i, _)| i);
            if let Some(i) = best {
                return vec![i];
            }
        }
    }
    Vec::new()
}

/// Whether `v`'s direct object (or a passive's subject) has one of the
/// lemmas.
fn object_matches(t: &Tree<'_, '_>, v: usize, p: &Pattern, forms: &mut morph::Candidates) -> bool {
    let lemmas = &p.object;
    // A noun's "object" is what kind it is: its modifiers ("a terrorist
    // attack", "a nuclear test").
    if p.trigger == Trigger::Noun {
        let head = t.lemma_lower(v);
        return t.kids(v).iter().any(|&k| {
            matches!(t.a.deprel(k), "compound" | "amod") && {
                let m = t.lemma_lower(k);
                lemmas.iter().any(|l| l == m || is_phrase(l, m, head))
            }
        });
    }
    // The objects and their conjuncts ("hurled gas bombs and bricks").
    let mut objects = t
        .kids(v)
        .iter()
        .copied()
        .filter(|&c| matches!(t.a.deprel(c), "obj" | "nsubj:pass" | "iobj"))
        .flat_map(|c| {
            std::iter::once(c).chain(
                t.kids(c)
                    .iter()
                    .copied()
                    .filter(|&k| t.a.deprel(k) == "conj"),
            )
        });
    objects.any(|c| {
        forms.find(t.a.lemma(c));
        let head = t.lemma_lower(c);
        // "the phone", "humanitarian aid": the head; "arms supplies", "a
        // nuclear test": with its modifier too.
        let modifiers = t
            .kids(c)
            .iter()
            .copied()
            .filter(|&k| matches!(t.a.deprel(k), "compound" | "amod"));
        lemmas.iter().any(|l| {
            forms.contains(l)
                || l == head
                || modifiers
                    .clone()
                    .any(|k| is_phrase(l, t.lemma_lower(k), head))
        })
    })
}

/// Whether `phrase` is `first`, a space and `second`: a modifier and its
/// head as the lexicon writes them, compared without building the string.
fn is_phrase(phrase: &str, first: &str, second: &str) -> bool {
    phrase.len() == first.len() + 1 + second.len()
        && phrase.starts_with(first)
        && phrase[first.len()..].starts_with(' ')
        && phrase.ends_with(second)
}

/// Whether `v`'s predicate (an `xcomp` noun or adjective, or an "as"
/// phrase) has one of `lemmas`, alone or with a modifier ("a grave
/// provocation", "an act of aggression").
fn predicate_matches(t: &Tree<'_, '_>, v: usize, lemmas: &[String]) -> bool {
    // The predicate hangs on the verb, or on its object when the parser
    // reads "the transit a provocation" as one phrase.
    let objects = t.kids(v).iter().filter(|&&c| t.a.deprel(c) == "obj");
    let under_object = objects.flat_map(|&o| {
        t.kids(o)
            .iter()
            .copied()
            .filter(move |&k| k > o && matches!(t.a.deprel(k), "nmod:unmarked" | "xcomp"))
    });
    t.kids(v).iter().copied().chain(under_object).any(|c| {
        let pred = match t.a.deprel(c) {
            "xcomp" | "nmod:unmarked" => matches!(t.a.upos(c), Upos::Noun | Upos::Adj),
            "obl" | "advcl" => t.case_of(c) == Some("as"),
            _ => false,
        };
        pred && {
            let l = t.lemma_lower(c);
            lemmas.iter().any(|x| x == l)
                || t.kids(c).iter().any(|&k| {
                    matches!(t.a.deprel(k), "compound" | "amod" | "nmod")
                        && lemmas.iter().any(|x| is_phrase(x, t.lemma_lower(k), l))
                })
        }
    })
}

/// The tokens a slot points at.
fn slot_tokens(t: &Tree<'_, '_>, v: usize, slot: &Slot, passive: bool, p: &Pattern) -> Vec<usize> {
    let a = t.a;
    let mut out = Vec::new();
    match slot {
        Slot::Subject if passive => {
            out.extend(
                t.kids(v)
                    .iter()
                    .copied()
                    .filter(|&c| a.deprel(c) == "obl:agent"),
            );
        }
        Slot::Subject => {
            if p.trigger == Trigger::Noun {
                out.extend(governor_subject(t, v));
            } else {
                out.extend(subject(t, v));
            }
        }
        Slot::Object if passive => {
            out.extend(
                t.kids(v)
                    .iter()
                    .copied()
                    .filter(|&c| a.deprel(c) == "nsubj:pass"),
            );
            // "the officers killed": a participle's object is its head.
            if a.deprel(v) == "acl" {
                out.extend(a.head(v));
            }
        }
        Slot::Object => {
            out.extend(t.kids(v).iter().copied().filter(|&c| a.deprel(c) == "obj"));
            // "called [the launch] a provocation" read as a small clause:
            // the predicate's subject is the verb's object.
            if out.is_empty() {
                for &x in t.kids(v).iter().filter(|&&x| a.deprel(x) == "xcomp") {
                    out.extend(
                        t.kids(x)
                            .iter()
                            .copied()
                            .filter(|&c| a.deprel(c) == "nsubj"),
                    );
                }
            }
        }
        Slot::Indirect => out.extend(t.kids(v).iter().copied().filter(|&c| a.deprel(c) == "iobj")),
        // "the launch was a violation": only a predicate noun has one.
        Slot::PredicateSubject => {
            if t.kids(v).iter().any(|&c| a.deprel(c) == "cop") {
                out.extend(
                    t.kids(v)
                        .iter()
                        .copied()
                        .filter(|&c| a.deprel(c) == "nsubj"),
                );
            }
        }
        Slot::Speaker => {
            if a.deprel(v) == "ccomp"
                && let Some(h) = a.head(v)
                && (VERB_CLASSES.telling.contains(t.lemma_lower(h))
                    || matches!(t.lemma_lower(h), "say" | "state" | "declare" | "add"))
            {
                out.extend(subject(t, h));
            }
        }
        Slot::Possessor => {
            out.extend(
                t.kids(v)
                    .iter()
                    .copied()
                    .filter(|&c| matches!(a.deprel(c), "nmod:poss" | "compound" | "amod")),
            );
            let possessive = t.kids(v).iter().any(|&c| a.deprel(c) == "nmod:poss");
            if !possessive && p.trigger == Trigger::Noun {
                // A noun's possessor is also the subject of the verb that
                // governs it.
                out.extend(governor_subject(t, v));
            }
        }
        Slot::Prep(prep) => {
            // Breadth first down the trigger's phrase, so its own
            // dependents come first, then those of its object ("imposed
            // sanctions on X") or of a misattached neighbour ("on Friday to
            // the Chilean minister"); never into the subject or another clause.
            // (token, depth): the trigger's dependents are depth 1; two
            // levels reach a phrase hung on a neighbour, deeper ones are
            // other topics ("discussed issues, including developments
            // with North Korea").
            let mut queue: std::collections::VecDeque<(usize, u8)> =
                t.kids(v).iter().map(|&c| (c, 1)).collect();
            // A noun trigger of a light verb: "talks were held between X
            // and Y", "held talks with Y" attach the phrase to the verb.
            if p.trigger == Trigger::Noun
                && matches!(a.deprel(v), "obj" | "nsubj:pass" | "nsubj")
                && let Some(h) = a.head(v)
            {
                queue.extend(t.kids(h).iter().filter(|&&c| c != v).map(|&c| (c, 1)));
            }
            while let Some((c, depth)) = queue.pop_front() {
                let rel = a.deprel(c);
                // An adjective's complement carries its frame ("willing
                // to work with Indonesia"); a verb's is another event.
                let adj_xcomp = rel == "xcomp" && p.trigger == Trigger::Adj;
                // "sanctions and other restrictions on Iran": the phrase on
                // the last of conjoined nouns is all of theirs.
                let noun_list = rel == "conj"
                    && a.head(c) != Some(v)
                    && matches!(a.upos(c), Upos::Noun | Upos::Propn)
                    && a.head(c)
                        .is_some_and(|h| matches!(a.deprel(h), "obj" | "nsubj:pass"));
                if noun_list {
                    queue.extend(t.kids(c).iter().map(|&k| (k, depth)));
                    continue;
                }
                if rel.starts_with("nsubj")
                    || (!adj_xcomp
                        && matches!(
                            rel,
                            "ccomp"
                                | "advcl"
                                | "acl:relcl"
                                | "parataxis"
                                | "xcomp"
                                | "csubj"
                                | "conj"
                                | "obl:agent"
                        ))
                {
                    continue;
                }
                // "issues, including developments with X": examples of
                // another word's topic, however the parser hung them.
                if matches!(t.case_of(c), Some("include" | "including")) {
                    continue;
                }
                // "on the part of X", "on behalf of X" are idioms, not the
                // preposition's frame.
                let idiom = matches!(t.lemma_lower(c), "part" | "behalf");
                if (rel.starts_with("obl") || rel.starts_with("nmod"))
                    && !idiom
                    && t.case_of(c) == Some(prep.as_str())
                {
                    out.push(c);
                    // "to his counterparts from Peru and Bolivia" with the
                    // "from" phrase attached beside it.
                    if let Some(h) = a.head(c) {
                        out.extend(t.kids(h).iter().copied().filter(|&d| {
                            d > c
                                && a.deprel(d).starts_with(rel.get(..3).unwrap_or(rel))
                                && t.case_of(d) == Some("from")
                        }));
                    }
                    continue;
                }
                if depth < 2 {
                    queue.extend(t.kids(c).iter().map(|&k| (k, depth + 1)));
                }
            }
        }
    }
    out
}

/// The actor of event noun `v` when the verb governing it carries it: "X
/// held talks", "X launched an attack", "talks were held by", "X
/// announced $5 million in assistance to Y" (through the amount); not a
/// verb that reacts to someone else's event ("condemned the attack").
fn governor_subject(t: &Tree<'_, '_>, v: usize) -> Vec<usize> {
    let a = t.a;
    let mut x = v;
    if a.deprel(x) == "nmod"
        && let Some(h) = a.head(x)
        && a.deprel(h) == "obj"
    {
        x = h;
    }
    // The same with "in assistance" hung on the verb instead of on the
    // amount before it: the verb's object is still the event.
    if a.deprel(x) == "obl"
        && t.case_of(x) == Some("in")
        && let Some(h) = a.head(x)
        && let Some(&o) = t
            .kids(h)
            .iter()
            .find(|&&o| o < x && a.deprel(o) == "obj" && is_amount(t, o))
    {
        x = o;
    }
    match a.head(x) {
        Some(h)
            if matches!(a.deprel(x), "obj" | "nsubj:pass")
                && !VERB_CLASSES.reaction.contains(t.lemma_lower(h)) =>
        {
            subject(t, h)
        }
        _ => Vec::new(),
    }
}

/// Whether word `o` heads an amount: "$200 million", "5 billion euros",
/// "millions of dollars".
fn is_amount(t: &Tree<'_, '_>, o: usize) -> bool {
    let a = t.a;
    matches!(a.upos(o), Upos::Num | Upos::Sym)
        || matches!(t.lemma_lower(o), "million" | "billion" | "trillion")
        || t.kids(o).iter().any(|&c| a.deprel(c) == "nummod")
}

/// The subject of verb `v`: its own, else its controller's (for `xcomp`
/// and shared-subject `conj`), else the noun a relative clause modifies.
fn subject(t: &Tree<'_, '_>, v: usize) -> Vec<usize> {
    let a = t.a;
    let passive = t.is_passive(v);
    let own: Vec<usize> = t
        .kids(v)
        .iter()
        .copied()
        .filter(|&c| a.deprel(c) == "nsubj" || (!passive && a.deprel(c) == "nsubj:pass"))
        .collect();
    if let Some(&s) = own.first() {
        // "North Korea says it conducted a test": "it" in a reported
        // clause is the speaker.
        if a.upos(s) == Upos::Pron
            && matches!(t.lemma_lower(s), "it" | "they")
            && a.deprel(v) == "ccomp"
            && let Some(h) = a.head(v)
        {
            let up = subject(t, h);
            if !up.is_empty() {
                return up;
            }
        }
        // "the country that attacked": the relative pronoun stands for the head noun.
        if a.upos(s) == Upos::Pron
            && matches!(t.lemma_lower(s), "who" | "which" | "that")
            && a.deprel(v) == "acl:relcl"
        {
            return a.head(v).into_iter().collect();
        }
        return own;
    }
    match (a.deprel(v), a.head(v)) {
        ("xcomp", Some(h)) => {
            // "urged Washington to play": object control, for verbs that
            // ask or make someone do something; otherwise the subject
            // controls ("fired tear gas to disperse them").
            if VERB_CLASSES.object_control.contains(t.lemma_lower(h))
                && let Some(o) = t.child(h, "obj")
            {
                return vec![o];
            }
            subject(t, h)
        }
        ("conj", Some(h)) if a.upos(h) == Upos::Verb => subject(t, h),
        ("advcl", Some(h)) if t.case_of(v) == Some("to") => subject(t, h),
        // "..., killing six people": a participle with no subordinator
        // has the main clause's subject.
        ("advcl", Some(h)) if a.xpos(v) == "VBG" && t.case_of(v).is_none() => subject(t, h),
        // "After thanking Chile, Ramos discussed": a participle
        // on a prepositional phrase has the clause's subject.
        ("acl", Some(h))
            if a.xpos(v) == "VBG"
                && a.deprel(h) == "obl"
                && t.case_of(h).is_some()
                && let Some(g) = a.head(h) =>
        {
            subject(t, g)
        }
        ("acl", Some(h)) if a.xpos(v) == "VBG" || t.has_object(v) => vec![h],
        _ => Vec::new(),
    }
}

/// The actor mentions at token `tok`: mentions covering it, else found
/// down its noun phrase (`nmod`, `appos`); then those of its conjuncts.
/// With `places`, a place counts too (a target: "aid to
/// Yemen", "strikes on Gaza" act on the country).
fn actors_at(
    t: &Tree<'_, '_>,
    mentions: &[Mention],
    tok: usize,
    depth: usize,
    places: bool,
    out: &mut Vec<usize>,
) {
    let a = t.a;
    let here: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            (m.role == Role::Actor || places) && m.actor.key().is_some() && m.tokens.contains(&tok)
        })
        .map(|(i, _)| i)
        .collect();
    // A group with no country of its own ("people affected by hunger in
    // Yemen and Somalia") is where its phrase places it: one actor per
    // place, in place of the story's country.
    let borrowed = |i: &usize| {
        mentions[*i]
            .reason
            .iter()
            .any(|r| r.starts_with("memory: no country"))
    };
    if places && !here.is_empty() && here.iter().all(borrowed) {
        let mut located = Vec::new();
        places_under(t, mentions, tok, 0, &mut located);
        if !located.is_empty() {
            for i in located {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            return;
        }
    }
    let own = !here.is_empty();
    // "concern over events in the nation" with "in the nation" attached to
    // the verb: the phrase right after a situation noun is still its place.
    if !own
        && places
        && VERB_CLASSES.situation.contains(t.lemma_lower(tok))
        && let Some(h) = a.head(tok)
    {
        let end = t.rightmost(tok);
        for &c in t.kids(h) {
            if c > tok
                && t.leftmost(c) == end + 1
                && a.deprel(c).starts_with("obl")
                && t.case_of(c) == Some("in")
            {
                actors_at(t, mentions, c, 3, places, out);
            }
        }
    }
    if here.is_empty() && depth < 3 {
        for &c in t.kids(tok) {
            // "the terrorist attack": a common noun saying what kind of
            // act it was is no party to it.
            if a.deprel(c) == "compound"
                && a.upos(c) == Upos::Noun
                && mentions
                    .iter()
                    .enumerate()
                    .any(|(i, m)| m.tokens.contains(&c) && borrowed(&i))
            {
                continue;
            }
            // "the situation in Ukraine" is Ukraine's.
            let situation_in = || {
                VERB_CLASSES.situation.contains(t.lemma_lower(tok)) && t.case_of(c) == Some("in")
            };
            if matches!(
                a.deprel(c),
                "nmod" | "appos" | "flat" | "compound" | "nmod:poss"
            ) && (a.deprel(c) != "nmod"
                || t.case_of(c).is_some_and(|p| matches!(p, "from" | "of"))
                || situation_in())
            {
                actors_at(t, mentions, c, depth + 1, places, out);
            }
        }
    }
    for i in here {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    // Conjuncts, and appositions naming someone else (a list the parser
    // read as apposition: "X, the EU's Y and Z").
    for &c in t.kids(tok) {
        let rel = a.deprel(c);
        // A bare nmod (no preposition) in a list is a conjunct misread;
        // "from X" names whom a list's last item serves.
        let bare_nmod = rel == "nmod" && depth < 3 && matches!(t.case_of(c), None | Some("from"));
        // A conjunct after a prepositional phrase of its head belongs to
        // that phrase's list, not to the head ("thanked Blok for support
        // in Iraq, Afghanistan, and Mali": Mali was not thanked).
        let across_pp = rel == "conj"
            && t.kids(tok).iter().any(|&d| {
                d > tok && d < c && matches!(a.deprel(d), "nmod" | "obl") && t.case_of(d).is_some()
            });
        if across_pp {
            continue;
        }
        // A noun has a subject only as a copula's predicate; a subject
        // of a noun without one ("..., as well as the bloc's envoy
        // ... and foreign ministers from ..." with the envoy read as the
        // ministers' subject) is another item of the list.
        let misread_subject = rel.starts_with("nsubj")
            && depth < 3
            && matches!(a.upos(tok), Upos::Noun | Upos::Propn)
            && !t.kids(tok).iter().any(|&d| a.deprel(d) == "cop");
        if matches!(rel, "conj" | "appos") || bare_nmod || misread_subject {
            // The conjunct of a word that is no actor counts only if it is
            // one itself ("praise of the deal and the support of officials":
            // the officials are not praised).
            let depth = if own {
                depth + usize::from(bare_nmod)
            } else {
                3
            };
            actors_at(t, mentions, c, depth, places, out);
        }
    }
}

/// The party a target mention stands for: itself, or for a place that
/// stands in for a group with no country of its own ("people ... in
/// Yemen"), the group's sector in the place's country.
fn party_in_place(t: &Tree<'_, '_>, input: &Input<'_, '_>, m: &Mention) -> Party {
    let mut party = Party::of(m);
    if m.role != Role::Place {
        return party;
    }
    let mut x = m.head;
    for _ in 0..6 {
        let Some(h) = t.a.head(x) else { break };
        if let Some(g) = input.mentions.iter().find(|g| {
            g.role == Role::Actor
                && g.tokens.contains(&h)
                && g.reason.iter().any(|r| r.starts_with("memory: no country"))
        }) {
            party.sector = g.actor.sector.clone();
            let country = party.country.as_deref().unwrap_or("");
            party.code = format!("{country}{}", party.sector.as_deref().unwrap_or(""));
            party.text = format!("{} in {}", g.text, m.text);
            return party;
        }
        x = h;
    }
    party
}

/// Place mentions introduced by "in" in the phrase below `tok` (and their
/// conjuncts), a few levels down.
fn places_under(
    t: &Tree<'_, '_>,
    mentions: &[Mention],
    tok: usize,
    depth: usize,
    out: &mut Vec<usize>,
) {
    if depth > 3 {
        return;
    }
    for &c in t.kids(tok) {
        let rel = t.a.deprel(c);
        if !(rel.starts_with("nmod")
            || rel.starts_with("obl")
            || rel.starts_with("acl")
            || rel == "conj")
        {
            continue;
        }
        let is_place = |c: usize| {
            mentions.iter().position(|m| {
                m.role == Role::Place && m.tokens.contains(&c) && m.actor.key().is_some()
            })
        };
        if (rel == "conj" || t.case_of(c) == Some("in"))
            && let Some(i) = is_place(c)
        {
            out.push(i);
            places_under(t, mentions, c, depth + 1, out);
            continue;
        }
        places_under(t, mentions, c, depth + 1, out);
    }
}

/// Why a trigger codes nothing: negated, conditional, in a question.
fn blocked(
    t: &Tree<'_, '_>,
    words: &[&str],
    v: usize,
    question: bool,
    judged: bool,
) -> Option<String> {
    let a = t.a;
    for &c in t.kids(v) {
        let l = t.lemma_lower(c);
        if (a.deprel(c) == "advmod" && matches!(l, "not" | "never" | "n't"))
            || (a.deprel(c) == "det" && l == "no")
        {
            return Some(format!("negated ({})", words[c]));
        }
        // "will recognize no other president": a negated object.
        if a.deprel(c) == "obj"
            && let Some(&d) = t
                .kids(c)
                .iter()
                .find(|&&d| a.deprel(d) == "det" && t.lemma_lower(d) == "no")
        {
            return Some(format!("negated object ({})", words[d]));
        }
        // "called Pyongyang's actions a threat": a verb with a predicate
        // noun or adjective names or judges; it does not act.
        if !judged
            && a.deprel(c) == "xcomp"
            && (a.upos(c) == Upos::Noun
                || (a.upos(c) == Upos::Adj && VERB_CLASSES.naming.contains(t.lemma_lower(v))))
            && a.upos(v) == Upos::Verb
        {
            return Some(format!("a predicate ({}): naming, not acting", words[c]));
        }
    }
    // Up the clause chain: a condition or negated controller ("did not agree to meet").
    let mut x = v;
    for _ in 0..4 {
        for &c in t.kids(x) {
            if a.deprel(c) == "mark" && matches!(t.lemma_lower(c), "if" | "unless" | "whether") {
                return Some(format!("conditional ({})", words[c]));
            }
        }
        match (a.deprel(x), a.head(x)) {
            ("xcomp", Some(h)) => {
                if t.kids(h).iter().any(|&c| {
                    a.deprel(c) == "advmod" && matches!(t.lemma_lower(c), "not" | "never" | "n't")
                }) {
                    return Some("negated controller".into());
                }
                x = h;
            }
            (_, Some(h)) if matches!(a.deprel(x), "ccomp" | "conj" | "advcl") => x = h,
            _ => break,
        }
    }
    if question && a.head(v).is_none() {
        return Some("in a question".into());
    }
    None
}

/// Whether the trigger is intended rather than done, and the word saying so.
fn intent(t: &Tree<'_, '_>, v: usize) -> Option<String> {
    let a = t.a;
    for &c in t.kids(v) {
        if a.deprel(c) == "aux" {
            let l = t.lemma_lower(c);
            if matches!(l, "will" | "shall" | "would" | "'ll" | "wo") {
                return Some(a.lemma(c).to_owned());
            }
        }
    }
    // Up a chain of complements and conjuncts ("agreed to continue to
    // collaborate ... and meet"): the first head that intends or asks.
    let mut x = v;
    for _ in 0..4 {
        let Some(h) = a.head(x) else { break };
        match a.deprel(x) {
            // "committed to assisting": an adjective's "to" clause too.
            d if d == "xcomp" || (d == "advcl" && t.case_of(x) == Some("to")) => {
                let l = t.lemma_lower(h);
                if VERB_CLASSES.intent.contains(l) {
                    return Some(l.to_owned());
                }
                if VERB_CLASSES.asking.contains(l) {
                    return None;
                }
                // "is going to meet"
                if l == "go" && t.kids(h).iter().any(|&c| a.deprel(c) == "aux") {
                    return Some("going to".into());
                }
                // "will continue to support", "will try to meet": the future
                // is the head's.
                if let Some(&c) = t.kids(h).iter().find(|&&c| {
                    a.deprel(c) == "aux" && matches!(t.lemma_lower(c), "will" | "shall" | "'ll")
                }) {
                    return Some(a.lemma(c).to_owned());
                }
            }
            // "will meet and sign": the first conjunct's auxiliary.
            "conj" if a.upos(h) == Upos::Verb => {
                for &c in t.kids(h) {
                    if a.deprel(c) == "aux"
                        && matches!(t.lemma_lower(c), "will" | "shall" | "would" | "'ll")
                    {
                        return Some(a.lemma(c).to_owned());
                    }
                }
            }
            _ => break,
        }
        x = h;
    }
    None
}

/// The words of the trigger's clause, for its date: the trigger's subtree
/// without subordinate clauses, plus its head's time modifiers.
fn clause_words<'w>(t: &Tree<'_, '_>, words: &[&'w str], v: usize) -> Vec<&'w str> {
    let a = t.a;
    let mut keep = vec![false; words.len()];
    fn walk(t: &Tree<'_, '_>, i: usize, keep: &mut [bool], top: bool) {
        keep[i] = true;
        for &c in t.kids(i) {
            let rel = t.a.deprel(c);
            if !top && matches!(rel, "ccomp" | "advcl" | "acl:relcl" | "parataxis") {
                continue;
            }
            walk(t, c, keep, false);
        }
    }
    walk(t, v, &mut keep, true);
    // A noun trigger or a controlled verb takes its governor's time words.
    let mut x = v;
    while let Some(h) = a.head(x) {
        if !matches!(
            a.deprel(x),
            "xcomp" | "obj" | "conj" | "nsubj" | "nsubj:pass"
        ) {
            break;
        }
        for &c in t.kids(h) {
            if matches!(a.deprel(c), "obl:tmod" | "obl" | "advmod" | "nmod:tmod") {
                walk(t, c, &mut keep, false);
            }
        }
        x = h;
    }
    words
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(w, _)| *w)
        .collect()
}

fn trigger_text(t: &Tree<'_, '_>, words: &[&str], v: usize) -> String {
    let mut parts = vec![v];
    parts.extend(
        t.kids(v)
            .iter()
            .copied()
            .filter(|&c| t.a.deprel(c) == "compound:prt"),
    );
    parts.sort_unstable();
    parts
        .iter()
        .map(|&i| words[i])
        .collect::<Vec<_>>()
        .join(" ")
}
