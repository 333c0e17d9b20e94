//! `service`: what is observed.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// The service whose LLM calls are observed.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Name of the service: letters, digits, `-`, `_` and `.`. Used in rule group names, the
    /// `service` label of every alert, and dashboard uids.
    pub name: String,
    /// What the service does, shown on dashboards.
    #[serde(default)]
    pub description: Option<String>,
    /// Labels added to every generated rule, e.g. `team: ml-platform`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}
