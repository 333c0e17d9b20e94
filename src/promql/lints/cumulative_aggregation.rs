//! `promql/cumulative-aggregation`

use super::cumulative::{Cumulative, raw_reads};
use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/cumulative-aggregation` (warning): an aggregation (or `histogram_quantile`)
/// directly over a histogram's raw `_bucket` series, or `avg`, `max`, `min` and the like
/// over its raw `_count` or `_sum`, as if they were values. (`sum` of a raw `_count` is a
/// lifetime total: `promql/counter-without-rate`.)
///
/// Why: buckets are cumulative twice over: each counts every observation at or below its
/// `le` since the process started. `avg(…_bucket)` or `max by (model) (…_bucket)` mixes
/// bucket boundaries into one number; `avg(…_count)` is an average of lifetime totals; a
/// quantile over raw buckets is the quantile since each process started, and it drops at
/// every restart.
///
/// Example: `histogram_quantile(0.95, sum by (le) (gen_ai_client_operation_duration_seconds_bucket))`
/// — write `sum by (le) (rate(…_bucket[$__rate_interval]))`.
pub(crate) const CODE: Code = Code("promql/cumulative-aggregation");

/// The check.
pub(crate) struct CumulativeAggregation;

impl Check for CumulativeAggregation {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        if !cx.usage.shows_values() {
            return;
        }
        for read in raw_reads(expr, cx) {
            let Some(by) = read.aggregated_by.filter(|_| read.aggregated_as_values()) else {
                continue;
            };
            let what = match read.kind {
                Cumulative::Counter => continue,
                Cumulative::Bucket => "cumulative bucket counters",
                Cumulative::Part => "a histogram's lifetime count or sum",
            };
            let name = read.name;
            out.push(
                Finding::new(
                    CODE,
                    Severity::Warning,
                    read.span,
                    format!("`{by}` over `{name}`, {what}, as if they were values"),
                )
                .help(format!(
                    "aggregate the rate instead: `{by}(… rate({name}[$__rate_interval]) …)`; for a quantile, `histogram_quantile(0.95, sum by (le) (rate(…_bucket[$__rate_interval])))`"
                )),
            );
        }
    }
}
