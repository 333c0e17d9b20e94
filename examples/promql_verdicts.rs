//! Prints llm-slo's verdict on each PromQL expression of a file (one per line), in the
//! same JSON-lines shape as `tests/fixtures/promql/oracle.py` prints promtool's, so the two
//! can be compared: `cargo run --example promql_verdicts -- FILE [TARGET]` (default `prometheus-2`; any
//! `--target` name).

use llm_slo::Dialect;
use llm_slo::internal::promql_errors;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: promql_verdicts FILE [TARGET]");
        std::process::exit(2);
    };
    let dialect = match args.next() {
        Some(name) => Dialect::parse(&name).unwrap_or_else(|message| {
            eprintln!("{message}");
            std::process::exit(2);
        }),
        None => Dialect::PROMETHEUS_2,
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with("##") {
            continue;
        }
        let expr = line.replace("\\n", "\n");
        let verdict = match promql_errors(&expr, dialect, false).into_iter().next() {
            None => serde_json::json!({"expr": line, "ok": true}),
            Some((start, message)) => {
                let before = &expr[..start.min(expr.len())];
                let line_no = before.matches('\n').count() + 1;
                let col = start - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                serde_json::json!({"expr": line, "ok": false, "line": line_no, "col": col, "msg": format!("parse error: {message}")})
            }
        };
        println!("{verdict}");
    }
}
