//! TF-IDF features over word n-grams (and optionally character n-grams) of a token sequence,
//! with scikit-learn's formulas: `idf = ln((1 + n) / (1 + df)) + 1` (smooth IDF), optional
//! sublinear term frequency `1 + ln(tf)`, rows normalised to unit L2 length. The vocabulary and
//! IDF are fixed at fit time, so a sentence gets the same row alone or in a batch.
//!
//! Unlike scikit-learn, words too rare to be features (and words never seen) can become one
//! placeholder word, [`UNKNOWN_WORD`], before word n-grams are built. Real news is full of names
//! the training sentences never had; as placeholders they still weigh in the row's length and
//! give n-grams such as `said <unknown>`, instead of vanishing and leaving a short row whose few
//! known words weigh far more than in training.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::counts::{Frequency, TermCounts};
use super::sparse::{CsrMatrix, SparseRow};
use crate::error::{Error, Result};
use crate::text::cues::MARKER_PREFIX;

/// Character n-gram features are kept apart from word features by this prefix (a word token
/// never contains a space, a character n-gram of a padded word always starts with one or
/// follows this marker).
const CHAR_NGRAM_PREFIX: char = '\u{1}';

/// The word n-gram token of a word too rare to be a feature, when
/// [`TfidfConfig::unknown_words`] is on (the tokenizer never makes a token with `<`).
pub const UNKNOWN_WORD: &str = "<unknown>";

/// Featurizer settings, stored in the model file. Build them with [`TfidfConfig::builder`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfConfig {
    /// Smallest and largest word n-gram length.
    pub word_ngrams: (usize, usize),
    /// Smallest and largest character n-gram length inside words, if any.
    pub char_ngrams: Option<(usize, usize)>,
    /// Drop terms found in fewer documents than this.
    pub min_df: usize,
    /// Drop terms found in more than this fraction of documents.
    pub max_df: f64,
    /// Keep at most this many terms, the most frequent ones.
    pub max_features: Option<usize>,
    /// Use `1 + ln(tf)` instead of raw counts.
    pub sublinear_tf: bool,
    /// Words found in fewer than `min_df` training documents, and unseen words, become
    /// [`UNKNOWN_WORD`] in word n-grams. Off in model files written before it existed.
    #[serde(default)]
    pub unknown_words: bool,
}

impl Default for TfidfConfig {
    fn default() -> Self {
        TfidfConfig {
            word_ngrams: (1, 2),
            char_ngrams: None,
            min_df: 1,
            max_df: 1.0,
            max_features: None,
            sublinear_tf: true,
            unknown_words: true,
        }
    }
}

impl TfidfConfig {
    /// A builder starting from the defaults (word 1–2-grams, sublinear tf, no cut-offs, unknown
    /// words as placeholders).
    ///
    /// ```
    /// use framing::features::TfidfConfig;
    ///
    /// let config = TfidfConfig::builder().word_ngrams(1, 3).min_df(2).build().unwrap();
    /// assert_eq!(config.word_ngrams, (1, 3));
    /// assert!(TfidfConfig::builder().word_ngrams(2, 1).build().is_err());
    /// ```
    pub fn builder() -> TfidfConfigBuilder {
        TfidfConfigBuilder(TfidfConfig::default())
    }

    /// Checks that every setting is in range.
    pub fn validate(&self) -> Result<()> {
        let check_range = |name: &str, (low, high): (usize, usize)| {
            if low == 0 || low > high {
                Err(Error::Config(format!(
                    "{name} n-gram range {low}..={high} must satisfy 1 <= min <= max"
                )))
            } else {
                Ok(())
            }
        };
        check_range("word", self.word_ngrams)?;
        if let Some(range) = self.char_ngrams {
            check_range("character", range)?;
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::Config(format!(
                "max_df {} must be a fraction in (0, 1]",
                self.max_df
            )));
        }
        if self.min_df == 0 {
            return Err(Error::Config("min_df must be at least 1".into()));
        }
        if self.max_features == Some(0) {
            return Err(Error::Config("max_features must be at least 1".into()));
        }
        Ok(())
    }
}

/// Builds a checked [`TfidfConfig`].
#[derive(Debug, Clone)]
pub struct TfidfConfigBuilder(TfidfConfig);

