//! `llm-slo import sloth|openslo FILE`: SLOs written for Sloth or OpenSLO as specs, each
//! loaded and checked before it is written; what a spec cannot express is listed in its
//! header and on stderr.

use std::path::{Path, PathBuf};

use super::{Outcome, note, print_stdout};
use crate::base::Duration;

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The source's format.
    #[arg(value_enum)]
    from: Source,
    /// The file to import (several YAML documents allowed).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Where to write the spec: a file, or a folder (`specs/`, always when the file holds
    /// several services) of one `<service>.yaml` each. Without it, the spec is printed.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// The SLO window of Sloth specs, which do not hold one (Sloth's
    /// `--default-slo-period`).
    #[arg(long, value_name = "DURATION", default_value = "30d")]
    window: Duration,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Source {
    /// Sloth: `version: prometheus/v1` specs and `PrometheusServiceLevel` resources.
    Sloth,
    /// OpenSLO v1: `SLO` and `SLI` documents with ratio metrics.
    Openslo,
}

pub(super) fn run(args: &Args) -> Outcome {
    let name = args.file.display().to_string();
    let text = match std::fs::read_to_string(&args.file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {name}: {error}");
            return Outcome::Failure;
        }
    };
    let imported = match args.from {
        Source::Sloth => crate::migrate::sloth::import(&name, &text, args.window),
        Source::Openslo => crate::migrate::openslo::import(&name, &text),
    };
    let imported = match imported {
        Ok(imported) => imported,
        Err(report) => {
            eprint!("{}", report.to_human());
            return Outcome::Findings;
        }
    };
    if imported.is_empty() {
        eprintln!("error: {name} holds no SLO to import");
        return Outcome::Findings;
    }
    // Every spec must load as it is written: an import that does not is reported with the
    // spec's own findings.
    let mut failed = false;
    for spec in &imported {
        let label = format!("{} (imported from {name})", spec.service);
        if let Err(report) = crate::load_str(&label, &spec.spec) {
            eprint!("{}", report.to_human());
            failed = true;
        }
        for line in &spec.not_expressed {
            note(format_args!("{}: not expressed: {line}", spec.service));
        }
    }
    if failed {
        return Outcome::Findings;
    }
    match &args.out {
        None => {
            let text = imported
                .iter()
                .map(|s| s.spec.as_str())
                .collect::<Vec<_>>()
                .join("---\n");
            print_stdout(text.as_bytes())
        }
        // A file, unless it names a folder (`specs/`, or one that exists).
        Some(out)
            if imported.len() == 1
                && !out.is_dir()
                && !out.as_os_str().to_string_lossy().ends_with(['/', '\\']) =>
        {
            write(out, &imported[0].spec)
        }
        Some(out) => {
            for spec in &imported {
                if let Outcome::Failure =
                    write(&out.join(format!("{}.yaml", spec.service)), &spec.spec)
                {
                    return Outcome::Failure;
                }
            }
            Outcome::Ok
        }
    }
}

fn write(path: &Path, text: &str) -> Outcome {
    match crate::output::write_file(path, text.as_bytes()) {
        Ok(()) => {
            note(format_args!("wrote {}", path.display()));
            Outcome::Ok
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            Outcome::Failure
        }
    }
}
