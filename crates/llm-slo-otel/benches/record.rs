//! The cost of recording one LLM call through llm-slo-otel — usage normalisation from the
//! provider's object, attribute building, the cost lookup and the instruments — against
//! recording the same instruments with ready-made attributes directly through the
//! OpenTelemetry SDK, so the difference is the overhead of this crate.
//!
//! ```sh
//! cargo bench -p llm-slo-otel --bench record
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use llm_slo_otel::{CallInfo, CallRecord, LlmMetrics, usage};
use opentelemetry::KeyValue;
use opentelemetry::metrics::MeterProvider as _;
use opentelemetry_sdk::metrics::{ManualReader, SdkMeterProvider};

const CONFIG: &str = include_str!("../../../generated/runtime/llm-slo-otel.json");

fn provider() -> SdkMeterProvider {
    SdkMeterProvider::builder()
        .with_reader(ManualReader::builder().build())
        .build()
}

fn bench(c: &mut Criterion) {
    let response = serde_json::json!({"usage": {
        "input_tokens": 1200, "cache_read_input_tokens": 8000, "cache_creation_input_tokens": 500,
        "output_tokens": 700
    }});
    let info = CallInfo::new("chat", "anthropic", "claude-sonnet-4-5")
        .server("api.anthropic.com", Some(443))
        .attribute("feature", "chat")
        .attribute("prompt_version", "v7");

    let ours = provider();
    let metrics = LlmMetrics::from_json(&ours.meter("bench"), CONFIG).expect("config");
    c.bench_function("llm-slo-otel: record one call", |b| {
        b.iter(|| {
            let usage = usage::anthropic(black_box(&response)).expect("usage");
            let recorded = metrics.record(&CallRecord {
                info: &info,
                duration: Duration::from_millis(1800),
                first_chunk: Some(Duration::from_millis(400)),
                response_model: Some("claude-sonnet-4-5-20250929"),
                usage: Some(&usage),
                error_type: None,
                at: None,
            });
            black_box(recorded)
        })
    });

    // The parts of our overhead, to know where it goes.
    c.bench_function("llm-slo-otel: usage normalisation alone", |b| {
        b.iter(|| usage::anthropic(black_box(&response)).expect("usage"))
    });
    let usage = usage::anthropic(&response).expect("usage");
    c.bench_function("llm-slo-otel: cost alone", |b| {
        b.iter(|| metrics.cost(black_box(&info), &usage, None).expect("cost"))
    });

    let sdk = provider();
    let meter = sdk.meter("bench");
    let duration = meter
        .f64_histogram("gen_ai.client.operation.duration")
        .with_unit("s")
        .build();
    let first_chunk = meter
        .f64_histogram("gen_ai.client.operation.time_to_first_chunk")
        .with_unit("s")
        .build();
    let tokens = meter
        .u64_histogram("gen_ai.client.token.usage")
        .with_unit("{token}")
        .build();
    let cost = meter
        .f64_counter("gen_ai.client.cost")
        .with_unit("{USD}")
        .build();
    let attributes = [
        KeyValue::new("gen_ai.operation.name", "chat"),
        KeyValue::new("gen_ai.provider.name", "anthropic"),
        KeyValue::new("gen_ai.request.model", "claude-sonnet-4-5"),
        KeyValue::new("gen_ai.response.model", "claude-sonnet-4-5-20250929"),
        KeyValue::new("server.address", "api.anthropic.com"),
        KeyValue::new("server.port", 443),
        KeyValue::new("feature", "chat"),
        KeyValue::new("prompt_version", "v7"),
    ];
    let mut input = attributes.to_vec();
    input.push(KeyValue::new("gen_ai.token.type", "input"));
    let mut output = attributes.to_vec();
    output.push(KeyValue::new("gen_ai.token.type", "output"));
    c.bench_function("OpenTelemetry SDK: the same instruments directly", |b| {
        b.iter(|| {
            duration.record(1.8, &attributes);
            first_chunk.record(0.4, &attributes);
            tokens.record(9700, &input);
            tokens.record(700, &output);
            cost.add(black_box(0.0171), &attributes);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
