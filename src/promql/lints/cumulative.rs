//! Which selectors of an expression read a cumulative series (a counter, a histogram's
//! `_bucket`, `_count` or `_sum`) as a value: not under `rate`/`increase` or another range
//! function, not merely counted (`count`, `absent`, `timestamp`, …). Shared by
//! [`super::counter_without_rate`] and [`super::cumulative_aggregation`].

use std::collections::BTreeSet;

use llm_slo_core::contract::SeriesKind;

use super::{LintContext, selector_name, selectors};
use crate::promql::ast::{ByteRange, Expr, Op, VectorSelector};
use crate::promql::tokens::Aggregator;

/// What kind of cumulative series a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cumulative {
    /// A counter (`_total`, or a counter of the contract).
    Counter,
    /// A classic histogram's bucket counter.
    Bucket,
    /// A histogram's (or summary's) `_count` or `_sum`.
    Part,
}

/// A cumulative series read as a value.
pub(crate) struct RawRead<'a> {
    /// The metric name.
    pub name: &'a str,
    /// Where the name is written.
    pub span: ByteRange,
    /// What it is.
    pub kind: Cumulative,
    /// The aggregation (or `histogram_quantile`) directly over it, if any.
    pub aggregated_by: Option<&'static str>,
}

/// What kind of cumulative series `name` is, judging by the contract, its suffix and, for
/// `_count`/`_sum` (which gauges end with too), its siblings in the same expression.
pub(crate) fn kind_of(
    name: &str,
    siblings: &BTreeSet<&str>,
    cx: &LintContext<'_>,
) -> Option<Cumulative> {
    if let Some(series) = cx.contract.series(name) {
        return match series.kind {
            SeriesKind::Counter => Some(Cumulative::Counter),
            SeriesKind::HistogramBucket => Some(Cumulative::Bucket),
            SeriesKind::HistogramSum | SeriesKind::HistogramCount => Some(Cumulative::Part),
            _ => None,
        };
    }
    if name.ends_with("_total") {
        return Some(Cumulative::Counter);
    }
    if name.ends_with("_bucket") {
        return Some(Cumulative::Bucket);
    }
    for (suffix, others) in [
        ("_count", ["_sum", "_bucket"]),
        ("_sum", ["_count", "_bucket"]),
    ] {
        if let Some(base) = name.strip_suffix(suffix)
            && others
                .iter()
                .any(|other| siblings.contains(format!("{base}{other}").as_str()))
        {
            return Some(Cumulative::Part);
        }
    }
    None
}

/// Every metric name an expression selects.
pub(crate) fn names(expr: &Expr) -> BTreeSet<&str> {
    selectors(expr)
        .into_iter()
        .filter_map(|s| selector_name(s).map(|(n, _)| n))
        .collect()
}

/// Functions whose result does not depend on the value of their argument (only on its
/// presence, its labels or its timestamp).
const VALUE_BLIND: &[&str] = &[
    "absent",
    "absent_over_time",
    "present_over_time",
    "timestamp",
    "changes",
    "resets",
    "count_over_time",
    "label_names",
    "info",
];

impl RawRead<'_> {
    /// Whether this read is an aggregation of cumulative series as values (`avg(…_count)`,
    /// `max(…_bucket)`, a quantile over raw buckets), which
    /// [`super::cumulative_aggregation`] reports; every other read is a lifetime total
    /// shown as it is (`sum(…_count)`), which [`super::counter_without_rate`] reports.
    pub(crate) fn aggregated_as_values(&self) -> bool {
        match (self.kind, self.aggregated_by) {
            (Cumulative::Bucket, Some(_)) => true,
            (Cumulative::Part, Some(by)) => by != "sum",
            _ => false,
        }
    }
}

/// The cumulative series an expression reads as values.
pub(crate) fn raw_reads<'a>(expr: &'a Expr, cx: &LintContext<'_>) -> Vec<RawRead<'a>> {
    let siblings = names(expr);
    let mut out = Vec::new();
    visit(expr, None, &siblings, cx, &mut out);
    out
}

/// Whether an operand reads any cumulative series as a value.
fn reads_any(expr: &Expr, siblings: &BTreeSet<&str>, cx: &LintContext<'_>) -> bool {
    let mut found = Vec::new();
    visit(expr, None, siblings, cx, &mut found);
    !found.is_empty()
}

