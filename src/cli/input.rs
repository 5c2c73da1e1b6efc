//! The article inputs shared by `classify` and `report`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::{bail, Context};
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

    /// Creates the output file `path`, after checking that it is none of the inputs and lies in
    /// no input folder: writing there would destroy an article before it is read, or make the
    /// output read back as one.
    pub fn create_output(&self, path: &Path) -> anyhow::Result<BufWriter<File>> {
        if let Some(output) = resolved(path) {
            for input in self.inputs.iter().filter(|i| i.as_str() != "-") {
                let Ok(input_path) = Path::new(input).canonicalize() else {
                    continue;
                };
                if input_path == output {
                    bail!(
                        "refusing to write {}: it is the input {input}",
                        path.display()
                    );
                }
                if input_path.is_dir() && output.starts_with(&input_path) {
                    bail!(
                        "refusing to write {}: it is inside the input folder {input}",
                        path.display()
                    );
                }
            }
        }
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        Ok(BufWriter::new(file))
    }
}

/// `path` with its folder resolved (the file itself need not exist yet), if the folder exists.
fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(folder.canonicalize().ok()?.join(path.file_name()?))
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
