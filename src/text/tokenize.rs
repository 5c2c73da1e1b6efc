//! Tokenizing: a sentence becomes lowercased, stemmed word tokens plus the punctuation that
//! signals framing (quotation marks, colons, question and exclamation marks).

use std::fmt;

use serde::{Deserialize, Serialize};

use rustc_hash::FxHashMap;

use super::context::SentenceContext;
use super::cues::CueLexicon;

/// The token every double quotation mark (straight, curly, guillemet) becomes: quotation is a
/// framing device, so its marks are features.
pub const QUOTE_TOKEN: &str = "\"";
/// The token a single quotation mark becomes when it is not an apostrophe inside a word.
pub const SINGLE_QUOTE_TOKEN: &str = "'";

/// The stemming algorithms of `rust-stemmers`, by language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum StemLanguage {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl StemLanguage {
    /// Every language, in the order of the `rust-stemmers` algorithm list.
    pub const ALL: [StemLanguage; 18] = [
        StemLanguage::Arabic,
        StemLanguage::Danish,
        StemLanguage::Dutch,
        StemLanguage::English,
        StemLanguage::Finnish,
        StemLanguage::French,
        StemLanguage::German,
        StemLanguage::Greek,
        StemLanguage::Hungarian,
        StemLanguage::Italian,
        StemLanguage::Norwegian,
        StemLanguage::Portuguese,
        StemLanguage::Romanian,
        StemLanguage::Russian,
        StemLanguage::Spanish,
        StemLanguage::Swedish,
        StemLanguage::Tamil,
        StemLanguage::Turkish,
    ];

    fn algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            StemLanguage::Arabic => A::Arabic,
            StemLanguage::Danish => A::Danish,
            StemLanguage::Dutch => A::Dutch,
            StemLanguage::English => A::English,
            StemLanguage::Finnish => A::Finnish,
            StemLanguage::French => A::French,
            StemLanguage::German => A::German,
            StemLanguage::Greek => A::Greek,
            StemLanguage::Hungarian => A::Hungarian,
            StemLanguage::Italian => A::Italian,
            StemLanguage::Norwegian => A::Norwegian,
            StemLanguage::Portuguese => A::Portuguese,
            StemLanguage::Romanian => A::Romanian,
            StemLanguage::Russian => A::Russian,
            StemLanguage::Spanish => A::Spanish,
            StemLanguage::Swedish => A::Swedish,
            StemLanguage::Tamil => A::Tamil,
            StemLanguage::Turkish => A::Turkish,
        }
    }
}

impl fmt::Display for StemLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = serde_json::to_value(self).expect("a unit enum serializes to a string");
        f.write_str(name.as_str().unwrap_or_default())
    }
}

impl std::str::FromStr for StemLanguage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StemLanguage::ALL
            .into_iter()
            .find(|language| language.to_string().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let known: Vec<String> = StemLanguage::ALL.iter().map(|l| l.to_string()).collect();
                format!("unknown stemmer `{s}` (known: {})", known.join(", "))
            })
    }
}

/// Tokenizer settings, stored in the model file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenizerConfig {
    /// Stemming language; `None` keeps words as they are (lowercased).
    pub stemmer: Option<StemLanguage>,
    /// Add cue-lexicon marker tokens ([`super::cues`]).
    #[serde(default)]
    pub cues: bool,
}

impl Default for TokenizerConfig {
    fn default() -> Self {
        TokenizerConfig {
            stemmer: Some(StemLanguage::English),
            cues: true,
        }
    }
}

/// Turns text into tokens.
///
/// ```
/// use framing::text::{Tokenizer, TokenizerConfig};
///
/// let tokenizer = Tokenizer::new(TokenizerConfig { cues: false, ..TokenizerConfig::default() });
/// let tokens = tokenizer.tokenize("Officials “strongly denied” the U.S. reports, Mr. O’Neill said.");
/// assert_eq!(
///     tokens,
///     ["offici", "\"", "strong", "deni", "\"", "the", "u.s", "report", "mr", "o'neil", "said"]
/// );
/// ```
pub struct Tokenizer {
    config: TokenizerConfig,
    stemmer: Option<rust_stemmers::Stemmer>,
    cues: Option<CueLexicon>,
}

impl fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokenizer")
            .field("config", &self.config)
            .finish()
    }
}

