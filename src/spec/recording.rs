//! `recording`: the recording rules every dashboard and alert reads.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Duration;

/// What the recording rules keep and compute.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// Dimensions every recording rule keeps (default: `provider`, `model` and every
    /// `telemetry.attributes`).
    #[serde(default)]
    pub by: Option<Vec<String>>,
    /// Latency quantiles recorded for the operation duration and the time to first chunk,
    /// each strictly between 0 and 1.
    #[serde(default = "default_quantiles")]
    pub quantiles: Vec<f64>,
    /// The range of `rate` (default: the larger of 5m and four scrape intervals).
    #[serde(default)]
    pub window: Option<Duration>,
    /// How many distinct values each dimension is expected to have, for the series summary
    /// (`prometheus/series.md`), e.g. `{ feature: 4, tenant: 200 }`. A dimension not given
    /// is counted as 10 values, and the summary says so.
    #[serde(default)]
    pub cardinality: BTreeMap<String, u64>,
}

impl Default for Recording {
    fn default() -> Self {
        Recording {
            by: None,
            quantiles: default_quantiles(),
            window: None,
            cardinality: BTreeMap::new(),
        }
    }
}

impl Recording {
    /// The dimensions the recording rules keep: `by`, else provider, model and every extra
    /// attribute of the telemetry.
    pub fn dimensions(&self, telemetry: &super::telemetry::Telemetry) -> Vec<String> {
        match &self.by {
            Some(by) => by.clone(),
            None => ["provider", "model"]
                .into_iter()
                .map(str::to_owned)
                .chain(telemetry.attributes.iter().cloned())
                .collect(),
        }
    }
}

fn default_quantiles() -> Vec<f64> {
    vec![0.5, 0.95, 0.99]
}
