//! `llm-slo contract`: the metric contract as tables (Markdown) or data (JSON), from the
//! one table in `llm_slo_core::contract`. The README's contract section is this output.

use std::fmt::Write;

use llm_slo_core::contract::{Contract, HistogramMode, InstrumentKind, NamingStrategy, Profile};
use serde_json::{Value, json};

use super::{Outcome, print_stdout};

/// Arguments of `contract`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// One profile (`genai-v1.41`, `genai-latest`, `openlit`, `openllmetry`); default: all.
    #[arg(long, value_parser = parse_profile)]
    profile: Option<Profile>,
    /// The naming strategy the Prometheus names are given in.
    #[arg(long, value_parser = parse_naming, default_value = "UnderscoreEscapingWithSuffixes")]
    naming: NamingStrategy,
    /// Classic (`_bucket`, `_sum`, `_count`) or native histograms.
    #[arg(long, value_parser = parse_histograms, default_value = "classic")]
    histograms: HistogramMode,
    /// Markdown tables or JSON.
    #[arg(long, value_enum, default_value = "md")]
    format: ContractFormat,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ContractFormat {
    Md,
    Json,
}

fn parse_profile(name: &str) -> Result<Profile, String> {
    Profile::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

fn parse_naming(name: &str) -> Result<NamingStrategy, String> {
    NamingStrategy::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = NamingStrategy::ALL.iter().map(|n| n.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

fn parse_histograms(name: &str) -> Result<HistogramMode, String> {
    match name {
        "classic" => Ok(HistogramMode::Classic),
        "native" => Ok(HistogramMode::Native),
        _ => Err("classic or native".to_owned()),
    }
}

pub(super) fn run(args: &Args) -> Outcome {
    let profiles: Vec<Profile> = match args.profile {
        Some(profile) => vec![profile],
        None => Profile::ALL.to_vec(),
    };
    let contracts: Vec<Contract> = profiles
        .into_iter()
        .map(|profile| Contract {
            profile,
            naming: args.naming,
            histograms: args.histograms,
            ..Contract::default()
        })
        .collect();
    let text = match args.format {
        ContractFormat::Md => markdown(&contracts),
        ContractFormat::Json => {
            let mut text =
                String::from_utf8_lossy(&crate::base::json::value_to_pretty(&json(&contracts)))
                    .into_owned();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
    };
    print_stdout(text.as_bytes())
}

/// The Prometheus series of an instrument, and its labels, under the contract.
fn series_of(
    contract: &Contract,
    signal: llm_slo_core::contract::Signal,
) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut labels = Vec::new();
    for series in contract.series().into_iter().filter(|s| s.signal == signal) {
        names.push(series.name);
        for label in series.labels {
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    (names, labels)
}

fn code_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn markdown(contracts: &[Contract]) -> String {
    let mut out = String::new();
    for contract in contracts {
        let profile = contract.profile;
        let source = profile.source();
        let _ = writeln!(
            out,
            "#### `{}`: {} {}\n",
            profile.as_str(),
            source.title,
            source.version
        );
        let _ = writeln!(
            out,
            "Read from <{}> at {}: {}.\n",
            source.repository, source.commit, source.files
        );
        let histograms = match contract.histograms {
            HistogramMode::Classic => "classic histograms",
            HistogramMode::Native => "native histograms",
        };
        let _ = writeln!(
            out,
            "| Instrument | Kind | Unit | Prometheus series ({}, {histograms}) | Labels |",
            contract.naming.as_str()
        );
        out.push_str("|---|---|---|---|---|\n");
        for instrument in contract.instruments() {
            let (names, labels) = series_of(contract, instrument.signal);
            let _ = writeln!(
                out,
                "| `{}` | {} | `{}` | {} | {} |",
                instrument.name,
                instrument.kind.as_str(),
                instrument.unit,
                code_list(&names),
                code_list(&labels)
            );
        }
        let values: Vec<&str> = profile.token_types().to_vec();
        if !values.is_empty() {
            let _ = writeln!(
                out,
                "\n`{}` is one of {}.",
                contract.label(llm_slo_core::contract::TOKEN_TYPE),
                code_list(&values)
            );
        }
        if contract.instruments().iter().any(|i| {
            i.kind == InstrumentKind::Counter && i.signal == llm_slo_core::contract::Signal::Cost
        }) {
            out.push_str("\nThe cost counter is `llm-slo-otel`'s (no convention defines cost); its name is `telemetry.cost_metric`.\n");
        }
        out.push('\n');
    }
    out
}

fn json(contracts: &[Contract]) -> Value {
    let profiles: Vec<Value> = contracts
        .iter()
        .map(|contract| {
            let source = contract.profile.source();
            let instruments: Vec<Value> = contract
                .instruments()
                .into_iter()
                .map(|instrument| {
                    let (series, labels) = series_of(contract, instrument.signal);
                    json!({
                        "name": instrument.name,
                        "kind": instrument.kind.as_str(),
                        "unit": instrument.unit,
                        "description": instrument.description,
                        "attributes": instrument.attributes,
                        "series": series,
                        "labels": labels,
                    })
                })
                .collect();
            json!({
                "profile": contract.profile.as_str(),
                "naming": contract.naming.as_str(),
                "histograms": match contract.histograms {
                    HistogramMode::Classic => "classic",
                    HistogramMode::Native => "native",
                },
                "source": {
                    "title": source.title,
                    "version": source.version,
                    "repository": source.repository,
                    "commit": source.commit,
                    "files": source.files,
                },
                "token_types": contract.profile.token_types(),
                "instruments": instruments,
            })
        })
        .collect();
    json!({ "profiles": profiles })
}
