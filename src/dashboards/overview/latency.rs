//! Latency: the alert's quantile by model, every recorded quantile, and the time to first
//! chunk.

use llm_slo_core::contract::Signal;

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::panels::{self, Query, Unit, legend, steps};

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    let Some(duration) = &o.duration else {
        return;
    };
    let p = Overview::p(o.latency_quantile);
    let by = o.by_model();
    layout.row(panels::row("Latency"));
    let thresholds = Some(steps("green", &[(o.latency_threshold, "red")]));
    let mut line = vec![panels::timeseries(
        &format!("Latency {p} by model"),
        &format!(
            "The {p} of the client operation duration by provider and model: histogram_quantile over bucket rates summed by model and `le`. Dashed: the latency alert's threshold."
        ),
        Unit::Seconds,
        thresholds.clone(),
        &[Query::new(
            o.quantile(duration, o.latency_quantile, &by),
            legend(&by),
        )],
    )];
    let quantiles: Vec<Query> = o
        .spec
        .recording
        .quantiles
        .iter()
        .map(|quantile| Query::new(o.quantile(duration, *quantile, &[]), Overview::p(*quantile)))
        .collect();
    line.push(panels::timeseries(
        "Latency quantiles (all selected calls)",
        "Quantiles of the client operation duration over every selected call: histogram_quantile over the summed bucket rates. Spikes of the highest quantile are the slow outliers.",
        Unit::Seconds,
        thresholds,
        &quantiles,
    ));
    if let Some(ttfc) = o.cx.queries.metric(Signal::TimeToFirstChunk) {
        line.push(panels::timeseries(
            &format!("Time to first chunk {p} by model"),
            &format!(
                "The {p} of the time until the first chunk of a streamed answer, by provider and model."
            ),
            Unit::Seconds,
            None,
            &[Query::new(
                o.quantile(&ttfc, o.latency_quantile, &by),
                legend(&by),
            )],
        ));
    }
    layout.line(line);
}
