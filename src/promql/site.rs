//! An expression found in a file: the settings it is checked with, where its bytes come from,
//! and its findings as positioned diagnostics. Rule files, dashboards and the spec's own
//! expressions (custom alerts, event SLIs) all go through [`diagnose`].

use crate::diagnostics::{Diagnostic, Source};

use std::sync::Arc;

use super::contracts::ContractIndex;
use super::lints::{self, Usage};
use super::{ErrorKind, Limits, Options};

/// What validation checks against.
#[derive(Clone)]
pub(crate) struct Settings {
    /// The metric contract (shared: a file may be checked against another one).
    pub contract: Arc<ContractIndex>,
    /// The known contracts a file may be judged against, by the names it uses (see
    /// `validate::detect`; `contract` is then the fallback for a file without any). None:
    /// `contract` only.
    pub detect: super::contracts::Fits,
    /// The scrape interval in milliseconds.
    pub scrape_interval_ms: i64,
    /// The target dialect and feature flags.
    pub options: Options,
    /// Size and nesting limits for expressions.
    pub limits: Limits,
}

impl Settings {
    /// Settings from a contract, with a 30s scrape interval and Prometheus 3.
    pub(crate) fn new(contract: llm_slo_core::contract::Contract) -> Settings {
        Settings::for_index(ContractIndex::new(contract))
    }

    /// The default settings for an indexed contract.
    pub(crate) fn for_index(index: ContractIndex) -> Settings {
        Settings {
            contract: Arc::new(index),
            detect: 0,
            scrape_interval_ms: 30_000,
            options: Options::default(),
            limits: Limits::default(),
        }
    }
}

/// No known counters: for expressions checked without the file around them.
pub(crate) static NO_COUNTERS: std::collections::BTreeSet<String> =
    std::collections::BTreeSet::new();

/// The names a file's text applies `rate`/`increase` to, for [`Site::counters`].
pub(crate) fn counters_in(text: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    lints::cumulative::rated_names(text, &mut names);
    names
}

/// An expression found in a file, with how to map its bytes back to the file.
pub(crate) struct Site<'a> {
    /// The expression as Prometheus sees it.
    pub expr: &'a str,
    /// Maps a byte of `expr` to a byte of the source text.
    pub map: &'a dyn Fn(usize) -> usize,
    /// Where it is used.
    pub usage: Usage,
    /// Names the rest of the file applies `rate`/`increase` to: counters, whatever their
    /// suffix says.
    pub counters: &'a std::collections::BTreeSet<String>,
}

/// Parses and checks one expression; returns its findings as diagnostics.
pub(crate) fn diagnose(source: &Source, site: &Site<'_>, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |diagnostic: Diagnostic, span: super::ast::ByteRange| {
        let start = (site.map)(span.start);
        let end = (site.map)(span.end.max(span.start));
        source.at(diagnostic, start, end.max(start))
    };
    match super::parse_with(site.expr, settings.options, settings.limits) {
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
                    ErrorKind::Limit => lints::syntax::TOO_COMPLEX,
                };
                let (line, column) = expression_position(site.expr, error.span.start);
                let mut diagnostic =
                    Diagnostic::error(code, format!("{line}:{column}: {}", error.message));
                if error.kind == ErrorKind::Limit {
                    // Prometheus may well accept it: ours, so not an error.
                    diagnostic.severity = crate::diagnostics::Severity::Warning;
                    diagnostic = diagnostic.with_help(
                        "it was not checked; raise the limits with `--max-nesting` and \
                         `--max-expression-bytes`, or split the expression into recording rules",
                    );
                }
                if error.kind == ErrorKind::Dialect {
                    diagnostic = diagnostic.with_help(format!(
                        "the target is {} (`--target`, or the spec's `prometheus.target`)",
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
                counters: site.counters,
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
