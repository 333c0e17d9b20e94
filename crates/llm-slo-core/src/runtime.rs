//! The runtime configuration that `llm-slo generate` writes and `llm-slo-otel` loads: which
//! contract to emit (profile, naming, histograms, extra attributes, cost counter), the
//! histogram boundaries (SLO thresholds among them), and the price table.

use serde::{Deserialize, Serialize};

use crate::contract::{Contract, HistogramMode, NamingStrategy, Profile};
use crate::pricing::PriceTable;

/// The format this release writes: its major version. A reader accepts any file of its own
/// format or older, and ignores fields it does not know (a newer generator may add some);
/// a change that an older reader would get wrong by ignoring a field raises the format.
pub const RUNTIME_FORMAT: u32 = 1;

/// Everything the runtime needs to emit the contract the generated rules query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuntimeConfig {
    /// Marks the file as generated, and from which spec.
    #[serde(rename = "$comment", default)]
    pub comment: String,
    /// Always 1.
    pub format: u32,
    /// The service the spec describes.
    pub service: String,
    /// The label matchers the generated rules select the service's series by
    /// (`telemetry.selector`, e.g. `job: support-assistant`): the resource the runtime
    /// suggests makes its series carry them (see `llm_slo_otel::resource`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub selector: std::collections::BTreeMap<String, String>,
    /// The semantic-convention profile to emit.
    pub profile: Profile,
    /// How the OTLP names reach Prometheus (the runtime emits OTel names; this is for tools
    /// that render the exposition, such as the examples).
    pub naming: NamingStrategy,
    /// Classic (explicit buckets) or native (exponential) histograms.
    pub histograms: HistogramMode,
    /// The OTel name of the cost counter.
    pub cost_metric: String,
    /// Extra attributes recorded on every instrument (`feature`, `prompt_version`, …).
    pub attributes: Vec<String>,
    /// Bucket boundaries of the duration and time-to-first-chunk histograms, in seconds; every
    /// latency SLO threshold is one of them.
    pub duration_buckets: Vec<f64>,
    /// Bucket boundaries of token-count histograms.
    pub token_buckets: Vec<f64>,
    /// Bucket boundaries of the evaluation-score histogram; every quality SLO's threshold is
    /// one of them. The contract's defaults when absent (a configuration of an older
    /// generator).
    #[serde(default = "default_score_buckets")]
    pub score_buckets: Vec<f64>,
    /// The prices of the spec's models.
    pub pricing: PriceTable,
    /// The largest count of any unit one call may report; a call above it is counted as
    /// unpriced (`usage_cap`) with neither tokens nor cost. The runtime's default (10
    /// million) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens_per_call: Option<u64>,
}

fn default_score_buckets() -> Vec<f64> {
    crate::contract::SCORE_BUCKETS.to_vec()
}

impl RuntimeConfig {
    /// The metric contract this configuration describes.
    pub fn contract(&self) -> Contract {
        Contract {
            profile: self.profile,
            naming: self.naming,
            histograms: self.histograms,
            cost_metric: self.cost_metric.clone(),
            extra_attributes: self.attributes.clone(),
        }
    }
}
