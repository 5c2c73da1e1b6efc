//! Command-line arguments (clap derive) and one module per command.

mod agreement;
mod classify;
mod evaluate;
mod explain;
mod input;
mod report;
mod settings;
mod suggest;
mod train;

use clap::{Parser, Subcommand};

pub use settings::TrainingArgs;

/// Tag news sentences with framing devices and stance; compare how outlets tell a story.
#[derive(Debug, Parser)]
#[command(name = "framing", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Train(train::TrainArgs),
    Classify(classify::ClassifyArgs),
    Evaluate(evaluate::EvaluateArgs),
    Agreement(agreement::AgreementArgs),
    Explain(explain::ExplainArgs),
    Report(report::ReportArgs),
    Suggest(suggest::SuggestArgs),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Train(args) => train::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Agreement(args) => agreement::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Report(args) => report::run(args),
        Command::Suggest(args) => suggest::run(args),
    }
}

/// Parses a probability argument (0 to 1).
fn probability(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{value}` is not a probability between 0 and 1")),
    }
}

/// The model from `--model`, or the built-in default one.
fn load_model(path: Option<&std::path::Path>) -> anyhow::Result<framing::Model> {
    Ok(match path {
        Some(path) => framing::Model::load(path)?,
        None => framing::Model::built_in()?,
    })
}

/// Writes `report` as pretty JSON to `path` when `--json` was given.
fn write_json(
    path: Option<&std::path::Path>,
    report: &impl serde::Serialize,
) -> anyhow::Result<()> {
    if let Some(path) = path {
        let json = serde_json::to_string_pretty(report)? + "\n";
        std::fs::write(path, json)
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    }
    Ok(())
}
