//! End to end: `llm-slo-otel` records synthetic calls and serves them on `/metrics`; a real
//! Prometheus scrapes them and evaluates the repository's generated rule file. Every rule
//! evaluates without error, and every recording rule outside the monthly groups produces
//! series from the runtime's metrics — the contract holds between the two halves for real.
//!
//! Polls Prometheus until the series appear (or gives up after three minutes); asserts no
//! timing.

use crate::common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use llm_slo_otel::LlmMetrics;
use llm_slo_otel::exposition::{Registry, serve};
use llm_slo_otel::simulate;

/// A Prometheus server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// GET a path of the local Prometheus; the JSON body.
fn get(port: u16, path: &str) -> Option<serde_json::Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        // HTTP/1.0: the answer comes whole, never in chunks.
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (_, body) = response.split_once("\r\n\r\n")?;
    serde_json::from_str(body).ok()
}

fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The metric names that a query's result holds.
fn names(port: u16, query: &str) -> BTreeSet<String> {
    let Some(body) = get(port, &format!("/api/v1/query?query={}", encode(query))) else {
        return BTreeSet::new();
    };
    body["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["metric"]["__name__"].as_str().map(str::to_owned))
        .collect()
}

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
    let config_file = dir.join("prometheus.yml");
    std::fs::write(
        &config_file,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\nscrape_configs:\n  - job_name: '{job}'\n    static_configs:\n      - targets: ['{target}']\n{labels}",
            rules.display()
        ),
    )
    .expect("write prometheus.yml");
    let port = free_port();
    let _server = Server(
        Command::new(common::prometheus())
            .arg(format!("--config.file={}", config_file.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("prometheus.log")).expect("log file"))
            .spawn()
            .expect("prometheus starts"),
    );

    // What the rule file records, outside the groups that evaluate only every 15 minutes.
    let expected: BTreeSet<String> = llm_slo::internal::rules(&loaded)
        .expect("rules")
        .into_iter()
        .filter(|rule| rule.records && rule.group_interval.is_none())
        .map(|rule| rule.name)
        .collect();
    assert!(expected.len() > 20, "{expected:?}");

    let deadline = Instant::now() + Duration::from_secs(180);
    let mut recorded = BTreeSet::new();
    while Instant::now() < deadline {
        recorded = names(port, r#"group by (__name__) ({__name__=~"llm_slo:.+"})"#);
        if expected.is_subset(&recorded) {
            break;
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    let missing: Vec<&String> = expected.difference(&recorded).collect();
    assert!(
        missing.is_empty(),
        "after three minutes Prometheus still records no series for {missing:?}; its log:\n{}",
        std::fs::read_to_string(dir.join("prometheus.log")).unwrap_or_default()
    );

    // No rule failed to evaluate (vector matching, label clashes, …).
    let rules_state = get(port, "/api/v1/rules").expect("the rules API answers");
    let mut unhealthy = Vec::new();
    for group in rules_state["data"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
    {
        for rule in group["rules"].as_array().into_iter().flatten() {
            if rule["health"] != "ok" && rule["health"] != "unknown" {
                unhealthy.push(format!("{}: {}", rule["name"], rule["lastError"]));
            }
        }
    }
    assert!(
        unhealthy.is_empty(),
        "rules failing in Prometheus: {unhealthy:#?}"
    );

    // And the contract series themselves arrived under their contract names.
    let scraped = names(
        port,
        r#"group by (__name__) ({__name__=~"gen_ai_.+|llm_slo_[a-z].+"})"#,
    );
    for name in [
        "llm_slo_client_cost_total",
        "llm_slo_prices_info",
        "gen_ai_client_operation_duration_seconds_bucket",
        "gen_ai_client_token_usage_sum",
    ] {
        assert!(scraped.contains(name), "{name} not scraped: {scraped:?}");
    }
}
