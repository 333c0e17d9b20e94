//! The overview dashboard: headline numbers, then spend, traffic and tokens, latency, errors,
//! cache and SLOs, on the recording rules, filtered by the dimension variables.

use llm_slo_core::contract::{ERROR_TYPE, Signal};

use super::Context;
use super::layout::Layout;
use super::panels::{self, Query, Unit, steps};
use crate::promql::build::{self, Matcher};
use crate::queries::slo_math::burn_tiers;
use crate::queries::{names, sum_by};
use crate::spec::budgets::Period;

/// `{{label}}` legends.
fn legend(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| format!("{{{{{l}}}}}"))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The overview's panels.
pub fn panels(cx: &Context<'_>) -> Vec<super::model::Panel> {
    let q = &cx.queries;
    let spec = &cx.loaded.spec;
    let w = q.window().to_string();
    let record = |name: String| build::selector(&name, &cx.record_filter());
    let provider = q.label("provider");
    let model = q.label("model");
    let mut layout = Layout::default();

    let duration = q.metric(Signal::OperationDuration);
    let cost = q.metric(Signal::Cost);
    let cache = q
        .metric(Signal::CacheReadInputTokens)
        .zip(q.metric(Signal::InputTokens));
    let error_threshold = spec.alerts.error_ratio.as_ref().map_or(0.05, |a| a.above);
    let latency_threshold = spec
        .alerts
        .latency
        .as_ref()
        .map_or(10.0, |a| a.above.as_secs_f64());
    let latency_quantile = spec.alerts.latency.as_ref().map_or(0.95, |a| a.quantile);
    let p = |quantile: f64| format!("p{}", build::number((quantile * 1000.0).round() / 10.0));

    // Headline numbers.
    layout.row(panels::row("Overview"));
    let mut headline = Vec::new();
    if let Some(cost) = &cost {
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
            "US dollars spent since midnight (dashboard time zone): the increase of the runtime's exact cost counter over today, for the selected dimensions.",
            Unit::Usd,
            thresholds,
            Query::new(
                format!(
                    "sum(increase({}[$__range]))",
                    build::selector(&cost.total(), &cx.raw_filter(&[]))
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
                names::cost(&w)
            ),
            Unit::Usd,
            match hourly {
                Some(limit) => steps("green", &[(limit * 0.8, "orange"), (limit, "red")]),
                None => steps("green", &[]),
            },
            Query::new(format!("sum({}) * 3600", record(names::cost(&w))), "$/h"),
        ));
    }
    if duration.is_some() {
        headline.push(panels::stat(
            "Requests/s",
            &format!("LLM calls per second: sum of `{}`.", names::requests(&w)),
            Unit::PerSecond,
            steps("blue", &[]),
            Query::new(format!("sum({})", record(names::requests(&w))), "calls/s"),
        ));
        headline.push(panels::stat(
            "Error ratio",
            &format!(
                "Failed calls (error.type set) over all calls: sum of `{}` ÷ sum of `{}`. Red at the error-ratio alert's threshold.",
                names::errors(&w),
                names::requests(&w)
            ),
            Unit::Ratio,
            steps(
                "green",
                &[(error_threshold / 2.0, "orange"), (error_threshold, "red")],
            ),
            Query::new(
                format!(
                    "(sum({}) or vector(0)) / sum({})",
                    record(names::errors(&w)),
                    record(names::requests(&w))
                ),
                "error ratio",
            ),
        ));
    }
    if let Some(duration) = &duration {
        headline.push(panels::stat(
            &format!("{} latency", p(latency_quantile)),
            &format!(
                "The {} of the client operation duration over all selected calls: histogram_quantile over the summed bucket rates. Red at the latency alert's threshold.",
                p(latency_quantile)
            ),
            Unit::Seconds,
            steps(
                "green",
                &[
                    (latency_threshold / 2.0, "orange"),
                    (latency_threshold, "red"),
                ],
            ),
            Query::new(cx.quantile(duration, latency_quantile, &[]), p(latency_quantile)),
        ));
    }
    if cache.is_some() {
        let floor = spec
            .alerts
            .cache_hit_ratio
            .as_ref()
            .map_or(0.2, |a| a.below);
        headline.push(panels::stat(
            "Cache hit ratio",
            &format!(
                "Input tokens read from the prompt cache over all input tokens: sum of `{}`. Red under the cache alert's floor.",
                names::cache_hit_ratio(&w)
            ),
            Unit::Ratio,
            steps("red", &[(floor, "green")]),
            Query::new(cx.cache_ratio(&[]), "cache hits"),
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
                format!("min({})", names::SLO_BUDGET_REMAINING),
                "budget left",
            ),
        ));
    }
    layout.line(headline);

    // Spend.
    if cost.is_some() || !cx.loaded.prices.is_empty() {
        layout.row(panels::row("Spend"));
        let mut line = Vec::new();
        if cost.is_some() {
            line.push(panels::timeseries(
                "Spend by model ($/h)",
                &format!(
                    "US dollars per hour by provider and model: `{}` × 3600, from the runtime's exact cost counter.",
                    names::cost(&w)
                ),
                Unit::Usd,
                None,
                &[Query::new(
                    format!(
                        "{} * 3600",
                        sum_by(&[provider.clone(), model.clone()], &record(names::cost(&w)))
                    ),
                    legend(&[provider.clone(), model.clone()]),
                )],
            ));
        }
        if cost.is_some() && !cx.loaded.prices.is_empty() {
            line.push(panels::timeseries(
                "Exact vs estimated spend ($/h)",
                &format!(
                    "The runtime's exact cost (`{}`) against the estimate from token counters × price series (`{}`). The estimate ignores long-context tiers, service tiers and (under genai-v1.41) cache discounts.",
                    names::cost(&w),
                    names::cost_estimate(&w)
                ),
                Unit::Usd,
                None,
                &[
                    Query::new(format!("sum({}) * 3600", record(names::cost(&w))), "exact"),
                    Query::new(
                        format!("sum({}) * 3600", record(names::cost_estimate(&w))),
                        "estimated",
                    ),
                ],
            ));
        }
        layout.line(line);
        let mut line = Vec::new();
        for dimension in cx
            .variables
            .iter()
            .filter(|v| v.dimension != "provider" && v.dimension != "model")
        {
            if cost.is_some() {
                line.push(panels::timeseries(
                    &format!("Spend by {} ($/h)", dimension.dimension),
                    &format!(
                        "US dollars per hour by {}: `{}` × 3600.",
                        dimension.dimension,
                        names::cost(&w)
                    ),
                    Unit::Usd,
                    None,
                    &[Query::new(
                        format!(
                            "{} * 3600",
                            sum_by(
                                std::slice::from_ref(&dimension.label),
                                &record(names::cost(&w))
                            )
                        ),
                        legend(std::slice::from_ref(&dimension.label)),
                    )],
                ));
            }
        }
        if let Some(cost) = &cost {
            let labels: Vec<String> = cx.variables.iter().map(|v| v.label.clone()).collect();
            line.push(panels::table(
                "Most expensive over the time range",
                "US dollars spent over the dashboard's time range by every recorded dimension (provider, model, feature, …), most expensive first: the increase of the exact cost counter.",
                Unit::Usd,
                Query::new(
                    format!(
                        "sort_desc({})",
                        sum_by(
                            &labels,
                            &format!(
                                "increase({}[$__range])",
                                build::selector(&cost.total(), &cx.raw_filter(&[]))
                            )
                        )
                    ),
                    "",
                ),
            ));
        }
        layout.line(line);
        let months: Vec<_> = spec
            .budgets
            .iter()
            .filter(|b| b.period == Period::Month)
            .collect();
        let mut line = Vec::new();
        for budget in months {
            let by = q.labels(&budget.by);
            let month_to_date = build::selector(
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
            let rate = build::selector(
                &if budget.cost == crate::spec::budgets::CostSource::Exact {
                    names::cost(&w)
                } else {
                    names::cost_estimate(&w)
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
        layout.line(line);
    }

    // Traffic and tokens.
    layout.row(panels::row("Traffic and tokens"));
    let type_label = q.contract.label(llm_slo_core::contract::TOKEN_TYPE);
    let mut line = Vec::new();
    if duration.is_some() {
        line.push(panels::timeseries(
            "Requests/s by model",
            &format!(
                "LLM calls per second by provider and model: `{}`.",
                names::requests(&w)
            ),
            Unit::PerSecond,
            None,
            &[Query::new(
                sum_by(
                    &[provider.clone(), model.clone()],
                    &record(names::requests(&w)),
                ),
                legend(&[provider.clone(), model.clone()]),
            )],
        ));
    }
    line.push(panels::timeseries(
        "Tokens/s by type",
        &format!(
            "Tokens per second by token type: `{}` (input counts cache reads and writes; output counts reasoning).",
            names::tokens(&w)
        ),
        Unit::Count,
        None,
        &[Query::new(
            sum_by(std::slice::from_ref(&type_label), &record(names::tokens(&w))),
            legend(std::slice::from_ref(&type_label)),
        )],
    ));
    line.push(panels::timeseries(
        "Tokens/s by model",
        &format!(
            "Input and output tokens per second by model: `{}`.",
            names::tokens(&w)
        ),
        Unit::Count,
        None,
        &[Query::new(
            sum_by(
                &[model.clone(), type_label.clone()],
                &record(names::tokens(&w)),
            ),
            legend(&[model.clone(), type_label.clone()]),
        )],
    ));
    layout.line(line);

    // Latency.
    if let Some(duration) = &duration {
        layout.row(panels::row("Latency"));
        let thresholds = Some(steps("green", &[(latency_threshold, "red")]));
        let mut line = vec![panels::timeseries(
            &format!("Latency {} by model", p(latency_quantile)),
            &format!(
                "The {} of the client operation duration by provider and model: histogram_quantile over bucket rates summed by model and `le`. Dashed: the latency alert's threshold.",
                p(latency_quantile)
            ),
            Unit::Seconds,
            thresholds.clone(),
            &[Query::new(
                cx.quantile(
                    duration,
                    latency_quantile,
                    &[provider.clone(), model.clone()],
                ),
                legend(&[provider.clone(), model.clone()]),
            )],
        )];
        let quantiles: Vec<Query> = spec
            .recording
            .quantiles
            .iter()
            .map(|quantile| Query::new(cx.quantile(duration, *quantile, &[]), p(*quantile)))
            .collect();
        line.push(panels::timeseries(
            "Latency quantiles (all selected calls)",
            "Quantiles of the client operation duration over every selected call: histogram_quantile over the summed bucket rates. Spikes of the highest quantile are the slow outliers.",
            Unit::Seconds,
            thresholds,
            &quantiles,
        ));
        if let Some(ttfc) = q.metric(Signal::TimeToFirstChunk) {
            line.push(panels::timeseries(
                &format!("Time to first chunk {} by model", p(latency_quantile)),
                &format!(
                    "The {} of the time until the first chunk of a streamed answer, by provider and model.",
                    p(latency_quantile)
                ),
                Unit::Seconds,
                None,
                &[Query::new(
                    cx.quantile(&ttfc, latency_quantile, &[provider.clone(), model.clone()]),
                    legend(&[provider.clone(), model.clone()]),
                )],
            ));
        }
        layout.line(line);
    }

    // Errors.
    if let Some(duration) = &duration {
        layout.row(panels::row("Errors"));
        let error_type = q.contract.label(ERROR_TYPE);
        layout.line(vec![
            panels::timeseries(
                "Error ratio by model",
                &format!(
                    "Failed over all calls by provider and model: `{}` ÷ `{}`. Dashed: the error-ratio alert's threshold.",
                    names::errors(&w),
                    names::requests(&w)
                ),
                Unit::Ratio,
                Some(steps("green", &[(error_threshold, "red")])),
                &[Query::new(
                    format!(
                        "({} or {} * 0) / {}",
                        sum_by(&[provider.clone(), model.clone()], &record(names::errors(&w))),
                        sum_by(&[provider.clone(), model.clone()], &record(names::requests(&w))),
                        sum_by(&[provider.clone(), model.clone()], &record(names::requests(&w)))
                    ),
                    legend(&[provider.clone(), model.clone()]),
                )],
            ),
            panels::timeseries(
                "Errors/s by type",
                "Failed calls per second by model and error.type (the exception or HTTP status the instrumentation recorded).",
                Unit::PerSecond,
                None,
                &[Query::new(
                    sum_by(
                        &[model.clone(), error_type.clone()],
                        &cx.count_rate(
                            duration,
                            &[Matcher::ne(error_type.clone(), "")],
                        ),
                    ),
                    legend(&[model.clone(), error_type.clone()]),
                )],
            ),
        ]);
    }

    // Cache.
    if cache.is_some() {
        layout.row(panels::row("Cache"));
        layout.line(vec![
            panels::timeseries(
                "Cache hit ratio by model",
                "Input tokens read from the prompt cache over all input tokens, by provider and model.",
                Unit::Ratio,
                None,
                &[Query::new(
                    cx.cache_ratio(&[provider.clone(), model.clone()]),
                    legend(&[provider.clone(), model.clone()]),
                )],
            ),
            panels::timeseries(
                "Cache tokens/s",
                &format!(
                    "Tokens read from and written to the prompt cache per second: `{}` for the cache types.",
                    names::tokens(&w)
                ),
                Unit::Count,
                None,
                &[Query::new(
                    sum_by(
                        std::slice::from_ref(&type_label),
                        &build::selector(
                            &names::tokens(&w),
                            &cx.record_filter_with(&[Matcher {
                                label: type_label.clone(),
                                op: "=~",
                                value: "cache_read|cache_write".to_owned(),
                            }]),
                        ),
                    ),
                    legend(std::slice::from_ref(&type_label)),
                )],
            ),
        ]);
    }

    // SLOs.
    if !spec.slos.is_empty() {
        layout.row(panels::row("SLOs"));
        let lowest_objective = spec
            .slos
            .iter()
            .map(|s| s.objective / 100.0)
            .fold(1.0, f64::min);
        let sli_floor = (lowest_objective - 2.0 * (1.0 - lowest_objective)).max(0.0);
        let sli_floor = (sli_floor * 1000.0).floor() / 1000.0;
        let mut sli = Vec::new();
        let mut burn = Vec::new();
        for slo in &spec.slos {
            let of_slo = [Matcher::eq("slo", &slo.name)];
            sli.push(Query::new(
                format!(
                    "1 - {}",
                    build::selector(&names::slo_error_ratio(&slo.window.to_string()), &of_slo)
                ),
                format!("{} (objective {}%)", slo.name, build::number(slo.objective)),
            ));
            // The fastest tier the SLO alerts on: its windows are recorded.
            if let Some(tier) =
                burn_tiers(slo.window, q.window())
                    .into_iter()
                    .find(|t| match t.tier {
                        "page" => slo.alerting.page.enabled,
                        _ => slo.alerting.ticket.enabled,
                    })
            {
                burn.push(Query::new(
                    format!(
                        "{} / on (slo) (1 - {})",
                        build::selector(&names::slo_error_ratio(&tier.long.to_string()), &of_slo),
                        build::selector(names::SLO_OBJECTIVE, &of_slo)
                    ),
                    format!("{} ({})", slo.name, tier.long),
                ));
            }
        }
        layout.line(vec![
            panels::bargauge(
                "Error budget left",
                &format!(
                    "The share of each SLO's error budget left over its window: `{}` (1: untouched, 0: spent, below 0: overspent).",
                    names::SLO_BUDGET_REMAINING
                ),
                Unit::Ratio,
                Some((0.0, 1.0)),
                steps("red", &[(0.25, "orange"), (0.5, "green")]),
                &[Query::new(
                    format!("sort({})", names::SLO_BUDGET_REMAINING),
                    "{{slo}}",
                )],
            ),
            panels::bargauge(
                "SLI over the window",
                "The share of good events over each SLO's whole window (traffic-weighted); its objective is in the name. Red under the lowest objective; the bars start two error budgets below it.",
                Unit::Ratio,
                Some((sli_floor, 1.0)),
                steps("red", &[(lowest_objective, "green")]),
                &sli,
            ),
            panels::timeseries(
                "Burn rate (fastest alert window)",
                "How many times faster than sustainable each SLO spends its error budget, over the long window of its fastest alert tier: error ratio ÷ (1 − objective). At 1 the budget lasts exactly the window; the fastest page tier fires at 14.4.",
                Unit::Count,
                Some(steps("green", &[(6.0, "orange"), (14.4, "red")])),
                &burn,
            ),
        ]);
    }
    layout.finish()
}

impl super::Context<'_> {
    /// `histogram_quantile(q, sum by (labels, le) (rate(bucket{filters}[$__rate_interval])))`.
    pub(super) fn quantile(
        &self,
        histogram: &llm_slo_core::contract::MetricNames,
        quantile: f64,
        by: &[String],
    ) -> String {
        let mut labels = by.to_vec();
        if !histogram.is_native_histogram() {
            labels.push("le".to_owned());
        }
        format!(
            "histogram_quantile({}, {})",
            build::number(quantile),
            sum_by(
                &labels,
                &format!(
                    "rate({}[$__rate_interval])",
                    build::selector(&histogram.bucket(), &self.raw_filter(&[]))
                )
            )
        )
    }

    /// The per-second rate of calls counted by a histogram, over `$__rate_interval`.
    pub(super) fn count_rate(
        &self,
        histogram: &llm_slo_core::contract::MetricNames,
        extra: &[Matcher],
    ) -> String {
        let selector = |name: String| build::selector(&name, &self.raw_filter(extra));
        if histogram.is_native_histogram() {
            format!(
                "histogram_count(rate({}[$__rate_interval]))",
                selector(histogram.bucket())
            )
        } else {
            format!("rate({}[$__rate_interval])", selector(histogram.count()))
        }
    }

    /// Cache-read over all input tokens, by labels.
    pub(super) fn cache_ratio(&self, by: &[String]) -> String {
        let q = &self.queries;
        let (Some(cache_read), Some(input)) = (
            q.metric(Signal::CacheReadInputTokens),
            q.metric(Signal::InputTokens),
        ) else {
            return String::new();
        };
        let rate = |metric: &llm_slo_core::contract::MetricNames| {
            format!(
                "rate({}[$__rate_interval])",
                build::selector(&metric.total(), &self.raw_filter(&[]))
            )
        };
        format!(
            "({} or {} * 0) / {}",
            sum_by(by, &rate(&cache_read)),
            sum_by(by, &rate(&input)),
            sum_by(by, &rate(&input))
        )
    }
}
