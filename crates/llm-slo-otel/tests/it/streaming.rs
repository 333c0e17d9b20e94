//! The streaming example (a local OpenAI-style server, under 40 lines of application code)
//! records the time to first chunk, the time of each later chunk, the exact cost and one
//! span, all from one guard.

#[path = "../../examples/streaming.rs"]
mod example;

use std::collections::BTreeMap;

use llm_slo_otel::exposition::parse;
use opentelemetry::Value;
use opentelemetry::trace::SpanKind;

const CONFIG: &str = include_str!("../../../../generated/runtime/llm-slo-otel.json");

#[test]
fn the_streaming_example_records_chunks_cost_and_a_span() {
    let outcome = example::run(CONFIG).expect("the example runs");
    // 1,536 cached and 314 uncached input tokens and 4 output tokens of gpt-4o-mini, at
    // 0.075, 0.15 and 0.60 US dollars per million.
    let cost = outcome.recorded.cost.as_ref().expect("priced");
    assert_eq!(cost.total.normalize().to_string(), "0.0001647");

    let samples = parse(&outcome.exposition);
    let count = |name: &str| -> f64 {
        samples
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, _, v)| *v)
            .sum()
    };
    assert_eq!(
        count("gen_ai_client_operation_time_to_first_chunk_seconds_count"),
        1.0
    );
    // Four text chunks: the first, then three intervals (the role and usage chunks carry
    // no output).
    assert_eq!(
        count("gen_ai_client_operation_time_per_output_chunk_seconds_count"),
        3.0
    );
    assert_eq!(count("llm_slo_client_cost_total"), 0.0001647);

    let [span] = outcome.spans.as_slice() else {
        panic!("one span, not {}", outcome.spans.len());
    };
    assert_eq!(span.name, "chat gpt-4o-mini");
    assert_eq!(span.span_kind, SpanKind::Client);
    let attributes: BTreeMap<String, Value> = span
        .attributes
        .iter()
        .map(|kv| (kv.key.to_string(), kv.value.clone()))
        .collect();
    for (key, value) in [
        ("gen_ai.operation.name", Value::from("chat")),
        ("gen_ai.provider.name", Value::from("openai")),
        ("gen_ai.request.model", Value::from("gpt-4o-mini")),
        (
            "gen_ai.response.model",
            Value::from("gpt-4o-mini-2024-07-18"),
        ),
        ("server.address", Value::from("127.0.0.1")),
        ("gen_ai.usage.input_tokens", Value::I64(1850)),
        ("gen_ai.usage.cache_read.input_tokens", Value::I64(1536)),
        ("gen_ai.usage.output_tokens", Value::I64(4)),
        (llm_slo_otel::COST_ATTRIBUTE, Value::F64(0.0001647)),
    ] {
        assert_eq!(attributes.get(key), Some(&value), "{key}");
    }
    assert!(attributes.contains_key("server.port"));
    assert!(attributes.contains_key("gen_ai.response.time_to_first_chunk"));
}

#[test]
fn the_application_code_is_under_40_lines() {
    let example = include_str!("../../examples/streaming.rs");
    let from = example.find("// readme:start").expect("start marker");
    let to = example.find("// readme:end").expect("end marker");
    let lines = example[from..to]
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    assert!(lines < 40, "{lines} lines of application code");
}
