//! The metric contract: one definition of the instruments, attributes and Prometheus names.
//!
//! Rules, dashboards, the validator and the runtime crate all ask a [`Contract`] for names;
//! none of them spell a `gen_ai_*` name themselves.
//!
//! ```
//! use llm_slo_core::contract::{Contract, NamingStrategy, Signal};
//!
//! let contract = Contract::default();
//! let duration = contract.metric(Signal::OperationDuration).expect("every profile has it");
//! assert_eq!(duration.bucket(), "gen_ai_client_operation_duration_seconds_bucket");
//! assert_eq!(contract.label("gen_ai.request.model"), "gen_ai_request_model");
//!
//! let mimir = Contract { naming: NamingStrategy::UnderscoreEscapingWithoutSuffixes, ..Contract::default() };
//! assert_eq!(mimir.metric(Signal::Cost).unwrap().total(), "llm_slo_client_cost");
//! ```

mod attributes;
mod naming;
mod profile;

pub use attributes::*;
pub use naming::{NamingStrategy, is_legacy_label_name, is_legacy_metric_name};
pub use profile::{Instrument, InstrumentKind, Profile, Signal, Source};

/// How histograms reach Prometheus.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum HistogramMode {
    /// Explicit-bucket histograms exposed as `_bucket` (with `le`), `_sum` and `_count` series.
    #[default]
    Classic,
    /// Exponential histograms ingested as Prometheus native histograms: one series per label
    /// set, queried without `_bucket` and `le`.
    Native,
}

/// The default name of the cost counter. Cost has no semantic convention, and the `gen_ai.`
/// namespace is the conventions' own (a proposal would claim `gen_ai.usage.cost.*`), so
/// llm-slo's extensions live under `llm_slo.`; `{USD}` keeps the Prometheus name free of a
/// unit suffix: `llm_slo_client_cost_total`.
pub const DEFAULT_COST_METRIC: &str = "llm_slo.client.cost";

/// The cost counter's name before it left the `gen_ai.` namespace, still available as
/// `telemetry.cost_metric`.
pub const LEGACY_COST_METRIC: &str = "gen_ai.client.cost";

/// `llm-slo-otel`'s counter of calls it could not price, by [`UNPRICED_REASON`].
pub const UNPRICED_CALLS_METRIC: &str = "llm_slo.client.unpriced_calls";

/// Why a call was not priced: `unknown_model`, `no_usage`, `refused` (the price table has no
/// price for a part of its usage) or `usage_cap` (more tokens than the runtime accepts).
pub const UNPRICED_REASON: &str = "llm_slo.reason";

/// `llm-slo-otel`'s gauge of the price table in use, 1 with its hash.
pub const PRICES_INFO_METRIC: &str = "llm_slo.prices.info";

/// The price table's `content_hash` on [`PRICES_INFO_METRIC`].
pub const PRICES_HASH: &str = "llm_slo.prices.content_hash";

/// `llm-slo-otel`'s histogram of evaluation scores (an extension next to the conventions'
/// `gen_ai.evaluation.result` event).
pub const EVALUATION_SCORE_METRIC: &str = "llm_slo.evaluation.score";

/// `llm-slo-otel`'s histogram of the cost of each agent invocation.
pub const AGENT_COST_METRIC: &str = "llm_slo.agent.cost";

/// Default boundaries of the score histogram: tenths up to 1 (automatic evaluators), then
/// the points of a five-point rating. The spec's quality thresholds are added.
pub const SCORE_BUCKETS: &[f64] = &[
    0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 2.0, 3.0, 4.0, 5.0,
];

/// Boundaries of the agent-cost histogram, in US dollars.
pub const AGENT_COST_BUCKETS: &[f64] = &[
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0,
];

/// Boundaries of the calls-per-agent-invocation histograms (inference and tool calls).
pub const AGENT_CALL_BUCKETS: &[f64] = &[
    1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0,
];

const SCORE_ATTRIBUTES: &[&str] = &[
    EVALUATION_NAME,
    EVALUATION_SCORE_LABEL,
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
];
const AGENT_COST_ATTRIBUTES: &[&str] = &[AGENT_NAME, ERROR_TYPE];

const UNPRICED_ATTRIBUTES: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    UNPRICED_REASON,
];
const PRICES_INFO_ATTRIBUTES: &[&str] = &[PRICES_HASH];

