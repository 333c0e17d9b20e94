//! SLOs: the error budget left, the SLI over each window, and the burn rate over the long
//! window of each SLO's fastest alert tier.

use super::Overview;
use crate::dashboards::layout::Layout;
use crate::dashboards::panels::{self, Query, Unit, steps};
use crate::promql::build::{self, Matcher};
use crate::queries::names;
use crate::queries::slo_math::burn_tiers;

pub(super) fn row(o: &Overview<'_>, layout: &mut Layout) {
    let slos = &o.spec.slos;
    if slos.is_empty() {
        return;
    }
    layout.row(panels::row("SLOs"));
    let lowest_objective = slos.iter().map(|s| s.objective / 100.0).fold(1.0, f64::min);
    let sli_floor = (lowest_objective - 2.0 * (1.0 - lowest_objective)).max(0.0);
    let sli_floor = (sli_floor * 1000.0).floor() / 1000.0;
    let mut sli = Vec::new();
    let mut burn = Vec::new();
    for slo in slos {
        let of_slo = [o.cx.queries.of_service(), Matcher::eq("slo", &slo.name)];
        sli.push(Query::new(
            format!(
                "1 - {}",
                build::selector(&names::slo_error_ratio(&slo.window.to_string()), &of_slo)
            ),
            format!("{} (objective {}%)", slo.name, build::number(slo.objective)),
        ));
        // The fastest tier the SLO alerts on: its windows are recorded.
        if let Some(tier) = burn_tiers(slo.window, o.cx.queries.window())
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
                format!(
                    "sort({})",
                    o.cx.queries.recorded(names::SLO_BUDGET_REMAINING, &[])
                ),
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
