//! `framing evaluate`: a model on a labels file, or cross-validation of training.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use framing::data::LabelledSet;
use framing::eval::{cross_validate, evaluate, tune_thresholds};
use framing::model::Trainer;
use framing::output::predictions::write_predictions;
use framing::output::report::{write_cross_validation, write_evaluation, write_thresholds};

use super::TrainingArgs;

/// Score a model on a labels file, or cross-validate training on it (--cv).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  framing evaluate --model models/default.json --labels held-out.csv --json report.json --predictions rows.csv\n  framing evaluate --labels labels/labels.csv --cv 5 --seed 1\n  framing evaluate --labels held-out.csv --min-confidence 0.6\n  framing evaluate --model models/default.json --labels tuning.csv --tune-thresholds --out tuned.json"
)]
pub struct EvaluateArgs {
    #[command(flatten)]
    training: TrainingArgs,
    /// The model to score (default: the built-in model). Not used with --cv.
    #[arg(long, value_name = "MODEL", conflicts_with = "cv")]
    model: Option<PathBuf>,
    /// Cross-validate training with K stratified folds instead of scoring a model.
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Seed of the cross-validation folds.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "REPORT")]
    json: Option<PathBuf>,
    /// Also write every row's true and predicted labels, and what was missed or extra, as CSV to
    /// this file. Not used with --cv.
    #[arg(long, value_name = "CSV", conflicts_with = "cv")]
    predictions: Option<PathBuf>,
    /// Also report, per single-label task, the share of rows whose top probability reaches P
    /// (coverage) and the accuracy on them.
    #[arg(long, value_name = "P", value_parser = super::probability)]
    min_confidence: Option<f64>,
    /// Tune each multi-label label's threshold (0.05 to 0.95) for the best F1 on the labels file,
    /// write the model with them to --out, and score it.
    #[arg(long, requires = "out", conflicts_with = "cv")]
    tune_thresholds: bool,
    /// Where --tune-thresholds writes the tuned model.
    #[arg(long, value_name = "TUNED", requires = "tune_thresholds")]
    out: Option<PathBuf>,
}

pub fn run(args: EvaluateArgs) -> anyhow::Result<()> {
    let settings = &args.training;
    let mut out = std::io::stdout().lock();
    let report = match args.cv {
        Some(folds) => {
            let set = LabelledSet::read(&settings.labels, &settings.labels_options())?;
            let learner = settings.learner()?;
            let trainer = Trainer::new(learner.as_ref())
                .tokenizer(settings.tokenizer())
                .tfidf(settings.tfidf()?);
            let cv = cross_validate(&trainer, &set, folds, args.seed, args.min_confidence)?;
            write_cross_validation(&mut out, &cv)?;
            serde_json::to_value(&cv)?
        }
        None => {
            let mut model = super::load_model(args.model.as_deref())?;
            model.set_min_confidence(args.min_confidence);
            let mut options = settings.labels_options();
            if options.tasks.is_none() {
                // Score the model's tasks; other label columns of the file are not tasks here.
                let set = LabelledSet::read(&settings.labels, &options)?;
                let known: Vec<String> = set
                    .tasks
                    .iter()
                    .map(|t| t.name.clone())
                    .filter(|n| model.task(n).is_some())
                    .collect();
                if known.is_empty() {
                    bail!(
                        "{} has none of the model's tasks ({})",
                        settings.labels.display(),
                        model.task_names()
                    );
                }
                options.tasks = Some(known);
            }
            let set = LabelledSet::read(&settings.labels, &options)?;
            let tuned = match &args.out {
                Some(path) if args.tune_thresholds => {
                    let tuned = tune_thresholds(&mut model, &set)?;
                    write_thresholds(&mut out, &tuned)?;
                    model.save(path)?;
                    writeln!(
                        out,
                        "wrote {} (scored below on the same file)",
                        path.display()
                    )?;
                    Some(tuned)
                }
                _ => None,
            };
            let evaluation = evaluate(&model, &set)?;
            write_evaluation(&mut out, &evaluation)?;
            if let Some(path) = &args.predictions {
                let writing =
                    |e: std::io::Error| anyhow::anyhow!("writing {}: {e}", path.display());
                let file = std::fs::File::create(path).map_err(writing)?;
                write_predictions(std::io::BufWriter::new(file), &set, &evaluation)
                    .map_err(writing)?;
            }
            let mut report = serde_json::to_value(&evaluation)?;
            if let Some(tuned) = tuned {
                report["thresholds"] = serde_json::to_value(&tuned)?;
            }
            report
        }
    };
    super::write_json(args.json.as_deref(), &report)?;
    Ok(())
}
