//! Metrics from other crates' spans (feature `tracing`): a `tracing_subscriber` layer that
//! reads the `gen_ai.*` fields of the spans Rust LLM clients open for each call (`genai`
//! with its `otel` feature, `rig`, your own `tracing::info_span!`) and records each
//! inference span, when it closes, as a call: its duration, tokens, cost and `error.type` —
//! so the generated rules see applications that trace their calls but record no metrics.
//!
//! A span counts as a call when its `gen_ai.operation.name` is an inference or embeddings
//! operation (`chat`, `text_completion`, `generate_content`, `embeddings`); agent and tool
//! spans (`invoke_agent`, `execute_tool`) are not calls and would count their calls twice.
//! Usage follows the conventions: `gen_ai.usage.input_tokens` counts every input token,
//! cached ones included, with `gen_ai.usage.cache_read.input_tokens` and
//! `gen_ai.usage.cache_creation.input_tokens` (or `cache_write`) as its parts. A span without
//! usage is counted as unpriced (`no_usage`); a failed one (`error.type`, or
//! `otel.status_code = "ERROR"`) carries its `error.type`.
//!
//! ```
//! use tracing_subscriber::layer::SubscriberExt as _;
//! # let config: llm_slo_core::runtime::RuntimeConfig = serde_json::from_str(include_str!("../../../generated/runtime/llm-slo-otel.json")).unwrap();
//! let llm = llm_slo_otel::LlmMetrics::new(&opentelemetry::global::meter("app"), config);
//! let subscriber = tracing_subscriber::registry().with(llm_slo_otel::layer::GenAiLayer::new(llm));
//! tracing::subscriber::with_default(subscriber, || {
//!     let span = tracing::info_span!("chat claude-sonnet-4-6",
//!         "gen_ai.operation.name" = "chat", "gen_ai.provider.name" = "anthropic",
//!         "gen_ai.request.model" = "claude-sonnet-4-6",
//!         "gen_ai.usage.input_tokens" = tracing::field::Empty,
//!         "gen_ai.usage.output_tokens" = tracing::field::Empty);
//!     // … the call; then:
//!     span.record("gen_ai.usage.input_tokens", 1200);
//!     span.record("gen_ai.usage.output_tokens", 300);
//! }); // closed: recorded, with its cost
//! ```

use std::time::{Duration, Instant};

use llm_slo_core::pricing::Usage;
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Subscriber, span};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use crate::{CallInfo, CallRecord, LlmMetrics};

/// The layer: record every closed GenAI inference span as a call.
#[derive(Clone, Debug)]
pub struct GenAiLayer {
    metrics: LlmMetrics,
}

impl GenAiLayer {
    /// A layer recording into these metrics.
    pub fn new(metrics: LlmMetrics) -> GenAiLayer {
        GenAiLayer { metrics }
    }
}

/// The operations that are calls.
const CALLS: &[&str] = &["chat", "text_completion", "generate_content", "embeddings"];

/// What a span has said so far.
#[derive(Debug, Default)]
struct Fields {
    text: Vec<(&'static str, String)>,
    numbers: Vec<(&'static str, f64)>,
}

impl Fields {
    fn text(&self, name: &str) -> Option<&str> {
        self.text
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.numbers
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .or_else(|| self.text(name).and_then(|t| t.parse().ok()))
    }

    fn count(&self, name: &str) -> Option<u64> {
        self.number(name)
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n as u64)
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.text.push((field.name(), value.to_owned()));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.numbers.push((field.name(), value as f64));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.numbers.push((field.name(), value as f64));
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.numbers.push((field.name(), value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.text.push((field.name(), value.to_string()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        // `%value` and `?value` fields: their text, unquoted.
        let text = format!("{value:?}");
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .map(str::to_owned)
            .unwrap_or(text);
        self.text.push((field.name(), text));
    }
}

/// A GenAI span being timed.
struct Open {
    started: Instant,
    fields: Fields,
}

impl<S> Layer<S> for GenAiLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        // Only spans that declare an operation can be calls: others cost one lookup.
        if attrs
            .metadata()
            .fields()
            .field("gen_ai.operation.name")
            .is_none()
        {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Open {
                started: Instant::now(),
                fields,
            });
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(open) = span.extensions_mut().get_mut::<Open>()
        {
            values.record(&mut open.fields);
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(open) = span.extensions_mut().remove::<Open>() else {
            return;
        };
        record(&self.metrics, &open);
    }
}

/// Records a closed span as a call, when it is one.
fn record(metrics: &LlmMetrics, open: &Open) {
    let f = &open.fields;
    let Some(operation) = f
        .text("gen_ai.operation.name")
        .filter(|o| CALLS.contains(o))
    else {
        return;
    };
    // `gen_ai.system` before the conventions renamed it.
    let provider = f
        .text("gen_ai.provider.name")
        .or_else(|| f.text("gen_ai.system"))
        .unwrap_or("_OTHER");
    let model = f.text("gen_ai.request.model").unwrap_or("");
    let mut info = CallInfo::new(operation, provider, model);
    if let Some(address) = f.text("server.address") {
        let port = f
            .count("server.port")
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(443);
        info = info.server(address, port);
    }
    for name in &metrics.contract().extra_attributes {
        if let Some(value) = f.text(name) {
            info = info.attribute(name, value);
        }
    }
    let error = f.text("error.type").or_else(|| {
        f.text("otel.status_code")
            .filter(|s| s.eq_ignore_ascii_case("error"))
            .map(|_| crate::DROPPED)
    });
    let usage = usage(f);
    let first_chunk = f
        .number("gen_ai.response.time_to_first_chunk")
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64);
    metrics.record(&CallRecord {
        info: &info,
        duration: open.started.elapsed(),
        first_chunk,
        chunk_intervals: &[],
        response_model: f.text("gen_ai.response.model"),
        usage: usage.as_ref(),
        error_type: error,
        at: None,
    });
}

/// The usage of a span's `gen_ai.usage.*` fields, as the conventions count them; `None`
/// without input or output.
fn usage(f: &Fields) -> Option<Usage> {
    let input = f.count("gen_ai.usage.input_tokens");
    let output = f.count("gen_ai.usage.output_tokens");
    if input.is_none() && output.is_none() {
        return None;
    }
    let mut usage = Usage::new();
    for (unit, fields) in [
        ("input", &["gen_ai.usage.input_tokens"][..]),
        ("output", &["gen_ai.usage.output_tokens"]),
        ("cache_read", &["gen_ai.usage.cache_read.input_tokens"]),
        (
            "cache_write",
            &[
                "gen_ai.usage.cache_write.input_tokens",
                "gen_ai.usage.cache_creation.input_tokens",
            ],
        ),
        (
            "output_reasoning",
            &[
                "gen_ai.usage.reasoning.output_tokens",
                // rig's name.
                "gen_ai.usage.reasoning_tokens",
            ],
        ),
    ] {
        if let Some(n) = fields.iter().find_map(|name| f.count(name)) {
            usage.set(unit, n);
        }
    }
    Some(usage)
}
