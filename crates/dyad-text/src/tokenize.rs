//! Tokenization into UD English EWT (Penn-style) tokens.
//!
//! One linear pass over the bytes. Text is cut at whitespace and control
//! characters into chunks; each chunk is then scanned left to right into
//! word cores (letters and digits plus the joiners `. ' ’ - & / , : @` that
//! sit between two word characters) and punctuation runs. A word core is
//! then cut where EWT cuts it (hyphens, clitics, `and/or`, `5pm`) and its
//! final period is attached when it is an abbreviation. ASCII takes a byte
//! fast path; only non-ASCII characters pay for decoding and grapheme
//! clustering (so combining marks and emoji sequences are never torn apart).

use unicode_segmentation::UnicodeSegmentation;

use crate::lexicon::{AbbrevClass, Lexicon};

/// What a raw token is, as far as sentence splitting cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Words, numbers, clitics.
    Word,
    /// A word with its abbreviation period attached (`Gen.`, `U.S.`).
    Abbrev(AbbrevClass),
    /// A URL or e-mail address.
    Url,
    /// A lone `.`.
    Period,
    /// A run of `!`/`?`, possibly mixed with periods (`?!`, `!!!`).
    Terminal,
    /// A CJK full stop, `！` or `？`: ends a sentence whatever follows.
    CjkTerminal,
    /// `..`, `...`, `…` and longer runs.
    Ellipsis,
    /// `, ; :` and their full-width forms: never start a sentence.
    Comma,
    /// Opening bracket or quote (`( [ { “ ‘ « ``).
    Open,
    /// Closing bracket or quote (`) ] } ” ’ »`).
    Close,
    /// Straight quote (`"`, `'`, `''`), opening or closing by context.
    Quote,
    /// Hyphens and dashes (`-`, `--`, `–`, `—`).
    Dash,
    /// List bullets (`•`, `▪`, ...).
    Bullet,
    /// `:)`, `;-)`, `:D`: stays with the sentence it follows.
    Emoticon,
    /// Anything else: `$`, `%`, `#`, emoji, ...
    Symbol,
}

/// A token before it becomes a [`crate::Token`]: a byte span and a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Raw {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Line breaks between the previous token and this one (saturating; a
    /// paragraph separator counts two), recorded while skipping separators
    /// so the splitter never rescans the gaps.
    pub newlines: u8,
}

/// Separators between chunks: whitespace, control characters and invisible
/// format characters that never belong inside a token.
#[inline]
pub(crate) fn is_sep_char(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

#[inline]
fn is_ascii_sep(b: u8) -> bool {
    b <= b' ' || b == 0x7f
}

/// The character at byte `i`, which must be a char boundary.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .unwrap_or('\u{FFFD}')
}

const HAS_COLON: u8 = 1;
const HAS_AT: u8 = 2;

/// Apostrophes that can join a clitic to its host (`China’s`, `don't`).
#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ' | '′')
}

/// Splits `text` into raw tokens, appended to `out` in order.
pub(crate) fn scan(text: &str, lex: &Lexicon, out: &mut Vec<Raw>) {
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        lex,
        out,
        newlines: 0,
    };
    s.run();
}

struct Scanner<'t, 'o> {
    text: &'t str,
    b: &'t [u8],
    lex: &'t Lexicon,
    out: &'o mut Vec<Raw>,
    /// Line breaks seen since the last token.
    newlines: u8,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Joiner {
    Keep,
    Comma,
    Colon,
    Slash,
    Hyphen,
    Apostrophe,
}

impl Scanner<'_, '_> {
    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        debug_assert!(start < end);
        self.out.push(Raw {
            start,
            end,
            kind,
            newlines: self.newlines,
        });
        self.newlines = 0;
    }

