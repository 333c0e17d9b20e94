//! `contract/histogram-total`

use llm_slo_core::contract::{Series, SeriesKind};

use super::{Check, Finding, LintContext, selector_name, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `contract/histogram-total`: documented in the registry, `diagnostics::codes::contract`.
pub(crate) const CODE: Code = crate::diagnostics::codes::contract::HISTOGRAM_TOTAL;

/// The check.
pub(crate) struct HistogramTotal;

/// The histogram series a `…_total` name was meant for, if any.
pub(crate) fn histogram_of<'a>(name: &str, cx: &'a LintContext<'_>) -> Option<&'a Series> {
    let base = name.strip_suffix("_total")?;
    [format!("{base}_sum"), base.to_owned()]
        .iter()
        .find_map(|candidate| {
            cx.contract.series(candidate).filter(|s| {
                matches!(
                    s.kind,
                    SeriesKind::HistogramSum | SeriesKind::NativeHistogram
                )
            })
        })
}

impl Check for HistogramTotal {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            let Some((name, span)) = selector_name(selector) else {
                continue;
            };
            if cx.contract.series(name).is_some() {
                continue;
            }
            let Some(series) = histogram_of(name, cx) else {
                continue;
            };
            let base = name.trim_end_matches("_total");
            let help = if series.kind == SeriesKind::NativeHistogram {
                format!(
                    "query the native histogram `{base}` with `histogram_sum(rate({base}[5m]))` or `histogram_count(…)`"
                )
            } else {
                format!(
                    "use `{base}_sum` for the total of observed values or `{base}_count` for the number of observations"
                )
            };
            out.push(
                Finding::new(
                    CODE,
                    Severity::Error,
                    span,
                    format!("`{base}` is a histogram: it has no `{name}` series"),
                )
                .help(help),
            );
        }
    }
}
