//! The floor under `framing classify` on one thread: a bare loop that does only what any TF-IDF +
//! logistic-regression classifier writing framing's records must do, and nothing else. It reads
//! each JSONL article, splits sentences at ". ", lower-cases and splits words, looks up word
//! 1-2-grams in a hash map, weighs them (sublinear tf times idf, L2-normalised), scores 9 classes,
//! takes a softmax and writes one JSON record per sentence with its offsets, its text, the best
//! class and all 9 rounded probabilities. No cue markers, no stemming, no sentence rules, no
//! confidence or abstention. `bench/compare.sh` runs it beside `framing classify` and
//! scikit-learn; it prints `{"sentences": N, "seconds": S}` for the classification loop alone.
//!
//! ```sh
//! cargo bench --bench classify_floor -- bench/out/corpus.jsonl
//! ```
//!
//! The vocabulary is the 38,776 most frequent word 1-2-grams of the first 2,000 articles (as many
//! features as framing's NewsDiscourse `role` model); the weights are arbitrary, which costs the
//! same.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use rustc_hash::FxHashMap;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

const CLASSES: [&str; 9] = [
    "Cause_General",
    "Cause_Specific",
    "Distant_Anecdotal",
    "Distant_Evaluation",
    "Distant_Expectations_Consequences",
    "Distant_Historical",
    "Main",
    "Main_Consequence",
    "NA",
];
const K: usize = CLASSES.len();

#[derive(Deserialize)]
struct Article<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Record<'a> {
    doc: &'a str,
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    role: &'a str,
    scores: Scores<'a>,
}

struct Scores<'a>(&'a [f64; K]);

impl Serialize for Scores<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Task<'a>(&'a [f64; K]);
        impl Serialize for Task<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(K))?;
                for (label, p) in CLASSES.iter().zip(self.0) {
                    map.serialize_entry(label, &((p * 1e4).round() / 1e4))?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("role", &Task(self.0))?;
        map.end()
    }
}

/// `sentence` lower-cased into `lower`, and the byte ranges of its alphanumeric words in `lower`
/// into `words`: one pass, no allocation once the buffers have grown.
fn words_of(sentence: &str, lower: &mut String, words: &mut Vec<(usize, usize)>) {
    lower.clear();
    words.clear();
    let mut start = None;
    for c in sentence.chars() {
        if c.is_alphanumeric() {
            start.get_or_insert(lower.len());
            if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                lower.extend(c.to_lowercase());
            }
        } else if let Some(begin) = start.take() {
            words.push((begin, lower.len()));
        }
    }
    if let Some(begin) = start {
        words.push((begin, lower.len()));
    }
}

struct Vocabulary {
    words: FxHashMap<String, u32>,
    unigrams: Vec<u32>,
    bigrams: FxHashMap<(u32, u32), u32>,
    features: usize,
}

const NONE: u32 = u32::MAX;

/// The vocabulary's size: that of framing's model of NewsDiscourse `role` in bench/compare.sh.
const FEATURES: usize = 38_776;

