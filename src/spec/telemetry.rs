//! `telemetry`: which metric contract the application emits.

use std::collections::BTreeMap;

use llm_slo_core::contract::{
    Contract, DEFAULT_COST_METRIC, HistogramMode, NamingStrategy, Profile,
};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Duration;

/// How the application's metrics reach Prometheus.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Telemetry {
    /// The OpenTelemetry GenAI semantic-convention profile the application emits.
    #[serde(default)]
    pub profile: Profile,
    /// How OTLP names become Prometheus names (`UnderscoreEscapingWithSuffixes` is
    /// Prometheus's default; Mimir's is `UnderscoreEscapingWithoutSuffixes`).
    #[serde(default)]
    pub naming: NamingStrategy,
    /// Classic (`_bucket` series) or native histograms.
    #[serde(default)]
    pub histograms: HistogramMode,
    /// How often Prometheus scrapes (or receives) the metrics. Rate windows are at least four
    /// times this.
    #[serde(default = "default_scrape_interval")]
    pub scrape_interval: Duration,
    /// Label matchers (`label: value`) that select this service's series, added to every
    /// query, e.g. `job: support-assistant`.
    #[serde(default)]
    pub selector: BTreeMap<String, String>,
    /// Extra attributes the application records on every GenAI metric (OTel names, e.g.
    /// `feature`, `prompt_version`, `tenant`). They can be used in `by` and `filter`.
    #[serde(default)]
    pub attributes: Vec<String>,
    /// OTel name of the cost counter the runtime adds to.
    #[serde(default = "default_cost_metric")]
    pub cost_metric: String,
    /// Bucket boundaries of the duration histograms in seconds, when the application does not
    /// use the semantic conventions' recommendation. Latency SLO thresholds must be one of them.
    #[serde(default)]
    pub duration_buckets: Option<Vec<f64>>,
    /// The largest count of any unit (input, output, cached tokens, …) one call may report
    /// before the runtime refuses to price it: a call above it is counted in
    /// `llm_slo.client.unpriced_calls` (reason `usage_cap`) with neither tokens nor cost, so
    /// one corrupt usage cannot poison the cumulative cost counter. The runtime's default
    /// (10 million) when absent.
    #[serde(default)]
    pub max_tokens_per_call: Option<u64>,
    /// Bucket boundaries of the evaluation-score histogram, when the defaults (tenths up to
    /// 1, then 2 to 5) do not fit your scores. Every quality SLO's threshold is added.
    #[serde(default)]
    pub score_buckets: Option<Vec<f64>>,
}

impl Default for Telemetry {
    fn default() -> Self {
        Telemetry {
            profile: Profile::default(),
            naming: NamingStrategy::default(),
            histograms: HistogramMode::default(),
            scrape_interval: default_scrape_interval(),
            selector: BTreeMap::new(),
            attributes: Vec::new(),
            cost_metric: default_cost_metric(),
            duration_buckets: None,
            max_tokens_per_call: None,
            score_buckets: None,
        }
    }
}

impl Telemetry {
    /// The metric contract this telemetry describes.
    pub fn contract(&self) -> Contract {
        Contract {
            profile: self.profile,
            naming: self.naming,
            histograms: self.histograms,
            cost_metric: self.cost_metric.clone(),
            extra_attributes: self.attributes.clone(),
        }
    }

    /// Bucket boundaries of the duration histograms.
    pub fn duration_buckets(&self) -> Vec<f64> {
        self.duration_buckets
            .clone()
            .unwrap_or_else(|| llm_slo_core::contract::DURATION_BUCKETS.to_vec())
    }
}

/// The scrape interval assumed when none is given: a spec's default, and `validate`'s
/// without a spec. 15s is what Grafana assumes for a Prometheus data source (and what
/// most Prometheus setups scrape at); a longer one would flag `rate(x[1m])` in dashboards
/// that are right for them.
pub(crate) const DEFAULT_SCRAPE_INTERVAL: Duration = Duration::from_secs(15);

fn default_scrape_interval() -> Duration {
    DEFAULT_SCRAPE_INTERVAL
}

fn default_cost_metric() -> String {
    DEFAULT_COST_METRIC.to_owned()
}
