//! `llm-slo price`

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use llm_slo_core::pricing::{PriceTable, Usage};

use super::{DEFAULT_SPEC, Outcome, load_spec};
use crate::pricing::calc::{self, Call};
use crate::pricing::catalog::Catalog;

/// Arguments of `price`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Provider (`anthropic`, `openai`, `gcp.gemini`, or an alias such as `google`).
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    provider: Option<String>,
    /// Model id, alias or dated snapshot id.
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    model: Option<String>,
    /// Input tokens in total, cache reads and writes included.
    #[arg(long, value_name = "N")]
    input_tokens: Option<u64>,
    /// Output tokens in total, reasoning included.
    #[arg(long, value_name = "N")]
    output_tokens: Option<u64>,
    /// Input tokens read from the prompt cache (part of `--input-tokens`).
    #[arg(long, value_name = "N")]
    cache_read_tokens: Option<u64>,
    /// Input tokens written to the prompt cache, any lifetime (part of `--input-tokens`).
    #[arg(long, value_name = "N")]
    cache_write_tokens: Option<u64>,
    /// Of the cache writes, those with a 1-hour lifetime.
    #[arg(long = "cache-write-1h-tokens", value_name = "N")]
    cache_write_1h_tokens: Option<u64>,
    /// Output tokens spent on reasoning (part of `--output-tokens`).
    #[arg(long, value_name = "N")]
    reasoning_tokens: Option<u64>,
    /// Any other unit: `--usage input_audio=1200` (repeatable).
    #[arg(long = "usage", value_name = "UNIT=N")]
    usage: Vec<String>,
    /// When the call was made (`YYYY-MM-DD` or RFC 3339): the prices then in force.
    #[arg(long, value_name = "DATE")]
    at: Option<String>,
    /// `standard` (default), `batch`, `flex` or `priority`.
    #[arg(long, value_name = "TIER")]
    service_tier: Option<String>,
    /// Price many calls: JSON lines with the same keys in snake_case (`provider`, `model`,
    /// `input_tokens`, …), `-` for standard input; one result line per input line.
    #[arg(long, value_name = "FILE")]
    batch: Option<PathBuf>,
    /// A catalog file or folder to price with, instead of the spec's pricing.
    #[arg(long, value_name = "PATH")]
    pricing: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Every price of a catalog; a table that cannot be hashed is a bug, reported as such.
fn price_table(catalog: &Catalog) -> Result<PriceTable, Outcome> {
    catalog.table("").map_err(|diagnostic| {
        eprint!(
            "{}",
            crate::diagnostics::Report::from(diagnostic).to_human()
        );
        Outcome::Failure
    })
}

/// The prices to use: `--pricing`, else the spec's (`--spec` or `./llm-slo.yaml`), else the
/// shipped catalogs.
fn table(spec: Option<&Path>, pricing: Option<&Path>) -> Result<PriceTable, Outcome> {
    if let Some(path) = pricing {
        return match Catalog::from_path(path) {
            Ok(Ok(catalog)) => {
                if !catalog.warnings.diagnostics.is_empty() {
                    eprint!("{}", catalog.warnings.to_human());
                }
                price_table(&catalog)
            }
            Ok(Err(report)) => {
                eprint!("{}", report.to_human());
                Err(Outcome::Findings)
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                Err(Outcome::Failure)
            }
        };
    }
    let shipped = match Catalog::shipped() {
        Ok(catalog) => catalog,
        Err(report) => {
            eprint!("{}", report.to_human());
            return Err(Outcome::Failure);
        }
    };
    let default_spec = Path::new(DEFAULT_SPEC);
    let Some(spec) = spec.or_else(|| default_spec.is_file().then_some(default_spec)) else {
        return price_table(shipped);
    };
    let loaded = load_spec(spec)?;
    let mut table = price_table(&shipped.select(loaded.spec.pricing.catalogs.as_deref()))?;
    // The spec's own models (overrides included) replace the catalogs'.
    for model in &loaded.prices {
        table
            .models
            .retain(|m| !(m.provider == model.provider && m.model == model.model));
        table.models.push(model.clone());
    }
    Ok(table)
}

