//! Counting the terms of training documents, to choose the vocabulary: how many documents each
//! word n-gram (and character n-gram) is found in, and how many times in all.
//!
//! Words are interned to ids first and word n-grams counted as tuples of ids, so that only the
//! terms that are kept are ever spelled out. Counting spelled-out strings spent most of a fit's
//! fixed time building, hashing, comparing and freeing them.

use rustc_hash::FxHashMap;

use super::tfidf::{for_each_char_ngram, TfidfConfig, UNKNOWN_WORD};
use crate::text::cues::MARKER_PREFIX;

/// How often one term is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frequency {
    /// Documents it is found in.
    pub documents: usize,
    /// Times it is found in all documents.
    pub total: usize,
    /// The last document counted, so that a document counts once.
    last_document: usize,
}

impl Frequency {
    const ZERO: Frequency = Frequency {
        documents: 0,
        total: 0,
        last_document: usize::MAX,
    };

    fn count(&mut self, document: usize) {
        self.total += 1;
        if self.last_document != document {
            self.last_document = document;
            self.documents += 1;
        }
    }
}

/// The frequency of every term `config` makes of a set of tokenized documents.
#[derive(Debug)]
pub struct TermCounts<'a> {
    /// The spelling of each word id: a token as written, a cue marker, or the placeholder.
    words: Vec<&'a str>,
    /// Words found in at least `min_df` documents (only counted with placeholders on).
    known_words: Vec<&'a str>,
    /// One-word terms (markers included), by word id.
    unigrams: Vec<Frequency>,
    bigrams: FxHashMap<(u32, u32), Frequency>,
    longer: FxHashMap<Vec<u32>, Frequency>,
    chars: FxHashMap<String, Frequency>,
}

impl<'a> TermCounts<'a> {
    /// Counts the terms of `documents`. With [`TfidfConfig::unknown_words`], a word found in
    /// fewer than `min_df` documents is spelled as [`UNKNOWN_WORD`] in word n-grams. A cue marker
    /// is a term on its own and ends any word n-gram.
    pub fn new(config: &TfidfConfig, documents: &'a [Vec<String>]) -> Self {
        let mut words: Vec<&'a str> = Vec::new();
        let mut ids: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut intern = |word: &'a str| {
            *ids.entry(word).or_insert_with(|| {
                words.push(word);
                words.len() as u32 - 1
            })
        };
        let mut documents_ids: Vec<Vec<u32>> = documents
            .iter()
            .map(|tokens| tokens.iter().map(|t| intern(t)).collect())
            .collect();
        let mut known_words = Vec::new();
        if config.unknown_words {
            let placeholder = intern(UNKNOWN_WORD);
            let mut word_frequencies = vec![Frequency::ZERO; words.len()];
            for (document, ids) in documents_ids.iter().enumerate() {
                for &id in ids {
                    word_frequencies[id as usize].count(document);
                }
            }
            let spelling: Vec<u32> = (0..words.len() as u32)
                .map(|id| {
                    let word = words[id as usize];
                    let known = word_frequencies[id as usize].documents >= config.min_df;
                    match (known, word.starts_with(MARKER_PREFIX)) {
                        (_, true) => id,
                        (true, false) => {
                            known_words.push(word);
                            id
                        }
                        (false, false) => placeholder,
                    }
                })
                .collect();
            for ids in &mut documents_ids {
                ids.iter_mut().for_each(|id| *id = spelling[*id as usize]);
            }
        }
        let mut counts = TermCounts {
            unigrams: vec![Frequency::ZERO; words.len()],
            words,
            known_words,
            bigrams: FxHashMap::default(),
            longer: FxHashMap::default(),
            chars: FxHashMap::default(),
        };
        let mut buffer = String::new();
        for (document, (tokens, ids)) in documents.iter().zip(&documents_ids).enumerate() {
            counts.count_word_ngrams(config, document, ids);
            let chars = &mut counts.chars;
            for_each_char_ngram(config, tokens, &mut buffer, |term| {
                match chars.get_mut(term) {
                    Some(frequency) => frequency,
                    None => chars.entry(term.to_owned()).or_insert(Frequency::ZERO),
                }
                .count(document)
            });
        }
        counts
    }

    fn count_word_ngrams(&mut self, config: &TfidfConfig, document: usize, ids: &[u32]) {
        let is_marker = |id: u32| self.words[id as usize].starts_with(MARKER_PREFIX);
        let (low, high) = config.word_ngrams;
        for start in 0..ids.len() {
            if is_marker(ids[start]) {
                self.unigrams[ids[start] as usize].count(document);
                continue;
            }
            for n in 1..=high.min(ids.len() - start) {
                if is_marker(ids[start + n - 1]) {
                    break;
                }
                if n < low {
                    continue;
                }
                match ids[start..start + n] {
                    [a] => self.unigrams[a as usize].count(document),
                    [a, b] => self
                        .bigrams
                        .entry((a, b))
                        .or_insert(Frequency::ZERO)
                        .count(document),
                    ref window => self
                        .longer
                        .entry(window.to_vec())
                        .or_insert(Frequency::ZERO)
                        .count(document),
                }
            }
        }
    }

    /// The terms whose frequency `keep` accepts, spelled out (word n-grams joined by spaces), in
    /// no particular order.
    pub fn into_terms(self, keep: impl Fn(&Frequency) -> bool) -> Vec<(String, Frequency)> {
        let words = &self.words;
        let spell = |ids: &[u32]| {
            let spelled: Vec<&str> = ids.iter().map(|&id| words[id as usize]).collect();
            spelled.join(" ")
        };
        let unigrams = self
            .unigrams
            .iter()
            .enumerate()
            .filter(|(_, f)| f.documents > 0 && keep(f))
            .map(|(id, f)| (words[id].to_string(), *f));
        let bigrams = self
            .bigrams
            .iter()
            .filter(|(_, f)| keep(f))
            .map(|(&(a, b), f)| (spell(&[a, b]), *f));
        let longer = self
            .longer
            .iter()
            .filter(|(_, f)| keep(f))
            .map(|(ids, f)| (spell(ids), *f));
        let chars = self.chars.into_iter().filter(|(_, f)| keep(f));
        unigrams.chain(bigrams).chain(longer).chain(chars).collect()
    }

    /// Words found in at least `min_df` documents, when placeholders are on (none otherwise).
    pub fn known_words(&self) -> &[&'a str] {
        &self.known_words
    }
}
