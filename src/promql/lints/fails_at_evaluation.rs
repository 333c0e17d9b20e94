//! `promql/fails-at-evaluation`

use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{DurationLit, Expr};

/// `promql/fails-at-evaluation`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::FAILS_AT_EVALUATION;

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
