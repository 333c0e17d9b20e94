//! Prometheus rule files and PrometheusRule manifests, validated as promtool does, then
//! every expression checked.

use std::collections::{BTreeMap, HashMap};

use super::{codes, template};
use crate::diagnostics::Source;
use crate::diagnostics::{Diagnostic, Severity, Summary};
use crate::promql::lints::Usage;
use crate::promql::{Settings, Site, diagnose};
use crate::yaml::{self, Node, NodeKind, ScalarStyle, ValueMap};

/// Validates a rule file (`groups:`; an empty file is a rule file of no rules).
pub(super) fn validate(
    source: &Source,
    settings: &Settings,
    summary: &mut Summary,
) -> Vec<Diagnostic> {
    let parsed = yaml::parse(&source.text, yaml::Limits::default());
    let mut out = yaml::load::diagnostics(&source.file, &parsed.errors);
    for document in &parsed.documents {
        let root = &document.root;
        let Some(groups) = root.get("groups") else {
            continue;
        };
        // `namespace`: a Mimir/Cortex ruler namespace file (`mimirtool rules load`).
        unknown_fields(
            source,
            root,
            &["groups", "namespace"],
            "rule file",
            &mut out,
        );
        out.extend(validate_groups(source, settings, groups, summary));
    }
    out
}

/// Validates the `groups` of a rule file or of a PrometheusRule's `spec`.
pub(super) fn validate_groups(
    source: &Source,
    settings: &Settings,
    groups: &Node,
    summary: &mut Summary,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut checker = Checker {
        source,
        settings,
        out: &mut out,
        seen: HashMap::new(),
        summary,
        counters: crate::promql::counters_in(&source.text),
    };
    checker.groups(groups);
    out
}

struct Checker<'a> {
    source: &'a Source,
    settings: &'a Settings,
    out: &'a mut Vec<Diagnostic>,
    /// (name, labels) → line of the first rule, for duplicates.
    seen: HashMap<(String, BTreeMap<String, String>), u32>,
    /// What was read.
    summary: &'a mut Summary,
    /// Names the file rates: counters.
    counters: std::collections::BTreeSet<String>,
}

fn unknown_fields(
    source: &Source,
    node: &Node,
    allowed: &[&str],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let NodeKind::Map(entries) = &node.kind else {
        return;
    };
    for (key, _) in entries {
        let name = key.as_str().unwrap_or("?");
        if !allowed.contains(&name) {
            let help = crate::base::suggest::did_you_mean(&crate::base::suggest::closest(
                name,
                allowed.iter().copied(),
            ))
            .unwrap_or_else(|| format!("a {what} has {}", allowed.join(", ")));
            out.push(
                source
                    .at(
                        Diagnostic::error(
                            codes::UNKNOWN_FIELD,
                            format!("unknown field `{name}` in a {what}"),
                        ),
                        key.span.start.offset,
                        key.span.end.offset,
                    )
                    .with_help(help),
            );
        }
    }
}

fn is_legacy_label(name: &str) -> bool {
    llm_slo_core::contract::is_legacy_label_name(name)
}

