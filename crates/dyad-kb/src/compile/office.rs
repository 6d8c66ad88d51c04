//! What kind of office a person row describes, read from its `title=`, and
//! how many UN member states the knowledge base covers per year.
//!
//! Titles come from many sources ("Minister of Foreign Affairs and
//! International Cooperation", "Federal Chancellor", "Captain Regent of San
//! Marino", "Interim Prime Minister"), so the classifier works on words, not
//! on an exact list:
//!
//! - leading qualifiers (`acting`, `interim`, `caretaker`, `transitional`,
//!   `provisional`) are ignored, and a title joined with `and`, `&` or ` / `
//!   is classified piece by piece ("Sultan and Prime Minister" is both);
//! - anything `vice`, `deputy`, `assistant`, `lieutenant`, `former`,
//!   `under-secretary`, `state secretary`, `minister of state` (except
//!   Palau's, whose foreign minister has that title) or `permanent
//!   secretary` is no head and no minister;
//! - **head of state**: president (alone, "of the Republic", "of
//!   <country>", but not of an assembly, court, bank, party or
//!   commission), king, queen, emir, sultan, emperor, grand duke, prince,
//!   monarch, supreme leader, head or chief of state, captain regent,
//!   co-prince, governor-general (the monarch's representative in a
//!   Commonwealth realm), chair of a collective presidency or sovereign,
//!   transitional or state council, a member of the Swiss Federal Council;
//! - **head of government**: prime minister, premier, chancellor (not of
//!   the exchequer), head of government, taoiseach, chief executive, state
//!   counsellor, chief adviser, president of the government or of the
//!   council of ministers, chair of the council of ministers;
//! - **foreign minister**: a minister or secretary of foreign affairs or
//!   relations, external affairs or relations, international relations and
//!   cooperation, "foreign minister", "foreign secretary", "secretary of
//!   state" alone (the United States) or "for foreign ...";
//! - **defence minister**: a minister or secretary of defence, defense or
//!   the armed forces (not civil defence, defence industry or production).
//!
//! For coverage, a head of state also counts as head of government in the
//! states where the constitution makes the president (or monarch) the head
//! of government ([`HEAD_OF_STATE_GOVERNS`]); elsewhere the head of
//! government must be a row of its own.

use crate::date::Day;
use crate::{Kb, Kind};

/// The kinds of office the coverage counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offices {
    /// Head of state (or the monarch's governor-general).
    pub head_of_state: bool,
    /// Head of government.
    pub head_of_government: bool,
    /// Foreign minister.
    pub foreign_minister: bool,
    /// Defence minister.
    pub defence_minister: bool,
}

impl Offices {
    /// Whether any kind was recognised.
    pub fn any(&self) -> bool {
        self.head_of_state
            || self.head_of_government
            || self.foreign_minister
            || self.defence_minister
    }

    fn union(self, o: Offices) -> Offices {
        Offices {
            head_of_state: self.head_of_state || o.head_of_state,
            head_of_government: self.head_of_government || o.head_of_government,
            foreign_minister: self.foreign_minister || o.foreign_minister,
            defence_minister: self.defence_minister || o.defence_minister,
        }
    }
}

/// States (ISO alpha-3) whose head of state is also the head of government
/// for most or all of 2000-2026: presidential republics, and monarchies
/// where the monarch chairs the cabinet.
pub const HEAD_OF_STATE_GOVERNS: &[&str] = &[
    // The Americas.
    "ARG", "BOL", "BRA", "CHL", "COL", "CRI", "DOM", "ECU", "GTM", "GUY", "HND", "MEX", "NIC",
    "PAN", "PER", "PRY", "SLV", "SUR", "URY", "USA", "VEN", // Africa.
    "AGO", "BEN", "BWA", "COM", "ERI", "GHA", "GMB", "KEN", "LBR", "MWI", "NAM", "NGA", "SLE",
    "SSD", "SYC", "TZA", "UGA", "ZAF", "ZMB", "ZWE", // Asia, Europe and the Pacific.
    "AFG", "BRN", "CYP", "FSM", "IDN", "KIR", "MDV", "MHL", "NRU", "OMN", "PHL", "PLW", "SAU",
    "TKM",
];

/// Leading words that qualify a title without changing the office.
const QUALIFIERS: &[&str] = &[
    "acting ",
    "interim ",
    "caretaker ",
    "transitional ",
    "provisional ",
    "de facto ",
    "the ",
];

