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

pub mod agent;
mod call;
pub mod cardinality;
#[cfg(feature = "tracing")]
pub mod layer;
mod prices;
pub mod resource;
#[cfg(feature = "traces")]
mod span;
pub mod stream;
pub mod usage;

#[cfg(feature = "prometheus-text")]
pub mod exposition;
#[cfg(feature = "prometheus-text")]
pub mod simulate;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use llm_slo_core::contract::{
    Contract, ERROR_TYPE, InstrumentKind, OPERATION_NAME, PRICES_HASH, PROVIDER_NAME,
    REQUEST_MODEL, RESPONSE_MODEL, SERVER_ADDRESS, SERVER_PORT, Signal, TOKEN_MODALITY, TOKEN_TYPE,
    UNPRICED_REASON,
};
use llm_slo_core::pricing::time::Instant;
use llm_slo_core::pricing::{Cost, PriceError, PriceTable, Usage};
use llm_slo_core::runtime::RuntimeConfig;
use opentelemetry::KeyValue;
use opentelemetry::metrics::{Counter, Histogram, Meter};
use rust_decimal::prelude::ToPrimitive;

pub use call::Call;
pub use llm_slo_core::pricing::Usage as TokenUsage;
pub use resource::resource_attributes;
#[cfg(feature = "traces")]
pub use span::COST_ATTRIBUTE;

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

    /// With the server called: the conventions require its port whenever the address is
    /// set.
    pub fn server(mut self, address: &str, port: u16) -> CallInfo {
        self.server_address = Some(address.into());
        self.server_port = Some(port);
        self
    }

    /// With the server of an endpoint URL (`https://api.openai.com/v1`): its host, and its
    /// port (443 for `https`, 80 for `http` when the URL names none). A URL without a host
    /// changes nothing.
    pub fn server_url(self, url: &str) -> CallInfo {
        let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
                match port.parse::<u16>() {
                    Ok(port) => (host, Some(port)),
                    Err(_) => (authority, None),
                }
            }
            _ => (authority, None),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return self;
        }
        let port = port.unwrap_or(if scheme.eq_ignore_ascii_case("http") {
            80
        } else {
            443
        });
        self.server(host, port)
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
    /// The time between each later chunk and the one before it, for streamed calls.
    pub chunk_intervals: &'a [Duration],
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
    /// A count above the configured sanity cap (`max_tokens_per_call`): a reading error or a
    /// bug, not a call, so neither its tokens nor a cost are recorded.
    UsageCap {
        /// The unit whose count is over the cap.
        unit: String,
        /// The count.
        count: u64,
        /// The cap.
        cap: u64,
    },
}

impl CostError {
    /// The `llm_slo.reason` this error is counted under in the unpriced-calls counter.
    pub fn reason(&self) -> &'static str {
        match self {
            CostError::NoUsage => "no_usage",
            CostError::UnknownModel { .. } => "unknown_model",
            CostError::Price(_) => "refused",
            CostError::UsageCap { .. } => "usage_cap",
        }
    }
}

impl std::fmt::Display for CostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CostError::NoUsage => f.write_str("no usage reported"),
            CostError::UnknownModel { provider, model } => {
                write!(f, "no prices for `{model}` of `{provider}`")
            }
            CostError::Price(e) => write!(f, "{e}"),
            CostError::UsageCap { unit, count, cap } => write!(
                f,
                "{count} `{unit}` tokens in one call is above the cap of {cap}: not recorded"
            ),
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
    /// Inference calls (`chat`, `text_completion`, `generate_content`).
    duration: Option<Histogram<f64>>,
    /// Embeddings calls, where the profile has their own histogram.
    embeddings_duration: Option<Histogram<f64>>,
    /// Other operations, where the profile has their own histogram.
    other_duration: Option<Histogram<f64>>,
    first_chunk: Option<Histogram<f64>>,
    per_chunk: Option<Histogram<f64>>,
    token_usage: Option<Histogram<u64>>,
    embeddings_tokens: Option<Histogram<u64>>,
    counters: Vec<(Signal, Counter<u64>)>,
    /// Per-call input and output sizes (latest).
    per_call: Vec<(Signal, Histogram<u64>)>,
    cost: CostInstrument,
    /// Calls without a cost, by reason.
    unpriced: Option<Counter<u64>>,
    /// Evaluation scores.
    score: Option<Histogram<f64>>,
    /// Agent invocations and tool calls (`genai-latest`), and the cost of each invocation.
    agent_duration: Option<Histogram<f64>>,
    agent_inference_calls: Option<Histogram<u64>>,
    agent_tool_calls: Option<Histogram<u64>>,
    tool_duration: Option<Histogram<f64>>,
    agent_cost: Option<Histogram<f64>>,
    /// The price table in use; kept so its callback stays registered.
    _prices_info: Option<opentelemetry::metrics::ObservableGauge<u64>>,
}

