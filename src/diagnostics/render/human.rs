//! `file:line:col: severity[code]: message`, the source line, a caret, and help.

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostics::{Diagnostic, Report, Severity};

/// Whether human text written to stdout and to stderr is colored. Only the command line
/// sets them (from `--color`, `NO_COLOR` and whether the stream is a terminal): the library
/// renders plain text.
static COLOR_STDOUT: AtomicBool = AtomicBool::new(false);
static COLOR_STDERR: AtomicBool = AtomicBool::new(false);

/// Colors human text on stdout and on stderr, or not.
pub(crate) fn set_colors(stdout: bool, stderr: bool) {
    COLOR_STDOUT.store(stdout, Ordering::Relaxed);
    COLOR_STDERR.store(stderr, Ordering::Relaxed);
}

/// Whether human text for stdout (`true`) or stderr (`false`) is colored.
pub(crate) fn colored(stdout: bool) -> bool {
    if stdout { &COLOR_STDOUT } else { &COLOR_STDERR }.load(Ordering::Relaxed)
}

/// ANSI styles, or nothing.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// The severity's color: red errors, yellow warnings, blue infos.
    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
        }
    }
}

/// Renders every diagnostic of a report, then a count line when there is more than one, then
/// (for a validation run) what was read; with ANSI colors when `color`.
pub(crate) fn render(report: &Report, color: bool) -> String {
    let style = Style { on: color };
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        render_one(&mut out, diagnostic, report, &style);
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

fn render_one(out: &mut String, d: &Diagnostic, report: &Report, style: &Style) {
    let color = style.severity(d.severity);
    let severity = style.paint(color, &format!("{}[{}]", d.severity.as_str(), d.code));
    match &d.location {
        Some(loc) => {
            let _ = writeln!(
                out,
                "{}: {severity}: {}",
                style.paint("1", &format!("{}:{}:{}", loc.file, loc.line, loc.column)),
                d.message
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
                let bar = style.paint("1;34", "|");
                let _ = writeln!(out, "{gutter} {bar}");
                let _ = writeln!(
                    out,
                    "{} {bar} {}",
                    style.paint("1;34", &number),
                    shown.trim_end()
                );
                let _ = writeln!(
                    out,
                    "{gutter} {bar} {}{}",
                    " ".repeat(before),
                    style.paint(color, &"^".repeat(width))
                );
            }
        }
        None => {
            let _ = writeln!(out, "{severity}: {}", d.message);
        }
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = {}: {help}", style.paint("1;36", "help"));
    }
}