/// Classifies an office title (`country` is the office's state: a few
/// titles mean different things in different states).
pub fn classify(title: &str, country: &str) -> Offices {
    let t = title.to_lowercase().replace(['"', '(', ')'], " ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Offices {
        foreign_minister: is_foreign_minister(&t, country),
        ..Offices::default()
    };
    for piece in t
        .split(" and ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(" / "))
    {
        out = out.union(classify_piece(piece.trim(), country));
    }
    out
}

fn strip_qualifiers(mut t: &str) -> &str {
    loop {
        match QUALIFIERS.iter().find(|q| t.starts_with(*q)) {
            Some(q) => t = &t[q.len()..],
            None => return t,
        }
    }
}

fn excluded(t: &str, country: &str) -> bool {
    const NOT: &[&str] = &[
        "vice",
        "deputy",
        "assistant",
        "lieutenant",
        "former",
        "under-secretary",
        "undersecretary",
        "under secretary",
        "state secretary",
        "permanent secretary",
        "ambassador",
        "spokes",
    ];
    NOT.iter().any(|w| t.contains(w))
        || (t.contains("minister of state") && country != "PLW")
        || t.contains("state minister")
        || t.contains("minister-delegate")
        || t.contains("delegate minister")
}

fn classify_piece(t: &str, country: &str) -> Offices {
    let t = strip_qualifiers(t);
    let mut o = Offices::default();
    if excluded(t, country) {
        return o;
    }
    if let Some(rest) = t.strip_prefix("president") {
        let rest = rest.trim_start();
        if rest.starts_with("of the government")
            || rest.starts_with("of the council of ministers")
            || rest.starts_with("of council of ministers")
        {
            o.head_of_government = true;
        } else if ![
            "assembly",
            "parliament",
            "senate",
            "congress",
            "court",
            "chamber",
            "legislat",
            "bank",
            "commission",
            "committee",
            "party",
            "union",
            "tribunal",
            "national council",
            "house",
            "federation of",
            "regional",
            "province",
            "provincial",
            "state of ",
        ]
        .iter()
        .any(|w| rest.contains(w))
            && (rest.is_empty() || rest.starts_with("of ") || rest.starts_with("of the republic"))
        {
            o.head_of_state = true;
        }
    }
    const HEADS_OF_STATE: &[&str] = &[
        "king",
        "queen",
        "emir",
        "amir",
        "sultan",
        "emperor",
        "grand duke",
        "prince",
        "co-prince",
        "monarch",
        "supreme leader",
        "head of state",
        "chief of state",
        "captain regent",
        "captains regent",
        "governor-general",
        "governor general",
        "pope",
        "chairman of the presidency",
        "chairperson of the presidency",
        "chair of the presidency",
        "chairman of the state affairs commission",
        "president of the state affairs commission",
        "chairman of the sovereign",
        "chairman of the transitional",
        "chairman of the state council",
        "chairman of the state administration council",
        "state administration council",
        "chairman of the presidential council",
        "member of the swiss federal council",
        "member of the federal council",
        "supreme people's assembly president",
    ];
    if HEADS_OF_STATE
        .iter()
        .any(|h| t == *h || t.starts_with(&format!("{h} ")))
    {
        o.head_of_state = true;
    }
    const HEADS_OF_GOVERNMENT: &[&str] = &[
        "prime minister",
        "premier",
        "chancellor",
        "federal chancellor",
        "head of government",
        "taoiseach",
        "chief executive",
        "state counsellor",
        "state counselor",
        "chief adviser",
        "chief advisor",
        "chairman of the council of ministers",
        "chairperson of the council of ministers",
        "chairman of council of ministers",
    ];
    if HEADS_OF_GOVERNMENT
        .iter()
        .any(|h| t == *h || t.starts_with(&format!("{h} ")) || t.starts_with(&format!("{h},")))
        && !t.contains("exchequer")
        && !t.contains("officer")
        && !t.contains("university")
    {
        o.head_of_government = true;
    }
    if is_defence_minister(t) {
        o.defence_minister = true;
    }
    o
}

fn is_foreign_minister(t: &str, country: &str) -> bool {
    let t = strip_qualifiers(t);
    if excluded(t, country) && !(country == "PLW" && t.starts_with("minister of state")) {
        return false;
    }
    if country == "PLW" && t.starts_with("minister of state") {
        return true;
    }
    if t == "secretary of state" || t.starts_with("secretary of state for foreign") {
        return true;
    }
    if t.contains("committee") || t.contains("foreign trade") && !t.contains("foreign affairs") {
        return false;
    }
    let foreign = t.contains("foreign affairs")
        || t.contains("foreign relations")
        || t.contains("foreign minister")
        || t.contains("foreign secretary")
        || t.contains("minister of foreign")
        || t.contains("minister for foreign")
        || t.contains("secretary for foreign")
        || t.contains("external affairs")
        || t.contains("external relations")
        || t.contains("international relations and cooperation")
        || t.contains("europe and foreign affairs");
    foreign && (t.contains("minister") || t.contains("secretary"))
}

fn is_defence_minister(t: &str) -> bool {
    let defence = t.contains("defence") || t.contains("defense") || t.contains("armed forces");
    let office = t.contains("minister") || t.contains("secretary");
    const NOT: &[&str] = &[
        "civil defen",
        "industr",
        "production",
        "procurement",
        "legal defen",
        "chief of",
        "staff",
        "commander",
        "intelligence",
        "council",
        "committee",
    ];
    defence && office && !NOT.iter().any(|w| t.contains(w))
}

/// Offices covered in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCoverage {
    /// The year.
    pub year: i32,
    /// UN member states counted.
    pub members: usize,
    /// Members with a head of state in office that year.
    pub head_of_state: usize,
    /// Members with a head of government in office that year.
    pub head_of_government: usize,
    /// Members with a foreign minister in office that year.
    pub foreign_minister: usize,
}

