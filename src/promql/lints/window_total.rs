//! `promql/window-total`

use super::cumulative::{Cumulative, kind_of, names};
use super::{Check, Finding, LintContext, selector_name};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/window-total`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::WINDOW_TOTAL;

/// The check.
pub(crate) struct WindowTotal;

impl Check for WindowTotal {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        if !cx.usage.shows_values() {
            return;
        }
        let siblings = names(expr);
        expr.walk(&mut |e| {
            let Expr::Call { name, args, .. } = e else { return };
            let function = name.value.as_str();
            if !matches!(
                function,
                "last_over_time" | "max_over_time" | "min_over_time" | "first_over_time"
            ) {
                return;
            }
            let Some(Expr::Matrix { selector, .. }) = args.first().map(Expr::unparen) else {
                return;
            };
            let Some((metric, span)) = selector_name(selector) else { return };
            if kind_of(metric, &siblings, cx).is_none_or(|k| k == Cumulative::Bucket) {
                return;
            }
            out.push(
                Finding::new(
                    CODE,
                    Severity::Warning,
                    span,
                    format!("`{function}` over the counter `{metric}` is its lifetime total at the window's end, not the count within the window"),
                )
                .help(format!("use `increase({metric}[…])` for what was counted in the window")),
            );
        });
    }
}
