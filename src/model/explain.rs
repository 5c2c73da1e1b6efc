//! Why the model says what it says: the strongest features of each label (its largest positive
//! and negative weights), and, for one sentence, the features that contributed most to each
//! assigned label (weight × TF-IDF value, computed by the scorer).

use serde::Serialize;

use super::Model;
use crate::features::Tfidf;

/// One feature and its weight in a label's linear score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureWeight {
    /// The vocabulary term (stems, or a `#cue:` marker).
    pub term: String,
    /// The term as people read it ([`Model::feature_surface`]).
    pub surface: String,
    /// Its weight.
    pub weight: f64,
}

/// The strongest features of one label of one task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelWeights {
    /// The task.
    pub task: String,
    /// The label.
    pub label: String,
    /// The largest positive weights, largest first.
    pub positive: Vec<FeatureWeight>,
    /// The largest negative weights, most negative first.
    pub negative: Vec<FeatureWeight>,
}

/// What one feature added to one label's score in one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    /// The feature (an index into the vocabulary).
    pub feature: usize,
    /// Its weight times its TF-IDF value in the sentence.
    pub value: f64,
}

/// The features that contributed most to one assigned label, largest contribution first.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelAttribution {
    /// The label (an index into the task's labels).
    pub label: usize,
    /// The largest contributions, largest first.
    pub contributions: Vec<Contribution>,
}

impl Model {
    /// The vocabulary term of `feature` as stored (stems, a cue marker).
    pub fn feature_term(&self, feature: usize) -> &str {
        &self.featurizer.terms()[feature]
    }

    /// The term of `feature` as people read it: stems replaced by their most frequent surface
    /// word in the training texts, cue markers as they are, character n-grams in brackets.
    pub fn feature_surface(&self, feature: usize) -> String {
        let term = self.feature_term(feature);
        match Tfidf::char_ngram(term) {
            Some(chars) => format!("[{chars}]"),
            None => self.surface_forms.render(term),
        }
    }

    /// The `n` largest positive and `n` most negative weights of every label of task `task`
    /// (an index into [`Model::tasks`]).
    pub fn strongest_features(&self, task: usize, n: usize) -> Vec<LabelWeights> {
        let task = &self.tasks[task];
        task.labels
            .iter()
            .zip(&task.weights)
            .map(|(label, weights)| {
                let mut order: Vec<usize> = (0..weights.len()).collect();
                order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
                let feature = |f: usize| FeatureWeight {
                    term: self.feature_term(f).to_string(),
                    surface: self.feature_surface(f),
                    weight: f64::from(weights[f]),
                };
                LabelWeights {
                    task: task.name.clone(),
                    label: label.clone(),
                    positive: order
                        .iter()
                        .take(n)
                        .copied()
                        .filter(|&f| weights[f] > 0.0)
                        .map(feature)
                        .collect(),
                    negative: order
                        .iter()
                        .rev()
                        .take(n)
                        .copied()
                        .filter(|&f| weights[f] < 0.0)
                        .map(feature)
                        .collect(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::data::{LabelledSet, LabelsOptions};
    use crate::learn::{LearnerConfig, SparseLearner};
    use crate::model::{Model, Trainer};

    fn model() -> Model {
        let csv = "text,frame\n\
            Officials accused the rebels of lying.,accusation\n\
            The minister accused rivals of fraud.,accusation\n\
            Rain fell on Tuesday.,background\n\
            The river rose by a metre.,background\n\
            Police accused the mayor of theft.,accusation\n\
            The bridge opened in 1990.,background\n\
            Police accused the river of rising.,accusation|background\n";
        let set = LabelledSet::from_bytes(
            "labels.csv".as_ref(),
            csv.as_bytes(),
            &LabelsOptions::default(),
        )
        .unwrap();
        let learner = SparseLearner::new(LearnerConfig::default());
        Trainer::new(&learner).fit(&set).unwrap()
    }

    #[test]
    fn strongest_features_are_sorted_and_shown_as_written() {
        let model = model();
        let labels = model.strongest_features(0, 3);
        let accusation = labels.iter().find(|l| l.label == "accusation").unwrap();
        assert_eq!(accusation.positive.len(), 3);
        assert!(accusation
            .positive
            .windows(2)
            .all(|w| w[0].weight >= w[1].weight));
        assert!(accusation
            .negative
            .windows(2)
            .all(|w| w[0].weight <= w[1].weight));
        let accus = accusation
            .positive
            .iter()
            .find(|f| f.term == "accus")
            .expect("`accus` is among the strongest accusation features");
        assert_eq!(accus.surface, "accused");
        assert!(accusation.negative.iter().all(|f| f.weight < 0.0));
    }

    #[test]
    fn contributions_add_up_to_the_score_and_are_sorted() {
        let model = model();
        let sentence = "The minister accused the mayor.";
        let plain = model.predict_sentence(sentence);
        assert!(plain[0].attributions.is_empty(), "no cost without asking");
        let explained = model.explain_sentence(sentence, 1000);
        assert_eq!(explained[0].labels, plain[0].labels);
        assert_eq!(explained[0].probabilities, plain[0].probabilities);
        let task = &model.tasks[0];
        for attribution in &explained[0].attributions {
            let values: Vec<f64> = attribution.contributions.iter().map(|c| c.value).collect();
            assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
            // One sigmoid per label: the intercept plus every contribution is the logit.
            let score = task.intercepts[attribution.label] + values.iter().sum::<f64>();
            let p = explained[0].probabilities[attribution.label];
            assert!((1.0 / (1.0 + (-score).exp()) - p).abs() < 1e-9);
        }
        let top = model.explain_sentence(sentence, 2);
        assert!(top[0].attributions[0].contributions.len() <= 2);
        assert_eq!(
            top[0].attributions[0].contributions[..],
            explained[0].attributions[0].contributions[..2]
        );
    }
}
