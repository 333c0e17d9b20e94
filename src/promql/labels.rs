//! The labels of an expression's result: which labels its series can vary by.
//!
//! Used to count the series a recording rule writes. The answer is exact for the shapes
//! aggregations fix (`sum by (…)`, `vector(…)`, scalars) and follows Prometheus's matching
//! rules through binary operators and functions; a raw selector's labels are unknown
//! unless the caller knows them (a series recorded by an earlier rule).

use std::collections::BTreeSet;

use super::ast::{Card, Expr, VectorSelector};
use super::tokens::{Aggregator, Op};
use super::typecheck::value_type;
use crate::promql::ast::ValueType;

/// A set of label names.
pub(crate) type Labels = BTreeSet<String>;

/// The labels the series of `expr` can carry (the metric name aside), or `None` when they
/// depend on series whose labels are unknown. `known` gives the labels of the series a
/// selector selects when the caller knows them.
pub(crate) fn result_labels(
    expr: &Expr,
    known: &dyn Fn(&VectorSelector) -> Option<Labels>,
) -> Option<Labels> {
    match expr {
        Expr::Number { .. } | Expr::String { .. } => Some(Labels::new()),
        Expr::Vector(selector) | Expr::Matrix { selector, .. } => known(selector),
        Expr::Subquery { expr, .. } | Expr::Unary { expr, .. } | Expr::Paren { expr, .. } => {
            result_labels(expr, known)
        }
        Expr::Aggregate {
            op,
            param,
            expr,
            grouping,
            ..
        } => {
            let mut labels = match grouping {
                Some(g) if !g.without => g.labels.iter().map(|n| n.value.clone()).collect(),
                Some(g) => {
                    let mut inner = result_labels(expr, known)?;
                    for name in &g.labels {
                        inner.remove(&name.value);
                    }
                    inner
                }
                None if matches!(
                    op,
                    Aggregator::Topk
                        | Aggregator::Bottomk
                        | Aggregator::Limitk
                        | Aggregator::LimitRatio
                ) =>
                {
                    result_labels(expr, known)?
                }
                None => Labels::new(),
            };
            if let (Aggregator::CountValues, Some(param)) = (op, param)
                && let Expr::String { value, .. } = param.unparen()
            {
                labels.insert(value.clone());
            }
            Some(labels)
        }
        Expr::Call { name, args, .. } => call_labels(&name.value, args, known),
        Expr::Binary {
            op,
            lhs,
            rhs,
            matching,
            ..
        } => {
            let (lt, rt) = (value_type(lhs), value_type(rhs));
            if lt == ValueType::Scalar {
                return result_labels(rhs, known);
            }
            if rt == ValueType::Scalar {
                return result_labels(lhs, known);
            }
            match op {
                Op::Or => {
                    let mut labels = result_labels(lhs, known)?;
                    labels.extend(result_labels(rhs, known)?);
                    Some(labels)
                }
                Op::And | Op::Unless => result_labels(lhs, known),
                _ => match matching.as_ref().and_then(|m| m.group.as_ref()) {
                    Some((Card::OneToMany, extra)) => {
                        let mut labels = result_labels(rhs, known)?;
                        labels.extend(extra.iter().map(|n| n.value.clone()));
                        Some(labels)
                    }
                    Some((Card::ManyToOne, extra)) => {
                        let mut labels = result_labels(lhs, known)?;
                        labels.extend(extra.iter().map(|n| n.value.clone()));
                        Some(labels)
                    }
                    None => result_labels(lhs, known),
                },
            }
        }
    }
}

/// A function's result labels: none for functions that build a series from nothing, the
/// destination label added by `label_replace`/`label_join`, `le` dropped by
/// `histogram_quantile`, and otherwise those of its vector argument.
fn call_labels(
    name: &str,
    args: &[Expr],
    known: &dyn Fn(&VectorSelector) -> Option<Labels>,
) -> Option<Labels> {
    let vector_arg = || {
        args.iter()
            .find(|a| matches!(value_type(a), ValueType::Vector | ValueType::Matrix))
    };
    match name {
        "vector" | "time" | "scalar" | "pi" => Some(Labels::new()),
        "histogram_quantile" | "histogram_fraction" => {
            let mut labels = result_labels(args.last()?, known)?;
            labels.remove("le");
            Some(labels)
        }
        "label_replace" | "label_join" => {
            let mut labels = result_labels(args.first()?, known)?;
            if let Some(Expr::String { value, .. }) = args.get(1).map(Expr::unparen) {
                labels.insert(value.clone());
            }
            Some(labels)
        }
        _ => match vector_arg() {
            Some(arg) => result_labels(arg, known),
            None => Some(Labels::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels_of(expr: &str) -> Option<Vec<String>> {
        let parsed = crate::promql::parse(expr).expect("parses");
        let known = |selector: &VectorSelector| {
            (selector.name.as_ref()?.value == "recorded")
                .then(|| Labels::from(["a".to_owned(), "service".to_owned()]))
        };
        result_labels(&parsed, &known).map(|l| l.into_iter().collect())
    }

    #[test]
    fn aggregations_fix_the_labels() {
        assert_eq!(
            labels_of("sum by (model, feature) (rate(x[5m]))"),
            Some(vec!["feature".to_owned(), "model".to_owned()])
        );
        assert_eq!(labels_of("sum(rate(x[5m]))"), Some(vec![]));
        assert_eq!(labels_of("vector(1)"), Some(vec![]));
        assert_eq!(
            labels_of("rate(x[5m])"),
            None,
            "a raw series' labels are unknown"
        );
    }

    #[test]
    fn binary_operators_keep_the_matching_side() {
        assert_eq!(
            labels_of("sum by (m) (x) / sum by (m) (y)"),
            Some(vec!["m".to_owned()])
        );
        assert_eq!(
            labels_of("(sum by (m) (x) or sum by (m, t) (y) * 0) / 2"),
            Some(vec!["m".to_owned(), "t".to_owned()])
        );
        assert_eq!(
            labels_of("sum by (m) (x) * on (m) group_left (price) sum by (m, price) (y)"),
            Some(vec!["m".to_owned(), "price".to_owned()])
        );
        assert_eq!(
            labels_of("1 - recorded"),
            Some(vec!["a".to_owned(), "service".to_owned()])
        );
    }

    #[test]
    fn functions_add_and_drop_labels() {
        assert_eq!(
            labels_of("histogram_quantile(0.9, sum by (m, le) (rate(x[5m])))"),
            Some(vec!["m".to_owned()])
        );
        assert_eq!(
            labels_of(r#"label_replace(vector(1), "t", "input", "", "")"#),
            Some(vec!["t".to_owned()])
        );
        assert_eq!(
            labels_of("sum_over_time(recorded[30d])"),
            Some(vec!["a".to_owned(), "service".to_owned()])
        );
    }
}