impl TfidfConfigBuilder {
    /// Word n-gram lengths `min..=max`.
    pub fn word_ngrams(mut self, min: usize, max: usize) -> Self {
        self.0.word_ngrams = (min, max);
        self
    }
    /// Character n-gram lengths `min..=max` inside words, or `None`.
    pub fn char_ngrams(mut self, range: Option<(usize, usize)>) -> Self {
        self.0.char_ngrams = range;
        self
    }
    /// Minimum document frequency (a count).
    pub fn min_df(mut self, min_df: usize) -> Self {
        self.0.min_df = min_df;
        self
    }
    /// Maximum document frequency (a fraction of documents).
    pub fn max_df(mut self, max_df: f64) -> Self {
        self.0.max_df = max_df;
        self
    }
    /// Maximum vocabulary size.
    pub fn max_features(mut self, max_features: Option<usize>) -> Self {
        self.0.max_features = max_features;
        self
    }
    /// Sublinear term frequency.
    pub fn sublinear_tf(mut self, sublinear_tf: bool) -> Self {
        self.0.sublinear_tf = sublinear_tf;
        self
    }
    /// Rare and unseen words as [`UNKNOWN_WORD`] in word n-grams.
    pub fn unknown_words(mut self, unknown_words: bool) -> Self {
        self.0.unknown_words = unknown_words;
        self
    }
    /// The checked settings.
    pub fn build(self) -> Result<TfidfConfig> {
        self.0.validate()?;
        Ok(self.0)
    }
}

/// A fitted TF-IDF featurizer: settings, vocabulary (sorted, so its order is deterministic) and
/// IDF weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TfidfState", into = "TfidfState")]
pub struct Tfidf {
    config: TfidfConfig,
    terms: Vec<String>,
    idf: Vec<f64>,
    /// Words frequent enough to be known that are in no term (cut by `max_df` or
    /// `max_features`): they must not become placeholders.
    known_without_terms: Vec<String>,
    index: NgramIndex,
}

/// The vocabulary's word n-grams as word ids, so that looking up a sentence's n-grams hashes each
/// token once and then only integers (character n-grams are looked up by string).
#[derive(Debug, Clone, Default, PartialEq)]
struct NgramIndex {
    /// Every word of a word n-gram term.
    words: FxHashMap<String, u32>,
    /// Feature of each word as a unigram term (`NONE` when it is only part of longer n-grams).
    unigrams: Vec<u32>,
    /// Features of two-word terms, keyed by both word ids.
    bigrams: FxHashMap<(u32, u32), u32>,
    /// Features of longer terms.
    longer: FxHashMap<Vec<u32>, u32>,
    /// Features of character n-gram terms.
    char_terms: FxHashMap<String, u32>,
    /// Word id of [`UNKNOWN_WORD`] (`NONE` when it is not in use).
    unknown_word: u32,
}

const NONE: u32 = u32::MAX;

impl NgramIndex {
    fn new(terms: &[String], known_without_terms: &[String], unknown_words: bool) -> Self {
        let mut index = NgramIndex::default();
        for (feature, term) in terms.iter().enumerate() {
            let feature = feature as u32;
            if term.starts_with(CHAR_NGRAM_PREFIX) {
                index.char_terms.insert(term.clone(), feature);
                continue;
            }
            let ids: Vec<u32> = term.split(' ').map(|word| index.word_id(word)).collect();
            match ids[..] {
                [id] => index.unigrams[id as usize] = feature,
                [a, b] => {
                    index.bigrams.insert((a, b), feature);
                }
                _ => {
                    index.longer.insert(ids, feature);
                }
            }
        }
        index.unknown_word = match index.words.get(UNKNOWN_WORD) {
            Some(&id) if unknown_words => id,
            _ => NONE,
        };
        index.add_words(known_without_terms);
        index
    }

    /// Makes `words` known words of no term (they then stay themselves, not the placeholder).
    fn add_words(&mut self, words: &[String]) {
        for word in words {
            self.word_id(word);
        }
    }

    /// The word id of a token: its own, `NONE` for a marker or a word the featurizer ignores, or
    /// the placeholder's.
    fn id(&self, token: &str) -> u32 {
        match self.words.get(token) {
            Some(&id) => id,
            None if token.starts_with(MARKER_PREFIX) => NONE,
            None => self.unknown_word,
        }
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let id = self.unigrams.len() as u32;
        self.words.insert(word.to_owned(), id);
        self.unigrams.push(NONE);
        id
    }
}

