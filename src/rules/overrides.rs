//! The rules the spec's template overrides wrote: the user's PromQL, validated like a custom
//! alert and reported at the template's file with each finding's own severity, so a warning
//! in an override never blocks generation and an error names the file to fix.
//!
//! A rendered expression is not the template's text, so a finding's position is where the
//! rendered text around it appears in the template (the first line of the template's
//! expression when it does not appear literally, e.g. inside a `{{ … }}` placeholder).

use std::path::Path;

use super::Overridden;
use super::model::{RuleFile, RuleKind};
use crate::diagnostics::{Report, Source};
use crate::load::LoadedSpec;
use crate::promql::lints::Usage;
use crate::promql::{Options, Settings, Site, diagnose};

/// The findings in every rule an override wrote, at the override's file.
pub(crate) fn findings(loaded: &LoadedSpec, file: &RuleFile, overridden: &Overridden) -> Report {
    let mut report = Report::default();
    let spec = &loaded.spec;
    let mut settings = Settings::new(spec.telemetry.contract());
    settings.scrape_interval_ms = spec.telemetry.scrape_interval.as_millis() as i64;
    settings.options = Options {
        dialect: spec.prometheus.target,
        features: spec.prometheus.features(),
    };
    let mut checked = std::collections::BTreeSet::new();
    for rule in file.rules() {
        let Some(template) = overridden.get(&rule.expr) else {
            continue;
        };
        if !checked.insert(&rule.expr) {
            continue;
        }
        let Some(text) = loaded.templates.get(template) else {
            continue;
        };
        let (name, usage) = match &rule.kind {
            RuleKind::Record(name) => (name, Usage::Record),
            RuleKind::Alert(name) => (
                name,
                Usage::Alert {
                    for_ms: rule.for_.map(|d| d.as_millis() as i64),
                },
            ),
        };
        let source = Source::new(&display_path(loaded, template), text);
        let expr_start = expression_start(text);
        let map = |offset: usize| locate(&rule.expr, offset, text).unwrap_or(expr_start);
        let site = Site {
            expr: &rule.expr,
            map: &map,
            usage,
            counters: &crate::promql::NO_COUNTERS,
        };
        let found = diagnose(&source, &site, &settings);
        if !found.is_empty() {
            report.sources.add(&source.file, &source.text);
        }
        for mut diagnostic in found {
            let note = format!(
                "in what this template renders for `{name}`:\n    {}",
                rule.expr.lines().collect::<Vec<_>>().join("\n    ")
            );
            diagnostic.help = Some(match diagnostic.help.take() {
                Some(help) => format!("{help}\n{note}"),
                None => note,
            });
            report.diagnostics.push(diagnostic);
        }
    }
    report
}

/// The template's file as the user names it: beside the spec, in its `templates:` folder.
fn display_path(loaded: &LoadedSpec, template: &str) -> String {
    let folder = loaded.spec.templates.as_deref().unwrap_or("templates");
    let path = Path::new(&*loaded.file)
        .parent()
        .unwrap_or(Path::new(""))
        .join(folder)
        .join(template);
    path.display().to_string()
}

/// Where the template's expression starts: after its leading `{#- … -#}` comment.
fn expression_start(text: &str) -> usize {
    let after_comment = if text.trim_start().starts_with("{#") {
        text.find("#}").map_or(0, |end| end + 2)
    } else {
        0
    };
    let rest = &text[after_comment..];
    after_comment + (rest.len() - rest.trim_start().len())
}

/// The byte of the template where the rendered text at `offset` of `expr` is written: the
/// first occurrence of the text from there to the end of its line (at least four bytes, so
/// that a lone `(` does not match anywhere).
fn locate(expr: &str, offset: usize, template: &str) -> Option<usize> {
    let rest = expr.get(offset..)?;
    let line = rest.lines().next()?;
    let mut end = line.len().min(24);
    while end >= 4 {
        if let Some(snippet) = line.get(..end)
            && let Some(at) = template.find(snippet)
        {
            return Some(at);
        }
        end -= 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_position_is_found_in_the_template() {
        let template = "{#- comment -#}\nhistogram_quantile({{ q }}, {{ rate }}) > {{ t }} or on() vector(1)\n";
        let expr = "histogram_quantile(0.9, rate(x[5m])) > 3 or on() vector(1)";
        let at = expr.find("vector").expect("in the expression");
        assert_eq!(locate(expr, at, template), template.find("vector(1)"));
        let inside = expr.find("0.9").expect("in the expression");
        assert_eq!(
            locate(expr, inside, template),
            None,
            "a placeholder's output is not in the template"
        );
        assert_eq!(
            expression_start(template),
            template.find("histogram").unwrap_or(0)
        );
    }
}
