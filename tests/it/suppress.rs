//! Suppressions, one test per mechanism, through the built binary in a folder of its own:
//! inline comments in YAML, markers in Grafana panel descriptions, the `validate` section
//! of a spec and of `.llm-slo.yaml` (codes by path, panels by dashboard uid and id), and
//! baselines. Each also shows that a suppression matching nothing is reported.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-slo"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the llm-slo binary runs")
}

/// (code, line) of every finding of a JSON run, sorted.
fn findings(output: &Output) -> Vec<(String, u64)> {
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", common::transcript(output)));
    let mut out: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] != "contract/detected")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

fn code(s: &str, line: u64) -> (String, u64) {
    (s.to_owned(), line)
}

const RULES: &str = "\
groups:
  - name: llm
    rules:
      # llm-slo: disable=promql/short-range the exporter is scraped every 2s
      - alert: FastA
        expr: rate(http_requests_total[10s]) > 1
      - alert: FastB
        expr: rate(http_requests_total[10s]) > 2  # llm-slo: disable=promql/short-range
      - alert: FastC
        expr: rate(http_requests_total[10s]) > 3
      # llm-slo: disable=alerts/comparison nothing to silence here
      - alert: Fine
        expr: rate(http_requests_total[5m]) > 4
      # llm-slo: disable=promql/short-rang
      - alert: Typo
        expr: rate(http_requests_total[5m]) > 5
";

#[test]
fn an_inline_comment_silences_the_block_it_precedes_and_reports_itself_when_unused() {
    let dir = common::scratch("suppress-inline");
    std::fs::write(dir.join("rules.yml"), RULES).unwrap();
    let output = run_in(&dir, &["validate", "rules.yml", "--format", "json"]);
    assert_eq!(
        findings(&output),
        [
            // FastC is not covered by the comments above FastA and FastB.
            code("promql/short-range", 10),
            code("suppression/invalid", 14),
            code("suppression/unused", 11),
        ]
    );
    // Warnings only: the run passes unless it fails on warnings.
    assert_eq!(output.status.code(), Some(0));
    let strict = run_in(&dir, &["validate", "rules.yml", "--fail-on", "warning"]);
    assert_eq!(strict.status.code(), Some(1));
}

const DASHBOARD: &str = r#"{
  "uid": "llm-overview",
  "title": "LLM",
  "panels": [
    {
      "id": 1,
      "type": "timeseries",
      "description": "Calls per second. llm-slo: disable=promql/short-range the panel's min interval is 2s",
      "datasource": {"type": "prometheus", "uid": "prom"},
      "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[10s]))"}]
    },
    {
      "id": 2,
      "type": "timeseries",
      "datasource": {"type": "prometheus", "uid": "prom"},
      "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[10s]))"}]
    },
    {
      "id": 3,
      "type": "timeseries",
      "datasource": {"type": "prometheus", "uid": "prom"},
      "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[10s]))"}]
    }
  ]
}
"#;

#[test]
fn a_panel_description_marker_silences_that_panel() {
    let dir = common::scratch("suppress-panel");
    std::fs::write(dir.join("overview.json"), DASHBOARD).unwrap();
    let output = run_in(&dir, &["validate", "overview.json", "--format", "json"]);
    // Panels 2 and 3 are reported; panel 1 (lines 5–11) is not.
    assert_eq!(
        findings(&output),
        [
            code("promql/short-range", 16),
            code("promql/short-range", 22)
        ]
    );
}

