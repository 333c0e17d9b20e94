//! Properties over generated inputs (proptest): the PromQL parser, the spec loader and the
//! rule-file and dashboard readers never panic and place every error inside the input; the
//! pricing engine's cost never falls when tokens are added and is additive where no
//! long-context step applies. The case counts keep the whole file to a few seconds; set
//! `PROPTEST_CASES` to run more.

use std::sync::OnceLock;

use llm_slo::{Dialect, ValidateOptions};
use llm_slo_core::pricing::{PriceTable, Usage};
use proptest::prelude::*;

/// `cases` cases, or `PROPTEST_CASES` when set (a longer hunt).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Pieces of PromQL, valid and not, that a parser must take in any order.
const TOKENS: &[&str] = &[
    "rate",
    "sum",
    "avg",
    "histogram_quantile",
    "topk",
    "label_replace",
    "count_values",
    "absent",
    "vector",
    "time",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "and",
    "or",
    "unless",
    "atan2",
    "@",
    "start()",
    "end()",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "[5m]",
    "[5m:1m]",
    "[1h] offset 5m",
    ",",
    "=",
    "!=",
    "=~",
    "!~",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "==",
    ">",
    "<=",
    "0.95",
    "1e3",
    "0x1F",
    "-Inf",
    "NaN",
    "5m",
    "1_000",
    "\"a\"",
    "'b'",
    "`c`",
    "\"unterminated",
    "le",
    "job",
    "__name__",
    "up",
    "gen_ai_client_operation_duration_seconds_bucket",
    "llm_slo_client_cost_total",
    "{\"gen_ai.client.token.usage\"}",
    "# comment\n",
    "\n",
    "ö",
    "\u{0}",
    "\\",
    "::",
];

fn promql() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(TOKENS),
            prop::sample::select(&["", " ", "\t", "\n"][..]),
        ),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
}

