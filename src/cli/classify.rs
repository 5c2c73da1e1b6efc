//! `framing classify`: articles → per-sentence records (+ per-article profiles).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use framing::data::{read_articles, Article, ArticleFields, Input};
use framing::output::{Format, RecordSink, SummaryPrinter};
use framing::ClassifiedArticle;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

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
    after_help = "Inputs: .txt files (one article each, id = file stem), folders of .txt files, .jsonl (objects with id and text), .csv (id and text columns), or - for JSONL on standard input.\n\nExample:\n  framing classify examples/ --format table --summary profiles.csv"
)]
pub struct ClassifyArgs {
    /// Articles to classify.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
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
    /// Name of the id field/column in JSONL and CSV inputs.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,
    /// Name of the text field/column in JSONL and CSV inputs.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

fn create(path: &PathBuf) -> anyhow::Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(BufWriter::new(file))
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<()> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("starting the worker threads")?;
    }
    let model = super::load_model(args.model.as_deref())?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(create(path)?),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let format = match args.format {
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Table => Format::Table,
    };
    out.write_all(&format.header(&model)?)?;
    let mut summary: Option<Box<dyn RecordSink>> = match &args.summary {
        Some(path) => {
            let file = create(path)?;
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
    let fields = ArticleFields {
        id: args.id_field.clone(),
        text: args.text_field.clone(),
        ..ArticleFields::default()
    };
    let inputs = args.inputs.iter().map(|a| Input::parse(a)).collect();
    let mut articles = read_articles(inputs, fields);
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
                    if article.decoded_lossily {
                        progress.suspend(|| {
                            eprintln!(
                                "framing: warning: document `{}` is not valid UTF-8; invalid bytes were replaced with U+FFFD",
                                article.id
                            )
                        });
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
                let classified = ClassifiedArticle::new(&model, article);
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
