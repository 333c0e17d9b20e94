//! `contract/unrecorded-label`

use super::{Check, Finding, LintContext, selector_name, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, MatchOp};

/// `contract/unrecorded-label`: documented in the registry, `diagnostics::codes::contract`.
pub(crate) const CODE: Code = crate::diagnostics::codes::contract::UNRECORDED_LABEL;

/// The check.
pub(crate) struct UnrecordedLabel;

/// Labels a series gets from where it is scraped or from its resource, not from the
/// instrument: Prometheus' target labels, the usual relabeled ones and OpenTelemetry's
/// promoted resource and scope attributes.
const TARGET_LABELS: &[&str] = &[
    "job",
    "instance",
    "__name__",
    "cluster",
    "namespace",
    "pod",
    "container",
    "node",
    "service",
    "env",
    "environment",
    "region",
    "zone",
    "team",
    "exported_job",
    "exported_instance",
    "otel_scope_name",
    "otel_scope_version",
    "otel_scope_schema_url",
    "service_name",
    "service_namespace",
    "service_instance_id",
    "service_version",
    "deployment_environment",
    "deployment_environment_name",
    "k8s_namespace_name",
    "k8s_pod_name",
    "k8s_cluster_name",
    "k8s_deployment_name",
    "host_name",
    "tenant",
];

impl Check for UnrecordedLabel {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            let Some((name, _)) = selector_name(selector) else {
                continue;
            };
            let Some(series) = cx.contract.series(name) else {
                continue;
            };
            for matcher in &selector.matchers {
                let label = matcher.name.value.as_str();
                let genai = label.starts_with("gen_ai_") || label.starts_with("gen_ai.");
                if genai
                    || cx.contract.has_label(label)
                    || TARGET_LABELS.contains(&label)
                    || label.starts_with("__")
                    || series.labels.iter().any(|l| l == label)
                {
                    continue;
                }
                // `label=""` and `label!~".+"` hold for every series without the label:
                // those say what they mean.
                let empty_match = matches!(matcher.op, MatchOp::Equal | MatchOp::Regex)
                    && (matcher.value.is_empty() || matcher.value == ".*");
                if empty_match {
                    continue;
                }
                // Without a spec the application's attributes are unknown: `feature="chat"`
                // may be one. A negative matcher still filters nothing if it is not.
                if cx.contract.open_attributes
                    && matches!(matcher.op, MatchOp::Equal | MatchOp::Regex)
                {
                    continue;
                }
                let effect = match matcher.op {
                    MatchOp::NotEqual | MatchOp::NotRegex => {
                        "so this matcher matches every series and filters nothing"
                    }
                    _ => "so this selector matches nothing unless relabeling adds the label",
                };
                out.push(
                    Finding::new(
                        CODE,
                        Severity::Warning,
                        matcher.name.span,
                        format!("`{name}` is never recorded with the label `{label}`, {effect}"),
                    )
                    .help(format!(
                        "the labels of `{name}` are {}",
                        series
                            .labels
                            .iter()
                            .map(|l| format!("`{l}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
    }
}