fn has_offset(expr: &Expr) -> bool {
    match expr.unparen() {
        Expr::Vector(selector) => {
            selector.modifiers.offset.is_some() || selector.modifiers.at.is_some()
        }
        _ => false,
    }
}

fn visit<'a>(
    expr: &'a Expr,
    aggregated_by: Option<&'static str>,
    siblings: &BTreeSet<&str>,
    cx: &LintContext<'_>,
    out: &mut Vec<RawRead<'a>>,
) {
    match expr {
        Expr::Vector(selector) => read(selector, aggregated_by, siblings, cx, out),
        // Range selectors and subqueries are always under a range function: judged by it.
        Expr::Matrix { .. } | Expr::Subquery { .. } | Expr::Number { .. } | Expr::String { .. } => {
        }
        Expr::Call { name, args, .. } => {
            let function = name.value.as_str();
            if VALUE_BLIND.contains(&function) {
                return;
            }
            if function == "histogram_quantile" {
                if let Some(buckets) = args.get(1) {
                    visit(buckets, Some("histogram_quantile"), siblings, cx, out);
                }
                return;
            }
            for arg in args {
                visit(arg, aggregated_by, siblings, cx, out);
            }
        }
        Expr::Aggregate {
            op, expr: inner, ..
        } => match op {
            Aggregator::Count | Aggregator::Group | Aggregator::CountValues => {}
            Aggregator::Topk | Aggregator::Bottomk => {
                visit(inner, aggregated_by, siblings, cx, out)
            }
            other => visit(inner, Some(other.as_str()), siblings, cx, out),
        },
        Expr::Binary { op, lhs, rhs, .. } => {
            // `x_total - x_total offset 1h`: a difference over time, not a lifetime total;
            // `started_total - handled_total`: what is in flight, a gauge.
            if *op == Op::Sub
                && (has_offset(lhs)
                    || has_offset(rhs)
                    || (reads_any(lhs, siblings, cx) && reads_any(rhs, siblings, cx)))
            {
                return;
            }
            // `x_count > 0`: "has it ever happened", a guard that reads no value.
            let zero =
                |e: &Expr| matches!(e.unparen(), Expr::Number { value, .. } if *value == 0.0);
            if op.is_comparison() && (zero(lhs) || zero(rhs)) {
                return;
            }
            visit(lhs, None, siblings, cx, out);
            visit(rhs, None, siblings, cx, out);
        }
        Expr::Unary { expr: inner, .. } | Expr::Paren { expr: inner, .. } => {
            visit(inner, aggregated_by, siblings, cx, out);
        }
    }
}

fn read<'a>(
    selector: &'a VectorSelector,
    aggregated_by: Option<&'static str>,
    siblings: &BTreeSet<&str>,
    cx: &LintContext<'_>,
    out: &mut Vec<RawRead<'a>>,
) {
    let Some((name, span)) = selector_name(selector) else {
        return;
    };
    if let Some(kind) = kind_of(name, siblings, cx) {
        out.push(RawRead {
            name,
            span,
            kind,
            aggregated_by,
        });
    }
}

/// The names a text applies `rate`, `irate` or `increase` to (`rate(x_total[5m])`,
/// `increase(\n  x_total{…}[1h])`): counters, whatever their names say.
pub(crate) fn rated_names(text: &str, into: &mut BTreeSet<String>) {
    for function in ["rate(", "increase("] {
        for (at, _) in text.match_indices(function) {
            let mut rest = &text[at + function.len()..];
            // Whitespace, also as a JSON string writes it (`\n`).
            loop {
                let trimmed = rest.trim_start();
                let trimmed = trimmed
                    .strip_prefix("\\n")
                    .or_else(|| trimmed.strip_prefix("\\t"))
                    .unwrap_or(trimmed);
                if trimmed.len() == rest.len() {
                    break;
                }
                rest = trimmed;
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            if end > 0 && !rest.starts_with(|c: char| c.is_ascii_digit()) {
                into.insert(rest[..end].to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rated_names_are_found_in_any_layout() {
        let mut names = BTreeSet::new();
        rated_names(
            "sum(rate(a_total[5m])) irate( b_total{x=\"1\"}[1m]) increase(\\n  c_total[1h]) rate(sum(d)[5m:])",
            &mut names,
        );
        let found: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(found, ["a_total", "b_total", "c_total", "sum"]);
    }
}
