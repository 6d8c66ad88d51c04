//! Sentence splitting over raw tokens.
//!
//! Deciding at token level means the tokenizer has already done the hard
//! part: decimals, URLs, `U.S.`-style abbreviations and ellipses are single
//! tokens, so only a lone `.`, a `!`/`?` run, an ellipsis, an abbreviation or
//! a line break can end a sentence. Each decision looks at the next word
//! (past any opening quote or bracket) and at the newlines in between.
//!
//! Conventions follow UD English EWT, measured on its training data: `.`,
//! `!` and `?` end a sentence even before a lower-case word (web text often
//! starts sentences in lower case), an ellipsis ends one only before a
//! capital, and an abbreviation that ends a sentence gives up its period as
//! a separate token (`...in the U.S` `.`).

use crate::lexicon::{AbbrevClass, Lexicon};
use crate::tokenize::{Kind, Raw, is_sep_char};

/// Whether the token's first character is an upper-case letter.
#[inline]
fn upper_start(text: &str, t: &Raw) -> bool {
    let c = text.as_bytes()[t.start];
    if c < 0x80 {
        c.is_ascii_uppercase()
    } else {
        text[t.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// Whether the token's first character is a lower-case letter.
#[inline]
fn lower_start(text: &str, t: &Raw) -> bool {
    let c = text.as_bytes()[t.start];
    if c < 0x80 {
        c.is_ascii_lowercase()
    } else {
        text[t.start..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    }
}

struct Splitter<'a> {
    text: &'a str,
    raws: &'a [Raw],
    lex: &'a Lexicon,
}

impl Splitter<'_> {
    /// Line breaks between token `i` and the next one.
    #[inline]
    fn gap(&self, i: usize) -> u8 {
        self.raws[i + 1].newlines
    }

    #[inline]
    fn first_on_line(&self, i: usize) -> bool {
        i == 0 || self.gap(i - 1) > 0
    }

    #[inline]
    fn space_after(&self, i: usize) -> bool {
        let end = self.raws[i].end;
        self.text
            .get(end..)
            .and_then(|s| s.chars().next())
            .is_some_and(is_sep_char)
    }

    #[inline]
    fn str(&self, i: usize) -> &str {
        let r = &self.raws[i];
        &self.text[r.start..r.end]
    }

    /// A list marker opening its line: `•`, or `-`, `*`, `–` followed by a space.
    fn is_bullet(&self, i: usize) -> bool {
        let r = &self.raws[i];
        let marker = match r.kind {
            Kind::Bullet => true,
            Kind::Dash | Kind::Symbol => {
                matches!(self.str(i), "-" | "*" | "–" | "—" | "+" | ">") && self.space_after(i)
            }
            _ => false,
        };
        marker && self.first_on_line(i)
    }

    /// Tokens that cannot start a sentence: a terminal right before them is
    /// not a boundary (`Yahoo!,`, `(sic?)`).
    fn non_starter(&self, i: usize) -> bool {
        match self.raws[i].kind {
            Kind::Comma | Kind::Close => true,
            Kind::Symbol => self.str(i) == "%",
            Kind::Period | Kind::Terminal | Kind::Ellipsis => true,
            _ => false,
        }
    }

    /// Whether an opening bracket or quote (straight quotes are openers when
    /// glued to the following token).
    fn is_opener(&self, i: usize) -> bool {
        match self.raws[i].kind {
            Kind::Open => true,
            Kind::Quote => i + 1 < self.raws.len() && self.raws[i + 1].start == self.raws[i].end,
            _ => false,
        }
    }

    /// Whether a terminal ends the sentence. `t` is the terminal, `k` the
    /// last closing quote or bracket glued to it, and `k + 1` exists.
    fn decide(&self, t: usize, k: usize, quoted: bool) -> bool {
        let n = self.raws.len();
        let nx = k + 1;
        let gap = self.gap(k);
        if gap >= 2 {
            return true;
        }
        let mut m = nx;
        while m < n && self.is_opener(m) {
            m += 1;
        }
        let opened = m > nx;
        if m == n {
            return true;
        }
        let next = &self.raws[m];
        let next_word = matches!(next.kind, Kind::Word | Kind::Abbrev(_) | Kind::Url);
        let starter = next_word && self.lex.is_starter(self.str(m));
        let upper = upper_start(self.text, next);
        match self.raws[t].kind {
            Kind::Abbrev(class) => match class {
                AbbrevClass::Title => false,
                AbbrevClass::End => upper,
                AbbrevClass::Number | AbbrevClass::General => {
                    starter || (opened && upper && self.raws[nx].kind != Kind::Open)
                }
            },
            Kind::CjkTerminal => !self.non_starter(m),
            Kind::Ellipsis => !opened && !self.non_starter(m) && upper,
            _ => {
                if !opened && self.non_starter(m) {
                    return false;
                }
                if lower_start(self.text, next) {
                    // `“Why?” he asked.` continues; `It rained. then...` does not.
                    return !quoted;
                }
                // `1.` opening a line is a list number, not a sentence.
                let list_number = self.raws[t].kind == Kind::Period
                    && t > 0
                    && self.first_on_line(t - 1)
                    && self.raws[t - 1].end == self.raws[t].start
                    && self.str(t - 1).len() <= 2
                    && self.str(t - 1).bytes().all(|c| c.is_ascii_digit());
                !list_number
            }
        }
    }

    /// Whether the single line break after token `i` ends a sentence:
    /// headlines, captions and bullet items stand alone, hard-wrapped prose
    /// does not.
    fn line_break(&self, i: usize, bullet_line: bool) -> bool {
        if bullet_line || self.is_bullet(i + 1) {
            return true;
        }
        let t = &self.raws[i];
        let next = &self.raws[i + 1];
        let continues = match t.kind {
            Kind::Comma | Kind::Dash | Kind::Open | Kind::Abbrev(_) => true,
            Kind::Word => self.lex.is_continuation(self.str(i).as_bytes()),
            _ => false,
        };
        if continues {
            return false;
        }
        match next.kind {
            Kind::Word | Kind::Url => {
                upper_start(self.text, next) || self.text.as_bytes()[next.start].is_ascii_digit()
            }
            Kind::Abbrev(_)
            | Kind::Open
            | Kind::Quote
            | Kind::Bullet
            | Kind::Symbol
            | Kind::Emoticon => true,
            _ => false,
        }
    }
}

/// Splits `raws` into sentences. Tokens go to `out` (abbreviations ending a
/// sentence are cut in two); `ends` receives the index in `out` one past
/// each sentence's last token.
pub(crate) fn split(
    text: &str,
    raws: &[Raw],
    lex: &Lexicon,
    out: &mut Vec<Raw>,
    ends: &mut Vec<usize>,
) {
    let s = Splitter { text, raws, lex };
    let n = raws.len();
    let mut bullet_line = false;
    // Parity of straight `"` and `'` quotes in the current sentence: an odd
    // count means a quote is open, so a free-standing one after a terminal
    // closes it (`...the phrase. ' And`).
    let mut quotes = [false; 2];
    let mut i = 0;
    while i < n {
        let t = raws[i];
        if s.first_on_line(i) {
            bullet_line = s.is_bullet(i);
        }
        if t.kind == Kind::Quote {
            let q = &mut quotes[usize::from(s.str(i).starts_with('\''))];
            *q = !*q;
        }
        let terminal = matches!(
            t.kind,
            Kind::Period | Kind::Terminal | Kind::CjkTerminal | Kind::Ellipsis | Kind::Abbrev(_)
        );
        if terminal {
            // Closing quotes and brackets glued to the terminal stay with it.
            let mut k = i;
            let mut quoted = false;
            while k + 1 < n {
                let glued = raws[k + 1].start == raws[k].end;
                let closer = match raws[k + 1].kind {
                    Kind::Close => glued,
                    Kind::Emoticon => s.gap(k) == 0,
                    Kind::Quote => {
                        let open = quotes[usize::from(s.str(k + 1).starts_with('\''))];
                        glued || (open && s.gap(k) == 0 && !s.is_opener(k + 1))
                    }
                    _ => false,
                };
                if !closer {
                    // A footnote mark glued to the terminal: `rise.[3]`.
                    if k + 3 < n
                        && s.str(k + 1) == "["
                        && raws[k + 1].start == raws[k].end
                        && s.str(k + 3) == "]"
                        && s.str(k + 2).len() <= 3
                        && s.str(k + 2).bytes().all(|c| c.is_ascii_digit())
                    {
                        k += 3;
                        continue;
                    }
                    break;
                }
                k += 1;
                quoted |= matches!(raws[k].kind, Kind::Close | Kind::Quote)
                    && !matches!(s.str(k), ")" | "]" | "}");
            }
            if k + 1 == n || s.decide(i, k, quoted) {
                quotes = [false; 2];
                push_final(&t, out);
                out.extend_from_slice(&raws[i + 1..=k]);
                ends.push(out.len());
                i = k + 1;
                continue;
            }
            out.push(t);
            if s.gap(i) >= 2 {
                ends.push(out.len());
                quotes = [false; 2];
            }
            i += 1;
            continue;
        }
        out.push(t);
        if i + 1 < n {
            let gap = s.gap(i);
            if gap >= 2 || (gap == 1 && s.line_break(i, bullet_line)) {
                ends.push(out.len());
                quotes = [false; 2];
            }
        }
        i += 1;
    }
    if !out.is_empty() && ends.last() != Some(&out.len()) {
        ends.push(out.len());
    }
}

/// Pushes a sentence-final token; an abbreviation gives up its period.
#[inline]
fn push_final(t: &Raw, out: &mut Vec<Raw>) {
    if let Kind::Abbrev(_) = t.kind {
        out.push(Raw {
            end: t.end - 1,
            kind: Kind::Word,
            ..*t
        });
        out.push(Raw {
            start: t.end - 1,
            end: t.end,
            kind: Kind::Period,
            newlines: 0,
        });
    } else {
        out.push(*t);
    }
}

/// For text known to be one sentence: only the end of the text is a
/// sentence end, so a final abbreviation (possibly before closing quotes)
/// gives up its period.
pub(crate) fn finish_single(raws: &[Raw], out: &mut Vec<Raw>) {
    let last = raws
        .iter()
        .rposition(|r| !matches!(r.kind, Kind::Close | Kind::Quote));
    match last {
        Some(j) if matches!(raws[j].kind, Kind::Abbrev(_)) => {
            out.extend_from_slice(&raws[..j]);
            push_final(&raws[j], out);
            out.extend_from_slice(&raws[j + 1..]);
        }
        _ => out.extend_from_slice(raws),
    }
}
