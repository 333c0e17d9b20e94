//! Grafana-managed alert rules in a provisioning file (`apiVersion: 1`, `groups:`): their
//! structure as Grafana's provisioning reads it, and the PromQL of every query whose
//! datasource is Prometheus. Server-side expressions (`datasourceUid: __expr__`: reduce,
//! math, threshold) and queries for other datasources are not PromQL.

use super::codes;
use super::rulefile::{rule_duration, value_map};
use crate::diagnostics::{Diagnostic, Source, Summary};
use crate::promql::lints::Usage;
use crate::promql::{Settings, Site, diagnose};
use crate::yaml::{self, Node, NodeKind};

/// `noDataState` values Grafana accepts.
const NO_DATA_STATES: &[&str] = &["Alerting", "NoData", "OK", "KeepLast"];
/// `execErrState` values Grafana accepts.
const ERROR_STATES: &[&str] = &["Alerting", "Error", "OK", "KeepLast"];

/// Validates an alert provisioning file.
pub(super) fn validate(
    source: &Source,
    settings: &Settings,
    summary: &mut Summary,
) -> Vec<Diagnostic> {
    let parsed = yaml::parse(&source.text, yaml::Limits::default());
    let mut checker = Checker {
        source,
        settings,
        summary,
        out: yaml::load::diagnostics(&source.file, &parsed.errors),
        counters: crate::promql::counters_in(&source.text),
    };
    for document in &parsed.documents {
        match document.root.get("groups").map(|g| &g.kind) {
            Some(NodeKind::Seq(groups)) => {
                for group in groups {
                    checker.group(group);
                }
            }
            Some(_) => {
                let groups = document.root.get("groups").unwrap_or(&document.root);
                checker.error(groups, "`groups` must be a list".to_owned());
            }
            None => {}
        }
    }
    checker.out
}

struct Checker<'a> {
    source: &'a Source,
    settings: &'a Settings,
    summary: &'a mut Summary,
    out: Vec<Diagnostic>,
    counters: std::collections::BTreeSet<String>,
}

impl Checker<'_> {
    fn error(&mut self, node: &Node, message: String) {
        self.out.push(self.source.at(
            Diagnostic::error(codes::GRAFANA_ALERT_RULE, message),
            node.span.start.offset,
            node.span.end.offset,
        ));
    }

    /// A required text field: present and not empty.
    fn required(&mut self, holder: &Node, field: &str, what: &str) -> Option<String> {
        match holder
            .get(field)
            .and_then(Node::as_str)
            .filter(|v| !v.is_empty())
        {
            Some(value) => Some(value.to_owned()),
            None => {
                let at = holder.get(field).unwrap_or(holder);
                self.error(at, format!("{what} needs `{field}`"));
                None
            }
        }
    }

    fn duration(&mut self, holder: &Node, field: &str) {
        let Some(node) = holder.get(field) else {
            return;
        };
        let Some(text) = node.as_str() else { return };
        if rule_duration(text).is_none() {
            self.error(node, format!("`{field}` is not a valid duration: `{text}`"));
        }
    }

    fn group(&mut self, group: &Node) {
        if !matches!(group.kind, NodeKind::Map(_)) {
            self.error(group, "a group must be a mapping".to_owned());
            return;
        }
        self.required(group, "name", "an alert rule group");
        self.required(group, "folder", "an alert rule group");
        self.duration(group, "interval");
        let Some(NodeKind::Seq(rules)) = group.get("rules").map(|r| &r.kind) else {
            return;
        };
        for rule in rules {
            self.rule(rule);
        }
    }

    fn rule(&mut self, rule: &Node) {
        if !matches!(rule.kind, NodeKind::Map(_)) {
            self.error(rule, "a rule must be a mapping".to_owned());
            return;
        }
        self.summary.rules += 1;
        self.required(rule, "title", "an alert rule");
        self.duration(rule, "for");
        for (field, allowed) in [
            ("noDataState", NO_DATA_STATES),
            ("execErrState", ERROR_STATES),
        ] {
            if let Some(node) = rule.get(field) {
                let value = node.as_str().unwrap_or_default();
                if !allowed.contains(&value) {
                    self.error(
                        node,
                        format!(
                            "`{field}` is `{value}`; Grafana accepts {}",
                            allowed.join(", ")
                        ),
                    );
                }
            }
        }
        let recording = rule.get("record").is_some();
        let condition = if recording {
            None
        } else {
            self.required(rule, "condition", "an alert rule")
        };
        let data = match rule.get("data").map(|d| &d.kind) {
            Some(NodeKind::Seq(data)) if !data.is_empty() => data,
            _ => {
                let at = rule.get("data").unwrap_or(rule);
                self.error(
                    at,
                    "an alert rule needs `data`: the queries it evaluates".to_owned(),
                );
                return;
            }
        };
        let mut ref_ids = Vec::new();
        for query in data {
            if let Some(id) = query.get("refId").and_then(Node::as_str) {
                ref_ids.push(id.to_owned());
            }
            self.query(query);
        }
        if let Some(condition) = condition
            && !ref_ids.contains(&condition)
        {
            let at = rule.get("condition").unwrap_or(rule);
            self.error(
                at,
                format!(
                    "`condition` is `{condition}`, which no query's `refId` is (the queries are {})",
                    ref_ids.join(", ")
                ),
            );
        }
    }

    fn query(&mut self, query: &Node) {
        let Some(model) = query.get("model") else {
            return;
        };
        if query.get("datasourceUid").and_then(Node::as_str) == Some("__expr__") {
            return;
        }
        let Some(expr) = model
            .get("expr")
            .filter(|e| e.as_str().is_some_and(|s| !s.trim().is_empty()))
        else {
            return;
        };
        let plugin = model
            .get("datasource")
            .and_then(|d| d.get("type"))
            .and_then(Node::as_str);
        if plugin.is_some_and(|p| !p.contains("prometheus")) {
            self.summary.other_datasource_queries += 1;
            return;
        }
        let text = expr.as_str().unwrap_or_default();
        self.summary.expressions += 1;
        // Built on the first finding only: most expressions have none.
        let map = std::cell::OnceCell::new();
        let site = Site {
            expr: text,
            map: &|offset| {
                map.get_or_init(|| value_map(&self.source.text, expr, text))
                    .source(offset)
            },
            // The condition is a threshold expression beside the query.
            usage: Usage::Query,
            counters: &self.counters,
        };
        self.out.extend(diagnose(self.source, &site, self.settings));
    }
}
