//! `llm-slo validate`

use std::path::Path;

use super::{Outcome, generate_files, load_spec};

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub(super) fn run(spec: &Path, _args: &Args) -> Outcome {
    let loaded = match load_spec(spec) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    match generate_files(&loaded) {
        Ok(files) => {
            eprintln!(
                "{}: valid ({} warnings; generates {} files)",
                spec.display(),
                loaded.warnings.diagnostics.len(),
                files.len()
            );
            Outcome::Ok
        }
        Err(outcome) => outcome,
    }
}
