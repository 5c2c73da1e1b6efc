//! Document context: what a sentence inherits from the sentences before it in its article.
//!
//! A sentence splitter cuts a long quotation into several sentences, and only the first and last
//! carry quotation marks: a middle sentence (`Thank you all.`) reads like the writer's own words
//! unless one knows a quotation was left open before it. [`ContextTracker`] follows the
//! quotation marks from sentence to sentence and gives each sentence its [`SentenceContext`],
//! which the tokenizer turns into marker features.

use super::tokenize::is_double_quote;

/// The marker token of a sentence that starts inside a quotation opened in an earlier sentence.
pub const INSIDE_QUOTATION_MARKER: &str = "#context:inside-quotation";

/// What a sentence inherits from the sentences before it.
///
/// The default is the context of a sentence read on its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceContext {
    /// The sentence starts inside a quotation that an earlier sentence opened and did not close.
    pub inside_quotation: bool,
}

impl SentenceContext {
    /// The marker tokens this context adds to a sentence's tokens.
    pub fn markers(&self) -> impl Iterator<Item = &'static str> {
        self.inside_quotation
            .then_some(INSIDE_QUOTATION_MARKER)
            .into_iter()
    }
}

/// Follows the sentences of one article in reading order.
///
/// ```
/// use framing::text::ContextTracker;
///
/// let mut tracker = ContextTracker::default();
/// let sentences = [
///     "“We were told to wait.",
///     "Nobody came.",
///     "Then the water rose,” she said.",
///     "The river fell on Monday.",
/// ];
/// let inside: Vec<bool> = sentences
///     .iter()
///     .map(|s| tracker.next(s).inside_quotation)
///     .collect();
/// assert_eq!(inside, [false, true, true, false]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ContextTracker {
    quotation_open: bool,
}

impl ContextTracker {
    /// The context of `sentence`, the next sentence of the article; then takes it into account
    /// for the sentences after it.
    pub fn next(&mut self, sentence: &str) -> SentenceContext {
        let context = SentenceContext {
            inside_quotation: self.quotation_open,
        };
        if let Some(opens) = last_quotation_mark_opens(sentence) {
            self.quotation_open = opens;
        }
        context
    }

    /// A paragraph ends: a quotation left open does not run on (a quotation that continues into
    /// the next paragraph reopens with a mark of its own, by the typographic convention).
    pub fn paragraph_break(&mut self) {
        self.quotation_open = false;
    }
}

/// Whether the last double quotation mark of `text` opens a quotation (`Some(true)`) or closes
/// one (`Some(false)`); `None` when it has none.
///
/// Curly and angle marks say which they are. A straight `"` (or `″`) opens when it follows a
/// space, the start or an opening bracket or dash, closes when a space, the end or punctuation
/// follows it, and otherwise does the opposite of the mark before it.
fn last_quotation_mark_opens(text: &str) -> Option<bool> {
    let mut last = None;
    // Every double quotation mark starts with one of these bytes (`"`, the first byte of
    // “ ” „ ‟ ″, of « »): sentences are scanned as bytes and decoded only there, as
    // classification reads every one.
    let candidates = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| matches!(b, b'"' | 0xE2 | 0xC2))
        .map(|(i, _)| i);
    for i in candidates {
        let mut after = text[i..].chars();
        let Some(mark) = after.next().filter(|&c| is_double_quote(c)) else {
            continue;
        };
        last = Some(match mark {
            '\u{201C}' | '\u{201E}' | '\u{201F}' | '«' => true,
            '\u{201D}' | '»' => false,
            _ => straight_quote_opens(text[..i].chars().next_back(), after.next(), last),
        });
    }
    last
}

fn straight_quote_opens(prev: Option<char>, next: Option<char>, last: Option<bool>) -> bool {
    let opening_side = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | ':'))
    };
    let closing_side = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation() || matches!(c, '—' | '–'))
    };
    if opening_side(prev) {
        true
    } else if closing_side(next) {
        false
    } else {
        last != Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(sentences: &[&str]) -> Vec<bool> {
        let mut tracker = ContextTracker::default();
        sentences
            .iter()
            .map(|s| tracker.next(s).inside_quotation)
            .collect()
    }

    #[test]
    fn the_last_mark_decides_and_its_direction_is_read_from_its_neighbours() {
        for (text, expected) in [
            ("No marks at all.", None),
            ("“Opens and never closes.", Some(true)),
            ("Closes here,” he said.", Some(false)),
            ("He said “it is over” on Monday.", Some(false)),
            ("He said \"it is over\" on Monday.", Some(false)),
            ("He said: \"We will stay.", Some(true)),
            ("\"We will stay,\" he said, \"and then", Some(true)),
            ("The end of it.\"", Some(false)),
            ("«Nous restons.", Some(true)),
            ("It is the mayor’s decision.", None),
            ("He called it \u{2033}fair\u{2033} and left.", Some(false)),
        ] {
            assert_eq!(last_quotation_mark_opens(text), expected, "{text}");
        }
    }

    #[test]
    fn a_quotation_over_several_sentences_carries_into_the_middle_ones() {
        assert_eq!(
            inside(&[
                "The minister spoke for an hour.",
                "\"Our ports are open.",
                "Our roads are open.",
                "Our schools will open in May,\" she said.",
                "Critics were unconvinced.",
            ]),
            [false, false, true, true, false]
        );
    }

    #[test]
    fn a_closed_quotation_and_scare_quotes_carry_nothing() {
        assert_eq!(
            inside(&[
                "“We will rebuild,” the mayor said.",
                "The so-called “reform” passed.",
                "It rained.",
            ]),
            [false, false, false]
        );
    }

    #[test]
    fn a_paragraph_break_closes_an_open_quotation() {
        let mut tracker = ContextTracker::default();
        tracker.next("“We will rebuild the bridge.");
        tracker.paragraph_break();
        assert!(!tracker.next("Traffic resumed on Friday.").inside_quotation);
    }
}
