//! Serves `/metrics` (Prometheus text) while recording synthetic LLM calls, for scraping by a
//! real Prometheus:
//!
//! ```sh
//! cargo run -p llm-slo-otel --example serve -- --addr 127.0.0.1:9464 --calls-per-second 20
//! ```
//!
//! Flags: `--addr HOST:PORT` (default 127.0.0.1:9464), `--calls-per-second N` (default 10),
//! `--config PATH` (default: the repository's `generated/runtime/llm-slo-otel.json`).

use std::net::TcpListener;
use std::path::PathBuf;

use llm_slo_otel::LlmMetrics;
use llm_slo_otel::exposition::{Registry, serve};
use llm_slo_otel::simulate;

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut addr = "127.0.0.1:9464".to_owned();
    let mut per_second = 10u64;
    let mut config =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../generated/runtime/llm-slo-otel.json");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--addr" => addr = value()?,
            "--calls-per-second" => {
                per_second = value()?
                    .parse()
                    .map_err(|e| format!("--calls-per-second: {e}"))?
            }
            "--config" => config = PathBuf::from(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let json = std::fs::read_to_string(&config)
        .map_err(|e| format!("cannot read {}: {e}", config.display()))?;
    let runtime =
        llm_slo_otel::read_config(&json).map_err(|e| format!("{}: {e}", config.display()))?;
    let registry = Registry::new(runtime.naming);
    let meter = registry.meter("llm-slo-otel-serve");
    let metrics = LlmMetrics::new(&meter, runtime.clone());
    let listener = TcpListener::bind(&addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    eprintln!("serving http://{addr}/metrics");
    simulate::traffic(
        metrics,
        runtime.pricing,
        runtime.attributes,
        per_second as usize,
    );
    serve(&listener, &registry);
    Ok(())
}
