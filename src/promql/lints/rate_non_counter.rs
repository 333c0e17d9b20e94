//! `promql/rate-non-counter`

use super::{Check, Finding, LintContext, selector_name};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/rate-non-counter` (warning): `rate`, `irate` or `increase` over something that
/// is not a counter: a recording rule's output (a `level:metric:operation` name, a gauge),
/// or a subquery of an aggregation; and `delta`/`deriv`/`idelta` over a contract counter.
///
/// Why: `rate` compensates for counter resets. Over a gauge it reads every drop as a reset
/// and reports nonsense; over `sum(…)[5m:]` the resets of the summed counters are already
/// lost. `delta` over a counter ignores resets, so restarts show as huge negative spikes.
///
/// Example: `rate(job:requests:rate5m[5m])`, `rate(sum(http_requests_total)[5m:])`,
/// `delta(gen_ai_client_cost_total[1h])` (use `increase`).
pub(crate) const CODE: Code = Code("promql/rate-non-counter");

/// The check.
pub(crate) struct RateNonCounter;

impl Check for RateNonCounter {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        expr.walk(&mut |e| {
            let Expr::Call { name, args, .. } = e else { return };
            let function = name.value.as_str();
            let counter_function = matches!(function, "rate" | "irate" | "increase");
            let gauge_function = matches!(function, "delta" | "idelta" | "deriv");
            if !counter_function && !gauge_function {
                return;
            }
            let Some(arg) = args.first() else { return };
            match arg.unparen() {
                Expr::Matrix { selector, .. } => {
                    let Some((metric, span)) = selector_name(selector) else { return };
                    if counter_function && metric.contains(':') {
                        out.push(
                            Finding::new(
                                CODE,
                                Severity::Warning,
                                span,
                                format!("`{function}` over `{metric}`, a recording rule's output, which is a gauge"),
                            )
                            .help("apply `rate` to the raw counter inside the recording rule, or use `avg_over_time`/`max_over_time` on the recorded rate"),
                        );
                    }
                    if gauge_function && cx.contract.series(metric).is_some() {
                        out.push(
                            Finding::new(
                                CODE,
                                Severity::Warning,
                                span,
                                format!("`{function}` over `{metric}`, a counter"),
                            )
                            .help("use `increase` (or `rate`), which handles counter resets"),
                        );
                    }
                }
                Expr::Subquery { expr: inner, .. } if counter_function => {
                    if matches!(inner.unparen(), Expr::Aggregate { .. } | Expr::Binary { .. }) {
                        out.push(
                            Finding::new(
                                CODE,
                                Severity::Warning,
                                inner.span(),
                                format!("`{function}` over a subquery of an aggregation: counter resets are lost once series are combined"),
                            )
                            .help(format!("aggregate the `{function}` instead: `sum({function}(counter[5m]))`")),
                        );
                    }
                }
                _ => {}
            }
        });
    }
}