/// Everything that decides which series exist and what they are called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    /// The semantic-convention profile the application emits.
    pub profile: Profile,
    /// How OTLP names become Prometheus names.
    pub naming: NamingStrategy,
    /// Classic or native histograms.
    pub histograms: HistogramMode,
    /// The OTel name of the cost counter.
    pub cost_metric: String,
    /// Attributes the application adds to every GenAI metric (`feature`, `tenant`, …).
    pub extra_attributes: Vec<String>,
}

impl Default for Contract {
    fn default() -> Self {
        Contract {
            profile: Profile::default(),
            naming: NamingStrategy::default(),
            histograms: HistogramMode::default(),
            cost_metric: DEFAULT_COST_METRIC.to_owned(),
            extra_attributes: Vec::new(),
        }
    }
}

impl Contract {
    /// The instrument behind a signal, or `None` when this profile does not emit it. The
    /// cost is the profile's own cost metric when it has one (OpenLIT's histogram), else,
    /// for the conventions' profiles, the counter `llm-slo-otel` records.
    pub fn instrument(&self, signal: Signal) -> Option<Instrument> {
        if let Some(instrument) = self.profile.instrument(signal) {
            return Some(instrument);
        }
        if !self.profile.is_conventions() {
            return None;
        }
        // The extensions `llm-slo-otel` records beside the conventions.
        match signal {
            Signal::Cost => Some(Instrument {
                signal,
                name: self.cost_metric.clone(),
                kind: InstrumentKind::Counter,
                unit: "{USD}",
                description: "Cost of GenAI calls in US dollars, computed from token usage and the price table.",
                attributes: profile::GENAI_ERROR,
            }),
            Signal::UnpricedCalls => Some(Instrument {
                signal,
                name: UNPRICED_CALLS_METRIC.to_owned(),
                kind: InstrumentKind::Counter,
                unit: "{call}",
                description: "GenAI calls that could not be priced, by reason: their cost is missing from the cost counter.",
                attributes: UNPRICED_ATTRIBUTES,
            }),
            Signal::PricesInfo => Some(Instrument {
                signal,
                name: PRICES_INFO_METRIC.to_owned(),
                kind: InstrumentKind::Gauge,
                // Not `1`: a gauge of unit `1` gets `_ratio` in Prometheus.
                unit: "{table}",
                description: "The price table in use: 1, with its content hash.",
                attributes: PRICES_INFO_ATTRIBUTES,
            }),
            Signal::EvaluationScore => Some(Instrument {
                signal,
                name: EVALUATION_SCORE_METRIC.to_owned(),
                kind: InstrumentKind::Histogram,
                // Not `1`: a histogram of unit `1` gets `_ratio` in Prometheus.
                unit: "{score}",
                description: "Evaluation scores of generations (a human rating, an evaluator's score), by evaluation.",
                attributes: SCORE_ATTRIBUTES,
            }),
            Signal::AgentRunCost => Some(Instrument {
                signal,
                name: AGENT_COST_METRIC.to_owned(),
                kind: InstrumentKind::Histogram,
                unit: "{USD}",
                description: "Cost of each agent invocation in US dollars: the sum of its calls' costs.",
                attributes: AGENT_COST_ATTRIBUTES,
            }),
            _ => None,
        }
    }

    /// The Prometheus names of a signal's series, or `None` when this profile does not emit it.
    pub fn metric(&self, signal: Signal) -> Option<MetricNames> {
        let instrument = self.instrument(signal)?;
        let family = self
            .naming
            .metric_name(&instrument.name, instrument.unit, instrument.kind);
        Some(MetricNames {
            family,
            kind: instrument.kind,
            histograms: self.histograms,
        })
    }

    /// The Prometheus label name of an OTel attribute under this naming strategy.
    pub fn label(&self, attribute: &str) -> String {
        self.naming.label_name(attribute)
    }

    /// Every instrument of the contract: the profile's, and the cost counter of
    /// `llm-slo-otel` when the profile is the conventions.
    pub fn instruments(&self) -> Vec<Instrument> {
        let mut all: Vec<Instrument> = self.profile.instruments().collect();
        for signal in [
            Signal::Cost,
            Signal::UnpricedCalls,
            Signal::PricesInfo,
            Signal::EvaluationScore,
            Signal::AgentRunCost,
        ] {
            if !all.iter().any(|i| i.signal == signal) {
                all.extend(self.instrument(signal));
            }
        }
        all
    }

