//! OpenTelemetry GenAI metrics and exact cost for every LLM call, emitting exactly the
//! contract that llm-slo's generated rules and dashboards query.
//!
//! Give [`LlmMetrics`] a [`Meter`] and the runtime configuration `llm-slo generate` writes
//! (`generated/runtime/llm-slo-otel.json`: profile, histogram boundaries, extra attributes,
//! prices). For each call it records the operation duration, the time to first chunk of
//! streamed answers, tokens by type as the configured profile counts them, failures with
//! `error.type`, and the cost in US dollars from the same pricing engine as `llm-slo price`.
//!
//! ```
//! use llm_slo_otel::{CallInfo, LlmMetrics, usage};
//!
//! # let config: llm_slo_core::runtime::RuntimeConfig = serde_json::from_str(include_str!("../../../generated/runtime/llm-slo-otel.json")).unwrap();
//! let meter = opentelemetry::global::meter("support-assistant");
//! let llm = LlmMetrics::new(&meter, config);
//! let mut call = llm.start(CallInfo::new("chat", "anthropic", "claude-sonnet-4-6").attribute("feature", "chat"));
//! // … send the request; on the first streamed chunk:
//! call.first_chunk();
//! let response = serde_json::json!({"usage": {"input_tokens": 120, "cache_read_input_tokens": 2000, "output_tokens": 300}});
//! let recorded = call.finish(Some("claude-sonnet-4-6"), usage::anthropic(&response).ok());
//! assert!(recorded.cost.is_ok());
//! ```
//!
//! This crate depends on the OpenTelemetry API only; the application chooses the SDK and the
//! exporter. Histogram boundaries are passed as instrument advice, which the SDK honours for
//! explicit-bucket histograms.

mod call;
pub mod usage;

#[cfg(feature = "prometheus-text")]
pub mod exposition;
#[cfg(feature = "prometheus-text")]
pub mod simulate;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use llm_slo_core::contract::{
    Contract, ERROR_TYPE, InstrumentKind, OPERATION_NAME, PROVIDER_NAME, REQUEST_MODEL,
    RESPONSE_MODEL, SERVER_ADDRESS, SERVER_PORT, Signal, TOKEN_MODALITY, TOKEN_TYPE,
};
use llm_slo_core::pricing::time::Instant;
use llm_slo_core::pricing::{Cost, ModelIndex, PriceError, PriceTable, Usage};
use llm_slo_core::runtime::RuntimeConfig;
use opentelemetry::KeyValue;
use opentelemetry::metrics::{Counter, Histogram, Meter};
use rust_decimal::prelude::ToPrimitive;

pub use call::Call;
pub use llm_slo_core::pricing::Usage as TokenUsage;

/// The `error.type` of a call whose guard was dropped without `finish` or `fail`.
pub const DROPPED: &str = "_OTHER";

/// Who was called for what: the attributes of every measurement of one call. Strings are
/// shared (`Arc<str>`), so building a call's attributes copies no text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallInfo {
    /// `gen_ai.operation.name`: `chat`, `text_completion`, `embeddings`, …
    pub operation: Arc<str>,
    /// `gen_ai.provider.name`: `anthropic`, `openai`, `gcp.gemini`, …
    pub provider: Arc<str>,
    /// `gen_ai.request.model`.
    pub request_model: Arc<str>,
    /// `server.address`.
    pub server_address: Option<Arc<str>>,
    /// `server.port`.
    pub server_port: Option<u16>,
    /// The service tier asked for (`batch`, `flex`, `priority`), for pricing.
    pub service_tier: Option<Arc<str>>,
    /// Values of the configured extra attributes (`feature`, `prompt_version`, …); others
    /// are ignored, so the series stay the ones the rules expect.
    pub attributes: Vec<(Arc<str>, Arc<str>)>,
}

impl CallInfo {
    /// A call of an operation to a provider's model.
    pub fn new(operation: &str, provider: &str, request_model: &str) -> CallInfo {
        CallInfo {
            operation: operation.into(),
            provider: provider.into(),
            request_model: request_model.into(),
            server_address: None,
            server_port: None,
            service_tier: None,
            attributes: Vec::new(),
        }
    }

    /// With an extra attribute.
    pub fn attribute(mut self, name: &str, value: &str) -> CallInfo {
        self.attributes.push((name.into(), value.into()));
        self
    }