/// The error positions a run gives are byte offsets inside the expression.
fn check_promql(expr: &str) -> Result<(), TestCaseError> {
    for dialect in [
        Dialect::default(),
        Dialect::known().next().expect("a dialect"),
    ] {
        for (offset, message) in llm_slo::internal::promql_errors(expr, dialect, true) {
            prop_assert!(
                offset <= expr.len(),
                "offset {offset} past the end of {expr:?}: {message}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn promql_token_soup_never_panics_and_errors_are_inside(expr in promql()) {
        check_promql(&expr)?;
    }

    #[test]
    fn promql_of_any_text_never_panics(expr in "\\PC{0,120}") {
        check_promql(&expr)?;
    }
}

/// The repository's spec, and texts made from it by a few edits a person or a bad merge
/// might make: lines dropped, repeated or indented, characters replaced.
fn mutated_spec() -> impl Strategy<Value = String> {
    static SPEC: OnceLock<String> = OnceLock::new();
    let spec = SPEC
        .get_or_init(|| {
            std::fs::read_to_string(crate::common::root().join("llm-slo.yaml")).expect("spec")
        })
        .clone();
    let lines = spec.lines().count();
    prop::collection::vec(
        (
            0..4u8,
            0..lines,
            prop::sample::select(
                &[
                    ":", "{", "}", "[", "-", "\"", "'", "\t", "&a", "*a", "!!str", "|", ">", "%",
                    "@", "#", "0", "1e999", "~", "?",
                ][..],
            ),
        ),
        1..6,
    )
    .prop_map(move |edits| {
        let mut lines: Vec<String> = spec.lines().map(str::to_owned).collect();
        for (kind, at, text) in edits {
            if lines.is_empty() {
                break;
            }
            let at = at % lines.len();
            match kind {
                0 => {
                    lines.remove(at);
                }
                1 => {
                    let line = lines[at].clone();
                    lines.insert(at, line);
                }
                2 => lines[at].insert_str(0, "  "),
                _ => {
                    let line = &mut lines[at];
                    let cut = line
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(line.chars().count() / 2)
                        .unwrap_or(line.len());
                    line.insert_str(cut, text);
                }
            }
        }
        lines.join("\n")
    })
}

/// The lines of a text as YAML counts them: `\r\n`, `\n` and a lone `\r` each end one.
fn line_count(text: &str) -> u32 {
    (text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count()) as u32
        + 1
}

/// Every error of a report is placed inside `text`.
fn check_report(report: &llm_slo::Report, text: &str) -> Result<(), TestCaseError> {
    let lines = line_count(text);
    for d in &report.diagnostics {
        if d.severity != llm_slo::Severity::Error {
            continue;
        }
        let Some(at) = &d.location else {
            return Err(TestCaseError::fail(format!(
                "an error without a position: {} {}",
                d.code, d.message
            )));
        };
        prop_assert!(
            at.line >= 1 && at.line <= lines && at.column >= 1,
            "{} at {}:{} outside the {lines} lines: {}",
            d.code,
            at.line,
            at.column,
            d.message
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(150))]

    #[test]
    fn a_mutated_spec_loads_or_fails_with_positioned_errors(text in mutated_spec()) {
        if let Err(report) = llm_slo::load_str("llm-slo.yaml", &text) {
            check_report(&report, &text)?;
        }
    }

    #[test]
    fn any_text_as_a_spec_never_panics(text in "\\PC{0,200}") {
        if let Err(report) = llm_slo::load_str("llm-slo.yaml", &text) {
            check_report(&report, &text)?;
        }
    }

    #[test]
    fn rule_files_and_dashboards_of_mutated_inputs_never_panic(
        rules in mutated_rules(),
        dashboard in mutated_dashboard(),
    ) {
        let options = ValidateOptions::new(Default::default());
        check_report(&llm_slo::validate_str("rules.yml", &rules, &options), &rules)?;
        check_report(&llm_slo::validate_str("dashboard.json", &dashboard, &options), &dashboard)?;
    }
}

/// A rule file with broken pieces spliced in.
fn mutated_rules() -> impl Strategy<Value = String> {
    (
        promql(),
        0..6usize,
        prop::sample::select(&["", "  ", "\t", "- ", "for: ", "expr: |\n  "][..]),
    )
        .prop_map(|(expr, at, prefix)| {
            let mut lines = [
                "groups:".to_owned(),
                "  - name: g".to_owned(),
                "    rules:".to_owned(),
                "      - alert: A".to_owned(),
                format!("        expr: {expr:?}"),
                "        for: 5m".to_owned(),
            ];
            let at = at % lines.len();
            lines[at].insert_str(0, prefix);
            lines.join("\n")
        })
}

/// A dashboard with a broken query and JSON spliced in.
fn mutated_dashboard() -> impl Strategy<Value = String> {
    (
        promql(),
        prop::sample::select(&["", "{", "}", "[", "]", ",", "\"", ":", "null"][..]),
        0..400usize,
    )
        .prop_map(|(expr, junk, at)| {
            let mut text = serde_json::json!({
                "uid": "u", "title": "t", "schemaVersion": 41,
                "panels": [{"type": "timeseries", "id": 1, "title": "p",
                    "datasource": {"type": "prometheus", "uid": "${datasource}"},
                    "targets": [{"refId": "A", "expr": expr}]}]
            })
            .to_string();
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, junk);
            text
        })
}

fn shipped() -> &'static PriceTable {
    static TABLE: OnceLock<PriceTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        llm_slo::internal::shipped_prices().unwrap_or_else(|r| panic!("{}", r.to_human()))
    })
}

/// A usage of the parts the conventions count, consistent: the cache parts within the
/// input, reasoning within the output.
fn usage() -> impl Strategy<Value = (u64, u64, u64, u64, u64)> {
    (
        0..50_000u64,
        0..20_000u64,
        0..=100u64,
        0..=100u64,
        0..=100u64,
    )
        .prop_map(|(input, output, read, write, reasoning)| {
            let read = input * read / 100;
            let write = (input - read) * write / 100;
            (input, output, read, write, output * reasoning / 100)
        })
}

