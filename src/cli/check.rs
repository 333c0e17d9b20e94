//! `llm-slo check`

use std::path::{Path, PathBuf};

use super::{Outcome, generate_files, load_spec, print_stdout};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Output folder to compare (default: `outputs.dir` of the spec).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub(super) fn run(spec: &Path, args: &Args) -> Outcome {
    let loaded = match load_spec(spec) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let files = match generate_files(&loaded) {
        Ok(files) => files,
        Err(outcome) => return outcome,
    };
    let dir = args.out.clone().unwrap_or_else(|| loaded.output_dir());
    let drift = match crate::output::drift(&dir, &files) {
        Ok(drift) => drift,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", dir.display());
            return Outcome::Failure;
        }
    };
    if drift.is_empty() {
        super::note(format_args!(
            "{}: {} files up to date",
            dir.display(),
            files.len()
        ));
        return Outcome::Ok;
    }
    let diffs: String = drift.iter().map(|d| d.diff()).collect();
    if let Outcome::Failure = print_stdout(diffs.as_bytes()) {
        return Outcome::Failure;
    }
    for d in &drift {
        let what = match d {
            crate::output::Drift::Missing { .. } => "missing",
            crate::output::Drift::Changed { .. } => "out of date",
            crate::output::Drift::Stale { .. } => "no longer generated",
        };
        eprintln!("{}: {what}", dir.join(d.path()).display());
    }
    eprintln!(
        "{} of {} files differ from what {} generates: run `llm-slo generate`",
        drift.len(),
        files.len(),
        spec.display()
    );
    Outcome::Findings
}