impl Clone for Tokenizer {
    fn clone(&self) -> Self {
        Tokenizer::new(self.config.clone())
    }
}

impl Tokenizer {
    /// A tokenizer with the given settings.
    pub fn new(config: TokenizerConfig) -> Self {
        let stemmer = config
            .stemmer
            .map(|language| rust_stemmers::Stemmer::create(language.algorithm()));
        let mut tokenizer = Tokenizer {
            config,
            stemmer,
            cues: None,
        };
        if tokenizer.config.cues {
            tokenizer.cues = Some(CueLexicon::new(|phrase| tokenizer.tokenize(phrase)));
        }
        tokenizer
    }

    /// The settings this tokenizer was built with.
    pub fn config(&self) -> &TokenizerConfig {
        &self.config
    }

    /// The tokens of `text`, in order.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        self.tokenize_in_context(text, SentenceContext::default())
    }

    /// The tokens of `text`, a sentence read in `context` (whose markers end the tokens).
    pub fn tokenize_in_context(&self, text: &str, context: SentenceContext) -> Vec<String> {
        let mut scratch = TokenScratch::default();
        self.tokenize_with(text, context, &mut scratch).to_vec()
    }

    /// [`Tokenizer::tokenize_in_context`], built in `scratch` so that tokenizing many texts
    /// reuses its buffers and its cache of stems.
    pub fn tokenize_with<'s>(
        &self,
        text: &str,
        context: SentenceContext,
        scratch: &'s mut TokenScratch,
    ) -> &'s [String] {
        scratch.tokens.len = 0;
        let mut word = std::mem::take(&mut scratch.word);
        word.clear();
        let mut kind = TokenKind::Word;
        let mut prev: Option<char> = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            if c.is_alphanumeric() {
                if word.is_empty() {
                    kind = if c.is_numeric() {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    };
                } else if !c.is_numeric() {
                    kind = TokenKind::Word;
                }
                if c.is_ascii() {
                    word.push(c.to_ascii_lowercase());
                } else {
                    word.extend(c.to_lowercase());
                }
            } else if !word.is_empty() && joins_word(c, prev, next) {
                word.push(if is_apostrophe(c) { '\'' } else { c });
            } else {
                self.flush(&mut word, kind, scratch);
                if is_double_quote(c) {
                    scratch.tokens.push(QUOTE_TOKEN);
                } else if is_apostrophe(c) && quotes_alone(prev, next) {
                    scratch.tokens.push(SINGLE_QUOTE_TOKEN);
                } else if matches!(c, ':' | '?' | '!') {
                    scratch.tokens.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            prev = Some(c);
        }
        self.flush(&mut word, kind, scratch);
        scratch.word = word;
        if let Some(cues) = &self.cues {
            cues.markers(scratch.tokens.as_slice(), &mut scratch.markers);
            for marker in scratch.markers.drain(..) {
                scratch.tokens.push(marker);
            }
        }
        for marker in context.markers() {
            scratch.tokens.push(marker);
        }
        scratch.tokens.as_slice()
    }

    fn flush(&self, word: &mut String, kind: TokenKind, scratch: &mut TokenScratch) {
        if word.is_empty() {
            return;
        }
        // Abbreviations (`u.s`) and numbers are kept whole: stemmers are made for words.
        match (&self.stemmer, kind) {
            (Some(stemmer), TokenKind::Word) if !word.contains('.') => {
                if scratch.stems.len() > STEM_CACHE_LIMIT {
                    scratch.stems.clear();
                }
                if !scratch.stems.contains_key(word.as_str()) {
                    let stem = stemmer.stem(word).into_owned();
                    scratch.stems.insert(word.clone(), stem);
                }
                scratch.tokens.push(&scratch.stems[word.as_str()]);
            }
            _ => scratch.tokens.push(word),
        }
        word.clear();
    }
}

/// Words cached per scratch before the cache is emptied (bounds memory on endless streams).
const STEM_CACHE_LIMIT: usize = 200_000;

/// Token strings kept between texts, so that their allocations are reused.
#[derive(Debug, Default, Clone)]
struct TokenStore {
    items: Vec<String>,
    len: usize,
}

