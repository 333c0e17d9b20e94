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
}

impl Default for RuleOutputs {
    fn default() -> Self {
        RuleOutputs {
            formats: default_formats(),
        }
    }
}

/// A rule file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleFormat {
    /// A Prometheus rule file (`groups:`), as `rule_files` loads it:
    /// `prometheus/llm-slo.rules.yml`.
    Prometheus,
}

fn default_dir() -> String {
    "generated".to_owned()
}

fn default_formats() -> Vec<RuleFormat> {
    vec![RuleFormat::Prometheus]
}
