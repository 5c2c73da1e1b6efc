//! Classifying articles: per-sentence predictions and per-article profiles (the share of
//! sentences carrying each label).

use serde::Serialize;

use crate::data::Article;
use crate::model::{ClassifiedSentence, Model};

/// An article with its classified sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifiedArticle {
    /// The article as read.
    pub article: Article,
    /// Its sentences, in order.
    pub sentences: Vec<ClassifiedSentence>,
}

impl ClassifiedArticle {
    /// Splits and classifies `article` with `model`.
    pub fn new(model: &Model, article: Article) -> Self {
        Self::explained(model, article, 0)
    }

    /// Splits and classifies `article`, with the `top` features behind each assigned label
    /// ([`Model::explain_sentence`]).
    pub fn explained(model: &Model, article: Article, top: usize) -> Self {
        let sentences = model.explain_article(&article.text, top);
        ClassifiedArticle { article, sentences }
    }

    /// The text of sentence `index`.
    pub fn sentence_text(&self, index: usize) -> &str {
        self.sentences[index].span.text(&self.article.text)
    }
}

/// The framing profile of one article: per task, the share of its sentences carrying each label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleProfile {
    /// The article id.
    pub doc: String,
    /// Its source, when the input gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Number of sentences (0 for an empty article).
    pub sentences: usize,
    /// Per task (model order): `(task, [(label, share)])`.
    #[serde(skip)]
    pub shares: Vec<(String, Vec<(String, f64)>)>,
}

impl ArticleProfile {
    /// The profile of a classified article.
    ///
    /// ```no_run
    /// use framing::{ArticleProfile, ClassifiedArticle, Model};
    /// use framing::data::Article;
    ///
    /// let model = Model::built_in().unwrap();
    /// let article = Article { id: "a1".into(), source: None, text: "Officials denied it.".into(), decoded_lossily: false };
    /// let profile = ArticleProfile::new(&model, &ClassifiedArticle::new(&model, article));
    /// assert_eq!(profile.sentences, 1);
    /// ```
    pub fn new(model: &Model, classified: &ClassifiedArticle) -> Self {
        let n = classified.sentences.len();
        let shares = model
            .tasks
            .iter()
            .enumerate()
            .map(|(t, task)| {
                // The task's labels, then `uncertain` when the model abstains.
                let outcomes = model.outcome_names(t);
                let mut counts = vec![0usize; outcomes.len()];
                for sentence in &classified.sentences {
                    let labels = &sentence.predictions[t].labels;
                    if labels.is_empty() {
                        counts[task.labels.len()] += 1;
                    }
                    for &l in labels {
                        counts[l] += 1;
                    }
                }
                let shares = outcomes
                    .into_iter()
                    .zip(counts)
                    .map(|(label, count)| {
                        (
                            label.to_string(),
                            if n == 0 { 0.0 } else { count as f64 / n as f64 },
                        )
                    })
                    .collect();
                (task.name.clone(), shares)
            })
            .collect();
        ArticleProfile {
            doc: classified.article.id.clone(),
            source: classified.article.source.clone(),
            sentences: n,
            shares,
        }
    }

    /// The share of sentences with `label` in `task` (0 when either is unknown).
    pub fn share(&self, task: &str, label: &str) -> f64 {
        self.shares
            .iter()
            .find(|(name, _)| name == task)
            .and_then(|(_, shares)| shares.iter().find(|(l, _)| l == label))
            .map_or(0.0, |(_, share)| *share)
    }
}
