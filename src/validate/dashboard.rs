//! Grafana dashboards (classic JSON model): panel targets and query variables.
//!
//! Grafana replaces its variables before sending a query; we do the same, keeping a map
//! from the substituted text back to the original, so findings land on the JSON string.

use std::collections::HashMap;

use super::rulefile::value_map;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Source;
use crate::promql::lints::Usage;
use crate::promql::{Settings, Site, diagnose};
use crate::yaml::{self, Node, NodeKind};

/// Validates every Prometheus query of a dashboard.
pub(crate) fn validate(source: &Source, settings: &Settings) -> Vec<Diagnostic> {
    let parsed = yaml::parse(&source.text, yaml::Limits::default());
    let mut out = yaml::load::diagnostics(&source.file, &parsed.errors);
    let Some(document) = parsed.documents.first() else {
        return out;
    };
    // An API export wraps the model in `dashboard`.
    let model = document.root.get("dashboard").unwrap_or(&document.root);
    let values = variable_values(model, settings);
    let mut queries: Vec<(&Node, Usage)> = Vec::new();
    if let Some(panels) = model.get("panels") {
        collect_panels(panels, &mut queries);
    }
    for (node, usage) in queries {
        check_query(source, settings, node, usage, &values, &mut out);
    }
    if let Some(NodeKind::Seq(list)) = model
        .get("templating")
        .and_then(|t| t.get("list"))
        .map(|l| &l.kind)
    {
        for variable in list {
            if variable.get("type").and_then(Node::as_str) != Some("query") {
                continue;
            }
            let query = match variable.get("query") {
                Some(q) if q.as_str().is_some() => q,
                Some(q) => match q.get("query") {
                    Some(inner) => inner,
                    None => continue,
                },
                None => continue,
            };
            check_variable_query(source, settings, query, &values, &mut out);
        }
    }
    out
}

fn is_prometheus(datasource: Option<&Node>) -> bool {
    match datasource {
        None => true,
        Some(ds) => match ds.get("type").and_then(Node::as_str) {
            Some(kind) => {
                kind == "prometheus" || kind.starts_with('$') || kind.contains("prometheus")
            }
            // A name or a variable: assume Prometheus unless it says otherwise.
            None => !ds
                .as_str()
                .is_some_and(|s| s.to_lowercase().contains("loki")),
        },
    }
}

fn collect_panels<'a>(panels: &'a Node, out: &mut Vec<(&'a Node, Usage)>) {
    let NodeKind::Seq(items) = &panels.kind else {
        return;
    };
    for panel in items {
        if let Some(nested) = panel.get("panels") {
            collect_panels(nested, out);
        }
        let panel_prometheus = is_prometheus(panel.get("datasource"));
        let Some(NodeKind::Seq(targets)) = panel.get("targets").map(|t| &t.kind) else {
            continue;
        };
        for target in targets {
            let prometheus = match target.get("datasource") {
                Some(ds) => is_prometheus(Some(ds)),
                None => panel_prometheus,
            };
            if !prometheus {
                continue;
            }
            if let Some(expr) = target
                .get("expr")
                .filter(|e| e.as_str().is_some_and(|s| !s.trim().is_empty()))
            {
                out.push((expr, Usage::Query));
            }
        }
    }
}

/// The values variables are replaced with: Grafana's built-ins from the scrape interval, and
/// each dashboard variable's current value when it is one simple token.
fn variable_values(model: &Node, settings: &Settings) -> HashMap<String, String> {
    let interval = settings.scrape_interval_ms.max(1000);
    let mut values = HashMap::from([
        ("__rate_interval".to_owned(), ms(interval * 4)),
        ("__interval".to_owned(), ms(interval)),
        ("__range".to_owned(), "1h".to_owned()),
        ("__range_s".to_owned(), "3600".to_owned()),
        ("__range_ms".to_owned(), "3600000".to_owned()),
        ("__interval_ms".to_owned(), interval.to_string()),
        ("__from".to_owned(), "1700000000000".to_owned()),
        ("__to".to_owned(), "1700003600000".to_owned()),
    ]);
    if let Some(NodeKind::Seq(list)) = model
        .get("templating")
        .and_then(|t| t.get("list"))
        .map(|l| &l.kind)
    {
        for variable in list {
            let Some(name) = variable.get("name").and_then(Node::as_str) else {
                continue;
            };
            let current = variable
                .get("current")
                .and_then(|c| c.get("value"))
                .and_then(Node::as_str)
                .filter(|v| {
                    !v.is_empty()
                        && !v.starts_with('$')
                        && v.chars().all(|c| c.is_alphanumeric() || "._-:".contains(c))
                });
            let value = match (variable.get("type").and_then(Node::as_str), current) {
                (_, Some(v)) => v.to_owned(),
                (Some("interval"), None) => "5m".to_owned(),
                _ => "x".to_owned(),
            };
            values.insert(name.to_owned(), value);
        }
    }
    values
}

