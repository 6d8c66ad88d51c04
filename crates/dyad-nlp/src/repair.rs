//! Repairs of parser slips that cost the event coder its arguments.
//!
//! A greedy parser trained on web text misreads a few constructions that
//! news reports use all the time, and each misreading hides who did what to
//! whom. Rather than tune the model to news it has never seen, dyad mends
//! these trees after parsing, with rules narrow enough to be checked on the
//! treebank itself: `dyad nlp eval --repair` reports the attachment scores
//! with the repairs applied, so a rule that hurts shows up there.
//!
//! * **An object after an adjunct** ("condemns in the strongest terms the
//!   attack"): the parser hangs the object on the adjunct as a bare `nmod`.
//!   A noun phrase that opens with a determiner, with no preposition of its
//!   own, under an oblique of a verb that has no object, is the verb's
//!   object.
//! * **A subject read as an object** ("acknowledge their forces have been
//!   fighting"): with no "that", the parser makes the complement clause's
//!   subject the object of the reporting verb (and the clause, at times, an
//!   adverbial). A noun between a verb and a finite complement clause that
//!   has no subject is that clause's subject.
//! * **Two subjects** ("told reporters the talks had failed"): the other
//!   way round, the parser gives the complement clause the reporting
//!   verb's object as a second subject. The first of two subjects, right
//!   after a verb with no object, is that verb's object.
//! * **A verb read as a modifier** ("the United Nations reimposed sanctions
//!   on Iran"): a rare past-tense verb tagged as a participle becomes an
//!   adjective of its object, and the sentence a noun phrase. A participle
//!   `amod` that has a subject, of its own or on a noun with no copula
//!   (UD gives a noun a subject only under one), is the clause's verb, and
//!   the noun it modified is its object.
//! * **A clause read as a noun phrase** ("Authorities relaxed their
//!   curfew", "Hong Kong police brandished batons"): a rare past-tense verb
//!   tagged as an adjective or participle modifies a noun, and the whole
//!   sentence becomes a noun phrase. A modifier after its noun that has an
//!   object of its own (or a "subject" after it) is the verb and the noun
//!   its subject; a participle
//!   right before the sentence's root noun, where a name hangs on that
//!   noun as a possessor with no "'s", is the verb, the name its subject
//!   and the noun its object. So is a reduced relative on the root noun of
//!   a verbless sentence that has a bare noun after it ("Bolivian soldiers
//!   detained opposition leader X and deported him"). The word is retagged
//!   a past-tense verb, as is an "-ed" adjective with an object.
//! * **An object read as a compound** ("will visit Japan next month"): a
//!   name hung as a compound on a bare time phrase across its determiner
//!   or adjective is the verb's object.
//! * **A conjunct read as a dependent** ("spoke to Ramos, as well as
//!   Chile's minister ..."; "talks between Chile, Peru and Bolivia" with Peru
//!   a second subject): a noun with a coordinator of its own, or a second
//!   subject after its verb and a comma, continues the list whose phrase
//!   ends before it. A subject or object with "and" joins a list only of
//!   another subject or object of the same word: otherwise it starts a
//!   clause ("..., and the envoys left").
//!   A noun the parser hung on a coordinator is mended the same way.
//! * **A participle inside a noun's list** ("mourn the soldiers killed, as
//!   well as their comrades", with "killed" read as the soldiers' verb or
//!   as a complement of "mourn"): a participle with no object between a
//!   noun and a conjunct of that noun modifies the noun; otherwise the
//!   tree would not be projective.
//! * **A subject read as a conjunct** ("After praising Chile for its aid
//!   to Peru, Ramos also discussed ..."): after a comma, a name
//!   that the parser added to the list before it (or made an apposition), right before a tensed
//!   verb that has no subject, is that verb's subject.
//! * **A participle read as a conjoined verb** ("condolences to the families
//!   of the officers killed, as well as ..."): a past form with nothing
//!   before it of its own (no subject), no object and no conjunction, right
//!   after a noun, is a reduced relative clause on that noun (`acl`), not a
//!   second main verb; a "subject" the parser found after it joins the
//!   noun's list.
//!
//! The repairs run on [`Analysis`] in place; `dyad parse` and the accuracy
//! figures of `dyad nlp eval` leave them out unless asked.

use crate::{Analysis, Nlp, Upos};