/// The serialized form of [`Tfidf`]: the lookup index is rebuilt on load.
#[derive(Serialize, Deserialize)]
struct TfidfState {
    config: TfidfConfig,
    terms: Vec<String>,
    idf: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    known_without_terms: Vec<String>,
}

impl TryFrom<TfidfState> for Tfidf {
    type Error = String;

    fn try_from(state: TfidfState) -> Result<Self, String> {
        if state.terms.len() != state.idf.len() {
            return Err(format!(
                "featurizer has {} terms but {} IDF weights",
                state.terms.len(),
                state.idf.len()
            ));
        }
        state.config.validate().map_err(|e| e.to_string())?;
        Ok(Tfidf::from_parts(
            state.config,
            state.terms,
            state.idf,
            state.known_without_terms,
        ))
    }
}

impl From<Tfidf> for TfidfState {
    fn from(tfidf: Tfidf) -> Self {
        TfidfState {
            config: tfidf.config,
            terms: tfidf.terms,
            idf: tfidf.idf,
            known_without_terms: tfidf.known_without_terms,
        }
    }
}

impl Tfidf {
    fn from_parts(
        config: TfidfConfig,
        terms: Vec<String>,
        idf: Vec<f64>,
        known_without_terms: Vec<String>,
    ) -> Self {
        let index = NgramIndex::new(&terms, &known_without_terms, config.unknown_words);
        Tfidf {
            config,
            terms,
            idf,
            known_without_terms,
            index,
        }
    }

