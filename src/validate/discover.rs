//! Finding inputs: files and folders, recognised by content.

use std::path::{Path, PathBuf};

use super::codes;
use crate::diagnostics::Diagnostic;

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InputKind {
    /// A Prometheus rule file (`groups:`).
    RuleFile,
    /// Kubernetes YAML with `kind: PrometheusRule` documents.
    PrometheusRule,
    /// A Grafana dashboard (JSON).
    Dashboard,
    /// An llm-slo spec.
    Spec,
}

/// A file to validate: its text, or why it cannot be read as text.
pub(crate) struct Input {
    /// The path.
    pub path: PathBuf,
    /// The text, or a diagnostic.
    pub text: Result<String, Box<Diagnostic>>,
}

/// Files larger than this are not inputs.
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Recognises a file by content.
pub(crate) fn classify(text: &str) -> Option<InputKind> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        // JSON: a dashboard has panels or templating (or wraps them in `dashboard`).
        let dashboard = ["\"panels\"", "\"templating\"", "\"dashboard\""]
            .iter()
            .any(|k| text.contains(k));
        return dashboard.then_some(InputKind::Dashboard);
    }
    if text.contains("kind: PrometheusRule") || text.contains("kind: \"PrometheusRule\"") {
        return Some(InputKind::PrometheusRule);
    }
    let has_top_level = |key: &str| {
        text.lines()
            .any(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
    };
    if has_top_level("version") && has_top_level("service") && has_top_level("pricing") {
        return Some(InputKind::Spec);
    }
    if has_top_level("groups") {
        return Some(InputKind::RuleFile);
    }
    None
}

/// The inputs under the given paths, sorted within each folder. A file named explicitly is
/// always an input (an unrecognised one is reported); a file found in a folder is an input
/// only when recognised.
pub(crate) fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, std::io::Error> {
    let mut out = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)?;
        if metadata.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(read(path, true)?);
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> Result<(), std::io::Error> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let metadata = std::fs::symlink_metadata(&path)?;
        if metadata.is_dir() {
            walk(&path, out)?;
        } else if metadata.is_file() && metadata.len() <= MAX_BYTES {
            let input = read(&path, false)?;
            if input.text.as_ref().is_ok_and(|t| classify(t).is_some()) {
                out.push(input);
            }
        }
    }
    Ok(())
}

fn read(path: &Path, explicit: bool) -> Result<Input, std::io::Error> {
    let bytes = std::fs::read(path)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) if !explicit => Ok(String::new()),
        Err(error) => {
            let file = std::sync::Arc::<str>::from(path.display().to_string());
            Err(Box::new(
                Diagnostic::error(
                    codes::UNKNOWN_INPUT,
                    format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        error.utf8_error().valid_up_to()
                    ),
                )
                .at(&file, crate::base::Span::default()),
            ))
        }
    };
    Ok(Input {
        path: path.to_owned(),
        text,
    })
}
