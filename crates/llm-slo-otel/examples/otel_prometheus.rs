// An application that serves its GenAI metrics on `/metrics` through
// `opentelemetry-prometheus`, for Prometheus to scrape under the `job` the generated rules
// select. Synthetic calls stand in for the application's traffic.
//
// ```sh
// cargo run -p llm-slo-otel --example otel_prometheus -- 127.0.0.1:9464
// ```
//
// Scrape it with the spec's job as `job_name` (`telemetry.selector.job`):
//
// ```yaml
// scrape_configs:
//   - job_name: support-assistant
//     static_configs: [{ targets: ['127.0.0.1:9464'] }]
// ```

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use llm_slo_core::runtime::RuntimeConfig;
use llm_slo_otel::{LlmMetrics, resource_attributes};
use opentelemetry::metrics::MeterProvider as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::metrics::SdkMeterProvider;
use prometheus::Encoder as _;

/// The application's metrics, exported through `opentelemetry-prometheus` into a registry.
/// The exporter drops exponential histograms: keep the spec's `histograms: classic`.
pub fn otel_prometheus(
    config: RuntimeConfig,
) -> Result<(LlmMetrics, SdkMeterProvider, prometheus::Registry), Box<dyn std::error::Error>> {
    let registry = prometheus::Registry::new();
    let exporter = opentelemetry_prometheus::exporter()
        .with_registry(registry.clone())
        .build()?;
    let provider = SdkMeterProvider::builder()
        .with_reader(exporter)
        .with_resource(
            Resource::builder()
                .with_attributes(resource_attributes(&config))
                .build(),
        )
        .build();
    let metrics = LlmMetrics::new(&provider.meter("llm"), config);
    Ok((metrics, provider, registry))
}

/// Serves the registry's text exposition on every request, one connection at a time.
pub fn serve_registry(listener: &TcpListener, registry: &prometheus::Registry) {
    for stream in listener.incoming().flatten() {
        let mut reader = BufReader::new(&stream);
        let mut line = String::new();
        // The request line and headers, up to the blank line.
        while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
            line.clear();
        }
        let mut body = Vec::new();
        if prometheus::TextEncoder::new()
            .encode(&registry.gather(), &mut body)
            .is_err()
        {
            continue;
        }
        let mut stream = &stream;
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(&body);
    }
}

#[allow(dead_code)] // the tests include this file for its functions
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9464".to_owned());
    let json = std::fs::read_to_string("generated/runtime/llm-slo-otel.json")
        .or_else(|_| std::fs::read_to_string("../../generated/runtime/llm-slo-otel.json"))?;
    let config = llm_slo_otel::read_config(&json)?;
    let (metrics, _provider, registry) = otel_prometheus(config.clone())?;
    llm_slo_otel::simulate::traffic(metrics, config.pricing, config.attributes, 20);
    let listener = TcpListener::bind(&address)?;
    eprintln!("serving /metrics on http://{address}");
    serve_registry(&listener, &registry);
    Ok(())
}
