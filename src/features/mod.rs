//! Featurizing: token sequences become L2-normalised sparse TF-IDF rows.

mod counts;
pub mod sparse;
pub mod tfidf;

pub use sparse::{CsrMatrix, SparseRow};
pub use tfidf::{FeatureScratch, Tfidf, TfidfConfig, TfidfConfigBuilder};
