//! Sentence splitting with offsets. An article becomes sentence spans counted in characters
//! (Unicode scalar values, so that Python's `text[start:end]` is the sentence) and in bytes;
//! every non-whitespace character of the article lies in exactly one span.

use serde::{Deserialize, Serialize};

/// A sentence's place in its article: `start..end` in characters and `byte_start..byte_end` in
/// bytes, trimmed of surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceSpan {
    /// First character (inclusive).
    pub start: usize,
    /// Last character (exclusive).
    pub end: usize,
    /// First byte (inclusive).
    pub byte_start: usize,
    /// Last byte (exclusive).
    pub byte_end: usize,
}

impl SentenceSpan {
    /// The sentence's text in `article`.
    pub fn text<'a>(&self, article: &'a str) -> &'a str {
        &article[self.byte_start..self.byte_end]
    }
}

/// Splits an article into sentences.
pub trait Segmenter {
    /// The sentence spans of `article`, in order.
    fn segment(&self, article: &str) -> Vec<SentenceSpan>;
}

/// The rule-based splitter for news text: terminal punctuation followed by closing quotes and a
/// capitalised start; abbreviations, initials, decimals and lowercase continuations do not
/// split; blank lines always do; a single line break does after a headline, bullet or caption.
///
/// ```
/// use framing::text::{RuleSegmenter, Segmenter};
///
/// let article = "Ministers met in Washington, D.C. on Jan. 5.\r\n\r\n\"We will win,\" Gen. J. Smith said. \
///                Talks on the $2.5 billion deal... resumed. Why now? Nobody knows";
/// let sentences: Vec<&str> = RuleSegmenter::new().segment(article).iter().map(|s| s.text(article)).collect();
/// assert_eq!(sentences, [
///     "Ministers met in Washington, D.C. on Jan. 5.",
///     "\"We will win,\" Gen. J. Smith said.",
///     "Talks on the $2.5 billion deal... resumed.",
///     "Why now?",
///     "Nobody knows",
/// ]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSegmenter {
    /// Further abbreviations (lowercase, without the final dot) that never end a sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_abbreviations: Vec<String>,
}

/// Titles and abbreviations that stand before something else and never end a sentence.
const TITLES: &[&str] = &[
    "adm", "approx", "art", "capt", "cf", "cmdr", "col", "cpl", "dept", "dr", "e.g", "est", "fig",
    "fr", "ft", "gen", "gov", "hon", "i.e", "lt", "maj", "messrs", "mr", "mrs", "ms", "mt", "no",
    "nos", "op", "pp", "pres", "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "st",
    "supt", "vol", "vs",
];

/// Abbreviations that end a sentence only when a typical sentence opener follows.
const CLOSING_ABBREVIATIONS: &[&str] = &[
    "a.m", "apr", "aug", "co", "corp", "d.c", "dec", "e.u", "feb", "inc", "jan", "jr", "jul",
    "jun", "ltd", "mar", "nov", "oct", "p.m", "plc", "sep", "sept", "sr", "u.k", "u.n", "u.s",
    "u.s.a",
];

/// Words that typically open a sentence: after an abbreviation they mark a new one.
const OPENERS: &[&str] = &[
    "a",
    "according",
    "after",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "during",
    "earlier",
    "for",
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
    "meanwhile",
    "more",
    "most",
    "my",
    "no",
    "on",
    "one",
    "our",
    "she",
    "since",
    "so",
    "some",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "two",
    "we",
    "when",
    "while",
    "yet",
    "you",
];

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}')
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '-' | '*' | '–' | '—' | '▪' | '►')
}

/// What follows a possible sentence end.
struct Next<'a> {
    /// The next non-whitespace character, if any.
    first: Option<char>,
    /// The word it starts (letters only), lowercased.
    word: &'a str,
    /// Line breaks in the whitespace before it.
    newlines: usize,
}

impl RuleSegmenter {
    /// The splitter with its built-in abbreviations.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds abbreviations (lowercase, without the final dot) that never end a sentence.
    pub fn with_abbreviations(
        mut self,
        extra: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.extra_abbreviations
            .extend(extra.into_iter().map(Into::into));
        self
    }

    /// Whether the `.` that ends `word` (lowercase, inner dots kept) ends the sentence, given
    /// what follows.
    fn period_ends(&self, word: &str, original: &str, next: &Next<'_>) -> bool {
        let starts_sentence = next.first.is_some_and(|c| {
            c.is_uppercase()
                || c.is_numeric()
                || is_closer(c)
                || is_bullet(c)
                || "\"“‘'«([".contains(c)
        });
        if !starts_sentence {
            return false;
        }
        let opener = OPENERS.binary_search(&next.word).is_ok();
        if TITLES.binary_search(&word).is_ok() || self.extra_abbreviations.iter().any(|a| a == word)
        {
            // `No. 5` and `Gen. Smith`; but `Mr.` never ends a sentence.
            return false;
        }
        let initial = original.chars().count() == 1 && original.chars().all(char::is_uppercase);
        let dotted = word.contains('.') && word.split('.').all(|part| part.chars().count() == 1);
        if initial || dotted || CLOSING_ABBREVIATIONS.binary_search(&word).is_ok() {
            return opener || next.newlines > 0 && !next.first.is_some_and(char::is_numeric);
        }
        true
    }
}

