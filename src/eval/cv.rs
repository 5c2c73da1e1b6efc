//! Stratified K-fold cross-validation: the whole pipeline (featurizer included) is refitted on
//! each training part and scored on the held-out fold.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use super::{evaluate, Abstention, Baseline, Calibration, TaskScores};
use crate::data::LabelledSet;
use crate::error::{Error, Result};
use crate::model::Trainer;

/// Standard deviations over folds (population standard deviation, as `numpy.std`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Of macro F1.
    pub macro_f1: f64,
    /// Of micro F1.
    pub micro_f1: f64,
    /// Of weighted F1.
    pub weighted_f1: f64,
    /// Of accuracy.
    pub accuracy: f64,
    /// Of each label's F1.
    pub per_label_f1: BTreeMap<String, f64>,
}

/// One task's cross-validated scores: means over folds (supports and the confusion are summed
/// over folds), their spread, the baseline's means, and the calibration (Brier score and ECE
/// averaged over folds, the reliability table pooled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvTask {
    /// Mean scores over folds.
    #[serde(flatten)]
    pub mean: TaskScores,
    /// Standard deviations over folds.
    pub std: Spread,
    /// The majority-class baseline, mean over folds.
    pub baseline: Baseline,
    /// How well the probabilities match the outcomes.
    #[serde(flatten)]
    pub calibration: Calibration,
    /// Single-label tasks with a minimum confidence: coverage and accuracy on what is kept, means
    /// over folds (covered rows summed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstention: Option<Abstention>,
}

/// Cross-validated scores of every task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold shuffle.
    pub seed: u64,
    /// Rows.
    pub rows: usize,
    /// Per task.
    pub tasks: BTreeMap<String, CvTask>,
}

/// The fold (`0..folds`) of every row. Rows are grouped by their rarest label across all tasks,
/// shuffled with `seed`, and dealt round-robin, so every label is spread over the folds.
pub fn fold_assignment(set: &LabelledSet, folds: usize, seed: u64) -> Result<Vec<usize>> {
    if folds < 2 {
        return Err(Error::Config(format!(
            "cross-validation needs at least 2 folds, got {folds}"
        )));
    }
    if folds > set.len() {
        return Err(Error::Data(format!(
            "{}: {} rows cannot make {folds} folds",
            set.path.display(),
            set.len()
        )));
    }
    let mut rarest: Vec<(usize, String)> = vec![(usize::MAX, String::new()); set.len()];
    for task in &set.tasks {
        let counts = task.label_counts();
        for (label, &count) in &counts {
            if count < folds {
                return Err(Error::Data(format!(
                    "{}: label `{label}` of task `{}` has {count} rows, fewer than the {folds} folds of cross-validation",
                    set.path.display(),
                    task.name
                )));
            }
        }
        for (row, labels) in task.targets.iter().enumerate() {
            for &l in labels {
                let key = (
                    counts[&task.labels[l]],
                    format!("{}={}", task.name, task.labels[l]),
                );
                if key < rarest[row] {
                    rarest[row] = key;
                }
            }
        }
    }
    let mut groups: BTreeMap<&(usize, String), Vec<usize>> = BTreeMap::new();
    for (row, key) in rarest.iter().enumerate() {
        groups.entry(key).or_default().push(row);
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut assignment = vec![0; set.len()];
    let mut next = 0;
    for rows in groups.values_mut() {
        rows.shuffle(&mut rng);
        for &row in rows.iter() {
            assignment[row] = next % folds;
            next += 1;
        }
    }
    Ok(assignment)
}

/// Cross-validates `trainer` on `set` with `folds` stratified folds; with `min_confidence`,
/// single-label tasks also report what abstaining below it keeps.
pub fn cross_validate(
    trainer: &Trainer<'_>,
    set: &LabelledSet,
    folds: usize,
    seed: u64,
    min_confidence: Option<f64>,
) -> Result<CrossValidation> {
    let assignment = fold_assignment(set, folds, seed)?;
    let mut per_fold = Vec::with_capacity(folds);
    for fold in 0..folds {
        let (test, train): (Vec<usize>, Vec<usize>) =
            (0..set.len()).partition(|&r| assignment[r] == fold);
        let mut model = trainer.fit(&set.select_rows(&train))?;
        model.set_min_confidence(min_confidence);
        per_fold.push(evaluate(&model, &set.select_rows(&test))?);
    }
    let tasks = set
        .tasks
        .iter()
        .map(|task| {
            let scores: Vec<&super::TaskEvaluation> =
                per_fold.iter().map(|e| &e.tasks[&task.name]).collect();
            (task.name.clone(), summarise(&scores))
        })
        .collect();
    Ok(CrossValidation {
        folds,
        seed,
        rows: set.len(),
        tasks,
    })
}

fn mean_std(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count() as f64;
    let mean = values.clone().sum::<f64>() / n;
    let variance = values.map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, variance.sqrt())
}

