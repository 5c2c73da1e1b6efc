//! The article inputs shared by `classify` and `report`.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;
use framing::data::{is_folder_article, read_articles, Article, ArticleFields, Input};

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
    pub fn articles(&self) -> impl Iterator<Item = framing::Result<Article>> + Send {
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

    /// Checks, before anything is written, that no output is one of the inputs (a link to it
    /// included) or a file that an input folder would read as an article, and that no two
    /// outputs are the same file: writing there would destroy an article before it is read,
    /// read the output back as an article, or interleave two outputs.
    pub fn check_outputs(&self, outputs: &[&Path]) -> anyhow::Result<()> {
        for (i, &output) in outputs.iter().enumerate() {
            if outputs[..i]
                .iter()
                .any(|&earlier| same_file(earlier, output))
            {
                bail!(
                    "refusing to write {}: it is given for two outputs",
                    output.display()
                );
            }
            for input in self.inputs.iter().filter(|i| i.as_str() != "-") {
                let input_path = Path::new(input);
                if same_file(input_path, output) {
                    bail!(
                        "refusing to write {}: it is the input {input}",
                        output.display()
                    );
                }
                if input_path.is_dir()
                    && is_folder_article(output)
                    && same_file(folder_of(output), input_path)
                {
                    bail!(
                        "refusing to write {}: the input folder {input} would read it as an article",
                        output.display()
                    );
                }
            }
        }
        Ok(())
    }
}

/// Creates the output file `path` (after [`InputArgs::check_outputs`]).
pub fn create_output(path: &Path) -> anyhow::Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(BufWriter::new(file))
}

/// Whether `a` and `b` are the same file, through links too, or (when either does not exist
/// yet) the same path once their folders are resolved.
fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
        || matches!((resolved(a), resolved(b)), (Some(a), Some(b)) if a == b)
}

/// `path` with its folder resolved (the file itself need not exist yet), if the folder exists.
fn resolved(path: &Path) -> Option<PathBuf> {
    Some(folder_of(path).canonicalize().ok()?.join(path.file_name()?))
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
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
