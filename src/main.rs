//! The `framing` command line: train, classify, evaluate.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("framing: error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// `framing classify ... | head` ends quietly when `head` stops reading.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<framing::Error>()
                .is_some_and(framing::Error::is_broken_pipe)
    })
}
