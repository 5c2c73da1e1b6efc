//! `framing train`: labels CSV → model file.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use framing::data::LabelledSet;
use framing::eval::cross_validate;
use framing::model::Trainer;
use framing::output::report::write_cross_validation;

use super::TrainingArgs;

/// Train a model on a labels CSV and write it as one JSON file.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  framing train --labels labels/labels.csv --out models/default.json --cv 5"
)]
pub struct TrainArgs {
    #[command(flatten)]
    training: TrainingArgs,
    /// Where to write the model (written atomically).
    #[arg(long, value_name = "MODEL")]
    out: PathBuf,
    /// Also report stratified K-fold cross-validated scores (stored in the model).
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Seed of the cross-validation folds.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Record this training date instead of now (for reproducible model files).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let settings = &args.training;
    let set = LabelledSet::read(&settings.labels, &settings.labels_options())?;
    let learner = settings.learner()?;
    let mut trainer = Trainer::new(learner.as_ref())
        .tokenizer(settings.tokenizer())
        .tfidf(settings.tfidf()?);
    if let Some(date) = &args.date {
        trainer = trainer.trained_at(date.clone());
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: {} rows, {} tasks",
        settings.labels.display(),
        set.len(),
        set.tasks.len()
    )?;
    for task in &set.tasks {
        writeln!(
            out,
            "  {}: {}, {} labels",
            task.name,
            task.kind,
            task.labels.len()
        )?;
        let counts: Vec<String> = task
            .label_counts()
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        writeln!(out, "    {}", counts.join(", "))?;
    }
    out.flush()?;
    let mut model = trainer.fit(&set)?;
    let tfidf = model.featurizer.config();
    writeln!(
        out,
        "vocabulary: {} features (word {}-{}-grams{}, min_df {}, max_df {}{})",
        model.featurizer.len(),
        tfidf.word_ngrams.0,
        tfidf.word_ngrams.1,
        tfidf
            .char_ngrams
            .map(|(a, b)| format!(", character {a}-{b}-grams"))
            .unwrap_or_default(),
        tfidf.min_df,
        tfidf.max_df,
        if tfidf.unknown_words && tfidf.min_df > 1 {
            ", rarer words as <unknown>"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "learner: {}, C = {}, at most {} iterations",
        learner.name(),
        settings.c,
        settings.max_iter
    )?;
    for task in &model.tasks {
        let unconverged: Vec<String> = task
            .fits
            .iter()
            .enumerate()
            .filter(|(_, fit)| !fit.converged)
            .map(|(i, fit)| {
                let what = if task.fits.len() > 1 {
                    format!("`{}`", task.labels[i])
                } else {
                    "the model".into()
                };
                format!(
                    "{what} (largest gradient component {:.2e})",
                    fit.gradient_max_norm
                )
            })
            .collect();
        let iterations: Vec<u64> = task.fits.iter().filter_map(|f| f.iterations).collect();
        let iterations = match (iterations.iter().min(), iterations.iter().max()) {
            (Some(lo), Some(hi)) if lo == hi => format!(", {lo} iterations"),
            (Some(lo), Some(hi)) => format!(", {lo}-{hi} iterations"),
            _ => String::new(),
        };
        if unconverged.is_empty() {
            writeln!(
                out,
                "  {}: {} fit(s) converged{iterations}",
                task.name,
                task.fits.len()
            )?;
        } else {
            writeln!(
                out,
                "  {}: stopped at the iteration cap before converging: {} (raise --max-iter){iterations}",
                task.name,
                unconverged.join(", ")
            )?;
        }
    }
    if let Some(folds) = args.cv {
        let cv = cross_validate(&trainer, &set, folds, args.seed, None)?;
        writeln!(out)?;
        write_cross_validation(&mut out, &cv)?;
        model.training.cross_validation = Some(cv);
    }
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    writeln!(
        out,
        "\nwrote {} ({:.1} MB) in {:.1} s",
        args.out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
