//! `contract/counter-bucket`

use llm_slo_core::contract::{Series, SeriesKind};

use super::{Check, Finding, LintContext, selector_name, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `contract/counter-bucket`: documented in the registry, `diagnostics::codes::contract`.
pub(crate) const CODE: Code = crate::diagnostics::codes::contract::COUNTER_BUCKET;

/// The check.
pub(crate) struct CounterBucket;

/// The counter a `…_bucket`/`_sum`/`_count` name was built on, if any.
pub(crate) fn counter_of<'a>(name: &str, cx: &'a LintContext<'_>) -> Option<&'a Series> {
    let base = ["_bucket", "_sum", "_count"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))?;
    cx.contract
        .series(base)
        .filter(|s| s.kind == SeriesKind::Counter)
}

impl Check for CounterBucket {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            let Some((name, span)) = selector_name(selector) else {
                continue;
            };
            if cx.contract.series(name).is_some() {
                continue;
            }
            if let Some(counter) = counter_of(name, cx) {
                out.push(
                    Finding::new(
                        CODE,
                        Severity::Error,
                        span,
                        format!("`{}` is a counter: it has no `{name}` series", counter.name),
                    )
                    .help(format!(
                        "query `{}` with `rate` or `increase`",
                        counter.name
                    )),
                );
            }
        }
    }
}
