//! Classification metrics with scikit-learn's definitions: per-label precision, recall and F1
//! (0 when undefined), macro / micro / support-weighted F1, accuracy, and for multi-label tasks
//! subset accuracy and Hamming loss.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::TaskKind;

/// Scores of one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LabelScores {
    /// Of the rows predicted with the label, the share that have it.
    pub precision: f64,
    /// Of the rows that have the label, the share predicted with it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Rows that have the label.
    pub support: usize,
}

/// Counts of one label's binary decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinaryCounts {
    /// Predicted and true.
    pub tp: usize,
    /// Predicted, not true.
    pub fp: usize,
    /// True, not predicted.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Neither.
    pub tn: usize,
}

/// The confusion of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Confusion {
    /// Single-label: `matrix[truth][predicted]` over `labels`.
    Matrix {
        /// Row and column order.
        labels: Vec<String>,
        /// Counts, rows = truth.
        matrix: Vec<Vec<usize>>,
    },
    /// Multi-label: one 2×2 table per label.
    PerLabel(BTreeMap<String, BinaryCounts>),
}

/// Every score of one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskScores {
    /// Single- or multi-label.
    pub kind: TaskKind,
    /// Rows scored.
    pub rows: usize,
    /// Scores per label.
    pub per_label: BTreeMap<String, LabelScores>,
    /// Unweighted mean of the labels' F1.
    pub macro_f1: f64,
    /// F1 of all decisions pooled (equals accuracy for a single-label task).
    pub micro_f1: f64,
    /// Mean of the labels' F1 weighted by support.
    pub weighted_f1: f64,
    /// Share of rows whose label (single-label) or whole label set (multi-label) is right.
    pub accuracy: f64,
    /// Multi-label: share of wrong label decisions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hamming_loss: Option<f64>,
    /// Confusion matrix (single-label) or per-label counts (multi-label).
    pub confusion: Confusion,
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

pub(super) fn f1(counts: BinaryCounts) -> f64 {
    ratio(2 * counts.tp, 2 * counts.tp + counts.fp + counts.fn_)
}

/// Scores predictions against the truth; each row is a sorted list of label indices into
/// `labels` (one index per row for a single-label task).
///
/// ```
/// use framing::data::TaskKind;
/// use framing::eval::score;
///
/// let labels = ["no".to_string(), "yes".to_string()];
/// let truth = [vec![1], vec![1], vec![0], vec![0]];
/// let predicted = [vec![1], vec![0], vec![0], vec![0]];
/// let scores = score(TaskKind::SingleLabel, &labels, &truth, &predicted);
/// assert_eq!(scores.accuracy, 0.75);
/// assert_eq!(scores.per_label["yes"].recall, 0.5);
/// ```
pub fn score(
    kind: TaskKind,
    labels: &[String],
    truth: &[Vec<usize>],
    predicted: &[Vec<usize>],
) -> TaskScores {
    assert_eq!(truth.len(), predicted.len(), "one prediction per row");
    let mut counts = vec![BinaryCounts::default(); labels.len()];
    let mut exact = 0;
    for (t, p) in truth.iter().zip(predicted) {
        exact += usize::from(t == p);
        for (l, c) in counts.iter_mut().enumerate() {
            match (p.contains(&l), t.contains(&l)) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
    }
    let per_label: BTreeMap<String, LabelScores> = labels
        .iter()
        .zip(&counts)
        .map(|(label, &c)| {
            let scores = LabelScores {
                precision: ratio(c.tp, c.tp + c.fp),
                recall: ratio(c.tp, c.tp + c.fn_),
                f1: f1(c),
                support: c.tp + c.fn_,
            };
            (label.clone(), scores)
        })
        .collect();
    let total = counts
        .iter()
        .fold(BinaryCounts::default(), |a, c| BinaryCounts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
            tn: a.tn + c.tn,
        });
    let support: usize = per_label.values().map(|s| s.support).sum();
    let macro_f1 = per_label.values().map(|s| s.f1).sum::<f64>() / labels.len().max(1) as f64;
    let weighted_f1 = if support == 0 {
        0.0
    } else {
        per_label
            .values()
            .map(|s| s.f1 * s.support as f64)
            .sum::<f64>()
            / support as f64
    };
    let confusion = match kind {
        TaskKind::SingleLabel => {
            let mut matrix = vec![vec![0; labels.len()]; labels.len()];
            for (t, p) in truth.iter().zip(predicted) {
                matrix[t[0]][p[0]] += 1;
            }
            Confusion::Matrix {
                labels: labels.to_vec(),
                matrix,
            }
        }
        TaskKind::MultiLabel => {
            Confusion::PerLabel(labels.iter().cloned().zip(counts.iter().copied()).collect())
        }
    };
    TaskScores {
        kind,
        rows: truth.len(),
        per_label,
        macro_f1,
        micro_f1: f1(total),
        weighted_f1,
        accuracy: ratio(exact, truth.len()),
        hamming_loss: (kind == TaskKind::MultiLabel)
            .then(|| ratio(total.fp + total.fn_, truth.len() * labels.len())),
        confusion,
    }
}

