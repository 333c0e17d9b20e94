//! The rule file in each output format: a plain Prometheus rule file, a Prometheus-Operator
//! `PrometheusRule` manifest, and a Mimir/Cortex ruler namespace file.

use super::model::{RuleFile, RuleGroup};
use crate::load::LoadedSpec;
use crate::spec::outputs::RuleFormat;
use crate::yaml::emit::{self, Value};

/// The plain Prometheus rule file inside the output folder.
pub(crate) const PROMETHEUS_RULES: &str = "prometheus/llm-slo.rules.yml";

/// The `PrometheusRule` manifest inside the output folder.
pub(crate) const PROMETHEUS_OPERATOR_RULES: &str = "kubernetes/llm-slo.prometheusrule.yaml";

/// The Mimir/Cortex ruler namespace file inside the output folder.
pub(crate) const MIMIR_RULES: &str = "mimir/llm-slo.rules.yml";

/// A format's path and text.
pub(crate) fn render(
    loaded: &LoadedSpec,
    file: &RuleFile,
    format: RuleFormat,
    header: &str,
) -> (&'static str, String) {
    let outputs = &loaded.spec.outputs.rules;
    let service = &loaded.spec.service.name;
    match format {
        RuleFormat::Prometheus => (PROMETHEUS_RULES, emit::to_string(header, &file.to_value())),
        RuleFormat::PrometheusOperator => {
            let k8s = &outputs.kubernetes;
            let labels = (!k8s.labels.is_empty()).then(|| {
                Value::Map(
                    k8s.labels
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::str(v)))
                        .collect(),
                )
            });
            let metadata = Value::map([
                (
                    "name",
                    Some(Value::str(k8s.name.clone().unwrap_or_else(|| {
                        format!("{}-llm-slo", kubernetes_name(service))
                    }))),
                ),
                ("namespace", k8s.namespace.as_ref().map(Value::str)),
                ("labels", labels),
            ]);
            let groups = file.to_value_groups();
            let manifest = Value::map([
                ("apiVersion", Some(Value::str("monitoring.coreos.com/v1"))),
                ("kind", Some(Value::str("PrometheusRule"))),
                ("metadata", Some(metadata)),
                ("spec", Some(Value::map([("groups", Some(groups))]))),
            ]);
            (
                PROMETHEUS_OPERATOR_RULES,
                emit::to_string(header, &manifest),
            )
        }
        RuleFormat::Mimir => {
            let split = split_groups(file, outputs.mimir.max_rules_per_group);
            let namespace = outputs
                .mimir
                .namespace
                .clone()
                .unwrap_or_else(|| service.clone());
            let value = Value::map([
                ("namespace", Some(Value::str(namespace))),
                ("groups", Some(split.to_value_groups())),
            ]);
            (MIMIR_RULES, emit::to_string(header, &value))
        }
    }
}

/// A name Kubernetes accepts (RFC 1123 subdomain): lower case, `-` for anything else.
fn kubernetes_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    out = out.trim_matches(['-', '.']).to_owned();
    if out.is_empty() {
        "llm".to_owned()
    } else {
        out
    }
}

/// Groups split so that none holds more than `max` rules (`group`, `group-2`, …); `0` keeps
/// them whole. Rules stay in order, so a recording rule still comes before the rules that
/// read it, if in an earlier group.
pub(crate) fn split_groups(file: &RuleFile, max: usize) -> RuleFile {
    if max == 0 {
        return file.clone();
    }
    let mut out = RuleFile::default();
    for group in &file.groups {
        if group.rules.len() <= max {
            out.groups.push(group.clone());
            continue;
        }
        for (i, chunk) in group.rules.chunks(max).enumerate() {
            out.groups.push(RuleGroup {
                name: if i == 0 {
                    group.name.clone()
                } else {
                    format!("{}-{}", group.name, i + 1)
                },
                interval: group.interval,
                rules: chunk.to_vec(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_names_are_rfc_1123() {
        assert_eq!(kubernetes_name("Support_Assistant"), "support-assistant");
        assert_eq!(kubernetes_name("__"), "llm");
    }
}
