// A streamed OpenAI-style chat call, measured as it is read: time to first chunk, time per
// output chunk, the exact cost from the usage of the last chunk, and a CLIENT span — from
// one guard. The provider is a local mock (support/mock_openai.rs), so it runs anywhere:
//
//     cargo run -p llm-slo-otel --example streaming
//
// The application code is `run` down to `readme:end`.

#[path = "support/mock_openai.rs"]
mod mock_openai;

use llm_slo_otel::exposition::Registry;
use llm_slo_otel::stream::OpenAiChat;
use llm_slo_otel::{CallInfo, LlmMetrics, Options, Recorded};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData};

/// What the call recorded: its cost, the metrics in Prometheus text, the span.
pub struct Outcome {
    pub recorded: Recorded,
    pub exposition: String,
    pub spans: Vec<SpanData>,
}

pub fn run(config_json: &str) -> Result<Outcome, Box<dyn std::error::Error>> {
    // readme:start
    let config = llm_slo_otel::read_config(config_json)?;
    let spans = mock_openai::KeptSpans::default();
    let tracing = SdkTracerProvider::builder()
        .with_simple_exporter(spans.clone())
        .build();
    let metrics = Registry::new(config.naming);
    let llm = LlmMetrics::with_options(
        &metrics.meter("support-assistant"),
        config,
        Options::default().tracer(tracing.tracer("support-assistant")),
    );

    let base_url = mock_openai::start()?;
    let info = CallInfo::new("chat", "openai", "gpt-4o-mini")
        .server_url(&base_url)
        .attribute("feature", "chat");
    let mut call = llm.start_stream::<OpenAiChat>(info);
    let request = r#"{"model": "gpt-4o-mini", "stream": true,
        "stream_options": {"include_usage": true},
        "messages": [{"role": "user", "content": "Where is my order?"}]}"#;
    for line in mock_openai::post_sse(&format!("{base_url}/chat/completions"), request)? {
        call.sse_line(&line?)?;
    }
    let recorded = call.finish();
    // readme:end
    let exposition = metrics.render()?;
    let spans = spans.0.lock().map(|s| s.clone()).unwrap_or_default();
    Ok(Outcome {
        recorded,
        exposition,
        spans,
    })
}

#[allow(dead_code)] // the tests include this file for `run`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let json = std::fs::read_to_string("generated/runtime/llm-slo-otel.json")
        .or_else(|_| std::fs::read_to_string("../../generated/runtime/llm-slo-otel.json"))?;
    let outcome = run(&json)?;
    match &outcome.recorded.cost {
        Ok(cost) => println!("cost: ${}", cost.total),
        Err(error) => println!("no cost: {error}"),
    }
    for span in &outcome.spans {
        println!(
            "span: {} ({:?}, {:?})",
            span.name, span.span_kind, span.status
        );
        for attribute in &span.attributes {
            println!("  {} = {}", attribute.key, attribute.value);
        }
    }
    for line in outcome.exposition.lines().filter(|l| {
        l.starts_with("gen_ai_client_operation_time_") && l.contains("_count")
            || l.starts_with("llm_slo_client_cost_total")
    }) {
        println!("{line}");
    }
    Ok(())
}
