//! Sentence segmentation for news articles.
//!
//! The splitter is rule based and works in one pass over the article's characters. A sentence
//! boundary can only fall inside a run of whitespace, so every span is trimmed and every
//! non-whitespace character of the article belongs to exactly one span. Whether a whitespace run
//! is a boundary is decided from three small pieces of context:
//!
//! * the word just before it (does it end in terminal punctuation, and is that punctuation part
//!   of an abbreviation, an initial, or a real sentence end?),
//! * the whitespace itself (a blank line always ends a sentence; a single line break ends a
//!   headline, bullet, caption or dateline that has no final punctuation),
//! * the start of the word after it (lowercase continues a sentence; a capitalised common
//!   sentence starter such as `The` ends one even after `U.S.`; a speech tag such as
//!   `Clinton said.` continues a quoted question or exclamation).

use serde::{Deserialize, Serialize};

/// A sentence's place in its article: `start..end` in characters (Unicode scalar values, so that
/// Python's `text[start:end]` is the sentence) and the same range in bytes for slicing in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceSpan {
    /// First character of the sentence (inclusive), counted in Unicode scalar values.
    pub start: usize,
    /// One past the last character of the sentence, counted in Unicode scalar values.
    pub end: usize,
    /// First byte of the sentence (inclusive).
    pub byte_start: usize,
    /// One past the last byte of the sentence.
    pub byte_end: usize,
}

impl SentenceSpan {
    /// The sentence's text, sliced from the article it was found in.
    pub fn text<'a>(&self, article: &'a str) -> &'a str {
        &article[self.byte_start..self.byte_end]
    }
}

/// Splits an article into sentences.
pub trait Segmenter {
    /// The article's sentences, in order, trimmed, covering every non-whitespace character once.
    fn segment(&self, article: &str) -> Vec<SentenceSpan>;
}

/// The rule-based splitter for news text.
///
/// It handles terminal punctuation (`.`, `!`, `?`, `…`, `...`) followed by closing quotes and
/// brackets, abbreviations (`U.S.`, `Mr.`, `Jan.`, `e.g.`, ...) and initials, numbers, URLs and
/// e-mail addresses, and line structure (blank lines, headlines, bullets, captions, datelines).
///
/// ```
/// use framing::text::segment::{RuleSegmenter, Segmenter};
///
/// let article = "Talks resume\n\nMr. Ortiz arrived in the U.S. on Jan. 4. \
///                \"Will it work?\" he asked. Nobody knew.";
/// let seg = RuleSegmenter::new();
/// let sentences: Vec<&str> = seg.segment(article).iter().map(|s| s.text(article)).collect();
/// assert_eq!(
///     sentences,
///     [
///         "Talks resume",
///         "Mr. Ortiz arrived in the U.S. on Jan. 4.",
///         "\"Will it work?\" he asked.",
///         "Nobody knew.",
///     ]
/// );
///
/// // Extra abbreviations (lowercase, without the dot) never end a sentence before an ordinary
/// // capitalised word.
/// let seg = RuleSegmenter::new().with_abbreviations(["assoc"]);
/// assert_eq!(seg.segment("She joined the Harbor Assoc. Members cheered.").len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleSegmenter {
    /// Abbreviations beyond the built-in ones, lowercase and without the final dot (`"assoc"`).
    /// They behave like `Inc.` or `Jan.`: no sentence end before a digit or an ordinary
    /// capitalised word, but a sentence end before a common sentence starter (`The`, `He`, ...).
    pub extra_abbreviations: Vec<String>,
}

impl RuleSegmenter {
    /// A splitter with the built-in abbreviation lists only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds abbreviations; each is lowercased and stripped of a trailing dot.
    pub fn with_abbreviations(
        mut self,
        extra: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        for a in extra {
            let a: String = a.into();
            let a = a.trim().trim_end_matches('.').to_lowercase();
            if !a.is_empty() && !self.extra_abbreviations.contains(&a) {
                self.extra_abbreviations.push(a);
            }
        }
        self
    }

    fn is_extra(&self, lower: &str) -> bool {
        self.extra_abbreviations.iter().any(|e| {
            let e = e.trim_end_matches('.');
            e.len() == lower.len() && e.chars().flat_map(char::to_lowercase).eq(lower.chars())
        })
    }

