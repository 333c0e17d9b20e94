//! Hostile input that once crashed, hung or blew up memory: each is rejected (or accepted)
//! with a diagnostic, never a panic, a stack overflow or an endless loop. The tests run on
//! the test harness's small thread stacks, which makes a stack overflow more likely here
//! than in the CLI.

use llm_slo::internal::promql_errors;
use llm_slo::{Contract, Dialect, ValidateOptions};

fn rule_file(expr: &str) -> String {
    format!("groups:\n- name: g\n  rules:\n  - record: r\n    expr: '{expr}'\n")
}

fn validate(text: &str) -> llm_slo::Report {
    llm_slo::validate_str(
        "hostile.yml",
        text,
        &ValidateOptions::new(Contract::default()),
    )
}

fn messages(report: &llm_slo::Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn long_operator_chains_are_rejected_not_overflowed() {
    let chain = vec!["a"; 27_554].join("+");
    for dialect in [Dialect::PROMETHEUS_2, Dialect::PROMETHEUS_3] {
        let errors = promql_errors(&chain, dialect, false);
        assert!(errors[0].1.contains("levels deep"), "{errors:?}");
    }
    let report = validate(&rule_file(&chain));
    assert!(messages(&report).contains("levels deep"));
    let products = format!("1{}", "*2".repeat(20_000));
    assert!(messages(&validate(&rule_file(&products))).contains("levels deep"));
}

#[test]
fn chains_below_the_limit_still_parse_and_check() {
    let chain = vec!["a"; 990].join(" or ");
    assert!(promql_errors(&chain, Dialect::PROMETHEUS_3, false).is_empty());
    let scalars = format!("1{}", " * 2".repeat(990));
    assert!(promql_errors(&scalars, Dialect::PROMETHEUS_3, false).is_empty());
    assert!(validate(&rule_file(&chain)).diagnostics.is_empty());
}

#[test]
fn nested_duration_expressions_are_bounded() {
    let expr = format!("a[{}1m]", "-".repeat(15_392));
    let errors = promql_errors(&expr, Dialect::PROMETHEUS_3, false);
    assert!(errors[0].1.contains("levels deep"), "{errors:?}");
}

#[test]
fn non_ascii_words_in_templates_end() {
    // Go identifiers may be Unicode letters: `é` is an unknown function, not a hang.
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels:\n      x: \"{{ \\u00e9 }}\"\n";
    let _ = validate(text);
}
