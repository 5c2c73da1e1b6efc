//! `framing classify`: articles → per-sentence records (+ per-article profiles).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use framing::data::Article;
use framing::output::{Format, RecordSink, RecordStyle, SummaryPrinter};
use framing::{ClassifiedArticle, Model};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::input::{create_output, lossy_warning, InputArgs};

/// Articles classified in parallel at a time. At most three chunks are held (one being read, one
/// classified, one written), so memory is bounded by this, not by the input size.
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
    // Not the standard output's lock: the writing runs on a worker thread, and a lock is not Send.
    let out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(create_output(path)?),
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let format = RecordStyle {
        format: match args.format {
            OutputFormat::Jsonl => Format::Jsonl,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Table => Format::Table,
        },
        explain: args.explain > 0,
    };
    let summary: Option<Box<dyn RecordSink + Send>> = match &args.summary {
        Some(path) => {
            let file = create_output(path)?;
            let is_csv = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            Some(if is_csv {
                Box::new(SummaryPrinter::csv(file))
            } else {
                Box::new(SummaryPrinter::jsonl(file))
            })
        }
        None => None,
    };
    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles, {per_sec}")
            .expect("a valid template"),
    );
    let mut writer = Writer {
        model: &model,
        out,
        summary,
        progress: &progress,
    };
    writer.write_headers(&format)?;
    let mut articles = args.input.articles();
    let classify = |chunk: Vec<Article>| -> std::io::Result<Vec<(ClassifiedArticle, Vec<u8>)>> {
        chunk
            .into_par_iter()
            .map(|article| {
                let classified = ClassifiedArticle::explained(&model, article, args.explain);
                let records = format.render(&model, &classified);
                records.map(|records| (classified, records))
            })
            .collect()
    };
    // A pipeline over chunks: while chunk k is classified in parallel, the same pool writes chunk
    // k - 1's records and reads chunk k + 1, so that reading and writing (which run in input
    // order, on one thread) do not leave the other threads idle. With one thread it runs step by
    // step.
    let (mut current, mut failure) = read_chunk(&mut articles, &progress);
    let mut previous = Vec::new();
    loop {
        let finished = current.is_empty();
        let read_more = !finished && failure.is_none();
        let (io, classified) = rayon::join(
            || -> anyhow::Result<_> {
                writer.write(&previous)?;
                Ok(if read_more {
                    read_chunk(&mut articles, &progress)
                } else {
                    (Vec::new(), None)
                })
            },
            || classify(current),
        );
        let (next, next_failure) = io?;
        previous = classified?;
        if finished {
            break;
        }
        current = next;
        failure = failure.or(next_failure);
    }
    progress.finish_and_clear();
    writer.finish()?;
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}

/// Up to [`CHUNK`] articles, and the error that ended the input, if one did. Warns of articles
/// that were not valid UTF-8 as they are read.
fn read_chunk(
    articles: &mut impl Iterator<Item = framing::Result<Article>>,
    progress: &ProgressBar,
) -> (Vec<Article>, Option<framing::Error>) {
    let mut chunk = Vec::with_capacity(CHUNK);
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
            Err(error) => return (chunk, Some(error)),
        }
    }
    (chunk, None)
}

/// Where classified articles go, in input order: their rendered records, and their profiles.
struct Writer<'a> {
    model: &'a Model,
    out: Box<dyn Write + Send>,
    summary: Option<Box<dyn RecordSink + Send>>,
    progress: &'a ProgressBar,
}

impl Writer<'_> {
    fn write_headers(&mut self, format: &RecordStyle) -> anyhow::Result<()> {
        self.out.write_all(&format.header(self.model)?)?;
        if let Some(summary) = self.summary.as_mut() {
            summary.write_header(self.model)?;
        }
        Ok(())
    }

    fn write(&mut self, classified: &[(ClassifiedArticle, Vec<u8>)]) -> std::io::Result<()> {
        for (article, records) in classified {
            self.out.write_all(records)?;
            if let Some(summary) = self.summary.as_mut() {
                summary.write_article(self.model, article)?;
            }
        }
        self.progress.inc(classified.len() as u64);
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()?;
        if let Some(summary) = self.summary.as_mut() {
            summary.finish()?;
        }
        Ok(())
    }
}
