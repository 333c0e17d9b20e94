//! `promql/counter-without-rate`

use super::cumulative::{Cumulative, raw_reads};
use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/counter-without-rate` (warning): a counter, or a histogram's `_count`, `_sum` or
/// `_bucket`, shown or compared as it is, in a dashboard query or an alert, without `rate`
/// or `increase`.
///
/// Why: a counter's value is everything counted since the process started. A panel titled
/// "requests" or "error rate" that shows it grows for ever and drops to zero at every
/// restart; an alert on it fires on the lifetime total, not on what is happening now.
///
/// Example: `sum(gen_ai_client_operation_duration_seconds_count)` as "requests" — write
/// `sum(rate(gen_ai_client_operation_duration_seconds_count[$__rate_interval]))`, or
/// `sum(increase(…[$__range]))` for the requests in the dashboard's time range.
pub(crate) const CODE: Code = Code("promql/counter-without-rate");

/// The check.
pub(crate) struct CounterWithoutRate;

impl Check for CounterWithoutRate {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        // A recording rule may keep a counter as a counter (and rate it later).
        if !cx.usage.shows_values() {
            return;
        }
        for read in raw_reads(expr, cx) {
            // A `_total` outside the contract is judged a counter only when the file rates
            // it somewhere: exporters name gauges `…_total` too (`awx_users_total`).
            if read.kind == Cumulative::Counter
                && cx.contract.series(read.name).is_none()
                && !cx.counters.contains(read.name)
            {
                continue;
            }
            if read.aggregated_as_values() {
                continue;
            }
            let what = match read.kind {
                Cumulative::Counter => "a counter",
                Cumulative::Bucket => "a histogram's cumulative bucket counter",
                Cumulative::Part => "a histogram's cumulative count or sum",
            };
            let name = read.name;
            out.push(
                Finding::new(
                    CODE,
                    Severity::Warning,
                    read.span,
                    format!("`{name}` is {what}, shown as it is: its lifetime total since the last restart"),
                )
                .help(format!(
                    "use `rate({name}[$__rate_interval])` for a rate, or `increase({name}[$__range])` for the count in the time range"
                )),
            );
        }
    }
}
