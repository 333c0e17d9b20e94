//! No call is silently undercounted: each way a call used to lose its tokens or cost now
//! gives the right tokens and cost, or is counted as unpriced with its reason.

use std::collections::BTreeMap;

use llm_slo_core::pricing::Usage;
use llm_slo_otel::exposition::{Registry, Sample, parse};
use llm_slo_otel::stream::{Anthropic, OpenAiChat, OpenAiResponses};
use llm_slo_otel::{CallInfo, CostError, LlmMetrics, usage};
use rust_decimal::Decimal;

const CONFIG: &str = include_str!("../../../../generated/runtime/llm-slo-otel.json");

fn recorder() -> (Registry, LlmMetrics) {
    let config = llm_slo_otel::read_config(CONFIG).expect("the generated config");
    let registry = Registry::new(config.naming);
    let metrics = LlmMetrics::new(&registry.meter("test"), config);
    (registry, metrics)
}

/// The sum of a series' samples whose labels include `with`.
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

fn samples(registry: &Registry) -> Vec<Sample> {
    parse(&registry.render().expect("render"))
}

fn unpriced(samples: &[Sample], reason: &str) -> f64 {
    total(
        samples,
        "llm_slo_client_unpriced_calls_total",
        &[("llm_slo_reason", reason)],
    )
}

fn cost(metrics: &LlmMetrics, provider: &str, model: &str, usage: &Usage) -> Decimal {
    metrics
        .cost(&CallInfo::new("chat", provider, model), usage, None)
        .expect("priced")
        .total
}

#[test]
fn a_model_missing_from_the_prices_is_counted_as_unpriced() {
    let (registry, metrics) = recorder();
    let recorded = metrics
        .start(CallInfo::new("chat", "openai", "gpt-9-unknown"))
        .finish(None, Some(Usage::new().with("input", 10).with("output", 1)));
    assert!(matches!(recorded.cost, Err(CostError::UnknownModel { .. })));
    let s = samples(&registry);
    assert_eq!(unpriced(&s, "unknown_model"), 1.0);
    assert_eq!(
        total(
            &s,
            "llm_slo_client_unpriced_calls_total",
            &[("gen_ai_request_model", "gpt-9-unknown")]
        ),
        1.0
    );
    assert_eq!(total(&s, "llm_slo_client_cost_total", &[]), 0.0);
}

#[test]
fn a_stream_without_usage_is_a_success_counted_as_unpriced() {
    let (registry, metrics) = recorder();
    let mut call = metrics.start_stream::<OpenAiChat>(CallInfo::new("chat", "openai", "gpt-4o"));
    for line in [
        r#"data: {"model":"gpt-4o","choices":[{"delta":{"role":"assistant","content":""}}]}"#,
        r#"data: {"model":"gpt-4o","choices":[{"delta":{"content":"Hi"}}]}"#,
        r#"data: {"model":"gpt-4o","choices":[{"delta":{},"finish_reason":"stop"}]}"#,
        "data: [DONE]",
    ] {
        call.sse_line(line).expect("an SSE line");
    }
    assert_eq!(call.finish().cost, Err(CostError::NoUsage));
    let s = samples(&registry);
    assert_eq!(unpriced(&s, "no_usage"), 1.0);
    let calls = "gen_ai_client_operation_duration_seconds_count";
    assert_eq!(total(&s, calls, &[]), 1.0);
    assert!(
        s.iter()
            .all(|(n, l, _)| n != calls || !l.contains_key("error_type")),
        "a success"
    );
    assert_eq!(total(&s, "gen_ai_client_token_usage_count", &[]), 0.0);
}

/// An Anthropic stream: `message_start` (the input), text deltas, `message_delta` (the
/// cumulative output).
const ANTHROPIC_STREAM: &[&str] = &[
    "event: message_start",
    r#"data: {"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-6","content":[],"usage":{"input_tokens":30,"cache_read_input_tokens":12000,"cache_creation_input_tokens":2500,"output_tokens":1}}}"#,
    "",
    "event: content_block_start",
    r#"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
    "event: content_block_delta",
    r#"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
    "event: content_block_delta",
    r#"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}"#,
    "event: message_delta",
    r#"data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":640}}"#,
    "event: message_stop",
    r#"data: {"type":"message_stop"}"#,
];

