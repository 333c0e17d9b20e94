//! Diagnostics as data.
//!
//! Every problem llm-slo reports — a YAML syntax error, an unknown field, an objective out of
//! range, a stale generated file — is a [`Diagnostic`]: a stable [`Code`], a [`Severity`], a
//! position, a message and an optional help text. They are collected, never thrown, and
//! rendered in one place ([`render`]).

pub(crate) mod codes;
pub(crate) mod render;
pub(crate) mod summary;

pub use codes::CodeInfo;
pub use summary::{Skipped, Summary};

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::base::{LineIndex, Span};

/// A stable identifier of a kind of diagnostic, e.g. `spec/objective-range`, with what the
/// registry says of it (`CodeInfo`): its default severity, summary and documentation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub(crate) &'static CodeInfo);

impl Code {
    /// The code as text.
    pub fn as_str(self) -> &'static str {
        self.0.id
    }

    /// What the registry says of it.
    pub fn info(self) -> &'static CodeInfo {
        self.0
    }

    /// Every code llm-slo reports, sorted.
    pub fn all() -> Vec<Code> {
        codes::all()
    }

    /// The code with this id, if there is one.
    pub fn find(id: &str) -> Option<Code> {
        codes::find(id)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({:?})", self.0.id)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.id)
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Informational; never fails a run.
    Info,
    /// Probably wrong; fails a run with `--fail-on warning`.
    Warning,
    /// Wrong; the input is rejected.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a diagnostic points: a file and a range in it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Location {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column (in characters) of the first character.
    pub column: u32,
    /// 1-based line of the last character.
    pub end_line: u32,
    /// 1-based column one past the last character.
    pub end_column: u32,
}

impl Location {
    /// A location from a span in a file.
    pub(crate) fn new(file: &Arc<str>, span: Span) -> Location {
        Location {
            file: Arc::clone(file),
            line: span.start.line.max(1),
            column: span.start.column.max(1),
            end_line: span.end.line.max(span.start.line).max(1),
            end_column: span.end.column.max(1),
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of finding.
    pub code: Code,
    /// How bad.
    pub severity: Severity,
    /// Where, when it has a position.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub(crate) fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// The same diagnostic at a position.
    pub(crate) fn at(mut self, file: &Arc<str>, span: Span) -> Diagnostic {
        self.location = Some(Location::new(file, span));
        self
    }

    /// The same diagnostic with a help text.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// The texts of the files that diagnostics point into, for rendering source lines.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: BTreeMap<Arc<str>, Arc<str>>,
}

impl Sources {
    /// Registers a file's text.
    pub(crate) fn add(&mut self, file: &Arc<str>, text: &Arc<str>) {
        self.files.insert(Arc::clone(file), Arc::clone(text));
    }

    /// A file's text, if registered.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }

    /// Every file and its text, in file order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &Arc<str>)> {
        self.files.iter()
    }

    /// Adds every file of another set.
    pub(crate) fn extend(&mut self, other: &Sources) {
        for (file, text) in &other.files {
            self.files.insert(Arc::clone(file), Arc::clone(text));
        }
    }
}

/// Diagnostics with the sources they point into.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// The findings, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts they point into.
    pub sources: Sources,
    /// What a run over files and folders read (`validate` only; boxed, as most reports
    /// have none).
    pub summary: Option<Box<Summary>>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Whether any finding is at or above a severity.
    pub fn has_at_least(&self, severity: Severity) -> bool {
        self.diagnostics.iter().any(|d| d.severity >= severity)
    }

    /// Appends another report.
    pub fn extend(&mut self, other: Report) {
        self.diagnostics.extend(other.diagnostics);
        self.sources.extend(&other.sources);
        if let Some(theirs) = &other.summary {
            self.summary.get_or_insert_with(Box::default).add(theirs);
        }
    }

    /// Sorts findings by file and position, keeping the order of findings at one position.
    pub(crate) fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    }

    /// Renders the findings as human-readable text: `file:line:col`, the source line and a
    /// caret under the range.
    pub fn to_human(&self) -> String {
        render::human::render(self, render::human::colored(false))
    }

    /// Renders the findings in a format: human text, a JSON array, GitHub workflow commands
    /// or SARIF 2.1.0.
    ///
    /// ```
    /// let report = llm_slo::load_str("spec.yaml", "version: 2\n").unwrap_err();
    /// let github = report.render(llm_slo::Format::Github);
    /// assert!(github.starts_with("::error file=spec.yaml,line=1,"));
    /// ```
    pub fn render(&self, format: render::Format) -> String {
        render::render(self, format)
    }
}

impl From<Diagnostic> for Report {
    fn from(diagnostic: Diagnostic) -> Report {
        Report {
            diagnostics: vec![diagnostic],
            sources: Sources::default(),
            summary: None,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_human())
    }
}

impl std::error::Error for Report {}

/// A file's text and what diagnostics need to point into it.
pub(crate) struct Source {
    /// The file name as shown.
    pub file: Arc<str>,
    /// The text.
    pub text: Arc<str>,
    lines: LineIndex,
}

impl Source {
    /// A source from a name and text.
    pub(crate) fn new(file: &str, text: &str) -> Source {
        Source {
            file: Arc::from(file),
            lines: LineIndex::new(text),
            text: Arc::from(text),
        }
    }

    /// A diagnostic at a byte range of the text.
    pub(crate) fn at(&self, diagnostic: Diagnostic, start: usize, end: usize) -> Diagnostic {
        diagnostic.at(&self.file, self.lines.span(&self.text, start, end))
    }
}