/// Where a call's cost goes: a counter (the conventions' profiles), or a histogram of
/// per-call costs where the profile's emitter records one (OpenLIT's `gen_ai.usage.cost`).
enum CostInstrument {
    Counter(Counter<f64>),
    Histogram(Histogram<f64>),
}

/// The largest count of any unit a call may report before it is taken for a reading error
/// (`u64::MAX` tokens would cost $5e14 and poison the cumulative cost counter). Ten million
/// is five times the largest context window on sale.
pub const DEFAULT_MAX_TOKENS_PER_CALL: u64 = 10_000_000;

struct Inner {
    contract: Contract,
    instruments: Instruments,
    prices: Arc<prices::Prices>,
    max_tokens_per_call: u64,
    guard: cardinality::Guard,
    /// The tracer of the calls' spans; `None`: no spans.
    #[cfg(feature = "traces")]
    tracer: Option<opentelemetry::global::BoxedTracer>,
}

/// How an [`LlmMetrics`] records, beyond what its configuration says.
#[derive(Default)]
#[non_exhaustive]
pub struct Options {
    /// The cardinality limit the SDK was given (2,000 by default).
    cardinality_limit: Option<usize>,
    /// Where the one cardinality warning goes (standard error by default).
    on_overflow: Option<cardinality::OverflowHandler>,
    #[cfg(feature = "traces")]
    tracer: Option<opentelemetry::global::BoxedTracer>,
    #[cfg(feature = "traces")]
    no_spans: bool,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("cardinality_limit", &self.cardinality_limit)
            .finish_non_exhaustive()
    }
}

impl Options {
    /// The cardinality limit the SDK was configured with (a View's
    /// `with_cardinality_limit`), for the warning.
    pub fn cardinality_limit(mut self, limit: usize) -> Options {
        self.cardinality_limit = Some(limit);
        self
    }

    /// Where the one warning goes when the calls' attribute sets reach the cardinality limit
    /// (standard error by default): a log, a metric of your own.
    pub fn on_overflow(
        mut self,
        handler: impl Fn(&cardinality::Overflow) + Send + Sync + 'static,
    ) -> Options {
        self.on_overflow = Some(Arc::new(handler));
        self
    }

    /// The tracer of the calls' spans (feature `traces`): a tracer of your SDK provider
    /// (`provider.tracer("llm")`); the global tracer `llm-slo-otel` otherwise.
    #[cfg(feature = "traces")]
    pub fn tracer<T, S>(mut self, tracer: T) -> Options
    where
        T: opentelemetry::trace::Tracer<Span = S> + Send + Sync + 'static,
        S: opentelemetry::trace::Span + Send + Sync + 'static,
    {
        self.tracer = Some(opentelemetry::global::BoxedTracer::new(Box::new(tracer)));
        self
    }