    /// Classifies the word before a single final period.
    fn classify(&self, tok: &str) -> TokClass {
        // `(U.S.).` or `"over".`: the period follows a closed quotation or parenthesis.
        if tok.chars().next_back().is_none_or(is_closer) {
            return TokClass::Plain;
        }
        let tok = tok.trim_start_matches(is_opener);
        let mut chars = tok.chars();
        let Some(first) = chars.next() else {
            return TokClass::Plain;
        };
        if chars.next().is_none() {
            // A single letter: an initial (`J. Smith`, `Vladimir V. Putin`, `Plan B.`).
            return if first.is_alphabetic() {
                TokClass::Abbrev
            } else {
                TokClass::Plain
            };
        }
        let mut buf = [0u8; LOWER_BUF];
        let lower = lowercase_into(tok, &mut buf);
        if tok.contains('.') {
            // Dotted abbreviations: U.S, e.g, i.e, a.m, Ph.D, U.S.A (the final dot is stripped).
            let dotted = tok.split('.').all(|p| {
                !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic)
            });
            return if dotted || lower.is_some_and(|l| self.is_extra(l)) {
                TokClass::Abbrev
            } else {
                TokClass::Plain
            };
        }
        let Some(lower) = lower else {
            return TokClass::Plain;
        };
        if TITLES.binary_search(&lower).is_ok() {
            TokClass::Title
        } else if NUMBER_ABBREVS.binary_search(&lower).is_ok() {
            TokClass::NumberAbbrev
        } else if ABBREVS.binary_search(&lower).is_ok() || self.is_extra(lower) {
            TokClass::Abbrev
        } else {
            TokClass::Plain
        }
    }

    /// Whether the whitespace between the chunk `prev` (a maximal run of non-whitespace) and the
    /// chunk starting at `next_start` is a sentence boundary. `newlines` counts the line breaks
    /// in that whitespace.
    fn is_boundary(&self, prev: &str, newlines: usize, rest: &str) -> bool {
        if newlines >= 2 {
            return true;
        }
        let next = NextInfo::read(rest);
        if newlines == 1 && next.bullet {
            return true;
        }
        let tail = Tail::read(prev);
        match tail.kind {
            TailKind::None => {
                // A line without final punctuation: a headline, bullet, caption or dateline ends
                // at the line break unless the next line is clearly its continuation.
                newlines == 1 && !tail.soft_end && next.line_starter
            }
            TailKind::QuestionExclamation => {
                let continues = matches!(
                    next.class,
                    NextClass::Lower | NextClass::Terminal | NextClass::Dash
                ) || (tail.quoted && starts_with_speech_tag(rest));
                !continues
            }
            TailKind::Ellipsis => next.class == NextClass::Upper,
            TailKind::Period => {
                let class = self.classify(tail.tok);
                match next.class {
                    NextClass::Lower | NextClass::Terminal | NextClass::Dash => false,
                    NextClass::Upper => match class {
                        TokClass::Title => false,
                        TokClass::Abbrev => next.starter,
                        TokClass::NumberAbbrev | TokClass::Plain => true,
                    },
                    NextClass::Digit | NextClass::Other => class == TokClass::Plain,
                }
            }
        }
    }
}

impl Segmenter for RuleSegmenter {
    fn segment(&self, article: &str) -> Vec<SentenceSpan> {
        let bytes = article.as_bytes();
        let mut spans = Vec::new();
        // Start (byte, char) of the sentence being built, if it has a character yet.
        let mut sentence: Option<(usize, usize)> = None;
        // The last chunk seen: its byte start and its end (byte, char).
        let mut chunk_start = 0usize;
        let mut chunk_end = (0usize, 0usize);
        let mut have_chunk = false;
        let mut in_ws = true;
        let mut newlines = 0usize;
        let mut chars = 0usize;

        for (b, c) in article.char_indices() {
            if c.is_whitespace() {
                if !in_ws {
                    in_ws = true;
                    chunk_end = (b, chars);
                    newlines = 0;
                }
                newlines += match c {
                    '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' => 1,
                    '\r' if bytes.get(b + 1) != Some(&b'\n') => 1,
                    '\u{2029}' => 2,
                    _ => 0,
                };
            } else if in_ws {
                in_ws = false;
                match sentence {
                    Some((sb, sc))
                        if have_chunk
                            && self.is_boundary(
                                &article[chunk_start..chunk_end.0],
                                newlines,
                                &article[b..],
                            ) =>
                    {
                        spans.push(SentenceSpan {
                            start: sc,
                            end: chunk_end.1,
                            byte_start: sb,
                            byte_end: chunk_end.0,
                        });
                        sentence = Some((b, chars));
                    }
                    Some(_) => {}
                    None => sentence = Some((b, chars)),
                }
                have_chunk = true;
                chunk_start = b;
            }
            chars += 1;
        }
        if !in_ws {
            chunk_end = (article.len(), chars);
        }
        if let Some((sb, sc)) = sentence {
            spans.push(SentenceSpan {
                start: sc,
                end: chunk_end.1,
                byte_start: sb,
                byte_end: chunk_end.0,
            });
        }
        spans
    }
}

/// How the word before a single final period is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokClass {
    /// A title that always precedes a name (`Mr.`, `Dr.`, `Gen.`, `vs.`): never a sentence end
    /// before a capitalised word or a digit.
    Title,
    /// `No.`, `Art.`, `Fig.`: an abbreviation only before a number.
    NumberAbbrev,
    /// An abbreviation or initial that can also end a sentence (`U.S.`, `Inc.`, `Jan.`, `J.`): a
    /// sentence end only before a common sentence starter.
    Abbrev,
    /// An ordinary word: the period ends the sentence before a capitalised word or a digit.
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TailKind {
    None,
    Period,
    QuestionExclamation,
    Ellipsis,
}

/// What the end of a chunk says about a possible sentence end.
struct Tail<'a> {
    kind: TailKind,
    /// The text before the final run of terminal punctuation (only meaningful for `Period`).
    tok: &'a str,
    /// No terminal punctuation, and the chunk ends in `,` or `;` (before any closing quotes):
    /// the line goes on in the next one.
    soft_end: bool,
    /// A quotation mark closes after the terminal punctuation (`?"`).
    quoted: bool,
}

