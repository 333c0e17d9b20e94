//! Every kind of input `validate` reads, each in a minimal fixture of our own
//! (`fixtures/validate/inputs/`): the old `rows` layout, library panels and collapsed rows,
//! ConfigMaps with a rule file and a dashboard inside, `kind: List`, Grafana alert
//! provisioning, datasources and variables as Grafana resolves them, empty rule files,
//! symlinked folders (a mounted ConfigMap) and files that are skipped.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{self, json_findings, llm_slo, transcript};

const SPEC: &str = "tests/fixtures/checks/llm-slo.yaml";
const INPUTS: &str = "tests/fixtures/validate/inputs";

/// `(line, column, code)` of each finding on one input.
fn findings(path: &str) -> Vec<(u64, u64, String)> {
    let output = llm_slo(["--spec", SPEC, "validate", path, "--format", "json"]);
    json_findings(&output)
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn input(name: &str) -> String {
    format!("{INPUTS}/{name}")
}

fn syntax(line: u64, column: u64) -> (u64, u64, String) {
    (line, column, "promql/syntax".to_owned())
}

#[test]
fn the_old_rows_layout_is_read_and_its_loki_panel_is_not_parsed() {
    assert_eq!(findings(&input("rows.json")), vec![syntax(17, 118)]);
}

#[test]
fn library_panels_and_collapsed_rows_are_read() {
    assert_eq!(
        findings(&input("library-panels.json")),
        vec![syntax(12, 146), syntax(31, 123)]
    );
}

/// The positions are those of the broken expressions in the ConfigMap file, through the
/// block scalars that hold the embedded rule file and dashboard.
#[test]
fn configmaps_hold_rule_files_and_dashboards() {
    assert_eq!(
        findings(&input("configmap.yaml")),
        vec![syntax(17, 85), syntax(25, 97)]
    );
}

#[test]
fn prometheus_rules_inside_a_list_are_read() {
    assert_eq!(findings(&input("list.yaml")), vec![syntax(14, 104)]);
}

#[test]
fn grafana_alert_provisioning_files_have_their_promql_checked() {
    // The Loki query and the threshold expression are not PromQL; `for: "0"` is valid.
    assert_eq!(
        findings(&input("grafana-alerts.yaml")),
        vec![syntax(18, 100)]
    );
}

/// Loki variables and targets (by variable, by a panel's type, in a mixed panel) are not
/// parsed; a custom variable takes its first option; `\$SYS` stays as typed; a min
/// interval of 1m keeps `$__interval` long enough, and without one it is reported.
#[test]
fn datasources_and_variables_resolve_as_grafana_resolves_them() {
    assert_eq!(
        findings(&input("datasources.json")),
        vec![(47, 101, "promql/short-range".to_owned())]
    );
    let output = llm_slo([
        "--spec",
        SPEC,
        "validate",
        &input("datasources.json"),
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let help = value["diagnostics"][0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("$__rate_interval"), "{help}");
    assert_eq!(value["summary"]["other_datasource_queries"], 3);
    assert_eq!(value["summary"]["expressions"], 5);
}

#[test]
fn empty_rule_files_are_rule_files_of_no_rules() {
    for name in ["empty.rules.yml", "comments-only.rules.yml"] {
        let output = llm_slo(["validate", &input(name)]);
        assert!(output.status.success(), "{}", transcript(&output));
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("no findings"),
            "{}",
            transcript(&output)
        );
    }
}

/// A folder run says what it read and skipped, in the human format's last line and in the
/// JSON summary; an unknown file in a folder is an info, named explicitly an error.
#[test]
fn folders_skip_what_they_cannot_read() {
    let output = llm_slo(["--spec", SPEC, "validate", INPUTS]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "read 8 files (3 rule files, 2 manifests, 4 dashboards, 1 Grafana alert file): 3 rules, \
         11 panels, 12 expressions (5 queries for other datasources not checked); skipped 1 file \
         (1 not a known input)",
        "{}",
        transcript(&output)
    );
    assert!(
        stdout.contains("unrelated.yaml:1:1: info[validate/skipped]: skipped: not a known input")
    );
    let json = llm_slo(["--spec", SPEC, "validate", INPUTS, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["summary"]["files"], 8);
    assert_eq!(
        value["summary"]["skipped"][0]["reason"],
        "not a known input"
    );
    let explicit = findings(&input("unrelated.yaml"));
    assert_eq!(explicit, vec![(1, 1, "validate/unknown-input".to_owned())]);
}

/// A mounted ConfigMap: files are links into `..data`, itself a link to a dated folder; a
/// link back to the folder above must not loop. Each file is read once.
#[cfg(unix)]
#[test]
fn symlinks_are_followed_once_without_loops() {
    use std::os::unix::fs::symlink;
    let dir = common::scratch("inputs-symlinks");
    let mount = dir.join("mount");
    let dated = mount.join("..2026_12_01_00_00_00.1");
    std::fs::create_dir_all(&dated).unwrap();
    let rules = std::fs::read_to_string(common::root().join(input("list.yaml"))).unwrap();
    std::fs::write(dated.join("llm.yaml"), rules).unwrap();
    symlink("..2026_12_01_00_00_00.1", mount.join("..data")).unwrap();
    symlink("..data/llm.yaml", mount.join("llm.yaml")).unwrap();
    symlink("..", mount.join("parent")).unwrap();
    symlink("mount", dir.join("again")).unwrap();
    symlink("missing.yaml", dir.join("dangling.yaml")).unwrap();
    let output = llm_slo([
        "--spec",
        SPEC,
        "validate",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let found = json_findings(&output);
    let errors: Vec<&str> = found
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["file"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(errors.len(), 1, "{}", transcript(&output));
    assert!(Path::new(errors[0]).ends_with("llm.yaml"), "{errors:?}");
    let skipped: BTreeSet<&str> = found
        .iter()
        .filter(|f| f["code"] == "validate/skipped")
        .map(|f| f["message"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(skipped, BTreeSet::from(["skipped: dangling link"]));
}