fn summarise(folds: &[&super::TaskEvaluation]) -> CvTask {
    let of = |f: fn(&TaskScores) -> f64| mean_std(folds.iter().map(move |e| f(&e.scores)));
    let mut mean = folds[0].scores.clone();
    let mut per_label_f1 = BTreeMap::new();
    for (label, scores) in mean.per_label.iter_mut() {
        let per = |f: fn(&super::LabelScores) -> f64| {
            mean_std(folds.iter().map(move |e| f(&e.scores.per_label[label])))
        };
        scores.precision = per(|s| s.precision).0;
        scores.recall = per(|s| s.recall).0;
        let (f1, f1_std) = per(|s| s.f1);
        scores.f1 = f1;
        scores.support = folds
            .iter()
            .map(|e| e.scores.per_label[label].support)
            .sum();
        per_label_f1.insert(label.clone(), f1_std);
    }
    mean.rows = folds.iter().map(|e| e.scores.rows).sum();
    mean.confusion = pooled_confusion(folds);
    mean.hamming_loss = mean
        .hamming_loss
        .map(|_| of(|s| s.hamming_loss.unwrap_or(0.0)).0);
    let (macro_f1, macro_std) = of(|s| s.macro_f1);
    let (micro_f1, micro_std) = of(|s| s.micro_f1);
    let (weighted_f1, weighted_std) = of(|s| s.weighted_f1);
    let (accuracy, accuracy_std) = of(|s| s.accuracy);
    mean.macro_f1 = macro_f1;
    mean.micro_f1 = micro_f1;
    mean.weighted_f1 = weighted_f1;
    mean.accuracy = accuracy;
    let baseline_mean =
        |f: fn(&Baseline) -> f64| mean_std(folds.iter().map(move |e| f(&e.baseline))).0;
    CvTask {
        mean,
        std: Spread {
            macro_f1: macro_std,
            micro_f1: micro_std,
            weighted_f1: weighted_std,
            accuracy: accuracy_std,
            per_label_f1,
        },
        baseline: Baseline {
            predicts: folds[0].baseline.predicts.clone(),
            macro_f1: baseline_mean(|b| b.macro_f1),
            micro_f1: baseline_mean(|b| b.micro_f1),
            weighted_f1: baseline_mean(|b| b.weighted_f1),
            accuracy: baseline_mean(|b| b.accuracy),
        },
        calibration: Calibration::pooled(&folds.iter().map(|e| &e.calibration).collect::<Vec<_>>()),
        abstention: pooled_abstention(folds),
    }
}

fn pooled_abstention(folds: &[&super::TaskEvaluation]) -> Option<Abstention> {
    let per_fold: Vec<&Abstention> = folds.iter().filter_map(|e| e.abstention.as_ref()).collect();
    let first = per_fold.first()?;
    let mean = |f: fn(&Abstention) -> f64| mean_std(per_fold.iter().map(move |a| f(a))).0;
    Some(Abstention {
        min_confidence: first.min_confidence,
        coverage: mean(|a| a.coverage),
        covered_rows: per_fold.iter().map(|a| a.covered_rows).sum(),
        accuracy: mean(|a| a.accuracy),
    })
}

fn pooled_confusion(folds: &[&super::TaskEvaluation]) -> super::Confusion {
    use super::Confusion;
    let mut pooled = folds[0].scores.confusion.clone();
    for fold in &folds[1..] {
        match (&mut pooled, &fold.scores.confusion) {
            (Confusion::Matrix { matrix, .. }, Confusion::Matrix { matrix: other, .. }) => {
                for (row, other_row) in matrix.iter_mut().zip(other) {
                    row.iter_mut().zip(other_row).for_each(|(a, b)| *a += b);
                }
            }
            (Confusion::PerLabel(counts), Confusion::PerLabel(other)) => {
                for (label, c) in counts.iter_mut() {
                    let o = other[label];
                    c.tp += o.tp;
                    c.fp += o.fp;
                    c.fn_ += o.fn_;
                    c.tn += o.tn;
                }
            }
            _ => unreachable!("a task keeps its kind across folds"),
        }
    }
    pooled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::LabelsOptions;

    fn set(csv: &str) -> LabelledSet {
        LabelledSet::from_bytes("l.csv".as_ref(), csv.as_bytes(), &LabelsOptions::default())
            .unwrap()
    }

    #[test]
    fn folds_are_stratified_balanced_and_seeded() {
        let mut csv = String::from("text,stance\n");
        for i in 0..30 {
            csv.push_str(&format!(
                "row {i},{}\n",
                if i % 3 == 0 { "rare" } else { "common" }
            ));
        }
        let set = set(&csv);
        let folds = fold_assignment(&set, 5, 7).unwrap();
        for fold in 0..5 {
            let rows: Vec<usize> = (0..30).filter(|&r| folds[r] == fold).collect();
            assert_eq!(rows.len(), 6);
            assert_eq!(
                rows.iter().filter(|&&r| r % 3 == 0).count(),
                2,
                "fold {fold}"
            );
        }
        assert_eq!(folds, fold_assignment(&set, 5, 7).unwrap());
        assert_ne!(folds, fold_assignment(&set, 5, 8).unwrap());
    }

    #[test]
    fn a_label_rarer_than_the_folds_is_an_error() {
        let set = set("text,stance\na,x\nb,x\nc,x\nd,y\ne,y\n");
        let error = fold_assignment(&set, 3, 0).unwrap_err().to_string();
        assert_eq!(error, "l.csv: label `y` of task `stance` has 2 rows, fewer than the 3 folds of cross-validation");
    }
}
