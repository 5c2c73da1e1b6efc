//! The trained model: every pipeline stage's settings plus the learned parameters, one
//! self-describing versioned JSON document ([`file`]), and prediction with it.

mod explain;
mod file;
mod scorer;
mod train;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use explain::{Contribution, FeatureWeight, LabelAttribution, LabelWeights};
pub use file::{FORMAT, FORMAT_VERSION};
pub(crate) use scorer::argmax;
pub use scorer::{abstains, DEFAULT_THRESHOLD};
pub use train::Trainer;

use crate::data::TaskKind;
use crate::error::{Error, Result};
use crate::eval::CrossValidation;
use crate::features::Tfidf;
use crate::learn::{FitReport, LearnerConfig};
use crate::text::{
    ContextTracker, RuleSegmenter, Segmenter, SentenceContext, SentenceSpan, SurfaceForms,
    TokenizerConfig,
};
use scorer::Scorer;

/// What an abstention prints as, in place of a label.
pub const UNCERTAIN: &str = "uncertain";

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
    /// Multi-label: the probability each label needs to be assigned, tuned on labelled data
    /// (`framing evaluate --tune-thresholds`); empty means [`DEFAULT_THRESHOLD`] for every label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<f64>,
    /// Multi-label: labels that were never combined with another in the training data (such as
    /// `background`, which the codebook keeps alone). When one is assigned beside others, the
    /// more probable side wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusive: Vec<usize>,
}

impl TaskModel {
    /// The probability label `label` needs to be assigned (multi-label tasks).
    pub fn threshold(&self, label: usize) -> f64 {
        self.thresholds
            .get(label)
            .copied()
            .unwrap_or(DEFAULT_THRESHOLD)
    }
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
    /// The most frequent surface word of each vocabulary stem in the training texts (absent from
    /// files written before it was recorded: features are then shown as stems).
    #[serde(default, skip_serializing_if = "SurfaceForms::is_empty")]
    pub surface_forms: SurfaceForms,
    /// One entry per task.
    pub tasks: Vec<TaskModel>,
    /// Training metadata.
    pub training: TrainingInfo,
    /// Single-label predictions less probable than this are abstentions (a run-time setting, not
    /// saved: [`Model::set_min_confidence`]).
    #[serde(skip)]
    min_confidence: Option<f64>,
    #[serde(skip)]
    scorer: OnceLock<Scorer>,
}

/// What the model says about one sentence for one task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPrediction {
    /// The assigned labels (indices into the task's labels): for a single-label task exactly one,
    /// or none when the model abstains (its top probability is below the minimum confidence,
    /// [`Model::set_min_confidence`]); for a multi-label task every label whose probability
    /// reaches its threshold ([`TaskModel::threshold`]), or the most probable one when none does.
    pub labels: Vec<usize>,
    /// The probability of each label.
    pub probabilities: Vec<f64>,
    /// Why: one entry per assigned label, in the order of `labels`, when explanations were asked
    /// for ([`Model::explain_sentence`]); empty otherwise.
    pub attributions: Vec<LabelAttribution>,
}

/// One classified sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifiedSentence {
    /// Where it is in the article.
    pub span: SentenceSpan,
    /// One prediction per task, in the model's task order.
    pub predictions: Vec<TaskPrediction>,
}

/// Whether the text between two sentences holds a blank line: two line ends with nothing but
/// spaces between them.
fn is_paragraph_break(gap: &str) -> bool {
    let mut line_ends = 0;
    for c in gap.chars() {
        if c == '\n' {
            line_ends += 1;
            if line_ends == 2 {
                return true;
            }
        } else if !c.is_whitespace() {
            line_ends = 0;
        }
    }
    false
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
            surface_forms: self.surface_forms.clone(),
            tasks: self.tasks.clone(),
            training: self.training.clone(),
            min_confidence: self.min_confidence,
            scorer: OnceLock::new(),
        }
    }
}

