//! OpenSLO v1: `SLO` documents (`apiVersion: openslo/v1`) with a ratio-metric indicator,
//! inline or by `indicatorRef` to an `SLI` document of the same file, Prometheus queries
//! (`metricSource.type: Prometheus`, the query in `metricSource.spec.query`), and a rolling
//! time window.
//!
//! OpenSLO's queries have no window: the query of a `counter` metric is taken as its counts,
//! and every instant selector in it becomes `increase(selector[{{ window }}])` (a gauge's,
//! `avg_over_time(selector[{{ window }}])`); a query that already holds `{{ window }}` is
//! kept. `good` becomes errors as `total - good`; `raw` ratios (`rawType: failure`, or
//! `success` as one minus it) become events of weight one. Each objective of an SLO is an
//! SLO of its own (`<name>-<n>` when there are several). Timeslice budgeting, calendar
//! windows, threshold metrics, composite SLOs and alert policies are listed as not expressed.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Imported, Service, Slo, documents, error, string_map};
use crate::diagnostics::Report;
use crate::yaml::{Node, NodeKind};

/// Converts an OpenSLO file: one spec per service its SLOs name.
pub(crate) fn import(file: &str, text: &str) -> Result<Vec<Imported>, Report> {
    let file: Arc<str> = Arc::from(file);
    let docs = documents(&file, text)?;
    let mut report = Report::default();
    report.sources.add(&file, &Arc::from(text));
    fn kind(document: &crate::yaml::Document) -> &str {
        document
            .root
            .get("kind")
            .and_then(Node::as_str)
            .unwrap_or("")
    }
    let slis: BTreeMap<&str, &Node> = docs
        .iter()
        .filter(|d| kind(d) == "SLI")
        .filter_map(|d| Some((d.root.get("metadata")?.get("name")?.as_str()?, &d.root)))
        .collect();
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let mut other_kinds: BTreeMap<String, usize> = BTreeMap::new();
    for doc in &docs {
        let root = &doc.root;
        let version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
        if version != "openslo/v1" && version != "openslo/v1alpha" {
            report.diagnostics.push(error(
                &file,
                root.get("apiVersion").map_or(root.span, |n| n.span),
                format!(
                    "not an OpenSLO document (`apiVersion: {version}`); `openslo/v1` and `openslo/v1alpha` are read"
                ),
            ));
            continue;
        }
        match kind(doc) {
            "SLO" => {}
            "SLI" => continue,
            other => {
                *other_kinds.entry(other.to_owned()).or_insert(0) += 1;
                continue;
            }
        }
        let Some(spec) = root.get("spec") else {
            report
                .diagnostics
                .push(error(&file, root.span, "an SLO without `spec`"));
            continue;
        };
        let name = root
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Node::as_str)
            .unwrap_or("slo")
            .to_owned();
        let service_name = spec
            .get("service")
            .and_then(Node::as_str)
            .unwrap_or("service")
            .to_owned();
        let service = services
            .entry(service_name.clone())
            .or_insert_with(|| Service {
                name: service_name,
                ..Service::default()
            });
        if version == "openslo/v1alpha" {
            slo_v1alpha(&file, root, spec, &name, service, &mut report);
        } else {
            slo(&file, root, spec, &name, &slis, service, &mut report);
        }
    }
    for (kind, count) in other_kinds {
        let line = format!(
            "{count} `{kind}` document(s): {}",
            match kind.as_str() {
                "AlertPolicy" | "AlertCondition" | "AlertNotificationTarget" =>
                    "OpenSLO's alerting; every SLO gets the multi-window burn-rate page and ticket alerts",
                "DataSource" => "connection details; the queries are read as Prometheus queries",
                "Service" => "the service's description",
                _ => "not read",
            }
        );
        for service in services.values_mut() {
            service.not_expressed.push(line.clone());
        }
    }
    if docs.is_empty() {
        report.diagnostics.push(error(
            &file,
            crate::base::Span::default(),
            "the file holds no document",
        ));
    }
    if report.has_errors() {
        return Err(report);
    }
    Ok(services
        .into_values()
        .map(|s| s.into_spec("OpenSLO v1 documents"))
        .collect())
}

