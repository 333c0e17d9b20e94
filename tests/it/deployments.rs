//! Two services on one Prometheus: their generated rule files load side by side (same SLO,
//! model and budget names) without a collision, and each one's alerts fire on its own
//! traffic only. promtool evaluates both files in one unit test.

use crate::common;

/// The repository's spec for another service: its name and its `job` replaced.
fn rules_of(service: &str) -> String {
    let spec = std::fs::read_to_string(common::root().join("llm-slo.yaml")).expect("spec");
    let text = spec.replace("support-assistant", service);
    let loaded = llm_slo::load_str("llm-slo.yaml", &text).expect("the spec loads");
    let files = llm_slo::generate(&loaded).expect("it generates");
    let rules = files
        .iter()
        .find(|f| f.path == "prometheus/llm-slo.rules.yml")
        .expect("a rule file");
    String::from_utf8(rules.contents.clone()).expect("UTF-8")
}

/// One service's calls: `per_minute` calls a minute, `failed` of them timing out.
fn calls(service: &str, per_minute: u32, failed: u32) -> String {
    let labels = format!(
        "feature=\"chat\", gen_ai_provider_name=\"anthropic\", gen_ai_request_model=\"claude-haiku-4-5\", job=\"{service}\", prompt_version=\"test\""
    );
    let ok = per_minute - failed;
    let mut text = format!(
        "      - series: gen_ai_client_operation_duration_seconds_count{{{labels}}}\n        values: 0+{ok}x31\n"
    );
    if failed > 0 {
        text.push_str(&format!(
            "      - series: gen_ai_client_operation_duration_seconds_count{{error_type=\"timeout\", {labels}}}\n        values: 0+{failed}x31\n"
        ));
    }
    // Tokens, so that the token, cost-estimate and price series of both services meet.
    for (token_type, per_step) in [("input", 600), ("output", 120)] {
        text.push_str(&format!(
            "      - series: gen_ai_client_token_usage_sum{{gen_ai_token_type=\"{token_type}\", {labels}}}\n        values: 0+{per_step}x31\n"
        ));
    }
    text
}

/// `promql_expr_test` entries: an expression at 30m and the samples it must return.
fn checks(cases: &[(&str, &[(&str, &str)])]) -> String {
    let mut text = String::new();
    for (expr, samples) in cases {
        text.push_str(&format!(
            "      - expr: '{expr}'\n        eval_time: 30m\n        exp_samples:\n"
        ));
        for (labels, value) in *samples {
            text.push_str(&format!(
                "          - labels: '{labels}'\n            value: {value}\n"
            ));
        }
    }
    text
}

#[test]
fn two_services_share_one_prometheus() {
    let scratch = common::scratch("two-services");
    std::fs::write(scratch.join("a.rules.yml"), rules_of("chat-a")).expect("write");
    std::fs::write(scratch.join("b.rules.yml"), rules_of("chat-b")).expect("write");
    // chat-a fails 14.4% of its calls (every burn-rate tier of its 99.5% availability SLO
    // fires); chat-b fails none.
    let test = format!(
        "rule_files:\n  - a.rules.yml\n  - b.rules.yml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n{}{}    promql_expr_test:\n{}",
        calls("chat-a", 10_000, 1_440),
        calls("chat-b", 10_000, 0),
        checks(&[
            // Only chat-a's burn-rate alerts fire: its four tiers.
            (
                "count by (service) (ALERTS{alertname=\"LLMErrorBudgetBurn\", alertstate=\"firing\", slo=\"chat-availability\"})",
                &[("{service=\"chat-a\"}", "4")],
            ),
            // Each service's SLI, from its own traffic.
            (
                "round(llm_slo:slo_error:ratio_rate5m{slo=\"chat-availability\"} * 1000)",
                &[
                    (
                        "{service=\"chat-a\", slo=\"chat-availability\", team=\"support-ml\"}",
                        "144"
                    ),
                    (
                        "{service=\"chat-b\", slo=\"chat-availability\", team=\"support-ml\"}",
                        "0"
                    ),
                ],
            ),
            // Both services' prices for the same model, side by side.
            (
                "count by (service) (llm_slo:gen_ai_token_price:usd{gen_ai_request_model=\"claude-haiku-4-5\"})",
                &[("{service=\"chat-a\"}", "2"), ("{service=\"chat-b\"}", "2")],
            ),
            // Each service's spend estimate, from its own tokens at its own prices.
            (
                "count by (service) (llm_slo:gen_ai_cost_estimate_usd:rate5m)",
                &[("{service=\"chat-a\"}", "1"), ("{service=\"chat-b\"}", "1")],
            ),
        ])
    );
    let path = scratch.join("two-services.test.yml");
    std::fs::write(&path, &test).expect("write");
    common::promtool_test_rules(&[path], &test);
}
