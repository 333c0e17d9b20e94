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

/// Instant-vector expressions from PromQL's grammar, in varied spellings (spacing, quotes,
/// number and duration forms, casing of keywords): most parse, and those that do must print
/// as text that parses to the same tree.
fn vector_expr() -> impl Strategy<Value = String> {
    let metric = prop::sample::select(
        &[
            "up",
            "http_requests_total",
            "gen_ai_client_token_usage_sum",
            "job:rate:ratio5m",
            "{\"gen_ai.client.token.usage\"}",
        ][..],
    );
    let label = prop::sample::select(&["job", "le", "model", "\"gen_ai.request.model\""][..]);
    let value = prop::sample::select(
        &[
            "\"a\"",
            "'b'",
            "`c\\d`",
            "\"5..\"",
            "\"x\\ny\"",
            "\"\"",
            "\"ö\u{7f}\"",
        ][..],
    );
    let matcher = (
        label.clone(),
        prop::sample::select(&["=", "!=", "=~", "!~"][..]),
        value,
    )
        .prop_map(|(l, op, v)| format!("{l}{op}{v}"));
    let duration = prop::sample::select(
        &[
            "5m", "90s", "1h30m", "300", "1.5", "2d", "1y2w", "100ms", "(2 * 1m)",
        ][..],
    );
    let modifiers = (
        prop::option::of(prop::sample::select(&["5m", "-1h", "30", "(1m + 1s)"][..])),
        prop::option::of(prop::sample::select(
            &["100", "1.5e9", "start()", "end()"][..],
        )),
    )
        .prop_map(|(offset, at)| {
            let mut text = String::new();
            if let Some(o) = offset {
                text.push_str(&format!(" offset {o}"));
            }
            if let Some(a) = at {
                text.push_str(&format!(" @ {a}"));
            }
            text
        });
    let selector = (
        metric,
        prop::collection::vec(matcher, 0..3),
        modifiers.clone(),
    )
        .prop_map(|(metric, matchers, modifiers)| {
            if matchers.is_empty() {
                format!("{metric}{modifiers}")
            } else if let Some(inner) = metric.strip_prefix('{') {
                format!("{{{}, {inner}{modifiers}", matchers.join(","))
            } else {
                format!("{metric}{{{}}}{modifiers}", matchers.join(", "))
            }
        });
    let range_call = (
        prop::sample::select(&["rate", "increase", "max_over_time", "RATE"][..]),
        selector.clone(),
        duration.clone(),
    )
        .prop_map(|(f, s, d)| match s.split_once(" offset") {
            // The range goes before the modifiers.
            Some((name, rest)) => format!("{f}({name}[{d}] offset{rest})"),
            None => match s.split_once(" @") {
                Some((name, rest)) => format!("{f}({name}[{d}] @{rest})"),
                None => format!("{f}({s}[{d}])"),
            },
        });
    let leaf = prop_oneof![selector, range_call];
    leaf.prop_recursive(4, 24, 3, move |inner| {
        let grouping = prop::option::of((
            prop::sample::select(&["by", "without", "BY"][..]),
            prop::collection::vec(prop::sample::select(&["job", "le", "\"a.b\""][..]), 0..3),
        ));
        let number = prop::sample::select(&["0.95", "1e3", "0x1F", "-2", "Inf", "1_000", ".5"][..]);
        prop_oneof![
            (
                prop::sample::select(&["sum", "avg", "max", "count", "group"][..]),
                grouping.clone(),
                inner.clone(),
            )
                .prop_map(|(op, g, e)| match g {
                    Some((kw, labels)) => format!("{op} {kw}({}) ({e})", labels.join(",")),
                    None => format!("{op}({e})"),
                }),
            (
                prop::sample::select(&["topk", "quantile"][..]),
                number.clone(),
                grouping,
                inner.clone()
            )
                .prop_map(|(op, n, g, e)| match g {
                    Some((kw, labels)) => format!("{op}({n}, {e}) {kw} ({})", labels.join(", ")),
                    None => format!("{op}({n},{e})"),
                }),
            (
                inner.clone(),
                prop::sample::select(&["+", "-", "*", "/", "%", "^", ">", "== bool", "atan2"][..]),
                prop::sample::select(
                    &[
                        "",
                        " on(job)",
                        " ignoring(le) group_left",
                        " on (job) group_right(model)"
                    ][..]
                ),
                inner.clone(),
            )
                .prop_map(|(l, op, m, r)| format!("{l} {op}{m} {r}")),
            (
                inner.clone(),
                prop::sample::select(&["and", "or", "unless"][..]),
                inner.clone()
            )
                .prop_map(|(l, op, r)| format!("{l} {op} on() {r}")),
            (
                inner.clone(),
                prop::sample::select(&["+", "/", ">=", "^"][..]),
                number
            )
                .prop_map(|(e, op, n)| format!("{e} {op} {n}")),
            inner.clone().prop_map(|e| format!("({e})")),
            inner.clone().prop_map(|e| format!("-{e}")),
            (
                inner.clone(),
                duration.clone(),
                prop::option::of(duration.clone()),
                modifiers.clone()
            )
                .prop_map(|(e, r, s, m)| format!("({e})[{r}:{}]{m}", s.unwrap_or_default())),
            inner
                .clone()
                .prop_map(|e| format!("histogram_quantile(0.9, {e})")),
            inner
                .clone()
                .prop_map(|e| format!("label_replace({e}, \"dst\", \"$1\", \"src\", \"(.*)\")")),
            inner.prop_map(|e| format!("clamp(abs({e}), 0, 1)")),
        ]
    })
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn printed_promql_parses_back_to_the_same_tree(expr in vector_expr()) {
        let dialect = Dialect::default();
        if let Ok(printed) = llm_slo::internal::promql_print(&expr, dialect, &[]) {
            let tree = llm_slo::internal::promql_tree(&expr, dialect, &[]);
            let again = llm_slo::internal::promql_tree(&printed, dialect, &[]);
            prop_assert_eq!(again, tree, "written {:?}, printed {:?}", expr, printed);
        }
    }
}

/// The generated expressions are mostly valid, so the round trip above is tested on many.
#[test]
fn most_generated_promql_parses() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = vector_expr();
    let mut parsed = 0;
    for _ in 0..500 {
        let expr = strategy.new_tree(&mut runner).expect("a case").current();
        if llm_slo::internal::promql_print(&expr, Dialect::default(), &[]).is_ok() {
            parsed += 1;
        }
    }
    assert!(
        parsed >= 300,
        "only {parsed} of 500 generated expressions parse"
    );
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
