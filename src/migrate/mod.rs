//! `llm-slo import`: SLOs written for Sloth (`prometheus/v1` specs and the
//! `PrometheusServiceLevel` Kubernetes resource) or OpenSLO v1 (`SLO` and `SLI` with ratio
//! metrics and rolling windows), turned into specs whose SLOs are event SLIs: an error and a
//! total query with a `{{ window }}` placeholder, the same multi-window multi-burn-rate
//! alerts. Whatever a spec cannot say is listed, never dropped in silence.
//!
//! * [`sloth`]: Sloth's two formats;
//! * [`openslo`]: OpenSLO v1.
//!
//! The result is YAML text, which the caller loads like any spec: an import that does not
//! load is reported with the spec's own diagnostics.

pub(crate) mod openslo;
pub(crate) mod sloth;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::base::Span;
use crate::diagnostics::codes::import::INVALID_INPUT;
use crate::diagnostics::{Diagnostic, Report};
use crate::yaml::emit::Value;
use crate::yaml::{Node, NodeKind};

/// One imported service: its spec as YAML, and what it could not express.
#[derive(Clone, Debug)]
pub(crate) struct Imported {
    /// The service's name (specs are one per service).
    pub service: String,
    /// The spec's text.
    pub spec: String,
    /// What the source says that the spec cannot, one line each.
    pub not_expressed: Vec<String>,
}

/// An SLO on its way into a spec.
#[derive(Clone, Debug, Default)]
pub(crate) struct Slo {
    pub name: String,
    pub description: Option<String>,
    pub objective: f64,
    pub window: String,
    pub errors: String,
    pub total: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// Page and ticket tiers: whether enabled, their labels and annotations.
    pub page: Tier,
    pub ticket: Tier,
}

/// One severity of burn-rate alerts.
#[derive(Clone, Debug)]
pub(crate) struct Tier {
    pub enabled: bool,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
}

impl Default for Tier {
    fn default() -> Self {
        Tier {
            enabled: true,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
        }
    }
}

/// A service on its way into a spec.
#[derive(Clone, Debug, Default)]
pub(crate) struct Service {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub slos: Vec<Slo>,
    pub not_expressed: Vec<String>,
}

fn strings(map: &BTreeMap<String, String>) -> Option<Value> {
    (!map.is_empty()).then(|| {
        Value::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), Value::str(v.clone())))
                .collect(),
        )
    })
}

fn tier(tier: &Tier) -> Value {
    Value::map([
        ("enabled", (!tier.enabled).then_some(Value::Bool(false))),
        // The source's alerts fire as soon as both windows burn: no `for`.
        ("for", tier.enabled.then(|| Value::str("0s"))),
        ("labels", strings(&tier.labels)),
        ("annotations", strings(&tier.annotations)),
    ])
}

/// Labels renamed where the generated rules set a label of that name themselves (`tier` is
/// the burn-rate tier, `slo` the SLO's name): `tier` becomes `source_tier`. `severity` is
/// the user's on alerts (`keep_severity`).
fn rename_clashes(
    labels: &mut BTreeMap<String, String>,
    keep_severity: bool,
    whose: &str,
    notes: &mut Vec<String>,
) {
    let clashing: Vec<String> = labels
        .keys()
        .filter(|name| !(keep_severity && name.as_str() == "severity"))
        .filter(|name| crate::spec::semantic::generated_label(name).is_some())
        .cloned()
        .collect();
    for name in clashing {
        if let Some(value) = labels.remove(&name) {
            let what = crate::spec::semantic::generated_label(&name).unwrap_or_default();
            notes.push(format!(
                "{whose} label `{name}` renamed `source_{name}` (the generated rules' `{name}` holds {what})"
            ));
            labels.insert(format!("source_{name}"), value);
        }
    }
}