    /// With the server called.
    pub fn server(mut self, address: &str, port: Option<u16>) -> CallInfo {
        self.server_address = Some(address.into());
        self.server_port = port;
        self
    }

    /// With a service tier.
    pub fn service_tier(mut self, tier: &str) -> CallInfo {
        self.service_tier = Some(tier.into());
        self
    }
}

/// One completed (or failed) call, measured by the caller.
#[derive(Clone, Debug)]
pub struct CallRecord<'a> {
    /// Who was called.
    pub info: &'a CallInfo,
    /// From request to the end of the response.
    pub duration: Duration,
    /// From request to the first streamed chunk, for streamed calls.
    pub first_chunk: Option<Duration>,
    /// `gen_ai.response.model`.
    pub response_model: Option<&'a str>,
    /// Token usage (normalised: see [`usage`]); `None` when the call failed without any.
    pub usage: Option<&'a Usage>,
    /// `error.type` of a failed call.
    pub error_type: Option<&'a str>,
    /// When the call was made (for the prices in force); now when `None`.
    pub at: Option<SystemTime>,
}

/// Why a call has no cost.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CostError {
    /// The call reported no usage.
    NoUsage,
    /// The price table has no such provider and model.
    UnknownModel {
        /// The provider.
        provider: String,
        /// The model.
        model: String,
    },
    /// The engine refused the usage (a unit without a price, a subset above its total, …).
    Price(PriceError),
}

impl std::fmt::Display for CostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CostError::NoUsage => f.write_str("no usage reported"),
            CostError::UnknownModel { provider, model } => {
                write!(f, "no prices for `{model}` of `{provider}`")
            }
            CostError::Price(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CostError {}

/// What was recorded for a call.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The cost added to the cost counter, or why none was.
    pub cost: Result<Cost, CostError>,
}

/// The instruments of a profile.
struct Instruments {
    duration: Option<Histogram<f64>>,
    first_chunk: Option<Histogram<f64>>,
    token_usage: Option<Histogram<u64>>,
    counters: Vec<(Signal, Counter<u64>)>,
    /// Per-call input and output sizes (latest).
    per_call: Vec<(Signal, Histogram<u64>)>,
    cost: CostInstrument,
}

/// Where a call's cost goes: a counter (the conventions' profiles), or a histogram of
/// per-call costs where the profile's emitter records one (OpenLIT's `gen_ai.usage.cost`).
enum CostInstrument {
    Counter(Counter<f64>),
    Histogram(Histogram<f64>),
}

struct Inner {
    contract: Contract,
    instruments: Instruments,
    prices: ModelIndex<'static>,
}

/// The GenAI metrics of one application; cheap to clone and share between threads.
#[derive(Clone)]
pub struct LlmMetrics {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for LlmMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmMetrics")
            .field("contract", &self.inner.contract)
            .finish_non_exhaustive()
    }
}

/// A configuration that cannot be loaded.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Reads a runtime configuration (`runtime/llm-slo-otel.json`), refusing a format this
/// release does not read.
pub fn read_config(json: &str) -> Result<RuntimeConfig, ConfigError> {
    let config: RuntimeConfig = serde_json::from_str(json)
        .map_err(|e| ConfigError(format!("not an llm-slo-otel configuration: {e}")))?;
    if config.format != llm_slo_core::runtime::RUNTIME_FORMAT {
        return Err(ConfigError(format!(
            "configuration format {} is not the {} this release reads: regenerate it",
            config.format,
            llm_slo_core::runtime::RUNTIME_FORMAT
        )));
    }
    Ok(config)
}

impl LlmMetrics {
    /// The instruments of a configuration on a meter.
    ///
    /// The price table is kept for the life of the process (it is leaked once, so that the
    /// model index prepared from it needs no lock and no copy per call).
    pub fn new(meter: &Meter, config: RuntimeConfig) -> LlmMetrics {
        let contract = config.contract();
        let instruments = Instruments::new(meter, &contract, &config);
        let table: &'static PriceTable = Box::leak(Box::new(config.pricing));
        LlmMetrics {
            inner: Arc::new(Inner {
                contract,
                instruments,
                prices: table.index(),
            }),
        }
    }

