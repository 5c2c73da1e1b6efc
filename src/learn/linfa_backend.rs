//! The reference learner: `linfa-logistic` on a dense copy of the rows.

use linfa::prelude::*;
use linfa_logistic::{LogisticRegression, MultiLogisticRegression};
use ndarray::Array1;

use super::{ClassWeight, Learner, LearnerConfig, LinearModel};
use crate::error::{Error, Result};
use crate::features::CsrMatrix;

/// Logistic regression by `linfa-logistic` (L-BFGS on dense arrays). It has no sample weights,
/// so it refuses class weighting. Exact but slow and
/// memory-hungry on large vocabularies: it needs `rows × features` doubles.
#[derive(Debug, Clone, Default)]
pub struct LinfaLearner {
    config: LearnerConfig,
}

impl LinfaLearner {
    /// A learner with these hyperparameters.
    pub fn new(config: LearnerConfig) -> Self {
        LinfaLearner { config }
    }

    fn check_weights(&self) -> Result<()> {
        if self.config.class_weight != ClassWeight::None {
            return Err(Error::Config(
                "linfa-logistic has no sample weights: class weights need --solver sparse".into(),
            ));
        }
        Ok(())
    }
}

fn training_error(error: linfa_logistic::error::Error) -> Error {
    Error::Training {
        task: "linfa-logistic".into(),
        message: error.to_string(),
    }
}

impl Learner for LinfaLearner {
    fn name(&self) -> &'static str {
        "linfa"
    }

    fn config(&self) -> &LearnerConfig {
        &self.config
    }

    fn fit_multinomial(
        &self,
        x: &CsrMatrix,
        classes: &[usize],
        n_classes: usize,
    ) -> Result<(LinearModel, Option<u64>)> {
        self.check_weights()?;
        let dataset = Dataset::new(x.to_dense(), Array1::from(classes.to_vec()));
        let fitted = MultiLogisticRegression::default()
            .alpha(self.config.alpha())
            .max_iterations(self.config.max_iterations)
            .gradient_tolerance(self.config.gradient_threshold(x.nrows()))
            .fit(&dataset)
            .map_err(training_error)?;
        if fitted.classes() != (0..n_classes).collect::<Vec<_>>() {
            return Err(Error::Data(format!(
                "expected classes 0..{n_classes} in the training rows, found {:?}",
                fitted.classes()
            )));
        }
        // linfa stores parameters feature-major (features × classes).
        let params = fitted.params();
        let weights = (0..n_classes).map(|k| params.column(k).to_vec()).collect();
        let model = LinearModel {
            weights,
            intercepts: fitted.intercept().to_vec(),
        };
        Ok((model, None))
    }

    fn fit_binary(&self, x: &CsrMatrix, positive: &[bool]) -> Result<(LinearModel, Option<u64>)> {
        self.check_weights()?;
        let dataset = Dataset::new(x.to_dense(), Array1::from(positive.to_vec()));
        let fitted = LogisticRegression::default()
            .alpha(self.config.alpha())
            .max_iterations(self.config.max_iterations)
            .gradient_tolerance(self.config.gradient_threshold(x.nrows()))
            .fit(&dataset)
            .map_err(training_error)?;
        // linfa 0.8.1 makes the more frequent class its "positive" one: flip the sign when that
        // is `false`, so that our output always scores `true`.
        let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
        let model = LinearModel {
            weights: vec![fitted.params().iter().map(|w| sign * w).collect()],
            intercepts: vec![sign * fitted.intercept()],
        };
        Ok((model, None))
    }
}