    /// The OTel attributes an instrument carries, extra attributes included.
    pub fn attributes(&self, signal: Signal) -> Vec<&str> {
        let mut attributes: Vec<&str> = self
            .instrument(signal)
            .map(|i| i.attributes.to_vec())
            .unwrap_or_default();
        attributes.extend(self.extra_attributes.iter().map(String::as_str));
        attributes
    }

    /// The name of every Prometheus series the contract produces ([`Contract::series`]
    /// without the kinds and labels, for indexes of many contracts).
    pub fn series_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for instrument in self.instruments() {
            let Some(names) = self.metric(instrument.signal) else {
                continue;
            };
            match (instrument.kind, self.histograms) {
                (InstrumentKind::Counter, _) => out.push(names.total()),
                (InstrumentKind::Histogram, HistogramMode::Classic) => {
                    out.extend([names.bucket(), names.sum(), names.count()])
                }
                (InstrumentKind::Gauge, _) | (InstrumentKind::Histogram, HistogramMode::Native) => {
                    out.push(names.family)
                }
            }
        }
        out
    }

    /// Every Prometheus series the contract produces, with its kind and labels.
    pub fn series(&self) -> Vec<Series> {
        let mut out = Vec::new();
        for instrument in self.instruments() {
            let Some(names) = self.metric(instrument.signal) else {
                continue;
            };
            let labels: Vec<String> = self
                .attributes(instrument.signal)
                .into_iter()
                .map(|a| self.label(a))
                .collect();
            let mut push = |name: String, kind: SeriesKind, le: bool| {
                let mut labels = labels.clone();
                if le {
                    labels.push("le".to_owned());
                }
                out.push(Series {
                    name,
                    kind,
                    signal: instrument.signal,
                    labels,
                });
            };
            match (instrument.kind, self.histograms) {
                (InstrumentKind::Counter, _) => push(names.total(), SeriesKind::Counter, false),
                (InstrumentKind::Gauge, _) => push(names.family.clone(), SeriesKind::Gauge, false),
                (InstrumentKind::Histogram, HistogramMode::Classic) => {
                    push(names.bucket(), SeriesKind::HistogramBucket, true);
                    push(names.sum(), SeriesKind::HistogramSum, false);
                    push(names.count(), SeriesKind::HistogramCount, false);
                }
                (InstrumentKind::Histogram, HistogramMode::Native) => {
                    push(names.family.clone(), SeriesKind::NativeHistogram, false)
                }
            }
        }
        out
    }

    /// The histogram boundaries (seconds) the runtime configures for duration instruments.
    pub fn duration_buckets(&self) -> &'static [f64] {
        DURATION_BUCKETS
    }
}

/// Bucket boundaries that the semantic conventions recommend for GenAI durations (seconds).
pub const DURATION_BUCKETS: &[f64] = &[
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/// Bucket boundaries that the semantic conventions recommend for token-count histograms.
pub const TOKEN_BUCKETS: &[f64] = &[
    1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0, 4194304.0,
    16777216.0, 67108864.0,
];

/// The OpenTelemetry SDKs' default explicit bucket boundaries, which a histogram gets when
/// its instrumentation sets none (OpenLIT's cost histogram).
pub const SDK_DEFAULT_BUCKETS: &[f64] = &[
    0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0, 7500.0,
    10000.0,
];

/// What a Prometheus series of the contract is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeriesKind {
    /// A monotonic counter.
    Counter,
    /// `_bucket` of a classic histogram (a counter per `le`).
    HistogramBucket,
    /// `_sum` of a classic histogram (a counter).
    HistogramSum,
    /// `_count` of a classic histogram (a counter).
    HistogramCount,
    /// A native histogram.
    NativeHistogram,
    /// A gauge.
    Gauge,
}

/// One Prometheus series of the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The metric name.
    pub name: String,
    /// Counter, bucket, sum, count or native histogram.
    pub kind: SeriesKind,
    /// The instrument it comes from.
    pub signal: Signal,
    /// Its label names (attributes escaped by the naming strategy, `le` for buckets).
    pub labels: Vec<String>,
}

/// The Prometheus series of one instrument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricNames {
    /// The metric family name (for a classic histogram, without `_bucket`/`_sum`/`_count`).
    pub family: String,
    /// The instrument kind.
    pub kind: InstrumentKind,
    /// How a histogram is exposed.
    pub histograms: HistogramMode,
}

impl MetricNames {
    /// The series that holds bucket counts: `<family>_bucket` for a classic histogram, the
    /// family itself for a native one (and for counters, which have no buckets).
    pub fn bucket(&self) -> String {
        self.suffixed("_bucket")
    }

