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
                    Some(Value::str(format!(
                        "0+{}x{}",
                        build::number(s.per_step),
                        s.steps
                    ))),
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
        ("evaluation_interval", Some(Value::str(STEP.to_string()))),
        (
            "tests",
            Some(Value::Seq(cases.iter().map(case_value).collect())),
        ),
    ]);
    GeneratedFile::new(path, emit::to_string(&head, &value))
}
