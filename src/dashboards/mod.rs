//! Grafana dashboards from the spec, on the recording rules.
//!
//! * [`model`]: the typed dashboard JSON;
//! * [`panels`]: panels of each type with the options Grafana expects;
//! * [`layout`]: placement on the 24-column grid;
//! * [`overview`]: the overview dashboard;
//! * [`slo`]: one detail dashboard per SLO;
//!
//! plus a provisioning file for Grafana's file provider and, on request, copies for sharing
//! on grafana.com (`__inputs`/`__requires`). Every dashboard goes through the validator
//! before it is written.

pub(crate) mod agents;
pub(crate) mod compare;
pub(crate) mod layout;
pub(crate) mod model;
pub(crate) mod overview;
pub(crate) mod panels;
pub(crate) mod slo;

use std::fmt::Write as _;

use serde_json::json;

use crate::diagnostics::{Diagnostic, Report};
use crate::load::LoadedSpec;
use crate::output::GeneratedFile;
use crate::promql::build::Matcher;
use crate::queries::Queries;
use model::{
    Annotation, Annotations, DashboardLink, DataSourceRef, Templating, TimeRange, VariableOption,
};

/// The folder of the dashboards inside the output folder.
pub(crate) const DIR: &str = "grafana";

/// A dimension the dashboards filter on.
#[derive(Clone, Debug)]
pub(crate) struct Variable {
    /// The spec's name (`model`, `feature`).
    pub dimension: String,
    /// The Prometheus label.
    pub label: String,
    /// The Grafana variable name (`$model`).
    pub name: String,
}

/// What every panel builder needs.
pub(crate) struct Context<'a> {
    /// The spec.
    pub loaded: &'a LoadedSpec,
    /// Contract-derived query pieces.
    pub queries: Queries,
    /// The dimension variables, in the recording rules' order.
    pub variables: Vec<Variable>,
}

