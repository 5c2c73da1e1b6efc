//! `framing evaluate`: a model on a labels file, or cross-validation of training.

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use framing::data::LabelledSet;
use framing::eval::{cross_validate, evaluate};
use framing::model::Trainer;
use framing::output::report::{write_cross_validation, write_evaluation};

use super::TrainingArgs;

/// Score a model on a labels file, or cross-validate training on it (--cv).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  framing evaluate --model models/default.json --labels held-out.csv --json report.json\n  framing evaluate --labels labels/labels.csv --cv 5 --seed 1"
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
            let cv = cross_validate(&trainer, &set, folds, args.seed)?;
            write_cross_validation(&mut out, &cv)?;
            serde_json::to_value(&cv)?
        }
        None => {
            let model = super::load_model(args.model.as_deref())?;
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
            let evaluation = evaluate(&model, &set)?;
            write_evaluation(&mut out, &evaluation)?;
            serde_json::to_value(&evaluation)?
        }
    };
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report)? + "\n";
        std::fs::write(path, json)
            .with_context(|| format!("writing the report to {}", path.display()))?;
    }
    Ok(())
}
