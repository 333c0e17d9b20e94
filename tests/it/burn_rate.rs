//! The burn-rate alerts against the SRE workbook's arithmetic, in promtool.
//!
//! A 99.9 % availability SLO over 30 days has a 0.1 % error budget. After six hours of clean
//! traffic, 3.6 % of calls start failing: a 36× burn. The workbook predicts the time to
//! detect as window × factor ÷ burn rate: the 14.4× page alert over 1 hour crosses its
//! threshold after 24 minutes, the 6× page alert over 6 hours after 60 minutes; each fires
//! its `for` (2 minutes) later. At the objective itself (0.1 % of calls failing) no page
//! alert and no 3× ticket alert fires.

use crate::common;

use std::process::Command;

const SPEC: &str = r#"version: 1
service: { name: burst }
telemetry:
  selector: { job: burst }
pricing:
  models:
    - { provider: openai, model: gpt-4o }
slos:
  - name: availability
    sli: { availability: {} }
    objective: 99.9
    window: 30d
"#;

const BURST_START_MINUTES: u64 = 360;

fn alert(window: &str, tier: &str, severity: &str) -> String {
    format!(
        r#"ALERTS{{alertname="LLMErrorBudgetBurn", alertstate="firing", service="burst", severity="{severity}", slo="availability", tier="{tier}", window="{window}"}}"#
    )
}

fn check(window: &str, minutes: u64, firing: Option<(&str, &str)>) -> String {
    let samples = match firing {
        Some((tier, severity)) => format!(
            "\n          - labels: '{}'\n            value: 1",
            alert(window, tier, severity)
        ),
        None => " []".to_owned(),
    };
    format!(
        r#"      - expr: 'ALERTS{{alertname="LLMErrorBudgetBurn", alertstate="firing", window="{window}"}}'
        eval_time: {minutes}m
        exp_samples:{samples}
"#
    )
}

#[test]
fn burn_rate_alerts_fire_when_the_workbook_predicts_and_not_at_the_objective() {
    let dir = common::scratch("burn-rate");
    std::fs::write(dir.join("llm-slo.yaml"), SPEC).expect("spec");
    let output = common::llm_slo([
        "--spec".as_ref(),
        dir.join("llm-slo.yaml").as_os_str(),
        "generate".as_ref(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );

    let t0 = BURST_START_MINUTES;
    let after = 70;
    let calls = r#"gen_ai_client_operation_duration_seconds_count{job="burst", gen_ai_provider_name="openai", gen_ai_request_model="gpt-4o""#;
    let mut tests = format!(
        r#"rule_files: [../llm-slo.rules.yml]
evaluation_interval: 1m
tests:
  - name: a 36x burn after six clean hours
    interval: 1m
    input_series:
      - series: '{calls}}}'
        values: '0+964x{total}'
      - series: '{calls}, error_type="500"}}'
        values: '0x{t0} 36+36x{after}'
    promql_expr_test:
"#,
        total = t0 + after,
    );
    // 1h window: 36 × x / 60,000 crosses 1.44 % at x = 24 minutes, fires 2 minutes later.
    tests += &check("1h", t0 + 20, None);
    tests += &check("1h", t0 + 30, Some(("page", "critical")));
    // 6h window: 36 × x / 360,000 crosses 0.6 % at x = 60 minutes, fires 2 minutes later.
    tests += &check("6h", t0 + 50, None);
    tests += &check("6h", t0 + 66, Some(("page", "critical")));
    tests += &format!(
        r#"  - name: errors exactly at the objective
    interval: 1m
    input_series:
      - series: '{calls}}}'
        values: '0+999x{total}'
      - series: '{calls}, error_type="500"}}'
        values: '0+1x{total}'
    promql_expr_test:
"#,
        total = t0 + after,
    );
    for window in ["1h", "6h", "1d"] {
        tests += &check(window, t0 + after, None);
    }
    let tests_dir = dir.join("generated/prometheus/tests");
    std::fs::create_dir_all(&tests_dir).expect("tests folder");
    std::fs::write(tests_dir.join("burst.test.yml"), &tests).expect("test file");
    let output = Command::new(common::promtool())
        .args(["test", "rules", "burst.test.yml"])
        .current_dir(&tests_dir)
        .output()
        .expect("promtool runs");
    assert!(
        output.status.success(),
        "promtool test rules failed:\n{}{}\n{tests}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