    /// No spans, though the feature `traces` is on (a library shared by applications that
    /// trace their calls themselves, or the benchmark's baseline).
    #[cfg(feature = "traces")]
    pub fn without_spans(mut self) -> Options {
        self.no_spans = true;
        self
    }
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

/// Reads a runtime configuration (`runtime/llm-slo-otel.json`). Fields this release does not
/// know are ignored, so a newer generator's file still loads; a newer *format* — a change an
/// older reader would get wrong — is refused, and so is a price table of a newer format.
pub fn read_config(json: &str) -> Result<RuntimeConfig, ConfigError> {
    let config: RuntimeConfig = serde_json::from_str(json)
        .map_err(|e| ConfigError(format!("not an llm-slo-otel configuration: {e}")))?;
    let newest = llm_slo_core::runtime::RUNTIME_FORMAT;
    if config.format > newest {
        return Err(ConfigError(format!(
            "configuration format {} is newer than the {newest} this release reads: upgrade llm-slo-otel",
            config.format
        )));
    }
    let newest = llm_slo_core::pricing::PRICE_TABLE_FORMAT;
    if config.pricing.format > newest {
        return Err(ConfigError(format!(
            "price table format {} is newer than the {newest} this release reads: upgrade llm-slo-otel",
            config.pricing.format
        )));
    }
    Ok(config)
}

impl LlmMetrics {
    /// The instruments of a configuration on a meter, and its prices (indexed once;
    /// [`LlmMetrics::replace_prices`] swaps them while calls are recorded).
    pub fn new(meter: &Meter, config: RuntimeConfig) -> LlmMetrics {
        LlmMetrics::with_options(meter, config, Options::default())
    }

    /// [`LlmMetrics::new`] with options: attribute allow-lists, the cardinality warning,
    /// the tracer.
    pub fn with_options(meter: &Meter, config: RuntimeConfig, options: Options) -> LlmMetrics {
        let contract = config.contract();
        let max_tokens_per_call = config
            .max_tokens_per_call
            .unwrap_or(DEFAULT_MAX_TOKENS_PER_CALL);
        let prices = Arc::new(prices::Prices::new(config.pricing.clone()));
        let instruments = Instruments::new(meter, &contract, &config, &prices);
        // A call's attributes make one set per token type (or modality) on the token
        // instruments.
        let per_key = if contract.profile.token_types().is_empty() {
            1
        } else {
            2
        };
        let guard = cardinality::Guard::new(
            options
                .cardinality_limit
                .unwrap_or(cardinality::SDK_CARDINALITY_LIMIT),
            per_key,
            options
                .on_overflow
                .unwrap_or_else(|| Arc::new(cardinality::print)),
        );
        LlmMetrics {
            inner: Arc::new(Inner {
                contract,
                instruments,
                prices,
                max_tokens_per_call,
                guard,
                #[cfg(feature = "traces")]
                tracer: (!options.no_spans).then(|| {
                    options
                        .tracer
                        .unwrap_or_else(|| opentelemetry::global::tracer("llm-slo-otel"))
                }),
            }),
        }
    }

    #[cfg(feature = "traces")]
    pub(crate) fn start_span(&self, info: &CallInfo) -> Option<span::CallSpan> {
        let tracer = self.inner.tracer.as_ref()?;
        Some(span::start(tracer, info))
    }

    /// Replaces the prices (a new `prices.json`, or the `pricing` of a regenerated runtime
    /// configuration): calls recorded from now on are priced with them. Nothing is leaked:
    /// the old table is freed when the last call that was pricing with it is done.
    pub fn replace_prices(&self, table: PriceTable) {
        self.inner.prices.replace(table);
    }

    /// Reloads the prices of a regenerated runtime configuration (its `pricing`); the rest
    /// of it must describe the same contract, whose instruments exist already.
    pub fn reload(&self, json: &str) -> Result<(), ConfigError> {
        let config = read_config(json)?;
        if config.contract() != self.inner.contract {
            return Err(ConfigError(
                "the configuration describes another contract (profile, naming, attributes or cost metric): create new LlmMetrics for it".to_owned(),
            ));
        }
        self.replace_prices(config.pricing);
        Ok(())
    }

    /// The `content_hash` of the prices in use (`sha256:…`, as `prices.json` says).
    pub fn prices_hash(&self) -> String {
        self.inner.prices.current().table().content_hash.clone()
    }

    /// Reads the JSON `llm-slo generate` writes (`runtime/llm-slo-otel.json`).
    pub fn from_json(meter: &Meter, json: &str) -> Result<LlmMetrics, ConfigError> {
        Ok(LlmMetrics::new(meter, read_config(json)?))
    }

