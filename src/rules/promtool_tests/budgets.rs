//! Cases of the spend budgets: pace, exceeded, month-to-date and forecast.

use super::{Case, Generator, STEP, minutes};
use crate::base::Duration;
use crate::spec::budgets::{Budget, Period};

impl Generator<'_> {
    pub(super) fn budget_cases(&self, budget: &Budget, cases: &mut Vec<Case>) {
        let labels = self.call_labels(&budget.filter);
        let kept = self.kept(&budget.by, &labels);
        let for_ = budget.for_.unwrap_or(Duration::from_mins(5));
        let select = [("budget", budget.name.as_str())];
        // The whole limit every 10 minutes: over any period's limit after 10 minutes, and a
        // pace far above it, without simulating a whole day or month.
        let fast = budget.limit / 10.0;
        if let Some(rule) = self.alert_rule("LLMBudgetBurnRate", &select) {
            // The pace's rate needs two samples, not its whole window.
            let eval_time = Duration::from_mins(minutes(for_) + 15);
            let steps = minutes(eval_time) + 1;
            for (fires, per_step) in [(true, fast), (false, 0.0)] {
                cases.push(Case {
                    name: format!(
                        "LLMBudgetBurnRate of {} {}",
                        budget.name,
                        if fires {
                            "fires when the budget is spent every 10 minutes"
                        } else {
                            "stays quiet when nothing is spent"
                        }
                    ),
                    interval: STEP,
                    series: self.spend(
                        budget.cost.resolve(&self.q.contract),
                        &labels,
                        per_step,
                        steps,
                    ),
                    checks: vec![self.firing(rule, kept.clone(), &["budget"], eval_time, fires)],
                });
            }
        }
        match budget.period {
            Period::Hour | Period::Day | Period::Week => {
                if let Some(rule) = self.alert_rule("LLMBudgetExceeded", &select) {
                    let eval_time = Duration::from_mins(minutes(for_) + 15);
                    let steps = minutes(eval_time) + 1;
                    for (fires, per_step) in [(true, fast), (false, 0.0)] {
                        cases.push(Case {
                            name: format!(
                                "LLMBudgetExceeded of {} {}",
                                budget.name,
                                if fires {
                                    "fires when the budget is spent every 10 minutes"
                                } else {
                                    "stays quiet when nothing is spent"
                                }
                            ),
                            interval: STEP,
                            series: self.spend(
                                budget.cost.resolve(&self.q.contract),
                                &labels,
                                per_step,
                                steps,
                            ),
                            checks: vec![self.firing(
                                rule,
                                kept.clone(),
                                &["budget"],
                                eval_time,
                                fires,
                            )],
                        });
                    }
                }
            }
            Period::Month => {
                // Twice the limit every hour: month-to-date passes it once the first whole
                // hour is counted.
                let per_step = budget.limit / 30.0;
                let group = crate::rules::budgets::MONTH_GROUP_INTERVAL;
                let exceeded = Duration::from_mins(75);
                let forecast_for = budget.for_.unwrap_or(Duration::from_mins(30));
                // Month-to-date exists once the first whole hour is counted; then `for`.
                let forecast = Duration::from_mins(
                    (60 + minutes(forecast_for) + minutes(group)).div_ceil(minutes(group))
                        * minutes(group),
                );
                let last = exceeded.max(forecast);
                let steps = minutes(last) + 1;
                let mut checks = Vec::new();
                let mut quiet = Vec::new();
                if let Some(rule) = self.alert_rule("LLMBudgetExceeded", &select) {
                    checks.push(self.firing(rule, kept.clone(), &["budget"], exceeded, true));
                    quiet.push(self.firing(rule, kept.clone(), &["budget"], exceeded, false));
                }
                if let Some(rule) = self.alert_rule("LLMBudgetForecast", &select) {
                    checks.push(self.firing(rule, kept.clone(), &["budget"], forecast, true));
                    quiet.push(self.firing(rule, kept.clone(), &["budget"], forecast, false));
                }
                if !checks.is_empty() {
                    cases.push(Case {
                        name: format!(
                            "LLMBudgetExceeded and LLMBudgetForecast of {} fire when the month's budget is spent every hour",
                            budget.name
                        ),
                        interval: STEP,
                        series: self.spend(budget.cost.resolve(&self.q.contract), &labels, per_step, steps),
                        checks,
                    });
                    cases.push(Case {
                        name: format!(
                            "LLMBudgetExceeded and LLMBudgetForecast of {} stay quiet when nothing is spent",
                            budget.name
                        ),
                        interval: STEP,
                        series: self.spend(budget.cost.resolve(&self.q.contract), &labels, 0.0, steps),
                        checks: quiet,
                    });
                }
            }
        }
    }
}
