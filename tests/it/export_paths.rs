//! The application's series reach the generated rules under the `job` they select, on each
//! way to Prometheus that this machine can run, each against a real Prometheus that scrapes
//! the application and evaluates the repository's rule file:
//!
//! * `opentelemetry-prometheus`: the runtime crate's `otel_prometheus` example serves
//!   `/metrics`, scraped with the spec's job as `job_name`. Its series carry
//!   `otel_scope_name`, which the rules aggregate away.
//! * The OpenTelemetry Collector's `prometheus` exporter: no Collector is installed here, so
//!   its labelling is reproduced — `job` is `service.namespace/service.name` and `instance`
//!   `service.instance.id` on every series (its `collector.go`), from the resource
//!   `llm_slo_otel::resource_attributes` gives — and scraped twice: with `honor_labels: true`
//!   the rules see the application; without it `job` moves to `exported_job` and they do not.
//!
//! Prometheus's OTLP receiver (3.x) is not in the installed Prometheus (2.42): that path is
//! documented, not tested here.

use std::collections::BTreeSet;
use std::net::TcpListener;

use llm_slo_otel::exposition::Registry;
use llm_slo_otel::resource::Service;
use llm_slo_otel::{LlmMetrics, simulate};

use crate::common;
use crate::live_prometheus::{self, Prometheus};

mod example {
    include!("../../crates/llm-slo-otel/examples/otel_prometheus.rs");
}

/// The repository's runtime configuration, its spec's job, and what its rule file records
/// outside the groups that evaluate only every 15 minutes.
fn repository() -> (
    llm_slo_core::runtime::RuntimeConfig,
    String,
    BTreeSet<String>,
) {
    let root = common::root();
    let json = std::fs::read_to_string(root.join("generated/runtime/llm-slo-otel.json"))
        .expect("the committed runtime configuration");
    let config = llm_slo_otel::read_config(&json).expect("a runtime configuration");
    let loaded = llm_slo::load(&root.join("llm-slo.yaml")).expect("the repository spec");
    let job = loaded
        .spec()
        .telemetry
        .selector
        .get("job")
        .cloned()
        .expect("the repository's spec selects a job");
    let expected = llm_slo::internal::rules(&loaded)
        .expect("rules")
        .into_iter()
        .filter(|rule| rule.records && rule.group_interval.is_none())
        .map(|rule| rule.name)
        .collect();
    (config, job, expected)
}

/// Waits until Prometheus records every expected series, and checks no rule failed.
fn assert_rules_record(prometheus: &Prometheus, expected: &BTreeSet<String>) {
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
    let unhealthy = prometheus.unhealthy_rules();
    assert!(unhealthy.is_empty(), "rules failing: {unhealthy:#?}");
}

/// The distinct values of a label on the series a query returns.
fn values(prometheus: &Prometheus, query: &str, label: &str) -> BTreeSet<String> {
    prometheus
        .query(query)
        .iter()
        .filter_map(|m| m.get(label).and_then(|v| v.as_str()).map(str::to_owned))
        .collect()
}

#[test]
fn opentelemetry_prometheus_series_reach_the_rules_under_the_scrape_job() {
    let (config, job, expected) = repository();
    let (metrics, _provider, registry) =
        example::otel_prometheus(config.clone()).expect("the exporter builds");
    simulate::traffic(
        metrics,
        config.pricing.clone(),
        config.attributes.clone(),
        40,
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let target = listener.local_addr().expect("address");
    std::thread::spawn(move || example::serve_registry(&listener, &registry));

    let dir = common::scratch("export-otel-prometheus");
    let rules = common::root().join("generated/prometheus/llm-slo.rules.yml");
    let prometheus = Prometheus::start(
        &dir,
        &live_prometheus::config(
            &rules,
            &format!("  - job_name: '{job}'\n    static_configs:\n      - targets: ['{target}']\n"),
        ),
    );
    assert_rules_record(&prometheus, &expected);
    let duration = "gen_ai_client_operation_duration_seconds_count";
    assert_eq!(values(&prometheus, duration, "job"), BTreeSet::from([job]));
    // The exporter's scope label: on every series, and harmless to the rules' sums.
    assert_eq!(
        values(&prometheus, duration, "otel_scope_name"),
        BTreeSet::from(["llm".to_owned()])
    );
}

/// The Collector's `prometheus` exporter's exposition: every sample with the resource's
/// `job` and `instance` (as its `collector.go` derives them).
fn collector_exposition(text: &str, service: &Service) -> String {
    let labels = format!(
        "job=\"{}\",instance=\"{}\"",
        service.job(),
        service.instance_id
    );
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
        } else if let Some((name, rest)) = line.split_once('{') {
            out.push_str(&format!("{name}{{{labels},{rest}"));
        } else if let Some((name, value)) = line.split_once(' ') {
            out.push_str(&format!("{name}{{{labels}}} {value}"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn collector_series_reach_the_rules_only_with_honor_labels() {
    let (config, job, expected) = repository();
    let service = Service::of(&config);
    assert_eq!(
        service.job(),
        job,
        "the resource gives the job the rules select"
    );
    let registry: &'static Registry = Box::leak(Box::new(Registry::new(config.naming)));
    let metrics = LlmMetrics::new(&registry.meter("llm"), config.clone());
    simulate::traffic(
        metrics,
        config.pricing.clone(),
        config.attributes.clone(),
        40,
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let target = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        live_prometheus::serve_text(&listener, || {
            collector_exposition(&registry.render().unwrap_or_default(), &service)
        });
    });

    let dir = common::scratch("export-collector");
    let rules = common::root().join("generated/prometheus/llm-slo.rules.yml");
    let prometheus = Prometheus::start(
        &dir,
        &live_prometheus::config(
            &rules,
            &format!(
                "  - job_name: otel-collector\n    honor_labels: true\n    static_configs:\n      - targets: ['{target}']\n  - job_name: otel-collector-plain\n    static_configs:\n      - targets: ['{target}']\n"
            ),
        ),
    );
    assert_rules_record(&prometheus, &expected);
    let duration = "gen_ai_client_operation_duration_seconds_count";
    // Honoured: the application's job. Not: the scrape job, the application's moved aside.
    assert_eq!(
        values(&prometheus, duration, "job"),
        BTreeSet::from([job.clone(), "otel-collector-plain".to_owned()])
    );
    assert_eq!(
        values(
            &prometheus,
            &format!("{duration}{{job=\"otel-collector-plain\"}}"),
            "exported_job"
        ),
        BTreeSet::from([job])
    );
}