    /// Reads the JSON `llm-slo generate` writes (`runtime/llm-slo-otel.json`).
    pub fn from_json(meter: &Meter, json: &str) -> Result<LlmMetrics, ConfigError> {
        Ok(LlmMetrics::new(meter, read_config(json)?))
    }

    /// The contract this instance emits.
    pub fn contract(&self) -> &Contract {
        &self.inner.contract
    }

    /// Starts measuring a call; record it with [`Call::finish`] or [`Call::fail`]. A call
    /// dropped unfinished is recorded as failed with `error.type` [`DROPPED`].
    pub fn start(&self, info: CallInfo) -> Call {
        Call::new(self.clone(), info)
    }

    /// Records a call measured by the caller (the guard of [`LlmMetrics::start`] uses this).
    pub fn record(&self, call: &CallRecord<'_>) -> Recorded {
        let inner = &*self.inner;
        let mut base = self.attributes(call);
        let i = &inner.instruments;
        if let Some(h) = &i.duration {
            h.record(call.duration.as_secs_f64(), &base);
        }
        // Only the durations and the cost define `error.type`: a failed call's first chunk
        // and tokens are recorded with the attributes of a successful one.
        let mut without_error: Vec<KeyValue>;
        let plain = if call.error_type.is_some() {
            without_error = base
                .iter()
                .filter(|kv| kv.key.as_str() != ERROR_TYPE)
                .cloned()
                .collect();
            &mut without_error
        } else {
            &mut base
        };
        if let (Some(h), Some(first)) = (&i.first_chunk, call.first_chunk) {
            h.record(first.as_secs_f64(), plain);
        }
        self.record_tokens(call, plain);
        let cost = match call.usage {
            None => Err(CostError::NoUsage),
            Some(usage) => match (self.cost(call.info, usage, call.at), call.response_model) {
                // An alias the table lacks: the dated id the provider answered with may be in it.
                (Err(CostError::UnknownModel { .. }), Some(model)) => {
                    self.price(call.info, model, usage, call.at)
                }
                (cost, _) => cost,
            },
        };
        if let Ok(cost) = &cost
            && let Some(usd) = cost.total.to_f64()
        {
            match &i.cost {
                CostInstrument::Counter(counter) => counter.add(usd, &base),
                CostInstrument::Histogram(histogram) => histogram.record(usd, &base),
            }
        }
        Recorded { cost }
    }

    /// The exact cost of a call at the configured prices.
    pub fn cost(
        &self,
        info: &CallInfo,
        usage: &Usage,
        at: Option<SystemTime>,
    ) -> Result<Cost, CostError> {
        self.price(info, &info.request_model, usage, at)
    }

    /// The cost of a call as if made to `model`.
    fn price(
        &self,
        info: &CallInfo,
        model: &str,
        usage: &Usage,
        at: Option<SystemTime>,
    ) -> Result<Cost, CostError> {
        let prices = &self.inner.prices;
        let model = prices
            .find(&info.provider, model)
            .ok_or_else(|| CostError::UnknownModel {
                provider: info.provider.to_string(),
                model: model.to_owned(),
            })?;
        // Without a time, the engine reads the clock when the prices depend on it (dated
        // periods, daily windows), and only then.
        let instant = at.map(|at| {
            let seconds = at
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
            Instant(seconds)
        });
        prices
            .cost(model, usage, instant, info.service_tier.as_deref())
            .map_err(CostError::Price)
    }

    /// The attributes every instrument carries for a call (room for one more: the token
    /// type or modality).
    fn attributes(&self, call: &CallRecord<'_>) -> Vec<KeyValue> {
        let info = call.info;
        let mut out = Vec::with_capacity(9 + info.attributes.len());
        out.push(KeyValue::new(OPERATION_NAME, info.operation.clone()));
        out.push(KeyValue::new(PROVIDER_NAME, info.provider.clone()));
        out.push(KeyValue::new(REQUEST_MODEL, info.request_model.clone()));
        if let Some(model) = call.response_model {
            // Most answers name the model asked for: share its text rather than copy it.
            let value = if model == &*info.request_model {
                opentelemetry::Value::from(info.request_model.clone())
            } else {
                opentelemetry::Value::from(model.to_owned())
            };
            out.push(KeyValue::new(RESPONSE_MODEL, value));
        }
        if let Some(address) = &info.server_address {
            out.push(KeyValue::new(SERVER_ADDRESS, address.clone()));
        }
        if let Some(port) = info.server_port {
            out.push(KeyValue::new(SERVER_PORT, i64::from(port)));
        }
        if let Some(error) = call.error_type {
            // An empty value would read as no error at all in Prometheus.
            let error = if error.is_empty() { DROPPED } else { error };
            out.push(KeyValue::new(ERROR_TYPE, error.to_owned()));
        }
        for (name, value) in &info.attributes {
            if self
                .inner
                .contract
                .extra_attributes
                .iter()
                .any(|a| **a == **name)
            {
                out.push(KeyValue::new(name.clone(), value.clone()));
            }
        }
        out
    }