#[test]
fn an_anthropic_stream_is_priced_as_the_whole_message() {
    let (registry, metrics) = recorder();
    let mut call =
        metrics.start_stream::<Anthropic>(CallInfo::new("chat", "anthropic", "claude-sonnet-4-6"));
    for line in ANTHROPIC_STREAM {
        call.sse_line(line).expect("an SSE line");
    }
    let recorded = call.finish();
    // The same message, not streamed.
    let whole = usage::anthropic(&serde_json::json!({"usage": {
        "input_tokens": 30, "cache_read_input_tokens": 12000,
        "cache_creation_input_tokens": 2500, "output_tokens": 640
    }}))
    .expect("usage");
    assert_eq!(
        recorded.cost.expect("priced").total,
        cost(&metrics, "anthropic", "claude-sonnet-4-6", &whole)
    );
    let s = samples(&registry);
    assert_eq!(
        total(
            &s,
            "gen_ai_client_token_usage_sum",
            &[("gen_ai_token_type", "input")]
        ),
        14530.0
    );
    assert_eq!(
        total(
            &s,
            "gen_ai_client_token_usage_sum",
            &[("gen_ai_token_type", "output")]
        ),
        640.0
    );
    // Two output chunks: a first chunk and one interval.
    assert_eq!(
        total(
            &s,
            "gen_ai_client_operation_time_per_output_chunk_seconds_count",
            &[]
        ),
        1.0
    );
    // The last event alone is not read as a call without input.
    let last = serde_json::json!({"type": "message_delta", "usage": {"output_tokens": 640}});
    assert!(usage::anthropic(&last).is_err());
}

#[test]
fn a_responses_stream_is_priced_from_its_completed_event() {
    let (_registry, metrics) = recorder();
    let mut call =
        metrics.start_stream::<OpenAiResponses>(CallInfo::new("chat", "openai", "gpt-4o"));
    for line in [
        "event: response.created",
        r#"data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"gpt-4o","usage":null}}"#,
        "event: response.output_text.delta",
        r#"data: {"type":"response.output_text.delta","sequence_number":3,"delta":"Hi"}"#,
        "event: response.completed",
        r#"data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","model":"gpt-4o","usage":{"input_tokens":1500,"input_tokens_details":{"cached_tokens":1024},"output_tokens":80,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":1580}}}"#,
    ] {
        call.sse_line(line).expect("an SSE line");
    }
    let recorded = call.finish();
    let completed = serde_json::json!({"type": "response.completed", "response": {"usage": {
        "input_tokens": 1500, "input_tokens_details": {"cached_tokens": 1024}, "output_tokens": 80
    }}});
    let whole = usage::openai_responses(&completed).expect("the completed event is read");
    assert_eq!(
        recorded.cost.expect("priced").total,
        cost(&metrics, "openai", "gpt-4o", &whole)
    );
}

#[test]
fn genai_cache_writes_are_priced() {
    let (_registry, metrics) = recorder();
    // The same Sonnet call as `genai` reports it (OpenAI-shaped, prompt tokens counting
    // the cache) and as Anthropic does.
    let genai = usage::genai(&serde_json::json!({
        "prompt_tokens": 14530,
        "prompt_tokens_details": {"cached_tokens": 12000, "cache_creation_tokens": 2500},
        "completion_tokens": 640
    }))
    .expect("usage");
    let anthropic = usage::anthropic(&serde_json::json!({
        "input_tokens": 30, "cache_read_input_tokens": 12000,
        "cache_creation_input_tokens": 2500, "output_tokens": 640
    }))
    .expect("usage");
    let model = ("anthropic", "claude-sonnet-4-6");
    let priced = cost(&metrics, model.0, model.1, &genai);
    assert_eq!(priced, cost(&metrics, model.0, model.1, &anthropic));
    // Read without the writes, the call would be priced low.
    let mut without = Usage::new();
    for (unit, count) in genai.iter().filter(|(unit, _)| *unit != "cache_write") {
        without.set(unit, count);
    }
    assert!(cost(&metrics, model.0, model.1, &without) < priced);
}

