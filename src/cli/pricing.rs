//! `llm-slo pricing import`

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::Outcome;
use crate::pricing::import::{self, genai_prices, litellm};

/// Arguments of `pricing`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert a community price catalog into llm-slo's catalog format (one provider per
    /// YAML document), listing what it could not convert.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The catalog's format.
    #[arg(long, value_enum)]
    from: Source,
    /// genai-prices' `data.json` or LiteLLM's `model_prices_and_context_window.json`.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Where to write the catalog (`--pricing` takes it; so does `pricing/` in a fork).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Also write what was not converted, every entry it affects on a line of its own
    /// (stderr shows a summary).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Source {
    #[value(name = "genai-prices")]
    GenaiPrices,
    #[value(name = "litellm")]
    Litellm,
}

pub(super) fn run(args: &Args) -> Outcome {
    match &args.command {
        Command::Import(args) => import(args),
    }
}

fn import(args: &ImportArgs) -> Outcome {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", args.file.display());
            return Outcome::Failure;
        }
    };
    let (name, result) = match args.from {
        Source::GenaiPrices => ("genai-prices", genai_prices::import(&text)),
        Source::Litellm => ("litellm", litellm::import(&text)),
    };
    let imported = match result {
        Ok(imported) => imported,
        Err(message) => {
            eprintln!("error: {}: {message}", args.file.display());
            return Outcome::Findings;
        }
    };
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let header = format!(
        "Imported by `llm-slo pricing import --from {name}` from {file_name}.\nPrices in USD per million tokens (per thousand requests or searches)."
    );
    let catalog = import::to_catalog(&imported, &header);
    // What we write must read back as a valid catalog.
    match crate::pricing::catalog::read_catalog(&args.out.display().to_string(), &catalog) {
        Ok((_, warnings)) if !warnings.diagnostics.is_empty() => {
            // The source's own oddities, kept as they are: say so.
            eprint!("{}", warnings.to_human());
        }
        Ok(_) => {}
        Err(report) => {
            eprint!("{}", report.to_human());
            eprintln!("error: the converted catalog does not pass its checks; nothing written");
            return Outcome::Findings;
        }
    }
    let written = crate::output::write_file(&args.out, catalog.as_bytes());
    if let Err(error) = written {
        eprintln!("error: cannot write {}: {error}", args.out.display());
        return Outcome::Failure;
    }
    let models: usize = imported.providers.iter().map(|p| p.models.len()).sum();
    for line in &imported.skipped {
        super::note(format_args!("not converted: {line}"));
    }
    if let Some(report) = &args.report {
        let mut text =
            format!("# Not converted by `llm-slo pricing import --from {name}` from {file_name}\n");
        for line in imported.skipped.iter().chain(&imported.details) {
            text.push_str(line);
            text.push('\n');
        }
        if let Err(error) = crate::output::write_file(report, text.as_bytes()) {
            eprintln!("error: cannot write {}: {error}", report.display());
            return Outcome::Failure;
        }
        super::note(format_args!(
            "wrote {}: {} entries not converted",
            report.display(),
            imported.details.len()
        ));
    }
    super::note(format_args!(
        "wrote {}: {} providers, {models} models ({} items not converted)",
        args.out.display(),
        imported.providers.len(),
        imported.skipped.len()
    ));
    Outcome::Ok
}