impl<'a> Tail<'a> {
    fn read(chunk: &'a str) -> Self {
        let no_closers = chunk.trim_end_matches(is_closer);
        let quoted = chunk[no_closers.len()..].chars().any(is_quote);
        let tok = no_closers.trim_end_matches(is_terminal);
        let run = &no_closers[tok.len()..];
        if run.is_empty() {
            return Tail {
                kind: TailKind::None,
                tok,
                soft_end: no_closers.ends_with([',', ';']),
                quoted,
            };
        }
        let mut dots = 0usize;
        let mut max_dots = 0usize;
        let mut ellipsis = false;
        let mut question = false;
        for c in run.chars() {
            if c == '.' || c == '．' {
                dots += 1;
                max_dots = max_dots.max(dots);
            } else {
                dots = 0;
                match c {
                    '…' => ellipsis = true,
                    '。' | '।' | '۔' => {}
                    _ => question = true,
                }
            }
        }
        let kind = if question {
            TailKind::QuestionExclamation
        } else if ellipsis || max_dots >= 2 {
            TailKind::Ellipsis
        } else {
            TailKind::Period
        };
        Tail {
            kind,
            tok,
            soft_end: false,
            quoted,
        }
    }
}

/// Whether `rest` starts with a speech tag that belongs to the quoted question or exclamation
/// before it: one to four capitalised words (a name, with its titles) and a reporting verb that
/// ends there (`Clinton said.`, `Trump asked,`) or goes on with a time, place or object (`said on
/// Monday`, `asked reporters`), not with a new clause (`Police said the ...`).
fn starts_with_speech_tag(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    for position in 0..=4 {
        let Some(word) = words.next() else {
            return false;
        };
        let bare = word.trim_end_matches([',', '.', ';', ':']);
        if position > 0 && SPEECH_VERBS.binary_search(&bare).is_ok() {
            return bare.len() < word.len()
                || OBJECT_SPEECH_VERBS.contains(&bare)
                || words.next().is_none_or(|after| {
                    after.starts_with(char::is_uppercase)
                        || AFTER_SPEECH_VERBS
                            .binary_search(&after.trim_end_matches([',', '.']))
                            .is_ok()
                });
        }
        if !word.starts_with(char::is_uppercase) {
            return false;
        }
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NextClass {
    /// Lowercase letter (after any opening quotes or brackets).
    Lower,
    /// Uppercase letter, or a letter of a script without case.
    Upper,
    Digit,
    /// Terminal punctuation, as in a spaced ellipsis `. . .`.
    Terminal,
    /// An inline dash (`"Stop!" — he said`).
    Dash,
    Other,
}

/// What the start of the next chunk says about a possible sentence end.
struct NextInfo {
    class: NextClass,
    /// The chunk starts with a bullet character.
    bullet: bool,
    /// The chunk could start a new line-level unit: an uppercase letter, a digit or a quote.
    line_starter: bool,
    /// The first word is a capitalised common sentence starter (`The`, `He`, `In`, ...), not
    /// itself followed by a period.
    starter: bool,
}

impl NextInfo {
    fn read(next: &str) -> Self {
        let first = next.chars().next().unwrap_or(' ');
        let bullet = is_bullet(first);
        let line_starter = is_quote(first) || (!first.is_lowercase() && first.is_alphanumeric());
        let rest = next.trim_start_matches(is_opener);
        let c = rest.chars().next().unwrap_or(' ');
        let class = if c.is_lowercase() {
            NextClass::Lower
        } else if c.is_uppercase() {
            NextClass::Upper
        } else if c.is_numeric() {
            NextClass::Digit
        } else if c.is_alphabetic() {
            NextClass::Upper
        } else if is_terminal(c) {
            NextClass::Terminal
        } else if matches!(c, '—' | '–' | '-' | '―') {
            NextClass::Dash
        } else {
            NextClass::Other
        };
        let starter = class == NextClass::Upper && {
            let word_len = rest
                .char_indices()
                .find(|&(_, ch)| !ch.is_alphabetic())
                .map_or(rest.len(), |(i, _)| i);
            let word = &rest[..word_len];
            let followed_by_dot = rest[word_len..].starts_with('.');
            let mut buf = [0u8; LOWER_BUF];
            !followed_by_dot
                && word.len() <= 24
                && lowercase_into(word, &mut buf)
                    .is_some_and(|w| STARTERS.binary_search(&w).is_ok())
        };
        NextInfo {
            class,
            bullet,
            line_starter,
            starter,
        }
    }
}

const LOWER_BUF: usize = 48;

/// Lowercases a short word into `buf`; `None` when it does not fit (long words are never
/// abbreviations or sentence starters).
fn lowercase_into<'b>(word: &str, buf: &'b mut [u8; LOWER_BUF]) -> Option<&'b str> {
    if word.len() > LOWER_BUF / 2 {
        return None;
    }
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[len..len + n]);
        len += n;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '。'
            | '．'
            | '！'
            | '？'
            | '؟'
            | '।'
            | '۔'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '‚'
            | '‹'
            | '›'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Characters that may follow terminal punctuation and still belong to the sentence.
fn is_closer(c: char) -> bool {
    is_quote(c) || matches!(c, ')' | ']' | '}' | '）' | '】')
}

/// Characters skipped at the start of a word to find its first letter.
fn is_opener(c: char) -> bool {
    is_quote(c) || matches!(c, '(' | '[' | '{' | '¿' | '¡' | '（' | '【')
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '◦'
            | '‣'
            | '▪'
            | '▫'
            | '●'
            | '○'
            | '■'
            | '□'
            | '►'
            | '▶'
            | '·'
            | '-'
            | '*'
            | '–'
            | '—'
    )
}

/// Titles that always precede a name, lowercase, sorted (byte order) for binary search.
static TITLES: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "det", "dr", "gen", "gov", "hon", "insp", "lt",
    "maj", "messrs", "mme", "mr", "mrs", "ms", "msgr", "mx", "pres", "prof", "pvt", "rep", "rev",
    "sen", "sgt", "supt", "vs", "акад", "им", "проф", "ул",
];

