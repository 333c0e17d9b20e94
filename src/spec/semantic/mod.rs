//! Semantic checks: what the types alone cannot say, one file per section of the spec.
//!
//! Every check reports at the value it is about (found by its path in the YAML tree) and
//! carries on, so one run shows every problem. The `pricing` section is checked where its
//! prices are resolved, in the pricing layer (`pricing::resolve`), with the same [`Checker`].

mod alerts;
mod budgets;
mod dashboards;
mod dimensions;
mod expressions;
mod outputs;
mod recording;
mod service;
pub(crate) use service::generated_label;
mod slos;
mod telemetry;
mod validate;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use llm_slo_core::contract::is_legacy_label_name;

use super::{Spec, codes};
use crate::base::Duration;
use crate::diagnostics::{Code, Diagnostic, Report, Severity, Sources};
use crate::yaml::{Document, Path};

/// Runs the checks of every section but `pricing`.
pub(crate) fn check(spec: &Spec, checker: &mut Checker<'_>) {
    checker.service(spec);
    checker.telemetry(spec);
    checker.recording(spec);
    checker.slos(spec);
    checker.budgets(spec);
    checker.alerts(spec);
    checker.dashboards(spec);
    checker.outputs(spec);
    checker.validate(spec);
}

/// Collects diagnostics about a spec, each placed at the value its path names: at its line
/// and column in the text the spec was read from, or, for a spec built in code, at its path
/// (`slos[2].objective`), written before the message.
pub(crate) struct Checker<'a> {
    /// The tree and text the spec was read from; none for a spec built in code.
    source: Option<(&'a Document, &'a Arc<str>)>,
    file: &'a Arc<str>,
    out: Vec<Diagnostic>,
    /// Texts the diagnostics point into besides the spec's own (expressions of a spec built
    /// in code).
    sources: Sources,
}

impl<'a> Checker<'a> {
    /// A checker of a spec read from `text`, parsed as `document`.
    pub(crate) fn new(
        document: &'a Document,
        file: &'a Arc<str>,
        text: &'a Arc<str>,
    ) -> Checker<'a> {
        let mut sources = Sources::default();
        sources.add(file, text);
        Checker {
            source: Some((document, text)),
            file,
            out: Vec::new(),
            sources,
        }
    }

    /// A checker of a spec built in code, named `file` in diagnostics.
    pub(crate) fn for_value(file: &'a Arc<str>) -> Checker<'a> {
        Checker {
            source: None,
            file,
            out: Vec::new(),
            sources: Sources::default(),
        }
    }

    /// Adds diagnostics found elsewhere.
    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.out.extend(diagnostics);
    }

    /// The findings, in the order they were found, with the texts they point into.
    pub(crate) fn finish(self) -> Report {
        Report {
            diagnostics: self.out,
            sources: self.sources,
            summary: None,
        }
    }

    /// The diagnostic placed at a path: at its value (or key) in the text, or with the path
    /// written before the message.
    fn placed(&self, diagnostic: Diagnostic, path: &Path, at_key: bool) -> Diagnostic {
        match self.source {
            Some((document, _)) => {
                let span = if at_key {
                    document.locate_key(path)
                } else {
                    document.locate(path)
                };
                diagnostic.at(self.file, span)
            }
            None => Diagnostic {
                message: format!("{path}: {}", diagnostic.message),
                ..diagnostic
            },
        }
    }

    /// Where a value is, for a message: its line, or its path.
    fn whereabouts(&self, path: &Path) -> String {
        match self.source {
            Some((document, _)) => format!("line {}", document.locate(path).start.line),
            None => format!("at {path}"),
        }
    }
}

impl Checker<'_> {
    /// A finding of a severity at the value a path names.
    pub(crate) fn report(
        &mut self,
        severity: Severity,
        code: Code,
        path: &Path,
        message: String,
    ) -> &mut Diagnostic {
        let mut diagnostic = self.placed(Diagnostic::error(code, message), path, false);
        diagnostic.severity = severity;
        self.out.push(diagnostic);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// An error at the value a path names.
    pub(crate) fn error(&mut self, code: Code, path: &Path, message: String) -> &mut Diagnostic {
        self.report(Severity::Error, code, path, message)
    }

    /// An error at a mapping key rather than its value.
    pub(crate) fn error_at_key(
        &mut self,
        code: Code,
        path: &Path,
        message: String,
    ) -> &mut Diagnostic {
        let diagnostic = self.placed(Diagnostic::error(code, message), path, true);
        self.out.push(diagnostic);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn name(&mut self, path: &Path, name: &str, what: &str) {
        let valid = name.len() <= 100
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !valid {
            self.error(
                codes::INVALID_NAME,
                path,
                format!("invalid {what} name `{}`", name.escape_debug()),
            )
            .help = Some("use letters, digits, `-`, `_` and `.`, starting with a letter or digit (at most 100)".to_owned());
        }
    }

    fn labels(&mut self, path: &Path, labels: &BTreeMap<String, String>) {
        for name in labels.keys() {
            self.label_name(&path.join(name.as_str()), name, true);
        }
    }

    fn label_name(&mut self, path: &Path, name: &str, at_key: bool) {
        let problem = if !is_legacy_label_name(name) {
            Some("is not a valid Prometheus label name")
        } else if name.starts_with("__") {
            Some("starts with `__`, which Prometheus reserves for internal labels")
        } else {
            None
        };
        if let Some(problem) = problem {
            let message = format!("label `{}` {problem}", name.escape_debug());
            let diagnostic = if at_key {
                self.error_at_key(codes::INVALID_LABEL, path, message)
            } else {
                self.error(codes::INVALID_LABEL, path, message)
            };
            diagnostic.help = Some("label names are `[a-zA-Z_][a-zA-Z0-9_]*`".to_owned());
        }
    }

    fn positive(&mut self, path: &Path, value: Duration, what: &str) {
        if value.is_zero() {
            self.error(
                codes::OUT_OF_RANGE,
                path,
                format!("{what} must be longer than 0s"),
            );
        }
    }

    fn unique<'n>(&mut self, names: impl IntoIterator<Item = (Path, &'n str)>, what: &str) {
        let mut seen: HashMap<&str, Path> = HashMap::new();
        for (path, name) in names {
            if let Some(first) = seen.get(name) {
                let first = self.whereabouts(first);
                self.error(
                    codes::DUPLICATE_NAME,
                    &path,
                    format!("{what} `{name}` is already defined ({first})"),
                )
                .help = Some(format!("give each {what} a unique name"));
            } else {
                seen.insert(name, path);
            }
        }
    }

    fn window(&mut self, path: &Path, window: Option<Duration>, scrape: Duration) {
        if let Some(window) = window
            && window < scrape.times(4)
        {
            self.report(
                Severity::Warning,
                codes::OUT_OF_RANGE,
                path,
                format!(
                    "window {window} is shorter than four scrape intervals ({})",
                    scrape.times(4)
                ),
            )
            .help = Some(
                "`rate` needs at least two samples in its range and should tolerate a missed scrape"
                    .to_owned(),
            );
        }
    }
}
