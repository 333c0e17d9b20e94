//! The spec: one YAML file that declares the models a service calls, their prices, and the
//! objectives and budgets it promises.
//!
//! [`Spec`] and its sections, one module each, are the schema (serde + schemars, unknown
//! fields rejected): read one with serde, or build or change one in code, then load it with
//! [`crate::load_spec`]. Durations and amounts are [`Duration`] and [`Usd`].
//!
//! Inside the crate, `parse` reads a spec with positions and collects every syntax and type
//! error, `semantic` holds the semantic checks (one file per section) and `codes` the
//! diagnostic codes they use.

pub mod alerts;
pub mod budgets;
pub(crate) mod codes;
pub mod dashboards;
pub mod outputs;
pub(crate) mod parse;
pub mod pricing;
pub mod prometheus;
pub mod recording;
pub(crate) mod semantic;
pub mod service;
pub mod slos;
pub mod telemetry;
pub mod validate;

use schemars::JsonSchema;
use serde::Deserialize;

pub use crate::base::{Duration, Usd};
pub(crate) use parse::{ParsedSpec, parse};

/// The only spec format version this release reads.
pub const SPEC_VERSION: u32 = 1;

/// An llm-slo spec (format version 1).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "llm-slo spec")]
pub struct Spec {
    /// Spec format version. Always `1`.
    pub version: u32,
    /// The service whose LLM calls are observed.
    pub service: service::Service,
    /// Which metric contract the application emits and how it reaches Prometheus.
    #[serde(default)]
    pub telemetry: telemetry::Telemetry,
    /// The Prometheus release the rules run on and its feature flags.
    #[serde(default)]
    pub prometheus: prometheus::Prometheus,
    /// The models the service calls and their prices (none for a spec of SLOs only).
    #[serde(default)]
    pub pricing: pricing::Pricing,
    /// The recording rules: which dimensions they keep, which quantiles they compute.
    #[serde(default)]
    pub recording: recording::Recording,
    /// Service-level objectives.
    #[serde(default)]
    pub slos: Vec<slos::Slo>,
    /// Spend limits.
    #[serde(default)]
    pub budgets: Vec<budgets::Budget>,
    /// Alerts on latency, errors and spend, and custom alerts.
    #[serde(default)]
    pub alerts: alerts::Alerts,
    /// Grafana dashboards.
    #[serde(default)]
    pub dashboards: dashboards::Dashboards,
    /// What is written where.
    #[serde(default)]
    pub outputs: outputs::Outputs,
    /// A folder of minijinja templates (relative to the spec file) that replace the shipped
    /// ones of the same name (`alerts/latency.promql.j2`, `slo/burn_rate.promql.j2`, …).
    #[serde(default)]
    pub templates: Option<String>,
    /// Findings `llm-slo validate` does not report: codes ignored everywhere or in some
    /// files or Grafana panels.
    #[serde(default)]
    pub validate: validate::Validate,
}

impl Spec {
    /// The query builder of this spec's service: its contract, selector, scrape interval
    /// and recording rules.
    pub(crate) fn queries(&self) -> crate::queries::Queries {
        crate::queries::Queries {
            contract: self.telemetry.contract(),
            selector: self.telemetry.selector.clone(),
            scrape_interval: self.telemetry.scrape_interval,
            recording_window: self.recording.window,
            recording_dimensions: self.recording.dimensions(&self.telemetry),
            service: self.service.name.clone(),
        }
    }

    /// Boundaries of the evaluation-score histogram: the telemetry's (or the defaults)
    /// with every quality SLO's threshold, sorted, each once.
    pub(crate) fn score_buckets(&self) -> Vec<f64> {
        let mut buckets = self
            .telemetry
            .score_buckets
            .clone()
            .unwrap_or_else(|| llm_slo_core::contract::SCORE_BUCKETS.to_vec());
        for slo in &self.slos {
            if let slos::Sli::Quality { above, .. } = &slo.sli
                && above.is_finite()
            {
                buckets.push(*above);
            }
        }
        buckets.retain(|b| b.is_finite());
        buckets.sort_by(f64::total_cmp);
        buckets.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
        buckets
    }
}

/// The JSON Schema of the spec, as `llm-slo schema` prints it.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Spec)
}
