//! Records synthetic LLM calls through the OpenTelemetry SDK and prints the Prometheus text
//! exposition:
//!
//! ```sh
//! cargo run -p llm-slo-otel --example simulate -- --calls 1000
//! ```
//!
//! Flags: `--calls N` (default 100), `--seed N`, `--config PATH` (default: the repository's
//! `generated/runtime/llm-slo-otel.json`), `--calls-out FILE` (the calls as `llm-slo price
//! --batch` lines).

use std::path::PathBuf;

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
    let mut calls = 100usize;
    let mut seed = 42u64;
    let mut config =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../generated/runtime/llm-slo-otel.json");
    let mut calls_out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--calls" => calls = value()?.parse().map_err(|e| format!("--calls: {e}"))?,
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--config" => config = PathBuf::from(value()?),
            "--calls-out" => calls_out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let json = std::fs::read_to_string(&config)
        .map_err(|e| format!("cannot read {}: {e}", config.display()))?;
    let runtime =
        llm_slo_otel::read_config(&json).map_err(|e| format!("{}: {e}", config.display()))?;
    let registry = Registry::new(runtime.naming);
    let meter = registry.meter("llm-slo-otel-simulate");
    let synthetic = simulate::calls(&runtime.pricing, &runtime.attributes, calls, seed);
    let metrics = LlmMetrics::new(&meter, runtime.clone());
    simulate::record(&metrics, &synthetic);
    if let Some(path) = calls_out {
        let lines: String = synthetic
            .iter()
            .filter_map(simulate::price_line)
            .map(|line| line + "\n")
            .collect();
        std::fs::write(&path, lines)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let text = registry.render()?;
    match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
        _ => Ok(()),
    }
}
