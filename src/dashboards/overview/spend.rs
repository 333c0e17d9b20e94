//! Spend: by model, exact against estimated, by every other dimension, the most expensive
//! over the time range, and each monthly budget with its forecast.

use llm_slo_core::contract::{PRICES_HASH, Signal, UNPRICED_REASON};

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::model::Panel;
use crate::dashboards::panels::{self, Query, Unit, legend, steps};
use crate::promql::build::{self, Matcher};
use crate::queries::{names, sum_by};
use crate::spec::budgets::{CostSource, Period};

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    if o.cost.is_none() && o.cx.loaded.prices.is_empty() {
        return;
    }
    layout.row(panels::row("Spend"));
    layout.line(by_model(o));
    layout.line(by_dimension(o));
    layout.line(budgets(o));
    layout.line(visibility(o));
}

/// What the spend leaves out: calls without a cost, by reason; and which price tables the
/// fleet prices with (one hash when every instance runs the same prices).
fn visibility(o: &Overview<'_>) -> Vec<Panel> {
    let q = &o.cx.queries;
    let mut line = Vec::new();
    if let Some(unpriced) = q.metric(Signal::UnpricedCalls) {
        let reason = q.contract.label(UNPRICED_REASON);
        let by = [o.provider.clone(), o.model.clone(), reason];
        line.push(panels::timeseries(
            "Calls without a cost/s by reason",
            "Calls the runtime could not price, per second, by provider, model and reason: `unknown_model` (not in the price table: add it to the spec and regenerate), `no_usage` (no usage reported: a stream without `include_usage`), `usage_cap` (a usage over `telemetry.max_tokens_per_call`), `refused` (a unit without a price). The spend above leaves them out.",
            Unit::PerSecond,
            None,
            &[Query::new(
                sum_by(
                    &by,
                    &format!(
                        "rate({}[$__rate_interval])",
                        build::selector(&unpriced.total(), &o.cx.raw_filter_of(&by[..2]))
                    ),
                ),
                legend(&by),
            )],
        ));
    }
    if let Some(info) = q.metric(Signal::PricesInfo) {
        let hash = q.contract.label(PRICES_HASH);
        line.push(panels::table(
            "Price tables in use",
            "Instances pricing with each price table, by its content hash (the `content_hash` of `prices.json`): more than one row means the fleet prices the same call differently — some instances have not been redeployed or reloaded since the prices changed.",
            Unit::Count,
            Query::new(
                sum_by(
                    std::slice::from_ref(&hash),
                    &build::selector(&info.total(), &o.cx.raw_filter_of(&[])),
                ),
                "",
            ),
        ));
    }
    line
}

/// Spend by provider and model, and the exact cost against the estimate.
fn by_model(o: &Overview<'_>) -> Vec<Panel> {
    let w = &o.window;
    let mut line = Vec::new();
    if o.cost.is_some() {
        let by = o.by_model();
        line.push(panels::timeseries(
            "Spend by model ($/h)",
            &format!(
                "US dollars per hour by provider and model: `{}` × 3600, from the exact cost metric (`llm-slo-otel`'s counter or the emitter's own).",
                names::cost(w)
            ),
            Unit::Usd,
            None,
            &[Query::new(
                format!("{} * 3600", sum_by(&by, &o.record(names::cost(w)))),
                legend(&by),
            )],
        ));
    }
    if o.cost.is_some() && !o.cx.loaded.prices.is_empty() {
        line.push(panels::timeseries(
            "Exact vs estimated spend ($/h)",
            &format!(
                "The runtime's exact cost (`{}`) against the estimate from token counters × price series (`{}`). The estimate ignores long-context tiers, service tiers and (under genai-v1.41) cache discounts.",
                names::cost(w),
                names::cost_estimate(w)
            ),
            Unit::Usd,
            None,
            &[
                Query::new(format!("sum({}) * 3600", o.record(names::cost(w))), "exact"),
                Query::new(
                    format!("sum({}) * 3600", o.record(names::cost_estimate(w))),
                    "estimated",
                ),
            ],
        ));
    }
    line
}

