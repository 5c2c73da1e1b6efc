//! The trained model: every pipeline stage's settings plus the learned parameters, one
//! self-describing versioned JSON document ([`file`]), and prediction with it.

mod file;
mod scorer;
mod train;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use file::{FORMAT, FORMAT_VERSION};
pub use train::Trainer;

use crate::data::TaskKind;
use crate::error::{Error, Result};
use crate::eval::CrossValidation;
use crate::features::Tfidf;
use crate::learn::{FitReport, LearnerConfig};
use crate::text::{RuleSegmenter, Segmenter, SentenceSpan, TokenizerConfig};
use scorer::Scorer;

/// The learned parameters of one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskModel {
    /// The task (label column) name.
    pub name: String,
    /// Single-label (softmax over `labels`) or multi-label (a sigmoid per label).
    pub kind: TaskKind,
    /// The labels, in output order.
    pub labels: Vec<String>,
    /// `weights[k][f]`: weight of feature `f` for label `k`.
    pub weights: Vec<Vec<f32>>,
    /// The intercept of each label.
    pub intercepts: Vec<f64>,
    /// How each fit ended: one for a single-label task, one per label for a multi-label task.
    pub fits: Vec<FitReport>,
}

/// How and on what the model was trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// The labels file as given on the command line.
    pub labels_file: String,
    /// SHA-256 of the labels file.
    pub labels_sha256: String,
    /// Labelled rows used.
    pub rows: usize,
    /// The learner (solver) name.
    pub learner: String,
    /// The learner's hyperparameters.
    pub hyperparameters: LearnerConfig,
    /// When it was trained (RFC 3339), or the date given for a reproducible build.
    pub trained_at: String,
    /// Rows per label, per task.
    pub label_counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Cross-validated scores, when they were computed at training time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_validation: Option<CrossValidation>,
}

/// A trained pipeline: segment → tokenize → featurize → predict.
#[derive(Debug, Serialize, Deserialize)]
pub struct Model {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file format version ([`FORMAT_VERSION`] when written by this version).
    pub format_version: u32,
    /// The version of `framing` that wrote it.
    pub crate_version: String,
    /// Sentence splitter settings.
    pub segmenter: RuleSegmenter,
    /// Tokenizer settings.
    pub tokenizer: TokenizerConfig,
    /// Featurizer settings, vocabulary and IDF.
    pub featurizer: Tfidf,
    /// One entry per task.
    pub tasks: Vec<TaskModel>,
    /// Training metadata.
    pub training: TrainingInfo,
    #[serde(skip)]
    scorer: OnceLock<Scorer>,
}

/// What the model says about one sentence for one task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPrediction {
    /// The assigned labels (indices into the task's labels): exactly one for a single-label
    /// task; for a multi-label task every label with probability ≥ 0.5, or the most probable one
    /// when none reaches it.
    pub labels: Vec<usize>,
    /// The probability of each label.
    pub probabilities: Vec<f64>,
}

/// One classified sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifiedSentence {
    /// Where it is in the article.
    pub span: SentenceSpan,
    /// One prediction per task, in the model's task order.
    pub predictions: Vec<TaskPrediction>,
}

/// A clone shares nothing with the original: its prediction buffers start empty.
impl Clone for Model {
    fn clone(&self) -> Self {
        Model {
            format: self.format.clone(),
            format_version: self.format_version,
            crate_version: self.crate_version.clone(),
            segmenter: self.segmenter.clone(),
            tokenizer: self.tokenizer.clone(),
            featurizer: self.featurizer.clone(),
            tasks: self.tasks.clone(),
            training: self.training.clone(),
            scorer: OnceLock::new(),
        }
    }
}

impl Model {
    pub(crate) fn assemble(
        segmenter: RuleSegmenter,
        tokenizer: TokenizerConfig,
        featurizer: Tfidf,
        tasks: Vec<TaskModel>,
        training: TrainingInfo,
    ) -> Model {
        Model {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            crate_version: env!("CARGO_PKG_VERSION").into(),
            segmenter,
            tokenizer,
            featurizer,
            tasks,
            training,
            scorer: OnceLock::new(),
        }
    }

    /// Checks that the parameters fit together (used after loading).
    fn validate(&self) -> std::result::Result<(), String> {
        let n_features = self.featurizer.len();
        for task in &self.tasks {
            let outputs = task.labels.len();
            if outputs < 2 {
                return Err(format!("task `{}` has fewer than two labels", task.name));
            }
            if task.weights.len() != outputs || task.intercepts.len() != outputs {
                return Err(format!(
                    "task `{}` has {outputs} labels but {} weight rows and {} intercepts",
                    task.name,
                    task.weights.len(),
                    task.intercepts.len()
                ));
            }
            if let Some(row) = task.weights.iter().find(|row| row.len() != n_features) {
                return Err(format!(
                    "task `{}` has a weight row of {} values for {n_features} features",
                    task.name,
                    row.len()
                ));
            }
        }
        if self.tasks.is_empty() {
            return Err("the model has no task".into());
        }
        Ok(())
    }

    fn scorer(&self) -> &Scorer {
        self.scorer.get_or_init(|| Scorer::new(self))
    }

    /// The task named `name`.
    pub fn task(&self, name: &str) -> Option<&TaskModel> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// Predicts every task for one sentence.
    pub fn predict_sentence(&self, sentence: &str) -> Vec<TaskPrediction> {
        let scorer = self.scorer();
        scorer.with_workspace(|workspace| scorer.predict(self, sentence, workspace))
    }

    /// Splits an article into sentences and predicts every task for each.
    ///
    /// ```no_run
    /// let model = framing::Model::load("models/default.json").unwrap();
    /// for sentence in model.classify_article("Officials denied the report. Critics said it was true.") {
    ///     println!("{}..{}: {:?}", sentence.span.start, sentence.span.end, sentence.predictions);
    /// }
    /// ```
    pub fn classify_article(&self, article: &str) -> Vec<ClassifiedSentence> {
        let scorer = self.scorer();
        scorer.with_workspace(|workspace| {
            self.segmenter
                .segment(article)
                .into_iter()
                .map(|span| ClassifiedSentence {
                    span,
                    predictions: scorer.predict(self, span.text(article), workspace),
                })
                .collect()
        })
    }

    /// Names of the labels a prediction assigns.
    pub fn label_names<'a>(&'a self, task: usize, prediction: &TaskPrediction) -> Vec<&'a str> {
        prediction
            .labels
            .iter()
            .map(|&l| self.tasks[task].labels[l].as_str())
            .collect()
    }

    /// The model compiled into the binary from `models/default.json`.
    pub fn built_in() -> Result<Model> {
        const BUILT_IN: &str = include_str!(concat!(env!("OUT_DIR"), "/default_model.json"));
        if BUILT_IN.is_empty() {
            return Err(Error::Model {
                path: "<built-in>".into(),
                message: "this build has no default model (models/default.json was missing when it was compiled): pass --model".into(),
            });
        }
        Model::from_json_bytes(
            std::path::Path::new("<built-in model>"),
            BUILT_IN.as_bytes(),
        )
    }
}
