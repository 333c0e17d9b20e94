//! `outputs`: what is written where.

use schemars::JsonSchema;
use serde::Deserialize;

/// Where and in which formats generated files are written.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    /// Output folder, relative to the spec file.
    #[serde(default = "default_dir")]
    pub dir: String,
    /// Prometheus rules.
    #[serde(default)]
    pub rules: RuleOutputs,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            dir: default_dir(),
            rules: RuleOutputs::default(),
        }
    }
}

/// Rule file formats.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleOutputs {
    /// Formats to write.
    #[serde(default = "default_formats")]
    pub formats: Vec<RuleFormat>,
    /// Write promtool unit tests of every alert and the main recording rules
    /// (`prometheus/tests/*.test.yml`).
    #[serde(default = "yes")]
    pub tests: bool,
    /// The `PrometheusRule` manifest's metadata.
    #[serde(default)]
    pub kubernetes: Kubernetes,
    /// The Mimir/Cortex ruler namespace file.
    #[serde(default)]
    pub mimir: Mimir,
}

impl Default for RuleOutputs {
    fn default() -> Self {
        RuleOutputs {
            formats: default_formats(),
            tests: true,
            kubernetes: Kubernetes::default(),
            mimir: Mimir::default(),
        }
    }
}

/// Metadata of the `PrometheusRule` manifest.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kubernetes {
    /// `metadata.name` (default: `<service>-llm-slo`).
    #[serde(default)]
    pub name: Option<String>,
    /// `metadata.namespace` (default: none, the namespace of `kubectl apply`).
    #[serde(default)]
    pub namespace: Option<String>,
    /// `metadata.labels`, e.g. the `release: prometheus` that the operator's
    /// `ruleSelector` matches.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, String>,
}

/// The Mimir/Cortex ruler namespace file (`mimirtool rules load`).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mimir {
    /// The ruler namespace (default: the service name).
    #[serde(default)]
    pub namespace: Option<String>,
    /// Split groups so that none has more rules than this (the ruler's
    /// `ruler_max_rules_per_rule_group`; 0 for no limit).
    #[serde(default = "default_max_rules")]
    pub max_rules_per_group: usize,
}

impl Default for Mimir {
    fn default() -> Self {
        Mimir {
            namespace: None,
            max_rules_per_group: default_max_rules(),
        }
    }
}

fn yes() -> bool {
    true
}

fn default_max_rules() -> usize {
    20
}

/// A rule file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleFormat {
    /// A Prometheus rule file (`groups:`), as `rule_files` loads it:
    /// `prometheus/llm-slo.rules.yml`.
    Prometheus,
    /// A Prometheus-Operator `PrometheusRule` manifest: `kubernetes/llm-slo.prometheusrule.yaml`.
    PrometheusOperator,
    /// A Mimir/Cortex ruler namespace file (`mimirtool rules load`): `mimir/llm-slo.rules.yml`.
    Mimir,
}

fn default_dir() -> String {
    "generated".to_owned()
}

fn default_formats() -> Vec<RuleFormat> {
    vec![RuleFormat::Prometheus]
}
