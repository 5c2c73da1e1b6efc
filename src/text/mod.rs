//! Text stages: an article is split into sentences ([`segment`]), and a sentence into tokens
//! ([`tokenize`]), read in the [`context`] of the sentences before it; [`surface`] maps stems
//! back to words as written.

pub mod context;
pub mod cues;
pub mod segment;
pub mod surface;
pub mod tokenize;

pub use context::{ContextTracker, SentenceContext};
pub use segment::{RuleSegmenter, Segmenter, SentenceSpan};
pub use surface::SurfaceForms;
pub use tokenize::{StemLanguage, TokenScratch, Tokenizer, TokenizerConfig};