impl Segmenter for RuleSegmenter {
    fn segment(&self, article: &str) -> Vec<SentenceSpan> {
        let chars: Vec<char> = article.chars().collect();
        let mut bytes: Vec<usize> = article.char_indices().map(|(b, _)| b).collect();
        bytes.push(article.len());
        let mut spans = Vec::new();
        let mut start = 0;
        let mut lowered = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let boundary = if is_terminal(c) {
                let mut j = i;
                while j < chars.len() && is_terminal(chars[j]) {
                    j += 1;
                }
                while j < chars.len() && is_closer(chars[j]) {
                    j += 1;
                }
                if j < chars.len() && !chars[j].is_whitespace() {
                    // `3.14`, `U.S`, `e.g.,`: not an end.
                    i = j;
                    continue;
                }
                let next = next_after(&chars, j, &mut lowered);
                let ends = if next.newlines >= 2 || next.first.is_none() {
                    true
                } else if c == '.' && chars[i + 1..j].iter().all(|&d| is_closer(d)) {
                    let original = word_before(&chars, i);
                    self.period_ends(&original.to_lowercase(), &original, &next)
                } else {
                    starts_new(&next)
                };
                if ends {
                    Some(j)
                } else {
                    i = j;
                    continue;
                }
            } else if c == '\n' {
                let next = next_after(&chars, i, &mut lowered);
                let previous = chars[start..i].iter().rev().find(|c| !c.is_whitespace());
                let line_has_text = previous.is_some();
                let open_line = previous.is_some_and(|&p| !is_terminal(p) && !is_closer(p));
                let next_line_starts = next.first.is_some_and(|f| {
                    f.is_uppercase() || f.is_numeric() || is_bullet(f) || "\"“‘'«([".contains(f)
                });
                if line_has_text && (next.newlines >= 2 || (open_line && next_line_starts)) {
                    Some(i)
                } else {
                    None
                }
            } else {
                None
            };
            if let Some(end) = boundary {
                push_trimmed(&chars, &bytes, start, end, &mut spans);
                start = end;
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        push_trimmed(&chars, &bytes, start, chars.len(), &mut spans);
        spans
    }
}

/// A new sentence starts after `?`, `!` or an ellipsis unless a lowercase word continues it
/// (`"Why now?" she asked`).
fn starts_new(next: &Next<'_>) -> bool {
    next.first.is_some_and(|c| !c.is_lowercase())
}

/// The whitespace-separated word ending just before `i`, without its surrounding punctuation
/// but with inner dots (`U.S`).
fn word_before(chars: &[char], i: usize) -> String {
    let mut k = i;
    while k > 0 && (chars[k - 1].is_alphanumeric() || chars[k - 1] == '.') {
        k -= 1;
    }
    chars[k..i]
        .iter()
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// What follows position `from`: the first non-whitespace character, its word (lowercased into
/// `lowered`), and the line breaks on the way.
fn next_after<'a>(chars: &[char], from: usize, lowered: &'a mut String) -> Next<'a> {
    let mut k = from;
    let mut newlines = 0;
    while k < chars.len() && chars[k].is_whitespace() {
        newlines += usize::from(chars[k] == '\n');
        k += 1;
    }
    lowered.clear();
    let mut w = k;
    while w < chars.len() && w - k < 24 && chars[w].is_alphabetic() {
        lowered.extend(chars[w].to_lowercase());
        w += 1;
    }
    Next {
        first: chars.get(k).copied(),
        word: lowered.as_str(),
        newlines,
    }
}

