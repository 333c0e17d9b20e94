//! `llm-slo validate` on real-shaped inputs: the article's queries, dashboards, PrometheusRule
//! manifests, specs, folders; every output format; exit codes.

use crate::common;

use crate::common::{llm_slo, transcript};

const SPEC: &str = "tests/fixtures/checks/llm-slo.yaml";

fn validate(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--spec", SPEC, "validate"];
    all.extend_from_slice(args);
    llm_slo(all)
}

fn findings(output: &std::process::Output) -> Vec<(u64, String)> {
    let json = crate::common::json_findings(output);
    json.iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const ARTICLE: &str = "tests/fixtures/validate/article.rules.yml";

/// Every real defect of the article's queries and alerts, against genai-v1.41.
#[test]
fn the_articles_defects_are_all_flagged() {
    let output = validate(&[
        ARTICLE,
        "--profile",
        "genai-v1.41",
        "--target",
        "prometheus-2",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let expected: Vec<(u64, &str)> = vec![
        (12, "promql/syntax"),            // `by` after histogram_quantile(…)
        (19, "contract/histogram-total"), // token usage is a histogram: no _total
        (19, "contract/unknown-value"),   // gen_ai_token_type="cached" does not exist
        (21, "contract/histogram-total"),
        (24, "contract/unknown-metric"), // gen_ai_client_errors_total: no such metric
        (24, "promql/unaggregated-ratio"), // ratio of per-series rates
        (24, "contract/unknown-metric"), // gen_ai_client_requests_total
        (28, "contract/unknown-metric"), // …_duration_bucket lacks the unit: _seconds_bucket
        (32, "alerts/unaggregated-threshold"), // cost per series, not in total
        (36, "contract/unknown-metric"),
        (36, "promql/unaggregated-ratio"),
        (36, "contract/unknown-metric"),
    ];
    let found = findings(&output);
    let found: Vec<(u64, &str)> = found.iter().map(|(l, c)| (*l, c.as_str())).collect();
    assert_eq!(found, expected);
}

#[test]
fn every_output_format_renders_the_same_findings() {
    for format in ["human", "json", "github", "sarif", "gitlab"] {
        let output = validate(&[ARTICLE, "--profile", "genai-v1.41", "--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        insta::assert_snapshot!(format!("format-{format}"), transcript(&output));
    }
}

/// GitLab's Code Quality format: the fields GitLab requires on every issue, severities it
/// knows, and a fingerprint per issue (GitLab merges issues that share one).
#[test]
fn gitlab_code_quality_has_what_gitlab_requires() {
    let output = validate(&[ARTICLE, "--profile", "genai-v1.41", "--format", "gitlab"]);
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        issues.len(),
        findings(&validate(&[
            ARTICLE,
            "--profile",
            "genai-v1.41",
            "--format",
            "json"
        ]))
        .len()
    );
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in &issues {
        for field in ["description", "check_name", "fingerprint"] {
            assert!(
                issue[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}: {issue}"
            );
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        assert!(
            issue["location"]["path"]
                .as_str()
                .is_some_and(|p| !p.is_empty())
        );
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
    }
    assert!(
        !output.stdout.starts_with(&[0xEF, 0xBB, 0xBF]),
        "no byte-order mark"
    );
}

#[test]
fn sarif_is_a_sarif_2_1_0_log() {
    let output = validate(&[ARTICLE, "--profile", "genai-v1.41", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        findings(&validate(&[
            ARTICLE,
            "--profile",
            "genai-v1.41",
            "--format",
            "json"
        ]))
        .len()
    );
    for result in results {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
}

#[test]
fn fail_on_warning_fails_on_warnings() {
    let file = "tests/fixtures/checks/promql.regex-anchored.fail.yml";
    assert_eq!(validate(&[file]).status.code(), Some(0));
    assert_eq!(
        validate(&[file, "--fail-on", "warning"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_missing_path_is_an_io_failure() {
    assert_eq!(validate(&["no/such/rules.yml"]).status.code(), Some(2));
}

#[test]
fn dashboards_are_checked_with_grafana_variables_substituted() {
    let output = validate(&[
        "tests/fixtures/validate/dashboard.json",
        "--profile",
        "genai-v1.41",
    ]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn specs_are_checked_inside_their_expressions() {
    let output = validate(&["tests/fixtures/validate/spec-custom-alert.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn dialects_differ_where_prometheus_versions_do() {
    let file = "tests/fixtures/validate/experimental.rules.yml";
    let p2 = findings(&validate(&[
        file,
        "--target",
        "prometheus-2",
        "--format",
        "json",
    ]));
    assert_eq!(
        p2,
        vec![
            (8, "promql/dialect".to_owned()),
            (10, "promql/dialect".to_owned())
        ]
    );
    let p3 = findings(&validate(&[file, "--format", "json"]));
    assert_eq!(
        p3,
        vec![
            (6, "promql/dialect".to_owned()),
            (8, "promql/dialect".to_owned())
        ]
    );
    let experimental = findings(&validate(&[file, "--experimental", "--format", "json"]));
    assert_eq!(experimental, vec![(6, "promql/dialect".to_owned())]);
}

#[test]
fn folders_are_searched_by_content() {
    let output = validate(&[
        "tests/fixtures/validate",
        "--profile",
        "genai-v1.41",
        "--format",
        "json",
    ]);
    let json = crate::common::json_findings(&output);
    let files: std::collections::BTreeSet<&str> =
        json.iter().map(|f| f["file"].as_str().unwrap()).collect();
    for expected in [
        "article.rules.yml",
        "dashboard.json",
        "prometheusrule.yaml",
        "spec-custom-alert.yaml",
        "experimental.rules.yml",
    ] {
        assert!(
            files.iter().any(|f| f.ends_with(expected)),
            "{expected} not found in {files:?}"
        );
    }
}

/// A duplicate rule in a PrometheusRule manifest is reported where promtool's
/// `--lint=duplicate-rules` reports it on the same groups as a plain rule file.
#[test]
fn duplicate_rules_in_manifests_match_promtools_lint() {
    let manifest = "tests/fixtures/validate/prometheusrule.yaml";
    let ours = findings(&validate(&[manifest, "--format", "json"]));
    assert_eq!(ours, vec![(23, "rules/duplicate".to_owned())]);

    // The manifest's `spec:` block, dedented, is a plain rule file for promtool.
    let text = std::fs::read_to_string(common::root().join(manifest)).unwrap();
    let spec = text.split("\nspec:\n").nth(1).unwrap();
    let rules: String = spec
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect();
    let dir = common::scratch("manifest-duplicates");
    let file = dir.join("rules.yml");
    std::fs::write(&file, rules).unwrap();
    let output = std::process::Command::new(common::promtool())
        .args(["check", "rules", "--lint=duplicate-rules"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("1 duplicate rule(s) found")
            && text.contains("model:gen_ai_client_cost:rate5m"),
        "{text}"
    );
}

/// A rule collection in the shapes production teams write: promtool accepts it, and llm-slo
/// reports nothing on it, for either Prometheus version.
#[test]
fn a_production_rule_collection_has_no_findings() {
    let file = "tests/fixtures/validate/sre.rules.yml";
    let output = std::process::Command::new(common::promtool())
        .args(["check", "rules", "--lint=all", "--lint-fatal"])
        .arg(common::root().join(file))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    for target in ["prometheus-2", "prometheus-3"] {
        let output = validate(&[
            file,
            "--profile",
            "genai-v1.41",
            "--target",
            target,
            "--format",
            "json",
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{target}: {}",
            transcript(&output)
        );
        assert!(
            findings(&output).is_empty(),
            "{target}: {}",
            transcript(&output)
        );
    }
}

#[test]
fn each_prometheus_3_release_is_a_target() {
    let file = "tests/fixtures/targets/releases.rules.yml";
    let run = |args: &[&str]| {
        let mut all = vec![file, "--format", "json"];
        all.extend(args);
        let output = validate(&all);
        crate::common::json_findings(&output)
            .iter()
            .map(|f| {
                (
                    f["line"].as_u64().unwrap_or(0),
                    f["message"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let on_3_8 = run(&["--target", "prometheus-3.8"]);
    assert_eq!(on_3_8.len(), 3, "{on_3_8:?}");
    assert!(on_3_8[0].1.ends_with("needs Prometheus 3.11"), "{on_3_8:?}");
    assert!(
        on_3_8[1]
            .1
            .contains("needs --enable-feature=promql-experimental-functions in Prometheus 3.8"),
        "{on_3_8:?}"
    );
    assert!(
        on_3_8[2]
            .1
            .contains("needs --enable-feature=promql-duration-expr"),
        "{on_3_8:?}"
    );
    let flags = "promql-experimental-functions,promql-duration-expr";
    let on_3_11 = run(&["--target", "prometheus-3.11", "--enable-feature", flags]);
    assert_eq!(on_3_11, vec![]);
    assert_eq!(run(&["--target", "prometheus-3.14"]), vec![]);
    assert_eq!(run(&["--target", "prometheus-3"]), vec![]);
    let unknown = validate(&[file, "--target", "prometheus-3.99"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_spec_names_its_prometheus() {
    // A spec's own custom alert is checked against its target.
    let trim = "tests/fixtures/targets/trim-on-3.8.yaml";
    let own = crate::common::llm_slo(["validate", trim, "--format", "json"]);
    let found = crate::common::json_findings(&own);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 14);
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("needs Prometheus 3.11")),
        "{found:?}"
    );
    // Rule files are checked against the spec's target and flags when no --target is given:
    // the trim operator is missing in 3.8, the experimental function is enabled.
    let spec = "tests/fixtures/targets/prometheus-3.8.yaml";
    let rules = "tests/fixtures/targets/releases.rules.yml";
    let output = crate::common::llm_slo(["--spec", spec, "validate", rules, "--format", "json"]);
    let lines: Vec<u64> = crate::common::json_findings(&output)
        .iter()
        .filter_map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(lines, vec![6, 10]);
    // `--target` wins over the spec's.
    let output = crate::common::llm_slo([
        "--spec",
        spec,
        "validate",
        rules,
        "--target",
        "prometheus-3.14",
        "--format",
        "json",
    ]);
    assert_eq!(crate::common::json_findings(&output).len(), 0);
}
