//! Training: fit the featurizer on the labelled sentences, then one linear model per task.

use rayon::prelude::*;

use super::{Model, TaskModel, TrainingInfo};
use crate::data::{LabelledSet, Task, TaskKind};
use crate::error::{Error, Result};
use crate::features::{CsrMatrix, Tfidf, TfidfConfig};
use crate::learn::objective::Targets;
use crate::learn::{fit_and_report, Learner, LinearModel};
use crate::text::{RuleSegmenter, SurfaceForms, TokenScratch, Tokenizer, TokenizerConfig};

/// Trains models: pipeline settings plus a learner. Settings are set with the builder methods.
///
/// ```
/// use framing::data::{LabelledSet, LabelsOptions};
/// use framing::learn::{LearnerConfig, SparseLearner};
/// use framing::model::Trainer;
///
/// let csv = "text,stance\nThe minister said the plan would work.,reporting\n\
///            Rain fell on Tuesday.,neutral\nThe spokesman said taxes would fall.,reporting\n\
///            The river rose by a metre.,neutral\n";
/// let set = LabelledSet::from_bytes("labels.csv".as_ref(), csv.as_bytes(), &LabelsOptions::default()).unwrap();
/// let learner = SparseLearner::new(LearnerConfig::default());
/// let model = Trainer::new(&learner).trained_at("2026-01-01").fit(&set).unwrap();
/// let stance = &model.predict_sentence("The governor said the bridge would open.")[0];
/// assert_eq!(model.tasks[0].labels[stance.labels[0]], "reporting");
/// ```
pub struct Trainer<'a> {
    segmenter: RuleSegmenter,
    tokenizer: TokenizerConfig,
    tfidf: TfidfConfig,
    learner: &'a dyn Learner,
    trained_at: Option<String>,
}

impl<'a> Trainer<'a> {
    /// A trainer with default pipeline settings.
    pub fn new(learner: &'a dyn Learner) -> Self {
        Trainer {
            segmenter: RuleSegmenter::default(),
            tokenizer: TokenizerConfig::default(),
            tfidf: TfidfConfig::default(),
            learner,
            trained_at: None,
        }
    }

    /// Tokenizer settings.
    pub fn tokenizer(mut self, tokenizer: TokenizerConfig) -> Self {
        self.tokenizer = tokenizer;
        self
    }

    /// Featurizer settings.
    pub fn tfidf(mut self, tfidf: TfidfConfig) -> Self {
        self.tfidf = tfidf;
        self
    }

    /// Records this date instead of the current time, for reproducible model files.
    pub fn trained_at(mut self, date: impl Into<String>) -> Self {
        self.trained_at = Some(date.into());
        self
    }

    /// Fits the featurizer and every task on `set`.
    pub fn fit(&self, set: &LabelledSet) -> Result<Model> {
        let tokenizer = Tokenizer::new(self.tokenizer.clone());
        let documents: Vec<Vec<String>> = set
            .texts
            .par_iter()
            .zip(&set.contexts)
            .map_init(TokenScratch::default, |scratch, (text, &context)| {
                tokenizer.tokenize_with(text, context, scratch).to_vec()
            })
            .collect();
        let featurizer = Tfidf::fit(self.tfidf.clone(), &documents)?;
        let surface_forms = SurfaceForms::learn(&self.tokenizer, &set.texts, |word| {
            featurizer.has_word(word)
        });
        let x = featurizer.transform_all(&documents);
        let tasks = set
            .tasks
            .iter()
            .map(|task| self.fit_task(&x, task))
            .collect::<Result<Vec<_>>>()?;
        let training = TrainingInfo {
            labels_file: set.path.display().to_string(),
            labels_sha256: set.sha256.clone(),
            rows: set.len(),
            learner: self.learner.name().into(),
            hyperparameters: self.learner.config().clone(),
            trained_at: self.trained_at.clone().unwrap_or_else(|| {
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            }),
            label_counts: set
                .tasks
                .iter()
                .map(|t| (t.name.clone(), t.label_counts()))
                .collect(),
            cross_validation: None,
        };
        Ok(Model::assemble(
            self.segmenter.clone(),
            self.tokenizer.clone(),
            featurizer,
            surface_forms,
            tasks,
            training,
        ))
    }

    fn fit_task(&self, x: &CsrMatrix, task: &Task) -> Result<TaskModel> {
        let in_task = |error: Error| match error {
            Error::Training { message, .. } => Error::Training {
                task: task.name.clone(),
                message,
            },
            other => other,
        };
        let fits: Vec<(LinearModel, _)> = match task.kind {
            TaskKind::SingleLabel => {
                let classes: Vec<usize> = task.targets.iter().map(|labels| labels[0]).collect();
                vec![fit_and_report(self.learner, x, Targets::Classes(&classes)).map_err(in_task)?]
            }
            TaskKind::MultiLabel => (0..task.labels.len())
                .into_par_iter()
                .map(|label| {
                    let positive: Vec<bool> = task
                        .targets
                        .iter()
                        .map(|labels| labels.contains(&label))
                        .collect();
                    fit_and_report(self.learner, x, Targets::Binary(&positive)).map_err(in_task)
                })
                .collect::<Result<_>>()?,
        };
        let mut weights = Vec::new();
        let mut intercepts = Vec::new();
        let mut reports = Vec::new();
        for (model, report) in fits {
            // Stored as f32 in the file: round now so that a model scores the same before and
            // after a save and load.
            weights.extend(
                model
                    .weights
                    .iter()
                    .map(|w| w.iter().map(|&v| v as f32).collect::<Vec<f32>>()),
            );
            intercepts.extend(model.intercepts);
            reports.push(report);
        }
        Ok(TaskModel {
            name: task.name.clone(),
            kind: task.kind,
            labels: task.labels.clone(),
            weights,
            intercepts,
            fits: reports,
            thresholds: Vec::new(),
            exclusive: exclusive_labels(task),
        })
    }
}

/// Rows a label must have, all of them alone, to count as exclusive: a label seen a few times by
/// chance without company is not a rule of the labels.
const EXCLUSIVE_MIN_ROWS: usize = 10;

/// The labels of a multi-label task that never share a row with another label.
fn exclusive_labels(task: &Task) -> Vec<usize> {
    if task.kind != TaskKind::MultiLabel {
        return Vec::new();
    }
    (0..task.labels.len())
        .filter(|&label| {
            let rows: Vec<&Vec<usize>> = task
                .targets
                .iter()
                .filter(|row| row.contains(&label))
                .collect();
            rows.len() >= EXCLUSIVE_MIN_ROWS && rows.iter().all(|row| row.len() == 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{LabelledSet, LabelsOptions};

    #[test]
    fn a_label_never_combined_is_exclusive() {
        let mut csv = String::from("text,frame\n");
        for i in 0..12 {
            csv.push_str(&format!("Rain fell for the {i}th day.,background\n"));
            csv.push_str(&format!(
                "Officials said {i} things.,accusation|attribution\n"
            ));
        }
        csv.push_str("Police said it.,attribution\n");
        let set =
            LabelledSet::from_bytes("l.csv".as_ref(), csv.as_bytes(), &LabelsOptions::default())
                .unwrap();
        let frame = &set.tasks[0];
        let names: Vec<&str> = exclusive_labels(frame)
            .iter()
            .map(|&l| frame.labels[l].as_str())
            .collect();
        assert_eq!(
            names,
            ["background"],
            "attribution is combined; accusation is never alone but always combined"
        );
    }
}