/// Abbreviations that precede a number (`No. 5`), lowercase, sorted.
static NUMBER_ABBREVS: &[&str] = &[
    "art", "ch", "chap", "ext", "fig", "figs", "no", "nos", "op", "para", "pp", "pt", "sec", "tel",
    "vol", "vols",
];

/// Abbreviations that may also end a sentence, lowercase, sorted. `etc` is deliberately absent
/// (`etc.` before a capitalised word ends the sentence), and so are months and places that are
/// also ordinary words (`May`, `Ill.`, `Mass.`).
static ABBREVS: &[&str] = &[
    "al", "ala", "approx", "apr", "ariz", "assn", "aug", "ave", "blvd", "bros", "ca", "calif",
    "cf", "co", "colo", "conn", "corp", "dec", "dept", "est", "feb", "fla", "ft", "ga", "govt",
    "hwy", "inc", "intl", "jan", "jr", "jul", "jun", "kan", "ky", "la", "llc", "ltd", "mar", "md",
    "mich", "minn", "mo", "mont", "mt", "natl", "neb", "nev", "nov", "oct", "okla", "pa", "penn",
    "plc", "rd", "sep", "sept", "sr", "st", "tenn", "tex", "thu", "thurs", "tue", "tues", "univ",
    "va", "viz", "vt", "wed", "wis", "wyo",
];

/// Reporting verbs of a speech tag after a quotation (`"Why?" Clinton asked.`), sorted.
static SPEECH_VERBS: &[&str] = &[
    "added",
    "adds",
    "answered",
    "asked",
    "asks",
    "continued",
    "cried",
    "declared",
    "demanded",
    "exclaimed",
    "explained",
    "insisted",
    "joked",
    "noted",
    "quipped",
    "recalled",
    "remarked",
    "replied",
    "responded",
    "said",
    "says",
    "shouted",
    "tells",
    "told",
    "tweeted",
    "wondered",
    "writes",
    "wrote",
    "yelled",
];

/// Speech verbs that take their listener next (`asked reporters`, `told CNN`).
static OBJECT_SPEECH_VERBS: &[&str] = &["asked", "asks", "tells", "told"];

/// Words that continue a speech tag after its verb (`said on Monday`, `said of the plan`),
/// sorted.
static AFTER_SPEECH_VERBS: &[&str] = &[
    "about",
    "after",
    "again",
    "as",
    "at",
    "before",
    "during",
    "earlier",
    "in",
    "last",
    "later",
    "of",
    "on",
    "recently",
    "rhetorically",
    "then",
    "this",
    "to",
    "today",
    "when",
    "while",
    "with",
    "yesterday",
];

