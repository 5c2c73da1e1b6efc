//! Text stages: an article is split into sentences ([`segment`]), and a sentence into tokens
//! ([`tokenize`]).

pub mod cues;
pub mod segment;
pub mod tokenize;

pub use segment::{RuleSegmenter, Segmenter, SentenceSpan};
pub use tokenize::{StemLanguage, TokenScratch, Tokenizer, TokenizerConfig};
