//! From knowledge-base matches to the phrases news writes.
//!
//! [`select`] keeps, of overlapping matches, the longest leftmost ones (a
//! non-actor phrase such as *South China Sea* wins and hides the *China*
//! inside it). [`compose`] then joins adjacent pieces into one mention:
//!
//! | pattern | example |
//! |---|---|
//! | modifier (`'s`)? role+ name? | *US Secretary of State Antony Blinken*, *Nato's secretary general Jens Stoltenberg*, *Chinese state news agency Xinhua*, *Afghan security forces* |
//! | role+ name | *President Zelaya*, *Foreign Minister Fidan* |
//! | modifier name | *Russian President Putin* is the first row; *Iran's Zarif* this one |
//! | role+ of modifier | *the Foreign Minister of Saudi Arabia*, *President Hollande of France* |
//! | role from modifier (, modifier)* and modifier | *foreign ministers from Chile, Peru and Norway*: one mention per country |
//! | (org \| role+) for place name | *UN Special Envoy for Yemen Martin Griffiths*: the place is the office's portfolio |
//!
//! A modifier is a country, an adjective, a capital or an organisation.

use dyad_kb::{Candidate, Kind};

/// What a matched span is, for composition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Country, adjective, capital or city.
    Place(Kind),
    /// An organisation.
    Org,
    /// A person the knowledge base knows.
    Person,
    /// A role noun.
    Role,
    /// A run of proper nouns the knowledge base does not know.
    Name,
    /// A group phrase ("both sides").
    Group,
}

/// One selected span: tokens `start..end`, what it is, and the entries
/// (knowledge-base ids) it may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it is.
    pub piece: Piece,
    /// Candidate entries, best first.
    pub entries: Vec<u32>,
}

/// Rank of an entry kind when one span matches several.
fn rank(kind: Kind) -> u8 {
    match kind {
        Kind::Country => 0,
        Kind::Adjective => 1,
        Kind::Capital => 2,
        Kind::Org => 3,
        Kind::Person => 4,
        Kind::City => 5,
        Kind::Role => 6,
        Kind::Place => 7,
    }
}

/// Keeps the leftmost-longest spans of `cands` that no `blocked` span
/// overlaps; entries of the same span are grouped, best kind first.
pub fn select(
    cands: &mut [Candidate],
    kind_of: impl Fn(u32) -> Kind,
    blocked: &[(usize, usize)],
) -> Vec<Item> {
    cands.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(rank(kind_of(a.entry)).cmp(&rank(kind_of(b.entry))))
            .then(a.entry.cmp(&b.entry))
    });
    let mut out: Vec<Item> = Vec::new();
    let mut covered = 0;
    for c in cands.iter() {
        if blocked.iter().any(|&(s, e)| c.start < e && s < c.end) {
            continue;
        }
        if let Some(last) = out.last_mut()
            && last.start == c.start
            && last.end == c.end
        {
            if !last.entries.contains(&c.entry) {
                last.entries.push(c.entry);
            }
            continue;
        }
        if c.start < covered {
            continue;
        }
        let piece = match kind_of(c.entry) {
            Kind::Org => Piece::Org,
            Kind::Person => Piece::Person,
            Kind::Role => Piece::Role,
            k => Piece::Place(k),
        };
        out.push(Item {
            start: c.start,
            end: c.end,
            piece,
            entries: vec![c.entry],
        });
        covered = c.end;
    }
    out
}

/// A mention being assembled: the items it is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Phrase {
    /// The modifier (country, adjective, capital, organisation), if any.
    pub modifier: Option<usize>,
    /// Role items, in order.
    pub roles: Vec<usize>,
    /// The person or name, if any.
    pub person: Option<usize>,
    /// For "role of/from X, Y and Z": the countries, one actor each.
    pub each: Vec<usize>,
    /// Token range the phrase covers.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
}

