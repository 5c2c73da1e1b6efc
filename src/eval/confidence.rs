//! How far the model's probabilities can be trusted: calibration (the Brier score, the expected
//! calibration error over equal-width bins and the reliability table behind it) and what
//! abstaining below a minimum confidence costs and gains (coverage, accuracy on what is kept).

use serde::{Deserialize, Serialize};

use crate::data::TaskKind;
use crate::model::{abstains, argmax};

/// Number of equal-width confidence bins of the reliability table.
pub const BINS: usize = 10;

/// One bin of a reliability table: the decisions whose confidence falls in `[lower, upper)`
/// (the last bin includes 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    /// Lower edge.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Decisions in the bin.
    pub count: usize,
    /// Their mean predicted probability (`None` for an empty bin).
    pub confidence: Option<f64>,
    /// The share of them that came true (`None` for an empty bin).
    pub accuracy: Option<f64>,
}

/// The calibration of one task's probabilities.
///
/// A single-label task is judged on its top probability against whether that label is right; a
/// multi-label task on every label's probability against whether the row has that label.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Mean squared error of the probabilities: single-label, the mean over rows of
    /// `Σ_k (p_k − y_k)²`; multi-label, the mean over rows and labels of `(p − y)²`.
    #[serde(default)]
    pub brier: f64,
    /// Expected calibration error: `Σ_bins (count / total) · |accuracy − confidence|`.
    #[serde(default)]
    pub ece: f64,
    /// The [`BINS`] equal-width bins behind the ECE.
    #[serde(default)]
    pub reliability: Vec<ReliabilityBin>,
}

/// Sums of one bin, before they become means.
#[derive(Debug, Clone, Copy, Default)]
struct BinSums {
    count: usize,
    confidence: f64,
    correct: f64,
}

fn bin_of(confidence: f64) -> usize {
    ((confidence * BINS as f64) as usize).min(BINS - 1)
}

fn from_sums(brier: f64, sums: &[BinSums]) -> Calibration {
    let total: usize = sums.iter().map(|s| s.count).sum();
    let mut ece = 0.0;
    let reliability = sums
        .iter()
        .enumerate()
        .map(|(b, s)| {
            let (confidence, accuracy) = if s.count == 0 {
                (None, None)
            } else {
                let n = s.count as f64;
                ece += n / total as f64 * (s.correct / n - s.confidence / n).abs();
                (Some(s.confidence / n), Some(s.correct / n))
            };
            ReliabilityBin {
                lower: b as f64 / BINS as f64,
                upper: (b + 1) as f64 / BINS as f64,
                count: s.count,
                confidence,
                accuracy,
            }
        })
        .collect();
    Calibration {
        brier,
        ece,
        reliability,
    }
}

/// The calibration of `probabilities` (one row per sentence, one value per label; labels past a
/// row's end count as probability 0) against `truth` (sorted label indices per row) over
/// `n_labels` labels.
///
/// ```
/// use framing::data::TaskKind;
/// use framing::eval::calibration;
///
/// // Two rows, both predicted with 0.8 on the first label; one is right.
/// let c = calibration(TaskKind::SingleLabel, 2, &[vec![0.8, 0.2], vec![0.8, 0.2]], &[vec![0], vec![1]]);
/// assert!((c.brier - (0.08 + 1.28) / 2.0).abs() < 1e-12);
/// assert!((c.ece - 0.3).abs() < 1e-12);
/// ```
pub fn calibration(
    kind: TaskKind,
    n_labels: usize,
    probabilities: &[Vec<f64>],
    truth: &[Vec<usize>],
) -> Calibration {
    assert_eq!(probabilities.len(), truth.len(), "one prediction per row");
    let mut sums = [BinSums::default(); BINS];
    let mut add = |confidence: f64, correct: bool| {
        let bin = &mut sums[bin_of(confidence)];
        bin.count += 1;
        bin.confidence += confidence;
        bin.correct += f64::from(u8::from(correct));
    };
    let mut squared_error = 0.0;
    for (row, labels) in probabilities.iter().zip(truth) {
        let p = |k: usize| row.get(k).copied().unwrap_or(0.0);
        for k in 0..n_labels {
            let y = f64::from(u8::from(labels.contains(&k)));
            squared_error += (p(k) - y).powi(2);
            if kind == TaskKind::MultiLabel {
                add(p(k), y == 1.0);
            }
        }
        if kind == TaskKind::SingleLabel {
            let top = argmax(row);
            add(p(top), labels.contains(&top));
        }
    }
    let per_row = match kind {
        TaskKind::SingleLabel => 1,
        TaskKind::MultiLabel => n_labels,
    };
    let decisions = (probabilities.len() * per_row).max(1);
    from_sums(squared_error / decisions as f64, &sums)
}

