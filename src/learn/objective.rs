//! linfa-logistic's objective on sparse rows: the summed log-loss plus `alpha / 2 · ‖W‖²`, with an
//! unpenalised intercept. Used to check convergence of any learner and by the sparse solver.

use rayon::prelude::*;

use crate::features::CsrMatrix;

/// Rows per block when summing over rows in parallel. Fixed (not derived from the thread count) so
/// that the floating-point sums, and so the fitted model, do not depend on the machine.
const ROW_BLOCK: usize = 256;

/// Parameters of a linear model over `n_features` features and `n_outputs` outputs, stored
/// output-major: `weights[k * n_features + f]`, then one intercept per output.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatParams<'a> {
    /// All values: weights, then intercepts.
    pub values: &'a [f64],
    /// The number of features.
    pub n_features: usize,
}

impl FlatParams<'_> {
    fn n_outputs(&self) -> usize {
        self.values.len() / (self.n_features + 1)
    }

    fn weights(&self, k: usize) -> &[f64] {
        &self.values[k * self.n_features..(k + 1) * self.n_features]
    }

    fn intercept(&self, k: usize) -> f64 {
        self.values[self.n_outputs() * self.n_features + k]
    }
}

/// What the learner is asked to predict for each row.
#[derive(Debug, Clone, Copy)]
pub enum Targets<'a> {
    /// Binary: `true` rows are the positive class (one output).
    Binary(&'a [bool]),
    /// Multinomial: the class index of each row (one output per class).
    Classes(&'a [usize]),
}

/// The objective value and its gradient (same layout as the parameters) at `params`;
/// `row_weights` scales each row's loss (all ones for an unweighted fit).
pub fn objective_and_gradient(
    x: &CsrMatrix,
    targets: Targets<'_>,
    row_weights: &[f64],
    alpha: f64,
    params: &FlatParams<'_>,
) -> (f64, Vec<f64>) {
    let n_features = params.n_features;
    let n_outputs = params.n_outputs();
    let blocks: Vec<(f64, Vec<f64>)> = (0..x.nrows())
        .collect::<Vec<_>>()
        .par_chunks(ROW_BLOCK)
        .map(|rows| {
            let mut loss = 0.0;
            let mut grad = vec![0.0; params.values.len()];
            let mut scores = vec![0.0; n_outputs];
            for &r in rows {
                let (indices, values) = x.row(r);
                for (k, score) in scores.iter_mut().enumerate() {
                    let w = params.weights(k);
                    *score = params.intercept(k)
                        + indices
                            .iter()
                            .zip(values)
                            .map(|(&i, &v)| v * w[i as usize])
                            .sum::<f64>();
                }
                let weight = row_weights[r];
                // d(loss)/d(score_k) for this row, written back into `scores`.
                match targets {
                    Targets::Binary(y) => {
                        let sign = if y[r] { 1.0 } else { -1.0 };
                        let margin = sign * scores[0];
                        loss -= weight * log_sigmoid(margin);
                        scores[0] = -weight * sign * sigmoid(-margin);
                    }
                    Targets::Classes(y) => {
                        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let log_sum =
                            max + scores.iter().map(|s| (s - max).exp()).sum::<f64>().ln();
                        loss -= weight * (scores[y[r]] - log_sum);
                        for (k, score) in scores.iter_mut().enumerate() {
                            let p = (*score - log_sum).exp();
                            *score = weight * (p - if k == y[r] { 1.0 } else { 0.0 });
                        }
                    }
                }
                for (k, &d) in scores.iter().enumerate() {
                    let g = &mut grad[k * n_features..(k + 1) * n_features];
                    for (&i, &v) in indices.iter().zip(values) {
                        g[i as usize] += d * v;
                    }
                    grad[n_outputs * n_features + k] += d;
                }
            }
            (loss, grad)
        })
        .collect();
    let mut loss = 0.0;
    let mut grad = vec![0.0; params.values.len()];
    for (block_loss, block_grad) in blocks {
        loss += block_loss;
        grad.iter_mut().zip(block_grad).for_each(|(g, b)| *g += b);
    }
    let penalised = n_outputs * n_features;
    for (g, w) in grad[..penalised]
        .iter_mut()
        .zip(&params.values[..penalised])
    {
        *g += alpha * w;
    }
    let norm: f64 = params.values[..penalised].iter().map(|w| w * w).sum();
    (loss + 0.5 * alpha * norm, grad)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `ln(sigmoid(z))` without overflow.
fn log_sigmoid(z: f64) -> f64 {
    if z > 0.0 {
        -(-z).exp().ln_1p()
    } else {
        z - z.exp().ln_1p()
    }
}

/// The Euclidean norm of a vector.
pub fn l2_norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::SparseRow;

    fn data() -> CsrMatrix {
        CsrMatrix::from_rows(
            2,
            [
                SparseRow {
                    indices: vec![0],
                    values: vec![1.0],
                },
                SparseRow {
                    indices: vec![1],
                    values: vec![1.0],
                },
                SparseRow {
                    indices: vec![0, 1],
                    values: vec![0.6, 0.8],
                },
            ],
        )
    }

    /// The analytic gradient agrees with central finite differences of the objective.
    #[test]
    fn gradient_matches_finite_differences() {
        let x = data();
        let ones = [1.0, 2.0, 0.5];
        let binary = [true, false, true];
        let classes = [0, 1, 2];
        for (targets, len) in [
            (Targets::Binary(&binary), 3),
            (Targets::Classes(&classes), 9),
        ] {
            let values: Vec<f64> = (0..len).map(|i| 0.1 * i as f64 - 0.3).collect();
            let params = FlatParams {
                values: &values,
                n_features: 2,
            };
            let (_, grad) = objective_and_gradient(&x, targets, &ones, 0.5, &params);
            for i in 0..len {
                let mut plus = values.clone();
                let mut minus = values.clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                let at = |v: &[f64]| {
                    objective_and_gradient(
                        &x,
                        targets,
                        &ones,
                        0.5,
                        &FlatParams {
                            values: v,
                            n_features: 2,
                        },
                    )
                    .0
                };
                let numeric = (at(&plus) - at(&minus)) / 2e-6;
                assert!(
                    (numeric - grad[i]).abs() < 1e-6,
                    "component {i}: {numeric} vs {}",
                    grad[i]
                );
            }
        }
    }

    #[test]
    fn zero_parameters_give_log_two_per_binary_row() {
        let x = data();
        let zeros = [0.0; 3];
        let params = FlatParams {
            values: &zeros,
            n_features: 2,
        };
        let (loss, _) = objective_and_gradient(
            &x,
            Targets::Binary(&[true, false, true]),
            &[1.0; 3],
            1.0,
            &params,
        );
        assert!((loss - 3.0 * 2f64.ln()).abs() < 1e-12);
    }
}
