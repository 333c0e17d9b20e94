//! promtool accepts what llm-slo generates. These tests fail, with instructions, when
//! promtool is not installed.

mod common;

use std::process::Command;

fn check_rules(path: &std::path::Path) {
    let output = Command::new(common::promtool())
        .args(["check", "rules"])
        .arg(path)
        .output()
        .expect("promtool runs");
    assert!(
        output.status.success(),
        "promtool check rules {} failed:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn promtool_accepts_the_committed_rules() {
    check_rules(&common::root().join("generated/prometheus/llm-slo.rules.yml"));
}

/// Every valid fixture that Prometheus 2 can read (no UTF-8 names) generates rules promtool
/// accepts: hostile strings included.
#[test]
fn promtool_accepts_rules_from_every_fixture() {
    let fixtures = common::root().join("tests/fixtures/valid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("fixture");
        if text.contains("NoUTF8EscapingWithSuffixes") || text.contains("NoTranslation") {
            continue;
        }
        let out = common::scratch(&format!(
            "promtool-{}",
            path.file_stem().unwrap().to_string_lossy()
        ));
        let output = common::llm_slo([
            "--spec".as_ref(),
            path.as_os_str(),
            "generate".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            common::transcript(&output)
        );
        check_rules(&out.join("prometheus/llm-slo.rules.yml"));
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} fixtures checked");
}
