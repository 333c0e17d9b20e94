//! `promql/counter-without-rate`

use super::cumulative::{Cumulative, RawRead, raw_reads};
use super::{Check, Finding, LintContext};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{ByteRange, Expr, Op};

/// `promql/counter-without-rate`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::COUNTER_WITHOUT_RATE;

/// The check.
pub(crate) struct CounterWithoutRate;

impl Check for CounterWithoutRate {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        // A recording rule may keep a counter as a counter (and rate it later).
        if !cx.usage.shows_values() {
            return;
        }
        let reads: Vec<RawRead<'_>> = raw_reads(expr, cx)
            .into_iter()
            .filter(|read| reported(read, cx))
            .collect();
        if reads.is_empty() {
            return;
        }
        // `sum(x_sum) / sum(x_count)`: one finding for the ratio, which is a mean since
        // each series started, rather than one per operand.
        let ratios = lifetime_ratios(expr, &reads);
        for ratio in &ratios {
            out.push(
                Finding::new(
                    CODE,
                    Severity::Warning,
                    ratio.span,
                    format!(
                        "`{}` / `{}` divides two lifetime totals: a ratio (or mean) since each series started, not over the time range shown",
                        ratio.numerator, ratio.denominator
                    ),
                )
                .help(format!(
                    "rate both sides over the same range: `rate({}[$__rate_interval]) / rate({}[$__rate_interval])`",
                    ratio.numerator, ratio.denominator
                )),
            );
        }
        let in_ratio = |span: ByteRange| {
            ratios
                .iter()
                .any(|r| r.span.start <= span.start && span.end <= r.span.end)
        };
        for read in reads.iter().filter(|read| !in_ratio(read.span)) {
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

/// Whether a raw read is this check's to report.
fn reported(read: &RawRead<'_>, cx: &LintContext<'_>) -> bool {
    // A `_total` outside the contract is judged a counter only when the file rates it
    // somewhere: exporters name gauges `…_total` too (`awx_users_total`).
    if read.kind == Cumulative::Counter
        && cx.contract.series(read.name).is_none()
        && !cx.counters.contains(read.name)
    {
        return false;
    }
    // Aggregations of cumulative series as values are `cumulative-aggregation`'s.
    !read.aggregated_as_values()
}

/// A division of two lifetime totals.
struct LifetimeRatio<'a> {
    span: ByteRange,
    numerator: &'a str,
    denominator: &'a str,
}

/// The outermost divisions whose both sides read a lifetime total.
fn lifetime_ratios<'a>(expr: &'a Expr, reads: &[RawRead<'a>]) -> Vec<LifetimeRatio<'a>> {
    let first_within = |range: ByteRange| {
        reads
            .iter()
            .find(|r| range.start <= r.span.start && r.span.end <= range.end)
            .map(|r| r.name)
    };
    let mut ratios: Vec<LifetimeRatio<'a>> = Vec::new();
    expr.walk(&mut |e| {
        let Expr::Binary {
            op: Op::Div,
            lhs,
            rhs,
            span,
            ..
        } = e
        else {
            return;
        };
        // Parents come first: a ratio inside a reported one is part of it.
        if ratios
            .iter()
            .any(|r| r.span.start <= span.start && span.end <= r.span.end)
        {
            return;
        }
        if let (Some(numerator), Some(denominator)) =
            (first_within(lhs.span()), first_within(rhs.span()))
        {
            ratios.push(LifetimeRatio {
                span: *span,
                numerator,
                denominator,
            });
        }
    });
    ratios
}
