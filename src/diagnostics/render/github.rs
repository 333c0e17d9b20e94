//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, which
//! annotate the pull request diff.

use std::fmt::Write;

use crate::diagnostics::{Report, Severity};

/// Renders one workflow command per finding.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(loc) = &d.location {
            properties.push(format!("file={}", property(&loc.file)));
            properties.push(format!("line={}", loc.line));
            properties.push(format!("col={}", loc.column));
            properties.push(format!("endLine={}", loc.end_line));
            properties.push(format!("endColumn={}", loc.end_column));
        }
        properties.push(format!("title={}", property(d.code.as_str())));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    out
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