impl Nlp {
    /// Mends the parser slips described in the [module docs](self) and
    /// returns how many arcs it moved.
    pub fn repair<'m>(&'m self, a: &mut Analysis<'m>) -> usize {
        let rel = |name: &str| {
            self.parser
                .label_id(name)
                .map(|id| (id, self.parser.label_name(id)))
        };
        let (Some(obj), Some(nsubj), Some(nsubj_pass), Some(acl), Some(conj), Some(ccomp)) = (
            rel("obj"),
            rel("nsubj"),
            rel("nsubj:pass"),
            rel("acl"),
            rel("conj"),
            rel("ccomp"),
        ) else {
            return 0;
        };
        let mut moved = 0;
        let past = self
            .tagger
            .tag_id("VERB", "VBD")
            .map(|t| (t, Upos::Verb, self.tagger.xpos(t)));
        if let Some(past) = past {
            for v in 0..a.len() {
                // "Authorities relaxed the curfew" with "relaxed" an
                // adjective: in UD only a verb takes an object.
                if a.upos(v) == Upos::Adj
                    && a.lemma(v).ends_with("ed")
                    && a.children(v).any(|k| a.deprel(k) == "obj")
                {
                    a.retag(v, past);
                    moved += 1;
                }
                if let Some((subj, object, noun)) = clause_read_as_noun_phrase(a, v) {
                    promote(a, v, noun);
                    a.retag(v, past);
                    if let Some(o) = object {
                        a.reattach(o, Some(v), obj);
                    }
                    a.reattach(subj, Some(v), nsubj);
                    moved += 1;
                }
            }
        }
        let dep = rel("dep");
        for m in 0..a.len() {
            // "as well as [Chile's minister]" with the minister under the
            // coordinator: the coordinator goes under the minister (a
            // coordinator has no such dependent in UD), who then joins the
            // list before it, if there is one.
            if let (Some(c), Some(dep)) = (coordinator_read_as_head(a, m), dep) {
                let cc = (a.tree.labels[c], a.deprel(c));
                a.reattach(m, a.head(c), dep);
                a.reattach(c, Some(m), cc);
                moved += 1;
            }
            if let Some(f) = conjunct_read_as_dependent(a, m) {
                a.reattach(m, Some(f), conj);
                moved += 1;
            }
        }
        for v in 0..a.len() {
            if a.upos(v) != Upos::Verb {
                continue;
            }
            if let Some(n) = participle_inside_a_list(a, v) {
                if a.head(n) == Some(v) {
                    // The participle's subject takes its place.
                    let up = match a.deprel(v) {
                        "ccomp" | "xcomp" => obj,
                        _ => (a.tree.labels[v], a.deprel(v)),
                    };
                    a.reattach(n, a.head(v), up);
                }
                a.reattach(v, Some(n), acl);
                moved += 1;
            }
            if let Some(n) = participle_read_as_conjunct(a, v) {
                a.reattach(v, Some(n), acl);
                // "..., as well as their colleagues" read as its subject
                // continues the noun's list.
                let after: Vec<usize> = a
                    .children(v)
                    .filter(|&k| a.deprel(k).starts_with("nsubj"))
                    .collect();
                for k in after {
                    a.reattach(k, Some(n), conj);
                }
                moved += 1;
            }
            if let Some(n) = subject_read_as_conjunct(a, v) {
                a.reattach(n, Some(v), nsubj);
                moved += 1;
            }
            if let Some(n) = verb_read_as_modifier(a, v) {
                promote(a, v, n);
                a.reattach(n, Some(v), obj);
                // What stood before the verb belongs to the clause.
                let before: Vec<usize> = a.children(n).filter(|&k| k < v).collect();
                for k in before {
                    let rel = (a.tree.labels[k], a.deprel(k));
                    a.reattach(k, Some(v), rel);
                }
                moved += 1;
            }
            if let Some(n) = object_read_as_compound(a, v) {
                a.reattach(n, Some(v), obj);
                moved += 1;
            }
            if let Some(n) = object_after_adjunct(a, v) {
                a.reattach(n, Some(v), obj);
                moved += 1;
            }
            if let Some(s) = object_read_as_subject(a, v) {
                a.reattach(s, Some(v), obj);
                moved += 1;
            }
            if let Some((o, c)) = subject_read_as_object(a, v) {
                if matches!(a.deprel(c), "conj" | "advcl") {
                    a.reattach(c, Some(v), ccomp);
                }
                let passive = a.children(c).any(|k| a.deprel(k) == "aux:pass");
                a.reattach(o, Some(c), if passive { nsubj_pass } else { nsubj });
                moved += 1;
            }
        }
        moved
    }
}

