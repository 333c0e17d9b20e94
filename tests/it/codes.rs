//! The registry of diagnostic codes and what is generated from it: `llm-slo explain`, the
//! pages under `docs/codes/`, the README's table, and SARIF rule descriptions.

use crate::common;

use serde_json::Value;

fn stdout(args: &[&str]) -> String {
    let output = common::llm_slo(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn registry() -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(&stdout(&["explain", "--list", "--format", "json"]))
        .expect("a JSON array")
}

/// Every code is documented: a one-line summary, and a page that says why it matters,
/// gives an example and says how to fix it.
#[test]
fn every_code_has_its_why_an_example_and_a_fix() {
    let codes = registry();
    assert!(codes.len() >= 80, "only {} codes", codes.len());
    for code in &codes {
        let id = code["code"].as_str().unwrap();
        let (area, name) = id.split_once('/').expect("area/name");
        assert!(
            !area.is_empty()
                && !name.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/'),
            "{id}: codes are area/kebab-case"
        );
        let summary = code["summary"].as_str().unwrap();
        assert!(
            summary.ends_with('.') && !summary.contains('\n'),
            "{id}: the summary is one sentence"
        );
        let doc = code["doc"].as_str().unwrap();
        for part in ["Why:", "Example", "How to fix:"] {
            assert!(
                doc.contains(part),
                "{id}: the documentation has no `{part}`"
            );
        }
        assert_eq!(code["since"], "0.1.0", "{id}");
    }
}

#[test]
fn explain_prints_a_code_and_names_the_closest_ones_for_a_typo() {
    insta::assert_snapshot!(
        "explain_short_range",
        common::transcript(&common::llm_slo(["explain", "promql/short-range"]))
    );
    insta::assert_snapshot!(
        "explain_typo",
        common::transcript(&common::llm_slo(["explain", "promql/short-rang"]))
    );
}

/// The README's table is `explain --list --format markdown`.
#[test]
fn the_readme_table_is_the_registry() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = "<!-- llm-slo explain --list: start -->\n";
    let end = "<!-- llm-slo explain --list: end -->";
    let from = readme.find(start).expect("the start marker") + start.len();
    let to = readme.find(end).expect("the end marker");
    assert_eq!(
        &readme[from..to],
        stdout(&["explain", "--list", "--format", "markdown"]),
        "update README.md with `llm-slo explain --list --format markdown`"
    );
}

/// `docs/codes/` is `explain --docs docs/codes`: a page per code and an index, nothing else.
#[test]
fn the_documentation_pages_are_the_registry() {
    let dir = common::scratch("code-docs");
    let output = common::llm_slo(["explain", "--docs", dir.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::transcript(&output)
    );
    let written = common::tree(&dir);
    let committed = common::tree(&common::root().join("docs/codes"));
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&written),
        "docs/codes/ is stale: run `cargo run -- explain --docs docs/codes` (and remove pages of codes that are gone)"
    );
    for ((name, ours), (_, theirs)) in written.iter().zip(&committed) {
        assert!(
            ours == theirs,
            "docs/codes/{name} is stale: run `cargo run -- explain --docs docs/codes`"
        );
    }
    assert_eq!(written.len(), registry().len() + 1);
}

/// A SARIF log describes each rule from the registry: summary, documentation, default
/// level and a link to its page; each result points at its rule.
#[test]
fn sarif_rules_carry_their_description_and_help_link() {
    let dir = common::scratch("sarif-rules");
    let rules = dir.join("rules.yml");
    std::fs::write(
        &rules,
        "groups:\n  - name: llm\n    rules:\n      - alert: Busy\n        expr: rate(http_requests_total[20s]) > 1\n",
    )
    .unwrap();
    let output = common::llm_slo([
        "validate",
        rules.to_str().unwrap(),
        "--scrape-interval",
        "15s",
        "--format",
        "sarif",
    ]);
    let text = String::from_utf8(output.stdout)
        .unwrap()
        .replace(dir.to_str().unwrap(), "DIR");
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let run = &log["runs"][0];
    insta::assert_json_snapshot!("sarif_rule", run["tool"]["driver"]["rules"]);
    assert_eq!(run["results"][0]["ruleIndex"], 0);
    assert_eq!(run["results"][0]["ruleId"], "promql/short-range");
}
