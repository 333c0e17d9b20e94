//! `llm-slo generate`

use std::path::{Path, PathBuf};

use super::{Outcome, generate_files, load_spec};

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Output folder (default: `outputs.dir` of the spec, relative to the spec file).
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
    match crate::output::write(&dir, &files) {
        Ok(summary) => {
            for path in &summary.written {
                super::note(format_args!("wrote {}", dir.join(path).display()));
            }
            for path in &summary.removed {
                super::note(format_args!(
                    "removed {} (no longer generated)",
                    dir.join(path).display()
                ));
            }
            super::note(format_args!(
                "{}: {} files ({} written, {} unchanged, {} removed)",
                dir.display(),
                files.len(),
                summary.written.len(),
                summary.unchanged.len(),
                summary.removed.len()
            ));
            Outcome::Ok
        }
        Err(error) => {
            eprintln!("error: cannot write to {}: {error}", dir.display());
            Outcome::Failure
        }
    }
}