/// "spoke to Ramos, [as well as] Chile's minister": the first conjunct of the
/// list that nominal `m`, which has a coordinator of its own but was hung
/// elsewhere, continues. In UD a coordinator belongs to a conjunct, and
/// every conjunct hangs on the first; the first is taken as the phrase that
/// ends right before the coordinator (or the comma before it).
fn conjunct_read_as_dependent(a: &Analysis<'_>, m: usize) -> Option<usize> {
    // Words inside a noun phrase and bare time phrases carry a stray
    // coordinator far more often than they start a conjunct.
    if !matches!(a.upos(m), Upos::Noun | Upos::Propn)
        || matches!(
            a.deprel(m),
            "conj"
                | "root"
                | "compound"
                | "flat"
                | "nmod:poss"
                | "obl:tmod"
                | "obl:unmarked"
                | "obl:npmod"
        )
    {
        return None;
    }
    let coordinated = a.children(m).any(|k| k < m && a.deprel(k) == "cc");
    // "prompted talks between Chile, [Peru] and Bolivia": a second
    // subject, after its verb and a comma, of a verb with one before it.
    let comma = m.checked_sub(1).filter(|&c| a.upos(c) == Upos::Punct);
    let second = a.deprel(m) == "nsubj"
        && comma.is_some()
        && a.head(m)
            .is_some_and(|h| h < m && a.children(h).any(|k| k < h && a.deprel(k) == "nsubj"));
    if !coordinated && !second {
        return None;
    }
    let p = a
        .children(m)
        .filter(|&k| k < m && matches!(a.deprel(k), "cc" | "punct"))
        .chain(comma)
        .min()?;
    // The last word before the coordinator and its commas.
    let mut e = p.checked_sub(1)?;
    while a.upos(e) == Upos::Punct {
        e = e.checked_sub(1)?;
    }
    let nominal = |i: usize| matches!(a.upos(i), Upos::Noun | Upos::Propn | Upos::Pron);
    let mut f = if nominal(e) {
        e
    } else if a.upos(e) == Upos::Verb
        && e.checked_sub(1)
            .is_some_and(|s| matches!(a.upos(s), Upos::Noun | Upos::Propn))
    {
        // "the soldiers killed, as well as": the participle's noun.
        e - 1
    } else {
        return None;
    };
    while matches!(a.deprel(f), "flat" | "compound" | "conj") {
        match a.head(f) {
            Some(h) if h < f && nominal(h) => f = h,
            _ => break,
        }
    }
    // A subject or object with "and" is often the start of a new clause
    // ("..., and the talks failed"): a list only when the first conjunct
    // has the same role under the same word ("she and her aides are").
    let core = matches!(a.deprel(m), "nsubj" | "nsubj:pass" | "obj");
    let same = a.head(f) == a.head(m) && a.deprel(f) == a.deprel(m);
    let bracket = (f..m).any(|i| matches!(a.xpos(i), "-LRB-" | "-RRB-"));
    (!dominates(a, m, f) && (same || second || !core) && !bracket).then_some(f)
}

/// "as well as [Chile's minister]" read with the minister as a dependent of the
/// coordinator: the coordinator, which in UD has no dependents but its own
/// multiword parts and punctuation.
fn coordinator_read_as_head(a: &Analysis<'_>, m: usize) -> Option<usize> {
    let c = a.head(m)?;
    (c < m
        && a.deprel(c) == "cc"
        && matches!(a.upos(m), Upos::Noun | Upos::Propn)
        && !matches!(a.deprel(m), "fixed" | "punct" | "flat"))
    .then_some(c)
}