    /// Learns the vocabulary and IDF weights from tokenized documents.
    ///
    /// ```
    /// use framing::features::{Tfidf, TfidfConfig};
    ///
    /// let docs = vec![vec!["he".to_string(), "said".to_string()], vec!["she".to_string(), "said".to_string()]];
    /// let tfidf = Tfidf::fit(TfidfConfig::builder().word_ngrams(1, 1).build().unwrap(), &docs).unwrap();
    /// assert_eq!(tfidf.terms(), ["he", "said", "she"]);
    /// ```
    pub fn fit(config: TfidfConfig, documents: &[Vec<String>]) -> Result<Self> {
        config.validate()?;
        let counts = TermCounts::new(&config, documents);
        // Borrowed from `documents`, so they outlive `counts`; spelled out below only when kept.
        let known_words: Vec<&str> = counts.known_words().to_vec();
        let n = documents.len();
        let max_df = (config.max_df * n as f64).floor() as usize;
        let mut kept: Vec<(String, Frequency)> = counts.into_terms(|frequency| {
            frequency.documents >= config.min_df && frequency.documents <= max_df.max(1)
        });
        if kept.is_empty() {
            return Err(Error::Data(format!(
                "no term is left after min_df {} and max_df {} over {n} documents",
                config.min_df, config.max_df
            )));
        }
        if let Some(max_features) = config.max_features {
            kept.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
            kept.truncate(max_features);
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let idf = kept
            .iter()
            .map(|(_, frequency)| {
                ((1.0 + n as f64) / (1.0 + frequency.documents as f64)).ln() + 1.0
            })
            .collect();
        let terms: Vec<String> = kept.into_iter().map(|(term, _)| term).collect();
        let mut tfidf = Tfidf::from_parts(config, terms, idf, Vec::new());
        // Known words are only counted with placeholders on, so this is empty otherwise.
        let mut known_without_terms: Vec<String> = known_words
            .into_iter()
            .filter(|word| !tfidf.index.words.contains_key(*word))
            .map(str::to_string)
            .collect();
        known_without_terms.sort_unstable();
        tfidf.index.add_words(&known_without_terms);
        tfidf.known_without_terms = known_without_terms;
        Ok(tfidf)
    }

    /// The settings.
    pub fn config(&self) -> &TfidfConfig {
        &self.config
    }

    /// The vocabulary, in feature order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The IDF weight of each feature.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Whether `word` is part of some word n-gram term of the vocabulary.
    pub fn has_word(&self, word: &str) -> bool {
        self.index.words.contains_key(word)
    }

    /// Whether `term` is a character n-gram (shown as `[chars]`, its padding spaces included).
    pub fn char_ngram(term: &str) -> Option<&str> {
        term.strip_prefix(CHAR_NGRAM_PREFIX)
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the vocabulary is empty (never true for a fitted featurizer).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The L2-normalised TF-IDF row of one tokenized document.
    pub fn transform(&self, tokens: &[String]) -> SparseRow {
        let mut row = SparseRow::default();
        self.transform_into(tokens, &mut FeatureScratch::default(), &mut row);
        row
    }

    /// [`Tfidf::transform`] into `row`, reusing `scratch` and `row`'s buffers.
    pub fn transform_into(
        &self,
        tokens: &[String],
        scratch: &mut FeatureScratch,
        row: &mut SparseRow,
    ) {
        let FeatureScratch { hits, term, ids } = scratch;
        hits.clear();
        self.word_ngram_hits(tokens, ids, hits);
        if self.config.char_ngrams.is_some() {
            let index = &self.index.char_terms;
            for_each_char_ngram(&self.config, tokens, term, |term| {
                if let Some(&i) = index.get(term) {
                    hits.push(i);
                }
            });
        }
        hits.sort_unstable();
        row.indices.clear();
        row.values.clear();
        for run in hits.chunk_by(|a, b| a == b) {
            let tf = run.len() as f64;
            let tf = if self.config.sublinear_tf {
                1.0 + tf.ln()
            } else {
                tf
            };
            row.indices.push(run[0]);
            row.values.push(tf * self.idf[run[0] as usize]);
        }
        let norm = row.values.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            row.values.iter_mut().for_each(|v| *v /= norm);
        }
    }

    /// Pushes the feature of every word n-gram of `tokens` that is in the vocabulary, the same
    /// terms [`for_each_term`] builds as strings.
    fn word_ngram_hits(&self, tokens: &[String], ids: &mut Vec<u32>, hits: &mut Vec<u32>) {
        let index = &self.index;
        ids.clear();
        ids.extend(tokens.iter().map(|t| index.id(t)));
        let (low, high) = self.config.word_ngrams;
        for start in 0..ids.len() {
            if ids[start] == NONE {
                continue;
            }
            if tokens[start].starts_with(MARKER_PREFIX) {
                // Markers are whole features on their own, never parts of n-grams.
                let feature = index.unigrams[ids[start] as usize];
                if feature != NONE {
                    hits.push(feature);
                }
                continue;
            }
            for n in low.max(1)..=high.min(ids.len() - start) {
                let window = &ids[start..start + n];
                if window[n - 1] == NONE || tokens[start + n - 1].starts_with(MARKER_PREFIX) {
                    break;
                }
                let feature = match window {
                    [id] => Some(index.unigrams[*id as usize]),
                    [a, b] => index.bigrams.get(&(*a, *b)).copied(),
                    _ => index.longer.get(window).copied(),
                };
                if let Some(feature) = feature.filter(|&f| f != NONE) {
                    hits.push(feature);
                }
            }
        }
    }

    /// The rows of many tokenized documents, featurized in parallel.
    pub fn transform_all(&self, documents: &[Vec<String>]) -> CsrMatrix {
        let rows: Vec<SparseRow> = documents
            .par_iter()
            .map_init(FeatureScratch::default, |scratch, tokens| {
                let mut row = SparseRow::default();
                self.transform_into(tokens, scratch, &mut row);
                row
            })
            .collect();
        CsrMatrix::from_rows(self.len(), rows)
    }
}

/// Calls `visit` with every character n-gram of the words of `tokens`.
pub(super) fn for_each_char_ngram(
    config: &TfidfConfig,
    tokens: &[String],
    buffer: &mut String,
    mut visit: impl FnMut(&str),
) {
    if let Some((low, high)) = config.char_ngrams {
        let mut padded: Vec<char> = Vec::new();
        for token in tokens.iter().filter(|t| !t.starts_with(MARKER_PREFIX)) {
            padded.clear();
            padded.push(' ');
            padded.extend(token.chars());
            padded.push(' ');
            for n in low..=high.min(padded.len()) {
                for window in padded.windows(n) {
                    buffer.clear();
                    buffer.push(CHAR_NGRAM_PREFIX);
                    buffer.extend(window);
                    visit(buffer);
                }
            }
        }
    }
}

/// Reusable buffers for [`Tfidf::transform_into`].
#[derive(Debug, Default, Clone)]
pub struct FeatureScratch {
    hits: Vec<u32>,
    term: String,
    ids: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How a word token is written inside word n-gram terms: itself when it is known, else the
    /// placeholder.
    fn spelling_in_terms(word: &str, known: bool) -> &str {
        if known {
            word
        } else {
            UNKNOWN_WORD
        }
    }

