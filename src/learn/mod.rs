//! Learning: a [`Learner`] fits a linear model (weights and intercepts) to sparse TF-IDF rows.
//! Single-label tasks use one multinomial (softmax) fit; multi-label tasks one binary fit per label
//! (one-vs-rest). The learner is a trait so that solvers can be swapped without touching the rest.

mod linfa_backend;
pub mod objective;
mod param;
mod sparse;

use serde::{Deserialize, Serialize};

pub use linfa_backend::LinfaLearner;
pub use sparse::SparseLearner;

use crate::error::{Error, Result};
use crate::features::CsrMatrix;
use objective::{Objective, Targets};

/// How rows are weighted in the loss.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every row counts once.
    #[default]
    None,
    /// Rows weighted inversely to their class frequency, as scikit-learn's `'balanced'`.
    Balanced,
}

/// A fitted linear model: one weight vector and intercept per output (class or label).
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// `weights[k][f]`: the weight of feature `f` for output `k`.
    pub weights: Vec<Vec<f64>>,
    /// The intercept of each output.
    pub intercepts: Vec<f64>,
}

impl LinearModel {
    /// Parameters in the layout of [`objective::Objective`].
    pub fn to_flat(&self) -> Vec<f64> {
        let n_features = self.weights.first().map_or(0, Vec::len);
        let mut flat: Vec<f64> = (0..n_features)
            .flat_map(|f| self.weights.iter().map(move |w| w[f]))
            .collect();
        flat.extend(&self.intercepts);
        flat
    }

    /// The model from parameters in the layout of [`objective::Objective`].
    pub fn from_flat(flat: &[f64], n_features: usize, n_outputs: usize) -> LinearModel {
        let (weights, intercepts) = flat.split_at(n_features * n_outputs);
        LinearModel {
            weights: (0..n_outputs)
                .map(|k| weights.iter().skip(k).step_by(n_outputs).copied().collect())
                .collect(),
            intercepts: intercepts.to_vec(),
        }
    }
}

/// How a fit ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// Iterations the solver ran, when it reports them.
    pub iterations: Option<u64>,
    /// Whether the gradient's max norm fell below the tolerance.
    pub converged: bool,
    /// The gradient's max norm (its largest absolute component) at the returned parameters.
    /// Model files written before 2026-12-02 hold the L2 norm, as `gradient_norm`.
    #[serde(alias = "gradient_norm")]
    pub gradient_max_norm: f64,
    /// The objective value at the returned parameters.
    pub objective: f64,
}

/// Hyperparameters shared by every learner. Build with [`LearnerConfig::new`] and the setters,
/// then [`LearnerConfig::validate`] (done by every learner before fitting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerConfig {
    /// Inverse regularisation strength, as scikit-learn's `C`: the L2 penalty is `alpha = 1 / C`.
    pub c: f64,
    /// The iteration cap of the solver.
    pub max_iterations: u64,
    /// Stop when the gradient's largest absolute component falls below this times the number of
    /// rows: scikit-learn's `tol` (a tolerance on the mean loss's gradient, in the max norm). The
    /// linfa learner hands the same threshold to linfa-logistic, which tests the L2 norm instead
    /// (never smaller than the max norm), so it stops no earlier.
    pub gradient_tolerance: f64,
    /// Row weighting in the loss.
    #[serde(default)]
    pub class_weight: ClassWeight,
}

impl Default for LearnerConfig {
    fn default() -> Self {
        LearnerConfig {
            c: 10.0,
            max_iterations: 1000,
            gradient_tolerance: 1e-4,
            class_weight: ClassWeight::None,
        }
    }
}

impl LearnerConfig {
    /// The default settings: `C = 10`, 1000 iterations, gradient tolerance `1e-4`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `C`.
    pub fn c(mut self, c: f64) -> Self {
        self.c = c;
        self
    }

    /// Sets the iteration cap.
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Sets the gradient tolerance.
    pub fn gradient_tolerance(mut self, tolerance: f64) -> Self {
        self.gradient_tolerance = tolerance;
        self
    }

    /// Sets the row weighting.
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.class_weight = class_weight;
        self
    }

    /// The weight of each row for `targets` (`None`: all ones).
    pub fn row_weights(&self, targets: Targets<'_>) -> Option<Vec<f64>> {
        match self.class_weight {
            ClassWeight::None => None,
            ClassWeight::Balanced => Some(targets.balanced_row_weights()),
        }
    }

    /// The gradient max norm below which a fit on `rows` rows has converged.
    pub fn gradient_threshold(&self, rows: usize) -> f64 {
        self.gradient_tolerance * rows.max(1) as f64
    }

    /// The L2 penalty weight `1 / C`.
    pub fn alpha(&self) -> f64 {
        1.0 / self.c
    }

    /// Checks that every setting is in range.
    pub fn validate(&self) -> Result<()> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(Error::Config(format!(
                "C must be a positive number, got {}",
                self.c
            )));
        }
        if self.max_iterations == 0 {
            return Err(Error::Config("max_iterations must be at least 1".into()));
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(Error::Config(format!(
                "gradient tolerance must be a positive number, got {}",
                self.gradient_tolerance
            )));
        }
        Ok(())
    }
}

/// Fits linear models to sparse rows.
pub trait Learner: Send + Sync {
    /// A short name, recorded in the model file.
    fn name(&self) -> &'static str;

    /// The hyperparameters.
    fn config(&self) -> &LearnerConfig;

    /// Fits a softmax model; `classes[r]` is the class of row `r`, in `0..n_classes`, and every
    /// class occurs. Returns the model and, when the solver tells, its iteration count.
    fn fit_multinomial(
        &self,
        x: &CsrMatrix,
        classes: &[usize],
        n_classes: usize,
    ) -> Result<(LinearModel, Option<u64>)>;

    /// Fits a binary model whose single output scores the `true` rows.
    fn fit_binary(&self, x: &CsrMatrix, positive: &[bool]) -> Result<(LinearModel, Option<u64>)>;
}

/// Fits with `learner` and reports, from the objective itself, whether the fit converged.
pub fn fit_and_report(
    learner: &dyn Learner,
    x: &CsrMatrix,
    targets: Targets<'_>,
) -> Result<(LinearModel, FitReport)> {
    learner.config().validate()?;
    let (model, iterations) = match targets {
        Targets::Binary(y) => learner.fit_binary(x, y)?,
        Targets::Classes(y) => {
            let n_classes = y.iter().max().map_or(0, |m| m + 1);
            learner.fit_multinomial(x, y, n_classes)?
        }
    };
    let (objective, gradient) = Objective::new(
        x,
        targets,
        learner.config().row_weights(targets),
        learner.config().alpha(),
    )
    .evaluate(&model.to_flat());
    let gradient_max_norm = param::max_abs(&gradient);
    let report = FitReport {
        iterations,
        converged: gradient_max_norm <= learner.config().gradient_threshold(x.nrows()),
        gradient_max_norm,
        objective,
    };
    Ok((model, report))
}
