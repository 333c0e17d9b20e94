//! `alerts/comparison`

use super::{Check, Finding, LintContext, Usage};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, MatchOp, Op};

/// Labels that say where a series comes from, not what state it is in.
const IDENTIFYING_LABELS: &[&str] = &[
    "job",
    "instance",
    "namespace",
    "cluster",
    "pod",
    "container",
    "node",
    "service",
    "service_name",
    "env",
    "environment",
    "region",
    "zone",
];

/// `alerts/comparison`: documented in the registry, `diagnostics::codes::alerts`.
pub(crate) const CODE: Code = crate::diagnostics::codes::alerts::COMPARISON;

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
        // `ceph_nvmeof_subsystem_listener_iface_info{operstate="down"}`: an info or state
        // series selected by its state is the condition itself.
        Expr::Vector(selector) => selector.matchers.iter().any(|m| {
            m.name.value != "__name__"
                && !IDENTIFYING_LABELS.contains(&m.name.value.as_str())
                && matches!(m.op, MatchOp::Equal | MatchOp::NotEqual)
        }),
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
