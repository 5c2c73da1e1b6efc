//! `framing classify`: articles → per-sentence records (+ per-article profiles).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use framing::data::Article;
use framing::output::{Format, RecordSink, RecordStyle, SummaryPrinter};
use framing::ClassifiedArticle;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::input::{create_output, lossy_warning, InputArgs};

/// Articles classified in parallel at a time: memory is bounded by this, not by the input size.
const CHUNK: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One JSON object per sentence.
    Jsonl,
    /// One CSV row per sentence, with a probability column per label.
    Csv,
    /// Aligned text for the terminal.
    Table,
}

/// Split articles into sentences and tag each with every task of the model.
#[derive(Debug, Args)]
#[command(
    after_help = "Inputs: .txt files (one article each, id = file stem), folders of .txt files, .jsonl (objects with id and text), .csv (id and text columns), or - for JSONL on standard input.\n\nExamples:\n  framing classify examples/ --format table --summary profiles.csv\n  framing classify examples/hedged-report.txt --explain 3"
)]
pub struct ClassifyArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Model file (default: the model built into this binary).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// Output format of the sentence records.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Write the sentence records here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write one profile per article (JSONL, or CSV when FILE ends in .csv).
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Also show, per assigned label, the K features that contributed most to it.
    #[arg(long, default_value_t = 0, value_name = "K")]
    explain: usize,
    /// Write a single-label prediction whose top probability is below P as `uncertain`.
    #[arg(long, value_name = "P", value_parser = super::probability)]
    min_confidence: Option<f64>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<()> {
    let outputs: Vec<&Path> = [args.output.as_deref(), args.summary.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    args.input.check_outputs(&outputs)?;
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("starting the worker threads")?;
    }
    let mut model = super::load_model(args.model.as_deref())?;
    model.set_min_confidence(args.min_confidence);
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(create_output(path)?),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let format = RecordStyle {
        format: match args.format {
            OutputFormat::Jsonl => Format::Jsonl,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Table => Format::Table,
        },
        explain: args.explain > 0,
    };
    out.write_all(&format.header(&model)?)?;
    let mut summary: Option<Box<dyn RecordSink>> = match &args.summary {
        Some(path) => {
            let file = create_output(path)?;
            let is_csv = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let mut printer: Box<dyn RecordSink> = if is_csv {
                Box::new(SummaryPrinter::csv(file))
            } else {
                Box::new(SummaryPrinter::jsonl(file))
            };
            printer.write_header(&model)?;
            Some(printer)
        }
        None => None,
    };
    let mut articles = args.input.articles();
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles, {per_sec}")
            .expect("a valid template"),
    );
    let mut failure = None;
    loop {
        let mut chunk: Vec<Article> = Vec::with_capacity(CHUNK);
        for item in articles.by_ref() {
            match item {
                Ok(article) => {
                    if let Some(warning) = lossy_warning(&article) {
                        progress.suspend(|| eprintln!("{warning}"));
                    }
                    chunk.push(article);
                    if chunk.len() == CHUNK {
                        break;
                    }
                }
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        // Classify and render in parallel; write in input order.
        let classified: Vec<(ClassifiedArticle, Vec<u8>)> = chunk
            .into_par_iter()
            .map(|article| {
                let classified = ClassifiedArticle::explained(&model, article, args.explain);
                let records = format.render(&model, &classified);
                records.map(|records| (classified, records))
            })
            .collect::<std::io::Result<_>>()?;
        for (article, records) in &classified {
            out.write_all(records)?;
            if let Some(summary) = summary.as_mut() {
                summary.write_article(&model, article)?;
            }
        }
        progress.inc(classified.len() as u64);
        if failure.is_some() {
            break;
        }
    }
    progress.finish_and_clear();
    out.flush()?;
    if let Some(summary) = summary.as_mut() {
        summary.finish()?;
    }
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}
