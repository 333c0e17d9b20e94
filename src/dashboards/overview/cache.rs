//! Prompt cache: the hit ratio by model and cache tokens per second (profiles that count
//! cache reads only).

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::panels::{self, Query, Unit, legend};
use crate::promql::build::{self, Matcher};
use crate::queries::names;

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    if o.cache.is_none() {
        return;
    }
    let w = &o.window;
    let by = o.by_model();
    let type_label =
        o.cx.queries
            .contract
            .label(llm_slo_core::contract::TOKEN_TYPE);
    layout.row(panels::row("Cache"));
    layout.line(vec![
        panels::timeseries(
            "Cache hit ratio by model",
            "Input tokens read from the prompt cache over all input tokens, by provider and model.",
            Unit::Ratio,
            None,
            &[Query::new(o.cache_ratio(&by), legend(&by))],
        ),
        panels::timeseries(
            "Cache tokens/s",
            &format!(
                "Tokens read from and written to the prompt cache per second: `{}` for the cache types.",
                names::tokens(w)
            ),
            Unit::Count,
            None,
            &[Query::summed(
                std::slice::from_ref(&type_label),
                &build::selector(
                    &names::tokens(w),
                    &o.cx.record_filter_with(&[Matcher {
                        label: type_label.clone(),
                        op: "=~",
                        value: "cache_read|cache_write".to_owned(),
                    }]),
                ),
            )],
        ),
    ]);
}