/// Capitalised words that commonly start a sentence, lowercase, sorted. After an abbreviation
/// such as `U.S.` or `Inc.` one of these means the abbreviation also ended the sentence.
static STARTERS: &[&str] = &[
    "a",
    "according",
    "after",
    "also",
    "although",
    "an",
    "and",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "earlier",
    "even",
    "every",
    "for",
    "from",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "last",
    "later",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "now",
    "on",
    "one",
    "or",
    "our",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "today",
    "two",
    "under",
    "unlike",
    "until",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "yesterday",
    "yet",
    "you",
    "а",
    "в",
    "и",
    "мы",
    "на",
    "но",
    "он",
    "она",
    "они",
    "по",
    "это",
    "я",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts<'a>(seg: &RuleSegmenter, article: &'a str) -> Vec<&'a str> {
        seg.segment(article)
            .iter()
            .map(|s| s.text(article))
            .collect()
    }

    /// Checks every invariant of a segmentation; panics with a message on the first violation.
    fn check_invariants(article: &str, spans: &[SentenceSpan]) {
        // Character index of every byte offset that is a char boundary.
        let mut char_at = vec![usize::MAX; article.len() + 1];
        for (i, (b, _)) in article.char_indices().enumerate() {
            char_at[b] = i;
        }
        char_at[article.len()] = article.chars().count();

        let mut prev_end = (0usize, 0usize);
        for (k, s) in spans.iter().enumerate() {
            assert!(s.byte_start < s.byte_end, "span {k} empty: {s:?}");
            assert!(s.start < s.end, "span {k} empty in chars: {s:?}");
            assert!(
                s.byte_start >= prev_end.0 && s.start >= prev_end.1,
                "span {k} overlaps or is out of order: {s:?}"
            );
            let text = article
                .get(s.byte_start..s.byte_end)
                .unwrap_or_else(|| panic!("span {k} not on char boundaries: {s:?}"));
            assert_eq!(char_at[s.byte_start], s.start, "span {k} start disagrees");
            assert_eq!(char_at[s.byte_end], s.end, "span {k} end disagrees");
            assert_eq!(text.chars().count(), s.end - s.start, "span {k} length");
            let first = text.chars().next().unwrap();
            let last = text.chars().next_back().unwrap();
            assert!(
                !first.is_whitespace() && !last.is_whitespace(),
                "span {k} not trimmed: {text:?}"
            );
            // A blank line never lies inside a sentence.
            let mut since_newline: Option<bool> = None; // Some(seen non-ws since last newline)
            for c in text.chars() {
                if c == '\n' {
                    assert!(
                        since_newline != Some(false),
                        "span {k} has a blank line: {text:?}"
                    );
                    since_newline = Some(false);
                } else if !c.is_whitespace() {
                    since_newline = since_newline.map(|_| true);
                }
            }
            prev_end = (s.byte_end, s.end);
        }
        // Every non-whitespace character lies in exactly one span (spans are disjoint, so
        // "at least one" is enough).
        let mut it = spans.iter().peekable();
        for (b, c) in article.char_indices() {
            while it.peek().is_some_and(|s| s.byte_end <= b) {
                it.next();
            }
            if !c.is_whitespace() {
                let s = it
                    .peek()
                    .unwrap_or_else(|| panic!("char {c:?} at {b} in no span"));
                assert!(s.byte_start <= b, "char {c:?} at {b} in no span");
            }
        }
    }

    fn check_table(seg: &RuleSegmenter, rows: &[(&str, &[&str])]) {
        let mut failures = Vec::new();
        for (input, expected) in rows {
            let spans = seg.segment(input);
            check_invariants(input, &spans);
            let got: Vec<&str> = spans.iter().map(|s| s.text(input)).collect();
            if got != *expected {
                failures.push(format!(
                    "input {input:?}\n  expected {expected:?}\n  got      {got:?}"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} rows failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn word_lists_are_sorted_and_unique() {
        for list in [
            TITLES,
            NUMBER_ABBREVS,
            ABBREVS,
            STARTERS,
            SPEECH_VERBS,
            OBJECT_SPEECH_VERBS,
            AFTER_SPEECH_VERBS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "unsorted: {list:?}");
            assert!(list.iter().all(|w| w.chars().all(|c| !c.is_uppercase())));
        }
        for w in TITLES {
            assert!(ABBREVS.binary_search(w).is_err() && NUMBER_ABBREVS.binary_search(w).is_err());
        }
        assert!(ABBREVS.binary_search(&"etc").is_err());
    }

    #[test]
    fn empty_and_whitespace_give_no_spans() {
        let seg = RuleSegmenter::new();
        for s in ["", " ", "\n\n", " \t\r\n \u{a0}\u{2029}", "\r"] {
            assert!(seg.segment(s).is_empty(), "{s:?}");
        }
    }

    #[test]
    fn offsets_in_chars_and_bytes() {
        let seg = RuleSegmenter::new();
        let article = "  Él llegó. Ça va? Да.";
        let spans = seg.segment(article);
        check_invariants(article, &spans);
        assert_eq!(
            spans[1],
            SentenceSpan {
                start: 12,
                end: 18,
                byte_start: 14,
                byte_end: 21
            }
        );
        assert_eq!(spans[1].text(article), "Ça va?");
        assert_eq!(spans[2].text(article), "Да.");
    }

    #[test]
    fn terminal_punctuation() {
        check_table(
            &RuleSegmenter::new(),
            &[
                (
                    "The river rose. Farmers moved inland.",
                    &["The river rose.", "Farmers moved inland."],
                ),
                (
                    "Wait! Who approved this? Nobody did.",
                    &["Wait!", "Who approved this?", "Nobody did."],
                ),
                ("Really?! Yes.", &["Really?!", "Yes."]),
                ("No punctuation at all", &["No punctuation at all"]),
                ("One sentence.", &["One sentence."]),
                ("Ends with spaces.   ", &["Ends with spaces."]),
                (
                    "The vote was close… Then came the recount.",
                    &["The vote was close…", "Then came the recount."],
                ),
                (
                    "The vote was close... Then came the recount.",
                    &["The vote was close...", "Then came the recount."],
                ),
                (
                    "He paused... and went on talking.",
                    &["He paused... and went on talking."],
                ),
                (
                    "She hesitated … then signed.",
                    &["She hesitated … then signed."],
                ),
                (
                    "Prices fell... 5% in a week.",
                    &["Prices fell... 5% in a week."],
                ),
                (
                    "He hesitated . . . Then he spoke.",
                    &["He hesitated . . .", "Then he spoke."],
                ),
                (
                    "The mayor left. 2024 was a hard year.",
                    &["The mayor left.", "2024 was a hard year."],
                ),
                (
                    "Is it true? 40 people say so.",
                    &["Is it true?", "40 people say so."],
                ),
                ("Why now? asked nobody.", &["Why now? asked nobody."]),
            ],
        );
    }

    #[test]
    fn quotes_and_brackets() {
        check_table(
            &RuleSegmenter::new(),
            &[
                (
                    "\"We will win once,\" the leader noted. Next came the vote.",
                    &[
                        "\"We will win once,\" the leader noted.",
                        "Next came the vote.",
                    ],
                ),
                (
                    "He said \"it is over.\" Then she left.",
                    &["He said \"it is over.\"", "Then she left."],
                ),
                (
                    "They argued about it.” He said nothing more.",
                    &["They argued about it.”", "He said nothing more."],
                ),
                (
                    "“It is finished.” Then the hall emptied.",
                    &["“It is finished.”", "Then the hall emptied."],
                ),
                ("\"Why now?\" she asked.", &["\"Why now?\" she asked."]),
                (
                    "“Why now?” she asked. “Because,” he said.",
                    &["“Why now?” she asked.", "“Because,” he said."],
                ),
                (
                    "‘Is it safe?’ the pilot asked.",
                    &["‘Is it safe?’ the pilot asked."],
                ),
                (
                    "\"Stop!\" he shouted. \"Now!\"",
                    &["\"Stop!\" he shouted.", "\"Now!\""],
                ),
                (
                    "\"Stop!\" Then silence fell.",
                    &["\"Stop!\"", "Then silence fell."],
                ),
                // A capitalised speaker after a quoted question keeps the tag with its quote.
                (
                    "\"Are we ready?\" Clinton said. The vote is Tuesday.",
                    &["\"Are we ready?\" Clinton said.", "The vote is Tuesday."],
                ),
                (
                    "“Who pays?” Sen. Jane Ruiz asked, looking at the chair.",
                    &["“Who pays?” Sen. Jane Ruiz asked, looking at the chair."],
                ),
                (
                    "\"Why now?\" Lopez said on Monday. \"Enough!\" Ortiz told reporters.",
                    &[
                        "\"Why now?\" Lopez said on Monday.",
                        "\"Enough!\" Ortiz told reporters.",
                    ],
                ),
                // At most four capitalised words before the verb.
                (
                    "“Who?” Gov. Ana María Ruiz said. “Now!” New York City Mayor Lee said.",
                    &[
                        "“Who?” Gov. Ana María Ruiz said.",
                        "“Now!”",
                        "New York City Mayor Lee said.",
                    ],
                ),
                (
                    "“Run!” Police said the man fled on foot.",
                    &["“Run!”", "Police said the man fled on foot."],
                ),
                (
                    "Is it over? Smith said so.",
                    &["Is it over?", "Smith said so."],
                ),
                (
                    "“Why?” The Mayor And Her Deputy Then Said nothing.",
                    &["“Why?”", "The Mayor And Her Deputy Then Said nothing."],
                ),
                (
                    "“Enough!” — she turned away.",
                    &["“Enough!” — she turned away."],
                ),
                (
                    "'It works.' The engineer smiled.",
                    &["'It works.'", "The engineer smiled."],
                ),
                (
                    "(The figures were revised.) Analysts shrugged.",
                    &["(The figures were revised.)", "Analysts shrugged."],
                ),
                (
                    "[Updated at noon.] The mayor resigned.",
                    &["[Updated at noon.]", "The mayor resigned."],
                ),
                (
                    "He quoted the memo: “Act now.” And they did.",
                    &["He quoted the memo: “Act now.”", "And they did."],
                ),
                (
                    "“It is over.” he said quietly.",
                    &["“It is over.” he said quietly."],
                ),
                (
                    "She asked whether it mattered (did it?) and left.",
                    &["She asked whether it mattered (did it?) and left."],
                ),
                ("„Ja.“ Dann ging er.", &["„Ja.“", "Dann ging er."]),
                ("«Non.» Il est parti.", &["«Non.»", "Il est parti."]),
            ],
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        check_table(
            &RuleSegmenter::new(),
            &[
                (
                    "The U.S. and the U.K. met the E.U. and the U.N. envoys.",
                    &["The U.S. and the U.K. met the E.U. and the U.N. envoys."],
                ),
                (
                    "Mr. Arlo met Mrs. Bede, Ms. Cole, Dr. Dunn and Prof. Egan.",
                    &["Mr. Arlo met Mrs. Bede, Ms. Cole, Dr. Dunn and Prof. Egan."],
                ),
                (
                    "Gen. Fox, Lt. Gray, Col. Hale, Sgt. Ives and Capt. Jory saluted.",
                    &["Gen. Fox, Lt. Gray, Col. Hale, Sgt. Ives and Capt. Jory saluted."],
                ),
                (
                    "Gov. Kent, Sen. Lowe and Rep. Moss visited St. Olaf.",
                    &["Gov. Kent, Sen. Lowe and Rep. Moss visited St. Olaf."],
                ),
                (
                    "Ned Park Jr. and Oren Quill Sr. founded Rook Inc. with Sable Ltd. and Tern Co. and Umber Corp. last year.",
                    &[
                        "Ned Park Jr. and Oren Quill Sr. founded Rook Inc. with Sable Ltd. and Tern Co. and Umber Corp. last year.",
                    ],
                ),
                (
                    "It was Vance vs. Wilder in court.",
                    &["It was Vance vs. Wilder in court."],
                ),
                (
                    "Bring pens, paper, etc. and a lamp.",
                    &["Bring pens, paper, etc. and a lamp."],
                ),
                (
                    "Bring pens, paper, etc. Then wait.",
                    &["Bring pens, paper, etc.", "Then wait."],
                ),
                (
                    "Bring pens, paper, etc. Guards will check.",
                    &["Bring pens, paper, etc.", "Guards will check."],
                ),
                (
                    "Use hand tools, e.g. hammers, i.e. simple ones.",
                    &["Use hand tools, e.g. hammers, i.e. simple ones."],
                ),
                (
                    "The office is at No. 5 on the square.",
                    &["The office is at No. 5 on the square."],
                ),
                (
                    "The answer was no. The talks ended.",
                    &["The answer was no.", "The talks ended."],
                ),
                (
                    "See Fig. 3 and Art. 12 for details.",
                    &["See Fig. 3 and Art. 12 for details."],
                ),
                (
                    "Votes on Jan. 5, Feb. 6, Mar. 7, Apr. 8, Jun. 9 and Jul. 10 passed.",
                    &["Votes on Jan. 5, Feb. 6, Mar. 7, Apr. 8, Jun. 9 and Jul. 10 passed."],
                ),
                (
                    "Talks on Aug. 1, Sep. 2, Sept. 3, Oct. 4, Nov. 5 and Dec. 6 failed.",
                    &["Talks on Aug. 1, Sep. 2, Sept. 3, Oct. 4, Nov. 5 and Dec. 6 failed."],
                ),
                (
                    "J. Smith met Vladimir V. Putin today.",
                    &["J. Smith met Vladimir V. Putin today."],
                ),
                ("A. B. Carver wrote it.", &["A. B. Carver wrote it."]),
                (
                    "He landed in the U.S. The next day he left.",
                    &["He landed in the U.S.", "The next day he left."],
                ),
                (
                    "Troops left the U.K. They were tired.",
                    &["Troops left the U.K.", "They were tired."],
                ),
                (
                    "Shares of Rook Inc. The company fell.",
                    &["Shares of Rook Inc.", "The company fell."],
                ),
                (
                    "Rook Inc. Chief Executive Ola spoke.",
                    &["Rook Inc. Chief Executive Ola spoke."],
                ),
                (
                    "They chose Plan B. The rest agreed.",
                    &["They chose Plan B.", "The rest agreed."],
                ),
                (
                    "The U.S. 5th Fleet sailed.",
                    &["The U.S. 5th Fleet sailed."],
                ),
                (
                    "It ended at 10 p.m. The crowd left.",
                    &["It ended at 10 p.m.", "The crowd left."],
                ),
                (
                    "Troops left the U.S.A. In May they returned.",
                    &["Troops left the U.S.A.", "In May they returned."],
                ),
                (
                    "He met (Dr. Yates) and left.",
                    &["He met (Dr. Yates) and left."],
                ),
                (
                    "They met in the U.S. (It rained.) Then lunch.",
                    &["They met in the U.S.", "(It rained.)", "Then lunch."],
                ),
                (
                    "Troops left the US. Allies followed.",
                    &["Troops left the US.", "Allies followed."],
                ),
                (
                    "He was born in May. Summer came.",
                    &["He was born in May.", "Summer came."],
                ),
                (
                    "Talks (in the U.S.). Results came.",
                    &["Talks (in the U.S.).", "Results came."],
                ),
            ],
        );
    }

    #[test]
    fn numbers_urls_and_emails() {
        check_table(
            &RuleSegmenter::new(),
            &[
                (
                    "Exports hit 2.5 billion, or 3.14 percent, at 10.30am under v1.2 rules.",
                    &["Exports hit 2.5 billion, or 3.14 percent, at 10.30am under v1.2 rules."],
                ),
                (
                    "Details are at www.example.com and a.b@c.org for now.",
                    &["Details are at www.example.com and a.b@c.org for now."],
                ),
                (
                    "Visit www.example.com. It is free.",
                    &["Visit www.example.com.", "It is free."],
                ),
                (
                    "The rate fell in 2020. 2021 was better.",
                    &["The rate fell in 2020.", "2021 was better."],
                ),
                (
                    "It cost $4.99. Buyers balked.",
                    &["It cost $4.99.", "Buyers balked."],
                ),
                (
                    "Growth was 1.5%. Critics disagreed.",
                    &["Growth was 1.5%.", "Critics disagreed."],
                ),
                (
                    "The firm grew. $5 billion was raised.",
                    &["The firm grew.", "$5 billion was raised."],
                ),
                ("He lives at No. 12.", &["He lives at No. 12."]),
            ],
        );
    }

    #[test]
    fn lowercase_after_period_continues() {
        check_table(
            &RuleSegmenter::new(),
            &[
                (
                    "He praised the so-called pragmatic approach. and then left.",
                    &["He praised the so-called pragmatic approach. and then left."],
                ),
                (
                    "The model is v2. it replaces v1.",
                    &["The model is v2. it replaces v1."],
                ),
            ],
        );
    }

    #[test]
    fn line_structure() {
        check_table(
            &RuleSegmenter::new(),
            &[
                (
                    "Harbour reopens after storm\n\nBoats returned on Monday. Crews cheered.",
                    &[
                        "Harbour reopens after storm",
                        "Boats returned on Monday.",
                        "Crews cheered.",
                    ],
                ),
                (
                    "Harbour reopens after storm\nBoats returned on Monday.",
                    &["Harbour reopens after storm", "Boats returned on Monday."],
                ),
                (
                    "Border talks\nIn 2023 the talks stalled.",
                    &["Border talks", "In 2023 the talks stalled."],
                ),
                (
                    "KESTREL BAY\n2 ships docked.",
                    &["KESTREL BAY", "2 ships docked."],
                ),
                (
                    "The minister said\n“We are ready.”",
                    &["The minister said", "“We are ready.”"],
                ),
                (
                    "The minister said the\nplan would work.",
                    &["The minister said the\nplan would work."],
                ),
                (
                    "The talks involved Avalon,\nBrisk and Corva.",
                    &["The talks involved Avalon,\nBrisk and Corva."],
                ),
                (
                    "one paragraph\n \t \ntwo paragraph",
                    &["one paragraph", "two paragraph"],
                ),
                (
                    "Talks resumed in the U.S.\n\nA deal is near.",
                    &["Talks resumed in the U.S.", "A deal is near."],
                ),
                (
                    "Talks resumed with Mr.\n\nOrtiz on Monday.",
                    &["Talks resumed with Mr.", "Ortiz on Monday."],
                ),
                (
                    "Key facts:\n• First item\n• Second item\n- Third item\n* Fourth item\n– Fifth item",
                    &[
                        "Key facts:",
                        "• First item",
                        "• Second item",
                        "- Third item",
                        "* Fourth item",
                        "– Fifth item",
                    ],
                ),
                (
                    "  • Photo caption of a pier\n\n  • example.org\n\nThe next paragraph begins.",
                    &[
                        "• Photo caption of a pier",
                        "• example.org",
                        "The next paragraph begins.",
                    ],
                ),
                (
                    "The list follows, e.g.\n• apples\n• pears",
                    &["The list follows, e.g.", "• apples", "• pears"],
                ),
                (
                    "WELLSPRING, Oct. 5 (Wire) - The talks ended.",
                    &["WELLSPRING, Oct. 5 (Wire) - The talks ended."],
                ),
                (
                    "One.\nTwo.\nthree continues.",
                    &["One.", "Two.\nthree continues."],
                ),
                (
                    "End of part\u{2029}Next part",
                    &["End of part", "Next part"],
                ),
            ],
        );
    }

    #[test]
    fn windows_line_endings() {
        check_table(
            &RuleSegmenter::new(),
            &[
                ("One.\r\nTwo.\r\n\r\nThree", &["One.", "Two.", "Three"]),
                (
                    "Headline here\r\nBody starts. It ends.\r\n",
                    &["Headline here", "Body starts.", "It ends."],
                ),
                (
                    "wrapped across\r\nlines here.",
                    &["wrapped across\r\nlines here."],
                ),
                ("Old Mac\r\rstyle", &["Old Mac", "style"]),
                ("Para one\r\n \r\nPara two", &["Para one", "Para two"]),
            ],
        );
    }

    #[test]
    fn other_scripts() {
        check_table(
            &RuleSegmenter::new(),
            &[
                ("Он сказал. Она ушла.", &["Он сказал.", "Она ушла."]),
                ("Кто там? Никто.", &["Кто там?", "Никто."]),
                ("А. С. Пушкин писал стихи.", &["А. С. Пушкин писал стихи."]),
                ("«Почему?» спросила она.", &["«Почему?» спросила она."]),
                (
                    "Él llegó. ¿Quién sabe? Nadie.",
                    &["Él llegó.", "¿Quién sabe?", "Nadie."],
                ),
                ("Er kam. Sie ging.", &["Er kam.", "Sie ging."]),
            ],
        );
    }

    #[test]
    fn extra_abbreviations() {
        let plain = RuleSegmenter::new();
        let extra = RuleSegmenter::new().with_abbreviations(["Assoc.", "dist", "assoc"]);
        assert_eq!(
            extra.extra_abbreviations,
            vec!["assoc".to_string(), "dist".to_string()]
        );
        let s = "She joined the Harbor Assoc. Members cheered.";
        assert_eq!(
            texts(&plain, s),
            ["She joined the Harbor Assoc.", "Members cheered."]
        );
        assert_eq!(texts(&extra, s), [s]);
        // A starter after an extra abbreviation still ends the sentence.
        let s = "She joined the Harbor Assoc. The members cheered.";
        assert_eq!(
            texts(&extra, s),
            ["She joined the Harbor Assoc.", "The members cheered."]
        );
        // Before a digit an extra abbreviation never ends the sentence.
        assert_eq!(texts(&extra, "It is in Dist. 9 now.").len(), 1);
        // Entries set directly (e.g. from a config file) match whatever their case or dot.
        let direct = RuleSegmenter {
            extra_abbreviations: vec!["ASSOC.".into()],
        };
        assert_eq!(
            texts(&direct, "She joined the Harbor Assoc. Members cheered.").len(),
            1
        );
    }

    #[test]
    fn serde_defaults() {
        use serde::de::value::{Error, MapDeserializer};
        let empty = MapDeserializer::<_, Error>::new(std::iter::empty::<(&str, &str)>());
        assert_eq!(
            RuleSegmenter::deserialize(empty).unwrap(),
            RuleSegmenter::new()
        );
    }

    #[test]
    fn trait_object() {
        let seg: Box<dyn Segmenter> = Box::new(RuleSegmenter::new());
        assert_eq!(seg.segment("Rain fell. Roads closed.").len(), 2);
    }

    /// News-like text built from tokens that exercise every rule.
    fn news_like() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "The",
            "the",
            "U.S.",
            "Mr.",
            "Inc.",
            "etc.",
            "e.g.",
            "J.",
            "No.",
            "5",
            "2.5",
            "said",
            "Putin",
            "он",
            "Она",
            "word",
            "www.a.com",
            ".",
            "...",
            "…",
            "?",
            "!",
            "\"",
            "“",
            "”",
            "’",
            "'",
            "(",
            ")",
            ",",
            ";",
            ":",
            "•",
            "-",
            "–",
            "—",
            "*",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{2029}",
            "é",
            "😀",
            "\u{200b}",
            "。",
            "¿",
        ]);
        prop::collection::vec((token, prop::bool::ANY), 0..40).prop_map(|v| {
            let mut s = String::new();
            for (t, space) in v {
                s.push_str(t);
                if space {
                    s.push(' ');
                }
            }
            s
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn invariants_arbitrary(s in any::<String>()) {
            check_invariants(&s, &RuleSegmenter::new().segment(&s));
        }

        #[test]
        fn invariants_printable(s in "\\PC{0,80}") {
            check_invariants(&s, &RuleSegmenter::new().segment(&s));
        }

        #[test]
        fn invariants_news_like(s in news_like()) {
            let seg = RuleSegmenter::new().with_abbreviations(["said", "Approx"]);
            check_invariants(&s, &seg.segment(&s));
            check_invariants(&s, &RuleSegmenter::new().segment(&s));
        }

        #[test]
        fn invariants_whitespace_heavy(s in "[ \t\r\n.?!a-zA-Z\"”•-]{0,60}") {
            check_invariants(&s, &RuleSegmenter::new().segment(&s));
        }

        #[test]
        fn whitespace_only_gives_nothing(s in "[ \t\r\n\u{a0}\u{2028}\u{2029}]{0,20}") {
            prop_assert!(RuleSegmenter::new().segment(&s).is_empty());
        }
    }
}
