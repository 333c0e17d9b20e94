//! Our PromQL parser against promtool 2.42 (Prometheus's own parser), on the corpus under
//! `fixtures/promql/`: hand-written corner cases and mutations of real rules. For each
//! expression, the accept/reject verdict and the line:column of the first error must agree.
//! Fails, with instructions, when promtool is not installed.

use crate::common;

use std::collections::BTreeMap;
use std::fmt::Write;

use llm_slo::Dialect;
use llm_slo::internal::promql_errors;

/// promtool's verdict for each expression: `None` when accepted, else (line, column, message).
fn promtool_verdicts(exprs: &[String]) -> Vec<Option<(usize, usize, String)>> {
    let dir = common::scratch("promql-corpus");
    let file = dir.join("corpus.rules.yml");
    let mut rules = String::from("groups:\n");
    for (i, expr) in exprs.iter().enumerate() {
        let quoted = serde_json::to_string(expr).unwrap();
        writeln!(
            rules,
            "  - name: g{i}\n    rules:\n      - record: r\n        expr: {quoted}"
        )
        .unwrap();
    }
    std::fs::write(&file, rules).unwrap();
    let output = std::process::Command::new(common::promtool())
        .args(["check", "rules"])
        .arg(&file)
        .output()
        .expect("promtool runs");
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    let mut errors: BTreeMap<usize, (usize, usize, String)> = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.split("group \"g").nth(1) else {
            continue;
        };
        let Some((index, rest)) = rest.split_once('"') else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        let Some(error) = rest.split("could not parse expression: ").nth(1) else {
            continue;
        };
        let mut parts = error.splitn(3, ':');
        let (Some(l), Some(c), Some(message)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(l), Ok(c)) = (l.parse(), c.parse()) {
            errors.insert(index, (l, c, message.trim().to_owned()));
        }
    }
    (0..exprs.len()).map(|i| errors.remove(&i)).collect()
}

fn ours(expr: &str) -> Option<(usize, usize, String)> {
    let (start, message) = promql_errors(expr, Dialect::PROMETHEUS_2, false)
        .into_iter()
        .next()?;
    let before = &expr[..start.min(expr.len())];
    let line = before.matches('\n').count() + 1;
    let column = start - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Some((line, column, message))
}

#[test]
fn the_parser_agrees_with_promtool_on_the_corpus() {
    let mut exprs = Vec::new();
    for file in ["handwritten.txt", "corpus.txt"] {
        let text = std::fs::read_to_string(common::root().join("tests/fixtures/promql").join(file))
            .unwrap();
        exprs.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with("##"))
                .map(str::to_owned),
        );
    }
    let verdicts = promtool_verdicts(&exprs);
    let (mut same_verdict, mut rejected, mut same_column) = (0, 0, 0);
    let mut report = String::new();
    for (expr, theirs) in exprs.iter().zip(&verdicts) {
        let mine = ours(expr);
        if mine.is_some() == theirs.is_some() {
            same_verdict += 1;
        } else {
            writeln!(
                report,
                "verdict differs: {expr}\n  promtool: {theirs:?}\n  llm-slo:  {mine:?}"
            )
            .unwrap();
        }
        if let Some((l, c, _)) = theirs {
            rejected += 1;
            match &mine {
                Some((ml, mc, _)) if (ml, mc) == (l, c) => same_column += 1,
                Some(_) => writeln!(
                    report,
                    "position differs: {expr}\n  promtool: {theirs:?}\n  llm-slo:  {mine:?}"
                )
                .unwrap(),
                None => {}
            }
        }
    }
    let verdict_share = same_verdict as f64 / exprs.len() as f64;
    let column_share = same_column as f64 / rejected as f64;
    println!(
        "{} expressions: verdict agrees on {same_verdict} ({:.1}%); of {rejected} rejected, the error position agrees on {same_column} ({:.1}%)",
        exprs.len(),
        verdict_share * 100.0,
        column_share * 100.0
    );
    assert!(
        exprs.len() > 1000 && rejected > 500,
        "the corpus is too small to mean anything"
    );
    assert!(verdict_share >= 0.99 && column_share >= 0.97, "{report}");
}