    /// Tokens as the profile counts them: a histogram by `gen_ai.token.type` (v1.41), or
    /// per-call size histograms and counters by modality, the counters recorded for failed
    /// calls too (0, modality `unknown`, when no usage is known) as the newer conventions say.
    fn record_tokens(&self, call: &CallRecord<'_>, base: &mut Vec<KeyValue>) {
        let i = &self.inner.instruments;
        if let Some(h) = &i.token_usage {
            if let Some(usage) = call.usage {
                for (token_type, unit) in [("input", "input"), ("output", "output")] {
                    base.push(KeyValue::new(TOKEN_TYPE, token_type));
                    h.record(usage.get(unit), base);
                    base.pop();
                }
            }
            return;
        }
        if let Some(usage) = call.usage {
            for (signal, histogram) in &i.per_call {
                let unit = if *signal == Signal::CallInputTokens {
                    "input"
                } else {
                    "output"
                };
                histogram.record(usage.get(unit), base);
            }
        }
        for (signal, counter) in &i.counters {
            let mut add = |n: u64, modality: &'static str| {
                base.push(KeyValue::new(TOKEN_MODALITY, modality));
                counter.add(n, base);
                base.pop();
            };
            let Some(usage) = call.usage else {
                if matches!(signal, Signal::InputTokens | Signal::OutputTokens) {
                    add(0, "unknown");
                }
                continue;
            };
            // (total unit, audio part, image part) of each counter.
            let (total, audio, image) = match signal {
                Signal::InputTokens => ("input", "input_audio", "input_image"),
                Signal::OutputTokens => ("output", "output_audio", "output_image"),
                Signal::CacheReadInputTokens => {
                    ("cache_read", "cache_audio_read", "cache_image_read")
                }
                Signal::CacheWriteInputTokens => {
                    ("cache_write", "cache_audio_write", "cache_image_write")
                }
                Signal::ReasoningOutputTokens => (
                    "output_reasoning",
                    "output_audio_reasoning",
                    "output_image_reasoning",
                ),
                _ => continue,
            };
            // A part the provider did not report is not recorded as 0 (Claude reports no
            // reasoning count; its thinking is in the output total).
            if !usage.is_reported(total) {
                continue;
            }
            let all = usage.get(total);
            // Without a breakdown by modality, the modality is unknown, not text.
            if !usage.is_reported(audio) && !usage.is_reported(image) {
                add(all, "unknown");
                continue;
            }
            let (audio, image) = (usage.get(audio), usage.get(image));
            let text = all.saturating_sub(audio.saturating_add(image));
            if text > 0 || (audio == 0 && image == 0) {
                add(text, "text");
            }
            if audio > 0 {
                add(audio, "audio");
            }
            if image > 0 {
                add(image, "image");
            }
        }
    }
}

