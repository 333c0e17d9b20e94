//! `llm-slo validate`: Prometheus rule files, PrometheusRule manifests, Grafana dashboards
//! and llm-slo specs, checked offline against the metric contract.
//!
//! Each input is read with positions ([`crate::yaml`]); every PromQL expression in it is
//! parsed by [`crate::promql`] for the target dialect and run through the checks of
//! [`crate::promql::lints`]; findings land at their line and column in the file — inside the
//! expression too, through quotes, escapes and block scalars.

pub(crate) mod codes;
pub(crate) mod dashboard;
mod discover;
pub(crate) mod options;
mod rulefile;
mod spec_input;
pub(crate) mod template;

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Report, Source};
use crate::promql::Settings;

pub(crate) use discover::{InputKind, classify, discover};

/// Validates text as the kind of input it is.
pub(crate) fn validate_text(file: &str, text: &str, settings: &Settings) -> Report {
    let source = Source::new(file, text);
    let mut report = Report::default();
    report.sources.add(&source.file, &source.text);
    let kind = classify(text);
    let diagnostics = match kind {
        Some(InputKind::RuleFile) => rulefile::validate(&source, settings, false),
        Some(InputKind::PrometheusRule) => rulefile::validate(&source, settings, true),
        Some(InputKind::Dashboard) => dashboard::validate(&source, settings),
        Some(InputKind::Spec) => spec_input::validate(&source, settings, &mut report),
        None => vec![source.at(
            Diagnostic::error(
                codes::UNKNOWN_INPUT,
                "not a Prometheus rule file, PrometheusRule manifest, Grafana dashboard or llm-slo spec",
            ),
            0,
            0,
        )],
    };
    report.diagnostics.extend(diagnostics);
    report.sort();
    report
}

/// Validates files and folders (recursively, by content).
pub(crate) fn validate_paths(
    paths: &[PathBuf],
    settings: &Settings,
) -> Result<Report, std::io::Error> {
    let mut report = Report::default();
    for input in discover(paths)? {
        let name = input.path.display().to_string();
        match input.text {
            Ok(text) => report.extend(validate_text(&name, &text, settings)),
            Err(diagnostic) => report.diagnostics.push(*diagnostic),
        }
    }
    Ok(report)
}
