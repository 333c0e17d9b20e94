//! The test files as promtool reads them: `rule_files`, `evaluation_interval` and the
//! cases, each with its input series and `promql_expr_test` checks.

use super::{Case, STEP, notation};
use crate::output::GeneratedFile;
use crate::promql::build;
use crate::yaml::emit::{self, Value};

fn case_value(case: &Case) -> Value {
    let series = case
        .series
        .iter()
        .map(|s| {
            Value::map([
                ("series", Some(Value::str(notation(&s.name, &s.labels)))),
                (
                    "values",
                    Some(Value::str(match s.after {
                        None => format!("0+{}x{}", build::number(s.per_step), s.steps),
                        // The second segment starts where the first ended.
                        Some((per_step, steps)) => format!(
                            "0+{}x{} {}+{}x{}",
                            build::number(s.per_step),
                            s.steps,
                            build::number(s.per_step * (s.steps + 1) as f64),
                            build::number(per_step),
                            steps.saturating_sub(1)
                        ),
                    })),
                ),
            ])
        })
        .collect();
    let checks = case
        .checks
        .iter()
        .map(|c| {
            Value::map([
                ("expr", Some(Value::str(&c.expr))),
                ("eval_time", Some(Value::str(c.eval_time.to_string()))),
                (
                    "exp_samples",
                    Some(Value::Seq(
                        c.samples
                            .iter()
                            .map(|(labels, value)| {
                                Value::map([
                                    ("labels", Some(Value::str(labels))),
                                    ("value", Some(Value::Number(value.clone()))),
                                ])
                            })
                            .collect(),
                    )),
                ),
            ])
        })
        .collect();
    Value::map([
        ("name", Some(Value::str(&case.name))),
        ("interval", Some(Value::str(case.interval.to_string()))),
        ("input_series", Some(Value::Seq(series))),
        ("promql_expr_test", Some(Value::Seq(checks))),
    ])
}

pub(super) fn test_file(
    path: String,
    header: &str,
    notes: &[String],
    cases: &[Case],
) -> GeneratedFile {
    test_file_every(path, header, notes, cases, STEP)
}

/// [`test_file`] with rules evaluated every `interval` (cases that span days).
pub(super) fn test_file_every(
    path: String,
    header: &str,
    notes: &[String],
    cases: &[Case],
    interval: crate::base::Duration,
) -> GeneratedFile {
    let mut head = header.to_owned();
    for note in notes {
        head.push('\n');
        head.push_str(note);
    }
    let value = Value::map([
        (
            "rule_files",
            Some(Value::Seq(vec![Value::str("../llm-slo.rules.yml")])),
        ),
        (
            "evaluation_interval",
            Some(Value::str(interval.to_string())),
        ),
        (
            "tests",
            Some(Value::Seq(cases.iter().map(case_value).collect())),
        ),
    ]);
    GeneratedFile::new(path, emit::to_string(&head, &value))
}
