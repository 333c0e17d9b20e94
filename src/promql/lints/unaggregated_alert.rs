//! `alerts/unaggregated-threshold`

use super::{Check, Finding, LintContext, Usage, selector_name, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `alerts/unaggregated-threshold`: documented in the registry, `diagnostics::codes::alerts`.
pub(crate) const CODE: Code = crate::diagnostics::codes::alerts::UNAGGREGATED_THRESHOLD;

/// The check.
pub(crate) struct UnaggregatedThreshold;

fn unaggregated_counter<'e>(expr: &'e Expr, cx: &LintContext<'_>) -> Option<&'e Expr> {
    match expr.unparen() {
        call @ Expr::Call { name, args, .. }
            if matches!(name.value.as_str(), "rate" | "increase" | "irate") =>
        {
            let counts_contract = args
                .iter()
                .flat_map(selectors)
                .any(|s| selector_name(s).is_some_and(|(n, _)| cx.contract.series(n).is_some()));
            counts_contract.then_some(call)
        }
        Expr::Binary { lhs, rhs, op, .. } if !op.is_comparison() && !op.is_set() => {
            unaggregated_counter(lhs, cx).or_else(|| unaggregated_counter(rhs, cx))
        }
        _ => None,
    }
}

impl Check for UnaggregatedThreshold {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        if !matches!(cx.usage, Usage::Alert { .. }) {
            return;
        }
        let Expr::Binary { op, lhs, rhs, .. } = expr.unparen() else {
            return;
        };
        if !op.is_comparison() {
            return;
        }
        for side in [lhs, rhs] {
            if let Some(call) = unaggregated_counter(side, cx) {
                out.push(
                    Finding::new(
                        CODE,
                        Severity::Warning,
                        call.span(),
                        "the threshold is compared series by series: each provider, model and instance separately",
                    )
                    .help("aggregate first: `sum(increase(…[1h])) > 50`, or `sum by (feature) (…)` for one alert per feature"),
                );
            }
        }
    }
}
