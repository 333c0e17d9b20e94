//! Other crates' `gen_ai.*` spans become our metrics through the `tracing` layer, and a
//! stream of events becomes a measured call through the `futures` wrapper.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use futures_core::Stream;
use llm_slo_otel::exposition::{Registry, Sample, parse};
use llm_slo_otel::layer::GenAiLayer;
use llm_slo_otel::stream::OpenAiChat;
use llm_slo_otel::{CallInfo, LlmMetrics, usage};
use tracing::field::Empty;
use tracing_subscriber::layer::SubscriberExt as _;

const CONFIG: &str = include_str!("../../../../generated/runtime/llm-slo-otel.json");

fn recorder() -> (Registry, LlmMetrics) {
    let config = llm_slo_otel::read_config(CONFIG).expect("the generated config");
    let registry = Registry::new(config.naming);
    let metrics = LlmMetrics::new(&registry.meter("test"), config);
    (registry, metrics)
}

fn total(samples: &[Sample], name: &str, with: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|(n, labels, _)| {
            n == name
                && with
                    .iter()
                    .all(|(k, v)| labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|(_, _, v)| *v)
        .sum()
}

#[test]
fn genai_spans_are_recorded_as_calls() {
    let (registry, metrics) = recorder();
    let subscriber = tracing_subscriber::registry().with(GenAiLayer::new(metrics.clone()));
    tracing::subscriber::with_default(subscriber, || {
        // As `genai` (feature `otel`) opens its span: usage recorded when the answer comes.
        let span = tracing::info_span!(
            "genai.chat",
            "otel.name" = "chat claude-sonnet-4-6",
            "gen_ai.operation.name" = "chat",
            "gen_ai.provider.name" = "anthropic",
            "gen_ai.request.model" = "claude-sonnet-4-6",
            "server.address" = "api.anthropic.com",
            "server.port" = 443,
            "feature" = "chat",
            "gen_ai.response.model" = Empty,
            "gen_ai.usage.input_tokens" = Empty,
            "gen_ai.usage.output_tokens" = Empty,
            "gen_ai.usage.cache_read.input_tokens" = Empty,
            "gen_ai.usage.cache_creation.input_tokens" = Empty,
        );
        span.record("gen_ai.response.model", "claude-sonnet-4-6");
        span.record("gen_ai.usage.input_tokens", 14530);
        span.record("gen_ai.usage.output_tokens", 640);
        span.record("gen_ai.usage.cache_read.input_tokens", 12000);
        span.record("gen_ai.usage.cache_creation.input_tokens", 2500);
        drop(span);
        // A failed call, as rig reports it: the status, no usage.
        let failed = tracing::info_span!(
            "chat",
            "gen_ai.operation.name" = "chat",
            "gen_ai.provider.name" = "openai",
            "gen_ai.request.model" = "gpt-4o",
            "otel.status_code" = "ERROR",
        );
        drop(failed);
        // An agent span is not a call.
        drop(tracing::info_span!(
            "invoke_agent",
            "gen_ai.operation.name" = "invoke_agent",
            "gen_ai.usage.input_tokens" = 99,
        ));
        // Nor is a span of anything else.
        drop(tracing::info_span!("http", "url" = "https://example.com"));
    });
    let s = parse(&registry.render().expect("render"));
    let calls = "gen_ai_client_operation_duration_seconds_count";
    assert_eq!(total(&s, calls, &[]), 2.0);
    assert_eq!(total(&s, calls, &[("error_type", "_OTHER")]), 1.0);
    assert_eq!(
        total(&s, calls, &[("feature", "chat"), ("server_port", "443")]),
        1.0
    );
    let anthropic = usage::anthropic(&serde_json::json!({
        "input_tokens": 30, "cache_read_input_tokens": 12000,
        "cache_creation_input_tokens": 2500, "output_tokens": 640
    }))
    .expect("usage");
    let expected = metrics
        .cost(
            &CallInfo::new("chat", "anthropic", "claude-sonnet-4-6"),
            &anthropic,
            None,
        )
        .expect("priced");
    let recorded = total(&s, "llm_slo_client_cost_total", &[]);
    assert!(
        (recorded - expected.total.to_string().parse::<f64>().expect("a number")).abs() < 1e-12,
        "{recorded} vs {}",
        expected.total
    );
}

/// A stream of chunks, one ready per poll.
struct Chunks(Vec<serde_json::Value>);

impl Stream for Chunks {
    type Item = Result<serde_json::Value, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready((!self.0.is_empty()).then(|| Ok(self.0.remove(0))))
    }
}

/// Reads a stream to its end without an executor (every item is ready).
fn drain<S: Stream + Unpin>(stream: &mut S) -> usize {
    let mut cx = Context::from_waker(Waker::noop());
    let mut items = 0;
    while let Poll::Ready(Some(_)) = Pin::new(&mut *stream).poll_next(&mut cx) {
        items += 1;
    }
    items
}

#[test]
fn a_stream_of_events_is_measured_as_it_is_read() {
    let (registry, metrics) = recorder();
    let events = vec![
        serde_json::json!({"model": "gpt-4o", "choices": [{"delta": {"content": "Hel"}}]}),
        serde_json::json!({"model": "gpt-4o", "choices": [{"delta": {"content": "lo"}}]}),
        serde_json::json!({"model": "gpt-4o", "choices": [], "usage": {"prompt_tokens": 100, "completion_tokens": 2}}),
    ];
    let mut stream = metrics
        .start_stream::<OpenAiChat>(CallInfo::new("chat", "openai", "gpt-4o"))
        .instrument(Chunks(events.clone()));
    assert_eq!(drain(&mut stream), 3);
    assert!(stream.recorded().is_some_and(|r| r.cost.is_ok()));
    // Dropped half-read: cancelled.
    let mut half = metrics
        .start_stream::<OpenAiChat>(CallInfo::new("chat", "openai", "gpt-4o"))
        .instrument(Chunks(events));
    let mut cx = Context::from_waker(Waker::noop());
    let _ = Pin::new(&mut half).poll_next(&mut cx);
    drop(half);
    let s = parse(&registry.render().expect("render"));
    let calls = "gen_ai_client_operation_duration_seconds_count";
    let by_error: BTreeMap<String, f64> = s
        .iter()
        .filter(|(n, _, _)| n == calls)
        .map(|(_, l, v)| (l.get("error_type").cloned().unwrap_or_default(), *v))
        .fold(BTreeMap::new(), |mut m, (k, v)| {
            *m.entry(k).or_default() += v;
            m
        });
    assert_eq!(
        by_error,
        BTreeMap::from([(String::new(), 1.0), ("cancelled".to_owned(), 1.0)])
    );
}