    fn run(&mut self) {
        let n = self.b.len();
        let mut p = 0;
        while p < n {
            let c = self.b[p];
            if c < 0x80 {
                if is_ascii_sep(c) {
                    let line = c == b'\n' || (c == b'\r' && self.b.get(p + 1) != Some(&b'\n'));
                    self.newlines = self.newlines.saturating_add(u8::from(line));
                    p += 1;
                    continue;
                }
            } else {
                let ch = char_at(self.text, p);
                if is_sep_char(ch) {
                    let lines = match ch {
                        '\u{2028}' | '\u{85}' => 1,
                        '\u{2029}' => 2,
                        _ => 0,
                    };
                    self.newlines = self.newlines.saturating_add(lines);
                    p += ch.len_utf8();
                    continue;
                }
            }
            // A chunk: everything up to the next separator.
            let mut e = p;
            let mut flags = 0;
            while e < n {
                let c = self.b[e];
                if c < 0x80 {
                    if is_ascii_sep(c) {
                        break;
                    }
                    match c {
                        b':' => flags |= HAS_COLON,
                        b'@' => flags |= HAS_AT,
                        _ => {}
                    }
                    e += 1;
                } else {
                    let ch = char_at(self.text, e);
                    if is_sep_char(ch) {
                        break;
                    }
                    e += ch.len_utf8();
                }
            }
            self.chunk(p, e, flags);
            p = e;
        }
    }

    fn chunk(&mut self, p: usize, e: usize, flags: u8) {
        if let Some((us, ue)) = self.find_url(p, e, flags) {
            self.general(p, us);
            self.push(us, ue, Kind::Url);
            self.general(ue, e);
        } else {
            self.general(p, e);
        }
    }

    /// Finds a URL or e-mail address in the chunk `p..e`.
    fn find_url(&self, p: usize, e: usize, flags: u8) -> Option<(usize, usize)> {
        let b = self.b;
        // First alphanumeric byte: URLs often follow `(` or a quote.
        let mut a = p;
        while a < e && !b[a].is_ascii_alphanumeric() && b[a] < 0x80 {
            a += 1;
        }
        if a + 4 < e && b[a..a + 4].eq_ignore_ascii_case(b"www.") && b[a + 4] != b'.' {
            return self.url_end(a, a + 4, e).map(|end| (a, end));
        }
        if flags & HAS_COLON != 0 {
            if a + 7 < e && b[a..a + 7].eq_ignore_ascii_case(b"mailto:") {
                return self.url_end(a, a + 7, e).map(|end| (a, end));
            }
            if let Some(i) = b[p..e].windows(3).position(|w| w == b"://") {
                let colon = p + i;
                let mut st = colon;
                while st > p && (b[st - 1].is_ascii_alphanumeric() || b"+-.".contains(&b[st - 1])) {
                    st -= 1;
                }
                while st < colon && !b[st].is_ascii_alphabetic() {
                    st += 1;
                }
                if st < colon {
                    return self.url_end(st, colon + 3, e).map(|end| (st, end));
                }
            }
        }
        if flags & HAS_AT != 0 {
            return self.find_email(p, e);
        }
        None
    }

