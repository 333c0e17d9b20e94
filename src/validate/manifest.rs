//! Kubernetes manifests: `PrometheusRule` documents (the Prometheus Operator's), `List`s of
//! them, and `ConfigMap`s whose `data` holds rule files, dashboards or alert provisioning
//! files (as Grafana's dashboard sidecar and kube-prometheus deploy them).

use super::{embedded, rulefile};
use crate::diagnostics::{Diagnostic, Source, Summary};
use crate::promql::Settings;
use crate::yaml::{self, Node, NodeKind};

/// Validates every document of a (multi-document) YAML or JSON manifest file.
pub(super) fn validate(
    source: &Source,
    settings: &Settings,
    summary: &mut Summary,
) -> Vec<Diagnostic> {
    let parsed = yaml::parse(&source.text, yaml::Limits::default());
    let mut out = yaml::load::diagnostics(&source.file, &parsed.errors);
    for document in &parsed.documents {
        object(source, settings, &document.root, summary, &mut out);
    }
    out
}

/// One Kubernetes object, a `List`'s items included.
fn object(
    source: &Source,
    settings: &Settings,
    node: &Node,
    summary: &mut Summary,
    out: &mut Vec<Diagnostic>,
) {
    match node.get("kind").and_then(Node::as_str) {
        Some("PrometheusRule") => {
            if let Some(groups) = node.get("spec").and_then(|s| s.get("groups")) {
                out.extend(rulefile::validate_groups(source, settings, groups, summary));
            }
        }
        Some("List") => {
            if let Some(NodeKind::Seq(items)) = node.get("items").map(|i| &i.kind) {
                for item in items {
                    object(source, settings, item, summary, out);
                }
            }
        }
        Some("ConfigMap") => {
            if let Some(NodeKind::Map(entries)) = node.get("data").map(|d| &d.kind) {
                for (_, value) in entries {
                    out.extend(embedded::validate(source, value, settings, summary));
                }
            }
        }
        _ => {}
    }
}
