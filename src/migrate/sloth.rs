//! Sloth's specs: `version: prometheus/v1` files (snake_case fields) and the
//! `PrometheusServiceLevel` resource of `apiVersion: sloth.slok.dev/v1` (camelCase fields
//! under `spec`), one service per YAML document.
//!
//! What maps: the service and its labels (on every rule); each SLO's name, description,
//! objective and event SLI (`{{.window}}` becomes `{{ window }}`); a raw error-ratio SLI as
//! events (the ratio over one event per evaluation, which gives the same error ratio in every
//! window); the alerts' labels and annotations, per severity too, and `disable`. The SLO's
//! window is Sloth's `--default-slo-period` (30 days unless given), which a Sloth spec does not
//! hold. Sloth's page and ticket alerts have the same windows and burn rates as the spec's
//! (5m/1h at 14.4 and 30m/6h at 6; 2h/1d at 3 and 6h/3d at 1, for 30 days) and no `for`, so
//! the imported tiers have `for: 0s`.

use std::sync::Arc;

use super::{
    Imported, Service, Slo, documents, error, string_map, translate_template, unknown_keys,
    window_placeholder,
};
use crate::base::Duration;
use crate::diagnostics::Report;
use crate::yaml::{Node, NodeKind};

/// The field names of one of Sloth's two formats.
struct Names {
    slo_plugins: &'static str,
    error_query: &'static str,
    total_query: &'static str,
    error_ratio_query: &'static str,
    page_alert: &'static str,
    ticket_alert: &'static str,
}

const PROMETHEUS_V1: Names = Names {
    slo_plugins: "slo_plugins",
    error_query: "error_query",
    total_query: "total_query",
    error_ratio_query: "error_ratio_query",
    page_alert: "page_alert",
    ticket_alert: "ticket_alert",
};

const KUBERNETES: Names = Names {
    slo_plugins: "sloPlugins",
    error_query: "errorQuery",
    total_query: "totalQuery",
    error_ratio_query: "errorRatioQuery",
    page_alert: "pageAlert",
    ticket_alert: "ticketAlert",
};