impl Checker<'_> {
    fn p2(&self) -> bool {
        self.settings.options.dialect.is_prometheus_2()
    }

    fn error(
        &mut self,
        code: crate::diagnostics::Code,
        node: &Node,
        message: String,
    ) -> &mut Diagnostic {
        let diagnostic = self.source.at(
            Diagnostic::error(code, message),
            node.span.start.offset,
            node.span.end.offset,
        );
        self.out.push(diagnostic);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn groups(&mut self, groups: &Node) {
        let NodeKind::Seq(items) = &groups.kind else {
            self.error(
                codes::INVALID_VALUE,
                groups,
                format!("`groups` must be a list, found {}", groups.describe()),
            );
            return;
        };
        let mut names: HashMap<String, u32> = HashMap::new();
        for group in items {
            if !matches!(group.kind, NodeKind::Map(_)) {
                self.error(
                    codes::INVALID_VALUE,
                    group,
                    format!("a group must be a mapping, found {}", group.describe()),
                );
                continue;
            }
            let allowed: &[&str] = if self.p2() {
                &["name", "interval", "limit", "rules"]
            } else {
                &[
                    "name",
                    "interval",
                    "limit",
                    "rules",
                    "query_offset",
                    "labels",
                ]
            };
            unknown_fields(self.source, group, allowed, "rule group", self.out);
            match group.entry("name") {
                Some((key, value)) => match value.as_str().filter(|n| !n.is_empty()) {
                    Some(name) => {
                        if let Some(first) = names.get(name) {
                            let message = format!(
                                "group name `{name}` is repeated in this file (first at line {first})"
                            );
                            self.error(codes::GROUP_NAME, value, message);
                        } else {
                            names.insert(name.to_owned(), value.span.start.line);
                        }
                    }
                    None => {
                        let target = if value.span.start == value.span.end {
                            key
                        } else {
                            value
                        };
                        self.error(
                            codes::GROUP_NAME,
                            target,
                            "group name must not be empty".to_owned(),
                        );
                    }
                },
                None => {
                    self.error(
                        codes::GROUP_NAME,
                        group,
                        "group name must not be empty".to_owned(),
                    );
                }
            }
            for field in ["interval", "query_offset"] {
                if let Some(value) = group.get(field) {
                    self.duration(value, field);
                }
            }
            if let Some(labels) = group.get("labels") {
                self.labels(labels, false, "label");
            }
            if let Some(rules) = group.get("rules") {
                match &rules.kind {
                    NodeKind::Seq(items) => {
                        for rule in items {
                            self.rule(rule);
                        }
                    }
                    _ if rules.is_null() => {}
                    _ => {
                        self.error(
                            codes::INVALID_VALUE,
                            rules,
                            format!("`rules` must be a list, found {}", rules.describe()),
                        );
                    }
                }
            }
        }
    }

    fn duration(&mut self, node: &Node, field: &str) -> Option<i64> {
        let text = node.as_str().unwrap_or_default();
        match rule_duration(text) {
            Some(ms) => Some(ms),
            None => {
                self.error(
                    codes::INVALID_VALUE,
                    node,
                    format!("`{field}` is not a valid duration: `{text}`"),
                )
                .help = Some("write a Prometheus duration such as `5m` or `1h30m`".to_owned());
                None
            }
        }
    }

    fn rule(&mut self, rule: &Node) {
        if !matches!(rule.kind, NodeKind::Map(_)) {
            self.error(
                codes::INVALID_VALUE,
                rule,
                format!("a rule must be a mapping, found {}", rule.describe()),
            );
            return;
        }
        self.summary.rules += 1;
        unknown_fields(
            self.source,
            rule,
            &[
                "record",
                "alert",
                "expr",
                "for",
                "keep_firing_for",
                "labels",
                "annotations",
            ],
            "rule",
            self.out,
        );
        let record = rule
            .get("record")
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty());
        let alert = rule
            .get("alert")
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty());
        let name = match (record, alert) {
            (Some(_), Some(_)) => {
                self.error(
                    codes::RECORD_OR_ALERT,
                    rule,
                    "only one of `record` and `alert` may be set".to_owned(),
                );
                return;
            }
            (None, None) => {
                self.error(
                    codes::RECORD_OR_ALERT,
                    rule,
                    "one of `record` or `alert` must be set".to_owned(),
                );
                return;
            }
            (Some(name), None) | (None, Some(name)) => name,
        };
        let recording = record.is_some();
        if recording {
            for field in ["for", "keep_firing_for", "annotations"] {
                if let Some((key, _)) = rule.entry(field) {
                    self.error(
                        codes::RECORDING_FIELD,
                        key,
                        format!("a recording rule cannot have `{field}`"),
                    )
                    .help = Some(
                        "only alerting rules have these; remove it or make the rule an alert"
                            .to_owned(),
                    );
                }
            }
            let name_node = rule.get("record").unwrap_or(rule);
            let valid = if self.p2() {
                llm_slo_core::contract::is_legacy_metric_name(name)
            } else {
                !name.contains(['{', '}'])
            };
            if !valid {
                self.error(
                    codes::INVALID_NAME,
                    name_node,
                    format!("invalid recording rule name `{name}`"),
                )
                .help = Some(
                    "use `level:metric:operations`, e.g. `job:http_requests:rate5m`".to_owned(),
                );
            }
        }
        let for_ms = rule.get("for").and_then(|f| self.duration(f, "for"));
        if let Some(value) = rule.get("keep_firing_for") {
            self.duration(value, "keep_firing_for");
        }
        let labels = rule
            .get("labels")
            .map(|l| self.labels(l, !recording, "label"))
            .unwrap_or_default();
        if let Some(annotations) = rule.get("annotations")
            && !recording
        {
            self.labels(annotations, true, "annotation");
        }
        match rule.entry("expr") {
            Some((_, expr)) if expr.as_str().is_some_and(|e| !e.trim().is_empty()) => {
                let usage = if recording {
                    Usage::Record
                } else {
                    Usage::Alert { for_ms }
                };
                self.expression(expr, usage);
            }
            Some((key, _)) => {
                self.error(
                    codes::MISSING_EXPR,
                    key,
                    "`expr` must not be empty".to_owned(),
                );
            }
            None => {
                self.error(
                    codes::MISSING_EXPR,
                    rule,
                    format!("rule `{name}` has no `expr`"),
                );
            }
        }
        let name_node = rule
            .get("record")
            .or_else(|| rule.get("alert"))
            .unwrap_or(rule);
        let key = (name.to_owned(), labels);
        if let Some(first) = self.seen.get(&key) {
            let message =
                format!("rule `{name}` with the same labels is already defined at line {first}");
            let diagnostic = self.error(codes::DUPLICATE, name_node, message);
            diagnostic.severity = Severity::Warning;
            diagnostic.help = Some(
                "give the rules different names or labels; they overwrite each other".to_owned(),
            );
        } else {
            self.seen.insert(key, name_node.span.start.line);
        }
    }

    /// Checks a `labels` or `annotations` mapping; returns the labels as strings.
    fn labels(&mut self, node: &Node, templates: bool, what: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let NodeKind::Map(entries) = &node.kind else {
            if !node.is_null() {
                self.error(
                    codes::INVALID_VALUE,
                    node,
                    format!("{what}s must be a mapping, found {}", node.describe()),
                );
            }
            return out;
        };
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let valid = if name == "__name__" {
                false
            } else if self.p2() {
                is_legacy_label(name)
            } else {
                !name.is_empty()
            };
            if !valid {
                self.error(codes::INVALID_LABEL, key, format!("invalid {what} name `{name}`"))
                    .help = Some("names are `[a-zA-Z_][a-zA-Z0-9_]*` (Prometheus 3 allows any UTF-8 but `__name__`)".to_owned());
            }
            let Some(text) = value.as_str() else {
                self.error(
                    codes::INVALID_VALUE,
                    value,
                    format!(
                        "{what} `{name}` must be a string, found {}",
                        value.describe()
                    ),
                );
                continue;
            };
            if templates && let Err(error) = template::check(text, self.settings.options.dialect) {
                let map = value_map(&self.source.text, value, text);
                let at = map.source(error.offset);
                let diagnostic = self.source.at(
                    Diagnostic::error(
                        codes::TEMPLATE,
                        format!("{what} `{name}` is not a valid template: {}", error.message),
                    ),
                    at,
                    at + 1,
                );
                self.out.push(diagnostic);
            }
            out.insert(name.to_owned(), text.to_owned());
        }
        out
    }

    fn expression(&mut self, node: &Node, usage: Usage) {
        let Some(expr) = node.as_str() else { return };
        self.summary.expressions += 1;
        // Built on the first finding only: most expressions have none.
        let map = std::cell::OnceCell::new();
        let site = Site {
            expr,
            map: &|offset| {
                map.get_or_init(|| value_map(&self.source.text, node, expr))
                    .source(offset)
            },
            usage,
            counters: &self.counters,
        };
        self.out.extend(diagnose(self.source, &site, self.settings));
    }
}

/// A rule file's duration (`for`, `interval`) in milliseconds. Prometheus'
/// `model.ParseDuration` also takes a bare `0`, as rule files write `for: 0`.
pub(super) fn rule_duration(text: &str) -> Option<i64> {
    if text == "0" {
        Some(0)
    } else {
        crate::promql::parser::parse_duration(text)
    }
}

/// The value map of a scalar node.
pub(super) fn value_map(text: &str, node: &Node, value: &str) -> ValueMap {
    let style = match &node.kind {
        NodeKind::Scalar { style, .. } => *style,
        _ => ScalarStyle::Plain,
    };
    ValueMap::new(text, node.span.start.offset, value, style)
}