#[test]
fn an_absurd_usage_is_rejected_and_counted() {
    let (registry, metrics) = recorder();
    let recorded = metrics
        .start(CallInfo::new("chat", "openai", "gpt-4o"))
        .finish(
            Some("gpt-4o"),
            Some(Usage::new().with("input", u64::MAX).with("output", 1)),
        );
    assert!(
        matches!(recorded.cost, Err(CostError::UsageCap { .. })),
        "{:?}",
        recorded.cost
    );
    let s = samples(&registry);
    assert_eq!(unpriced(&s, "usage_cap"), 1.0);
    assert_eq!(total(&s, "llm_slo_client_cost_total", &[]), 0.0);
    assert_eq!(total(&s, "gen_ai_client_token_usage_count", &[]), 0.0);
    // The call itself still counts.
    assert_eq!(
        total(&s, "gen_ai_client_operation_duration_seconds_count", &[]),
        1.0
    );
}

#[test]
fn a_cancelled_stream_has_its_own_error_type_and_its_partial_cost() {
    let (registry, metrics) = recorder();
    let mut call =
        metrics.start_stream::<Anthropic>(CallInfo::new("chat", "anthropic", "claude-sonnet-4-6"));
    for line in &ANTHROPIC_STREAM[..7] {
        call.sse_line(line).expect("an SSE line");
    }
    let recorded = call.cancel();
    assert!(recorded.cost.is_ok(), "the input already sent is priced");
    // A stream dropped unread is cancelled too.
    drop(metrics.start_stream::<OpenAiChat>(CallInfo::new("chat", "openai", "gpt-4o")));
    let s = samples(&registry);
    assert_eq!(
        total(
            &s,
            "gen_ai_client_operation_duration_seconds_count",
            &[("error_type", "cancelled")]
        ),
        2.0
    );
}

#[test]
fn prices_reload_without_a_new_instance() {
    let (registry, metrics) = recorder();
    let before = metrics.prices_hash();
    let mut config = llm_slo_otel::read_config(CONFIG).expect("config");
    config.pricing.content_hash = "sha256:new".to_owned();
    config.pricing.models.retain(|m| m.model != "gpt-4o");
    metrics
        .reload(&serde_json::to_string(&config).expect("json"))
        .expect("reloads");
    assert_ne!(metrics.prices_hash(), before);
    let recorded = metrics
        .start(CallInfo::new("chat", "openai", "gpt-4o"))
        .finish(None, Some(Usage::new().with("input", 1).with("output", 1)));
    assert!(matches!(recorded.cost, Err(CostError::UnknownModel { .. })));
    let s = samples(&registry);
    let hashes: BTreeMap<String, f64> = s
        .iter()
        .filter(|(n, _, _)| n == "llm_slo_prices_info")
        .filter_map(|(_, l, v)| Some((l.get("llm_slo_prices_content_hash")?.clone(), *v)))
        .collect();
    assert_eq!(hashes, BTreeMap::from([("sha256:new".to_owned(), 1.0)]));
    // Another contract is not a reload.
    config.attributes.push("tenant".to_owned());
    assert!(
        metrics
            .reload(&serde_json::to_string(&config).expect("json"))
            .is_err()
    );
}

#[test]
fn a_newer_generator_s_configuration_loads_and_a_newer_format_does_not() {
    let mut value: serde_json::Value = serde_json::from_str(CONFIG).expect("json");
    value["a_field_of_a_later_release"] = serde_json::json!({"anything": 1});
    assert!(llm_slo_otel::read_config(&value.to_string()).is_ok());
    value["format"] = serde_json::json!(llm_slo_core::runtime::RUNTIME_FORMAT + 1);
    let error = llm_slo_otel::read_config(&value.to_string()).expect_err("refused");
    assert!(error.to_string().contains("upgrade"), "{error}");
}
