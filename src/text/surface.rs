//! Surface forms: the word as written (lowercased) behind each stem, so that a feature such as
//! `accus the` can be shown to people as `accused the`. Learned from the training texts: each
//! stem keeps its most frequent surface word.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::cues::MARKER_PREFIX;
use super::tokenize::{Tokenizer, TokenizerConfig};

/// The most frequent surface word of each stem whose surface differs from it (a word that is its
/// own surface form is left out, which keeps model files small).
///
/// ```
/// use framing::text::{SurfaceForms, TokenizerConfig};
///
/// let texts = ["Police accused him.", "They accused her; she accuses them."];
/// let forms = SurfaceForms::learn(&TokenizerConfig::default(), &texts, |_| true);
/// assert_eq!(forms.get("accus"), Some("accused"));
/// assert_eq!(forms.render("accus him"), "accused him");
/// assert_eq!(forms.render("#cue:hedge"), "#cue:hedge");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SurfaceForms(BTreeMap<String, String>);

impl SurfaceForms {
    /// Learns the surface forms of the stems of `texts` tokenized with `config`, keeping only the
    /// stems for which `keep` is true (the words of the vocabulary).
    pub fn learn<S: AsRef<str> + Sync>(
        config: &TokenizerConfig,
        texts: &[S],
        keep: impl Fn(&str) -> bool + Sync,
    ) -> SurfaceForms {
        if config.stemmer.is_none() {
            return SurfaceForms::default();
        }
        // The same tokenization without stemming gives the surface words one for one.
        let plain = Tokenizer::new(TokenizerConfig {
            stemmer: None,
            cues: false,
        });
        let stemmed = Tokenizer::new(TokenizerConfig {
            cues: false,
            ..config.clone()
        });
        // Counted in parallel: the sums, and so the choice below, are the same in any order.
        let counts = texts
            .par_iter()
            .fold(
                FxHashMap::<(String, String), usize>::default,
                |mut counts, text| {
                    let text = text.as_ref();
                    let words = plain.tokenize(text);
                    let stems = stemmed.tokenize(text);
                    if words.len() == stems.len() {
                        for (stem, word) in stems.into_iter().zip(words) {
                            if stem != word && keep(&stem) {
                                *counts.entry((stem, word)).or_default() += 1;
                            }
                        }
                    }
                    counts
                },
            )
            .reduce(FxHashMap::default, |mut a, b| {
                for (pair, count) in b {
                    *a.entry(pair).or_default() += count;
                }
                a
            });
        // Per stem the most frequent word; ties go to the alphabetically first, for determinism.
        let mut best: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for ((stem, word), count) in counts {
            let entry = best.entry(stem).or_insert((0, String::new()));
            if count > entry.0 || (count == entry.0 && word < entry.1) {
                *entry = (count, word);
            }
        }
        SurfaceForms(
            best.into_iter()
                .map(|(stem, (_, word))| (stem, word))
                .collect(),
        )
    }

    /// The surface word of `stem`, when it differs from the stem.
    pub fn get(&self, stem: &str) -> Option<&str> {
        self.0.get(stem).map(String::as_str)
    }

    /// Whether no surface form is known (a model trained without stemming, or an older file).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A vocabulary term as people read it: each word of a word n-gram replaced by its surface
    /// form; cue markers and other terms unchanged.
    pub fn render(&self, term: &str) -> String {
        if term.starts_with(MARKER_PREFIX) {
            return term.to_string();
        }
        term.split(' ')
            .map(|word| self.get(word).unwrap_or(word))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_frequent_surface_word_wins_and_ties_are_alphabetical() {
        let texts = [
            "Reports reported reporting.",
            "The reports said so.",
            "Officials deny, denied.",
        ];
        let forms = SurfaceForms::learn(&TokenizerConfig::default(), &texts, |_| true);
        assert_eq!(forms.get("report"), Some("reports"));
        assert_eq!(forms.get("deni"), Some("denied"));
        assert_eq!(forms.get("said"), None, "`said` is its own stem");
    }

    #[test]
    fn only_kept_stems_are_stored_and_no_stemmer_means_no_forms() {
        let texts = ["Officials denied it."];
        let forms = SurfaceForms::learn(&TokenizerConfig::default(), &texts, |s| s == "deni");
        assert_eq!(forms.get("offici"), None);
        assert_eq!(forms.get("deni"), Some("denied"));
        let unstemmed = TokenizerConfig {
            stemmer: None,
            cues: true,
        };
        assert!(SurfaceForms::learn(&unstemmed, &texts, |_| true).is_empty());
    }

    #[test]
    fn renders_n_grams_word_by_word() {
        let forms = SurfaceForms::learn(
            &TokenizerConfig::default(),
            &["Officials accused the rebels."],
            |_| true,
        );
        let cases = [
            ("accus the", "accused the"),
            ("offici", "officials"),
            ("unknown word", "unknown word"),
            ("#cue:accusation", "#cue:accusation"),
        ];
        for (term, shown) in cases {
            assert_eq!(forms.render(term), shown, "rendering {term:?}");
        }
    }
}
