//! Grafana dashboards (the JSON model, every layout): panel targets, library panels and
//! query variables, each sent to Prometheus only when its datasource speaks PromQL.
//!
//! Grafana replaces its variables before sending a query; we do the same, keeping a map
//! from the substituted text back to the original, so findings land on the JSON string.

mod datasource;
mod panels;
mod variables;

use super::rulefile::value_map;
use crate::diagnostics::Source;
use crate::diagnostics::{Diagnostic, Summary};
use crate::promql::lints::Usage;
use crate::promql::{Settings, Site, diagnose};
use crate::yaml::{self, Node};

use datasource::{Datasources, Kind};
pub(crate) use variables::substitute_map as substitute;
use variables::{QueryValues, Values};

/// Validates every Prometheus query of a dashboard.
pub(crate) fn validate(
    source: &Source,
    settings: &Settings,
    summary: &mut Summary,
) -> Vec<Diagnostic> {
    let parsed = yaml::parse(&source.text, yaml::Limits::default());
    let mut out = yaml::load::diagnostics(&source.file, &parsed.errors);
    let Some(document) = parsed.documents.first() else {
        return out;
    };
    let root = &document.root;
    // An API export wraps the model in `dashboard`.
    let model = root.get("dashboard").unwrap_or(root);
    let values = Values::new(model, settings.scrape_interval_ms);
    let sources = Datasources::new(model, root);
    let query = Query {
        source,
        settings,
        values: &values,
        counters: crate::promql::counters_in(&source.text),
    };
    for panel in panels::collect(root, model) {
        summary.panels += 1;
        let panel_kind = sources
            .kind(panel.get("datasource"))
            .unwrap_or(Kind::Unknown);
        let Some(yaml::NodeKind::Seq(targets)) = panel.get("targets").map(|t| &t.kind) else {
            continue;
        };
        let panel_interval = panel.get("interval").and_then(Node::as_str);
        for target in targets {
            let Some(expr) = target
                .get("expr")
                .filter(|e| e.as_str().is_some_and(|s| !s.trim().is_empty()))
            else {
                continue;
            };
            if !sources.of_target(panel_kind, target).is_promql() {
                summary.other_datasource_queries += 1;
                continue;
            }
            let min_interval = target
                .get("interval")
                .and_then(Node::as_str)
                .filter(|i| !i.trim().is_empty())
                .or(panel_interval.filter(|i| !i.trim().is_empty()));
            summary.expressions += 1;
            let raw = expr.as_str().unwrap_or_default();
            query.check(
                expr,
                raw,
                0,
                raw.len(),
                min_interval,
                Usage::Query,
                &mut out,
            );
        }
    }
    for variable in variables::declared(model) {
        if variable.get("type").and_then(Node::as_str) != Some("query") {
            continue;
        }
        let kind = sources
            .kind(variable.get("datasource"))
            .unwrap_or(Kind::Unknown);
        let node = match variable.get("query") {
            Some(q) if q.as_str().is_some() => q,
            Some(q) => match q.get("query") {
                Some(inner) => inner,
                None => continue,
            },
            None => continue,
        };
        if node.as_str().is_none_or(|q| q.trim().is_empty()) {
            continue;
        }
        if !kind.is_promql() {
            summary.other_datasource_queries += 1;
            continue;
        }
        check_variable_query(&query, node, summary, &mut out);
    }
    out
}

/// What checking one query needs.
struct Query<'a> {
    source: &'a Source,
    settings: &'a Settings,
    values: &'a Values,
    /// Names the dashboard rates somewhere: counters.
    counters: std::collections::BTreeSet<String>,
}

impl Query<'_> {
    /// Checks `raw[start..end]`, the PromQL inside the JSON string `node`.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        node: &Node,
        raw: &str,
        start: usize,
        end: usize,
        min_interval: Option<&str>,
        usage: Usage,
        out: &mut Vec<Diagnostic>,
    ) {
        let values = self.values.for_query(min_interval);
        // Built on the first finding only: most expressions have none.
        let json = std::cell::OnceCell::new();
        let (expr, substituted) = variables::substitute(&raw[start..end], &values);
        let map = |offset: usize| {
            json.get_or_init(|| value_map(&self.source.text, node, raw))
                .source(start + substituted[offset.min(substituted.len() - 1)])
        };
        let site = Site {
            expr: &expr,
            map: &map,
            usage,
            counters: &self.counters,
        };
        let found = diagnose(self.source, &site, self.settings);
        let uses_interval = raw[start..end].contains("__interval");
        out.extend(found.into_iter().map(|mut diagnostic| {
            if uses_interval && diagnostic.code == crate::promql::lints::short_range::CODE {
                diagnostic.help = Some(interval_help(&values));
            }
            diagnostic
        }));
    }
}

/// Why `$__interval` is short, and what to write instead.
fn interval_help(values: &QueryValues<'_>) -> String {
    let at = variables::format_ms(values.interval_ms);
    match values.min_interval_ms {
        Some(_) => format!(
            "`$__interval` is at least the min interval ({at}) here; use `$__rate_interval`, \
             or raise the min interval to four scrape intervals"
        ),
        None => format!(
            "on short time ranges Grafana sets `$__interval` to the scrape interval ({at}); \
             use `$__rate_interval`, or set the panel's min interval to four scrape intervals"
        ),
    }
}

/// `label_values(selector, label)`, `query_result(expr)`, `metrics(regex)`,
/// `label_names(selector)`: the PromQL part of a query variable.
fn check_variable_query(
    query: &Query<'_>,
    node: &Node,
    summary: &mut Summary,
    out: &mut Vec<Diagnostic>,
) {
    let Some(raw) = node.as_str() else { return };
    let trimmed = raw.trim_start();
    for function in ["label_values", "query_result", "label_names"] {
        let Some(rest) = trimmed.strip_prefix(function) else {
            continue;
        };
        let Some(args) = rest.trim_start().strip_prefix('(') else {
            continue;
        };
        let open = raw.len() - args.len();
        let Some(close) = raw.rfind(')') else { return };
        if close < open {
            return;
        }
        let inner = &raw[open..close];
        // `label_values(selector, label)`: the selector ends at the last top-level comma.
        let end = if function == "label_values" {
            match last_top_level_comma(inner) {
                Some(comma) => open + comma,
                None => return, // `label_values(label)`: no PromQL
            }
        } else {
            close
        };
        if raw[open..end].trim().is_empty() {
            return;
        }
        summary.expressions += 1;
        query.check(node, raw, open, end, None, Usage::Variable, out);
        return;
    }
}

fn last_top_level_comma(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut last = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => depth -= 1,
            ',' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last
}
