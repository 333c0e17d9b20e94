//! `llm-slo init`

use std::path::Path;

use super::Outcome;

/// The starter spec `init` writes.
pub(super) const STARTER: &str = include_str!("../../templates/init.llm-slo.yaml");

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Overwrite the spec file if it exists.
    #[arg(long)]
    force: bool,
}

pub(super) fn run(spec: &Path, args: &Args) -> Outcome {
    if spec.exists() && !args.force {
        eprintln!(
            "error: {} exists; pass --force to overwrite it",
            spec.display()
        );
        return Outcome::Failure;
    }
    if let Some(parent) = spec.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {error}", parent.display());
        return Outcome::Failure;
    }
    match crate::output::write_file(spec, STARTER.as_bytes()) {
        Ok(()) => {
            super::note(format_args!(
                "wrote {}; edit it, then run `llm-slo generate`",
                spec.display()
            ));
            Outcome::Ok
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", spec.display());
            Outcome::Failure
        }
    }
}