fn usage_from_flags(args: &Args) -> Result<Usage, String> {
    let mut usage = Usage::new();
    for (unit, count) in [
        ("input", args.input_tokens),
        ("output", args.output_tokens),
        ("cache_read", args.cache_read_tokens),
        ("cache_write", args.cache_write_tokens),
        ("cache_write_1h", args.cache_write_1h_tokens),
        ("output_reasoning", args.reasoning_tokens),
    ] {
        if let Some(count) = count {
            usage.set(unit, count);
        }
    }
    for pair in &args.usage {
        let Some((key, count)) = pair.split_once('=') else {
            return Err(format!("`--usage {pair}`: expected UNIT=N"));
        };
        let unit = calc::usage_unit(key)
            .ok_or_else(|| format!("`--usage {pair}`: unknown unit `{key}`"))?;
        let count = count
            .parse()
            .map_err(|_| format!("`--usage {pair}`: `{count}` is not a whole number"))?;
        usage.set(unit, count);
    }
    Ok(usage)
}

pub(super) fn run(spec: Option<&Path>, args: &Args) -> Outcome {
    let table = match table(spec, args.pricing.as_deref()) {
        Ok(table) => table,
        Err(outcome) => return outcome,
    };
    match &args.batch {
        Some(path) => run_batch(&table, path, args.format),
        None => {
            let usage = match usage_from_flags(args) {
                Ok(usage) => usage,
                Err(message) => {
                    eprintln!("error: {message}");
                    return Outcome::Failure;
                }
            };
            let call = Call {
                provider: args.provider.clone().unwrap_or_default(),
                model: args.model.clone().unwrap_or_default(),
                usage,
                at: args.at.clone(),
                service_tier: args.service_tier.clone(),
            };
            match calc::price(&table.index(), &call) {
                Ok((model, cost)) => {
                    let mut text = Vec::new();
                    let written = match args.format {
                        Format::Human => {
                            text = calc::cost_text(model, &cost).into_bytes();
                            Ok(())
                        }
                        Format::Json => calc::write_cost_json(&mut text, model, &cost),
                    };
                    match written {
                        Ok(()) => super::print_stdout(&text),
                        Err(error) => {
                            eprintln!("error: cannot write the cost as JSON: {error}");
                            Outcome::Failure
                        }
                    }
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    Outcome::Findings
                }
            }
        }
    }
}

fn run_batch(table: &PriceTable, path: &Path, format: Format) -> Outcome {
    let models = table.index();
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(path) {
            Ok(file) => Box::new(std::io::BufReader::new(file)),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return Outcome::Failure;
            }
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    for (index, line) in reader.lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return Outcome::Failure;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let result = calc::call_from_json(&line).and_then(|call| calc::price(&models, &call));
        let written = match (&result, format) {
            (Ok((model, cost)), Format::Json) => calc::write_cost_json(&mut out, model, cost),
            (Ok((model, cost)), Format::Human) => {
                write!(out, "line {number}: {}", calc::cost_text(model, cost))
            }
            (Err(error), Format::Json) => writeln!(
                out,
                "{}",
                serde_json::json!({"line": number, "error": error.to_string()})
            ),
            (Err(error), Format::Human) => writeln!(out, "line {number}: error: {error}"),
        };
        if result.is_err() {
            failed += 1;
        }
        if let Err(error) = written {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                return Outcome::Ok;
            }
            eprintln!("error: cannot write: {error}");
            return Outcome::Failure;
        }
    }
    if out.flush().is_err() {
        return Outcome::Failure;
    }
    if failed > 0 {
        eprintln!("{failed} calls could not be priced");
        return Outcome::Findings;
    }
    Outcome::Ok
}
