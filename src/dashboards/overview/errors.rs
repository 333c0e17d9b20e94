//! Errors: the error ratio by model and failures by `error.type`.

use llm_slo_core::contract::ERROR_TYPE;

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::panels::{self, Query, Unit, legend, steps};
use crate::promql::build::Matcher;
use crate::queries::{names, sum_by};

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    let Some(duration) = &o.duration else {
        return;
    };
    let w = &o.window;
    let by = o.by_model();
    layout.row(panels::row("Errors"));
    let error_type = o.cx.queries.contract.label(ERROR_TYPE);
    layout.line(vec![
        panels::timeseries(
            "Error ratio by model",
            &format!(
                "Failed over all calls by provider and model: `{}` ÷ `{}`. Dashed: the error-ratio alert's threshold.",
                names::errors(w),
                names::requests(w)
            ),
            Unit::Ratio,
            Some(steps("green", &[(o.error_threshold, "red")])),
            &[Query::new(
                format!(
                    "({} or {} * 0) / {}",
                    sum_by(&by, &o.record(names::errors(w))),
                    sum_by(&by, &o.record(names::requests(w))),
                    sum_by(&by, &o.record(names::requests(w)))
                ),
                legend(&by),
            )],
        ),
        panels::timeseries(
            "Errors/s by type",
            "Failed calls per second by model and error.type (the exception or HTTP status the instrumentation recorded).",
            Unit::PerSecond,
            None,
            &[Query::summed(
                &[o.model.clone(), error_type.clone()],
                &o.count_rate(duration, &[Matcher::ne(error_type.clone(), "")]),
            )],
        ),
    ]);
}
