//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, which
//! annotate the pull request diff.

use std::fmt::Write;

use crate::diagnostics::{Report, Severity};

/// Renders one workflow command per finding.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    // Infos (a skipped file, the contract a file was found to fit) are for logs, not for
    // the diff; GitHub shows only ten annotations of a kind per step anyway.
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity > Severity::Info)
    {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::base::{Pos, Span};
    use crate::diagnostics::Diagnostic;

    /// GitHub's workflow-command syntax (the runner's `ActionCommand` parser, `@actions/core`'s
    /// `escapeData` and `escapeProperty`): in the message `%`, `\r` and `\n` are escaped; in a
    /// property `:` and `,` too, or they would end the property; `%` first, so an escape is
    /// never escaped again.
    #[test]
    fn messages_and_properties_are_escaped_as_github_reads_them() {
        let file: Arc<str> = Arc::from("rules/a,b:c.yml");
        let at = |line, column| Pos {
            offset: 0,
            line,
            column,
        };
        let mut report = Report::default();
        report.diagnostics.push(
            Diagnostic::error(
                crate::diagnostics::codes::promql::SHORT_RANGE,
                "100% of calls: slow,\r\nreally",
            )
            .with_help("use [5m] (%0A stays text)")
            .at(
                &file,
                Span {
                    start: at(3, 7),
                    end: at(3, 12),
                },
            ),
        );
        assert_eq!(
            render(&report),
            "::error file=rules/a%2Cb%3Ac.yml,line=3,col=7,endLine=3,endColumn=12,\
             title=promql/short-range::100%25 of calls: slow,%0D%0Areally%0Ahelp: use [5m] \
             (%250A stays text)\n"
        );
    }
}
