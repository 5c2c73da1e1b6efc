//! Text stages: an article is split into sentences ([`segment`]), and a sentence into tokens
//! ([`tokenize`]); [`surface`] maps stems back to words as written.

pub mod cues;
pub mod segment;
pub mod surface;
pub mod tokenize;

pub use segment::{RuleSegmenter, Segmenter, SentenceSpan};
pub use surface::SurfaceForms;
pub use tokenize::{StemLanguage, TokenScratch, Tokenizer, TokenizerConfig};
