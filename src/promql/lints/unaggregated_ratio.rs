//! `promql/unaggregated-ratio`

use super::{Check, Finding, LintContext, selector_name, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, Op};

/// `promql/unaggregated-ratio`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::UNAGGREGATED_RATIO;

/// The check.
pub(crate) struct UnaggregatedRatio;

fn is_raw_rate(expr: &Expr, cx: &LintContext<'_>) -> bool {
    match expr.unparen() {
        Expr::Call { name, args, .. }
            if matches!(name.value.as_str(), "rate" | "irate" | "increase") =>
        {
            args.iter()
                .flat_map(selectors)
                .any(|s| selector_name(s).is_some_and(|(n, _)| cx.contract.claims(n)))
        }
        _ => false,
    }
}

impl Check for UnaggregatedRatio {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        expr.walk(&mut |e| {
            if let Expr::Binary {
                op: Op::Div,
                op_span,
                lhs,
                rhs,
                matching: None,
                ..
            } = e
                && is_raw_rate(lhs, cx)
                && is_raw_rate(rhs, cx)
            {
                out.push(
                    Finding::new(
                        CODE,
                        Severity::Warning,
                        *op_span,
                        "ratio of unaggregated rates: one ratio per series, none where the numerator has no series",
                    )
                    .help("sum both sides by the labels you need: `sum by (…) (rate(a[5m])) / sum by (…) (rate(b[5m]))`"),
                );
            }
        });
    }
}