/// "the soldiers [killed], as well as their comrades" read as "the
/// soldiers killed" or as a complement of the clause's verb: a participle
/// with no object or auxiliary right after a noun's phrase and before a
/// conjunct of that noun is inside the noun's phrase, a reduced relative on
/// it (the tree is otherwise not projective). Returns the noun.
fn participle_inside_a_list(a: &Analysis<'_>, v: usize) -> Option<usize> {
    let clausal = |k: usize| {
        (k < v && a.deprel(k) != "nsubj")
            || matches!(
                a.deprel(k),
                "obj" | "iobj" | "aux" | "aux:pass" | "mark" | "cc" | "ccomp" | "xcomp"
            )
    };
    // (An adjective before its noun is where it belongs.)
    if !matches!(a.xpos(v), "VBD" | "VBN")
        || matches!(a.deprel(v), "amod" | "acl")
        || a.children(v).any(clausal)
    {
        return None;
    }
    let n = (0..v)
        .rev()
        .find(|&n| matches!(a.upos(n), Upos::Noun | Upos::Propn))?;
    if !(n + 1..v).all(|i| dominates(a, n, i)) {
        return None;
    }
    let subject = a.head(n) == Some(v) && a.deprel(n) == "nsubj";
    let listed = a.children(n).any(|k| k > v && a.deprel(k) == "conj");
    (listed && (subject || !dominates(a, v, n))).then_some(n)
}

/// Whether `x` is `y` or one of its ancestors.
fn dominates(a: &Analysis<'_>, x: usize, mut y: usize) -> bool {
    for _ in 0..a.len() {
        if y == x {
            return true;
        }
        match a.head(y) {
            Some(h) => y = h,
            None => return false,
        }
    }
    false
}

/// "the officers [killed], as well as": the noun to hang participle `v` on.
fn participle_read_as_conjunct(a: &Analysis<'_>, v: usize) -> Option<usize> {
    if a.deprel(v) != "conj"
        || !matches!(a.xpos(v), "VBD" | "VBN")
        || a.children(v)
            .any(|k| k < v || matches!(a.deprel(k), "obj" | "cc" | "aux" | "aux:pass"))
    {
        return None;
    }
    let n = v.checked_sub(1)?;
    (matches!(a.upos(n), Upos::Noun | Upos::Propn)
        && a.head(v).is_some_and(|h| h < n)
        && a.children(n).all(|k| k < n))
    .then_some(n)
}

/// "..., [Austin] also discussed": the conjunct to make `v`'s subject.
fn subject_read_as_conjunct(a: &Analysis<'_>, v: usize) -> Option<usize> {
    if !matches!(a.xpos(v), "VBD" | "VBZ" | "VBP")
        || a.children(v)
            .any(|k| matches!(a.deprel(k), "nsubj" | "nsubj:pass" | "expl" | "csubj"))
    {
        return None;
    }
    // The word before the verb, past adverbs ("Austin also discussed").
    let mut n = v.checked_sub(1)?;
    while a.deprel(n) == "advmod" && a.head(n) == Some(v) {
        n = n.checked_sub(1)?;
    }
    let comma = n.checked_sub(1).is_some_and(|c| a.upos(c) == Upos::Punct);
    (matches!(a.deprel(n), "conj" | "appos")
        && matches!(a.upos(n), Upos::Propn | Upos::Noun)
        && a.head(n).is_some_and(|h| h < n)
        && comma
        && !a.children(n).any(|k| a.deprel(k) == "cc"))
    .then_some(n)
}

