//! `promql/quantile-without-le`

use super::{Check, Finding, LintContext, selector_name, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/quantile-without-le`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::QUANTILE_WITHOUT_LE;

/// The check.
pub(crate) struct QuantileWithoutLe;

fn drops_le(expr: &Expr, out: &mut Vec<(crate::promql::ast::ByteRange, bool)>) {
    expr.walk(&mut |e| {
        if let Expr::Aggregate {
            grouping,
            op_span,
            expr: inner,
            ..
        } = e
        {
            let buckets = selectors(inner)
                .iter()
                .any(|s| selector_name(s).is_some_and(|(n, _)| n.ends_with("_bucket")));
            if !buckets {
                return;
            }
            let keeps = match grouping {
                Some(g) if g.without => !g.labels.iter().any(|l| l.value == "le"),
                Some(g) => g.labels.iter().any(|l| l.value == "le"),
                None => false,
            };
            if !keeps {
                out.push((*op_span, grouping.as_ref().is_some_and(|g| g.without)));
            }
        }
    });
}

impl Check for QuantileWithoutLe {
    fn check(&self, expr: &Expr, _cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        expr.walk(&mut |e| {
            let Expr::Call { name, args, .. } = e else { return };
            if name.value != "histogram_quantile" || args.len() != 2 {
                return;
            }
            let mut dropped = Vec::new();
            drops_le(&args[1], &mut dropped);
            for (span, without) in dropped {
                let message = if without {
                    "`histogram_quantile` over buckets aggregated `without (le)`: the buckets are merged"
                } else {
                    "`histogram_quantile` over buckets aggregated without `le`: the buckets are merged"
                };
                out.push(
                    Finding::new(CODE, Severity::Warning, span, message)
                        .help("keep `le` in the aggregation: `sum by (…, le) (rate(…_bucket[5m]))`"),
                );
            }
        });
    }
}
