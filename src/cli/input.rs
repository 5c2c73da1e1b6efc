//! The article inputs shared by `classify` and `report`.

use clap::Args;
use framing::data::{read_articles, Article, ArticleFields, Input};

/// Where the articles come from.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Articles: .txt files, folders of them, .jsonl, .csv, or - for JSONL on standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Name of the id field/column in JSONL and CSV inputs.
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// Name of the text field/column in JSONL and CSV inputs.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
}

impl InputArgs {
    /// The articles, read lazily in the order given.
    pub fn articles(&self) -> impl Iterator<Item = framing::Result<Article>> {
        let fields = ArticleFields {
            id: self.id_field.clone(),
            text: self.text_field.clone(),
            ..ArticleFields::default()
        };
        read_articles(
            self.inputs.iter().map(|a| Input::parse(a)).collect(),
            fields,
        )
    }
}

/// The warning for an article whose bytes were not all valid UTF-8, if it is one.
pub fn lossy_warning(article: &Article) -> Option<String> {
    article.decoded_lossily.then(|| {
        format!(
            "framing: warning: document `{}` is not valid UTF-8; invalid bytes were replaced with U+FFFD",
            article.id
        )
    })
}
