//! Tokenizing: a sentence becomes lowercased, stemmed word tokens plus the punctuation that
//! signals framing (quotation marks, colons, question and exclamation marks).

use std::fmt;

use serde::{Deserialize, Serialize};

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

/// What kind of token a run of characters is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Number,
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
        let mut tokens = Vec::new();
        self.tokenize_into(text, &mut tokens);
        tokens
    }

    /// Replaces the contents of `tokens` with the tokens of `text`, so that a caller can reuse
    /// one buffer.
    pub fn tokenize_into(&self, text: &str, tokens: &mut Vec<String>) {
        tokens.clear();
        let chars: Vec<char> = text.chars().collect();
        let mut word = String::new();
        let mut kind = TokenKind::Word;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
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
                word.extend(c.to_lowercase());
            } else if !word.is_empty() && joins_word(c, prev, next) {
                word.push(if is_apostrophe(c) { '\'' } else { c });
            } else {
                self.flush(&mut word, kind, tokens);
                if is_double_quote(c) || (is_apostrophe(c) && quotes_alone(prev, next)) {
                    tokens.push(if is_double_quote(c) {
                        QUOTE_TOKEN.to_string()
                    } else {
                        SINGLE_QUOTE_TOKEN.to_string()
                    });
                } else if matches!(c, ':' | '?' | '!') {
                    tokens.push(c.to_string());
                }
            }
            i += 1;
        }
        self.flush(&mut word, kind, tokens);
        if let Some(cues) = &self.cues {
            cues.add_markers(tokens);
        }
    }

    fn flush(&self, word: &mut String, kind: TokenKind, tokens: &mut Vec<String>) {
        if word.is_empty() {
            return;
        }
        // Abbreviations (`u.s`) and numbers are kept whole: stemmers are made for words.
        let token = match (&self.stemmer, kind) {
            (Some(stemmer), TokenKind::Word) if !word.contains('.') => {
                stemmer.stem(word).into_owned()
            }
            _ => word.clone(),
        };
        tokens.push(token);
        word.clear();
    }
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

fn is_double_quote(c: char) -> bool {
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
