//! A JSON array of findings: `file`, `line`, `column`, `end_line`, `end_column`,
//! `severity`, `code`, `message`, `help`.

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
    String::from_utf8_lossy(&crate::base::json::value_to_pretty(&findings)).into_owned()
}
