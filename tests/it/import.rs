//! `llm-slo import`: Sloth's and OpenSLO's formats as specs. The fixtures under
//! `fixtures/import/` are this project's own, written to exercise what each example of the
//! Sloth repository exercises (events and raw SLIs, multi-line queries, subqueries,
//! disabled alerts, per-severity labels, plugins, several services per file, the Kubernetes
//! resource, MetricsQL) and OpenSLO v1 and v1alpha.
//!
//! For an availability SLO, the imported spec's page and ticket alerts fire at the same
//! evaluation steps as Sloth's multi-window multi-burn-rate alerts: the rules Sloth
//! documents for it (built here from its formula: `slo:sli_error:ratio_rate<w>` over 5m …
//! 3d, `(short > f × EB and long > f × EB) or (…)` with 14.4 and 6, and 3 and 1, no `for`)
//! and the generated ones are evaluated side by side by promtool over two days of
//! outages, minute by minute.

use crate::common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn import(format: &str, fixture: &str, out: &Path) -> std::process::Output {
    common::llm_slo([
        "import",
        format,
        common::root()
            .join("tests/fixtures/import")
            .join(fixture)
            .to_str()
            .unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Every fixture imports, and its specs generate rules that promtool accepts, with
/// generated tests that pass; MetricsQL is reported as what Prometheus would reject.
#[test]
fn sloth_and_openslo_files_import_and_generate() {
    let cases = [
        ("sloth", "sloth/getting-started.yml", 1),
        ("sloth", "sloth/multi-service.yml", 2),
        ("sloth", "sloth/no-alerts.yml", 1),
        ("sloth", "sloth/subquery.yml", 1),
        ("sloth", "sloth/raw-ratio.yml", 1),
        ("sloth", "sloth/latency.yml", 1),
        ("sloth", "sloth/sli-plugin.yml", 1),
        ("sloth", "sloth/slo-plugins.yml", 1),
        ("sloth", "sloth/k8s-getting-started.yml", 2),
        ("openslo", "openslo/v1.yml", 1),
        ("openslo", "openslo/v1alpha.yml", 1),
    ];
    for (format, fixture, services) in cases {
        let dir = common::scratch(&format!("import-{}", fixture.replace('/', "-")));
        let out = if services == 1 {
            dir.join("llm-slo.yaml")
        } else {
            dir.clone()
        };
        let output = import(format, fixture, &out);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{fixture}: {}",
            common::transcript(&output)
        );
        insta::assert_snapshot!(
            format!("import-{}", fixture.replace('/', "-")),
            common::tree(&dir)
                .into_iter()
                .map(|(name, text)| format!("=== {name}\n{}", String::from_utf8_lossy(&text)))
                .collect::<String>()
        );
        let specs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        assert_eq!(specs.len(), services, "{fixture}");
        for spec in specs {
            let generated = dir.join(format!(
                "generated-{}",
                spec.file_stem().unwrap().to_string_lossy()
            ));
            let output = common::llm_slo([
                "--spec",
                spec.to_str().unwrap(),
                "generate",
                "--out",
                generated.to_str().unwrap(),
            ]);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{fixture}: {}",
                common::transcript(&output)
            );
            let rules = generated.join("prometheus/llm-slo.rules.yml");
            let check = Command::new(common::promtool())
                .args(["check", "rules"])
                .arg(&rules)
                .output()
                .expect("promtool runs");
            assert!(
                check.status.success(),
                "{fixture}: {}",
                common::transcript(&check)
            );
            let tests: Vec<_> = std::fs::read_dir(generated.join("prometheus/tests"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            common::promtool_test_rules(&tests, fixture);
        }
    }
    let dir = common::scratch("import-metricsql");
    let output = import("sloth", "sloth/metricsql.yml", &dir.join("llm-slo.yaml"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown function with name \"histogram_share\""),
        "{stderr}"
    );
    assert!(!dir.join("llm-slo.yaml").exists(), "nothing is written");
}

/// Sloth's counter of requests in one input series per minute for two days: a 20-minute
/// outage at 20 % errors (a fast burn: page), then 20 hours at 1 % (a slow burn: ticket and
/// the slow page pair).
fn errors_per_minute(minute: u32) -> u32 {
    match minute {
        360..380 => 250,
        1440..2640 => 10,
        _ => 0,
    }
}

/// Cumulative values in promtool's series notation, one per minute.
fn series(values: impl Iterator<Item = u32>) -> String {
    let mut total = 0u64;
    values
        .map(|v| {
            total += u64::from(v);
            total.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn imported_page_and_ticket_alerts_fire_when_sloths_do() {
    let dir = common::scratch("import-vs-sloth");
    let output = import(
        "sloth",
        "sloth/getting-started.yml",
        &dir.join("llm-slo.yaml"),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    let generated = dir.join("generated");
    let output = common::llm_slo([
        "--spec",
        dir.join("llm-slo.yaml").to_str().unwrap(),
        "generate",
        "--out",
        generated.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    let ours = generated.join("prometheus/llm-slo.rules.yml");
    let rules: Value =
        llm_slo::internal::yaml_to_json(&std::fs::read_to_string(&ours).unwrap()).unwrap();
    let mut groups: Vec<String> = Vec::new();
    let (mut page, mut ticket) = (Vec::new(), Vec::new());
    for group in rules["groups"].as_array().unwrap() {
        groups.push(group["name"].as_str().unwrap().to_owned());
        for rule in group["rules"].as_array().unwrap() {
            if rule["alert"] != "LLMErrorBudgetBurn" {
                continue;
            }
            assert_eq!(rule["for"], "0s", "Sloth's alerts have no `for`");
            let expr = format!("({})", rule["expr"].as_str().unwrap());
            match rule["labels"]["tier"].as_str() {
                Some("page") => page.push(expr),
                Some("ticket") => ticket.push(expr),
                other => panic!("tier {other:?}"),
            }
        }
    }
    assert_eq!((page.len(), ticket.len()), (2, 2));

    // Sloth's rules for the fixture's SLO, from its documented formula.
    let errors = r#"sum(rate(http_requests_total{job="checkout",code=~"(5..|429)"}[W]))"#;
    let total = r#"sum(rate(http_requests_total{job="checkout"}[W]))"#;
    let eb = "0.0009999999999999432"; // (100 - 99.9) / 100 in float64, as Sloth writes it
    let selector = r#"{sloth_id="checkout-requests-availability", sloth_service="checkout", sloth_slo="requests-availability"}"#;
    let mut sloth = String::from("groups:\n  - name: sloth-slo-sli-recordings\n    rules:\n");
    for window in ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] {
        sloth.push_str(&format!(
            "      - record: slo:sli_error:ratio_rate{window}\n        expr: |\n          ({})\n          /\n          ({})\n        labels: {{sloth_id: checkout-requests-availability, sloth_service: checkout, sloth_slo: requests-availability, sloth_window: {window}}}\n",
            errors.replace('W', window),
            total.replace('W', window)
        ));
    }
    let pair = |short: &str, long: &str, factor: &str| {
        format!(
            "(max(slo:sli_error:ratio_rate{short}{selector} > ({factor} * {eb})) without (sloth_window) and max(slo:sli_error:ratio_rate{long}{selector} > ({factor} * {eb})) without (sloth_window))"
        )
    };
    let sloth_page = format!("{} or {}", pair("5m", "1h", "14.4"), pair("30m", "6h", "6"));
    let sloth_ticket = format!("{} or {}", pair("2h", "1d", "3"), pair("6h", "3d", "1"));
    sloth.push_str(&format!(
        "  - name: sloth-slo-alerts\n    rules:\n      - alert: SlothPage\n        expr: {}\n        labels: {{sloth_severity: page}}\n      - alert: SlothTicket\n        expr: {}\n        labels: {{sloth_severity: ticket}}\n",
        serde_json::to_string(&sloth_page).unwrap(),
        serde_json::to_string(&sloth_ticket).unwrap()
    ));
    std::fs::write(dir.join("sloth.rules.yml"), sloth).unwrap();

    // Whether each side's page and ticket alerts would be firing (both have no `for`), and
    // the steps where they disagree.
    let firing = |exprs: &[String]| format!("count({}) or vector(0)", exprs.join(" or "));
    let compare = format!(
        "groups:\n  - name: compare\n    rules:\n{}",
        [
            ("sloth_page", format!("count({sloth_page}) or vector(0)")),
            ("ours_page", firing(&page)),
            ("sloth_ticket", format!("count({sloth_ticket}) or vector(0)")),
            ("ours_ticket", firing(&ticket)),
            (
                "disagree",
                "abs((compare:sloth_page > bool 0) - (compare:ours_page > bool 0)) + abs((compare:sloth_ticket > bool 0) - (compare:ours_ticket > bool 0))".to_owned(),
            ),
        ]
        .iter()
        .map(|(name, expr)| format!(
            "      - record: compare:{name}\n        expr: {}\n",
            serde_json::to_string(expr).unwrap()
        ))
        .collect::<String>()
    );
    std::fs::write(dir.join("compare.rules.yml"), compare).unwrap();

    let minutes = 2 * 24 * 60;
    groups.extend(["sloth-slo-sli-recordings", "sloth-slo-alerts", "compare"].map(str::to_owned));
    let whole = format!("{}m", minutes - 1);
    let test = format!(
        "rule_files: [{}, sloth.rules.yml, compare.rules.yml]\nevaluation_interval: 1m\ngroup_eval_order: {}\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'http_requests_total{{job=\"checkout\",code=\"200\"}}'\n        values: '{}'\n      - series: 'http_requests_total{{job=\"checkout\",code=\"500\"}}'\n        values: '{}'\n    promql_expr_test:\n{}",
        ours.display(),
        serde_json::to_string(&groups).unwrap(),
        series((0..minutes).map(|_| 1000)),
        series((0..minutes).map(errors_per_minute)),
        [
            // Never do the two disagree, at any minute.
            (format!("sum_over_time(compare:disagree[{whole}])"), "0"),
            // And both fire: the fast burn pages, the slow burn pages and tickets.
            (format!("max_over_time(compare:sloth_page[{whole}]) > bool 0"), "1"),
            (format!("max_over_time(compare:sloth_ticket[{whole}]) > bool 0"), "1"),
            // Not all the time.
            (format!("min_over_time(compare:sloth_page[{whole}])"), "0"),
        ]
        .iter()
        .map(|(expr, value)| format!(
            "      - expr: {}\n        eval_time: {whole}\n        exp_samples:\n          - labels: '{{}}'\n            value: {value}\n",
            serde_json::to_string(expr).unwrap()
        ))
        .collect::<String>()
    );
    let test_file = dir.join("compare.test.yml");
    std::fs::write(&test_file, test).unwrap();
    common::promtool_test_rules(&[test_file], "Sloth's alerts against the imported spec's");
}

/// What a spec cannot say is listed in its header: Sloth's alert name and plugins, a raw
/// SLI's weighting, a renamed label; OpenSLO's timeslices and alert policies.
#[test]
fn what_cannot_be_expressed_is_listed() {
    let dir = common::scratch("import-notes");
    let output = common::llm_slo([
        "import",
        "openslo",
        common::root()
            .join("tests/fixtures/import/openslo/v1.yml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    let spec = String::from_utf8_lossy(&output.stdout);
    for part in [
        "`budgetingMethod: Timeslices`",
        "`alertPolicies`",
        "1 `AlertPolicy` document(s)",
    ] {
        assert!(spec.contains(part), "{part} in\n{spec}");
    }
    let _ = dir;
    let bad = common::llm_slo([
        "import",
        "sloth",
        common::root()
            .join("tests/fixtures/import/openslo/v1.yml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("error[import/invalid-input]: not a Sloth spec")
    );
}
