//! `framing explain`: the features each label of a model leans on most.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use framing::output::explain::write_strongest_features;

/// Show, per task and label, the features with the largest positive and negative weights, as
/// stems and as the words they were most often written as in training.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  framing explain --task frame --top 5\n  framing explain --model models/default.json --json weights.json"
)]
pub struct ExplainArgs {
    /// Model file (default: the model built into this binary).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// Only this task (default: every task).
    #[arg(long, value_name = "TASK")]
    task: Option<String>,
    /// Features per side (positive, negative) and label.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
    /// Also write the features as JSON to this file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<()> {
    let model = super::load_model(args.model.as_deref())?;
    let tasks: Vec<usize> = match &args.task {
        Some(name) => match model.tasks.iter().position(|t| &t.name == name) {
            Some(index) => vec![index],
            None => bail!(
                "the model has no task `{name}` (it has: {})",
                model.task_names()
            ),
        },
        None => (0..model.tasks.len()).collect(),
    };
    let labels: Vec<_> = tasks
        .into_iter()
        .flat_map(|task| model.strongest_features(task, args.top))
        .collect();
    let mut out = std::io::stdout().lock();
    write_strongest_features(&mut out, &labels)?;
    out.flush()?;
    super::write_json(args.json.as_deref(), &labels)?;
    Ok(())
}
