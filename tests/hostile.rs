//! Hostile input that once crashed, hung or blew up memory: each is rejected (or accepted)
//! with a diagnostic, never a panic, a stack overflow or an endless loop. The tests run on
//! the test harness's small thread stacks, which makes a stack overflow more likely here
//! than in the CLI.

use llm_slo::promql::{self, Dialect, Options, Settings};
use llm_slo::validate;
use llm_slo_core::contract::Contract;

fn rule_file(expr: &str) -> String {
    format!("groups:\n- name: g\n  rules:\n  - record: r\n    expr: '{expr}'\n")
}

fn validate(text: &str) -> llm_slo::Report {
    validate::validate_text("hostile.yml", text, &Settings::new(Contract::default()))
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
    for dialect in [Dialect::Prometheus2, Dialect::Prometheus3] {
        let options = Options {
            dialect,
            experimental: false,
        };
        let errors = promql::parse_with(&chain, options, Default::default()).unwrap_err();
        assert!(errors[0].message.contains("levels deep"), "{errors:?}");
    }
    let report = validate(&rule_file(&chain));
    assert!(messages(&report).contains("levels deep"));
    let products = format!("1{}", "*2".repeat(20_000));
    assert!(messages(&validate(&rule_file(&products))).contains("levels deep"));
}

#[test]
fn chains_below_the_limit_still_parse_and_check() {
    let chain = vec!["a"; 990].join(" or ");
    assert!(promql::parse(&chain).is_ok());
    let scalars = format!("1{}", " * 2".repeat(990));
    assert!(promql::parse(&scalars).is_ok());
    assert!(validate(&rule_file(&chain)).diagnostics.is_empty());
}

#[test]
fn nested_duration_expressions_are_bounded() {
    let expr = format!("a[{}1m]", "-".repeat(15_392));
    let options = Options {
        dialect: Dialect::Prometheus3,
        experimental: false,
    };
    let errors = promql::parse_with(&expr, options, Default::default()).unwrap_err();
    assert!(errors[0].message.contains("levels deep"), "{errors:?}");
}

#[test]
fn non_ascii_words_in_templates_end() {
    for dialect in [Dialect::Prometheus2, Dialect::Prometheus3] {
        // Go identifiers may be Unicode letters: `é` is an unknown function, not a hang.
        let _ = validate::template::check("{{é}}", dialect);
        let _ = validate::template::check("{{ $labels.café }}", dialect);
    }
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels:\n      x: \"{{ \\u00e9 }}\"\n";
    let _ = validate(text);
}

#[test]
fn aliases_of_long_strings_count_against_the_budget() {
    let mut text = format!(
        "groups:\n- name: g\n  rules: []\na0: &a0 \"{}\"\n",
        "x".repeat(4096)
    );
    for k in 1..7 {
        let refs = vec![format!("*a{}", k - 1); 9].join(", ");
        text.push_str(&format!("a{k}: &a{k} [{refs}]\n"));
    }
    let parsed = llm_slo::yaml::parse(&text, llm_slo::yaml::Limits::default());
    assert!(
        parsed
            .errors
            .iter()
            .any(|e| e.message.contains("expands to more than")),
        "{:?}",
        parsed.errors
    );
}

#[test]
fn many_keys_are_read_and_duplicates_still_found() {
    let mut text: String = (0..50_000).map(|i| format!("k{i}: v\n")).collect();
    text.push_str("k7: again\n");
    let parsed = llm_slo::yaml::parse(&text, llm_slo::yaml::Limits::default());
    assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    assert!(parsed.errors[0].message.contains("duplicate key `k7`"));
}

#[test]
fn value_maps_never_slice_inside_a_character() {
    use llm_slo::yaml::{ScalarStyle, ValueMap};
    let _ = ValueMap::new("é", 1, "x", ScalarStyle::Plain);
    let _ = ValueMap::new("1'é'", 0, "1'é'", ScalarStyle::SingleQuoted);
    let _ = ValueMap::new("''é", 0, "'x", ScalarStyle::SingleQuoted);
    let _ = ValueMap::new("\"\\é\"", 0, "é", ScalarStyle::DoubleQuoted);
    let _ = ValueMap::new("\"\\xé\"", 0, "x", ScalarStyle::DoubleQuoted);
}
