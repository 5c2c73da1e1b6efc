//! `framing agreement`: how far two labelling passes over the same rows agree.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use framing::data::{LabelledSet, LabelsOptions};
use framing::eval::agreement;
use framing::output::report::write_agreement;

/// Compare two labelling passes of the same rows (matched by `id`): per-label F1 between the
/// passes, and Cohen's kappa for single-label tasks.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  framing agreement labels/agreement/first-pass.csv labels/agreement/second-pass.csv"
)]
pub struct AgreementArgs {
    /// The first pass (the reference for precision and recall).
    first: PathBuf,
    /// The second pass.
    second: PathBuf,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "REPORT")]
    json: Option<PathBuf>,
}

pub fn run(args: AgreementArgs) -> anyhow::Result<()> {
    let options = LabelsOptions::default();
    let first = LabelledSet::read(&args.first, &options)?;
    let second = LabelledSet::read(&args.second, &options)?;
    let result = agreement(&first, &second)?;
    let mut out = std::io::stdout().lock();
    write_agreement(&mut out, &result)?;
    out.flush()?;
    super::write_json(args.json.as_deref(), &result)?;
    Ok(())
}