/// "Authorities [relaxed] their curfew", "Hong Kong police [brandished]
/// batons": a modifier `v` that is the sentence's verb; returns its
/// subject, its object when the parser made that a noun of the subject's
/// phrase, and the word whose place in the tree the verb takes.
fn clause_read_as_noun_phrase(a: &Analysis<'_>, v: usize) -> Option<(usize, Option<usize>, usize)> {
    let n = a.head(v)?;
    let nominal = |i: usize| matches!(a.upos(i), Upos::Noun | Upos::Propn);
    if !nominal(n) {
        return None;
    }
    // "Soldiers [detained] the leader": a reduced relative on the root noun
    // of a sentence without a verb, with a bare noun after it that can only
    // be its object.
    if a.deprel(v) == "acl" {
        let verbless = a.deprel(n) == "root" && !a.children(n).any(|k| a.deprel(k) == "cop");
        let bare = !a
            .children(v)
            .any(|k| k < v || matches!(a.deprel(k), "aux" | "aux:pass" | "mark" | "xcomp"));
        let joined = n < v && !(n..v).any(|i| a.upos(i) == Upos::Punct);
        if !(verbless && bare && joined && matches!(a.xpos(v), "VBD" | "VBN")) {
            return None;
        }
        let o = a.children(v).find(|&k| {
            k > v
                && matches!(a.upos(k), Upos::Noun | Upos::Propn | Upos::Pron)
                && matches!(a.deprel(k), "obj" | "obl" | "obl:agent" | "nmod")
                && !a
                    .children(k)
                    .any(|c| matches!(a.deprel(c), "case" | "mark"))
        })?;
        return Some((n, Some(o), n));
    }
    if a.deprel(v) != "amod" || !matches!(a.upos(v), Upos::Adj | Upos::Verb) {
        return None;
    }
    let ed = a.xpos(v) == "VBD" || a.xpos(v) == "VBN" || a.lemma(v).ends_with("ed");
    // "Authorities relaxed their curfew": after its noun, with an object
    // (or, as an adjective, with a "subject" after it).
    if n < v
        && ed
        && let Some(o) = a
            .children(v)
            .find(|&k| k > v && matches!(a.deprel(k), "obj" | "nsubj") && nominal(k))
    {
        return Some((n, Some(o), n));
    }
    if n != v + 1 || !matches!(a.xpos(v), "VBD" | "VBN") {
        return None;
    }
    // Right before a noun of a sentence that has no verb: the subject is
    // the root noun's possessor without "'s" ("Hong Kong police [brandished]
    // batons" read as Hong Kong police's batons) ...
    if a.deprel(n) == "root" {
        let p = a.children(n).find(|&k| {
            k < v
                && a.deprel(k) == "nmod:poss"
                && nominal(k)
                && !a.children(k).any(|c| a.deprel(c) == "case")
        })?;
        return Some((p, Some(n), n));
    }
    // ... or the root noun the object was listed or set beside, with no
    // "and" ("Hong Kong police, brandished batons").
    let h = a.head(n)?;
    (matches!(a.deprel(n), "conj" | "appos")
        && h < v
        && nominal(h)
        && a.deprel(h) == "root"
        && !a.children(n).any(|c| c < n && a.deprel(c) == "cc"))
    .then_some((h, Some(n), h))
}

/// Makes `v`, read as a modifier of `noun`, the clause's verb: it takes
/// the noun's place in the tree, with the noun's clause-level dependents
/// after it (a conjoined verb, the full stop). Where the noun goes is the
/// caller's.
fn promote(a: &mut Analysis<'_>, v: usize, noun: usize) {
    let up = (a.tree.labels[noun], a.deprel(noun));
    a.reattach(v, a.head(noun), up);
    let clause: Vec<usize> = a
        .children(noun)
        .filter(|&k| k > v && matches!(a.deprel(k), "conj" | "punct" | "parataxis" | "advcl"))
        .collect();
    for k in clause {
        let rel = (a.tree.labels[k], a.deprel(k));
        a.reattach(k, Some(v), rel);
    }
}

/// "the United Nations [reimposed] sanctions": the noun a participle with a
/// subject was read as modifying. The subject hangs on the participle or,
/// as UD gives a noun a subject only under a copula, on a noun without
/// one.
fn verb_read_as_modifier(a: &Analysis<'_>, v: usize) -> Option<usize> {
    let n = a.head(v)?;
    let subject = |h: usize| a.children(h).any(|k| k < v && a.deprel(k) == "nsubj");
    (a.deprel(v) == "amod"
        && n > v
        && matches!(a.xpos(v), "VBN" | "VBD")
        && matches!(a.upos(n), Upos::Noun | Upos::Propn)
        && (subject(v) || (subject(n) && !a.children(n).any(|k| a.deprel(k) == "cop"))))
    .then_some(n)
}

/// "will visit [Japan] next month": the name the parser made a compound of
/// `v`'s bare time phrase, to make `v`'s object. A compound stands right
/// before its noun, so one with a determiner or adjective between is not
/// one.
fn object_read_as_compound(a: &Analysis<'_>, v: usize) -> Option<usize> {
    if a.upos(v) != Upos::Verb
        || a.children(v)
            .any(|k| matches!(a.deprel(k), "obj" | "ccomp" | "xcomp"))
    {
        return None;
    }
    let t = a.children(v).find(|&k| {
        k > v
            && matches!(a.deprel(k), "obl:tmod" | "obl:unmarked" | "obl:npmod")
            && !a.children(k).any(|c| a.deprel(c) == "case")
    })?;
    let n = a.children(t).find(|&n| {
        n > v && a.deprel(n) == "compound" && matches!(a.upos(n), Upos::Noun | Upos::Propn)
    })?;
    let last = rightmost(a, n);
    a.children(t)
        .any(|k| k > last && k < t && matches!(a.deprel(k), "det" | "amod"))
        .then_some(n)
}