/// Converts a Sloth file: one spec per service (document).
pub(crate) fn import(file: &str, text: &str, window: Duration) -> Result<Vec<Imported>, Report> {
    let file: Arc<str> = Arc::from(file);
    let docs = documents(&file, text)?;
    let mut report = Report::default();
    report.sources.add(&file, &Arc::from(text));
    let mut out = Vec::new();
    for doc in &docs {
        let root = &doc.root;
        let (spec, names, format) = if root.get("version").and_then(Node::as_str)
            == Some("prometheus/v1")
        {
            (root, &PROMETHEUS_V1, "prometheus/v1")
        } else if root.get("kind").and_then(Node::as_str) == Some("PrometheusServiceLevel")
            && root
                .get("apiVersion")
                .and_then(Node::as_str)
                .is_some_and(|v| v.starts_with("sloth.slok.dev/"))
        {
            match root.get("spec") {
                Some(spec) => (
                    spec,
                    &KUBERNETES,
                    "sloth.slok.dev/v1 PrometheusServiceLevel",
                ),
                None => {
                    report.diagnostics.push(error(
                        &file,
                        root.span,
                        "a PrometheusServiceLevel without `spec`",
                    ));
                    continue;
                }
            }
        } else {
            report.diagnostics.push(error(
                &file,
                root.span,
                "not a Sloth spec: expected `version: prometheus/v1`, or `kind: PrometheusServiceLevel` of `apiVersion: sloth.slok.dev/v1`",
            ));
            continue;
        };
        match service(&file, spec, names, window, &mut report) {
            Some(service) => out.push(service.into_spec(&format!("a Sloth {format} spec"))),
            None => continue,
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
        Err(report)
    } else {
        Ok(out)
    }
}

fn service(
    file: &Arc<str>,
    spec: &Node,
    names: &Names,
    window: Duration,
    report: &mut Report,
) -> Option<Service> {
    let Some(name) = spec.get("service").and_then(Node::as_str) else {
        report
            .diagnostics
            .push(error(file, spec.span, "no `service` name"));
        return None;
    };
    let mut service = Service {
        name: name.to_owned(),
        labels: string_map(spec.get("labels")),
        ..Service::default()
    };
    let mut not = Vec::new();
    if spec.get(names.slo_plugins).is_some() {
        not.push(format!(
            "`{}` (Sloth plugins run only in Sloth)",
            names.slo_plugins
        ));
    }
    for key in unknown_keys(
        spec,
        &["version", "service", "labels", names.slo_plugins, "slos"],
    ) {
        not.push(format!(
            "`{key}` (not a field of the format; Sloth ignores it too)"
        ));
    }
    let Some(Node {
        kind: NodeKind::Seq(slos),
        ..
    }) = spec.get("slos")
    else {
        report
            .diagnostics
            .push(error(file, spec.span, "no `slos` list"));
        return None;
    };
    for node in slos {
        if let Some(slo) = slo(file, node, names, window, &mut not, report) {
            service.slos.push(slo);
        }
    }
    service.not_expressed = not;
    Some(service)
}

fn slo(
    file: &Arc<str>,
    node: &Node,
    names: &Names,
    window: Duration,
    not: &mut Vec<String>,
    report: &mut Report,
) -> Option<Slo> {
    let Some(name) = node.get("name").and_then(Node::as_str) else {
        report
            .diagnostics
            .push(error(file, node.span, "an SLO without `name`"));
        return None;
    };
    let objective = match node
        .get("objective")
        .and_then(Node::as_str)
        .map(str::parse::<f64>)
    {
        Some(Ok(objective)) => objective,
        _ => {
            report.diagnostics.push(error(
                file,
                node.get("objective").map_or(node.span, |n| n.span),
                format!("SLO `{name}`: `objective` is not a number"),
            ));
            return None;
        }
    };
    if objective >= 100.0 {
        not.push(format!(
            "SLO `{name}`: an objective of {objective}% (it leaves no error budget; the spec's objectives are below 100), left out"
        ));
        return None;
    }
    let sli = node.get("sli");
    let (errors, total) = if let Some(events) = sli.and_then(|s| s.get("events")) {
        let query = |key: &str| {
            events
                .get(key)
                .and_then(Node::as_str)
                .map(window_placeholder)
        };
        match (query(names.error_query), query(names.total_query)) {
            (Some(errors), Some(total)) => (errors, total),
            _ => {
                report.diagnostics.push(error(
                    file,
                    events.span,
                    format!(
                        "SLO `{name}`: `sli.events` needs `{}` and `{}`",
                        names.error_query, names.total_query
                    ),
                ));
                return None;
            }
        }
    } else if let Some(raw) = sli
        .and_then(|s| s.get("raw"))
        .and_then(|r| r.get(names.error_ratio_query))
        .and_then(Node::as_str)
    {
        // A ratio as events: the ratio over one event per evaluation, labels kept.
        let ratio = window_placeholder(raw);
        not.push(format!(
            "SLO `{name}`: a raw error ratio, expressed as events of weight one (errors: the ratio; total: 1 per series), so the window's ratio is its mean"
        ));
        (format!("({ratio})"), format!("(({ratio}) * 0 + 1)"))
    } else if sli.and_then(|s| s.get("plugin")).is_some() {
        not.push(format!(
            "SLO `{name}`: an SLI plugin (Sloth runs it to write the query), left out: write its error and total queries as `sli.events`"
        ));
        return None;
    } else {
        report.diagnostics.push(error(
            file,
            node.span,
            format!("SLO `{name}`: `sli` has no `events`, `raw` or `plugin`"),
        ));
        return None;
    };
    let mut slo = Slo {
        name: name.to_owned(),
        description: node
            .get("description")
            .and_then(Node::as_str)
            .map(str::to_owned),
        objective,
        window: window.to_string(),
        errors,
        total,
        ..Slo::default()
    };
    // Sloth puts an SLO's labels on its recording and alerting rules; the spec, on its
    // alerts.
    slo.labels = string_map(node.get("labels"));
    if !slo.labels.is_empty() {
        not.push(format!(
            "SLO `{name}`: its `labels` go on its alerts, not on its recording rules"
        ));
    }
    if node.get("plugins").is_some() {
        not.push(format!("SLO `{name}`: `plugins` (they run only in Sloth)"));
    }
    if let Some(alerting) = node.get("alerting") {
        if let Some(alert) = alerting.get("name").and_then(Node::as_str) {
            not.push(format!(
                "SLO `{name}`: the alert name `{alert}` (the spec's burn-rate alerts are LLMErrorBudgetBurn; Sloth's `sloth_severity` label is `tier`)"
            ));
        }
        slo.labels.extend(string_map(alerting.get("labels")));
        slo.annotations = string_map(alerting.get("annotations"))
            .into_iter()
            .map(|(k, v)| (k, translate_template(&v, not)))
            .collect();
        for (tier, key) in [
            (&mut slo.page, names.page_alert),
            (&mut slo.ticket, names.ticket_alert),
        ] {
            let Some(alert) = alerting.get(key) else {
                continue;
            };
            tier.enabled = alert.get("disable").and_then(Node::as_str) != Some("true");
            tier.labels = string_map(alert.get("labels"));
            tier.annotations = string_map(alert.get("annotations"))
                .into_iter()
                .map(|(k, v)| (k, translate_template(&v, not)))
                .collect();
        }
        for key in unknown_keys(
            alerting,
            &[
                "name",
                "labels",
                "annotations",
                names.page_alert,
                names.ticket_alert,
            ],
        ) {
            not.push(format!(
                "SLO `{name}`: `alerting.{key}` (not a field of the format; Sloth ignores it too)"
            ));
        }
    }
    Some(slo)
}