/// Cohen's kappa between two single-label annotations of the same rows: observed agreement
/// corrected for the agreement expected by chance from each side's label frequencies.
///
/// ```
/// use framing::eval::cohen_kappa;
///
/// // Agreement on 3 of 4 rows; chance agreement 0.5.
/// assert_eq!(cohen_kappa(2, &[0, 0, 1, 1], &[0, 0, 1, 0]), 0.5);
/// ```
pub fn cohen_kappa(n_labels: usize, first: &[usize], second: &[usize]) -> f64 {
    assert_eq!(first.len(), second.len(), "both passes label the same rows");
    let n = first.len() as f64;
    if first.is_empty() {
        return 0.0;
    }
    let observed = first.iter().zip(second).filter(|(a, b)| a == b).count() as f64 / n;
    let mut counts = vec![(0.0, 0.0); n_labels];
    for (&a, &b) in first.iter().zip(second) {
        counts[a].0 += 1.0;
        counts[b].1 += 1.0;
    }
    let expected: f64 = counts.iter().map(|(a, b)| (a / n) * (b / n)).sum();
    if expected >= 1.0 {
        return 1.0;
    }
    (observed - expected) / (1.0 - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    /// Values checked against scikit-learn's `classification_report` on the same rows.
    #[test]
    fn single_label_scores() {
        let labels = names(&["a", "b", "c"]);
        let truth = [vec![0], vec![0], vec![1], vec![1], vec![2], vec![2]];
        let predicted = [vec![0], vec![1], vec![1], vec![1], vec![2], vec![0]];
        let s = score(TaskKind::SingleLabel, &labels, &truth, &predicted);
        assert_eq!(
            s.per_label["a"],
            LabelScores {
                precision: 0.5,
                recall: 0.5,
                f1: 0.5,
                support: 2
            }
        );
        assert!((s.per_label["b"].f1 - 0.8).abs() < 1e-12);
        assert!((s.per_label["c"].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.macro_f1 - (0.5 + 0.8 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!((s.micro_f1 - 4.0 / 6.0).abs() < 1e-12);
        assert!((s.accuracy - 4.0 / 6.0).abs() < 1e-12);
        assert_eq!(s.hamming_loss, None);
        assert_eq!(
            s.confusion,
            Confusion::Matrix {
                labels,
                matrix: vec![vec![1, 1, 0], vec![0, 2, 0], vec![1, 0, 1]]
            }
        );
    }

    #[test]
    fn multi_label_scores() {
        let labels = names(&["x", "y"]);
        let truth = [vec![0, 1], vec![0], vec![1]];
        let predicted = [vec![0], vec![0], vec![0, 1]];
        let s = score(TaskKind::MultiLabel, &labels, &truth, &predicted);
        // x: tp 2, fp 1, fn 0; y: tp 1, fp 0, fn 1.
        assert!((s.per_label["x"].f1 - 0.8).abs() < 1e-12);
        assert!((s.per_label["y"].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.micro_f1 - 6.0 / 8.0).abs() < 1e-12);
        assert!((s.weighted_f1 - (0.8 * 2.0 + 2.0 / 3.0 * 2.0) / 4.0).abs() < 1e-12);
        assert!((s.accuracy - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.hamming_loss, Some(2.0 / 6.0));
    }

    #[test]
    fn an_absent_label_scores_zero_not_nan() {
        let labels = names(&["a", "b"]);
        let s = score(TaskKind::SingleLabel, &labels, &[vec![0]], &[vec![0]]);
        assert_eq!(
            s.per_label["b"],
            LabelScores {
                precision: 0.0,
                recall: 0.0,
                f1: 0.0,
                support: 0
            }
        );
    }
}
