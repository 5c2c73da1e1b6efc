//! Evaluation: a model scored on a labels file, or cross-validation of the training itself,
//! each beside the majority-class baseline and with the calibration of its probabilities.

mod agreement;
mod confidence;
mod cv;
mod metrics;
mod thresholds;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use agreement::{agreement, Agreement, TaskAgreement};
pub use confidence::{abstention, calibration, Abstention, Calibration, ReliabilityBin, BINS};
pub use cv::{cross_validate, fold_assignment, CrossValidation, CvTask, Spread};
pub use metrics::{cohen_kappa, score, BinaryCounts, Confusion, LabelScores, TaskScores};
pub use thresholds::{
    best_threshold, candidate_thresholds, tune_thresholds, TunedLabel, TunedTask,
};

use crate::data::{LabelledSet, TaskKind};
use crate::error::{Error, Result};
use crate::model::{Model, TaskPrediction};

/// What the majority-class baseline scores: a single-label task always predicts its most
/// frequent training label; a multi-label task gives every row its most frequent label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The labels it assigns to every row.
    pub predicts: Vec<String>,
    /// Macro F1.
    pub macro_f1: f64,
    /// Micro F1.
    pub micro_f1: f64,
    /// Support-weighted F1.
    pub weighted_f1: f64,
    /// Accuracy (subset accuracy for multi-label tasks).
    pub accuracy: f64,
}

impl Baseline {
    /// The baseline for `kind` given training label counts, scored on `truth`.
    pub fn score(
        kind: TaskKind,
        labels: &[String],
        training_counts: &BTreeMap<String, usize>,
        truth: &[Vec<usize>],
    ) -> Baseline {
        let majority = labels
            .iter()
            .enumerate()
            .max_by_key(|(i, label)| {
                (
                    training_counts.get(*label).copied().unwrap_or(0),
                    std::cmp::Reverse(*i),
                )
            })
            .map_or(0, |(i, _)| i);
        let predicted = vec![vec![majority]; truth.len()];
        let scores = score(kind, labels, truth, &predicted);
        Baseline {
            predicts: vec![labels[majority].clone()],
            macro_f1: scores.macro_f1,
            micro_f1: scores.micro_f1,
            weighted_f1: scores.weighted_f1,
            accuracy: scores.accuracy,
        }
    }
}

/// One task's scores, its baseline and the calibration of its probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskEvaluation {
    /// The model's scores.
    #[serde(flatten)]
    pub scores: TaskScores,
    /// The majority-class baseline on the same rows.
    pub baseline: Baseline,
    /// How well the probabilities match the outcomes.
    #[serde(flatten)]
    pub calibration: Calibration,
    /// Single-label tasks, when the model abstains below a minimum confidence
    /// ([`Model::set_min_confidence`]): coverage and accuracy on what is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstention: Option<Abstention>,
    /// The labels the model assigned to each row, in file order (not in the JSON report;
    /// [`crate::output::report::write_predictions`] writes them beside the truth).
    #[serde(skip)]
    pub predicted: Vec<Vec<String>>,
}

/// A model scored on a labels file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The labels file.
    pub labels_file: String,
    /// Rows scored.
    pub rows: usize,
    /// Per task, by name.
    pub tasks: BTreeMap<String, TaskEvaluation>,
    /// Tasks of the labels file the model does not have (not scored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_tasks: Vec<String>,
}

/// The model's predictions for every row of `set`.
fn predict_rows(model: &Model, set: &LabelledSet) -> Vec<Vec<TaskPrediction>> {
    set.texts
        .par_iter()
        .zip(&set.contexts)
        .map(|(text, &context)| model.predict_in_context(text, context, 0))
        .collect()
}

/// Scores `model` on every task of `set` that it knows. Labels are assigned as the model assigns
/// them (with its tuned thresholds), but without abstaining: when the model abstains below a
/// minimum confidence, single-label tasks also report what abstaining would keep
/// ([`TaskEvaluation::abstention`]).
pub fn evaluate(model: &Model, set: &LabelledSet) -> Result<Evaluation> {
    let predictions = predict_rows(model, set);
    let mut tasks = BTreeMap::new();
    let mut skipped_tasks = Vec::new();
    for task in &set.tasks {
        let Some(index) = model.tasks.iter().position(|t| t.name == task.name) else {
            skipped_tasks.push(task.name.clone());
            continue;
        };
        let task_model = &model.tasks[index];
        // Labels the model never saw still count, as labels it never predicts.
        let mut labels = task_model.labels.clone();
        labels.extend(
            task.labels
                .iter()
                .filter(|l| !task_model.labels.contains(l))
                .cloned(),
        );
        let position = |name: &str| {
            labels
                .iter()
                .position(|l| l == name)
                .expect("labels include both sides")
        };
        let truth: Vec<Vec<usize>> = task
            .targets
            .iter()
            .map(|row| {
                let mut row: Vec<usize> = row.iter().map(|&l| position(&task.labels[l])).collect();
                row.sort_unstable();
                row
            })
            .collect();
        let probabilities: Vec<Vec<f64>> = predictions
            .iter()
            .map(|p| p[index].probabilities.clone())
            .collect();
        let predicted: Vec<Vec<usize>> = probabilities
            .iter()
            .map(|p| task_model.assign(p, None))
            .collect();
        let counts = model
            .training
            .label_counts
            .get(&task.name)
            .cloned()
            .unwrap_or_default();
        let kind = task_model.kind;
        tasks.insert(
            task.name.clone(),
            TaskEvaluation {
                scores: score(kind, &labels, &truth, &predicted),
                baseline: Baseline::score(kind, &labels, &counts, &truth),
                calibration: calibration(kind, labels.len(), &probabilities, &truth),
                abstention: model
                    .min_confidence()
                    .filter(|_| kind == TaskKind::SingleLabel)
                    .map(|min| abstention(min, &probabilities, &truth)),
                predicted: predicted
                    .iter()
                    .map(|row| row.iter().map(|&l| labels[l].clone()).collect())
                    .collect(),
            },
        );
    }
    if tasks.is_empty() {
        return Err(Error::Data(format!(
            "{} has none of the model's tasks ({})",
            set.path.display(),
            model
                .tasks
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(Evaluation {
        labels_file: set.path.display().to_string(),
        rows: set.len(),
        tasks,
        skipped_tasks,
    })
}