    /// The contract this instance emits.
    pub fn contract(&self) -> &Contract {
        &self.inner.contract
    }

    /// The OTel name of the instrument behind a signal, for a View of the SDK: an
    /// attribute allow-list on one instrument (`with_allowed_attribute_keys`), a larger
    /// cardinality limit (`with_cardinality_limit`).
    pub fn instrument_name(&self, signal: Signal) -> Option<String> {
        self.inner.contract.instrument(signal).map(|i| i.name)
    }

    /// Starts measuring a call; record it with [`Call::finish`] or [`Call::fail`]. A call
    /// dropped unfinished is recorded as failed with `error.type` [`DROPPED`].
    pub fn start(&self, info: CallInfo) -> Call {
        Call::new(self.clone(), info)
    }

    /// Records a call measured by the caller (the guard of [`LlmMetrics::start`] uses this).
    pub fn record(&self, call: &CallRecord<'_>) -> Recorded {
        let inner = &*self.inner;
        let i = &inner.instruments;
        let mut base = self.attributes(call);
        if !inner.guard.warned() {
            inner.guard.observe(self.set_hash(call));
        }
        let embeddings = &*call.info.operation == "embeddings";
        let duration = match &*call.info.operation {
            "embeddings" => i.embeddings_duration.as_ref().or(i.duration.as_ref()),
            "chat" | "text_completion" | "generate_content" => i.duration.as_ref(),
            _ => i.other_duration.as_ref().or(i.duration.as_ref()),
        };
        if let Some(h) = duration {
            h.record(call.duration.as_secs_f64(), &base);
        }
        // Only the durations and the cost define `error.type`: a failed call's chunks and
        // tokens are recorded with the attributes of a successful one.
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
        if let Some(h) = &i.per_chunk {
            for interval in call.chunk_intervals {
                h.record(interval.as_secs_f64(), plain);
            }
        }
        // A count above the cap is a reading error, not a call: no tokens, no cost.
        let over_cap = call
            .usage
            .filter(|usage| usage.max_count() > inner.max_tokens_per_call)
            .map(|usage| {
                let (unit, count) = usage.iter().max_by_key(|(_, n)| *n).unwrap_or(("", 0));
                CostError::UsageCap {
                    unit: unit.to_owned(),
                    count,
                    cap: inner.max_tokens_per_call,
                }
            });
        let usage = if over_cap.is_some() { None } else { call.usage };
        let usable = CallRecord {
            usage,
            ..call.clone()
        };
        match (&i.embeddings_tokens, embeddings) {
            (Some(h), true) => {
                if let Some(usage) = usage {
                    h.record(usage.get("input"), plain);
                }
            }
            _ => self.record_tokens(&usable, plain),
        }
        let cost = match (over_cap, usage) {
            (Some(error), _) => Err(error),
            (None, None) => Err(CostError::NoUsage),
            (None, Some(usage)) => {
                match (self.cost(call.info, usage, call.at), call.response_model) {
                    // An alias the table lacks: the dated id the provider answered with may be in it.
                    (Err(CostError::UnknownModel { .. }), Some(model)) => {
                        self.price(call.info, model, usage, call.at)
                    }
                    (cost, _) => cost,
                }
            }
        };
        match &cost {
            Ok(cost) => {
                if let Some(usd) = cost.total.to_f64() {
                    match &i.cost {
                        CostInstrument::Counter(counter) => counter.add(usd, &base),
                        CostInstrument::Histogram(histogram) => histogram.record(usd, &base),
                    }
                }
            }
            // A failed call without usage has no cost to miss.
            Err(CostError::NoUsage) if call.error_type.is_some() => {}
            Err(error) => {
                if let Some(counter) = &i.unpriced {
                    counter.add(
                        1,
                        &[
                            KeyValue::new(OPERATION_NAME, call.info.operation.clone()),
                            KeyValue::new(PROVIDER_NAME, call.info.provider.clone()),
                            KeyValue::new(REQUEST_MODEL, call.info.request_model.clone()),
                            KeyValue::new(UNPRICED_REASON, error.reason()),
                        ],
                    );
                }
            }
        }
        Recorded { cost }
    }

