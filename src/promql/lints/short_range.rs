//! `promql/short-range`

use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/short-range`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::SHORT_RANGE;

/// The check.
pub(crate) struct ShortRange;

fn format_ms(ms: i64) -> String {
    if ms % 60_000 == 0 {
        format!("{}m", ms / 60_000)
    } else if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

impl Check for ShortRange {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let minimum = cx.scrape_interval_ms * 4;
        if minimum <= 0 {
            return;
        }
        expr.walk(&mut |e| {
            let Expr::Call { name, args, .. } = e else {
                return;
            };
            let needs_samples = matches!(
                name.value.as_str(),
                "rate"
                    | "irate"
                    | "increase"
                    | "delta"
                    | "idelta"
                    | "deriv"
                    | "changes"
                    | "resets"
                    | "predict_linear"
            ) || name.value.ends_with("_over_time");
            if !needs_samples || name.value == "last_over_time" || name.value == "present_over_time"
            {
                return;
            }
            for arg in args {
                let range = match arg.unparen() {
                    Expr::Matrix { range, .. } | Expr::Subquery { range, .. } => *range,
                    _ => continue,
                };
                // Zero or less is `promql/fails-at-evaluation`.
                if range.millis > 0 && range.millis < minimum {
                    out.push(
                        Finding::new(
                            CODE,
                            Severity::Warning,
                            range.span,
                            format!(
                                "range {} is shorter than four scrape intervals ({} at {} scrapes)",
                                format_ms(range.millis),
                                format_ms(minimum),
                                format_ms(cx.scrape_interval_ms)
                            ),
                        )
                        .help(format!("use a range of at least {}", format_ms(minimum))),
                    );
                }
            }
        });
    }
}
