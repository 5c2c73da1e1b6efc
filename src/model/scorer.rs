//! Fast prediction: the weights of every task laid out feature-major, so that scoring a sparse
//! row touches one contiguous slice per non-zero feature.

use std::sync::Mutex;

use super::{Contribution, LabelAttribution, Model, TaskModel, TaskPrediction};
use crate::data::TaskKind;
use crate::features::{FeatureScratch, SparseRow};
use crate::text::{SentenceContext, TokenScratch, Tokenizer};

/// Buffers reused from sentence to sentence (and the tokenizer's stem cache).
#[derive(Debug, Default)]
pub(super) struct Workspace {
    tokens: TokenScratch,
    features: FeatureScratch,
    row: SparseRow,
    scores: Vec<f64>,
}

/// Built once per loaded model.
#[derive(Debug)]
pub(super) struct Scorer {
    tokenizer: Tokenizer,
    /// `columns[f * outputs + o]`: the weight of feature `f` for output `o` (all tasks' labels
    /// concatenated).
    columns: Vec<f32>,
    intercepts: Vec<f64>,
    outputs: usize,
    /// Idle workspaces, one per thread that has predicted so far.
    workspaces: Mutex<Vec<Workspace>>,
}

impl Scorer {
    pub(super) fn new(model: &Model) -> Scorer {
        let outputs: usize = model.tasks.iter().map(|t| t.labels.len()).sum();
        let n_features = model.featurizer.len();
        let mut columns = vec![0.0f32; n_features * outputs];
        let mut o = 0;
        for task in &model.tasks {
            for weights in &task.weights {
                for (f, &w) in weights.iter().enumerate() {
                    columns[f * outputs + o] = w;
                }
                o += 1;
            }
        }
        Scorer {
            tokenizer: Tokenizer::new(model.tokenizer.clone()),
            columns,
            intercepts: model
                .tasks
                .iter()
                .flat_map(|t| t.intercepts.iter().copied())
                .collect(),
            outputs,
            workspaces: Mutex::new(Vec::new()),
        }
    }

    /// Runs `work` with a workspace of this scorer's pool.
    pub(super) fn with_workspace<T>(&self, work: impl FnOnce(&mut Workspace) -> T) -> T {
        let taken = self.workspaces.lock().ok().and_then(|mut pool| pool.pop());
        let mut workspace = taken.unwrap_or_default();
        let result = work(&mut workspace);
        if let Ok(mut pool) = self.workspaces.lock() {
            pool.push(workspace);
        }
        result
    }

    pub(super) fn predict(
        &self,
        model: &Model,
        sentence: &str,
        context: SentenceContext,
        explain: usize,
        workspace: &mut Workspace,
    ) -> Vec<TaskPrediction> {
        let Workspace {
            tokens,
            features,
            row,
            scores,
        } = workspace;
        let tokens = self.tokenizer.tokenize_with(sentence, context, tokens);
        model.featurizer.transform_into(tokens, features, row);
        scores.clear();
        scores.extend_from_slice(&self.intercepts);
        for (f, v) in row.iter() {
            let column = &self.columns[f * self.outputs..(f + 1) * self.outputs];
            for (score, &w) in scores.iter_mut().zip(column) {
                *score += v * f64::from(w);
            }
        }
        let mut offset = 0;
        model
            .tasks
            .iter()
            .map(|task| {
                let task_scores = &scores[offset..offset + task.labels.len()];
                let mut prediction = predict_task(task, task_scores, model.min_confidence());
                if explain > 0 {
                    prediction.attributions = prediction
                        .labels
                        .iter()
                        .map(|&label| self.attribute(row, offset + label, label, explain))
                        .collect();
                }
                offset += task.labels.len();
                prediction
            })
            .collect()
    }
}

impl Scorer {
    /// The `top` features of `row` with the largest contributions to output `output` (the
    /// model's `label`), largest first.
    fn attribute(
        &self,
        row: &SparseRow,
        output: usize,
        label: usize,
        top: usize,
    ) -> LabelAttribution {
        let mut contributions: Vec<Contribution> = row
            .iter()
            .map(|(f, v)| Contribution {
                feature: f,
                value: v * f64::from(self.columns[f * self.outputs + output]),
            })
            .collect();
        contributions.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.feature.cmp(&b.feature)));
        contributions.truncate(top);
        LabelAttribution {
            label,
            contributions,
        }
    }
}

/// The probability a multi-label label needs when no threshold was tuned for it.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Probabilities and assigned labels from one task's linear scores.
pub(crate) fn predict_task(
    task: &TaskModel,
    scores: &[f64],
    min_confidence: Option<f64>,
) -> TaskPrediction {
    let probabilities: Vec<f64> = match task.kind {
        TaskKind::SingleLabel => {
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
            let sum: f64 = exps.iter().sum();
            exps.iter().map(|e| e / sum).collect()
        }
        TaskKind::MultiLabel => scores.iter().map(|s| 1.0 / (1.0 + (-s).exp())).collect(),
    };
    TaskPrediction {
        labels: task.assign(&probabilities, min_confidence),
        probabilities,
        attributions: Vec::new(),
    }
}

