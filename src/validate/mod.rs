//! `llm-slo validate`: Prometheus rule files, PrometheusRule manifests, Grafana dashboards
//! and llm-slo specs, checked offline against the metric contract.
//!
//! Each input is read with positions ([`crate::yaml`]); every PromQL expression in it is
//! parsed by [`crate::promql`] for the target dialect and run through the checks of
//! [`crate::promql::lints`]; findings land at their line and column in the file — inside the
//! expression too, through quotes, escapes and block scalars.

pub mod codes;
pub mod dashboard;
mod discover;
mod rulefile;
mod spec_input;
pub mod template;

use std::path::PathBuf;
use std::sync::Arc;

use crate::base::LineIndex;
use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::promql::lints::{self, ContractIndex, Usage};
use crate::promql::{self, ErrorKind};

pub use discover::{Input, InputKind, classify, discover};

/// What validation checks against.
pub struct Settings {
    /// The metric contract.
    pub contract: ContractIndex,
    /// The scrape interval in milliseconds.
    pub scrape_interval_ms: i64,
    /// The target dialect and feature flags.
    pub options: promql::Options,
    /// Size and nesting limits for expressions.
    pub limits: promql::Limits,
}

impl Settings {
    /// Settings from a contract, with a 30s scrape interval and Prometheus 3.
    pub fn new(contract: llm_slo_core::contract::Contract) -> Settings {
        Settings {
            contract: ContractIndex::new(contract),
            scrape_interval_ms: 30_000,
            options: promql::Options::default(),
            limits: promql::Limits::default(),
        }
    }
}

/// A file's text and what diagnostics need to point into it.
pub struct Source {
    /// The file name as shown.
    pub file: Arc<str>,
    /// The text.
    pub text: Arc<str>,
    lines: LineIndex,
}

impl Source {
    /// A source from a name and text.
    pub fn new(file: &str, text: &str) -> Source {
        Source {
            file: Arc::from(file),
            lines: LineIndex::new(text),
            text: Arc::from(text),
        }
    }

    /// A diagnostic at a byte range of the text.
    pub fn at(&self, diagnostic: Diagnostic, start: usize, end: usize) -> Diagnostic {
        diagnostic.at(&self.file, self.lines.span(&self.text, start, end))
    }
}

/// An expression found in a file, with how to map its bytes back to the file.
pub struct Site<'a> {
    /// The expression as Prometheus sees it.
    pub expr: &'a str,
    /// Maps a byte of `expr` to a byte of the source text.
    pub map: &'a dyn Fn(usize) -> usize,
    /// Where it is used.
    pub usage: Usage,
}

/// Parses and checks one expression; returns its findings as diagnostics.
pub fn check_expression(source: &Source, site: &Site<'_>, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |diagnostic: Diagnostic, span: promql::ast::ByteRange| {
        let start = (site.map)(span.start);
        let end = (site.map)(span.end.max(span.start));
        source.at(diagnostic, start, end.max(start))
    };
    match promql::parse_with(site.expr, settings.options, settings.limits) {
        Err(errors) => {
            // The first error is what Prometheus reports; type errors are independent of
            // each other, so all of them are shown.
            let shown = if errors[0].kind == ErrorKind::Type {
                errors.len()
            } else {
                1
            };
            for error in errors.iter().take(shown) {
                let code = match error.kind {
                    ErrorKind::Syntax => lints::syntax::SYNTAX,
                    ErrorKind::Type => lints::syntax::TYPE,
                    ErrorKind::Dialect => lints::syntax::DIALECT,
                };
                let (line, column) = expression_position(site.expr, error.span.start);
                let mut diagnostic =
                    Diagnostic::error(code, format!("{line}:{column}: {}", error.message));
                if error.kind == ErrorKind::Dialect {
                    diagnostic = diagnostic.with_help(format!(
                        "the target is {} (`--target`)",
                        settings.options.dialect.name()
                    ));
                }
                out.push(at(diagnostic, error.span));
            }
        }
        Ok(expr) => {
            let cx = lints::LintContext {
                contract: &settings.contract,
                scrape_interval_ms: settings.scrape_interval_ms,
                usage: site.usage,
            };
            for finding in lints::run(&expr, &cx) {
                let mut diagnostic = Diagnostic::error(finding.code, finding.message);
                diagnostic.severity = finding.severity;
                diagnostic.help = finding.help;
                out.push(at(diagnostic, finding.span));
            }
        }
    }
    out
}

/// The 1-based line and byte column of an offset in an expression, as promtool prints them.
fn expression_position(expr: &str, offset: usize) -> (usize, usize) {
    let before = &expr[..offset.min(expr.len())];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Validates text as the kind of input it is.
pub fn validate_text(file: &str, text: &str, settings: &Settings) -> Report {
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
pub fn validate_paths(paths: &[PathBuf], settings: &Settings) -> Result<Report, std::io::Error> {
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

/// Whether a report fails at a severity threshold.
pub fn fails(report: &Report, threshold: Severity) -> bool {
    report.has_at_least(threshold)
}