impl<'a> Context<'a> {
    fn new(loaded: &'a LoadedSpec) -> Context<'a> {
        let queries = loaded.spec.queries();
        let variables = queries
            .recording_dimensions()
            .into_iter()
            .map(|dimension| Variable {
                label: queries.label(&dimension),
                name: variable_name(&dimension),
                dimension,
            })
            .collect();
        Context {
            loaded,
            queries,
            variables,
        }
    }

    /// `label=~"$var"` for every dimension variable: what recorded series are filtered by.
    pub(crate) fn record_filter(&self) -> Vec<Matcher> {
        self.record_filter_with(&[])
    }

    /// The service, the variable matchers and `extra`: for recorded series.
    pub(crate) fn record_filter_with(&self, extra: &[Matcher]) -> Vec<Matcher> {
        let mut matchers = vec![self.queries.of_service()];
        matchers.extend(self.variable_filter(extra));
        matchers
    }

    /// The variable matchers plus `extra`, without the service: raw series do not carry
    /// the recordings' `service` label.
    fn variable_filter(&self, extra: &[Matcher]) -> Vec<Matcher> {
        self.variables
            .iter()
            .map(|v| Matcher {
                label: v.label.clone(),
                op: "=~",
                value: format!("${}", v.name),
            })
            .chain(extra.iter().cloned())
            .collect()
    }

    /// The service's selector and the matchers of the variables whose labels are in
    /// `carried`: for raw series that carry only some of the dimensions (a matcher on a
    /// label a series lacks would hide it as soon as a value is picked).
    pub(crate) fn raw_filter_of(&self, carried: &[String]) -> Vec<Matcher> {
        let mut matchers = self.queries.matchers(&Default::default());
        matchers.extend(
            self.variable_filter(&[])
                .into_iter()
                .filter(|m| carried.contains(&m.label)),
        );
        matchers
    }

    /// The service's selector, the variable matchers and `extra`: for raw series.
    pub(crate) fn raw_filter(&self, extra: &[Matcher]) -> Vec<Matcher> {
        let mut matchers = self.queries.matchers(&Default::default());
        matchers.extend(self.variable_filter(extra));
        matchers
    }
}

/// A Grafana variable name for a dimension: letters, digits and `_`.
fn variable_name(dimension: &str) -> String {
    dimension
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A uid of at most 40 characters from the service name and a suffix: readable when it fits,
/// else shortened with a hash of the whole, so it stays stable and unique.
pub(crate) fn uid(service: &str, suffix: &str) -> String {
    let slug: String = service
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let whole = format!("{}-{suffix}", slug.trim_matches('-'));
    if whole.len() <= 40 {
        return whole;
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{service}\u{0}{suffix}").as_bytes());
    let mut hash = String::new();
    for byte in &digest[..4] {
        let _ = write!(hash, "{byte:02x}");
    }
    let keep = 40 - hash.len() - 1;
    format!("{}-{hash}", &whole[..keep].trim_end_matches('-'))
}

fn variables(cx: &Context<'_>) -> Vec<model::Variable> {
    let all = VariableOption {
        text: json!(["All"]),
        value: json!(["$__all"]),
        selected: Some(true),
    };
    let mut list = vec![model::Variable {
        kind: "datasource".to_owned(),
        name: "datasource".to_owned(),
        label: "Data source".to_owned(),
        description: "The Prometheus (or Mimir, Thanos, …) that evaluates llm-slo's rules."
            .to_owned(),
        query: Some(json!("prometheus")),
        datasource: None,
        definition: None,
        refresh: Some(1),
        multi: false,
        include_all: false,
        all_value: None,
        sort: None,
        current: VariableOption {
            text: json!("default"),
            value: json!("default"),
            selected: Some(true),
        },
        options: Vec::new(),
        hide: 0,
    }];
    let requests = crate::queries::names::requests(&cx.queries.window().to_string());
    for (i, variable) in cx.variables.iter().enumerate() {
        // Each variable offers the values left by the ones before it.
        let before: Vec<Matcher> = std::iter::once(cx.queries.of_service())
            .chain(cx.variables[..i].iter().map(|v| Matcher {
                label: v.label.clone(),
                op: "=~",
                value: format!("${}", v.name),
            }))
            .collect();
        let query = format!(
            "label_values({}, {})",
            crate::promql::build::selector(&requests, &before),
            crate::promql::build::label(&variable.label)
        );
        list.push(model::Variable {
            kind: "query".to_owned(),
            name: variable.name.clone(),
            label: variable.dimension.clone(),
            description: format!("Only calls with these values of `{}`.", variable.label),
            query: Some(json!(query)),
            datasource: Some(DataSourceRef::prometheus()),
            definition: Some(query),
            refresh: Some(2),
            multi: true,
            include_all: true,
            all_value: Some(".*".to_owned()),
            sort: Some(1),
            current: all.clone(),
            options: Vec::new(),
            hide: 0,
        });
    }
    list
}

fn annotations(alerts: Vec<Matcher>) -> Annotations {
    let mut matchers = vec![Matcher::eq("alertstate", "firing")];
    matchers.extend(alerts);
    Annotations {
        list: vec![
            Annotation {
                name: "Annotations & Alerts".to_owned(),
                datasource: DataSourceRef {
                    kind: "grafana".to_owned(),
                    uid: "-- Grafana --".to_owned(),
                },
                enable: true,
                hide: true,
                icon_color: "rgba(0, 211, 255, 1)".to_owned(),
                built_in: Some(1),
                kind: Some("dashboard".to_owned()),
                expr: None,
                title_format: None,
                text_format: None,
                tag_keys: None,
                step: None,
            },
            Annotation {
                name: "Firing alerts".to_owned(),
                datasource: DataSourceRef::prometheus(),
                enable: true,
                hide: false,
                icon_color: "red".to_owned(),
                built_in: None,
                kind: None,
                expr: Some(crate::promql::build::selector("ALERTS", &matchers)),
                title_format: Some("{{alertname}}".to_owned()),
                text_format: Some("{{severity}} {{slo}} {{budget}}".to_owned()),
                tag_keys: Some("alertname,severity".to_owned()),
                step: Some("1m".to_owned()),
            },
        ],
    }
}

fn dashboard(
    cx: &Context<'_>,
    uid: String,
    title: String,
    description: String,
    with_variables: bool,
    alerts: Vec<Matcher>,
    panels: Vec<model::Panel>,
) -> model::Dashboard {
    let spec = &cx.loaded.spec;
    let mut tags = vec!["llm-slo".to_owned(), spec.service.name.clone()];
    tags.extend(spec.dashboards.tags.iter().cloned());
    tags.sort();
    tags.dedup();
    let mut list = variables(cx);
    if !with_variables {
        list.truncate(1);
    }
    model::Dashboard {
        uid,
        title,
        description,
        tags: tags.clone(),
        timezone: "browser".to_owned(),
        editable: true,
        graph_tooltip: 1,
        time: TimeRange {
            from: spec.dashboards.time_from.clone(),
            to: "now".to_owned(),
        },
        refresh: spec.dashboards.refresh.clone(),
        schema_version: spec.dashboards.schema_version,
        templating: Templating { list },
        annotations: annotations(alerts),
        panels,
        links: vec![DashboardLink {
            title: "LLM dashboards".to_owned(),
            kind: "dashboards".to_owned(),
            tags: vec!["llm-slo".to_owned(), spec.service.name.clone()],
            as_dropdown: true,
            keep_time: true,
            include_vars: false,
            tooltip: String::new(),
            icon: "external link".to_owned(),
            target_blank: false,
            url: String::new(),
        }],
    }
}

/// Every dashboard of a spec, by file name.
pub(crate) fn dashboards(loaded: &LoadedSpec, header: &str) -> Vec<(String, model::Dashboard)> {
    let cx = Context::new(loaded);
    let spec = &loaded.spec;
    let service = &spec.service.name;
    let mut out = vec![(
        "llm-slo-overview.json".to_owned(),
        dashboard(
            &cx,
            uid(service, "llm-overview"),
            format!("{service} · LLM overview"),
            format!(
                "Spend, traffic, tokens, latency, errors, cache and SLOs of {service}'s LLM calls, on llm-slo's recording rules. {header}"
            ),
            true,
            vec![Matcher::eq("service", service)],
            overview::panels(&cx),
        ),
    )];
    if let Some(compare) = &spec.dashboards.compare {
        let panels = compare::panels(&cx, compare);
        if !panels.is_empty() {
            out.push((
                "llm-slo-compare.json".to_owned(),
                dashboard(
                    &cx,
                    uid(service, "llm-compare"),
                    format!("{service} · compare {}", compare.dimension),
                    format!(
                        "The values of `{}` side by side: cost and tokens per call, latency, errors and scores, each ratio with its 95 % margin. {header}",
                        compare.dimension
                    ),
                    true,
                    vec![Matcher::eq("service", service)],
                    panels,
                ),
            ));
        }
    }
    if agents::wanted(&cx) {
        out.push((
            "llm-slo-agents.json".to_owned(),
            dashboard(
                &cx,
                uid(service, "llm-agents"),
                format!("{service} · agents and tools"),
                format!(
                    "Agent invocations (success, duration, cost, tool and inference calls per invocation) and tool calls of {service}. {header}"
                ),
                false,
                vec![Matcher::eq("service", service)],
                agents::panels(&cx),
            ),
        ));
    }
    for slo in &spec.slos {
        out.push((
            format!("llm-slo-slo-{}.json", slo.name),
            dashboard(
                &cx,
                uid(service, &format!("slo-{}", slo.name)),
                format!("{service} · SLO {}", slo.name),
                format!(
                    "{} Objective {}% over {}. {header}",
                    slo.description
                        .clone()
                        .unwrap_or_else(|| format!("SLO {}.", slo.name)),
                    crate::promql::build::number(slo.objective),
                    slo.window
                ),
                false,
                vec![Matcher::eq("slo", &slo.name)],
                slo::panels(&cx, slo),
            ),
        ));
    }
    out
}

/// The dashboard with grafana.com's sharing keys: the data source becomes an input chosen at
/// import.
fn shared(dashboard: &model::Dashboard) -> Result<serde_json::Value, Diagnostic> {
    let mut value = serde_json::to_value(dashboard).map_err(|error| {
        Diagnostic::error(
            crate::output::GENERATION_FAILED,
            format!("a dashboard cannot be written as JSON: {error}"),
        )
    })?;
    let mut panel_types: Vec<String> = dashboard
        .panels
        .iter()
        .filter(|p| p.kind != "row")
        .map(|p| p.kind.clone())
        .collect();
    panel_types.sort();
    panel_types.dedup();
    let mut requires = vec![
        json!({ "type": "grafana", "id": "grafana", "name": "Grafana", "version": "10.0.0" }),
        json!({ "type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0" }),
    ];
    requires.extend(
        panel_types
            .iter()
            .map(|t| json!({ "type": "panel", "id": t, "name": t, "version": "" })),
    );
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "__inputs".to_owned(),
            json!([{
                "name": "DS_PROMETHEUS",
                "label": "Prometheus",
                "description": "The Prometheus that evaluates llm-slo's rules",
                "type": "datasource",
                "pluginId": "prometheus",
                "pluginName": "Prometheus"
            }]),
        );
        object.insert("__requires".to_owned(), json!(requires));
        if let Some(first) = object
            .get_mut("templating")
            .and_then(|t| t.get_mut("list"))
            .and_then(|l| l.get_mut(0))
        {
            first["current"] = json!({ "text": "${DS_PROMETHEUS}", "value": "${DS_PROMETHEUS}" });
        }
    }
    Ok(value)
}

/// The file provider's configuration (`/etc/grafana/provisioning/dashboards/`).
fn provisioning(loaded: &LoadedSpec, header: &str) -> String {
    let d = &loaded.spec.dashboards;
    let value = crate::yaml::emit::Value::map([
        ("apiVersion", Some(crate::yaml::emit::Value::Int(1))),
        (
            "providers",
            Some(crate::yaml::emit::Value::Seq(vec![
                crate::yaml::emit::Value::map([
                    (
                        "name",
                        Some(crate::yaml::emit::Value::str(format!(
                            "llm-slo-{}",
                            uid(&loaded.spec.service.name, "").trim_end_matches('-')
                        ))),
                    ),
                    ("folder", Some(crate::yaml::emit::Value::str(&d.folder))),
                    ("type", Some(crate::yaml::emit::Value::str("file"))),
                    (
                        "disableDeletion",
                        Some(crate::yaml::emit::Value::Bool(false)),
                    ),
                    (
                        "allowUiUpdates",
                        Some(crate::yaml::emit::Value::Bool(false)),
                    ),
                    (
                        "updateIntervalSeconds",
                        Some(crate::yaml::emit::Value::Int(60)),
                    ),
                    (
                        "options",
                        Some(crate::yaml::emit::Value::map([
                            (
                                "path",
                                Some(crate::yaml::emit::Value::str(&d.provisioning_path)),
                            ),
                            (
                                "foldersFromFilesStructure",
                                Some(crate::yaml::emit::Value::Bool(false)),
                            ),
                        ])),
                    ),
                ]),
            ])),
        ),
    ]);
    crate::yaml::emit::to_string(header, &value)
}

/// Every dashboard file of a spec, each checked by the validator.
pub(crate) fn generate(
    loaded: &LoadedSpec,
    header: &str,
    self_check: crate::output::SelfCheck,
) -> Result<Vec<GeneratedFile>, Report> {
    let spec = &loaded.spec;
    if !spec.dashboards.enabled {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (name, dashboard) in dashboards(loaded, header) {
        let path = format!("{DIR}/{name}");
        let file = crate::output::json_file(&path, &dashboard).map_err(Report::from)?;
        if self_check == crate::output::SelfCheck::Validate {
            check_generated(loaded, &path, &file.contents)?;
        }
        out.push(file);
        if spec.dashboards.sharing {
            let shared = shared(&dashboard).map_err(Report::from)?;
            out.push(
                crate::output::json_file(&format!("{DIR}/share/{name}"), &shared)
                    .map_err(Report::from)?,
            );
        }
    }
    out.push(GeneratedFile::new(
        format!("{DIR}/provisioning/llm-slo.yaml"),
        provisioning(loaded, header),
    ));
    Ok(out)
}

/// The validator on a generated dashboard: any finding is a generator bug.
fn check_generated(loaded: &LoadedSpec, path: &str, bytes: &[u8]) -> Result<(), Report> {
    let telemetry = &loaded.spec.telemetry;
    let mut settings = crate::promql::Settings::new(telemetry.contract());
    settings.scrape_interval_ms = telemetry.scrape_interval.as_millis() as i64;
    let text = String::from_utf8_lossy(bytes);
    let found = crate::validate::validate_text(&format!("generated/{path}"), &text, &settings);
    if found.diagnostics.is_empty() {
        return Ok(());
    }
    let mut report = Report::default();
    report.diagnostics.push(Diagnostic::error(
        crate::output::GENERATION_FAILED,
        format!("the generated {path} does not pass validation"),
    ));
    report.extend(found);
    Err(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_fit_in_40_characters() {
        assert_eq!(
            uid("Support Assistant", "llm-overview"),
            "support-assistant-llm-overview"
        );
        let long = uid(&"a".repeat(60), "slo-chat-availability");
        assert_eq!(long.len(), 40);
        assert_ne!(long, uid(&"a".repeat(61), "slo-chat-availability"));
    }
}
