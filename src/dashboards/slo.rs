//! One detail dashboard per SLO: objective, SLI, budget left, error ratio over every window
//! its alerts use, burn rates against the tiers, and its firing alerts.

use super::Context;
use super::layout::Layout;
use super::model::Panel;
use super::panels::{self, Query, Unit, steps};
use crate::promql::build::{self, Matcher};
use crate::queries::names;
use crate::queries::slo_math::{burn_threshold, burn_tiers, error_budget, objective_ratio};
use crate::spec::slos::Slo;

/// The panels of one SLO's dashboard.
pub(crate) fn panels(cx: &Context<'_>, slo: &Slo) -> Vec<Panel> {
    let q = &cx.queries;
    let of_slo = [q.of_service(), Matcher::eq("slo", &slo.name)];
    let select = |name: &str| build::selector(name, &of_slo);
    // Through the exact ratio, so that 99.9 is 0.999, not 0.9990000000000001.
    let objective: f64 = objective_ratio(slo.objective)
        .to_string()
        .parse()
        .unwrap_or(1.0);
    let whole = slo.window.to_string();
    let base = q.window();
    let tiers: Vec<_> = burn_tiers(slo.window, base)
        .into_iter()
        .filter(|t| match t.tier {
            "page" => slo.alerting.page.enabled,
            _ => slo.alerting.ticket.enabled,
        })
        .collect();
    // A split SLO has one series per value: each legend names it.
    let split: String = slo
        .split_labels(q)
        .iter()
        .map(|label| format!(" {{{{{label}}}}}"))
        .collect();
    let legend = |text: &str| format!("{text}{split}");
    let mut layout = Layout::default();

    layout.row(panels::row(&format!("SLO {}", slo.name)));
    let mut alerts_firing = panels::stat(
        "Burn-rate alerts firing",
        "How many of this SLO's burn-rate alerts (LLMErrorBudgetBurn, one per tier) are firing now.",
        Unit::Count,
        steps("green", &[(1.0, "red")]),
        Query::new(
            format!(
                "count({}) or vector(0)",
                build::selector(
                    "ALERTS",
                    &[
                        Matcher::eq("alertname", "LLMErrorBudgetBurn"),
                        Matcher::eq("alertstate", "firing"),
                        Matcher::eq("slo", &slo.name)
                    ]
                )
            ),
            "alerts",
        ),
    );
    alerts_firing.grid_pos.h = 6;
    layout.line(vec![
        panels::stat(
            "Objective",
            &format!(
                "The share of good events promised over {}: `{}`.",
                slo.window,
                names::SLO_OBJECTIVE
            ),
            Unit::Ratio,
            steps("blue", &[]),
            Query::new(select(names::SLO_OBJECTIVE), "objective"),
        ),
        panels::stat(
            &format!("SLI over {}", slo.window),
            &format!(
                "Good events over all events across the whole window, traffic-weighted: 1 − `{}`. Red under the objective.",
                names::slo_error_ratio(&whole)
            ),
            Unit::Ratio,
            steps("red", &[(objective, "green")]),
            Query::new(format!("1 - {}", select(&names::slo_error_ratio(&whole))), legend("SLI")),
        ),
        panels::gauge(
            "Error budget left",
            &format!(
                "The share of the error budget left over the window: `{}` (1: untouched, 0: spent).",
                names::SLO_BUDGET_REMAINING
            ),
            Unit::Ratio,
            (0.0, 1.0),
            steps("red", &[(0.25, "orange"), (0.5, "green")]),
            Query::new(select(names::SLO_BUDGET_REMAINING), legend("budget left")),
        ),
        alerts_firing,
    ]);

    layout.row(panels::row("Burn"));
    let mut windows = vec![base];
    for tier in &tiers {
        windows.push(tier.short);
        windows.push(tier.long);
    }
    windows.sort();
    windows.dedup();
    let budget = error_budget(slo.objective);
    let burn: Vec<Query> = tiers
        .iter()
        .map(|tier| {
            Query::new(
                format!(
                    "{} / {}",
                    select(&names::slo_error_ratio(&tier.long.to_string())),
                    budget
                ),
                legend(&format!(
                    "{} over {} (alert above {}×, ratio {})",
                    tier.tier,
                    tier.long,
                    tier.factor,
                    burn_threshold(tier.factor, budget)
                )),
            )
        })
        .collect();
    let mut line = vec![panels::timeseries(
        "Error ratio by window",
        "Bad events over all events over each window the burn-rate alerts use (the short ones react fast, the long ones hold steady).",
        Unit::Ratio,
        None,
        &windows
            .iter()
            .map(|w| {
                Query::new(
                    select(&names::slo_error_ratio(&w.to_string())),
                    legend(&w.to_string()),
                )
            })
            .collect::<Vec<_>>(),
    )];
    if !burn.is_empty() {
        line.push(panels::timeseries(
            "Burn rate by alert window",
            "How many times faster than sustainable the budget is spent over each tier's long window: error ratio ÷ (1 − objective). Each tier fires above its factor (and when its short window agrees).",
            Unit::Count,
            Some(steps("green", &[(6.0, "orange"), (14.4, "red")])),
            &burn,
        ));
    }
    layout.line(line);
    let b = base.to_string();
    layout.line(vec![
        panels::timeseries(
            "Error budget left over time",
            &format!(
                "`{}` over time: how fast the window's budget is being spent.",
                names::SLO_BUDGET_REMAINING
            ),
            Unit::Ratio,
            Some(steps("red", &[(0.25, "orange"), (0.5, "green")])),
            &[Query::new(
                select(names::SLO_BUDGET_REMAINING),
                legend("budget left"),
            )],
        ),
        panels::timeseries(
            "Events/s",
            &format!(
                "All and bad events per second counted by the SLI: `{}` and `{}`.",
                names::slo_requests(&b),
                names::slo_errors(&b)
            ),
            Unit::PerSecond,
            None,
            &[
                Query::new(select(&names::slo_requests(&b)), legend("events")),
                Query::new(select(&names::slo_errors(&b)), legend("bad events")),
            ],
        ),
    ]);
    layout.finish()
}
