//! `promql/cumulative-aggregation`

use super::cumulative::{Cumulative, raw_reads};
use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/cumulative-aggregation`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::CUMULATIVE_AGGREGATION;

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