    /// End of a URL starting at `start` whose body begins at `body`: the
    /// chunk end less trailing punctuation; `None` if no body is left.
    fn url_end(&self, start: usize, body: usize, e: usize) -> Option<usize> {
        let has_open = self.b[start..e].contains(&b'(');
        let mut end = e;
        while end > body {
            let c = self.text[..end].chars().next_back()?;
            let strip = match c {
                '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | ']' | '}' | '>' | '”' | '’'
                | '»' | '…' => true,
                ')' => !has_open,
                _ => false,
            };
            if !strip {
                break;
            }
            end -= c.len_utf8();
        }
        (end > body && end > start).then_some(end)
    }

    fn find_email(&self, p: usize, e: usize) -> Option<(usize, usize)> {
        let b = self.b;
        let at = p + b[p..e].iter().position(|&c| c == b'@')?;
        let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
        let mut st = at;
        while st > p && local(b[st - 1]) {
            st -= 1;
        }
        while st < at && !b[st].is_ascii_alphanumeric() {
            st += 1;
        }
        let mut en = at + 1;
        while en < e && (b[en].is_ascii_alphanumeric() || b[en] == b'.' || b[en] == b'-') {
            en += 1;
        }
        while en > at + 1 && matches!(b[en - 1], b'.' | b'-') {
            en -= 1;
        }
        let domain = &b[at + 1..en];
        let dot = domain.iter().rposition(|&c| c == b'.')?;
        let ok = st < at
            && dot > 0
            && domain[dot + 1..].len() >= 2
            && domain[dot + 1..].iter().all(u8::is_ascii_alphabetic);
        ok.then_some((st, en))
    }

    /// Length of the word unit at `i` (a letter or digit with any combining
    /// marks), or `None` if the character there does not belong in a word.
    #[inline]
    fn word_unit(&self, i: usize, e: usize) -> Option<usize> {
        let c = self.b[i];
        if c < 0x80 {
            if c.is_ascii_alphanumeric() || c == b'_' {
                if i + 1 < e && self.b[i + 1] >= 0x80 {
                    return Some(self.cluster(i, e));
                }
                return Some(1);
            }
            return None;
        }
        let ch = char_at(self.text, i);
        if is_apostrophe(ch) {
            return None;
        }
        (ch.is_alphanumeric() || ch == '\u{AD}').then(|| self.cluster(i, e))
    }

    /// Length of the grapheme cluster at `i` (within the chunk ending at `e`).
    #[inline]
    fn cluster(&self, i: usize, e: usize) -> usize {
        self.text[i..e]
            .graphemes(true)
            .next()
            .map_or(1, str::len)
            .max(1)
    }

    /// Tokenizes `p..e`, a chunk or the part of one around a URL.
    fn general(&mut self, mut p: usize, e: usize) {
        while p < e {
            p = match self.word_unit(p, e) {
                Some(len) => self.word(p, len, e),
                None => self.punct(p, e),
            };
        }
    }

    /// Classifies the joiner at `q`, if there is one: `(kind, byte length)`.
    #[inline]
    fn joiner(&self, q: usize) -> Option<(Joiner, usize)> {
        let c = self.b[q];
        if c < 0x80 {
            return match c {
                b'.' | b'&' | b'@' => Some((Joiner::Keep, 1)),
                b',' => Some((Joiner::Comma, 1)),
                b':' => Some((Joiner::Colon, 1)),
                b'/' => Some((Joiner::Slash, 1)),
                b'-' => Some((Joiner::Hyphen, 1)),
                b'\'' | b'`' => Some((Joiner::Apostrophe, 1)),
                _ => None,
            };
        }
        let ch = char_at(self.text, q);
        match ch {
            '\u{2010}' | '\u{2011}' => Some((Joiner::Hyphen, ch.len_utf8())),
            _ if is_apostrophe(ch) => Some((Joiner::Apostrophe, ch.len_utf8())),
            _ => None,
        }
    }

    #[inline]
    fn digit_at(&self, i: usize) -> bool {
        self.b.get(i).is_some_and(u8::is_ascii_digit)
    }

    /// End of the run of ASCII bytes satisfying `f` from `i`.
    #[inline]
    fn run_end(&self, mut i: usize, e: usize, f: impl Fn(u8) -> bool) -> usize {
        while i < e && f(self.b[i]) {
            i += 1;
        }
        i
    }

    /// Whether position `i` ends a segment: the chunk ends or a non-word
    /// character follows.
    #[inline]
    fn segment_ends(&self, i: usize, e: usize) -> bool {
        i >= e || self.word_unit(i, e).is_none()
    }

    /// Scans the word core starting at `s` (its first unit is `first` bytes)
    /// and emits its tokens; returns where scanning continues.
    fn word(&mut self, s: usize, first: usize, e: usize) -> usize {
        let mut q = s + first;
        let mut piece = s; // start of the part not yet emitted
        let mut seg = s; // start of the current segment (since the last joiner)
        let mut digit_run = false; // the last hyphen joined digit groups
        loop {
            while q < e {
                match self.word_unit(q, e) {
                    Some(len) => q += len,
                    None => break,
                }
            }
            if q >= e {
                break;
            }
            let Some((j, jl)) = self.joiner(q) else { break };
            let after = q + jl;
            if after >= e || self.word_unit(after, e).is_none() {
                break;
            }
            let digit_before = self.digit_at(q - 1);
            match j {
                Joiner::Keep => {}
                Joiner::Comma => {
                    // Thousands separator: `3,000`, not `kittens,cows`.
                    let keep = digit_before
                        && after + 3 <= e
                        && self.b[after..after + 3].iter().all(u8::is_ascii_digit)
                        && !self.digit_at(after + 3);
                    if !keep {
                        self.split(&mut piece, q, after, Kind::Comma);
                    }
                }
                Joiner::Colon | Joiner::Slash => {
                    // `10:30`, `9/11`, `b/c` stay; `and/or`, `Note:the` split.
                    let letters = j == Joiner::Slash
                        && q == seg + 1
                        && (seg == s || self.b[seg - 1] != b'/')
                        && self.b[seg].is_ascii_alphabetic()
                        && self.b[after].is_ascii_alphabetic()
                        && self.segment_ends(after + 1, e)
                        && self.b.get(after + 1) != Some(&b'/');
                    let digits = digit_before && self.digit_at(after);
                    if !(letters || digits) {
                        let kind = if j == Joiner::Colon {
                            Kind::Comma
                        } else {
                            Kind::Symbol
                        };
                        self.split(&mut piece, q, after, kind);
                    }
                }
                Joiner::Hyphen => {
                    let keep = if digit_before && self.digit_at(after) {
                        let keep = self.keep_numeric_hyphen(seg, q, after, e, digit_run);
                        digit_run = keep;
                        keep
                    } else {
                        let r_end = self.run_end(after, e, |c| c.is_ascii_alphabetic());
                        self.lex.is_hyphen_prefix(&self.b[seg..q])
                            || (self.segment_ends(r_end, e)
                                && self.lex.is_hyphen_suffix(&self.b[after..r_end]))
                    };
                    if !keep {
                        self.split(&mut piece, q, after, Kind::Dash);
                    }
                }
                Joiner::Apostrophe => self.clitic(&mut piece, seg, q, after, e),
            }
            seg = after;
            q = after;
        }

        // A final period belongs to the word when the word is an abbreviation.
        // `Inc..` (abbreviation, then a sentence period) attaches one of two.
        let dots = self.run_end(q, e, |c| c == b'.') - q;
        if (dots == 1 || dots == 2)
            && let Some(class) = self.abbrev_class(piece, q)
        {
            self.push(piece, q + 1, Kind::Abbrev(class));
            return q + 1;
        }
        // `w/` (with) is one token.
        if q == s + 1
            && matches!(self.b[s], b'w' | b'W')
            && q < e
            && self.b[q] == b'/'
            && self.segment_ends(q + 1, e)
        {
            self.push(s, q + 1, Kind::Word);
            return q + 1;
        }
        self.emit_word(piece, q);
        q
    }

    /// Emits the piece before a splitting joiner, then the joiner itself.
    #[inline]
    fn split(&mut self, piece: &mut usize, q: usize, after: usize, kind: Kind) {
        self.emit_word(*piece, q);
        self.push(q, after, kind);
        *piece = after;
    }

    /// EWT keeps phone numbers and dates whole (`345-9945`, `713-853-3989`,
    /// `2021-08-16`) but splits ranges and scores (`5-10`, `1969-1970`, `1-0`).
    fn keep_numeric_hyphen(&self, seg: usize, q: usize, after: usize, e: usize, run: bool) -> bool {
        let left_all = self.b[seg..q].iter().all(u8::is_ascii_digit);
        let r_end = self.run_end(after, e, |c| c.is_ascii_digit());
        if !left_all || !self.segment_ends(r_end, e) && self.b[r_end] != b'-' {
            return false;
        }
        let more = r_end + 1 < e && self.b[r_end] == b'-' && self.digit_at(r_end + 1);
        let (ll, rl) = (q - seg, r_end - after);
        run || more || (rl == 4 && ll != 4) || ll >= 5
    }

    /// Splits clitics at the apostrophe at `q`: `China` `'s`, `do` `n't`.
    fn clitic(&mut self, piece: &mut usize, seg: usize, q: usize, after: usize, e: usize) {
        let r_end = self.run_end(after, e, |c| c.is_ascii_alphabetic());
        if r_end == after || !self.segment_ends(r_end, e) {
            return;
        }
        let right = &self.b[after..r_end];
        let mut lower = [0u8; 2];
        if right.len() > 2 {
            return;
        }
        lower[..right.len()].copy_from_slice(right);
        lower.make_ascii_lowercase();
        let right = &lower[..right.len()];
        if matches!(right, b"s" | b"m" | b"d" | b"ll" | b"re" | b"ve") {
            if *piece < q {
                self.emit_word(*piece, q);
                *piece = q;
            }
        } else if right == b"t"
            && q >= seg + 2
            && matches!(self.b[q - 1], b'n' | b'N')
            && *piece < q - 1
        {
            self.emit_word(*piece, q - 1);
            *piece = q - 1;
        }
    }

    /// Whether `s..e` (before a period) is an abbreviation, and which kind.
    fn abbrev_class(&self, s: usize, e: usize) -> Option<AbbrevClass> {
        let w = &self.text[s..e];
        if let Some(class) = self.lex.abbrev(w) {
            return Some(class);
        }
        let mut chars = w.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // An initial: `J. Smith`.
            return c.is_uppercase().then_some(AbbrevClass::General);
        }
        // Dotted acronym with one- or two-letter parts: `U.S`, `a.m`, `Ph.D`.
        let acronym = w.contains('.')
            && w.len() <= 12
            && w.split('.')
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphabetic()));
        acronym.then_some(AbbrevClass::General)
    }

    /// Emits a word piece, splitting units off numbers (`5pm`) and
    /// apostrophe-less contractions (`gonna`).
    fn emit_word(&mut self, s: usize, e: usize) {
        if s >= e {
            return;
        }
        let w = &self.b[s..e];
        if w[0].is_ascii_digit() {
            let mut i = 0;
            while i < w.len()
                && (w[i].is_ascii_digit()
                    || (b".,:/".contains(&w[i]) && w.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            let suf = &w[i..];
            if i < w.len() && suf.iter().all(u8::is_ascii_alphabetic) {
                let mut l = [0u8; 2];
                let ordinal = suf.len() <= 2 && {
                    l[..suf.len()].copy_from_slice(suf);
                    l.make_ascii_lowercase();
                    matches!(&l[..suf.len()], b"st" | b"nd" | b"rd" | b"th" | b"s")
                };
                if !ordinal
                    && (self.lex.is_unit(suf)
                        || (suf.len() >= 3 && suf.iter().all(u8::is_ascii_lowercase)))
                {
                    self.push(s, s + i, Kind::Word);
                    self.push(s + i, e, Kind::Word);
                    return;
                }
            }
        } else if (3..=8).contains(&w.len())
            && let Some(k) = self.lex.contraction_split(w)
            && 0 < k
            && k < w.len()
        {
            self.push(s, s + k, Kind::Word);
            self.push(s + k, e, Kind::Word);
            return;
        }
        self.push(s, e, Kind::Word);
    }

    /// Emits the punctuation or symbol token at `p`; returns its end.
    fn punct(&mut self, p: usize, e: usize) -> usize {
        let b = self.b;
        let c = b[p];
        if c < 0x80 {
            let (end, kind) = match c {
                b'.' | b'!' | b'?' => {
                    let glued = p > 0 && !is_ascii_sep(b[p - 1]);
                    if c == b'.'
                        && p + 1 < e
                        && (b[p + 1].is_ascii_digit() || (glued && b[p + 1].is_ascii_lowercase()))
                    {
                        // `.5`, `.doc`: a number or a file extension.
                        return self.word(p, 1, e);
                    }
                    self.terminal_run(p, e)
                }
                b'#' | b'@' if p + 1 < e && b[p + 1].is_ascii_alphabetic() => {
                    // `#hashtag`, `@handle`.
                    return self.word(p, 1, e);
                }
                b':' | b';' | b'=' if self.emoticon(p, e) > p => {
                    (self.emoticon(p, e), Kind::Emoticon)
                }
                b'-' | b'=' => {
                    // `--`, `----==` (EWT keeps such separator runs whole).
                    let end = self.run_end(p, e, |x| x == b'-' || x == b'=');
                    let kind = if b[p..end].contains(&b'=') {
                        Kind::Symbol
                    } else {
                        Kind::Dash
                    };
                    (end, kind)
                }
                b'\'' if self.glued_clitic(p, 1, e) > p => (self.glued_clitic(p, 1, e), Kind::Word),
                b'\'' => {
                    // `'72`: an elided year.
                    if p + 3 <= e
                        && b[p + 1].is_ascii_digit()
                        && b[p + 2].is_ascii_digit()
                        && (p + 3 == e || !b[p + 3].is_ascii_alphanumeric())
                    {
                        (p + 3, Kind::Word)
                    } else {
                        (self.run_end(p, e, |x| x == b'\''), Kind::Quote)
                    }
                }
                b'`' => (self.run_end(p, e, |x| x == b'`'), Kind::Open),
                b'"' => (p + 1, Kind::Quote),
                b'(' | b'[' | b'{' => (p + 1, Kind::Open),
                b')' | b']' | b'}' => (p + 1, Kind::Close),
                b',' | b';' | b':' => (p + 1, Kind::Comma),
                b'*' | b'~' | b'#' | b'+' | b'<' | b'>' | b'|' | b'^' | b'$' => {
                    (self.run_end(p, e, |x| x == c), Kind::Symbol)
                }
                _ => (p + 1, Kind::Symbol),
            };
            self.push(p, end, kind);
            return end;
        }
        let ch = char_at(self.text, p);
        let len = ch.len_utf8();
        let (end, kind) = match ch {
            '…' => self.terminal_run(p, e),
            '’' | 'ʼ' if self.glued_clitic(p, len, e) > p => {
                (self.glued_clitic(p, len, e), Kind::Word)
            }
            '’' | '‘' | 'ʼ' | '′'
                if p + len + 2 <= e
                    && b[p + len].is_ascii_digit()
                    && b[p + len + 1].is_ascii_digit()
                    && (p + len + 2 == e || !b[p + len + 2].is_ascii_alphanumeric()) =>
            {
                (p + len + 2, Kind::Word)
            }
            '“' | '‘' | '«' | '‹' | '„' | '‚' | '〝' | '（' | '「' | '『' | '【' | '〔' => {
                (p + len, Kind::Open)
            }
            '”' | '’' | '»' | '›' | '〞' | '〟' | '）' | '」' | '』' | '】' | '〕' | 'ʼ' | '′' => {
                (p + len, Kind::Close)
            }
            '–' | '—' | '―' | '‒' | '⸺' | '⸻' => {
                let mut end = p + len;
                while end < e && char_at(self.text, end) == ch {
                    end += len;
                }
                (end, Kind::Dash)
            }
            '。' | '！' | '？' | '｡' | '‼' | '⁇' | '⁈' | '⁉' => {
                let mut end = p + len;
                while end < e {
                    let n = char_at(self.text, end);
                    if !matches!(n, '。' | '！' | '？' | '｡' | '‼' | '⁇' | '⁈' | '⁉') {
                        break;
                    }
                    end += n.len_utf8();
                }
                (end, Kind::CjkTerminal)
            }
            '，' | '、' | '；' | '：' => (p + len, Kind::Comma),
            '•' | '·' | '▪' | '◦' | '‣' | '●' | '■' | '□' | '►' | '▶' | '➢' | '⁃' | '∙' | '◆'
            | '◇' | '○' | '✓' | '✔' => (p + len, Kind::Bullet),
            _ => (p + self.cluster(p, e), Kind::Symbol),
        };
        self.push(p, end, kind);
        end
    }

    /// End of a clitic at the apostrophe `p` (`len` bytes) glued to a
    /// preceding token, as in `U.S.'s`; `p` if there is none.
    fn glued_clitic(&self, p: usize, len: usize, e: usize) -> usize {
        let b = self.b;
        if p == 0 || is_ascii_sep(b[p - 1]) {
            return p;
        }
        let after = p + len;
        let r_end = self.run_end(after, e, |c| c.is_ascii_alphabetic());
        if r_end == after || r_end - after > 2 || !self.segment_ends(r_end, e) {
            return p;
        }
        let mut l = [0u8; 2];
        l[..r_end - after].copy_from_slice(&b[after..r_end]);
        l.make_ascii_lowercase();
        if matches!(
            &l[..r_end - after],
            b"s" | b"m" | b"d" | b"ll" | b"re" | b"ve"
        ) {
            r_end
        } else {
            p
        }
    }

    /// End of an emoticon starting at `p` (`:)`, `:-(`, `;)`, `:D`), or `p`.
    fn emoticon(&self, p: usize, e: usize) -> usize {
        let b = self.b;
        let mut q = p + 1;
        if q < e && matches!(b[q], b'-' | b'\'') {
            q += 1;
        }
        if q >= e || !matches!(b[q], b')' | b'(' | b'D' | b'P' | b'p' | b'[' | b']') {
            return p;
        }
        let mouth = b[q];
        while q < e && b[q] == mouth {
            q += 1;
        }
        if q < e && b[q].is_ascii_alphanumeric() {
            return p;
        }
        // `=` needs a mouth that cannot be an equation (`x=(a+b)`).
        if b[p] == b'=' && !matches!(mouth, b')' | b'D' | b'P') {
            return p;
        }
        q
    }

    /// A run of `. ! ? …`: one token (`...`, `?!`, `!!!`).
    fn terminal_run(&self, p: usize, e: usize) -> (usize, Kind) {
        let (mut q, mut dots, mut other) = (p, 0usize, false);
        while q < e {
            match self.b[q] {
                b'.' => dots += 1,
                b'!' | b'?' => other = true,
                0xE2 if self.b[q..e].starts_with("…".as_bytes()) => {
                    dots += 3;
                    q += 3;
                    continue;
                }
                _ => break,
            }
            q += 1;
        }
        let kind = if other {
            Kind::Terminal
        } else if dots == 1 {
            Kind::Period
        } else {
            Kind::Ellipsis
        };
        (q, kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LEXICON;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        scan(text, &LEXICON, &mut out);
        out.iter().map(|r| &text[r.start..r.end]).collect()
    }

    #[test]
    fn punctuation_is_split_off() {
        assert_eq!(toks("Kabul."), ["Kabul", "."]);
        assert_eq!(toks("(US)"), ["(", "US", ")"]);
        assert_eq!(toks("“Go,” she said"), ["“", "Go", ",", "”", "she", "said"]);
        assert_eq!(toks("wait... what?!"), ["wait", "...", "what", "?!"]);
        assert_eq!(toks("yes -- no"), ["yes", "--", "no"]);
        assert_eq!(toks("end…"), ["end", "…"]);
    }

    #[test]
    fn clitics() {
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(toks("can't won't"), ["ca", "n't", "wo", "n't"]);
        assert_eq!(toks("cannot"), ["can", "not"]);
        assert_eq!(
            toks("I'm they're we've I'll he'd"),
            [
                "I", "'m", "they", "'re", "we", "'ve", "I", "'ll", "he", "'d"
            ]
        );
        assert_eq!(
            toks("gonna wanna gotta"),
            ["gon", "na", "wan", "na", "got", "ta"]
        );
        assert_eq!(toks("China's Nato’s"), ["China", "'s", "Nato", "’s"]);
        assert_eq!(toks("countries'"), ["countries", "'"]);
        assert_eq!(toks("DON’T"), ["DO", "N’T"]);
        assert_eq!(
            toks("O'Neill rock'n'roll y'all"),
            ["O'Neill", "rock'n'roll", "y'all"]
        );
        assert_eq!(toks("n't"), ["n't"]);
    }

    #[test]
    fn hyphens() {
        assert_eq!(toks("war-torn"), ["war", "-", "torn"]);
        assert_eq!(toks("al-Ani"), ["al", "-", "Ani"]);
        assert_eq!(
            toks("e-mail non-binding mid-2024"),
            ["e-mail", "non-binding", "mid-2024"]
        );
        assert_eq!(toks("F-16"), ["F", "-", "16"]);
        assert_eq!(
            toks("5-10 1-0 1990-1991"),
            ["5", "-", "10", "1", "-", "0", "1990", "-", "1991"]
        );
        assert_eq!(toks("2021-08-16 555-0142"), ["2021-08-16", "555-0142"]);
        assert_eq!(toks("well‐known"), ["well", "‐", "known"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(toks("$3.5"), ["$", "3.5"]);
        assert_eq!(toks("50%"), ["50", "%"]);
        assert_eq!(toks("3,000 10:30 9/11"), ["3,000", "10:30", "9/11"]);
        assert_eq!(
            toks("5pm 35mm 3rd 1990s 4G"),
            ["5", "pm", "35", "mm", "3rd", "1990s", "4G"]
        );
        assert_eq!(toks("$4.2bn"), ["$", "4.2", "bn"]);
        assert_eq!(toks(".5 '72 ’98"), [".5", "'72", "’98"]);
        assert_eq!(toks("and/or"), ["and", "/", "or"]);
        assert_eq!(toks("one,two"), ["one", ",", "two"]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            toks("U.S. Mr. Gen. Jan. Sept. No. Inc. a.m. J. Ph.D."),
            [
                "U.S.", "Mr.", "Gen.", "Jan.", "Sept.", "No.", "Inc.", "a.m.", "J.", "Ph.D."
            ]
        );
        assert_eq!(
            toks("no. gen. Kabul."),
            ["no", ".", "gen", ".", "Kabul", "."]
        );
        assert_eq!(toks("U.S.-led"), ["U.S.", "-", "led"]);
        assert_eq!(toks("U.S.'s Inc.’s"), ["U.S.", "'s", "Inc.", "’s"]);
        assert_eq!(toks("Jr.,"), ["Jr.", ","]);
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            toks("(https://x.org/a.b)."),
            ["(", "https://x.org/a.b", ")", "."]
        );
        assert_eq!(toks("www.example.com/path,"), ["www.example.com/path", ","]);
        assert_eq!(toks("<desk@example.org>"), ["<", "desk@example.org", ">"]);
        assert_eq!(toks("mailto:desk@example.org"), ["mailto:desk@example.org"]);
        assert_eq!(toks("http://"), ["http", ":", "/", "/"]);
    }

    #[test]
    fn unicode() {
        assert_eq!(toks("cafe\u{301}s"), ["cafe\u{301}s"]);
        assert_eq!(toks("hi👍🏽!"), ["hi", "👍🏽", "!"]);
        assert_eq!(toks("北京。上海"), ["北京", "。", "上海"]);
        assert_eq!(toks("a\u{0}b\u{7}c\u{1b}d"), ["a", "b", "c", "d"]);
        assert_eq!(toks("\u{FFFD}x"), ["\u{FFFD}", "x"]);
    }
}