fn ms(ms: i64) -> String {
    if ms % 60_000 == 0 {
        format!("{}m", ms / 60_000)
    } else if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Replaces `$var`, `${var}`, `${var:format}` and `[[var]]`; returns the text and, for each
/// byte of it (and the end), the byte of the original it came from.
pub(crate) fn substitute(text: &str, values: &HashMap<String, String>) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    let ident_end = |from: usize| {
        let mut j = from;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        let (name, end) = if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            match text[i..].find('}') {
                Some(close) => {
                    let inner = &text[i + 2..i + close];
                    (
                        Some(inner.split(':').next().unwrap_or(inner).to_owned()),
                        i + close + 1,
                    )
                }
                None => (None, i + 1),
            }
        } else if bytes[i] == b'$' {
            let end = ident_end(i + 1);
            if end > i + 1 {
                (Some(text[i + 1..end].to_owned()), end)
            } else {
                (None, i + 1)
            }
        } else if text[i..].starts_with("[[") {
            match text[i..].find("]]") {
                Some(close) => {
                    let inner = &text[i + 2..i + close];
                    (
                        Some(inner.split(':').next().unwrap_or(inner).to_owned()),
                        i + close + 2,
                    )
                }
                None => (None, i + 1),
            }
        } else {
            (None, i + 1)
        };
        match name {
            Some(name) => {
                let value = values.get(&name).cloned().unwrap_or_else(|| "x".to_owned());
                for _ in 0..value.len() {
                    map.push(i);
                }
                out.push_str(&value);
                i = end;
            }
            None => {
                let c = text[i..].chars().next().unwrap_or(' ');
                for _ in 0..c.len_utf8() {
                    map.push(i);
                }
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    map.push(text.len());
    (out, map)
}

fn check_query(
    source: &Source,
    settings: &Settings,
    node: &Node,
    usage: Usage,
    values: &HashMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(raw) = node.as_str() else { return };
    check_substring(
        source,
        settings,
        node,
        raw,
        0,
        raw.len(),
        usage,
        values,
        out,
    );
}

#[allow(clippy::too_many_arguments)]
fn check_substring(
    source: &Source,
    settings: &Settings,
    node: &Node,
    raw: &str,
    start: usize,
    end: usize,
    usage: Usage,
    values: &HashMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    let json = value_map(&source.text, node, raw);
    let (expr, substituted) = substitute(&raw[start..end], values);
    let map = |offset: usize| json.source(start + substituted[offset.min(substituted.len() - 1)]);
    let site = Site {
        expr: &expr,
        map: &map,
        usage,
    };
    out.extend(diagnose(source, &site, settings));
}

/// `label_values(selector, label)`, `query_result(expr)`, `metrics(regex)`,
/// `label_names(selector)`: the PromQL part of a query variable.
fn check_variable_query(
    source: &Source,
    settings: &Settings,
    node: &Node,
    values: &HashMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(raw) = node.as_str() else { return };
    let trimmed = raw.trim_start();
    let lead = raw.len() - trimmed.len();
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
        check_substring(
            source,
            settings,
            node,
            raw,
            open,
            end,
            Usage::Query,
            values,
            out,
        );
        return;
    }
    let _ = lead;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_substituted_with_a_map_back() {
        let values = HashMap::from([
            ("__rate_interval".to_owned(), "2m".to_owned()),
            ("model".to_owned(), "gpt".to_owned()),
        ]);
        let (text, map) = substitute("rate(x{m=~\"$model\"}[$__rate_interval]) by", &values);
        assert_eq!(text, "rate(x{m=~\"gpt\"}[2m]) by");
        let by = text.find("by").unwrap();
        assert_eq!(
            map[by],
            "rate(x{m=~\"$model\"}[$__rate_interval]) by"
                .find("by")
                .unwrap()
        );
        let (text, _) = substitute("${model:regex} [[model]]", &values);
        assert_eq!(text, "gpt gpt");
    }
}
