//! `alerts/absent-for`

use super::{Check, Finding, LintContext, Usage};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `alerts/absent-for`: documented in the registry, `diagnostics::codes::alerts`.
pub(crate) const CODE: Code = crate::diagnostics::codes::alerts::ABSENT_FOR;

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
