//! Per-label decision thresholds of multi-label tasks, tuned on labelled data: for each label, the
//! candidate threshold whose decisions reach the best F1 on the file.

use serde::{Deserialize, Serialize};

use super::metrics::f1;
use super::{predict_rows, BinaryCounts};
use crate::data::{LabelledSet, TaskKind};
use crate::error::{Error, Result};
use crate::model::{Model, DEFAULT_THRESHOLD};

/// The thresholds tried: 0.05, 0.10, …, 0.95.
pub fn candidate_thresholds() -> impl Iterator<Item = f64> {
    (1..=19).map(|k| f64::from(k) / 20.0)
}

/// One label's tuned threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TunedLabel {
    /// The label.
    pub label: String,
    /// The chosen threshold.
    pub threshold: f64,
    /// The label's F1 on the file at that threshold.
    pub f1: f64,
    /// Its F1 at the default threshold ([`DEFAULT_THRESHOLD`]).
    pub default_f1: f64,
    /// Rows of the file with the label.
    pub support: usize,
}

/// The tuned thresholds of one multi-label task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TunedTask {
    /// The task.
    pub task: String,
    /// One entry per label, in the model's label order.
    pub labels: Vec<TunedLabel>,
}

/// The F1 of deciding `probability ≥ threshold` against `truth`.
fn f1_at(threshold: f64, probabilities: &[f64], truth: &[bool]) -> f64 {
    let mut counts = BinaryCounts::default();
    for (&p, &t) in probabilities.iter().zip(truth) {
        match (p >= threshold, t) {
            (true, true) => counts.tp += 1,
            (true, false) => counts.fp += 1,
            (false, true) => counts.fn_ += 1,
            (false, false) => counts.tn += 1,
        }
    }
    f1(counts)
}

/// The candidate threshold ([`candidate_thresholds`]) with the best F1 for one label, and that
/// F1. Of equally good thresholds, the one nearest the default wins, so a label that no
/// threshold helps keeps [`DEFAULT_THRESHOLD`].
///
/// ```
/// use framing::eval::best_threshold;
///
/// let (threshold, f1) = best_threshold(&[0.9, 0.35, 0.3, 0.1], &[true, true, false, false]);
/// assert_eq!((threshold, f1), (0.35, 1.0));
/// ```
pub fn best_threshold(probabilities: &[f64], truth: &[bool]) -> (f64, f64) {
    assert_eq!(probabilities.len(), truth.len(), "one probability per row");
    candidate_thresholds()
        .map(|t| (t, f1_at(t, probabilities, truth)))
        .fold((DEFAULT_THRESHOLD, f64::NEG_INFINITY), |best, (t, f)| {
            let nearer = (t - DEFAULT_THRESHOLD).abs() < (best.0 - DEFAULT_THRESHOLD).abs();
            if f > best.1 || (f == best.1 && nearer) {
                (t, f)
            } else {
                best
            }
        })
}

/// Tunes the threshold of every label of every multi-label task of `model` that `set` labels,
/// stores them in the model ([`crate::model::TaskModel::thresholds`]) and returns them.
pub fn tune_thresholds(model: &mut Model, set: &LabelledSet) -> Result<Vec<TunedTask>> {
    let predictions = predict_rows(model, set);
    let mut tuned = Vec::new();
    for (index, task_model) in model.tasks.iter_mut().enumerate() {
        if task_model.kind != TaskKind::MultiLabel {
            continue;
        }
        let Some(task) = set.tasks.iter().find(|t| t.name == task_model.name) else {
            continue;
        };
        let mut labels = Vec::new();
        for (k, label) in task_model.labels.iter().enumerate() {
            let probabilities: Vec<f64> = predictions
                .iter()
                .map(|p| p[index].probabilities[k])
                .collect();
            let truth: Vec<bool> = task
                .targets
                .iter()
                .map(|row| row.iter().any(|&l| task.labels[l] == *label))
                .collect();
            let (threshold, f1) = best_threshold(&probabilities, &truth);
            labels.push(TunedLabel {
                label: label.clone(),
                threshold,
                f1,
                default_f1: f1_at(DEFAULT_THRESHOLD, &probabilities, &truth),
                support: truth.iter().filter(|&&t| t).count(),
            });
        }
        task_model.thresholds = labels.iter().map(|l| l.threshold).collect();
        tuned.push(TunedTask {
            task: task_model.name.clone(),
            labels,
        });
    }
    if tuned.is_empty() {
        return Err(Error::Data(format!(
            "{} labels none of the model's multi-label tasks: no threshold to tune",
            set.path.display()
        )));
    }
    Ok(tuned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_run_from_005_to_095() {
        let candidates: Vec<f64> = candidate_thresholds().collect();
        assert_eq!(candidates.len(), 19);
        assert_eq!((candidates[0], candidates[18]), (0.05, 0.95));
        assert!(candidates.contains(&0.5));
    }

    /// (probabilities, truth, expected threshold, expected F1)
    #[test]
    fn the_best_threshold_maximises_f1() {
        let cases: [(&[f64], &[bool], f64, f64); 4] = [
            // Positives sit low: a low threshold takes them all, and nothing else.
            (
                &[0.3, 0.25, 0.1, 0.05],
                &[true, true, false, false],
                0.25,
                1.0,
            ),
            // A confident negative: the threshold climbs above it.
            (
                &[0.9, 0.95, 0.7, 0.2],
                &[true, true, false, false],
                0.75,
                1.0,
            ),
            // Perfect separation around 0.5 already: the default stays.
            (&[0.8, 0.6, 0.4, 0.1], &[true, true, false, false], 0.5, 1.0),
            // No positive at all: every threshold scores 0, the default stays.
            (&[0.8, 0.6, 0.4], &[false, false, false], 0.5, 0.0),
        ];
        for (probabilities, truth, threshold, f1) in cases {
            assert_eq!(
                best_threshold(probabilities, truth),
                (threshold, f1),
                "{probabilities:?}"
            );
        }
    }
}
