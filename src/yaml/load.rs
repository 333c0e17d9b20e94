//! From text to typed values, with every problem as a positioned [`Diagnostic`].

use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::codes;
use super::de::{self, ErrorKind};
use super::tree::{Document, Limits, YamlErrorKind, parse};
use crate::base::suggest;
use crate::base::{Pos, Span};
use crate::diagnostics::{Diagnostic, Report};

/// Decodes bytes as UTF-8, or reports where they stop being UTF-8.
pub(crate) fn decode(file: &Arc<str>, bytes: &[u8]) -> Result<Arc<str>, Report> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = String::from_utf8_lossy(valid);
            let pos = Pos::of_offset(&prefix, prefix.len());
            let mut report = Report::default();
            report.diagnostics.push(
                Diagnostic::error(
                    codes::NOT_UTF8,
                    format!(
                        "the file is not UTF-8 text (invalid byte 0x{:02x})",
                        bytes[error.valid_up_to()]
                    ),
                )
                .at(file, Span::point(pos))
                .with_help("save the file as UTF-8; a spec is YAML text"),
            );
            Err(report)
        }
    }
}

/// Diagnostics for YAML reading errors.
pub(crate) fn diagnostics(file: &Arc<str>, errors: &[super::tree::YamlError]) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|error| {
            let code = match error.kind {
                YamlErrorKind::Syntax => codes::SYNTAX,
                YamlErrorKind::DuplicateKey { .. } => codes::DUPLICATE_KEY,
                YamlErrorKind::TooDeep => codes::TOO_DEEP,
                YamlErrorKind::TooLarge => codes::TOO_LARGE,
                YamlErrorKind::UnsupportedTag(_) => codes::UNSUPPORTED_TAG,
            };
            let mut diagnostic =
                Diagnostic::error(code, error.message.clone()).at(file, error.span);
            if let YamlErrorKind::DuplicateKey { .. } = error.kind {
                diagnostic = diagnostic
                    .with_help("remove one of the two entries; YAML does not allow a key twice");
            }
            if error.kind == YamlErrorKind::Syntax && error.message.contains("tab") {
                diagnostic = diagnostic
                    .with_help("indent with spaces; YAML does not allow tabs for indentation");
            }
            diagnostic
        })
        .collect()
}

/// Parses text that must hold exactly one YAML document.
///
/// Duplicate keys and unsupported tags are reported but do not stop parsing, so the
/// document is returned alongside them when the syntax is otherwise sound.
pub(crate) fn parse_one(file: &Arc<str>, text: &Arc<str>) -> (Option<Document>, Report) {
    let mut report = Report::default();
    report.sources.add(file, text);
    let parsed = parse(text, Limits::default());
    let fatal = parsed.errors.iter().any(|e| {
        matches!(
            e.kind,
            YamlErrorKind::Syntax | YamlErrorKind::TooDeep | YamlErrorKind::TooLarge
        )
    });
    report.diagnostics.extend(diagnostics(file, &parsed.errors));
    if fatal {
        return (None, report);
    }
    let mut documents = parsed.documents.into_iter();
    let Some(document) = documents.next() else {
        report.diagnostics.push(
            Diagnostic::error(codes::EMPTY, "the file holds no YAML document").at(
                file,
                Span::point(Pos {
                    offset: 0,
                    line: 1,
                    column: 1,
                }),
            ),
        );
        return (None, report);
    };
    if let Some(extra) = documents.next() {
        report.diagnostics.push(
            Diagnostic::error(
                codes::MULTIPLE_DOCUMENTS,
                "a second YAML document starts here; this file must hold one",
            )
            .at(file, extra.root.span)
            .with_help("remove the `---` separator and merge the documents"),
        );
    }
    (Some(document), report)
}

/// Deserializes a document into `T`, reporting every type error.
pub(crate) fn deserialize<T: DeserializeOwned>(
    file: &Arc<str>,
    document: &Document,
) -> Result<T, Vec<Diagnostic>> {
    match deserialize_partial(file, document) {
        (Some(value), diagnostics, _) if diagnostics.is_empty() => Ok(value),
        (_, diagnostics, _) => Err(diagnostics),
    }
}

/// [`deserialize`], and also the value read without the erroneous entries (when one can be
/// read) and the spans of the entries left out.
pub(crate) fn deserialize_partial<T: DeserializeOwned>(
    file: &Arc<str>,
    document: &Document,
) -> (Option<T>, Vec<Diagnostic>, Vec<Span>) {
    let (value, errors) = de::from_node_partial::<T>(document);
    let left_out: Vec<Span> = errors.iter().filter_map(|e| e.span).collect();
    let diagnostics = errors
        .into_iter()
        .map(|error| {
            let span = error.span.unwrap_or(document.root.span);
            let (code, help) = match &error.kind {
                ErrorKind::UnknownField { field, expected } => (
                    codes::UNKNOWN_FIELD,
                    Some(suggest_one_of(field, expected, "fields")),
                ),
                ErrorKind::UnknownVariant { variant, expected } => (
                    codes::UNKNOWN_VALUE,
                    Some(suggest_one_of(variant, expected, "values")),
                ),
                ErrorKind::MissingField(_) => (codes::MISSING_FIELD, None),
                ErrorKind::InvalidValue => (codes::INVALID_VALUE, None),
            };
            let diagnostic = Diagnostic::error(code, error.message).at(file, span);
            match help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            }
        })
        .collect();
    (value, diagnostics, left_out)
}

fn suggest_one_of(word: &str, expected: &[&str], what: &str) -> String {
    let close = suggest::closest(word, expected.iter().copied());
    match suggest::did_you_mean(&close) {
        Some(help) => help,
        None if expected.is_empty() => format!("no {what} are allowed here"),
        None => format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
