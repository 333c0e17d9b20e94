//! `file:line:col: severity[code]: message`, the source line, a caret, and help.

use std::fmt::Write;

use crate::diagnostics::{Diagnostic, Report};

/// Renders every diagnostic of a report, then a count line when there is more than one, then
/// (for a validation run) what was read.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        render_one(&mut out, diagnostic, report);
    }
    let errors = count(report, crate::diagnostics::Severity::Error);
    let warnings = count(report, crate::diagnostics::Severity::Warning);
    if errors + warnings > 1 {
        let _ = writeln!(
            out,
            "{} error{}, {} warning{}",
            errors,
            plural(errors),
            warnings,
            plural(warnings)
        );
    }
    if let Some(summary) = &report.summary {
        let _ = writeln!(out, "{}", summary.line());
    }
    out
}

fn count(report: &Report, severity: crate::diagnostics::Severity) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Longest source excerpt shown, in characters.
const MAX_EXCERPT: usize = 100;

/// The part of a long line around the column, with `…` where it is cut; returns the text,
/// the caret's offset in it and the caret's width.
fn excerpt(chars: &[char], column: usize, width: usize) -> (String, usize, usize) {
    if chars.len() <= MAX_EXCERPT {
        return (chars.iter().collect(), column, width);
    }
    let start = column.saturating_sub(MAX_EXCERPT / 3);
    let end = (start + MAX_EXCERPT).min(chars.len());
    let mut text = String::new();
    let mut before = column - start;
    if start > 0 {
        text.push('…');
        before += 1;
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    (text, before, width.min(end.saturating_sub(column)).max(1))
}

fn render_one(out: &mut String, d: &Diagnostic, report: &Report) {
    let severity = d.severity.as_str();
    match &d.location {
        Some(loc) => {
            let _ = writeln!(
                out,
                "{}:{}:{}: {severity}[{}]: {}",
                loc.file, loc.line, loc.column, d.code, d.message
            );
            if let Some(line) = report
                .sources
                .get(&loc.file)
                .and_then(|text| text.split('\n').nth(loc.line as usize - 1))
            {
                let line = line.strip_suffix('\r').unwrap_or(line);
                let number = loc.line.to_string();
                let gutter = " ".repeat(number.len());
                let chars: Vec<char> = line
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                let column = (loc.column as usize).saturating_sub(1).min(chars.len());
                let width = if loc.end_line == loc.line {
                    (loc.end_column as usize).saturating_sub(loc.column as usize)
                } else {
                    chars.len().saturating_sub(column)
                }
                .min(chars.len().saturating_sub(column))
                .max(1);
                let (shown, before, width) = excerpt(&chars, column, width);
                let _ = writeln!(out, "{gutter} |");
                let _ = writeln!(out, "{number} | {}", shown.trim_end());
                let _ = writeln!(
                    out,
                    "{gutter} | {}{}",
                    " ".repeat(before),
                    "^".repeat(width)
                );
            }
        }
        None => {
            let _ = writeln!(out, "{severity}[{}]: {}", d.code, d.message);
        }
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
}
