//! Labelling suggestions: the sentences the model is least sure of, so that a person labels where
//! a label teaches the model most. Uncertainty is the margin between the model's two likeliest
//! answers; near-duplicates of a sentence already chosen are skipped.

use std::collections::BTreeSet;

use crate::classify::ClassifiedArticle;
use crate::data::TaskKind;
use crate::model::{Model, TaskPrediction};

/// Token Jaccard similarity above which a sentence counts as a near-duplicate of one already
/// suggested.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// A sentence suggested for labelling.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The article id.
    pub doc: String,
    /// The sentence's index in the article.
    pub sentence: usize,
    /// The sentence.
    pub text: String,
    /// The model's certainty: the mean over tasks of [`task_margin`] (0 = undecided).
    pub margin: f64,
    /// The model's predictions, one per task.
    pub predictions: Vec<TaskPrediction>,
}

impl Suggestion {
    /// `doc#sentence`.
    pub fn id(&self) -> String {
        format!("{}#{}", self.doc, self.sentence)
    }

    /// Every sentence of a classified article, as a candidate.
    pub fn candidates(model: &Model, article: &ClassifiedArticle) -> Vec<Suggestion> {
        article
            .sentences
            .iter()
            .enumerate()
            .map(|(index, sentence)| Suggestion {
                doc: article.article.id.clone(),
                sentence: index,
                text: article.sentence_text(index).to_string(),
                margin: sentence_margin(model, &sentence.predictions),
                predictions: sentence.predictions.clone(),
            })
            .collect()
    }
}

/// How sure the model is of one task's prediction, from 0 (undecided) to 1: for a single-label
/// task the gap between the two most probable labels; for a multi-label task the label decision
/// nearest a coin toss, `min |p − 0.5| · 2`.
///
/// ```
/// use framing::data::TaskKind;
/// use framing::suggest::task_margin;
///
/// assert!((task_margin(TaskKind::SingleLabel, &[0.5, 0.1, 0.4]) - 0.1).abs() < 1e-12);
/// assert!((task_margin(TaskKind::MultiLabel, &[0.9, 0.45, 0.1]) - 0.1).abs() < 1e-12);
/// ```
pub fn task_margin(kind: TaskKind, probabilities: &[f64]) -> f64 {
    match kind {
        TaskKind::SingleLabel => {
            let (first, second) =
                probabilities
                    .iter()
                    .fold((0.0f64, 0.0f64), |(first, second), &p| {
                        if p > first {
                            (p, first)
                        } else {
                            (first, second.max(p))
                        }
                    });
            first - second
        }
        TaskKind::MultiLabel => probabilities
            .iter()
            .map(|p| (p - 0.5).abs() * 2.0)
            .fold(1.0, f64::min),
    }
}

/// The mean [`task_margin`] over the model's tasks.
pub fn sentence_margin(model: &Model, predictions: &[TaskPrediction]) -> f64 {
    let total: f64 = model
        .tasks
        .iter()
        .zip(predictions)
        .map(|(task, p)| task_margin(task.kind, &p.probabilities))
        .sum();
    total / model.tasks.len().max(1) as f64
}

/// The lower-cased words of a sentence.
fn word_set(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Jaccard similarity of two word sets (1 for two empty sets).
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// The `n` candidates with the smallest margin, least certain first (ties in input order),
/// skipping any whose words overlap a chosen one's by more than [`NEAR_DUPLICATE`] (Jaccard).
pub fn least_certain(mut candidates: Vec<Suggestion>, n: usize) -> Vec<Suggestion> {
    // A stable sort keeps input order among equal margins.
    candidates.sort_by(|a, b| a.margin.total_cmp(&b.margin));
    let mut chosen: Vec<(Suggestion, BTreeSet<String>)> = Vec::with_capacity(n);
    for candidate in candidates {
        if chosen.len() == n {
            break;
        }
        let words = word_set(&candidate.text);
        if chosen
            .iter()
            .all(|(_, other)| jaccard(&words, other) <= NEAR_DUPLICATE)
        {
            chosen.push((candidate, words));
        }
    }
    chosen.into_iter().map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: usize, text: &str, margin: f64) -> Suggestion {
        Suggestion {
            doc: "d".into(),
            sentence: id,
            text: text.into(),
            margin,
            predictions: Vec::new(),
        }
    }

    fn ids(suggestions: &[Suggestion]) -> Vec<String> {
        suggestions.iter().map(Suggestion::id).collect()
    }

    /// (kind, probabilities, margin)
    #[test]
    fn margins() {
        let cases: [(TaskKind, &[f64], f64); 5] = [
            (TaskKind::SingleLabel, &[0.25, 0.25, 0.5], 0.25),
            (TaskKind::SingleLabel, &[0.5, 0.5], 0.0),
            (TaskKind::SingleLabel, &[1.0, 0.0, 0.0], 1.0),
            (TaskKind::MultiLabel, &[0.99, 0.01], 0.98),
            (TaskKind::MultiLabel, &[0.9, 0.55, 0.02], 0.1),
        ];
        for (kind, probabilities, margin) in cases {
            assert!(
                (task_margin(kind, probabilities) - margin).abs() < 1e-12,
                "{probabilities:?}"
            );
        }
    }

    #[test]
    fn the_least_certain_come_first() {
        let candidates = vec![
            candidate(0, "The river rose.", 0.9),
            candidate(1, "Officials may have lied.", 0.1),
            candidate(2, "Critics said it was a scandal.", 0.5),
            candidate(3, "The deal could collapse.", 0.1),
        ];
        assert_eq!(
            ids(&least_certain(candidates.clone(), 3)),
            ["d#1", "d#3", "d#2"]
        );
        assert_eq!(least_certain(candidates.clone(), 10).len(), 4);
        assert!(least_certain(candidates, 0).is_empty());
    }

    #[test]
    fn near_duplicates_of_a_chosen_sentence_are_skipped() {
        let candidates = vec![
            candidate(
                0,
                "Police said the suspect fled the scene on Tuesday night.",
                0.1,
            ),
            // One word more: Jaccard 9/10 = 0.9 > 0.8.
            candidate(
                1,
                "Police said the suspect fled the scene on Tuesday night, again.",
                0.2,
            ),
            // Case and punctuation do not make a sentence new.
            candidate(
                2,
                "POLICE said: the suspect fled the scene, on Tuesday night!",
                0.3,
            ),
            // Jaccard 7/12 ≈ 0.58: similar, but not a near-duplicate.
            candidate(
                3,
                "Police said the suspect fled the scene on Wednesday by car.",
                0.4,
            ),
        ];
        assert_eq!(ids(&least_certain(candidates, 4)), ["d#0", "d#3"]);
    }

    #[test]
    fn jaccard_of_word_sets() {
        let a = word_set("a b c d");
        assert_eq!(jaccard(&a, &word_set("a b c d")), 1.0);
        assert_eq!(jaccard(&a, &word_set("c d e f")), 2.0 / 6.0);
        assert_eq!(jaccard(&word_set(""), &word_set("...")), 1.0);
    }
}
