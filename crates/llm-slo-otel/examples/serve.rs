//! Serves `/metrics` (Prometheus text) while recording synthetic LLM calls, for scraping by a
//! real Prometheus:
//!
//! ```sh
//! cargo run -p llm-slo-otel --example serve -- --addr 127.0.0.1:9464 --calls-per-second 20
//! ```
//!
//! Flags: `--addr HOST:PORT` (default 127.0.0.1:9464), `--calls-per-second N` (default 10),
//! `--config PATH` (default: the repository's `generated/runtime/llm-slo-otel.json`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use llm_slo_otel::LlmMetrics;
use llm_slo_otel::exposition::Registry;
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
    let runtime: llm_slo_core::runtime::RuntimeConfig =
        serde_json::from_str(&json).map_err(|e| format!("{}: {e}", config.display()))?;
    let registry = Arc::new(Registry::new(runtime.naming));
    let meter = registry.meter("llm-slo-otel-serve");
    let metrics = LlmMetrics::from_json(&meter, &json).map_err(|e| e.to_string())?;
    let listener = TcpListener::bind(&addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    eprintln!("serving http://{addr}/metrics");

    // Traffic: a batch of synthetic calls every second.
    std::thread::spawn(move || {
        let mut seed = 1;
        loop {
            let calls = simulate::calls(
                &runtime.pricing,
                &runtime.attributes,
                per_second as usize,
                seed,
            );
            simulate::record(&metrics, &calls);
            seed += 1;
            std::thread::sleep(Duration::from_secs(1));
        }
    });

    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut request_line = String::new();
        let mut reader = BufReader::new(&stream);
        if reader.read_line(&mut request_line).is_err() {
            continue;
        }
        // Drain the headers.
        let mut header = String::new();
        while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
            header.clear();
        }
        let (status, body) = if request_line.starts_with("GET /metrics") {
            match registry.render() {
                Ok(text) => ("200 OK", text),
                Err(e) => ("500 Internal Server Error", e),
            }
        } else {
            ("404 Not Found", "try /metrics\n".to_owned())
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
    Ok(())
}
