//! The runtime crate against what the generator produces: the series `llm-slo-otel` emits
//! for simulated calls include every `gen_ai_*` series the repository's rules query, and its
//! cost counter adds up to what `llm-slo price` says for the same calls.

use crate::common;

use std::collections::BTreeSet;
use std::str::FromStr;

use llm_slo_core::runtime::RuntimeConfig;
use llm_slo_otel::LlmMetrics;
use llm_slo_otel::exposition::{Registry, parse};
use llm_slo_otel::simulate;
use rust_decimal::Decimal;

fn setup() -> (
    llm_slo::LoadedSpec,
    RuntimeConfig,
    Vec<simulate::SimulatedCall>,
    String,
) {
    let loaded = llm_slo::load(&common::root().join("llm-slo.yaml")).expect("the repository spec");
    let text = std::fs::read_to_string(common::root().join("generated/runtime/llm-slo-otel.json"))
        .expect("the committed runtime configuration");
    let config: RuntimeConfig = serde_json::from_str(&text).expect("a runtime configuration");
    let registry = Registry::new(config.naming);
    let metrics = LlmMetrics::new(&registry.meter("test"), config.clone());
    let calls = simulate::calls(&config.pricing, &config.attributes, 500, 11);
    simulate::record(&metrics, &calls);
    let exposition = registry.render().expect("render");
    (loaded, config, calls, exposition)
}

#[test]
fn the_runtime_emits_every_series_the_rules_query() {
    let (loaded, _, _, exposition) = setup();
    let emitted: BTreeSet<String> = parse(&exposition).into_iter().map(|(n, _, _)| n).collect();
    let mut queried = BTreeSet::new();
    for rule in llm_slo::internal::rules(&loaded).expect("rules") {
        let names =
            llm_slo::internal::selected_metrics(&rule.expr).expect("a generated expression parses");
        queried.extend(names.into_iter().filter(|name| name.starts_with("gen_ai_")));
    }
    assert!(queried.len() >= 5, "{queried:?}");
    let missing: Vec<&String> = queried.difference(&emitted).collect();
    assert!(
        missing.is_empty(),
        "the rules query series the runtime never emits: {missing:?}"
    );
}

#[test]
fn the_cost_counter_equals_llm_slo_price_on_the_same_calls() {
    let (_, _, calls, exposition) = setup();
    let recorded: f64 = parse(&exposition)
        .into_iter()
        .filter(|(name, _, _)| name == "llm_slo_client_cost_total")
        .map(|(_, _, v)| v)
        .sum();
    let dir = common::scratch("runtime-cost");
    let lines: String = calls
        .iter()
        .filter_map(simulate::price_line)
        .map(|l| l + "\n")
        .collect();
    let path = dir.join("calls.jsonl");
    std::fs::write(&path, lines).expect("write");
    let output = common::llm_slo([
        "price".as_ref(),
        "--batch".as_ref(),
        path.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    let priced: Decimal = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            Decimal::from_str(value["total_usd"].as_str().expect("total_usd")).expect("decimal")
        })
        .sum();
    let priced = priced.to_string().parse::<f64>().expect("a number");
    assert!(priced > 1.0, "{priced}");
    assert!(
        (recorded - priced).abs() < 1e-9,
        "the cost counter holds {recorded}, llm-slo price says {priced}"
    );
}

#[test]
fn the_exposition_passes_promtool_check_metrics() {
    use std::io::Write;
    let (_, _, _, exposition) = setup();
    let mut child = std::process::Command::new(common::promtool())
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(exposition.as_bytes())
        .expect("write the exposition");
    let output = child.wait_with_output().expect("promtool finishes");
    assert!(
        output.status.success() && output.stdout.is_empty() && output.stderr.is_empty(),
        "promtool check metrics:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
