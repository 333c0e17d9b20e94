//! `llm-slo check`

use std::path::{Path, PathBuf};

use super::{Outcome, generate_only, load_spec, print_stdout, template_findings};
use crate::output::SelfCheck;

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
    // The generator's validation of its own rules and dashboards cannot change what the
    // comparison finds, so the files are compared first without it; `generate` validated
    // what it wrote. Only when something differs is everything generated as `generate`
    // would, so that a generation error is reported as one.
    let dir = args.out.clone().unwrap_or_else(|| loaded.output_dir());
    if let Err(outcome) = template_findings(&loaded) {
        return outcome;
    }
    let mut files = match generate_only(&loaded, SelfCheck::Skip) {
        Ok(files) => files,
        Err(outcome) => return outcome,
    };
    let mut drift = match crate::output::drift(&dir, &files) {
        Ok(drift) => drift,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", dir.display());
            return Outcome::Failure;
        }
    };
    if !drift.is_empty() {
        files = match generate_only(&loaded, SelfCheck::Validate) {
            Ok(files) => files,
            Err(outcome) => return outcome,
        };
        drift = match crate::output::drift(&dir, &files) {
            Ok(drift) => drift,
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", dir.display());
                return Outcome::Failure;
            }
        };
    }
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
