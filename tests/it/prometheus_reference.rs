//! Our PromQL parser against Prometheus 3.14's own expectations, read from
//! `../shared/reference/prometheus-3.14/` when it is beside the repository: every expression
//! its query tests evaluate must parse under `--target prometheus-3.14` with the flags those
//! tests enable, and every case of its `parse_test.go` must get the same verdict, with the
//! error at the same byte where the test gives one.

use std::path::PathBuf;

use llm_slo::Dialect;
use llm_slo::internal::{promql_errors_with, promql_print, promql_tree};

fn reference() -> Option<PathBuf> {
    let dir = crate::common::root().join("../shared/reference/prometheus-3.14");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: Prometheus 3.14's parser expectations ({} is not beside this clone)",
            dir.display()
        );
        None
    }
}

fn lines(dir: &std::path::Path, file: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}: {e}: {l}")))
        .collect()
}

/// The flags Prometheus's parser and query tests enable.
const FLAGS: &[&str] = &[
    "promql-experimental-functions",
    "promql-extended-range-selectors",
    "promql-binop-fill-modifiers",
];

fn p314() -> Dialect {
    Dialect::parse("prometheus-3.14").expect("3.14 is a target")
}

fn errors(expr: &str) -> Vec<(usize, String)> {
    promql_errors_with(expr, p314(), FLAGS)
}

/// Every expression of Prometheus's tests that parses is printed, and the printed text
/// parses to the same tree: the printer loses nothing the parser reads.
#[test]
fn every_parsed_expression_prints_and_parses_back() {
    let Some(dir) = reference() else { return };
    let mut broken = Vec::new();
    let mut printed = 0;
    for file in ["promqltest_valid.jsonl", "parse_cases.jsonl"] {
        for case in lines(&dir, file) {
            if case["invalid_utf8"].as_bool() == Some(true) {
                continue;
            }
            let expr = case["expr"].as_str().unwrap();
            let Ok(once) = promql_print(expr, p314(), FLAGS) else {
                continue;
            };
            printed += 1;
            match promql_tree(&once, p314(), FLAGS) {
                Ok(tree) if Ok(&tree) == promql_tree(expr, p314(), FLAGS).as_ref() => {}
                Ok(tree) => broken.push(format!("{expr}\n    printed {once}\n    read as {tree}")),
                Err(e) => broken.push(format!("{expr}\n    printed {once}\n    rejected {e:?}")),
            }
        }
    }
    assert!(printed > 1000, "only {printed} expressions parsed");
    assert!(
        broken.is_empty(),
        "{} of {printed} printed expressions do not parse back the same:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn every_expression_prometheus_evaluates_parses() {
    let Some(dir) = reference() else { return };
    let mut rejected = Vec::new();
    let cases = lines(&dir, "promqltest_valid.jsonl");
    for case in &cases {
        let expr = case["expr"].as_str().unwrap();
        if let Some((at, message)) = errors(expr).into_iter().next() {
            rejected.push(format!("{expr}\n    {at}: {message}"));
        }
    }
    assert!(
        rejected.is_empty(),
        "{} of {} expressions rejected:\n{}",
        rejected.len(),
        cases.len(),
        rejected.join("\n")
    );
}

#[test]
fn parse_test_verdicts_and_positions_agree() {
    let Some(dir) = reference() else { return };
    let cases = lines(&dir, "parse_cases.jsonl");
    let mut verdicts = Vec::new();
    let mut positions = Vec::new();
    let mut with_start = 0;
    for case in &cases {
        if case["invalid_utf8"].as_bool() == Some(true) {
            continue;
        }
        let expr = case["expr"].as_str().unwrap();
        let fail = case["fail"].as_bool().unwrap();
        let found = errors(expr);
        let line = case["parse_test_line"].as_u64().unwrap_or(0);
        match (fail, found.first()) {
            (false, Some((at, message))) => {
                verdicts.push(format!("line {line}: {expr:?} rejected: {at}: {message}"))
            }
            (true, None) => verdicts.push(format!(
                "line {line}: {expr:?} accepted; Prometheus: {}",
                case["err"]
            )),
            (true, Some((at, message))) => {
                if let Some(start) = case["start"].as_u64() {
                    with_start += 1;
                    if start as usize != *at {
                        positions.push(format!(
                            "line {line}: {expr:?} at {at} ({message}); Prometheus at {start} ({})",
                            case["err"]
                        ));
                    }
                }
            }
            (false, None) => {}
        }
    }
    eprintln!(
        "{} verdicts differ; {} of {with_start} error positions differ",
        verdicts.len(),
        positions.len()
    );
    assert!(
        verdicts.is_empty() && positions.is_empty(),
        "verdicts:\n{}\npositions:\n{}",
        verdicts.join("\n"),
        positions.join("\n")
    );
}