/// "condemns [in the strongest terms] the attack": the noun to make `v`'s
/// object, if the parser hung it on an oblique.
fn object_after_adjunct(a: &Analysis<'_>, v: usize) -> Option<usize> {
    if a.children(v)
        .any(|k| matches!(a.deprel(k), "obj" | "ccomp" | "xcomp"))
    {
        return None;
    }
    let obl = a
        .children(v)
        .find(|&k| k > v && a.deprel(k) == "obl" && a.children(k).any(|c| a.deprel(c) == "case"))?;
    a.children(obl).find(|&n| {
        n > obl
            && matches!(a.deprel(n), "nmod" | "obj")
            && matches!(a.upos(n), Upos::Noun | Upos::Propn)
            && !a.children(n).any(|c| matches!(a.deprel(c), "case" | "mark"))
            && a.upos(leftmost(a, n)) == Upos::Det
            // No comma between: "in Kabul, the capital" is an apposition.
            && !(obl..n).any(|i| a.upos(i) == Upos::Punct)
    })
}

/// "told [reporters] the talks had failed": the first of two subjects of
/// `v`'s complement clause, to make `v`'s object.
fn object_read_as_subject(a: &Analysis<'_>, v: usize) -> Option<usize> {
    if a.children(v).any(|k| matches!(a.deprel(k), "obj" | "iobj")) {
        return None;
    }
    let c = a.children(v).find(|&k| k > v && a.deprel(k) == "ccomp")?;
    let mut subjects = a.children(c).filter(|&k| a.deprel(k) == "nsubj");
    let (first, _second) = (subjects.next()?, subjects.next()?);
    let leftmost = (v + 1..first).all(|i| a.head(i) == Some(first));
    leftmost.then_some(first)
}

/// "acknowledge [their forces] have been fighting": the object of `v` to
/// make the subject of its complement clause, and that clause.
fn subject_read_as_object(a: &Analysis<'_>, v: usize) -> Option<(usize, usize)> {
    let o = a.children(v).find(|&k| a.deprel(k) == "obj")?;
    // A complement after an apposition is often read as a second verb:
    // "Police say Biti, a critic of X, broke the law".
    let reporting = matches!(
        a.lemma(v).to_lowercase().as_str(),
        "say"
            | "claim"
            | "allege"
            | "report"
            | "insist"
            | "argue"
            | "acknowledge"
            | "admit"
            | "deny"
            | "warn"
            | "believe"
            | "think"
    );
    let c = a.children(v).find(|&k| {
        k > o
            && (a.deprel(k) == "ccomp"
                || (reporting
                    && matches!(a.deprel(k), "conj" | "advcl")
                    && a.upos(k) == Upos::Verb
                    && !a.children(k).any(|x| a.deprel(x) == "cc")))
    })?;
    let has = |rels: &[&str]| a.children(c).any(|k| rels.contains(&a.deprel(k)));
    if has(&["nsubj", "nsubj:pass", "csubj", "expl", "mark"]) {
        return None;
    }
    // A finite clause: a tensed verb or a tensed auxiliary.
    let finite = |i: usize| matches!(a.xpos(i), "VBD" | "VBZ" | "VBP" | "MD");
    let tensed = finite(c)
        || a.children(c)
            .any(|k| a.deprel(k).starts_with("aux") && finite(k));
    // The clause starts right after the object's phrase.
    let first = a.children(c).filter(|&k| k < c).min().unwrap_or(c);
    let last_of_o = rightmost(a, o);
    // (Commas may close an apposition in between: "Biti, a critic of X,
    // broke".)
    let adjacent = first > last_of_o && (last_of_o + 1..first).all(|i| a.upos(i) == Upos::Punct);
    (tensed && adjacent && matches!(a.upos(o), Upos::Noun | Upos::Propn | Upos::Pron))
        .then_some((o, c))
}

/// The first word of `i`'s phrase.
fn leftmost(a: &Analysis<'_>, mut i: usize) -> usize {
    while let Some(k) = a.children(i).filter(|&k| k < i).min() {
        i = k;
    }
    i
}

/// The last word of `i`'s phrase.
fn rightmost(a: &Analysis<'_>, mut i: usize) -> usize {
    while let Some(k) = a.children(i).filter(|&k| k > i).max() {
        i = k;
    }
    i
}
