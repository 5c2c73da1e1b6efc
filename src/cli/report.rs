//! `framing report`: articles → one self-contained HTML page comparing their framing.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use framing::output::{HtmlPrinter, RecordSink};
use framing::ClassifiedArticle;
use rayon::prelude::*;

use super::input::{create_output, lossy_warning, InputArgs};

/// Terms shown per label in a sentence's tooltip.
const TOOLTIP_TERMS: usize = 5;

/// Write an HTML report: each article's sentences highlighted by their labels, its framing
/// profile, and a side-by-side comparison of the articles (pooled per source when the input
/// gives one). One file, no network needed to view or print it.
#[derive(Debug, Args)]
#[command(
    after_help = "Inputs: as for classify.\n\nExample:\n  framing report examples/ --out report.html"
)]
pub struct ReportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Model file (default: the model built into this binary).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// Where to write the report.
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
    /// The page title.
    #[arg(long, default_value = "Framing report", value_name = "TITLE")]
    title: String,
}

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    args.input.check_outputs(&[&args.out])?;
    let model = super::load_model(args.model.as_deref())?;
    let articles = args.input.articles().collect::<framing::Result<Vec<_>>>()?;
    for warning in articles.iter().filter_map(lossy_warning) {
        eprintln!("{warning}");
    }
    let classified: Vec<ClassifiedArticle> = articles
        .into_par_iter()
        .map(|article| ClassifiedArticle::explained(&model, article, TOOLTIP_TERMS))
        .collect();
    let file = create_output(&args.out)?;
    let mut printer = HtmlPrinter::new(file).title(args.title);
    printer.write_header(&model)?;
    for article in &classified {
        printer.write_article(&model, article)?;
    }
    printer
        .finish()
        .with_context(|| format!("writing {}", args.out.display()))
}
