//! Quality, A/B and agents (`examples/quality.yaml`): its rules pass promtool's checks and
//! their generated tests; its dashboards and rules validate clean; and end to end, the
//! runtime records an A/B run of two prompt versions — different costs, latencies and
//! scores — that a real Prometheus scrapes: the comparison dashboard's queries show the
//! difference, and the quality-drop alert fires when one version's scores fall.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use llm_slo_core::pricing::Usage;
use llm_slo_otel::exposition::{Registry, serve};
use llm_slo_otel::{CallInfo, CallRecord, LlmMetrics};

use crate::common::{self, llm_slo, transcript};
use crate::live_prometheus::{self, Prometheus};

const EXAMPLE: &str = "examples/quality.yaml";

fn generate(spec: &Path, out: &Path) {
    let output = llm_slo([
        "--spec",
        &spec.to_string_lossy(),
        "generate",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
}

#[test]
fn the_quality_example_generates_rules_promtool_accepts_and_tests_that_pass() {
    let out = common::scratch("quality-example");
    generate(&common::root().join(EXAMPLE), &out);
    let rules = out.join("prometheus/llm-slo.rules.yml");
    let check = std::process::Command::new(common::promtool())
        .args(["check", "rules"])
        .arg(&rules)
        .output()
        .expect("promtool runs");
    assert!(check.status.success(), "{}", transcript(&check));
    let tests: Vec<_> = std::fs::read_dir(out.join("prometheus/tests"))
        .expect("tests")
        .map(|e| e.expect("entry").path())
        .collect();
    // A test per new alert and SLI: each fires on its behaviour and stays quiet without it.
    let all: String = tests
        .iter()
        .map(|t| std::fs::read_to_string(t).expect("test file"))
        .collect();
    for name in [
        "LLMQualityDrop fires",
        "LLMQualityDrop stays quiet",
        "LLMRunawayAgentToolCalls fires",
        "LLMRunawayAgentToolCalls stays quiet",
        "LLMRunawayAgentInferenceCalls fires",
        "LLMRunawayAgentInferenceCalls stays quiet",
        "LLMAgentRunCostHigh fires",
        "LLMAgentRunCostHigh stays quiet",
    ] {
        assert!(all.contains(name), "no test `{name}…`");
    }
    for slo in [
        "helpful-answers",
        "agent-runs",
        "agent-latency",
        "order-lookups",
    ] {
        assert!(
            tests
                .iter()
                .any(|t| t.ends_with(format!("slo-{slo}.test.yml"))),
            "no test of SLO {slo}"
        );
    }
    let run = std::process::Command::new(common::promtool())
        .args(["test", "rules"])
        .args(&tests)
        .output()
        .expect("promtool runs");
    assert!(run.status.success(), "{}", transcript(&run));
}

#[test]
fn the_agent_and_comparison_dashboards_and_rules_validate_clean() {
    let out = common::scratch("quality-validate");
    generate(&common::root().join(EXAMPLE), &out);
    for file in [
        "grafana/llm-slo-agents.json",
        "grafana/llm-slo-compare.json",
        "prometheus/llm-slo.rules.yml",
    ] {
        let path = out.join(file);
        assert!(path.exists(), "{file} is generated");
        let output = llm_slo([
            "--spec",
            EXAMPLE,
            "validate",
            "--fail-on",
            "warning",
            &path.to_string_lossy(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{file}: {}",
            transcript(&output)
        );
    }
    // The agent series as the conventions define them: the dashboard reads each one.
    let agents = std::fs::read_to_string(out.join("grafana/llm-slo-agents.json")).expect("read");
    for series in [
        "gen_ai_invoke_agent_duration_seconds_count",
        "gen_ai_invoke_agent_duration_seconds_bucket",
        "gen_ai_invoke_agent_tool_calls_bucket",
        "gen_ai_invoke_agent_inference_calls_bucket",
        "gen_ai_execute_tool_duration_seconds_count",
        "llm_slo_agent_cost_sum",
    ] {
        assert!(
            agents.contains(series),
            "the agents dashboard reads {series}"
        );
    }
}

/// The example with windows short enough for a test: a 1s scrape, a 10s recent window
/// over a 40s baseline, and the alert firing at once.
fn short_spec(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(common::root().join(EXAMPLE)).expect("the example");
    let text = text
        .replace(
            "  selector: { job: support-agent }",
            "  selector: { job: support-agent }\n  scrape_interval: 1s",
        )
        .replace(
            "    window: 1h\n    baseline: 7d\n    min_scores: 30",
            "    window: 10s\n    baseline: 40s\n    min_scores: 20\n    for: 0s",
        );
    assert!(
        text.contains("baseline: 40s"),
        "the example's quality_drop changed"
    );
    let spec = dir.join("quality.yaml");
    std::fs::write(&spec, text).expect("write the spec");
    spec
}

/// One call of a prompt version, and its score.
fn call(metrics: &LlmMetrics, version: &str, seconds: f64, input: u64, output: u64, score: f64) {
    let info = CallInfo::new("chat", "openai", "gpt-4o")
        .server("api.openai.com", 443)
        .attribute("feature", "chat")
        .attribute("prompt_version", version);
    let usage = Usage::new().with("input", input).with("output", output);
    metrics.record(&CallRecord {
        info: &info,
        duration: Duration::from_secs_f64(seconds),
        first_chunk: None,
        chunk_intervals: &[],
        response_model: Some("gpt-4o"),
        usage: Some(&usage),
        error_type: None,
        at: None,
    });
    metrics.score(&info, "helpfulness", score, None);
}

/// A dashboard query with Grafana's variables filled in: every choice, a 1m range.
fn filled(expr: &str) -> String {
    let expr = expr
        .replace("$__range", "1m")
        .replace("$__rate_interval", "1m");
    let mut out = String::new();
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' {
            while chars
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                chars.next();
            }
            out.push_str(".*");
        } else {
            out.push(c);
        }
    }
    out
}

/// The side-by-side table's values: column header → prompt version → value.
fn side_by_side(
    prometheus: &Prometheus,
    dashboard: &serde_json::Value,
) -> BTreeMap<String, BTreeMap<String, f64>> {
    let table = dashboard["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["type"] == "table")
        .expect("the side-by-side table");
    let renames = &table["transformations"][1]["options"]["renameByName"];
    let mut out = BTreeMap::new();
    for target in table["targets"].as_array().into_iter().flatten() {
        let header = renames[format!("Value #{}", target["refId"].as_str().unwrap_or(""))]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let expr = filled(target["expr"].as_str().unwrap_or(""));
        let body = prometheus
            .get(&format!(
                "/api/v1/query?query={}",
                live_prometheus::encode(&expr)
            ))
            .unwrap_or_default();
        let values: BTreeMap<String, f64> = body["data"]["result"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let version = r["metric"]["prompt_version"].as_str()?.to_owned();
                let value = r["value"][1].as_str()?.parse::<f64>().ok()?;
                Some((version, value))
            })
            .collect();
        out.insert(header, values);
    }
    out
}

#[test]
fn an_ab_run_shows_in_the_comparison_and_a_drop_fires_the_alert() {
    let dir = common::scratch("quality-end-to-end");
    let spec = short_spec(&dir);
    let out = dir.join("generated");
    generate(&spec, &out);
    let json = std::fs::read_to_string(out.join("runtime/llm-slo-otel.json")).expect("config");
    let config = llm_slo_otel::read_config(&json).expect("a runtime configuration");
    let registry: &'static Registry = Box::leak(Box::new(Registry::new(config.naming)));
    let metrics = LlmMetrics::new(&registry.meter("ab"), config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let target = listener.local_addr().expect("address");
    std::thread::spawn(move || serve(&listener, registry));
    // v1: 1,000 input and 100 output tokens in 1s, helpful (0.9); v2: three times the
    // tokens in 3s, less helpful (0.6). Ten calls of each a second; v1's scores fall to 0.2
    // once `dropped` is set.
    let dropped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let drop_flag = std::sync::Arc::clone(&dropped);
    let traffic = metrics.clone();
    std::thread::spawn(move || {
        loop {
            let v1_score = if drop_flag.load(std::sync::atomic::Ordering::Relaxed) {
                0.2
            } else {
                0.9
            };
            for _ in 0..10 {
                call(&traffic, "v1", 1.0, 1000, 100, v1_score);
                call(&traffic, "v2", 3.0, 3000, 300, 0.6);
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });

    let prometheus = Prometheus::start(
        &dir,
        &live_prometheus::config(
            &out.join("prometheus/llm-slo.rules.yml"),
            &format!(
                "  - job_name: support-agent\n    static_configs:\n      - targets: ['{target}']\n"
            ),
        ),
    );
    let dashboard: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("grafana/llm-slo-compare.json")).expect("dashboard"),
    )
    .expect("JSON");

    // The comparison: both versions, with the difference where it is.
    let deadline = Instant::now() + Duration::from_secs(180);
    let mut table = BTreeMap::new();
    while Instant::now() < deadline {
        table = side_by_side(&prometheus, &dashboard);
        let ready = ["Cost per call (USD)", "p95 latency (s)", "Mean helpfulness"]
            .iter()
            .all(|h| table.get(*h).is_some_and(|v| v.len() == 2))
            && table
                .get("Calls")
                .is_some_and(|v| v.len() == 2 && v.values().all(|n| *n >= 100.0));
        if ready {
            break;
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    let get = |header: &str, version: &str| -> f64 {
        *table
            .get(header)
            .and_then(|v| v.get(version))
            .unwrap_or_else(|| {
                panic!(
                    "no `{header}` of {version}: {table:?}\n{}",
                    prometheus.log()
                )
            })
    };
    let (cost1, cost2) = (
        get("Cost per call (USD)", "v1"),
        get("Cost per call (USD)", "v2"),
    );
    assert!(
        (cost2 / cost1 - 3.0).abs() < 0.05,
        "v2 costs 3× v1: {cost1} and {cost2}"
    );
    assert!(
        get("Tokens per call", "v2") > 2.5 * get("Tokens per call", "v1"),
        "{table:?}"
    );
    assert!(
        get("p95 latency (s)", "v2") > get("p95 latency (s)", "v1"),
        "{table:?}"
    );
    let (score1, score2) = (get("Mean helpfulness", "v1"), get("Mean helpfulness", "v2"));
    assert!(
        (score1 - 0.9).abs() < 0.01 && (score2 - 0.6).abs() < 0.01,
        "{table:?}"
    );
    assert_eq!(get("Error ratio", "v1"), 0.0);
    // Thousands of calls a minute: both versions have enough samples.
    assert_eq!(get("Calls ≥ 100 (1: yes)", "v1"), 1.0, "{table:?}");

    // The quality-drop alert: quiet while the scores hold, firing for v1 once they fall.
    let firing = r#"ALERTS{alertname="LLMQualityDrop", alertstate="firing"}"#;
    std::thread::sleep(Duration::from_secs(45));
    assert!(prometheus.query(firing).is_empty(), "no drop yet");
    dropped.store(true, std::sync::atomic::Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut alerts = Vec::new();
    while Instant::now() < deadline {
        alerts = prometheus.query(firing);
        if !alerts.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    let versions: Vec<&str> = alerts
        .iter()
        .filter_map(|a| a.get("prompt_version").and_then(|v| v.as_str()))
        .collect();
    assert_eq!(versions, ["v1"], "{alerts:?}\n{}", prometheus.log());
    assert!(
        prometheus.unhealthy_rules().is_empty(),
        "{:?}",
        prometheus.unhealthy_rules()
    );
}
