//! # framing
//!
//! Tags the sentences of news articles with their **framing devices** (accusation, attribution,
//! expert opinion, quotation, call to action, denial, warning, background) and the writer's
//! **stance** (endorsing, reporting, distancing, neutral), so that researchers can compare how
//! outlets tell the same story.
//!
//! The pipeline runs in explicit stages, each in its own module:
//! [`text::segment`] (sentences with character offsets) → [`text::tokenize`] (stemmed tokens and
//! quotation marks, plus markers of the sentence's [`text::context`] in its article) →
//! [`features`] (TF-IDF sparse rows) → [`learn`] (logistic regression) → [`model`] (one
//! versioned JSON file holding every stage's settings and parameters).
//! [`data`] reads labels and articles, [`eval`] scores models, [`suggest`] picks sentences to
//! label next, and [`output`] prints results.
//!
//! ```
//! use framing::data::{LabelledSet, LabelsOptions};
//! use framing::learn::{LearnerConfig, SparseLearner};
//! use framing::model::Trainer;
//!
//! let csv = "text,frame,stance\n\
//!     \"The minister said the plan would work.\",attribution,reporting\n\
//!     The regime lied about the attack.,accusation,endorsing\n\
//!     \"Police said the suspect lied, according to officials.\",accusation|attribution,reporting\n\
//!     Rain fell on Tuesday.,background,neutral\n";
//! let labels = LabelledSet::from_bytes("labels.csv".as_ref(), csv.as_bytes(), &LabelsOptions::default())?;
//! let learner = SparseLearner::new(LearnerConfig::default());
//! let model = Trainer::new(&learner).fit(&labels)?;
//! let sentences = model.classify_article("The regime lied again. Rain fell on Monday.");
//! assert_eq!(sentences.len(), 2);
//! assert_eq!((sentences[1].span.start, sentences[1].span.end), (23, 43));
//! # Ok::<(), framing::Error>(())
//! ```

#![warn(missing_docs)]

pub mod classify;
pub mod data;
pub mod error;
pub mod eval;
pub mod features;
pub mod learn;
pub mod model;
pub mod output;
pub mod suggest;
pub mod text;

pub use classify::{ArticleProfile, ClassifiedArticle};
pub use error::{Error, Result};
pub use model::Model;