/// Spend by each dimension variable other than provider and model, and the most expensive
/// combinations over the time range.
fn by_dimension(o: &Overview<'_>) -> Vec<Panel> {
    let w = &o.window;
    let mut line = Vec::new();
    for dimension in
        o.cx.variables
            .iter()
            .filter(|v| v.dimension != "provider" && v.dimension != "model")
    {
        if o.cost.is_some() {
            let by = std::slice::from_ref(&dimension.label);
            line.push(panels::timeseries(
                &format!("Spend by {} ($/h)", dimension.dimension),
                &format!(
                    "US dollars per hour by {}: `{}` × 3600.",
                    dimension.dimension,
                    names::cost(w)
                ),
                Unit::Usd,
                None,
                &[Query::new(
                    format!("{} * 3600", sum_by(by, &o.record(names::cost(w)))),
                    legend(by),
                )],
            ));
        }
    }
    if let Some(cost) = &o.cost {
        let labels: Vec<String> = o.cx.variables.iter().map(|v| v.label.clone()).collect();
        line.push(panels::table(
            "Most expensive over the time range",
            "US dollars spent over the dashboard's time range by every recorded dimension (provider, model, feature, …), most expensive first: the increase of the exact cost metric.",
            Unit::Usd,
            Query::new(
                format!(
                    "sort_desc({})",
                    sum_by(
                        &labels,
                        &format!(
                            "increase({}[$__range])",
                            build::selector(&cost.running_total(), &o.cx.raw_filter(&[]))
                        )
                    )
                ),
                "",
            ),
        ));
    }
    line
}

/// Each monthly budget: spend so far and the forecast, against the limit.
fn budgets(o: &Overview<'_>) -> Vec<Panel> {
    let q = &o.cx.queries;
    let w = &o.window;
    let mut line = Vec::new();
    for budget in o.spec.budgets.iter().filter(|b| b.period == Period::Month) {
        let by = q.labels(&budget.by);
        let month_to_date = q.recorded(
            names::BUDGET_MONTH_TO_DATE,
            &[Matcher::eq("budget", &budget.name)],
        );
        // The budget's own spend, not the dashboard's selection: the forecast is the
        // alert's.
        let filter: Vec<Matcher> = budget
            .filter
            .iter()
            .map(|(d, v)| Matcher::eq(q.label(d), v))
            .collect();
        let rate = q.recorded(
            &if budget.cost.resolve(&q.contract) == CostSource::Exact {
                names::cost(w)
            } else {
                names::cost_estimate(w)
            },
            &filter,
        );
        let per_group = if by.is_empty() {
            String::new()
        } else {
            format!("{} ", legend(&by))
        };
        line.push(panels::bargauge(
            &format!("Budget {}: month so far and forecast", budget.name),
            &format!(
                "Spend since the first of the month (UTC), and that plus the last day's average pace over the rest of the month, against the ${} budget (the bar's end), as the forecast alert computes it.",
                build::number(budget.limit)
            ),
            Unit::Usd,
            Some((0.0, budget.limit)),
            steps(
                "green",
                &[(budget.limit * 0.8, "orange"), (budget.limit, "red")],
            ),
            &[
                Query::new(sum_by(&by, &month_to_date), format!("{per_group}month to date")),
                Query::new(
                    format!(
                        "{} + on ({}) ({} * on () group_left () ((days_in_month() - day_of_month()) * 86400 + 86400 - (hour() * 3600 + minute() * 60)))",
                        sum_by(&by, &month_to_date),
                        build::label_list(&by),
                        sum_by(&by, &format!("avg_over_time({rate}[1d])"))
                    ),
                    format!("{per_group}forecast"),
                ),
            ],
        ));
    }
    line
}
