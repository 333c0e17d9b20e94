//! Traffic and tokens: calls by model, tokens by type and by model.

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::panels::{self, Query, Unit};
use crate::queries::names;

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    let w = &o.window;
    layout.row(panels::row("Traffic and tokens"));
    let type_label =
        o.cx.queries
            .contract
            .label(llm_slo_core::contract::TOKEN_TYPE);
    let mut line = Vec::new();
    if o.duration.is_some() {
        line.push(panels::timeseries(
            "Requests/s by model",
            &format!(
                "LLM calls per second by provider and model: `{}`.",
                names::requests(w)
            ),
            Unit::PerSecond,
            None,
            &[Query::summed(&o.by_model(), &o.record(names::requests(w)))],
        ));
    }
    line.push(panels::timeseries(
        "Tokens/s by type",
        &format!(
            "Tokens per second by token type: `{}` (input counts cache reads and writes; output counts reasoning).",
            names::tokens(w)
        ),
        Unit::Count,
        None,
        &[Query::summed(
            std::slice::from_ref(&type_label),
            &o.record(names::tokens(w)),
        )],
    ));
    line.push(panels::timeseries(
        "Tokens/s by model",
        &format!(
            "Input and output tokens per second by model: `{}`.",
            names::tokens(w)
        ),
        Unit::Count,
        None,
        &[Query::summed(
            &[o.model.clone(), type_label.clone()],
            &o.record(names::tokens(w)),
        )],
    ));
    layout.line(line);
}
