//! `alerts/absent-for`

use super::{Check, Finding, LintContext, Usage};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `alerts/absent-for` (warning): an alert on `absent()` or `absent_over_time()` with no
/// `for`, or a `for` shorter than two scrape intervals.
///
/// Why: after a restart, a missed scrape or a slow target, a series is briefly absent; the
/// alert pages for nothing. `for` of a few scrape intervals lets it come back first.
///
/// Example: `alert: NoLLMData`, `expr: absent(gen_ai_client_operation_duration_seconds_count)`
/// with no `for` — add `for: 10m`.
pub(crate) const CODE: Code = Code("alerts/absent-for");

/// The check.
pub(crate) struct AbsentFor;

impl Check for AbsentFor {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let Usage::Alert { for_ms } = cx.usage else {
            return;
        };
        let minimum = cx.scrape_interval_ms * 2;
        if for_ms.is_some_and(|f| f >= minimum) {
            return;
        }
        expr.walk(&mut |e| {
            if let Expr::Call { name, .. } = e
                && matches!(name.value.as_str(), "absent" | "absent_over_time")
            {
                let message = match for_ms {
                    None => format!("`{}` in an alert without `for`", name.value),
                    Some(_) => format!("`{}` in an alert with `for` under two scrape intervals", name.value),
                };
                out.push(
                    Finding::new(CODE, Severity::Warning, name.span, message)
                        .help("set `for` to a few scrape intervals (e.g. `for: 10m`) so a brief gap does not fire the alert"),
                );
            }
        });
    }
}