    /// The reference the id-based counting and lookup must agree with: calls `visit` with every
    /// term (word n-gram, then character n-gram) of `tokens`, built in `buffer` so that no term
    /// is allocated. Words for which `is_known` is false are spelled as the placeholder in word
    /// n-grams.
    fn for_each_term(
        config: &TfidfConfig,
        tokens: &[String],
        is_known: impl Fn(&str) -> bool,
        buffer: &mut String,
        mut visit: impl FnMut(&str),
    ) {
        let (low, high) = config.word_ngrams;
        for start in 0..tokens.len() {
            buffer.clear();
            if tokens[start].starts_with(MARKER_PREFIX) {
                // Cue markers are whole features on their own, never parts of n-grams.
                visit(&tokens[start]);
                continue;
            }
            for n in 1..=high.min(tokens.len() - start) {
                if tokens[start + n - 1].starts_with(MARKER_PREFIX) {
                    break;
                }
                if n > 1 {
                    buffer.push(' ');
                }
                let word = &tokens[start + n - 1];
                buffer.push_str(spelling_in_terms(word, is_known(word)));
                if n >= low {
                    visit(buffer);
                }
            }
        }
        for_each_char_ngram(config, tokens, buffer, visit);
    }

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts
            .iter()
            .map(|t| t.split_whitespace().map(String::from).collect())
            .collect()
    }

    /// Counting over word ids gives the same terms and frequencies as spelling out every term of
    /// every document: with and without placeholders, markers inside n-grams, longer n-grams and
    /// character n-grams.
    #[test]
    fn id_counts_match_spelled_out_terms() {
        let corpus = docs(&[
            "the minister said talks failed #cue:said again",
            "talks failed on monday the minister said",
            "#cue:said the envoy said talks failed",
            "officials said the talks failed again on monday",
            "the the the minister",
            "",
        ]);
        for config in [
            TfidfConfig::default(),
            TfidfConfig::builder().min_df(2).build().unwrap(),
            TfidfConfig::builder()
                .word_ngrams(2, 3)
                .min_df(2)
                .unknown_words(false)
                .build()
                .unwrap(),
            TfidfConfig::builder()
                .word_ngrams(1, 4)
                .char_ngrams(Some((2, 3)))
                .min_df(3)
                .build()
                .unwrap(),
        ] {
            let mut word_documents: FxHashMap<&str, usize> = FxHashMap::default();
            for doc in &corpus {
                let mut words: Vec<&str> = doc.iter().map(String::as_str).collect();
                words.sort_unstable();
                words.dedup();
                for word in words {
                    *word_documents.entry(word).or_default() += 1;
                }
            }
            let is_known =
                |word: &str| !config.unknown_words || word_documents[word] >= config.min_df;
            let mut expected: FxHashMap<String, (usize, usize)> = FxHashMap::default();
            for doc in &corpus {
                let mut terms = Vec::new();
                for_each_term(&config, doc, is_known, &mut String::new(), |term| {
                    terms.push(term.to_string())
                });
                for term in &terms {
                    expected.entry(term.clone()).or_default().1 += 1;
                }
                terms.sort_unstable();
                terms.dedup();
                for term in terms {
                    expected.get_mut(&term).unwrap().0 += 1;
                }
            }
            let counted: FxHashMap<String, (usize, usize)> = TermCounts::new(&config, &corpus)
                .into_terms(|_| true)
                .into_iter()
                .map(|(term, f)| (term, (f.documents, f.total)))
                .collect();
            assert_eq!(counted, expected, "{config:?}");
            assert_eq!(expected["the minister"], (3, 3), "{config:?}");
        }
    }

