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
    /// Dashboard JSON `schemaVersion`: 41 (Grafana 11.6–12.1) or 42 (12.2 and later).
    #[serde(default = "default_schema_version")]
    pub schema_version: u32,
    /// Tags on every dashboard.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Default for Dashboards {
    fn default() -> Self {
        Dashboards {
            enabled: true,
            schema_version: default_schema_version(),
            tags: Vec::new(),
        }
    }
}

fn enabled() -> bool {
    true
}

fn default_schema_version() -> u32 {
    41
}
