//! End to end: `llm-slo-otel` records synthetic calls and serves them on `/metrics`; a real
//! Prometheus scrapes them and evaluates the repository's generated rule file. Every rule
//! evaluates without error, and every recording rule outside the monthly groups produces
//! series from the runtime's metrics — the contract holds between the two halves for real.
//!
//! Polls Prometheus until the series appear (or gives up after three minutes); asserts no
//! timing.

use crate::common;
use crate::live_prometheus::{self, Prometheus};

use std::collections::BTreeSet;
use std::net::TcpListener;

use llm_slo_otel::LlmMetrics;
use llm_slo_otel::exposition::{Registry, serve};
use llm_slo_otel::simulate;

#[test]
fn prometheus_evaluates_the_generated_rules_on_the_runtime_metrics() {
    let root = common::root();
    let json = std::fs::read_to_string(root.join("generated/runtime/llm-slo-otel.json"))
        .expect("the committed runtime configuration");
    let config = llm_slo_otel::read_config(&json).expect("a runtime configuration");

    // The application: synthetic traffic, served on /metrics.
    // Served for the rest of the test process, from another thread.
    let registry: &'static Registry = Box::leak(Box::new(Registry::new(config.naming)));
    let metrics = LlmMetrics::new(&registry.meter("e2e"), config.clone());
    simulate::traffic(
        metrics,
        config.pricing.clone(),
        config.attributes.clone(),
        40,
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let target = listener.local_addr().expect("address");
    std::thread::spawn(move || serve(&listener, registry));

    // Prometheus: scrape every second, under the labels the spec's selector expects (the
    // rules select on them), and evaluate the generated rules every second.
    let loaded = llm_slo::load(&root.join("llm-slo.yaml")).expect("the repository spec");
    let selector = &loaded.spec().telemetry.selector;
    let job = selector.get("job").map_or("llm", String::as_str);
    let labels: String = selector
        .iter()
        .filter(|(k, _)| k.as_str() != "job")
        .map(|(k, v)| format!("        {k}: '{v}'\n"))
        .collect();
    let labels = if labels.is_empty() {
        String::new()
    } else {
        format!("      labels:\n{labels}")
    };
    let dir = common::scratch("end-to-end");
    let rules = root.join("generated/prometheus/llm-slo.rules.yml");
    let prometheus = Prometheus::start(
        &dir,
        &live_prometheus::config(
            &rules,
            &format!(
                "  - job_name: '{job}'\n    static_configs:\n      - targets: ['{target}']\n{labels}"
            ),
        ),
    );

    // What the rule file records, outside the groups that evaluate only every 15 minutes.
    let expected: BTreeSet<String> = llm_slo::internal::rules(&loaded)
        .expect("rules")
        .into_iter()
        .filter(|rule| rule.records && rule.group_interval.is_none())
        .map(|rule| rule.name)
        .collect();
    assert!(expected.len() > 20, "{expected:?}");

    let recorded = prometheus.wait_for(
        r#"group by (__name__) ({__name__=~"llm_slo:.+"})"#,
        |recorded| expected.is_subset(recorded),
    );
    let missing: Vec<&String> = expected.difference(&recorded).collect();
    assert!(
        missing.is_empty(),
        "after three minutes Prometheus still records no series for {missing:?}; its log:\n{}",
        prometheus.log()
    );

    // No rule failed to evaluate (vector matching, label clashes, …).
    let unhealthy = prometheus.unhealthy_rules();
    assert!(
        unhealthy.is_empty(),
        "rules failing in Prometheus: {unhealthy:#?}"
    );

    // And the contract series themselves arrived under their contract names.
    let scraped =
        prometheus.names(r#"group by (__name__) ({__name__=~"gen_ai_.+|llm_slo_[a-z].+"})"#);
    for name in [
        "llm_slo_client_cost_total",
        "llm_slo_prices_info",
        "gen_ai_client_operation_duration_seconds_bucket",
        "gen_ai_client_token_usage_sum",
    ] {
        assert!(scraped.contains(name), "{name} not scraped: {scraped:?}");
    }
}
