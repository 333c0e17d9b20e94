//! Reading a spec: bytes → YAML tree → typed spec, with every syntax and type error at once.
//! The semantic checks ([`super::semantic`]) and price resolution run on what this returns.

use std::sync::Arc;

use super::{SPEC_VERSION, Spec, codes};
use crate::diagnostics::{Diagnostic, Report};
use crate::yaml::{Document, NodeKind, load};

/// A spec read from text: typed, with the positioned tree its diagnostics point into.
#[derive(Clone, Debug)]
pub(crate) struct ParsedSpec {
    /// The typed spec.
    pub spec: Spec,
    /// The file name diagnostics use.
    pub file: Arc<str>,
    /// The source text.
    pub text: Arc<str>,
    /// The positioned YAML tree.
    pub document: Document,
    /// What reading found: warnings, and the schema errors of a spec read without its bad
    /// entries (then [`Self::left_out`] says where they are).
    pub report: Report,
    /// The spans of entries left out because they do not fit the schema.
    pub left_out: Vec<crate::base::position::Span>,
}

/// Reads a spec from bytes, which must be UTF-8; `file` names it in diagnostics. Fails with
/// every syntax and type error found.
pub(crate) fn parse(file: &str, bytes: &[u8]) -> Result<ParsedSpec, Report> {
    let file: Arc<str> = Arc::from(file);
    let text = load::decode(&file, bytes)?;
    let (document, mut report) = load::parse_one(&file, &text);
    let Some(document) = document else {
        return Err(report);
    };
    if let Some(diagnostic) = check_version(&file, &document) {
        // Another version may have another shape: report only the version.
        report.diagnostics.push(diagnostic);
        return Err(report);
    }
    if report.has_errors() {
        // Duplicate keys: the spec read may not be the one the author meant.
        return Err(report);
    }
    let (spec, diagnostics, left_out) = load::deserialize_partial::<Spec>(&file, &document);
    report.diagnostics.extend(diagnostics);
    report.sort();
    // Without its bad entries the spec may still be read (they have defaults): then the
    // semantic checks run on the rest, and every problem is reported at once.
    let Some(spec) = spec else {
        return Err(report);
    };
    Ok(ParsedSpec {
        spec,
        file,
        text,
        document,
        report,
        left_out,
    })
}

fn check_version(file: &Arc<str>, document: &Document) -> Option<Diagnostic> {
    let root = &document.root;
    if !matches!(root.kind, NodeKind::Map(_)) {
        return Some(
            Diagnostic::error(
                crate::yaml::codes::INVALID_VALUE,
                format!(
                    "the spec must be a mapping of sections, found {}",
                    root.describe()
                ),
            )
            .at(file, root.span)
            .with_help("start from `llm-slo init`"),
        );
    }
    match root.get("version") {
        None => Some(
            Diagnostic::error(
                codes::VERSION,
                "missing `version: 1` at the top of the spec",
            )
            .at(file, crate::base::Span::point(root.span.start))
            .with_help("add `version: 1` as the first line"),
        ),
        Some(node) if node.as_str() == Some("1") => None,
        Some(node) => Some(
            Diagnostic::error(
                codes::VERSION,
                format!(
                    "unsupported spec version `{}`: this llm-slo reads version {SPEC_VERSION}",
                    node.as_str().unwrap_or("…")
                ),
            )
            .at(file, node.span)
            .with_help(
                "write `version: 1`, or upgrade llm-slo if the spec comes from a newer release",
            ),
        ),
    }
}
