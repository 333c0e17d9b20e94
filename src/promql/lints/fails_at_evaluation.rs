//! `promql/fails-at-evaluation`

use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{DurationLit, Expr};

/// `promql/fails-at-evaluation` (warning): Prometheus loads the expression but every
/// evaluation fails: a range or subquery step written as a duration expression that comes to
/// zero or less, such as `foo[-2^2]` or `foo[5m - 10m]`.
///
/// Why: Prometheus checks only literal durations when it parses (`foo[-5m]` is a syntax
/// error); an expression is computed when the query runs, and then the query fails, so the
/// rule loads, records nothing and logs an error on every evaluation.
///
/// Example: `rate(foo[1m - 2m])` — make the range positive.
pub(crate) const CODE: Code = Code("promql/fails-at-evaluation");

/// The check.
pub(crate) struct FailsAtEvaluation;

impl Check for FailsAtEvaluation {
    fn check(&self, expr: &Expr, _cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let mut report = |what: &str, duration: &DurationLit| {
            if duration.literal || duration.millis > 0 {
                return;
            }
            out.push(
                Finding::new(
                    CODE,
                    Severity::Warning,
                    duration.span,
                    format!(
                        "the {what} comes to {}s: Prometheus loads it, and every evaluation fails",
                        duration.millis as f64 / 1000.0
                    ),
                )
                .help(format!("make the {what} greater than zero")),
            );
        };
        expr.walk(&mut |e| match e {
            Expr::Matrix { range, .. } => report("range", range),
            Expr::Subquery { range, step, .. } => {
                report("subquery range", range);
                if let Some(step) = step {
                    report("subquery step", step);
                }
            }
            _ => {}
        });
    }
}