impl Service {
    /// The service as a spec, with a header saying where it comes from and what it could not
    /// express.
    pub(crate) fn into_spec(mut self, source: &str) -> Imported {
        let mut notes = std::mem::take(&mut self.not_expressed);
        rename_clashes(&mut self.labels, false, "the service's", &mut notes);
        for slo in &mut self.slos {
            let whose = format!("SLO `{}`'s", slo.name);
            rename_clashes(&mut slo.labels, true, &whose, &mut notes);
            rename_clashes(&mut slo.page.labels, true, &whose, &mut notes);
            rename_clashes(&mut slo.ticket.labels, true, &whose, &mut notes);
        }
        self.not_expressed = notes;
        let slos: Vec<Value> = self
            .slos
            .iter()
            .map(|slo| {
                Value::map([
                    ("name", Some(Value::str(slo.name.clone()))),
                    ("description", slo.description.clone().map(Value::str)),
                    ("objective", Some(Value::Number(slo.objective.to_string()))),
                    ("window", Some(Value::str(slo.window.clone()))),
                    (
                        "sli",
                        Some(Value::map([(
                            "events",
                            Some(Value::map([
                                ("errors", Some(Value::str(slo.errors.clone()))),
                                ("total", Some(Value::str(slo.total.clone()))),
                            ])),
                        )])),
                    ),
                    (
                        "alerting",
                        Some(Value::map([
                            ("page", Some(tier(&slo.page))),
                            ("ticket", Some(tier(&slo.ticket))),
                            // The missing-data alert watches the LLM calls' metrics, which an
                            // imported SLO does not measure.
                            (
                                "missing",
                                Some(Value::map([("enabled", Some(Value::Bool(false)))])),
                            ),
                            ("labels", strings(&slo.labels)),
                            ("annotations", strings(&slo.annotations)),
                        ])),
                    ),
                ])
            })
            .collect();
        let spec = Value::map([
            ("version", Some(Value::Int(1))),
            (
                "service",
                Some(Value::map([
                    ("name", Some(Value::str(self.name.clone()))),
                    ("labels", strings(&self.labels)),
                ])),
            ),
            ("slos", Some(Value::Seq(slos))),
        ]);
        let mut header = format!(
            "yaml-language-server: $schema=generated/llm-slo.schema.json\n\nImported by `llm-slo import` from {source}.\nEvery burn-rate alert is LLMErrorBudgetBurn, labelled with slo and tier (page or ticket).\n"
        );
        if self.not_expressed.is_empty() {
            header.push_str("Everything the source says is expressed.\n");
        } else {
            header.push_str("Not expressed:\n");
            for line in &self.not_expressed {
                header.push_str("- ");
                header.push_str(line);
                header.push('\n');
            }
        }
        Imported {
            service: self.name,
            spec: crate::yaml::emit::to_string(&header, &spec),
            not_expressed: self.not_expressed,
        }
    }
}

/// Reads a source's YAML documents, or its syntax errors.
pub(crate) fn documents(file: &Arc<str>, text: &str) -> Result<Vec<crate::yaml::Document>, Report> {
    let parsed = crate::yaml::parse(text, crate::yaml::Limits::default());
    if !parsed.errors.is_empty() {
        let mut report = Report::default();
        report.sources.add(file, &Arc::from(text));
        report
            .diagnostics
            .extend(crate::yaml::load::diagnostics(file, &parsed.errors));
        return Err(report);
    }
    Ok(parsed.documents)
}

/// A positioned error of the source.
pub(crate) fn error(file: &Arc<str>, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(INVALID_INPUT, message).at(file, span)
}

/// A mapping's string-valued entries (numbers and booleans as written, as Sloth reads
/// them).
pub(crate) fn string_map(node: Option<&Node>) -> BTreeMap<String, String> {
    let Some(Node {
        kind: NodeKind::Map(entries),
        ..
    }) = node
    else {
        return BTreeMap::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_str()?.to_owned())))
        .collect()
}

/// The keys of a mapping that are not among `known`.
pub(crate) fn unknown_keys<'a>(node: &'a Node, known: &[&str]) -> Vec<&'a str> {
    let NodeKind::Map(entries) = &node.kind else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, _)| k.as_str())
        .filter(|k| !known.contains(k))
        .collect()
}

/// Sloth's `{{.window}}` (spaces allowed) as the spec's `{{ window }}`.
pub(crate) fn window_placeholder(query: &str) -> String {
    let mut out = String::new();
    let mut rest = query;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}").map(|e| e + start) else {
            break;
        };
        let inner = rest[start + 2..end].trim();
        out.push_str(&rest[..start]);
        if inner == ".window" || inner == "window" {
            out.push_str("{{ window }}");
        } else {
            out.push_str(&rest[start..end + 2]);
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out.trim().to_owned()
}

/// Sloth's labels in alert templates (`{{$labels.sloth_slo}}`) as the generated alerts'
/// (`{{$labels.slo}}`); what has no equivalent is listed.
pub(crate) fn translate_template(text: &str, missing: &mut Vec<String>) -> String {
    let mut out = text.to_owned();
    for (sloth, ours) in [
        ("sloth_service", "service"),
        ("sloth_slo", "slo"),
        ("sloth_severity", "tier"),
    ] {
        out = out.replace(&format!("$labels.{sloth}"), &format!("$labels.{ours}"));
    }
    for label in ["sloth_id", "sloth_window", "sloth_objective"] {
        if out.contains(label) {
            missing.push(format!(
                "the label `{label}` in an annotation (the generated alerts carry service, slo and tier)"
            ));
        }
    }
    out
}
