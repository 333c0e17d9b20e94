//! A JSON array of findings: `file`, `line`, `column`, `end_line`, `end_column`,
//! `severity`, `code`, `message`, `help`. A validation run over files gives an object
//! instead: `{"diagnostics": [...], "summary": {...}}`, the summary saying what was read.

use serde_json::{Value, json};

use crate::diagnostics::Report;

/// Renders findings as pretty JSON with a final newline.
pub(crate) fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut object = json!({
                "severity": d.severity.as_str(),
                "code": d.code.as_str(),
                "message": d.message,
            });
            if let Some(loc) = &d.location {
                object["file"] = json!(&*loc.file);
                object["line"] = json!(loc.line);
                object["column"] = json!(loc.column);
                object["end_line"] = json!(loc.end_line);
                object["end_column"] = json!(loc.end_column);
            }
            if let Some(help) = &d.help {
                object["help"] = json!(help);
            }
            object
        })
        .collect();
    let findings = serde_json::Value::Array(findings);
    let findings = match &report.summary {
        Some(summary) => json!({"diagnostics": findings, "summary": summary_json(summary)}),
        None => findings,
    };
    String::from_utf8_lossy(&crate::base::json::value_to_pretty(&findings)).into_owned()
}

fn summary_json(summary: &crate::diagnostics::Summary) -> Value {
    let skipped: Vec<Value> = summary
        .skipped
        .iter()
        .map(|s| json!({"path": s.path, "reason": s.reason}))
        .collect();
    json!({
        "files": summary.files,
        "rule_files": summary.rule_files,
        "manifests": summary.manifests,
        "dashboards": summary.dashboards,
        "grafana_alert_files": summary.grafana_alert_files,
        "specs": summary.specs,
        "rules": summary.rules,
        "panels": summary.panels,
        "expressions": summary.expressions,
        "other_datasource_queries": summary.other_datasource_queries,
        "skipped": skipped,
    })
}