impl Instruments {
    fn new(meter: &Meter, contract: &Contract, config: &RuntimeConfig) -> Instruments {
        let name_of = |signal: Signal| contract.instrument(signal);
        let seconds = |signal: Signal| {
            name_of(signal).map(|inst| {
                meter
                    .f64_histogram(inst.name)
                    .with_unit(inst.unit)
                    .with_description(inst.description)
                    .with_boundaries(config.duration_buckets.clone())
                    .build()
            })
        };
        let tokens = |signal: Signal| {
            name_of(signal)
                .filter(|inst| inst.kind == InstrumentKind::Histogram)
                .map(|inst| {
                    meter
                        .u64_histogram(inst.name)
                        .with_unit(inst.unit)
                        .with_description(inst.description)
                        .with_boundaries(config.token_buckets.clone())
                        .build()
                })
        };
        let token_usage = tokens(Signal::TokenUsage);
        let per_call = [Signal::CallInputTokens, Signal::CallOutputTokens]
            .into_iter()
            .filter_map(|signal| Some((signal, tokens(signal)?)))
            .collect();
        let counters = [
            Signal::InputTokens,
            Signal::OutputTokens,
            Signal::CacheReadInputTokens,
            Signal::CacheWriteInputTokens,
            Signal::ReasoningOutputTokens,
        ]
        .into_iter()
        .filter_map(|signal| {
            let inst = name_of(signal)?;
            (inst.kind == InstrumentKind::Counter).then(|| {
                (
                    signal,
                    meter
                        .u64_counter(inst.name)
                        .with_unit(inst.unit)
                        .with_description(inst.description)
                        .build(),
                )
            })
        })
        .collect();
        let cost = match contract.instrument(Signal::Cost) {
            Some(inst) if inst.kind == InstrumentKind::Histogram => CostInstrument::Histogram(
                meter
                    .f64_histogram(inst.name)
                    .with_unit(inst.unit)
                    .with_description(inst.description)
                    .build(),
            ),
            Some(inst) => CostInstrument::Counter(
                meter
                    .f64_counter(inst.name)
                    .with_unit(inst.unit)
                    .with_description(inst.description)
                    .build(),
            ),
            None => CostInstrument::Counter(meter.f64_counter(config.cost_metric.clone()).build()),
        };
        Instruments {
            duration: seconds(Signal::OperationDuration),
            first_chunk: seconds(Signal::TimeToFirstChunk),
            token_usage,
            counters,
            per_call,
            cost,
        }
    }
}

#[cfg(feature = "spans")]
impl LlmMetrics {
    /// The `gen_ai.usage.*` span attributes of a call's usage, for callers that also trace
    /// their calls: totals, and the cache and reasoning parts that were reported, named as
    /// the configured profile names them (`cache_creation` in v1.41, `cache_write` after).
    pub fn span_attributes(&self, usage: &Usage) -> Vec<KeyValue> {
        let cache_write = self.inner.contract.profile.cache_write_usage_attribute();
        let tokens = |unit: &str| i64::try_from(usage.get(unit)).unwrap_or(i64::MAX);
        let mut out = vec![
            KeyValue::new("gen_ai.usage.input_tokens", tokens("input")),
            KeyValue::new("gen_ai.usage.output_tokens", tokens("output")),
        ];
        for (unit, key) in [
            ("cache_read", "gen_ai.usage.cache_read.input_tokens"),
            ("cache_write", cache_write),
            ("output_reasoning", "gen_ai.usage.reasoning.output_tokens"),
        ] {
            if usage.is_reported(unit) {
                out.push(KeyValue::new(key, tokens(unit)));
            }
        }
        out
    }
}

#[cfg(all(test, feature = "spans"))]
mod span_tests {
    use super::*;

    #[test]
    fn span_attributes_name_the_reported_parts_as_the_profile_does() {
        let usage = Usage::new()
            .with("input", 900)
            .with("cache_read", 800)
            .with("cache_write", 100)
            .with("output", 50);
        let json = include_str!("../../../generated/runtime/llm-slo-otel.json");
        let mut config: RuntimeConfig = serde_json::from_str(json).expect("config");
        let meter = opentelemetry::global::meter("test");
        for (profile, cache_write) in [
            (
                llm_slo_core::contract::Profile::GenAiV1_41,
                "gen_ai.usage.cache_creation.input_tokens",
            ),
            (
                llm_slo_core::contract::Profile::GenAiLatest,
                "gen_ai.usage.cache_write.input_tokens",
            ),
        ] {
            config.profile = profile;
            let metrics = LlmMetrics::new(&meter, config.clone());
            let attributes: Vec<(String, i64)> = metrics
                .span_attributes(&usage)
                .into_iter()
                .map(|kv| {
                    let opentelemetry::Value::I64(n) = kv.value else {
                        panic!("{} is not an integer", kv.key)
                    };
                    (kv.key.to_string(), n)
                })
                .collect();
            assert_eq!(
                attributes,
                [
                    ("gen_ai.usage.input_tokens".to_owned(), 900),
                    ("gen_ai.usage.output_tokens".to_owned(), 50),
                    ("gen_ai.usage.cache_read.input_tokens".to_owned(), 800),
                    (cache_write.to_owned(), 100),
                ]
            );
        }
    }
}