    /// The hash of a call's attribute set, for the cardinality guard.
    fn set_hash(&self, call: &CallRecord<'_>) -> u64 {
        let info = call.info;
        let mut hash = cardinality::SetHash::new();
        hash.part(&info.operation);
        hash.part(&info.provider);
        hash.part(&info.request_model);
        hash.part(call.response_model.unwrap_or(""));
        hash.part(info.server_address.as_deref().unwrap_or(""));
        hash.part(call.error_type.unwrap_or(""));
        for (name, value) in &info.attributes {
            hash.part(name);
            hash.part(value);
        }
        hash.finish()
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
        let current = self.inner.prices.current();
        let prices = current.index();
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
        self.extra_attributes(&info.attributes, &mut out);
        out
    }

    /// Appends the attributes the contract lists among a call's extra attributes (the
    /// others are dropped, so the series stay the ones the rules aggregate).
    pub(crate) fn extra_attributes(
        &self,
        attributes: &[(Arc<str>, Arc<str>)],
        out: &mut Vec<KeyValue>,
    ) {
        for (name, value) in attributes {
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
    fn new(
        meter: &Meter,
        contract: &Contract,
        config: &RuntimeConfig,
        prices: &Arc<prices::Prices>,
    ) -> Instruments {
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
        let counter = |signal: Signal| {
            name_of(signal)
                .filter(|inst| inst.kind == InstrumentKind::Counter)
                .map(|inst| {
                    meter
                        .u64_counter(inst.name)
                        .with_unit(inst.unit)
                        .with_description(inst.description)
                        .build()
                })
        };
        let calls = |signal: Signal| {
            name_of(signal).map(|inst| {
                meter
                    .u64_histogram(inst.name)
                    .with_unit(inst.unit)
                    .with_description(inst.description)
                    .with_boundaries(llm_slo_core::contract::AGENT_CALL_BUCKETS.to_vec())
                    .build()
            })
        };
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
        .filter_map(|signal| Some((signal, counter(signal)?)))
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
        let prices_info = name_of(Signal::PricesInfo).map(|inst| {
            // Observed at each collection: the hash of the prices in use then.
            let prices = Arc::downgrade(prices);
            meter
                .u64_observable_gauge(inst.name)
                .with_unit(inst.unit)
                .with_description(inst.description)
                .with_callback(move |observer| {
                    if let Some(prices) = prices.upgrade() {
                        let hash = prices.current().table().content_hash.clone();
                        observer.observe(1, &[KeyValue::new(PRICES_HASH, hash)]);
                    }
                })
                .build()
        });
        Instruments {
            duration: seconds(Signal::OperationDuration),
            embeddings_duration: seconds(Signal::EmbeddingsDuration),
            other_duration: seconds(Signal::OtherOperationDuration),
            first_chunk: seconds(Signal::TimeToFirstChunk),
            per_chunk: seconds(Signal::TimePerOutputChunk),
            token_usage: tokens(Signal::TokenUsage),
            embeddings_tokens: tokens(Signal::EmbeddingsInputTokens),
            counters,
            per_call,
            cost,
            unpriced: counter(Signal::UnpricedCalls),
            score: name_of(Signal::EvaluationScore).map(|inst| {
                meter
                    .f64_histogram(inst.name)
                    .with_unit(inst.unit)
                    .with_description(inst.description)
                    .with_boundaries(config.score_buckets.clone())
                    .build()
            }),
            agent_duration: seconds(Signal::AgentDuration),
            agent_inference_calls: calls(Signal::AgentInferenceCalls),
            agent_tool_calls: calls(Signal::AgentToolCalls),
            tool_duration: seconds(Signal::ToolDuration),
            agent_cost: name_of(Signal::AgentRunCost).map(|inst| {
                meter
                    .f64_histogram(inst.name)
                    .with_unit(inst.unit)
                    .with_description(inst.description)
                    .with_boundaries(llm_slo_core::contract::AGENT_COST_BUCKETS.to_vec())
                    .build()
            }),
            _prices_info: prices_info,
        }
    }
}

#[cfg(feature = "traces")]
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

#[cfg(all(test, feature = "traces"))]
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
