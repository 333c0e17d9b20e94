//! The cost of recording one LLM call through llm-slo-otel — usage normalisation from the
//! provider's object, attribute building, the cost lookup and the instruments — against
//! recording the same instruments with ready-made attributes directly through the
//! OpenTelemetry SDK, so the difference is the overhead of this crate.
//!
//! ```sh
//! cargo bench -p llm-slo-otel --bench record
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
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

/// One call recorded through llm-slo-otel, and the same instruments through the SDK.
struct Subjects {
    ours: Box<dyn Fn()>,
    sdk: Box<dyn Fn()>,
    usage_alone: Box<dyn Fn()>,
    cost_alone: Box<dyn Fn()>,
}

fn subjects() -> Subjects {
    let response = serde_json::json!({"usage": {
        "input_tokens": 1200, "cache_read_input_tokens": 8000, "cache_creation_input_tokens": 500,
        "output_tokens": 700
    }});
    let info = CallInfo::new("chat", "anthropic", "claude-sonnet-4-6")
        .server("api.anthropic.com", Some(443))
        .attribute("feature", "chat")
        .attribute("prompt_version", "v7");

    let metrics = LlmMetrics::from_json(&provider().meter("bench"), CONFIG).expect("config");
    let usage = usage::anthropic(&response).expect("usage");

    let meter = provider().meter("bench");
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
        KeyValue::new("gen_ai.request.model", "claude-sonnet-4-6"),
        KeyValue::new("gen_ai.response.model", "claude-sonnet-4-6"),
        KeyValue::new("server.address", "api.anthropic.com"),
        KeyValue::new("server.port", 443),
        KeyValue::new("feature", "chat"),
        KeyValue::new("prompt_version", "v7"),
    ];
    let mut input = attributes.to_vec();
    input.push(KeyValue::new("gen_ai.token.type", "input"));
    let mut output = attributes.to_vec();
    output.push(KeyValue::new("gen_ai.token.type", "output"));

    let (m, r, i) = (metrics.clone(), response.clone(), info.clone());
    let (m2, i2, u2) = (metrics, info, usage);
    Subjects {
        ours: Box::new(move || {
            let usage = usage::anthropic(black_box(&r)).expect("usage");
            let recorded = m.record(&CallRecord {
                info: &i,
                duration: Duration::from_millis(1800),
                first_chunk: Some(Duration::from_millis(400)),
                response_model: Some("claude-sonnet-4-6"),
                usage: Some(&usage),
                error_type: None,
                at: None,
            });
            black_box(recorded);
        }),
        sdk: Box::new(move || {
            duration.record(1.8, &attributes);
            first_chunk.record(0.4, &attributes);
            tokens.record(9700, &input);
            tokens.record(700, &output);
            cost.add(black_box(0.0171), &attributes);
        }),
        usage_alone: Box::new(move || {
            black_box(usage::anthropic(black_box(&response)).expect("usage"));
        }),
        cost_alone: Box::new(move || {
            black_box(m2.cost(black_box(&i2), &u2, None).expect("cost"));
        }),
    }
}

fn bench(c: &mut Criterion) {
    let s = subjects();
    c.bench_function("llm-slo-otel: record one call", |b| b.iter(|| (s.ours)()));
    // The parts of our overhead, to know where it goes.
    c.bench_function("llm-slo-otel: usage normalisation alone", |b| {
        b.iter(|| (s.usage_alone)())
    });
    c.bench_function("llm-slo-otel: cost alone", |b| b.iter(|| (s.cost_alone)()));
    c.bench_function("OpenTelemetry SDK: the same instruments directly", |b| {
        b.iter(|| (s.sdk)())
    });
}

/// The ratio measured in alternating blocks of calls, so both sides see the same machine:
/// criterion's separate runs minutes apart are at the mercy of a noisy host.
fn interleaved() {
    const BLOCK: u32 = 2_000;
    const PAIRS: usize = 301;
    let s = subjects();
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..BLOCK {
            f();
        }
        start.elapsed().as_secs_f64() / f64::from(BLOCK)
    };
    for _ in 0..20 {
        time(&*s.ours);
        time(&*s.sdk);
    }
    let mut ratios = Vec::with_capacity(PAIRS);
    let mut ours = Vec::with_capacity(PAIRS);
    let mut sdk = Vec::with_capacity(PAIRS);
    for _ in 0..PAIRS {
        let (o, k) = (time(&*s.ours), time(&*s.sdk));
        ratios.push(o / k);
        ours.push(o);
        sdk.push(k);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "interleaved: ours {:.0} ns, sdk {:.0} ns, ratio {:.2} (median of {PAIRS} pairs of {BLOCK}-call blocks)",
        median(&mut ours) * 1e9,
        median(&mut sdk) * 1e9,
        median(&mut ratios)
    );
}

fn main() {
    let mut criterion = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and only checks that
    // each benchmark runs once.
    if std::env::args().any(|a| a == "--bench") {
        interleaved();
    }
}
