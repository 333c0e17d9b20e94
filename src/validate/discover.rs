//! Finding inputs: files and folders, recognised by content.
//!
//! Folders are searched recursively; symbolic links are followed (a mounted Kubernetes
//! ConfigMap is a folder of `..data/…` links), each file read once however many links reach
//! it, and a link back up the tree is not followed twice.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::codes;
use crate::diagnostics::{Diagnostic, Skipped};

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InputKind {
    /// A Prometheus rule file (`groups:`), or an empty YAML file, which promtool accepts as
    /// a rule file of no rules.
    RuleFile,
    /// Kubernetes YAML: `PrometheusRule`, `List` and `ConfigMap` documents.
    Manifests,
    /// A Grafana dashboard (JSON), or a library panel export.
    Dashboard,
    /// A Grafana alert provisioning file (`apiVersion: 1` and `groups:`).
    GrafanaAlerts,
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

/// What a search of paths found.
#[derive(Default)]
pub(crate) struct Found {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Files in folders that are not inputs.
    pub skipped: Vec<Skipped>,
}

/// Files larger than this are not inputs.
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Whether a YAML text holds nothing: only comments, `---`, `null`, `~`, `{}` or `[]`.
fn is_empty_yaml(text: &str) -> bool {
    let mut content = text
        .lines()
        .map(|l| l.split_once(" #").map_or(l, |(before, _)| before))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "---" && *l != "...");
    match (content.next(), content.next()) {
        (None, _) => true,
        (Some(only), None) => matches!(only, "null" | "~" | "{}" | "[]" | "Null" | "NULL"),
        _ => false,
    }
}

/// Whether a top-level key (a line starting with it) appears in a YAML text.
fn has_top_level(text: &str, key: &str) -> bool {
    // A search for the key is much faster than splitting lines; most files lack most keys.
    text.contains(key)
        && text.lines().any(|l| {
            l.strip_prefix(key)
                .or_else(|| {
                    l.strip_prefix('"')
                        .and_then(|rest| rest.strip_prefix(key))
                        .and_then(|rest| rest.strip_prefix('"'))
                })
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
}

/// Whether the text says `apiVersion: 1`, as Grafana's provisioning files do.
fn grafana_api_version(text: &str) -> bool {
    text.contains("apiVersion:")
        && text.lines().any(|l| {
            l.strip_prefix("apiVersion:")
                .is_some_and(|v| matches!(v.trim().trim_matches(['"', '\'']), "1"))
        })
}

/// Whether a Kubernetes `kind:` of ours appears (at any indentation: `List` items).
fn has_kind(text: &str) -> bool {
    text.contains("kind:")
        && text.lines().any(|l| {
            let l = l.trim_start().trim_start_matches("- ");
            l.strip_prefix("kind:")
                .map(|k| k.trim().trim_matches(['"', '\'']))
                .is_some_and(|k| matches!(k, "PrometheusRule" | "ConfigMap" | "List"))
        })
}

/// Recognises a file by content.
pub(crate) fn classify(text: &str) -> Option<InputKind> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if is_empty_yaml(trimmed) {
        return Some(InputKind::RuleFile);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // JSON: a Kubernetes object, or a dashboard (panels, rows or templating, perhaps
        // wrapped in `dashboard`), or a library panel export (`model` with targets).
        if ["\"PrometheusRule\"", "\"ConfigMap\"", "\"List\""]
            .iter()
            .any(|k| text.contains(k))
            && text.contains("\"kind\"")
        {
            return Some(InputKind::Manifests);
        }
        let dashboard = [
            "\"panels\"",
            "\"rows\"",
            "\"templating\"",
            "\"dashboard\"",
            "\"__elements\"",
        ]
        .iter()
        .any(|k| text.contains(k))
            || (text.contains("\"model\"") && text.contains("\"targets\""));
        return dashboard.then_some(InputKind::Dashboard);
    }
    if has_kind(text) {
        return Some(InputKind::Manifests);
    }
    if has_top_level(text, "version")
        && has_top_level(text, "service")
        && has_top_level(text, "pricing")
    {
        return Some(InputKind::Spec);
    }
    if has_top_level(text, "groups") {
        if grafana_api_version(text) {
            return Some(InputKind::GrafanaAlerts);
        }
        return Some(InputKind::RuleFile);
    }
    None
}

/// Whether a file's name says it may be one of our inputs.
fn input_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yml" | "yaml" | "json"))
}

fn yaml_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yml" | "yaml"))
}

