//! SARIF 2.1.0 (Static Analysis Results Interchange Format), for code-scanning services.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::diagnostics::{Report, Severity};

/// Renders a SARIF log with one run.
pub(crate) fn render(report: &Report) -> String {
    let rules: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(" (");
                text.push_str(help);
                text.push(')');
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "level": level,
                "message": { "text": text },
            });
            if let Some(loc) = &d.location {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": loc.file.replace('\\', "/") },
                        "region": {
                            "startLine": loc.line,
                            "startColumn": loc.column,
                            "endLine": loc.end_line,
                            "endColumn": loc.end_column.max(loc.column),
                        }
                    }
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "llm-slo",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
                }
            },
            "results": results,
        }]
    });
    String::from_utf8_lossy(&crate::base::json::value_to_pretty(&log)).into_owned()
}