impl Model {
    pub(crate) fn assemble(
        segmenter: RuleSegmenter,
        tokenizer: TokenizerConfig,
        featurizer: Tfidf,
        surface_forms: SurfaceForms,
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
            surface_forms,
            tasks,
            training,
            min_confidence: None,
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
            if let Some(&label) = task.exclusive.iter().find(|&&l| l >= outputs) {
                return Err(format!(
                    "task `{}` marks label {label} exclusive but has {outputs} labels",
                    task.name
                ));
            }
            if !task.thresholds.is_empty() && task.thresholds.len() != outputs {
                return Err(format!(
                    "task `{}` has {outputs} labels but {} thresholds",
                    task.name,
                    task.thresholds.len()
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

    /// The task names, comma-separated, for messages.
    pub fn task_names(&self) -> String {
        let names: Vec<&str> = self.tasks.iter().map(|t| t.name.as_str()).collect();
        names.join(", ")
    }

    /// The task named `name`.
    pub fn task(&self, name: &str) -> Option<&TaskModel> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// Predicts every task for one sentence.
    pub fn predict_sentence(&self, sentence: &str) -> Vec<TaskPrediction> {
        self.explain_sentence(sentence, 0)
    }

    /// Predicts every task for one sentence, with the `top` features that contributed most to
    /// each assigned label ([`TaskPrediction::attributions`]; none when `top` is 0).
    ///
    /// ```no_run
    /// let model = framing::Model::load("models/default.json").unwrap();
    /// let frame = &model.explain_sentence("Officials denied the report.", 3)[0];
    /// for contribution in &frame.attributions[0].contributions {
    ///     println!("{} {:.3}", model.feature_surface(contribution.feature), contribution.value);
    /// }
    /// ```
    pub fn explain_sentence(&self, sentence: &str, top: usize) -> Vec<TaskPrediction> {
        self.predict_in_context(sentence, SentenceContext::default(), top)
    }

    /// Predicts every task for one sentence of a document, read in its `context` (which a
    /// [`ContextTracker`] gives each sentence in turn), with the `top` features behind each
    /// assigned label as [`Model::explain_sentence`] gives them.
    pub fn predict_in_context(
        &self,
        sentence: &str,
        context: SentenceContext,
        top: usize,
    ) -> Vec<TaskPrediction> {
        let scorer = self.scorer();
        scorer.with_workspace(|workspace| scorer.predict(self, sentence, context, top, workspace))
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
        self.explain_article(article, 0)
    }

    /// [`Model::classify_article`] with the `top` features behind each assigned label, as
    /// [`Model::explain_sentence`] gives them.
    pub fn explain_article(&self, article: &str, top: usize) -> Vec<ClassifiedSentence> {
        let scorer = self.scorer();
        let mut tracker = ContextTracker::default();
        let mut previous_end = 0;
        scorer.with_workspace(|workspace| {
            self.segmenter
                .segment(article)
                .into_iter()
                .map(|span| {
                    if is_paragraph_break(&article[previous_end..span.byte_start]) {
                        tracker.paragraph_break();
                    }
                    previous_end = span.byte_end;
                    let text = span.text(article);
                    let context = tracker.next(text);
                    ClassifiedSentence {
                        span,
                        predictions: scorer.predict(self, text, context, top, workspace),
                    }
                })
                .collect()
        })
    }

    /// Names of the labels a prediction assigns; [`UNCERTAIN`] alone for an abstention.
    pub fn label_names<'a>(&'a self, task: usize, prediction: &TaskPrediction) -> Vec<&'a str> {
        if prediction.labels.is_empty() {
            return vec![UNCERTAIN];
        }
        prediction
            .labels
            .iter()
            .map(|&l| self.tasks[task].labels[l].as_str())
            .collect()
    }

    /// Makes single-label predictions whose top probability is below `min_confidence`
    /// abstentions (no label, printed as [`UNCERTAIN`]); `None` never abstains.
    pub fn set_min_confidence(&mut self, min_confidence: Option<f64>) {
        self.min_confidence = min_confidence;
    }

    /// The minimum confidence of single-label predictions, when the model abstains below one.
    pub fn min_confidence(&self) -> Option<f64> {
        self.min_confidence
    }

    /// What a prediction of task `task` can say: its labels, then [`UNCERTAIN`] for a
    /// single-label task when the model abstains ([`Model::set_min_confidence`]).
    pub fn outcome_names(&self, task: usize) -> Vec<&str> {
        let task_model = &self.tasks[task];
        let mut names: Vec<&str> = task_model.labels.iter().map(String::as_str).collect();
        if task_model.kind == TaskKind::SingleLabel && self.min_confidence.is_some() {
            names.push(UNCERTAIN);
        }
        names
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

#[cfg(test)]
mod tests {
    use super::is_paragraph_break;

    #[test]
    fn a_blank_line_is_a_paragraph_break() {
        for (gap, expected) in [
            ("\n\n", true),
            (" \n \t\n ", true),
            ("\r\n\r\n", true),
            ("", false),
            (" ", false),
            ("\n", false),
            ("\n—\n", false),
        ] {
            assert_eq!(is_paragraph_break(gap), expected, "{gap:?}");
        }
    }
}