    /// The series that counts observations.
    pub fn count(&self) -> String {
        self.suffixed("_count")
    }

    /// The series that sums observations.
    pub fn sum(&self) -> String {
        self.suffixed("_sum")
    }

    /// The series of a counter (its family name; any `_total` is already part of it).
    pub fn total(&self) -> String {
        self.family.clone()
    }

    /// The series whose increase is the running total of what is measured: a counter
    /// itself, a classic histogram's `_sum` (OpenLIT records cost as a histogram of per-call
    /// costs), a native histogram's one series (read with `histogram_sum`).
    pub fn running_total(&self) -> String {
        match self.kind {
            InstrumentKind::Counter | InstrumentKind::Gauge => self.family.clone(),
            InstrumentKind::Histogram => self.sum(),
        }
    }

    /// Whether this is a native histogram, queried with `histogram_count`/`histogram_sum`.
    pub fn is_native_histogram(&self) -> bool {
        self.kind == InstrumentKind::Histogram && self.histograms == HistogramMode::Native
    }

    fn suffixed(&self, suffix: &str) -> String {
        if self.kind == InstrumentKind::Histogram && self.histograms == HistogramMode::Classic {
            format!("{}{suffix}", self.family)
        } else {
            self.family.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(naming: NamingStrategy, signal: Signal) -> String {
        let contract = Contract {
            naming,
            ..Contract::default()
        };
        contract.metric(signal).unwrap().family
    }

    #[test]
    fn series_names_are_the_names_of_the_series() {
        for profile in Profile::ALL {
            for naming in NamingStrategy::ALL {
                for histograms in [HistogramMode::Classic, HistogramMode::Native] {
                    let contract = Contract {
                        profile,
                        naming,
                        histograms,
                        ..Contract::default()
                    };
                    let names: Vec<String> =
                        contract.series().into_iter().map(|s| s.name).collect();
                    assert_eq!(contract.series_names(), names, "{contract:?}");
                }
            }
        }
    }

    #[test]
    fn default_strategy_matches_the_otlp_translator() {
        use NamingStrategy::*;
        use Signal::*;
        let s = UnderscoreEscapingWithSuffixes;
        assert_eq!(names(s, TokenUsage), "gen_ai_client_token_usage");
        assert_eq!(
            names(s, OperationDuration),
            "gen_ai_client_operation_duration_seconds"
        );
        assert_eq!(names(s, Cost), "llm_slo_client_cost_total");
    }

    #[test]
    fn every_strategy_names_the_three_reference_instruments() {
        use NamingStrategy::*;
        use Signal::*;
        let expected = [
            (
                NoUtf8EscapingWithSuffixes,
                [
                    "gen_ai.client.token.usage",
                    "gen_ai.client.operation.duration_seconds",
                    "llm_slo.client.cost_total",
                ],
            ),
            (
                UnderscoreEscapingWithoutSuffixes,
                [
                    "gen_ai_client_token_usage",
                    "gen_ai_client_operation_duration",
                    "llm_slo_client_cost",
                ],
            ),
            (
                NoTranslation,
                [
                    "gen_ai.client.token.usage",
                    "gen_ai.client.operation.duration",
                    "llm_slo.client.cost",
                ],
            ),
        ];
        for (strategy, [tokens, duration, cost]) in expected {
            assert_eq!(names(strategy, TokenUsage), tokens, "{strategy:?}");
            assert_eq!(names(strategy, OperationDuration), duration, "{strategy:?}");
            assert_eq!(names(strategy, Cost), cost, "{strategy:?}");
        }
    }

    #[test]
    fn latest_profile_counters_get_total() {
        let contract = Contract {
            profile: Profile::GenAiLatest,
            ..Contract::default()
        };
        let cache = contract.metric(Signal::CacheReadInputTokens).unwrap();
        assert_eq!(
            cache.total(),
            "gen_ai_client_inference_usage_cache_read_input_tokens_total"
        );
        assert!(contract.metric(Signal::TokenUsage).is_none());
    }

    #[test]
    fn native_histograms_have_one_series() {
        let contract = Contract {
            histograms: HistogramMode::Native,
            ..Contract::default()
        };
        let d = contract.metric(Signal::OperationDuration).unwrap();
        assert_eq!(d.bucket(), "gen_ai_client_operation_duration_seconds");
        assert_eq!(d.count(), "gen_ai_client_operation_duration_seconds");
        assert!(d.is_native_histogram());
    }
}