    /// Worked by hand with scikit-learn's formulas (`smooth_idf=True, sublinear_tf=True,
    /// norm='l2'`): n = 3; df(cat) = df(dog) = df(the) = 2 so idf = ln(4/3) + 1; df(sat) = 1 so
    /// idf = ln(4/2) + 1. Document 2 has tf(the) = 2, so its weight is (1 + ln 2) · idf(the)
    /// before normalising.
    #[test]
    fn matches_scikit_learn_formulas_on_a_hand_worked_fixture() {
        let config = TfidfConfig::builder().word_ngrams(1, 1).build().unwrap();
        let corpus = docs(&["the cat sat", "the the dog", "cat dog dog dog"]);
        let tfidf = Tfidf::fit(config, &corpus).unwrap();
        assert_eq!(tfidf.terms(), ["cat", "dog", "sat", "the"]);
        let expected_idf = [
            1.2876820724517808,
            1.2876820724517808,
            1.6931471805599454,
            1.2876820724517808,
        ];
        for (got, want) in tfidf.idf().iter().zip(expected_idf) {
            assert!((got - want).abs() < 1e-12, "idf {got} != {want}");
        }
        let expected_rows: [&[(u32, f64)]; 3] = [
            &[
                (0, 0.5178561161676974),
                (2, 0.680918560398684),
                (3, 0.5178561161676974),
            ],
            &[(1, 0.5085423203783267), (3, 0.8610369959439763)],
            &[(0, 0.430165282498796), (1, 0.9027501480103624)],
        ];
        for (doc, expected) in corpus.iter().zip(expected_rows) {
            let row = tfidf.transform(doc);
            let got: Vec<(u32, f64)> = row
                .indices
                .iter()
                .copied()
                .zip(row.values.iter().copied())
                .collect();
            assert_eq!(got.len(), expected.len());
            for ((gi, gv), (wi, wv)) in got.iter().zip(expected) {
                assert_eq!(gi, wi);
                assert!((gv - wv).abs() < 1e-12, "value {gv} != {wv}");
            }
        }
    }

    #[test]
    fn bigrams_and_document_frequency_cut_offs() {
        let corpus = docs(&["a b c", "a b d", "a e"]);
        let config = TfidfConfig::builder()
            .word_ngrams(1, 2)
            .min_df(2)
            .unknown_words(false)
            .build()
            .unwrap();
        let tfidf = Tfidf::fit(config, &corpus).unwrap();
        assert_eq!(tfidf.terms(), ["a", "a b", "b"]);
        let config = TfidfConfig::builder()
            .min_df(1)
            .max_df(0.9)
            .build()
            .unwrap();
        let tfidf = Tfidf::fit(config, &corpus).unwrap();
        assert!(
            !tfidf.terms().contains(&"a".to_string()),
            "`a` is in every document"
        );
        let config = TfidfConfig::builder()
            .max_features(Some(2))
            .build()
            .unwrap();
        assert_eq!(Tfidf::fit(config, &corpus).unwrap().terms(), ["a", "a b"]);
    }

    /// A name seen once in training and a name never seen are the same feature, and keep their
    /// n-grams with the known words beside them; markers never become the placeholder.
    #[test]
    fn rare_and_unseen_words_become_the_placeholder() {
        let corpus = docs(&[
            "putin said no",
            "macron said yes",
            "officials said no",
            "officials said yes",
        ]);
        let config = TfidfConfig::builder().min_df(2).build().unwrap();
        let tfidf = Tfidf::fit(config, &corpus).unwrap();
        assert_eq!(
            tfidf.terms(),
            [
                "<unknown>",
                "<unknown> said",
                "no",
                "officials",
                "officials said",
                "said",
                "said no",
                "said yes",
                "yes"
            ]
        );
        let unseen = tfidf.transform(&docs(&["zelensky said no"])[0]);
        assert_eq!(unseen, tfidf.transform(&corpus[0]));
        assert_eq!(tfidf.transform(&docs(&["#cue:unseen"])[0]).nnz(), 0);

        let config = TfidfConfig::builder()
            .min_df(2)
            .unknown_words(false)
            .build()
            .unwrap();
        let dropped = Tfidf::fit(config, &corpus).unwrap();
        assert!(!dropped.terms().iter().any(|t| t.contains(UNKNOWN_WORD)));
        assert_eq!(dropped.transform(&docs(&["zelensky"])[0]).nnz(), 0);
    }

