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
use llm_slo_otel::{CallInfo, LlmMetrics, Options, usage};
use opentelemetry::KeyValue;
use opentelemetry::metrics::MeterProvider as _;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::{ManualReader, SdkMeterProvider};
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData, SpanExporter};

const CONFIG: &str = include_str!("../../../generated/runtime/llm-slo-otel.json");

fn provider() -> SdkMeterProvider {
    SdkMeterProvider::builder()
        .with_reader(ManualReader::builder().build())
        .build()
}

/// Spans exported nowhere: what is measured is making and ending them in the SDK.
#[derive(Debug)]
struct Discard;

impl SpanExporter for Discard {
    fn export(
        &self,
        _batch: Vec<SpanData>,
    ) -> impl std::future::Future<Output = OTelSdkResult> + Send {
        std::future::ready(Ok(()))
    }
}

/// One call recorded through llm-slo-otel (with and without its span), and the same
/// instruments through the SDK.
struct Subjects {
    ours: Box<dyn Fn()>,
    measured: Box<dyn Fn()>,
    ours_with_span: Box<dyn Fn()>,
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
        .server("api.anthropic.com", 443)
        .attribute("feature", "chat")
        .attribute("prompt_version", "v7");

    let config = llm_slo_otel::read_config(CONFIG).expect("config");
    let metrics = LlmMetrics::with_options(
        &provider().meter("bench"),
        config.clone(),
        Options::default().without_spans(),
    );
    let tracers = SdkTracerProvider::builder()
        .with_simple_exporter(Discard)
        .build();
    let traced = LlmMetrics::with_options(
        &provider().meter("bench"),
        config,
        Options::default().tracer(tracers.tracer("bench")),
    );
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
        .f64_counter("llm_slo.client.cost")
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

    // A streamed call through the guard, as an application records it: start, first chunk,
    // finish with the provider's usage.
    let call = |m: &LlmMetrics, i: &CallInfo, r: &serde_json::Value| {
        let usage = usage::anthropic(black_box(r)).expect("usage");
        let mut call = m.start(i.clone());
        call.chunk();
        black_box(call.finish(Some("claude-sonnet-4-6"), Some(usage)));
    };
    let (m, r, i) = (metrics.clone(), response.clone(), info.clone());
    let (m3, r3, i4) = (metrics.clone(), response.clone(), info.clone());
    let (t, r2, i3) = (traced, response.clone(), info.clone());
    let (m2, i2, u2) = (metrics, info, usage);
    Subjects {
        ours: Box::new(move || call(&m, &i, &r)),
        // A call the application measured itself, recorded without the guard.
        measured: Box::new(move || {
            let usage = usage::anthropic(black_box(&r3)).expect("usage");
            black_box(m3.record(&llm_slo_otel::CallRecord {
                info: &i4,
                duration: Duration::from_millis(1800),
                first_chunk: Some(Duration::from_millis(400)),
                chunk_intervals: &[],
                response_model: Some("claude-sonnet-4-6"),
                usage: Some(&usage),
                error_type: None,
                at: None,
            }));
        }),
        ours_with_span: Box::new(move || call(&t, &i3, &r2)),
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
    c.bench_function("llm-slo-otel: record one measured call", |b| {
        b.iter(|| (s.measured)())
    });
    c.bench_function("llm-slo-otel: record one call with its span", |b| {
        b.iter(|| (s.ours_with_span)())
    });
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
        time(&*s.ours_with_span);
        time(&*s.measured);
        time(&*s.sdk);
    }
    let (mut ours, mut spans, mut sdk) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ratios, mut span_ratios, mut measured_ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let (o, w, m) = (time(&*s.ours), time(&*s.ours_with_span), time(&*s.measured));
        let k = time(&*s.sdk);
        ratios.push(o / k);
        span_ratios.push(w / k);
        measured_ratios.push(m / k);
        ours.push(o);
        spans.push(w);
        sdk.push(k);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "interleaved: ours {:.0} ns (spans off), {:.0} ns (spans on), sdk {:.0} ns; ratio {:.2} spans off, {:.2} spans on, {:.2} recording a measured call (median of {PAIRS} rounds of {BLOCK}-call blocks)",
        median(&mut ours) * 1e9,
        median(&mut spans) * 1e9,
        median(&mut sdk) * 1e9,
        median(&mut ratios),
        median(&mut span_ratios),
        median(&mut measured_ratios)
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