/// A query with its windows: a query that holds `{{ window }}` as it is; otherwise each
/// instant selector over the window (`increase` of a counter, `avg_over_time` of a gauge).
fn windowed(query: &str, counter: bool) -> Result<String, String> {
    if query.contains("{{") {
        return Ok(super::window_placeholder(query));
    }
    let expr = crate::promql::parse(query)
        .map_err(|e| format!("the query does not parse: {}", e.message))?;
    let mut spans = Vec::new();
    expr.walk(&mut |e| {
        if let crate::promql::ast::Expr::Vector(selector) = e {
            spans.push(selector.span);
        }
    });
    spans.sort_by_key(|s| std::cmp::Reverse(s.start));
    let mut out = query.to_owned();
    for span in spans {
        let selector = &query[span.start..span.end];
        let function = if counter { "increase" } else { "avg_over_time" };
        out.replace_range(
            span.start..span.end,
            &format!("{function}({selector}[{{{{ window }}}}])"),
        );
    }
    Ok(out.trim().to_owned())
}

/// An SLO of OpenSLO v1alpha (as Sloth reads it): `objectives[].ratioMetrics` with `good`
/// or `bad` and `total` queries (`source: prometheus`, with Sloth's `{{.window}}`), a
/// `target`, and `timeWindows: [{count, unit}]`.
fn slo_v1alpha(
    file: &Arc<str>,
    root: &Node,
    spec: &Node,
    name: &str,
    service: &mut Service,
    report: &mut Report,
) {
    let not = &mut service.not_expressed;
    let method = spec
        .get("budgetingMethod")
        .and_then(Node::as_str)
        .unwrap_or("Occurrences");
    if method != "Occurrences" {
        not.push(format!(
            "SLO `{name}`: `budgetingMethod: {method}` (the spec's SLOs count events), left out"
        ));
        return;
    }
    let window = match spec.get("timeWindows").and_then(|w| match &w.kind {
        NodeKind::Seq(items) => items.first(),
        _ => None,
    }) {
        None => "30d".to_owned(),
        Some(w) => {
            let count = w.get("count").and_then(Node::as_str).unwrap_or("30");
            match w.get("unit").and_then(Node::as_str).unwrap_or("Day") {
                "Day" => format!("{count}d"),
                "Week" => format!("{}d", count.parse::<u64>().unwrap_or(1) * 7),
                "Hour" => format!("{count}h"),
                "Minute" => format!("{count}m"),
                unit => {
                    not.push(format!(
                        "SLO `{name}`: a window of {count} {unit} (no fixed length), left out"
                    ));
                    return;
                }
            }
        }
    };
    let Some(NodeKind::Seq(objectives)) = spec.get("objectives").map(|o| &o.kind) else {
        report.diagnostics.push(error(
            file,
            spec.span,
            format!("SLO `{name}`: no `objectives`"),
        ));
        return;
    };
    let description = spec
        .get("description")
        .or_else(|| root.get("metadata").and_then(|m| m.get("displayName")))
        .and_then(Node::as_str)
        .map(str::to_owned);
    for (i, objective) in objectives.iter().enumerate() {
        let Some(ratio) = objective.get("ratioMetrics") else {
            not.push(format!(
                "SLO `{name}`: an objective without `ratioMetrics` (a threshold), left out"
            ));
            continue;
        };
        let query = |key: &str| {
            ratio
                .get(key)
                .and_then(|m| m.get("query"))
                .and_then(Node::as_str)
                .map(super::window_placeholder)
        };
        let (errors, total) = match (query("good"), query("bad"), query("total")) {
            (_, Some(bad), Some(total)) => (bad, total),
            (Some(good), _, Some(total)) => (format!("({total}) - ({good})"), total),
            _ => {
                report.diagnostics.push(error(
                    file,
                    ratio.span,
                    format!(
                        "SLO `{name}`: its ratio metrics need `good` or `bad`, and `total` queries"
                    ),
                ));
                continue;
            }
        };
        let Some(target) = objective
            .get("target")
            .and_then(Node::as_str)
            .and_then(|t| t.parse::<f64>().ok())
        else {
            report.diagnostics.push(error(
                file,
                objective.span,
                format!("SLO `{name}`: an objective without `target`"),
            ));
            continue;
        };
        service.slos.push(Slo {
            name: if objectives.len() > 1 {
                format!("{name}-{}", i + 1)
            } else {
                name.to_owned()
            },
            description: description.clone(),
            objective: (target * 100.0 * 1e9).round() / 1e9,
            window: window.clone(),
            errors,
            total,
            ..Slo::default()
        });
    }
}