impl Vocabulary {
    fn build(articles: &[String]) -> Vocabulary {
        let mut counts: FxHashMap<String, usize> = FxHashMap::default();
        let (mut lower, mut words) = (String::new(), Vec::new());
        for line in articles {
            let article: Article = serde_json::from_str(line).expect("a JSONL article");
            for sentence in article.text.split(". ") {
                words_of(sentence, &mut lower, &mut words);
                let word = |i: usize| &lower[words[i].0..words[i].1];
                for i in 0..words.len() {
                    *counts.entry(word(i).to_string()).or_default() += 1;
                    if i + 1 < words.len() {
                        *counts
                            .entry(format!("{} {}", word(i), word(i + 1)))
                            .or_default() += 1;
                    }
                }
            }
        }
        let mut vocabulary = Vocabulary {
            words: FxHashMap::default(),
            unigrams: Vec::new(),
            bigrams: FxHashMap::default(),
            features: 0,
        };
        let mut terms: Vec<(String, usize)> = counts.into_iter().collect();
        terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut terms: Vec<String> = terms.into_iter().take(FEATURES).map(|(t, _)| t).collect();
        terms.sort_unstable();
        for term in terms {
            let feature = vocabulary.features as u32;
            vocabulary.features += 1;
            let ids: Vec<u32> = term.split(' ').map(|w| vocabulary.word_id(w)).collect();
            match ids[..] {
                [id] => vocabulary.unigrams[id as usize] = feature,
                [a, b] => {
                    vocabulary.bigrams.insert((a, b), feature);
                }
                _ => unreachable!("1-2-grams only"),
            }
        }
        vocabulary
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

fn main() {
    let corpus = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .expect("usage: classify_floor CORPUS.jsonl");
    let sample: Vec<String> = BufReader::new(File::open(&corpus).expect("the corpus"))
        .lines()
        .take(2000)
        .map(|l| l.expect("a line"))
        .collect();
    let vocabulary = Vocabulary::build(&sample);
    let weights: Vec<f32> = (0..vocabulary.features * K)
        .map(|i| ((i * 2_654_435_761) % 1000) as f32 / 1000.0 - 0.5)
        .collect();
    let idf: Vec<f64> = (0..vocabulary.features)
        .map(|f| 1.0 + (f % 7) as f64 * 0.3)
        .collect();

    let started = Instant::now();
    let mut input = BufReader::new(File::open(&corpus).expect("the corpus"));
    let mut output = BufWriter::new(File::create("/dev/null").expect("/dev/null"));
    let (mut line, mut lower, mut words, mut ids, mut hits, mut row) = (
        String::new(),
        String::new(),
        Vec::new(),
        Vec::new(),
        Vec::<u32>::new(),
        Vec::<(u32, f64)>::new(),
    );
    let mut sentences = 0usize;
    while input.read_line(&mut line).expect("a line") > 0 {
        let article: Article = serde_json::from_str(&line).expect("a JSONL article");
        let mut start = 0;
        for (index, sentence) in article.text.split(". ").enumerate() {
            words_of(sentence, &mut lower, &mut words);
            ids.clear();
            ids.extend(
                words
                    .iter()
                    .map(|&(a, b)| *vocabulary.words.get(&lower[a..b]).unwrap_or(&NONE)),
            );
            let n = ids.len();
            hits.clear();
            for i in 0..n {
                if ids[i] == NONE {
                    continue;
                }
                let unigram = vocabulary.unigrams[ids[i] as usize];
                if unigram != NONE {
                    hits.push(unigram);
                }
                if i + 1 < n && ids[i + 1] != NONE {
                    if let Some(&bigram) = vocabulary.bigrams.get(&(ids[i], ids[i + 1])) {
                        hits.push(bigram);
                    }
                }
            }
            hits.sort_unstable();
            row.clear();
            for run in hits.chunk_by(|a, b| a == b) {
                row.push((
                    run[0],
                    (1.0 + (run.len() as f64).ln()) * idf[run[0] as usize],
                ));
            }
            let norm = row
                .iter()
                .map(|(_, v)| v * v)
                .sum::<f64>()
                .sqrt()
                .max(f64::MIN_POSITIVE);
            let mut scores = [0.0f64; K];
            for &(f, v) in &row {
                let w = &weights[f as usize * K..(f as usize + 1) * K];
                for (s, &w) in scores.iter_mut().zip(w) {
                    *s += v / norm * f64::from(w);
                }
            }
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = scores
                .iter_mut()
                .map(|s| {
                    *s = (*s - max).exp();
                    *s
                })
                .sum();
            scores.iter_mut().for_each(|s| *s /= total);
            let best = (0..K)
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                .unwrap_or(0);
            let record = Record {
                doc: &article.id,
                sentence: index,
                start,
                end: start + sentence.len(),
                text: sentence,
                role: CLASSES[best],
                scores: Scores(&scores),
            };
            serde_json::to_writer(&mut output, &record).expect("writing");
            output.write_all(b"\n").expect("writing");
            start += sentence.len() + 2;
            sentences += 1;
        }
        line.clear();
    }
    output.flush().expect("writing");
    println!(
        "{{\"sentences\": {sentences}, \"seconds\": {}}}",
        started.elapsed().as_secs_f64()
    );
}