/// Whether tokens `a..b` are only fillers that may sit inside a phrase.
fn only(words: &[&str], a: usize, b: usize, allowed: &[&str]) -> bool {
    a <= b
        && words[a..b]
            .iter()
            .all(|w| allowed.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

fn is_modifier(p: Piece) -> bool {
    matches!(
        p,
        Piece::Place(Kind::Country | Kind::Adjective | Kind::Capital) | Piece::Org
    )
}

/// If item `at` is a place right after "for" and a name follows it, the
/// name's index.
fn portfolio(items: &[Item], words: &[&str], at: usize) -> Option<usize> {
    let (place, name) = (items.get(at)?, items.get(at + 1)?);
    let prev_end = items.get(at.checked_sub(1)?)?.end;
    let for_ok = place.start == prev_end + 1 && words[prev_end].eq_ignore_ascii_case("for");
    (for_ok
        && matches!(place.piece, Piece::Place(_))
        && matches!(name.piece, Piece::Person | Piece::Name)
        && only(words, place.end, name.start, &[","]))
    .then_some(at + 1)
}

/// Joins `items` (sorted, non-overlapping) into phrases. `words` are the
/// sentence's token norms.
pub fn compose(items: &[Item], words: &[&str]) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let mut p = Phrase {
            start: items[i].start,
            end: items[i].end,
            ..Phrase::default()
        };
        let mut j = i;
        // modifier ('s)? ...
        if is_modifier(items[j].piece) && j + 1 < items.len() {
            let next = &items[j + 1];
            let gap_ok = only(words, items[j].end, next.start, &["'s", "'", "the"]);
            if gap_ok && matches!(next.piece, Piece::Role | Piece::Person | Piece::Name) {
                p.modifier = Some(j);
                j += 1;
            }
        }
        // role+
        while j < items.len() && items[j].piece == Piece::Role {
            if let Some(&last) = p.roles.last()
                && !only(words, items[last].end, items[j].start, &["and", "-"])
            {
                break;
            }
            p.roles.push(j);
            j += 1;
        }
        // name
        if j < items.len() && matches!(items[j].piece, Piece::Person | Piece::Name) {
            let fillers: &[&str] = if !p.roles.is_empty() {
                &[",", "the"]
            } else {
                &["'s", "'", "the"]
            };
            if j == i || only(words, items[j - 1].end, items[j].start, fillers) {
                p.person = Some(j);
                j += 1;
            }
        }
        // "UN Special Envoy of the Secretary-General ...": an office named
        // as an organisation, qualified by a role.
        if j == i
            && items[i].piece == Piece::Org
            && items.get(i + 1).is_some_and(|r| {
                r.piece == Piece::Role && only(words, items[i].end, r.start, &["of", "the"])
            })
            && items[i].end < items[i + 1].start
        {
            p.modifier = Some(i);
            p.roles.push(i + 1);
            j = i + 2;
        }
        // "(UN) Special Envoy for Yemen Martin Griffiths": a place after
        // "for" is the office's portfolio, not the person's country.
        if p.person.is_none() && (!p.roles.is_empty() || (j == i && items[i].piece == Piece::Org)) {
            let at = if p.roles.is_empty() { i + 1 } else { j };
            if let Some(k) = portfolio(items, words, at) {
                if p.roles.is_empty() {
                    p.modifier = Some(i);
                }
                p.person = Some(k);
                j = k + 1;
            }
        }
        // "Antony J. Blinken, Secretary of State": a title in apposition
        // after the name is the same person's.
        if let Some(pi) = p.person
            && p.roles.is_empty()
            && j < items.len()
            && items[j].piece == Piece::Role
            && only(words, items[pi].end, items[j].start, &[","])
            && items[pi].end < items[j].start
        {
            while j < items.len()
                && items[j].piece == Piece::Role
                && only(words, items[j - 1].end, items[j].start, &[",", "and", "-"])
            {
                p.roles.push(j);
                j += 1;
            }
        }
        if p.roles.is_empty() && p.person.is_none() {
            // A lone modifier or group: a mention of its own.
            p.end = items[i].end;
            out.push(p);
            i += 1;
            continue;
        }
        // role+ (name)? of|from modifier (, modifier)* (and modifier)?
        if !p.roles.is_empty() && p.modifier.is_none() && j < items.len() {
            let last = items[j - 1].end;
            let glue = words.get(last).map(|w| w.to_lowercase());
            // "in" names where someone is, not whom they serve, once a
            // person is named ("Griffiths in Washington").
            let glue_ok = match glue.as_deref() {
                Some("of" | "from") => true,
                Some("in") => p.person.is_none(),
                _ => false,
            };
            if glue_ok
                && is_modifier(items[j].piece)
                && only(words, last + 1, items[j].start, &["the"])
            {
                p.each.push(j);
                j += 1;
                while j < items.len()
                    && is_modifier(items[j].piece)
                    && only(
                        words,
                        items[j - 1].end,
                        items[j].start,
                        &[",", "and", "the"],
                    )
                {
                    p.each.push(j);
                    j += 1;
                }
            }
        }
        p.end = items[j - 1].end;
        out.push(p);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(start: usize, end: usize, piece: Piece) -> Item {
        Item {
            start,
            end,
            piece,
            entries: vec![0],
        }
    }

    #[test]
    fn composes_the_news_patterns() {
        // US Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi
        let words = [
            "US",
            "Secretary",
            "of",
            "State",
            "Antony",
            "Blinken",
            "called",
            "Chinese",
            "Foreign",
            "Minister",
            "Wang",
            "Yi",
        ];
        let items = [
            item(0, 1, Piece::Place(Kind::Country)),
            item(1, 4, Piece::Role),
            item(4, 6, Piece::Person),
            item(7, 8, Piece::Place(Kind::Adjective)),
            item(8, 10, Piece::Role),
            item(10, 12, Piece::Person),
        ];
        let p = compose(&items, &words);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].modifier, p[0].roles.clone(), p[0].person),
            (Some(0), vec![1], Some(2))
        );
        assert_eq!((p[0].start, p[0].end), (0, 6));
        assert_eq!((p[1].start, p[1].end), (7, 12));
    }

    #[test]
    fn splits_role_from_coordinated_countries() {
        let words = [
            "foreign",
            "ministers",
            "from",
            "Chile",
            ",",
            "Peru",
            "and",
            "Norway",
        ];
        let items = [
            item(0, 2, Piece::Role),
            item(3, 4, Piece::Place(Kind::Country)),
            item(5, 6, Piece::Place(Kind::Country)),
            item(7, 8, Piece::Place(Kind::Country)),
        ];
        let p = compose(&items, &words);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].each, [1, 2, 3]);
        assert_eq!(p[0].end, 8);
    }

    #[test]
    fn select_prefers_longest_and_respects_blocks() {
        let mut c = vec![
            Candidate {
                start: 0,
                end: 1,
                entry: 1,
            },
            Candidate {
                start: 0,
                end: 3,
                entry: 2,
            },
            Candidate {
                start: 4,
                end: 5,
                entry: 3,
            },
        ];
        let items = select(&mut c, |_| Kind::Country, &[(4, 6)]);
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].start, items[0].end), (0, 3));
    }
}
