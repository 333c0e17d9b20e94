//! The headline numbers: spend today and its rate, traffic, error ratio, latency, cache hits
//! and the lowest SLO budget left.

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::panels::{self, Query, Unit, steps};
use crate::promql::build;
use crate::queries::names;
use crate::spec::budgets::Period;

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    let spec = o.spec;
    let w = &o.window;
    layout.row(panels::row("Overview"));
    let mut headline = Vec::new();
    if let Some(cost) = &o.cost {
        let daily = spec
            .budgets
            .iter()
            .find(|b| b.period == Period::Day && b.by.is_empty() && b.filter.is_empty());
        let thresholds = match daily {
            Some(b) => steps("green", &[(b.limit * 0.8, "orange"), (b.limit, "red")]),
            None => steps("green", &[]),
        };
        let mut today = panels::stat(
            "Spend today",
            "US dollars spent since midnight (dashboard time zone): the increase of the exact cost metric over today, for the selected dimensions.",
            Unit::Usd,
            thresholds,
            Query::new(
                format!(
                    "sum(increase({}[$__range]))",
                    build::selector(&cost.running_total(), &o.cx.raw_filter(&[]))
                ),
                "spend today",
            ),
        );
        today.time_from = Some("now/d".to_owned());
        headline.push(today);
        let hourly = spec.alerts.spend.as_ref().map(|s| s.per_hour_above);
        headline.push(panels::stat(
            "Spend rate ($/h)",
            &format!(
                "US dollars per hour at the current pace: sum of `{}` × 3600.",
                names::cost(w)
            ),
            Unit::Usd,
            match hourly {
                Some(limit) => steps("green", &[(limit * 0.8, "orange"), (limit, "red")]),
                None => steps("green", &[]),
            },
            Query::new(format!("sum({}) * 3600", o.record(names::cost(w))), "$/h"),
        ));
    }
    if o.duration.is_some() {
        headline.push(panels::stat(
            "Requests/s",
            &format!("LLM calls per second: sum of `{}`.", names::requests(w)),
            Unit::PerSecond,
            steps("blue", &[]),
            Query::new(format!("sum({})", o.record(names::requests(w))), "calls/s"),
        ));
        headline.push(panels::stat(
            "Error ratio",
            &format!(
                "Failed calls (error.type set) over all calls: sum of `{}` ÷ sum of `{}`. Red at the error-ratio alert's threshold.",
                names::errors(w),
                names::requests(w)
            ),
            Unit::Ratio,
            steps(
                "green",
                &[(o.error_threshold / 2.0, "orange"), (o.error_threshold, "red")],
            ),
            Query::new(
                format!(
                    "(sum({}) or vector(0)) / sum({})",
                    o.record(names::errors(w)),
                    o.record(names::requests(w))
                ),
                "error ratio",
            ),
        ));
    }
    if let Some(duration) = &o.duration {
        let p = Overview::p(o.latency_quantile);
        headline.push(panels::stat(
            &format!("{p} latency"),
            &format!(
                "The {p} of the client operation duration over all selected calls: histogram_quantile over the summed bucket rates. Red at the latency alert's threshold."
            ),
            Unit::Seconds,
            steps(
                "green",
                &[
                    (o.latency_threshold / 2.0, "orange"),
                    (o.latency_threshold, "red"),
                ],
            ),
            Query::new(o.quantile(duration, o.latency_quantile, &[]), p),
        ));
    }
    if o.cache.is_some() {
        let floor = spec
            .alerts
            .cache_hit_ratio
            .as_ref()
            .map_or(0.2, |a| a.below);
        headline.push(panels::stat(
            "Cache hit ratio",
            &format!(
                "Input tokens read from the prompt cache over all input tokens: sum of `{}`. Red under the cache alert's floor.",
                names::cache_hit_ratio(w)
            ),
            Unit::Ratio,
            steps("red", &[(floor, "green")]),
            Query::new(o.cache_ratio(&[]), "cache hits"),
        ));
    }
    if !spec.slos.is_empty() {
        headline.push(panels::stat(
            "SLO budget left (lowest)",
            &format!(
                "The smallest share of error budget left across the SLOs: min of `{}` (1: untouched, 0: spent).",
                names::SLO_BUDGET_REMAINING
            ),
            Unit::Ratio,
            steps("red", &[(0.25, "orange"), (0.5, "green")]),
            Query::new(
                format!(
                    "min({})",
                    o.cx.queries.recorded(names::SLO_BUDGET_REMAINING, &[])
                ),
                "budget left",
            ),
        ));
    }
    layout.line(headline);
}