/// Whether a single-label prediction with these probabilities is an abstention: its top
/// probability is below `min_confidence`.
///
/// ```
/// assert!(framing::model::abstains(&[0.45, 0.35, 0.2], Some(0.5)));
/// assert!(!framing::model::abstains(&[0.45, 0.35, 0.2], None));
/// ```
pub fn abstains(probabilities: &[f64], min_confidence: Option<f64>) -> bool {
    min_confidence.is_some_and(|min| probabilities[argmax(probabilities)] < min)
}

impl TaskModel {
    /// The labels assigned for these probabilities: single-label, the most probable one (none
    /// when the prediction [`abstains`]); multi-label, every label whose probability reaches its
    /// [threshold](TaskModel::threshold), or the most probable one when none does.
    pub fn assign(&self, probabilities: &[f64], min_confidence: Option<f64>) -> Vec<usize> {
        match self.kind {
            TaskKind::SingleLabel if abstains(probabilities, min_confidence) => Vec::new(),
            TaskKind::SingleLabel => vec![argmax(probabilities)],
            TaskKind::MultiLabel => {
                let labels: Vec<usize> = (0..probabilities.len())
                    .filter(|&k| probabilities[k] >= self.threshold(k))
                    .collect();
                if labels.is_empty() {
                    return vec![argmax(probabilities)];
                }
                let (alone, others): (Vec<usize>, Vec<usize>) =
                    labels.iter().partition(|l| self.exclusive.contains(l));
                if alone.is_empty() || labels.len() == 1 {
                    return labels;
                }
                // An exclusive label beside others: the more probable side wins.
                let best =
                    |side: &[usize]| side.iter().map(|&l| probabilities[l]).fold(0.0, f64::max);
                let best_alone = *alone
                    .iter()
                    .max_by(|&&a, &&b| probabilities[a].total_cmp(&probabilities[b]))
                    .expect("not empty");
                if others.is_empty() || probabilities[best_alone] >= best(&others) {
                    vec![best_alone]
                } else {
                    others
                }
            }
        }
    }
}

/// The index of the largest value (the first of equals).
pub(crate) fn argmax(values: &[f64]) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 {
                (i, v)
            } else {
                best
            }
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(kind: TaskKind, labels: usize, thresholds: Vec<f64>) -> TaskModel {
        TaskModel {
            name: "t".into(),
            kind,
            labels: (0..labels).map(|l| format!("l{l}")).collect(),
            weights: Vec::new(),
            intercepts: Vec::new(),
            fits: Vec::new(),
            thresholds,
            exclusive: Vec::new(),
        }
    }

    #[test]
    fn an_exclusive_label_is_never_combined() {
        let mut multi = task(TaskKind::MultiLabel, 3, Vec::new());
        multi.exclusive = vec![2];
        assert_eq!(
            multi.assign(&[0.9, 0.2, 0.6], None),
            [0],
            "the other side is more probable"
        );
        assert_eq!(
            multi.assign(&[0.7, 0.6, 0.8], None),
            [2],
            "the exclusive label is more probable"
        );
        assert_eq!(
            multi.assign(&[0.7, 0.6, 0.1], None),
            [0, 1],
            "combining the others is fine"
        );
    }

    #[test]
    fn single_label_is_a_softmax_with_one_label() {
        let single = task(TaskKind::SingleLabel, 2, Vec::new());
        let prediction = predict_task(&single, &[0.0, 2f64.ln()], None);
        assert_eq!(prediction.labels, [1]);
        assert!((prediction.probabilities[0] - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn multi_label_takes_every_likely_label_or_the_best_one() {
        let multi = task(TaskKind::MultiLabel, 3, Vec::new());
        assert_eq!(predict_task(&multi, &[1.0, -1.0, 0.5], None).labels, [0, 2]);
        assert_eq!(predict_task(&multi, &[-3.0, -1.0, -2.0], None).labels, [1]);
    }

    /// (top probability of 2/3, minimum confidence, assigned labels)
    #[test]
    fn a_single_label_prediction_below_the_minimum_confidence_abstains() {
        let single = task(TaskKind::SingleLabel, 2, Vec::new());
        for (min_confidence, expected) in [
            (None, vec![1]),
            (Some(0.5), vec![1]),
            (Some(2.0 / 3.0 - 1e-9), vec![1]),
            (Some(0.7), vec![]),
        ] {
            let prediction = predict_task(&single, &[0.0, 2f64.ln()], min_confidence);
            assert_eq!(prediction.labels, expected, "{min_confidence:?}");
        }
    }

    #[test]
    fn the_minimum_confidence_leaves_multi_label_tasks_alone() {
        let multi = task(TaskKind::MultiLabel, 2, Vec::new());
        assert_eq!(predict_task(&multi, &[-3.0, -1.0], Some(0.9)).labels, [1]);
    }

    #[test]
    fn multi_label_thresholds_are_per_label() {
        // Probabilities 0.73, 0.27, 0.62.
        let probabilities = [0.73, 0.27, 0.62];
        for (thresholds, expected) in [
            (vec![], vec![0, 2]),
            (vec![0.8, 0.25, 0.5], vec![1, 2]),
            (vec![0.9, 0.9, 0.9], vec![0]),
        ] {
            let multi = task(TaskKind::MultiLabel, 3, thresholds.clone());
            assert_eq!(
                multi.assign(&probabilities, None),
                expected,
                "{thresholds:?}"
            );
        }
    }
}