fn as_usage((input, output, read, write, reasoning): (u64, u64, u64, u64, u64)) -> Usage {
    Usage::new()
        .with("input", input)
        .with("output", output)
        .with("cache_read", read)
        .with("cache_write", write)
        .with("output_reasoning", reasoning)
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn adding_tokens_never_lowers_the_cost(
        model in 0..1000usize,
        base in usage(),
        part in 0..5usize,
        more in 1..20_000u64,
    ) {
        let table = shipped();
        let index = table.index();
        let model = &table.models[model % table.models.len()];
        let at = Some(llm_slo_core::pricing::time::Instant(1_793_491_200));
        let before = as_usage(base);
        // More of one part, and of the totals that contain it.
        let (mut input, mut output, mut read, mut write, mut reasoning) = base;
        match part {
            0 => input += more,
            1 => output += more,
            2 => { read += more; input += more }
            3 => { write += more; input += more }
            _ => { reasoning += more; output += more }
        }
        let after = as_usage((input, output, read, write, reasoning));
        if let (Ok(a), Ok(b)) = (index.cost(model, &before, at, None), index.cost(model, &after, at, None)) {
            prop_assert!(a.total <= b.total, "{}: {} then {} after adding {more} to part {part}", model.model, a.total, b.total);
        }
    }

    #[test]
    fn below_every_step_two_calls_cost_what_their_sum_costs(
        model in 0..1000usize,
        a in usage(),
        b in usage(),
    ) {
        let table = shipped();
        let index = table.index();
        let model = &table.models[model % table.models.len()];
        let at = Some(llm_slo_core::pricing::time::Instant(1_793_491_200));
        // Long-context steps start at 128k input tokens or more: 100k stays below them.
        let total = (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3, a.4 + b.4);
        prop_assume!(total.0 < 100_000);
        let cost = |u| index.cost(model, &as_usage(u), at, None).map(|c| c.total);
        if let (Ok(x), Ok(y), Ok(z)) = (cost(a), cost(b), cost(total)) {
            prop_assert_eq!(x + y, z, "{}", model.model);
        }
    }
}

/// Found by the spec fuzz target: a spec whose lines end in lone carriage returns is read
/// as YAML reads it (each `\r` a line break), and its errors are placed on those lines.
#[test]
fn errors_after_lone_carriage_returns_are_placed_on_yaml_lines() {
    let text = format!(
        "version:{} 1\nservice:\n  name: s\npricing:\n  models:\n    - {{ provider: openai, pricinggpt-4o }}\n",
        "\r".repeat(120)
    );
    let report = llm_slo::load_str("llm-slo.yaml", &text).expect_err("an unknown field");
    let first = report.diagnostics[0].location.as_ref().expect("positioned");
    assert_eq!(
        (first.line, first.column),
        (126, 27),
        "{}",
        report.to_human()
    );
    assert!(first.line <= line_count(&text));
}

/// The pricing properties are not vacuous: nearly every shipped model prices a plain call.
#[test]
fn the_pricing_properties_price_most_models() {
    let table = shipped();
    let index = table.index();
    let at = Some(llm_slo_core::pricing::time::Instant(1_793_491_200));
    let plain = as_usage((1000, 100, 0, 0, 0));
    let cached = as_usage((1000, 100, 500, 100, 10));
    let priced = |usage: &Usage| {
        table
            .models
            .iter()
            .filter(|m| index.cost(m, usage, at, None).is_ok())
            .count()
    };
    let n = table.models.len();
    assert!(priced(&plain) * 10 >= n * 9, "{} of {n}", priced(&plain));
    assert!(priced(&cached) * 2 >= n, "{} of {n}", priced(&cached));
}