impl TokenStore {
    fn push(&mut self, token: &str) {
        if self.len < self.items.len() {
            let slot = &mut self.items[self.len];
            slot.clear();
            slot.push_str(token);
        } else {
            self.items.push(token.to_owned());
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[String] {
        &self.items[..self.len]
    }
}

/// Reusable buffers for tokenizing many texts: token storage and a cache of stems by word.
#[derive(Debug, Default, Clone)]
pub struct TokenScratch {
    tokens: TokenStore,
    word: String,
    markers: Vec<&'static str>,
    stems: FxHashMap<String, String>,
}

impl TokenScratch {
    /// Empty buffers.
    pub fn new() -> Self {
        Self::default()
    }
}

/// What kind of token a run of characters is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Number,
}

/// Inside a word, an apostrophe (`O’Neill`, `don't`), a hyphen (`so-called`) or a dot between
/// letters or digits (`U.S`, `2.5`) keeps the word together; a comma only between digits
/// (`1,000`).
fn joins_word(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let (Some(prev), Some(next)) = (prev, next) else {
        return false;
    };
    let both_alnum = prev.is_alphanumeric() && next.is_alphanumeric();
    match c {
        ',' => prev.is_numeric() && next.is_numeric(),
        '.' | '-' | '\u{2010}' | '\u{2011}' => both_alnum,
        c if is_apostrophe(c) => prev.is_alphabetic() && next.is_alphabetic(),
        _ => false,
    }
}

/// Whether `c` is a double quotation mark (the tokenizer's `"` token; the marks
/// [`super::context`] follows).
pub(super) fn is_double_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '«' | '»' | '\u{2033}'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '‹' | '›' | '\u{2032}')
}

/// A single quotation mark is a quote token unless it is a possessive ending (`leaders'`).
fn quotes_alone(prev: Option<char>, next: Option<char>) -> bool {
    let possessive = prev.is_some_and(|p| p == 's' || p == 'S')
        && next.is_none_or(|n| n.is_whitespace() || n == ',' || n == '.');
    !possessive
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Tokenizer {
        Tokenizer::new(TokenizerConfig {
            stemmer: None,
            cues: false,
        })
    }

    #[test]
    fn splits_words_numbers_and_framing_punctuation() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The deal is worth $2.5 billion.",
                &["the", "deal", "is", "worth", "2.5", "billion"],
            ),
            (
                "Some 1,200 troops; 3 tanks",
                &["some", "1,200", "troops", "3", "tanks"],
            ),
            (
                "Minister: talks over?",
                &["minister", ":", "talks", "over", "?"],
            ),
            (
                "the so-called “reforms”",
                &["the", "so-called", "\"", "reforms", "\""],
            ),
            (
                "It's the leaders' choice",
                &["it's", "the", "leaders", "choice"],
            ),
            (
                "He called it 'a farce'.",
                &["he", "called", "it", "'", "a", "farce", "'"],
            ),
            (
                "«Нет», сказал Путин",
                &["\"", "нет", "\"", "сказал", "путин"],
            ),
            (
                "U.S. and E.U. officials",
                &["u.s", "and", "e.u", "officials"],
            ),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(plain().tokenize(text), *expected, "tokenizing {text:?}");
        }
    }

    #[test]
    fn stems_with_the_chosen_language() {
        let english = Tokenizer::new(TokenizerConfig {
            cues: false,
            ..TokenizerConfig::default()
        });
        assert_eq!(english.tokenize("Reporters reported"), ["report", "report"]);
        let russian = Tokenizer::new(TokenizerConfig {
            stemmer: Some(StemLanguage::Russian),
            cues: false,
        });
        assert_eq!(
            russian.tokenize("Запад провоцирует конфликты"),
            ["запад", "провоцир", "конфликт"]
        );
    }

    #[test]
    fn numbers_are_not_stemmed() {
        let english = Tokenizer::new(TokenizerConfig {
            cues: false,
            ..TokenizerConfig::default()
        });
        assert_eq!(english.tokenize("In 1990s"), ["in", "1990s"]);
        assert_eq!(english.tokenize("2024"), ["2024"]);
    }

    #[test]
    fn stem_language_names_round_trip() {
        for language in StemLanguage::ALL {
            assert_eq!(language.to_string().parse::<StemLanguage>(), Ok(language));
        }
        assert!("klingon".parse::<StemLanguage>().is_err());
    }
}
