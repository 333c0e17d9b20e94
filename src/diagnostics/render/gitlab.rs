//! GitLab's Code Quality report (`artifacts: reports: codequality`): a JSON array of
//! issues, each with a description, the check's name, a fingerprint, a severity and a
//! location, which GitLab shows in the merge request.

use std::collections::HashMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diagnostics::{Report, Severity};

/// Renders the findings as a Code Quality report.
pub(crate) fn render(report: &Report) -> String {
    // GitLab merges issues with one fingerprint: identical findings in one file are told
    // apart by their order, not their line, so editing above them keeps them the same.
    let mut seen: HashMap<(String, &str, &str), usize> = HashMap::new();
    let issues: Vec<Value> = report
        .diagnostics
        .iter()
        // Infos (a skipped file, the contract a file was found to fit) are for logs, not
        // for the merge request.
        .filter(|d| d.severity > Severity::Info)
        .map(|d| {
            let path = d
                .location
                .as_ref()
                .map(|l| l.file.trim_start_matches("./").replace('\\', "/"))
                .unwrap_or_default();
            let nth = seen
                .entry((path.clone(), d.code.as_str(), d.message.as_str()))
                .or_insert(0);
            *nth += 1;
            let mut hash = Sha256::new();
            for part in [path.as_str(), d.code.as_str(), d.message.as_str()] {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
            hash.update(nth.to_string().as_bytes());
            let fingerprint: String = hash
                .finalize()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect();
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str(" (");
                description.push_str(help);
                description.push(')');
            }
            let line = d.location.as_ref().map_or(1, |l| l.line);
            json!({
                "description": description,
                "check_name": d.code.as_str(),
                "fingerprint": fingerprint,
                "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                "location": { "path": path, "lines": { "begin": line } },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    text.push('\n');
    text
}
