//! `alerts/comparison`

use super::{Check, Finding, LintContext, Usage};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, Op};

/// `alerts/comparison` (warning): an alerting rule whose expression has no condition — no
/// comparison, no `absent()`.
///
/// Why: an alert fires for every series its expression returns. Without a comparison it
/// fires whenever there is data, which is not what anyone means.
///
/// Example: `alert: HighCost` with `expr: increase(cost_total[1h])` — write
/// `sum(increase(cost_total[1h])) > 50`.
pub(crate) const CODE: Code = Code("alerts/comparison");

/// The check.
pub(crate) struct AlertComparison;

/// Whether an expression filters its result by a condition somewhere: a comparison, a
/// set operation (`and`, `unless` filter; `or` needs a condition on both sides), `absent()`,
/// or any of these inside an aggregation, a function or arithmetic.
fn has_condition(expr: &Expr) -> bool {
    match expr.unparen() {
        Expr::Binary {
            op,
            return_bool,
            lhs,
            rhs,
            ..
        } => {
            (op.is_comparison() && !return_bool)
                || *op == Op::Unless
                || (*op == Op::Or && has_condition(lhs) && has_condition(rhs))
                || (*op != Op::Or && (has_condition(lhs) || has_condition(rhs)))
        }
        Expr::Call { name, args, .. } => {
            matches!(name.value.as_str(), "absent" | "absent_over_time")
                || args.iter().any(has_condition)
        }
        Expr::Aggregate { expr, .. } => has_condition(expr),
        Expr::Subquery { expr, .. } | Expr::Unary { expr, .. } => has_condition(expr),
        _ => false,
    }
}

/// A constant expression (`vector(1)`): an alert that always fires on purpose, such as a
/// dead man's switch.
fn is_constant(expr: &Expr) -> bool {
    match expr.unparen() {
        Expr::Number { .. } => true,
        Expr::Call { name, args, .. } => name.value == "vector" && args.iter().all(is_constant),
        _ => false,
    }
}

impl Check for AlertComparison {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        if matches!(cx.usage, Usage::Alert { .. }) && !has_condition(expr) && !is_constant(expr) {
            out.push(
                Finding::new(
                    CODE,
                    Severity::Warning,
                    expr.span(),
                    "the alert has no condition: it fires for every series the expression returns",
                )
                .help("compare the result with a threshold, e.g. `… > 0.05`"),
            );
        }
    }
}
