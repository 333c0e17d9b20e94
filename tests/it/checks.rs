//! Every validator check, on a failing and a passing example (`fixtures/checks/<code>.fail.yml`
//! and `.pass.yml`, or `.json` for the checks that dashboards show best): the failing one must report the code (snapshot of the rendered
//! findings), the passing one must not. A check without fixtures fails the suite.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

const SPEC: &str = "tests/fixtures/checks/llm-slo.yaml";

/// `promql.syntax.fail.yml` → `promql/syntax`.
fn code_of(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    // `<code>.fail.yml`: the code is all but the last two parts.
    let stem = name.rsplitn(3, '.').nth(2).unwrap();
    stem.replacen('.', "/", 1)
}

/// Runs `validate` on a fixture with the arguments of its `# args:` line.
fn validate(path: &Path, format: &str) -> std::process::Output {
    let relative = path
        .strip_prefix(common::root())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let extra: Vec<String> = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# args:"))
        .map(|a| a.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut args = vec![
        "--spec".to_owned(),
        SPEC.to_owned(),
        "validate".to_owned(),
        relative,
    ];
    args.extend(extra);
    args.extend(["--format".to_owned(), format.to_owned()]);
    common::llm_slo(args)
}

fn codes(output: &std::process::Output) -> BTreeSet<String> {
    let findings = common::json_findings(output);
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_check_fires_on_its_failing_example() {
    insta::glob!("../fixtures", "checks/*.fail.{yml,json}", |path| {
        let code = code_of(path);
        let found = codes(&validate(path, "json"));
        assert!(
            found.contains(&code),
            "{code} not reported on {}: {found:?}",
            path.display()
        );
        insta::assert_snapshot!(common::transcript(&validate(path, "human")));
    });
}

#[test]
fn no_check_fires_on_its_passing_example() {
    insta::glob!("../fixtures", "checks/*.pass.{yml,json}", |path| {
        let code = code_of(path);
        let output = validate(path, "json");
        let found = codes(&output);
        assert!(
            !found.contains(&code),
            "{code} reported on {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    });
}

/// Every validator code of the registry has fixtures.
#[test]
fn every_check_has_examples() {
    let listed = common::llm_slo(["explain", "--list", "--format", "json"]);
    let codes: Vec<serde_json::Value> =
        serde_json::from_slice(&listed.stdout).expect("explain --list --format json");
    let mut defined: BTreeSet<String> = codes
        .iter()
        .filter_map(|c| c["code"].as_str())
        .filter(|code| {
            [
                "promql/",
                "contract/",
                "alerts/",
                "rules/",
                "validate/",
                "grafana/",
            ]
            .iter()
            .any(|p| code.starts_with(p))
        })
        .map(str::to_owned)
        .collect();
    let dir = common::root().join("tests/fixtures/checks");
    // Reported only for files found in folders: `inputs::folders_skip_what_they_cannot_read`.
    defined.remove("validate/skipped");
    for code in &defined {
        let slug = code.replacen('/', ".", 1);
        for kind in ["fail", "pass"] {
            assert!(
                ["yml", "json"]
                    .iter()
                    .any(|ext| dir.join(format!("{slug}.{kind}.{ext}")).is_file()),
                "{code} has no {kind} example"
            );
        }
    }
    assert!(defined.len() >= 25, "only {} codes found", defined.len());
}