    /// A word cut for being too frequent is known, not unknown, also after a round trip.
    #[test]
    fn words_cut_by_max_df_are_not_placeholders() {
        let corpus = docs(&[
            "the cat", "the dog", "the cat", "the dog", "the fox", "the emu",
        ]);
        let config = TfidfConfig::builder()
            .word_ngrams(1, 1)
            .min_df(2)
            .max_df(0.9)
            .build()
            .unwrap();
        let tfidf = Tfidf::fit(config, &corpus).unwrap();
        assert_eq!(tfidf.terms(), ["<unknown>", "cat", "dog"]);
        let json = serde_json::to_string(&tfidf).unwrap();
        let back: Tfidf = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back, tfidf,
            "a loaded featurizer is the fitted one, index included"
        );
        for featurizer in [&tfidf, &back] {
            assert_eq!(featurizer.transform(&docs(&["the"])[0]).nnz(), 0);
            assert_eq!(featurizer.transform(&docs(&["the owl"])[0]).indices, [0]);
        }
    }

    /// Model files written before the placeholder existed load without it.
    #[test]
    fn older_settings_have_no_placeholder() {
        let mut json = serde_json::to_value(TfidfConfig::default()).unwrap();
        assert_eq!(json["unknown_words"], true);
        json.as_object_mut().unwrap().remove("unknown_words");
        let old: TfidfConfig = serde_json::from_value(json).unwrap();
        assert!(!old.unknown_words);
    }

    #[test]
    fn character_ngrams_are_separate_features() {
        let config = TfidfConfig::builder()
            .word_ngrams(1, 1)
            .char_ngrams(Some((3, 3)))
            .build()
            .unwrap();
        let tfidf = Tfidf::fit(config, &docs(&["ab"])).unwrap();
        let chars: Vec<&String> = tfidf
            .terms()
            .iter()
            .filter(|t| t.starts_with(CHAR_NGRAM_PREFIX))
            .collect();
        assert_eq!(chars.len(), 2, "` ab` and `ab ` in {:?}", tfidf.terms());
        assert!(tfidf.terms().contains(&"ab".to_string()));
    }

    #[test]
    fn the_id_lookup_finds_exactly_the_string_terms() {
        let corpus = docs(&[
            "a b c a b #m",
            "b c d e",
            "a b c d",
            "x a b",
            "c d e a",
            "e e a b c",
            "#m a",
            "d e #m",
        ]);
        for config in [
            TfidfConfig::builder().word_ngrams(1, 3).build().unwrap(),
            TfidfConfig::builder()
                .word_ngrams(2, 3)
                .min_df(2)
                .build()
                .unwrap(),
            TfidfConfig::builder()
                .word_ngrams(1, 2)
                .char_ngrams(Some((2, 3)))
                .min_df(2)
                .build()
                .unwrap(),
        ] {
            let tfidf = Tfidf::fit(config.clone(), &corpus).unwrap();
            for doc in corpus.iter().chain(&docs(&["q a b c z", "#m", ""])) {
                let mut expected = Vec::new();
                let is_known = |word: &str| tfidf.index.words.contains_key(word);
                for_each_term(&config, doc, is_known, &mut String::new(), |term| {
                    if let Some(i) = tfidf.terms().iter().position(|t| t == term) {
                        expected.push(i as u32);
                    }
                });
                expected.sort_unstable();
                expected.dedup();
                assert_eq!(
                    tfidf.transform(doc).indices,
                    expected,
                    "{doc:?} with {config:?}"
                );
            }
        }
    }

    #[test]
    fn unknown_terms_give_an_empty_row_and_rows_do_not_depend_on_the_batch() {
        let corpus = docs(&["x y", "y z"]);
        let tfidf = Tfidf::fit(TfidfConfig::default(), &corpus).unwrap();
        assert_eq!(tfidf.transform(&docs(&["q"])[0]).nnz(), 0);
        let batch = tfidf.transform_all(&corpus);
        let alone = tfidf.transform(&corpus[1]);
        assert_eq!(batch.row(1), (&alone.indices[..], &alone.values[..]));
    }

    #[test]
    fn serialization_round_trips_and_rejects_mismatched_lengths() {
        let tfidf = Tfidf::fit(TfidfConfig::default(), &docs(&["x y", "y z"])).unwrap();
        let json = serde_json::to_string(&tfidf).unwrap();
        let back: Tfidf = serde_json::from_str(&json).unwrap();
        assert_eq!(back, tfidf);
        let broken = json.replacen("\"idf\":[", "\"idf\":[1.0,", 1);
        assert!(serde_json::from_str::<Tfidf>(&broken).is_err());
    }
}