impl Calibration {
    /// Several folds' calibration in one: the Brier score and ECE are means over folds, the
    /// reliability table pools every fold's decisions.
    pub fn pooled(folds: &[&Calibration]) -> Calibration {
        let n = folds.len().max(1) as f64;
        let mut sums = [BinSums::default(); BINS];
        for fold in folds {
            for (sum, bin) in sums.iter_mut().zip(&fold.reliability) {
                let count = bin.count as f64;
                sum.count += bin.count;
                sum.confidence += bin.confidence.unwrap_or(0.0) * count;
                sum.correct += bin.accuracy.unwrap_or(0.0) * count;
            }
        }
        Calibration {
            ece: folds.iter().map(|c| c.ece).sum::<f64>() / n,
            ..from_sums(folds.iter().map(|c| c.brier).sum::<f64>() / n, &sums)
        }
    }
}

/// What abstaining below a minimum confidence does to a single-label task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Abstention {
    /// The minimum top probability of a prediction that is kept.
    pub min_confidence: f64,
    /// The share of rows not abstained on.
    pub coverage: f64,
    /// Rows not abstained on.
    pub covered_rows: usize,
    /// Accuracy on the rows not abstained on (0 when there are none).
    pub accuracy: f64,
}

/// Coverage and accuracy of single-label predictions kept at `min_confidence`.
///
/// ```
/// use framing::eval::abstention;
///
/// let probabilities = [vec![0.9, 0.1], vec![0.55, 0.45], vec![0.3, 0.7]];
/// let a = abstention(0.6, &probabilities, &[vec![0], vec![0], vec![0]]);
/// assert_eq!((a.covered_rows, a.accuracy), (2, 0.5));
/// ```
pub fn abstention(
    min_confidence: f64,
    probabilities: &[Vec<f64>],
    truth: &[Vec<usize>],
) -> Abstention {
    let mut covered = 0;
    let mut correct = 0;
    for (row, labels) in probabilities.iter().zip(truth) {
        if abstains(row, Some(min_confidence)) {
            continue;
        }
        covered += 1;
        correct += usize::from(labels.contains(&argmax(row)));
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Abstention {
        min_confidence,
        coverage: ratio(covered, probabilities.len()),
        covered_rows: covered,
        accuracy: ratio(correct, covered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Hand-computed: rows (p, truth) = ([0.7, 0.2, 0.1], 0), ([0.6, 0.3, 0.1], 1),
    /// ([0.15, 0.05, 0.8], 2), ([0.45, 0.35, 0.2], 0).
    /// Brier per row: 0.09+0.04+0.01 = 0.14; 0.36+0.49+0.01 = 0.86; 0.0225+0.0025+0.04 = 0.065;
    /// 0.3025+0.1225+0.04 = 0.465; mean 1.53 / 4 = 0.3825.
    /// Top probabilities: 0.7 ✓ (bin 7), 0.6 ✗ (bin 6), 0.8 ✓ (bin 8), 0.45 ✓ (bin 4);
    /// ECE = (|1−0.7| + |0−0.6| + |1−0.8| + |1−0.45|) / 4 = 1.65 / 4 = 0.4125.
    #[test]
    fn single_label_brier_and_ece() {
        let probabilities = [
            vec![0.7, 0.2, 0.1],
            vec![0.6, 0.3, 0.1],
            vec![0.15, 0.05, 0.8],
            vec![0.45, 0.35, 0.2],
        ];
        let truth = [vec![0], vec![1], vec![2], vec![0]];
        let c = calibration(TaskKind::SingleLabel, 3, &probabilities, &truth);
        assert!(close(c.brier, 0.3825), "{}", c.brier);
        assert!(close(c.ece, 0.4125), "{}", c.ece);
        assert_eq!(c.reliability.len(), BINS);
        let counts: Vec<usize> = c.reliability.iter().map(|b| b.count).collect();
        assert_eq!(counts, [0, 0, 0, 0, 1, 0, 1, 1, 1, 0]);
        assert_eq!(c.reliability[6].accuracy, Some(0.0));
        assert_eq!(c.reliability[0].confidence, None);
    }

    /// Hand-computed: two rows, two labels. Decisions (p, y): (0.9, 1), (0.2, 0), (0.25, 1),
    /// (0.95, 0). Brier = (0.01 + 0.04 + 0.5625 + 0.9025) / 4 = 0.37875.
    /// Bins: 2 holds 0.2 ✗ and 0.25 ✓ (confidence 0.225, accuracy 0.5); 9 holds 0.9 ✓ and 0.95 ✗
    /// (confidence 0.925, accuracy 0.5). ECE = 0.5·0.275 + 0.5·0.425 = 0.35.
    #[test]
    fn multi_label_brier_and_ece_count_every_label_decision() {
        let probabilities = [vec![0.9, 0.2], vec![0.25, 0.95]];
        let truth = [vec![0], vec![0]];
        let c = calibration(TaskKind::MultiLabel, 2, &probabilities, &truth);
        assert!(close(c.brier, 0.37875), "{}", c.brier);
        assert!(close(c.ece, 0.35), "{}", c.ece);
        assert_eq!(c.reliability[2].count, 2);
        assert!(close(c.reliability[9].confidence.unwrap(), 0.925));
    }

    #[test]
    fn a_perfectly_confident_right_model_is_perfectly_calibrated() {
        let c = calibration(
            TaskKind::SingleLabel,
            2,
            &[vec![1.0, 0.0], vec![0.0, 1.0]],
            &[vec![0], vec![1]],
        );
        assert_eq!((c.brier, c.ece), (0.0, 0.0));
        assert_eq!(
            c.reliability[BINS - 1].count,
            2,
            "1.0 falls in the last bin"
        );
    }

    #[test]
    fn a_label_the_model_never_saw_has_probability_zero() {
        // Truth is label 2, which the model's rows do not have: Brier 0.25 + 0.25 + 1.
        let c = calibration(TaskKind::SingleLabel, 3, &[vec![0.5, 0.5]], &[vec![2]]);
        assert!(close(c.brier, 1.5));
    }

    #[test]
    fn pooled_folds_average_scores_and_pool_bins() {
        let a = calibration(TaskKind::SingleLabel, 2, &[vec![0.9, 0.1]], &[vec![0]]);
        let b = calibration(
            TaskKind::SingleLabel,
            2,
            &[vec![0.7, 0.3], vec![0.95, 0.05]],
            &[vec![1], vec![0]],
        );
        let pooled = Calibration::pooled(&[&a, &b]);
        assert!(close(pooled.brier, (a.brier + b.brier) / 2.0));
        assert!(close(pooled.ece, (a.ece + b.ece) / 2.0));
        assert_eq!(pooled.reliability[9].count, 2);
        assert!(close(pooled.reliability[9].confidence.unwrap(), 0.925));
        assert_eq!(pooled.reliability[7].accuracy, Some(0.0));
    }

    /// (minimum confidence, covered rows, coverage, accuracy on them)
    #[test]
    fn abstention_trades_coverage_for_accuracy() {
        let probabilities = [
            vec![0.9, 0.1],
            vec![0.8, 0.2],
            vec![0.6, 0.4],
            vec![0.55, 0.45],
        ];
        let truth = [vec![0], vec![0], vec![1], vec![1]];
        for (min, rows, coverage, accuracy) in [
            (0.0, 4, 1.0, 0.5),
            (0.6, 3, 0.75, 2.0 / 3.0),
            (0.85, 1, 0.25, 1.0),
            (0.95, 0, 0.0, 0.0),
        ] {
            let a = abstention(min, &probabilities, &truth);
            assert_eq!(a.covered_rows, rows, "{min}");
            assert!(close(a.coverage, coverage), "{min}");
            assert!(close(a.accuracy, accuracy), "{min}");
        }
    }
}