/// The Prometheus query of a metric spec (`metricSource`).
fn query(metric: &Node) -> Option<&str> {
    let source = metric.get("metricSource")?;
    let kind = source
        .get("type")
        .and_then(Node::as_str)
        .unwrap_or("Prometheus");
    if !kind.eq_ignore_ascii_case("prometheus") {
        return None;
    }
    let spec = source.get("spec")?;
    spec.get("query")
        .or_else(|| spec.get("promql"))
        .and_then(Node::as_str)
}

#[allow(clippy::too_many_arguments)]
fn slo(
    file: &Arc<str>,
    root: &Node,
    spec: &Node,
    name: &str,
    slis: &BTreeMap<&str, &Node>,
    service: &mut Service,
    report: &mut Report,
) {
    let not = &mut service.not_expressed;
    let method = spec
        .get("budgetingMethod")
        .and_then(Node::as_str)
        .unwrap_or("Occurrences");
    if method != "Occurrences" {
        not.push(format!(
            "SLO `{name}`: `budgetingMethod: {method}` (the spec's SLOs count events), left out"
        ));
        return;
    }
    // The window: one rolling `timeWindow` of minutes, hours, days or weeks.
    let window = match spec.get("timeWindow").and_then(|w| match &w.kind {
        NodeKind::Seq(items) => items.first(),
        _ => None,
    }) {
        None => "30d".to_owned(),
        Some(w) => {
            let duration = w.get("duration").and_then(Node::as_str).unwrap_or("30d");
            if w.get("calendar").is_some()
                || w.get("isRolling").and_then(Node::as_str) == Some("false")
            {
                not.push(format!(
                    "SLO `{name}`: a calendar window (the spec's windows roll), taken as a rolling {duration}"
                ));
            }
            match duration
                .strip_suffix('w')
                .and_then(|n| n.parse::<u64>().ok())
            {
                Some(weeks) => format!("{}d", weeks * 7),
                None if duration.ends_with(['M', 'Q', 'Y']) => {
                    not.push(format!(
                        "SLO `{name}`: a window of `{duration}` (months, quarters and years have no fixed length), left out"
                    ));
                    return;
                }
                None => duration.to_owned(),
            }
        }
    };
    // The indicator: inline, or an SLI document of the same file.
    let indicator = spec
        .get("indicator")
        .and_then(|i| i.get("spec"))
        .or_else(|| {
            let reference = spec.get("indicatorRef")?.as_str()?;
            slis.get(reference)?.get("spec")
        });
    let Some(indicator) = indicator else {
        report.diagnostics.push(error(
            file,
            spec.span,
            format!(
                "SLO `{name}`: no `indicator`, or an `indicatorRef` that names no SLI of this file"
            ),
        ));
        return;
    };
    let Some(ratio) = indicator.get("ratioMetric") else {
        not.push(format!(
            "SLO `{name}`: a `thresholdMetric` (a threshold on values, not a ratio of events), left out"
        ));
        return;
    };
    let counter = ratio.get("counter").and_then(Node::as_str) != Some("false");
    let q = |key: &str| {
        ratio
            .get(key)
            .map(|m| query(m).map(|q| windowed(q, counter)))
    };
    let (errors, total) = match (q("good"), q("bad"), q("total"), ratio.get("raw")) {
        (_, Some(Some(Ok(bad))), Some(Some(Ok(total))), _) => (bad, total),
        (Some(Some(Ok(good))), _, Some(Some(Ok(total))), _) => {
            (format!("({total}) - ({good})"), total)
        }
        (_, _, _, Some(raw)) => {
            let Some(Ok(raw_query)) = query(raw).map(|q| windowed(q, false)) else {
                not.push(format!(
                    "SLO `{name}`: a raw ratio without a Prometheus query, left out"
                ));
                return;
            };
            let failure = ratio.get("rawType").and_then(Node::as_str) != Some("success");
            let ratio = if failure {
                format!("({raw_query})")
            } else {
                format!("(1 - ({raw_query}))")
            };
            not.push(format!(
                "SLO `{name}`: a raw ratio, expressed as events of weight one, so the window's ratio is its mean"
            ));
            (ratio.clone(), format!("({ratio} * 0 + 1)"))
        }
        (good, bad, total, _) => {
            let problem = [good, bad, total]
                .into_iter()
                .flatten()
                .find_map(|q| match q {
                    None => Some("a metric that is not a Prometheus query".to_owned()),
                    Some(Err(e)) => Some(e),
                    Some(Ok(_)) => None,
                })
                .unwrap_or_else(|| "`good` or `bad`, and `total`".to_owned());
            report.diagnostics.push(error(
                file,
                ratio.span,
                format!("SLO `{name}`: its ratio metric needs {problem}"),
            ));
            return;
        }
    };
    let Some(NodeKind::Seq(objectives)) = spec.get("objectives").map(|o| &o.kind) else {
        report.diagnostics.push(error(
            file,
            spec.span,
            format!("SLO `{name}`: no `objectives`"),
        ));
        return;
    };
    let metadata = root.get("metadata");
    let labels = string_map(metadata.and_then(|m| m.get("labels")));
    let description = spec
        .get("description")
        .or_else(|| metadata.and_then(|m| m.get("displayName")))
        .and_then(Node::as_str)
        .map(str::to_owned);
    if spec.get("alertPolicies").is_some() {
        not.push(format!(
            "SLO `{name}`: `alertPolicies` (OpenSLO's single-window conditions); it gets the multi-window page and ticket alerts"
        ));
    }
    for (i, objective) in objectives.iter().enumerate() {
        let target = objective
            .get("target")
            .and_then(Node::as_str)
            .and_then(|t| t.parse::<f64>().ok())
            .map(|t| t * 100.0)
            .or_else(|| {
                objective
                    .get("targetPercent")
                    .and_then(Node::as_str)
                    .and_then(|t| t.parse::<f64>().ok())
            });
        let Some(target) = target else {
            report.diagnostics.push(error(
                file,
                objective.span,
                format!("SLO `{name}`: an objective without `target` or `targetPercent`"),
            ));
            continue;
        };
        // 0.999 × 100 is 99.9 printed shortest, not 99.90000000000001.
        let target = (target * 1e9).round() / 1e9;
        if objective.get("indicator").is_some() || objective.get("indicatorRef").is_some() {
            not.push(format!("SLO `{name}`: a composite objective, left out"));
            continue;
        }
        service.slos.push(Slo {
            name: if objectives.len() > 1 {
                format!("{name}-{}", i + 1)
            } else {
                name.to_owned()
            },
            description: description.clone(),
            objective: target,
            window: window.clone(),
            errors: errors.clone(),
            total: total.clone(),
            labels: labels.clone(),
            ..Slo::default()
        });
    }
}
