//! `dashboards`: which Grafana dashboards to write.

use schemars::JsonSchema;
use serde::Deserialize;

/// Grafana dashboards.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dashboards {
    /// Whether dashboards are written.
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Dashboard JSON `schemaVersion`, 36 to 42: Grafana migrates older versions when it
    /// loads a dashboard, so 41 (the default) imports into Grafana 10 to 13.
    #[serde(default = "default_schema_version")]
    pub schema_version: u32,
    /// Tags on every dashboard (besides `llm-slo` and the service name).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The default time range, back from now (`now-6h`).
    #[serde(default = "default_time_from")]
    pub time_from: String,
    /// Auto-refresh interval (`1m`; empty for none).
    #[serde(default = "default_refresh")]
    pub refresh: String,
    /// The Grafana folder the provisioning file puts the dashboards in.
    #[serde(default = "default_folder")]
    pub folder: String,
    /// Where Grafana reads the dashboard files from, in the provisioning file.
    #[serde(default = "default_provisioning_path")]
    pub provisioning_path: String,
    /// Also write copies for sharing on grafana.com (`grafana/share/`), with the data source
    /// as an import input.
    #[serde(default)]
    pub sharing: bool,
    /// A dashboard that compares the values of one dimension side by side — the prompt
    /// versions of an A/B test, two models — on cost, tokens, latency, errors and scores.
    #[serde(default)]
    pub compare: Option<Compare>,
}

/// What the comparison dashboard compares.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// The dimension whose values are compared (`prompt_version`, `model`, `feature`).
    pub dimension: String,
    /// The evaluation whose scores are compared (`gen_ai.evaluation.name`), if any.
    #[serde(default)]
    pub evaluation: Option<String>,
    /// A good score is above this; the share of good scores is compared with its margin.
    /// The quality SLO's bound for the evaluation when absent.
    #[serde(default)]
    pub above: Option<f64>,
    /// The fewest calls (and scores) a value needs before its ratios are worth reading
    /// (default 100); a column beside each sample size says whether it reaches it.
    #[serde(default = "default_min_samples")]
    pub min_samples: u64,
}

fn default_min_samples() -> u64 {
    100
}

impl Default for Dashboards {
    fn default() -> Self {
        Dashboards {
            enabled: true,
            schema_version: default_schema_version(),
            tags: Vec::new(),
            time_from: default_time_from(),
            refresh: default_refresh(),
            folder: default_folder(),
            provisioning_path: default_provisioning_path(),
            sharing: false,
            compare: None,
        }
    }
}

fn enabled() -> bool {
    true
}

fn default_schema_version() -> u32 {
    41
}

fn default_time_from() -> String {
    "now-6h".to_owned()
}

fn default_refresh() -> String {
    "1m".to_owned()
}

fn default_folder() -> String {
    "LLM".to_owned()
}

fn default_provisioning_path() -> String {
    "/var/lib/grafana/dashboards/llm-slo".to_owned()
}
