//! Fast prediction: the weights of every task laid out feature-major, so that scoring a sparse
//! row touches one contiguous slice per non-zero feature.

use std::sync::Mutex;

use super::{Model, TaskPrediction};
use crate::data::TaskKind;
use crate::features::{FeatureScratch, SparseRow};
use crate::text::{TokenScratch, Tokenizer};

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
        workspace: &mut Workspace,
    ) -> Vec<TaskPrediction> {
        let Workspace {
            tokens,
            features,
            row,
            scores,
        } = workspace;
        let tokens = self.tokenizer.tokenize_with(sentence, tokens);
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
                offset += task.labels.len();
                predict_task(task.kind, task_scores)
            })
            .collect()
    }
}

/// Probabilities and assigned labels from one task's linear scores.
pub(crate) fn predict_task(kind: TaskKind, scores: &[f64]) -> TaskPrediction {
    match kind {
        TaskKind::SingleLabel => {
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
            let sum: f64 = exps.iter().sum();
            let probabilities: Vec<f64> = exps.iter().map(|e| e / sum).collect();
            TaskPrediction {
                labels: vec![argmax(&probabilities)],
                probabilities,
            }
        }
        TaskKind::MultiLabel => {
            let probabilities: Vec<f64> = scores.iter().map(|s| 1.0 / (1.0 + (-s).exp())).collect();
            let mut labels: Vec<usize> = (0..probabilities.len())
                .filter(|&k| probabilities[k] >= 0.5)
                .collect();
            if labels.is_empty() {
                labels.push(argmax(&probabilities));
            }
            TaskPrediction {
                labels,
                probabilities,
            }
        }
    }
}

fn argmax(values: &[f64]) -> usize {
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

    #[test]
    fn single_label_is_a_softmax_with_one_label() {
        let prediction = predict_task(TaskKind::SingleLabel, &[0.0, 2f64.ln()]);
        assert_eq!(prediction.labels, [1]);
        assert!((prediction.probabilities[0] - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn multi_label_takes_every_likely_label_or_the_best_one() {
        assert_eq!(
            predict_task(TaskKind::MultiLabel, &[1.0, -1.0, 0.5]).labels,
            [0, 2]
        );
        assert_eq!(
            predict_task(TaskKind::MultiLabel, &[-3.0, -1.0, -2.0]).labels,
            [1]
        );
    }
}
