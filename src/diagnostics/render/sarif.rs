//! SARIF 2.1.0 (Static Analysis Results Interchange Format), for code-scanning services.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::diagnostics::codes::docs;
use crate::diagnostics::{Code, Report, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule's description from the registry, as code-scanning services show it: the summary,
/// the documentation (text and Markdown), the default level and a link to the code's page.
fn rule(code: Code) -> Value {
    let info = code.info();
    let full = if info.doc.is_empty() {
        info.summary.to_owned()
    } else {
        // The first paragraph after the summary; GitHub shows at most 1,024 characters.
        let first = info.doc.split("\n\n").next().unwrap_or_default();
        let text = format!("{} {}", info.summary, first.replace('\n', " "));
        text.chars().take(1024).collect()
    };
    let help = format!("{}\n\n{}", info.summary, info.doc);
    json!({
        "id": info.id,
        "name": info.id,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": full },
        "help": {
            "text": help.trim_end(),
            "markdown": format!("{}\n\n[Documentation]({})", help.trim_end(), docs::page_url(code)),
        },
        "helpUri": docs::page_url(code),
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": {
            "tags": [info.id.split('/').next().unwrap_or_default()],
            "problem.severity": match info.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "recommendation",
            },
        },
    })
}

/// Renders a SARIF log with one run.
pub(crate) fn render(report: &Report) -> String {
    let codes: BTreeSet<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    let rules: Vec<Code> = codes.into_iter().collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let level = level(d.severity);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(" (");
                text.push_str(help);
                text.push(')');
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rules.iter().position(|c| *c == d.code).unwrap_or_default(),
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
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules.iter().map(|c| rule(*c)).collect::<Vec<_>>(),
                }
            },
            "results": results,
        }]
    });
    String::from_utf8_lossy(&crate::base::json::value_to_pretty(&log)).into_owned()
}
