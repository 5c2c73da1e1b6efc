//! `framing suggest`: the sentences worth labelling next, as a labels CSV to fill in.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use framing::output::suggestions::write_suggestions;
use framing::suggest::{least_certain, Suggestion};
use framing::ClassifiedArticle;
use rayon::prelude::*;

use super::input::{create_output, lossy_warning, InputArgs};

/// Suggest the N sentences the model is least sure of, to label next.
#[derive(Debug, Args)]
#[command(
    after_help = "Sentences are ranked by the mean over tasks of the margin between the model's two likeliest answers (multi-label: the label decision nearest 0.5); near-duplicates (word Jaccard above 0.8) of a chosen sentence are skipped. The output is a labels CSV: id (doc#sentence), text, an empty column per task to fill in, and the model's guesses (guess_<task>).\n\nExample:\n  framing suggest --model models/default.json unlabelled.jsonl --n 100 --out to-label.csv"
)]
pub struct SuggestArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Model file (default: the model built into this binary).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// How many sentences to suggest.
    #[arg(long, value_name = "N")]
    n: usize,
    /// Write the CSV here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: SuggestArgs) -> anyhow::Result<()> {
    if let Some(out) = &args.out {
        args.input.check_outputs(&[out])?;
    }
    let model = super::load_model(args.model.as_deref())?;
    let mut articles = Vec::new();
    for article in args.input.articles() {
        let article = article?;
        if let Some(warning) = lossy_warning(&article) {
            eprintln!("{warning}");
        }
        articles.push(article);
    }
    let candidates: Vec<Suggestion> = articles
        .into_par_iter()
        .flat_map_iter(|article| {
            Suggestion::candidates(&model, &ClassifiedArticle::new(&model, article))
        })
        .collect();
    let suggestions = least_certain(candidates, args.n);
    match &args.out {
        Some(path) => {
            let mut out = create_output(path)?;
            write_suggestions(&mut out, &model, &suggestions)?;
            out.flush()?;
        }
        None => write_suggestions(std::io::stdout().lock(), &model, &suggestions)?,
    }
    Ok(())
}