/// For each year `from..=to`: how many UN member states (country rows with
/// `un=yes`) have a head of state, a head of government and a foreign
/// minister in a person row (sector GOV, that country) whose term
/// overlaps the year.
pub fn coverage(kb: &Kb, from: i32, to: i32) -> Vec<YearCoverage> {
    let members: Vec<&str> = kb
        .entries()
        .filter(|(_, e)| e.kind() == Kind::Country && e.info("un") == Some("yes"))
        .map(|(_, e)| e.country.as_str())
        .collect();
    let index = |c: &str| members.iter().position(|m| *m == c);
    let years = (to - from + 1).max(0) as usize;
    // [year][member] -> (hos, hog, fm)
    let mut seen = vec![vec![[false; 3]; members.len()]; years];
    for (_, e) in kb.entries() {
        if e.kind() != Kind::Person || !e.sector.starts_with("GOV") {
            continue;
        }
        let Some(m) = index(&e.country) else { continue };
        let o = classify(e.info("title").unwrap_or(""), &e.country);
        if !o.any() {
            continue;
        }
        let hog = o.head_of_government
            || (o.head_of_state && HEAD_OF_STATE_GOVERNS.contains(&e.country.as_str()));
        for (y, row) in seen.iter_mut().enumerate() {
            let year = from + y as i32;
            let (first, last): (Day, Day) = ((year, 1, 1), (year, 12, 31));
            let starts_ok = e.start.is_none_or(|s| s.first_day() <= last);
            let ends_ok = e.end.is_none_or(|d| d.last_day() >= first);
            if starts_ok && ends_ok {
                let cell = &mut row[m];
                cell[0] |= o.head_of_state;
                cell[1] |= hog;
                cell[2] |= o.foreign_minister;
            }
        }
    }
    seen.iter()
        .enumerate()
        .map(|(y, row)| YearCoverage {
            year: from + y as i32,
            members: members.len(),
            head_of_state: row.iter().filter(|c| c[0]).count(),
            head_of_government: row.iter().filter(|c| c[1]).count(),
            foreign_minister: row.iter().filter(|c| c[2]).count(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_titles() {
        let hos = |t: &str| classify(t, "XXX").head_of_state;
        let hog = |t: &str| classify(t, "XXX").head_of_government;
        let fm = |t: &str, c: &str| classify(t, c).foreign_minister;
        assert!(hos("President") && hos("Interim President") && hos("President of the Republic"));
        assert!(hos("King") && hos("Governor-General") && hos("Captain Regent of San Marino"));
        assert!(!hos("President of the National Assembly") && !hos("Vice President"));
        assert!(
            hog("Prime Minister")
                && hog("Federal Chancellor")
                && hog("President of the Government")
        );
        assert!(!hog("Deputy Prime Minister") && !hog("Chancellor of the Exchequer"));
        let both = classify("Sultan and Prime Minister", "BRN");
        assert!(both.head_of_state && both.head_of_government);
        assert!(fm("Minister of Foreign Affairs", "FRA") && fm("Secretary of State", "USA"));
        assert!(fm("Minister of External Affairs", "IND") && fm("Foreign Secretary", "GBR"));
        assert!(fm("Minister of State", "PLW") && !fm("Minister of State", "GBR"));
        assert!(!fm("Deputy Minister of Foreign Affairs", "FRA"));
        assert!(!fm("Minister of Foreign Trade", "FRA"));
        assert!(classify("Minister of National Defense", "GRC").defence_minister);
        assert!(!classify("Minister of Civil Defense", "GRC").defence_minister);
    }
}