/// `.llm-slo.yaml`: a code ignored under a path, a panel by dashboard uid and id; entries
/// whose findings are gone are reported at their line, entries for files this run did not
/// read are not judged.
#[test]
fn the_repository_config_ignores_codes_by_path_and_panels_by_uid_and_id() {
    let dir = common::scratch("suppress-config");
    std::fs::create_dir_all(dir.join("legacy")).unwrap();
    std::fs::write(dir.join("legacy/rules.yml"), RULES).unwrap();
    std::fs::write(dir.join("overview.json"), DASHBOARD).unwrap();
    std::fs::write(
        dir.join(".llm-slo.yaml"),
        "\
validate:
  ignore:
    - codes: [promql/*, suppression/invalid]
      paths: [\"legacy/**\"]
      reason: written for a 2s scrape
    - codes: [alerts/unaggregated-threshold]
      paths: [\"other/**\"]
  panels:
    - dashboard: llm-overview
      panel: 2
      codes: [promql/short-range]
    - dashboard: llm-overview
      panel: 1
      codes: [promql/syntax]
",
    )
    .unwrap();
    let output = run_in(&dir, &["validate", ".", "--format", "json"]);
    let found = findings(&output);
    assert!(
        found.contains(&code("promql/short-range", 22)),
        "panel 3 is not suppressed: {found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(c, l)| c == "promql/short-range" && *l == 16),
        "panel 2 is suppressed: {found:?}"
    );
    // The legacy folder's PromQL findings are gone; the suppressions' own are not
    // suppressible (its bad comment's `suppression/invalid` stays).
    assert!(
        found.contains(&code("suppression/invalid", 14)),
        "{found:?}"
    );
    // Panel 1's entry matches nothing: reported at its line in .llm-slo.yaml. The entry for
    // `other/**` concerns files this run did not read: not judged.
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let unused: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "suppression/unused")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        unused.contains(&(".llm-slo.yaml".to_owned(), 12)),
        "{unused:?}"
    );
    assert!(
        !unused.iter().any(|(f, l)| f == ".llm-slo.yaml" && *l == 6),
        "{unused:?}"
    );
}

/// A spec's `validate` section: the same entries, checked with the spec (an unknown code is
/// a positioned `suppression/invalid` warning of the spec).
#[test]
fn the_specs_validate_section_ignores_codes_and_its_unknown_codes_are_reported() {
    let dir = common::scratch("suppress-spec");
    let spec =
        std::fs::read_to_string(common::root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    std::fs::write(
        dir.join("llm-slo.yaml"),
        format!(
            "{spec}validate:\n  ignore:\n    - codes: [promql/short-range]\n      paths: [\"rules/*.yml\"]\n    - codes: [promql/shortrange]\n"
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("rules/a.yml"), RULES).unwrap();
    let output = run_in(&dir, &["validate", "rules/a.yml", "--format", "json"]);
    let found = findings(&output);
    assert!(
        !found.iter().any(|(c, _)| c == "promql/short-range"),
        "{found:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "warning[suppression/invalid]: no diagnostic code is named `promql/shortrange`"
        ),
        "{stderr}"
    );
}

/// A baseline accepts the findings it lists; a new one fails the run; a gone one is an info.
#[test]
fn a_baseline_lets_old_findings_pass_and_fails_a_new_one() {
    let dir = common::scratch("suppress-baseline");
    let rules = "groups:\n  - name: llm\n    rules:\n      - alert: A\n        expr: rate(http_requests_total[10s]) > 1\n      - alert: B\n        expr: rate(http_errors_total[20s]) > 1\n";
    std::fs::write(dir.join("rules.yml"), rules).unwrap();
    let strict = [
        "validate",
        "rules.yml",
        "--fail-on",
        "warning",
        "--baseline",
        "baseline.json",
    ];
    let missing = run_in(&dir, &strict);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "{}",
        common::transcript(&missing)
    );

    let mut write = strict.to_vec();
    write.push("--write-baseline");
    let written = run_in(&dir, &write);
    assert_eq!(
        written.status.code(),
        Some(0),
        "{}",
        common::transcript(&written)
    );
    insta::assert_snapshot!(
        "baseline_file",
        std::fs::read_to_string(dir.join("baseline.json")).unwrap()
    );
    // The same findings, a few lines lower: still accepted.
    std::fs::write(dir.join("rules.yml"), format!("# moved\n\n{rules}")).unwrap();
    let old = run_in(&dir, &strict);
    assert_eq!(old.status.code(), Some(0), "{}", common::transcript(&old));

    // A new finding fails; the fixed one is an info, which never fails.
    std::fs::write(
        dir.join("rules.yml"),
        "groups:\n  - name: llm\n    rules:\n      - alert: A\n        expr: rate(http_requests_total[10s]) > 1\n      - alert: C\n        expr: rate(http_timeouts_total[30s]) > 1\n",
    )
    .unwrap();
    let new = run_in(&dir, &strict);
    assert_eq!(new.status.code(), Some(1), "{}", common::transcript(&new));
    let mut json_args = strict.to_vec();
    json_args.extend(["--format", "json"]);
    assert_eq!(
        findings(&run_in(&dir, &json_args)),
        [code("promql/short-range", 7), code("suppression/unused", 1)]
    );
}