/// The inputs under the given paths, sorted within each folder. A file named explicitly is
/// always an input (an unrecognised one is reported); a file found in a folder is an input
/// only when recognised, and is otherwise listed as skipped with the reason.
pub(crate) fn discover(paths: &[PathBuf]) -> Result<Found, std::io::Error> {
    let mut found = Found::default();
    let mut seen = HashSet::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| named(path, e))?;
        if metadata.is_dir() {
            walk(path, &mut seen, &mut found)?;
        } else {
            if let Ok(canonical) = std::fs::canonicalize(path) {
                seen.insert(canonical);
            }
            found.inputs.push(read(path)?);
        }
    }
    Ok(found)
}

/// An I/O error that names the path it happened on.
fn named(path: &Path, error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, found: &mut Found) -> Result<(), std::io::Error> {
    // A folder reached twice (a link to an ancestor, two links to one folder) is read once.
    let canonical = std::fs::canonicalize(dir).map_err(|e| named(dir, e))?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| named(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Hidden entries (`.git`, a ConfigMap's `..data`: its files are reached through
        // their links), build output and dependencies are not inputs.
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        // `metadata` follows links; a dangling link is skipped.
        let Ok(metadata) = std::fs::metadata(&path) else {
            if input_extension(&path) {
                found.skipped.push(skipped(&path, "dangling link"));
            }
            continue;
        };
        if metadata.is_dir() {
            walk(&path, seen, found)?;
            continue;
        }
        if !metadata.is_file() {
            continue;
        }
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(canonical) {
            continue;
        }
        if metadata.len() > MAX_BYTES {
            if input_extension(&path) {
                found.skipped.push(skipped(&path, "larger than 32 MiB"));
            }
            continue;
        }
        let input = read(&path)?;
        match &input.text {
            // An empty file is a rule file of no rules only where it is named like one.
            Ok(text)
                if classify(text).is_some() && (!is_empty_yaml(text) || yaml_extension(&path)) =>
            {
                found.inputs.push(input);
            }
            Ok(text) if input_extension(&path) => {
                found.skipped.push(skipped(&path, not_an_input(text)));
            }
            Err(_) if input_extension(&path) => found.skipped.push(skipped(&path, "not UTF-8")),
            _ => {}
        }
    }
    Ok(())
}

/// Why a YAML or JSON file is not an input, as precisely as its content says.
fn not_an_input(text: &str) -> &'static str {
    if has_top_level(text, "rule_files") && has_top_level(text, "tests") {
        "promtool unit tests"
    } else if text.contains("\"$schema\"") && text.contains("json-schema.org") {
        "JSON Schema"
    } else if grafana_api_version(text) {
        "Grafana provisioning without alert rules"
    } else {
        "not a known input"
    }
}

fn skipped(path: &Path, reason: &str) -> Skipped {
    Skipped {
        path: path.display().to_string(),
        reason: reason.to_owned(),
    }
}

fn read(path: &Path) -> Result<Input, std::io::Error> {
    let bytes = std::fs::read(path).map_err(|e| named(path, e))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let file = std::sync::Arc::<str>::from(path.display().to_string());
            let diagnostic = Diagnostic::error(
                codes::UNKNOWN_INPUT,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    error.utf8_error().valid_up_to()
                ),
            )
            .at(&file, crate::base::Span::default());
            Err(Box::new(diagnostic))
        }
    };
    Ok(Input {
        path: path.to_owned(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_yaml_is_a_rule_file_of_no_rules() {
        for text in [
            "",
            "null\n",
            "# only a comment\n",
            "{}\n",
            "---\n# x\n",
            "[]",
        ] {
            assert_eq!(classify(text), Some(InputKind::RuleFile), "{text:?}");
        }
        assert_eq!(classify("foo: bar\n"), None);
    }

    #[test]
    fn kinds_are_recognised() {
        assert_eq!(
            classify("apiVersion: 1\ngroups:\n- name: x\n"),
            Some(InputKind::GrafanaAlerts)
        );
        assert_eq!(
            classify("apiVersion: v1\nkind: List\nitems:\n- kind: PrometheusRule\n"),
            Some(InputKind::Manifests)
        );
        assert_eq!(
            classify("apiVersion: v1\nkind: ConfigMap\ndata: {}\n"),
            Some(InputKind::Manifests)
        );
        assert_eq!(classify("{\"rows\": []}"), Some(InputKind::Dashboard));
        assert_eq!(classify("{\"a\": 1}"), None);
    }
}