fn push_trimmed(
    chars: &[char],
    bytes: &[usize],
    start: usize,
    end: usize,
    spans: &mut Vec<SentenceSpan>,
) {
    let mut s = start;
    let mut e = end;
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s < e {
        spans.push(SentenceSpan {
            start: s,
            end: e,
            byte_start: bytes[s],
            byte_end: bytes[e],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str) -> Vec<&str> {
        RuleSegmenter::new()
            .segment(text)
            .iter()
            .map(|s| s.text(text))
            .collect()
    }

    #[test]
    fn sentence_boundaries_in_news_text() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two! Three? Four", &["One.", "Two!", "Three?", "Four"]),
            (
                "\"We will win once,\" the leader noted. Next",
                &["\"We will win once,\" the leader noted.", "Next"],
            ),
            (
                "He said \"it is over.\" Then she left.",
                &["He said \"it is over.\"", "Then she left."],
            ),
            (
                "We knew about it.” He said no more.",
                &["We knew about it.”", "He said no more."],
            ),
            (
                "\"Why now?\" she asked. Silence.",
                &["\"Why now?\" she asked.", "Silence."],
            ),
            (
                "“Enough!” the crowd shouted.",
                &["“Enough!” the crowd shouted."],
            ),
            (
                "Mr. Lee and Dr. Ngo met Gen. Ortiz.",
                &["Mr. Lee and Dr. Ngo met Gen. Ortiz."],
            ),
            (
                "J. Smith and Vladimir V. Rossi spoke.",
                &["J. Smith and Vladimir V. Rossi spoke."],
            ),
            (
                "Troops left the U.S. The next day, talks began.",
                &["Troops left the U.S.", "The next day, talks began."],
            ),
            ("The U.S. Senate voted.", &["The U.S. Senate voted."]),
            (
                "Sales rose 2.5% to $3.14 billion at 10.30am.",
                &["Sales rose 2.5% to $3.14 billion at 10.30am."],
            ),
            (
                "See www.example.com or a.b@c.org now.",
                &["See www.example.com or a.b@c.org now."],
            ),
            (
                "Signed on Jan. 5 by Acme Inc. and others.",
                &["Signed on Jan. 5 by Acme Inc. and others."],
            ),
            (
                "It costs too much, e.g. fuel, i.e. oil.",
                &["It costs too much, e.g. fuel, i.e. oil."],
            ),
            ("Room No. 5 is closed.", &["Room No. 5 is closed."]),
            (
                "Apples, pears, etc. Then lunch.",
                &["Apples, pears, etc.", "Then lunch."],
            ),
            (
                "He paused... and went on. Then... Silence.",
                &["He paused... and went on.", "Then...", "Silence."],
            ),
            ("Wait… What happened?", &["Wait…", "What happened?"]),
            (
                "Crowds grew in 2019. In 2020 they left.",
                &["Crowds grew in 2019.", "In 2020 they left."],
            ),
            (
                "The vote ended. 52 members backed it.",
                &["The vote ended.", "52 members backed it."],
            ),
            (
                "(This was denied.) Officials left.",
                &["(This was denied.)", "Officials left."],
            ),
            ("Он сказал. Она ушла.", &["Он сказал.", "Она ушла."]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "splitting {text:?}");
        }
    }

    #[test]
    fn line_structure() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Headline without a stop\n\nFirst paragraph. Second.",
                &["Headline without a stop", "First paragraph.", "Second."],
            ),
            (
                "Headline\nLede sentence here.",
                &["Headline", "Lede sentence here."],
            ),
            (
                "A line wrapped\nin the middle.",
                &["A line wrapped\nin the middle."],
            ),
            (
                "Text before.\n  • Russian officials at the talks\n  • archive photo\nMore text.",
                &[
                    "Text before.",
                    "• Russian officials at the talks",
                    "• archive photo",
                    "More text.",
                ],
            ),
            (
                "Windows lines\r\n\r\nNext paragraph.\r\nEnd.",
                &["Windows lines", "Next paragraph.", "End."],
            ),
            ("No full stop at the end\n\n", &["No full stop at the end"]),
            ("He said:\n\n“We go.”", &["He said:", "“We go.”"]),
            ("", &[]),
            (" \n\t ", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "splitting {text:?}");
        }
    }

    #[test]
    fn offsets_count_characters_and_bytes() {
        let text = "Ça va. Да.";
        let spans = RuleSegmenter::new().segment(text);
        assert_eq!((spans[1].start, spans[1].end), (7, 10));
        assert_eq!((spans[1].byte_start, spans[1].byte_end), (8, 13));
    }

    #[test]
    fn extra_abbreviations_never_end_a_sentence() {
        let segmenter = RuleSegmenter::new().with_abbreviations(["approx2"]);
        let text = "It weighs approx2. Ten tonnes.";
        assert_eq!(segmenter.segment(text).len(), 1);
        assert_eq!(RuleSegmenter::new().segment(text).len(), 2);
    }

    fn check_invariants(text: &str) -> Result<(), TestCaseError> {
        let spans = RuleSegmenter::new().segment(text);
        let chars: Vec<char> = text.chars().collect();
        let mut covered = vec![false; chars.len()];
        let mut last_end = 0;
        for span in &spans {
            prop_assert!(span.start >= last_end && span.start < span.end);
            last_end = span.end;
            let by_chars: String = chars[span.start..span.end].iter().collect();
            prop_assert_eq!(span.text(text), by_chars.as_str());
            prop_assert!(
                !chars[span.start].is_whitespace() && !chars[span.end - 1].is_whitespace()
            );
            covered[span.start..span.end]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        for (c, covered) in chars.iter().zip(&covered) {
            prop_assert!(c.is_whitespace() || *covered, "{:?} is in no sentence", c);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn spans_cover_every_visible_character_once(text in "\\PC{0,200}") {
            check_invariants(&text)?;
        }

        #[test]
        fn news_like_text_keeps_the_invariants(
            text in r#"([A-Z][a-z]{0,8}|[a-z]{1,8}|U\.S\.|Mr\.|J\.|2\.5|[.!?…"“”'’,:;]{1,3}|\.\.\.| |\n|\r\n|\n\n|  • ){0,60}"#
        ) {
            check_invariants(&text)?;
        }
    }
}
