//! Cases of the SLOs: each burn-rate tier fires on a burst the SRE workbook says it should
//! catch, and stays quiet at the objective; the recorded error ratios and budget left.

use std::collections::BTreeMap;

use llm_slo_core::contract::Signal;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Case, Check, Generator, STEP, Series, minutes, notation};
use crate::base::Duration;
use crate::promql::build;
use crate::queries::names;
use crate::queries::slo_math::{burn_threshold, burn_tiers, error_budget};
use crate::spec::slos::{Sli, Slo};

impl Generator<'_> {
    /// The population of an SLO with a given error ratio: `None` when the SLI cannot be
    /// synthesised (event SLIs, native histograms).
    pub(super) fn slo_series(
        &self,
        slo: &Slo,
        error_ratio: f64,
        steps: u64,
    ) -> Option<Vec<Series>> {
        self.slo_series_of(slo, error_ratio, 10_000.0, steps)
    }

    /// [`Self::slo_series`] with `total` events a minute.
    fn slo_series_of(
        &self,
        slo: &Slo,
        error_ratio: f64,
        total: f64,
        steps: u64,
    ) -> Option<Vec<Series>> {
        self.slo_series_with(
            slo,
            self.call_labels(&slo.filter),
            error_ratio,
            total,
            steps,
        )
    }

    /// [`Self::slo_series_of`] on series with `labels`.
    fn slo_series_with(
        &self,
        slo: &Slo,
        labels: BTreeMap<String, String>,
        error_ratio: f64,
        total: f64,
        steps: u64,
    ) -> Option<Vec<Series>> {
        let bad = if total >= 100.0 {
            (error_ratio * total).round()
        } else {
            error_ratio * total
        };
        let histogram = self.q.metric(slo.sli.signal()?)?;
        if histogram.is_native_histogram() {
            return None;
        }
        let mut labels = labels;
        // The label of what the SLI is about, when the population does not name it yet.
        let subject = match &slo.sli {
            Sli::Quality { evaluation, .. } => {
                Some((llm_slo_core::contract::EVALUATION_NAME, evaluation.as_str()))
            }
            Sli::AgentRuns {} | Sli::AgentLatency { .. } => {
                Some((llm_slo_core::contract::AGENT_NAME, "test-agent"))
            }
            Sli::ToolCalls {} => Some((llm_slo_core::contract::TOOL_NAME, "test-tool")),
            _ => None,
        };
        if let Some((attribute, value)) = subject {
            labels
                .entry(self.q.contract.label(attribute))
                .or_insert_with(|| value.to_owned());
        }
        match &slo.sli {
            Sli::Availability {} | Sli::AgentRuns {} | Sli::ToolCalls {} => {
                Some(self.calls(&histogram, &labels, total - bad, bad, steps))
            }
            Sli::Latency { threshold }
            | Sli::TimeToFirstChunk { threshold }
            | Sli::AgentLatency { threshold } => {
                let mut under = labels.clone();
                under.insert("le".to_owned(), build::number(threshold.as_secs_f64()));
                Some(vec![
                    Series {
                        after: None,
                        name: histogram.bucket(),
                        labels: under,
                        per_step: total - bad,
                        steps,
                    },
                    Series {
                        after: None,
                        name: histogram.count(),
                        labels,
                        per_step: total,
                        steps,
                    },
                ])
            }
            // The bad scores are those at or under the bound: its bucket.
            Sli::Quality { above, .. } => {
                let mut at_most = labels.clone();
                at_most.insert("le".to_owned(), build::number(*above));
                Some(vec![
                    Series {
                        after: None,
                        name: histogram.bucket(),
                        labels: at_most,
                        per_step: bad,
                        steps,
                    },
                    Series {
                        after: None,
                        name: histogram.count(),
                        labels,
                        per_step: total,
                        steps,
                    },
                ])
            }
            Sli::Events { .. } => None,
        }
    }

    pub(super) fn slo_cases(&self, slo: &Slo) -> Vec<Case> {
        let budget = error_budget(slo.objective);
        let tiers: Vec<_> = burn_tiers(slo.window, self.q.window())
            .into_iter()
            .filter(|t| match t.tier {
                "page" => slo.alerting.page.enabled,
                _ => slo.alerting.ticket.enabled,
            })
            .collect();
        let reachable: Vec<_> = tiers
            .iter()
            .filter(|t| burn_threshold(t.factor, budget) < Decimal::ONE)
            .collect();
        let for_of = |tier: &str| {
            let config = if tier == "page" {
                &slo.alerting.page
            } else {
                &slo.alerting.ticket
            };
            config.for_.unwrap_or(if tier == "page" {
                Duration::from_mins(2)
            } else {
                Duration::from_mins(15)
            })
        };
        // Both windows of every tier see the same ratio as soon as they hold two samples, so
        // the alerts fire after their `for`, without simulating days of traffic (the burst
        // test of the test suite follows a real timeline).
        let longest = tiers
            .iter()
            .map(|t| minutes(t.short.min(self.q.window())) + minutes(for_of(t.tier)))
            .max()
            .unwrap_or(60);
        let eval_time = Duration::from_mins(longest + 10);
        let steps = minutes(eval_time) + 1;
        let budget_f = budget.to_f64().unwrap_or(0.0);
        let mut cases = Vec::new();
        // A split SLO's alerts and records carry the value of each split label.
        let kept = self.kept(&slo.by, &self.call_labels(&slo.filter));
        let strongest = reachable
            .iter()
            .map(|t| burn_threshold(t.factor, budget).to_f64().unwrap_or(1.0))
            .fold(0.0, f64::max);
        if let Some(series) = self.slo_series(slo, (strongest * 2.0).min(1.0), steps) {
            let checks = reachable
                .iter()
                .filter_map(|tier| {
                    let window = tier.long.to_string();
                    let rule = self.alert_rule(
                        "LLMErrorBudgetBurn",
                        &[("slo", slo.name.as_str()), ("window", window.as_str())],
                    )?;
                    Some(self.firing(rule, kept.clone(), &["slo", "window"], eval_time, true))
                })
                .collect::<Vec<_>>();
            if !checks.is_empty() {
                cases.push(Case {
                    name: format!(
                        "every burn-rate alert of {} fires when errors burn the budget faster than the fastest tier",
                        slo.name
                    ),
                    interval: STEP,
                    series,
                    checks,
                });
            }
        }
        // Half the budget's rate: no tier fires, the window ratio is half the budget.
        let half = budget_f / 2.0;
        if let Some(series) = self.slo_series(slo, half, steps) {
            let of_slo = BTreeMap::from([
                ("slo".to_owned(), slo.name.clone()),
                (
                    crate::queries::names::SERVICE_LABEL.to_owned(),
                    self.loaded.spec.service.name.clone(),
                ),
            ]);
            let mut recorded = self.identity();
            recorded.insert("slo".to_owned(), slo.name.clone());
            recorded.extend(kept.clone());
            let mut checks = Vec::new();
            if let Some(rule) = self.alert_rule("LLMErrorBudgetBurn", &[("slo", slo.name.as_str())])
            {
                checks.push(self.firing(rule, BTreeMap::new(), &["slo"], eval_time, false));
            }
            if let Some(rule) = self.alert_rule("LLMSLOMissingData", &[("slo", slo.name.as_str())])
            {
                checks.push(self.firing(rule, BTreeMap::new(), &["slo"], eval_time, false));
            }
            let expected_ratio = ((half * 10_000.0).round() / 10_000.0 * 1e6).round();
            checks.push(Check {
                expr: format!(
                    "round({} * 1000000)",
                    notation(
                        &names::slo_error_ratio(&self.q.window().to_string()),
                        &of_slo
                    )
                ),
                eval_time,
                samples: vec![(notation("", &recorded), build::number(expected_ratio))],
            });
            checks.push(Check {
                expr: format!(
                    "round({} * 1000)",
                    notation(names::SLO_BUDGET_REMAINING, &of_slo)
                ),
                eval_time,
                samples: vec![(notation("", &recorded), "500".to_owned())],
            });
            cases.push(Case {
                name: format!(
                    "no burn-rate alert of {} fires when errors spend half the budget; half of it is left",
                    slo.name
                ),
                interval: STEP,
                series,
                checks,
            });
        }
        if let Some(tier) = reachable.first() {
            cases.extend(self.split_case(slo, tier.long, strongest, eval_time, steps));
        }
        cases.extend(self.missing_bucket_case(slo));
        cases.extend(self.low_traffic_case(slo, eval_time, steps));
        cases
    }

    /// A latency SLO whose histogram lacks the threshold's bucket: calls, no SLI, and
    /// `LLMSLOMissingData` fires.
    fn missing_bucket_case(&self, slo: &Slo) -> Option<Case> {
        let Sli::Latency { .. } = slo.sli else {
            return None;
        };
        let rule = self.alert_rule("LLMSLOMissingData", &[("slo", slo.name.as_str())])?;
        let histogram = self.q.metric(Signal::OperationDuration)?;
        if histogram.is_native_histogram() {
            return None;
        }
        let for_ = slo.alerting.missing.for_.unwrap_or(Duration::from_mins(30));
        let eval_time = Duration::from_mins(minutes(self.q.window()) + minutes(for_) + 10);
        let steps = minutes(eval_time) + 1;
        let series = vec![Series {
            after: None,
            name: histogram.count(),
            labels: self.call_labels(&slo.filter),
            per_step: 1000.0,
            steps,
        }];
        Some(Case {
            name: format!(
                "LLMSLOMissingData of {} fires when the histogram has no bucket at the threshold",
                slo.name
            ),
            interval: STEP,
            series,
            checks: vec![self.firing(rule, BTreeMap::new(), &["slo"], eval_time, true)],
        })
    }

    /// With `min_events`, a quiet service does not page: half of 6 calls an hour fail,
    /// far above every tier's threshold, and no page-tier alert fires.
    fn low_traffic_case(&self, slo: &Slo, eval_time: Duration, steps: u64) -> Option<Case> {
        let min_events = slo.alerting.min_events?;
        let series = self.slo_series_of(slo, 0.5, 0.1, steps)?;
        let rule = self.alert_rule(
            "LLMErrorBudgetBurn",
            &[("slo", slo.name.as_str()), ("tier", "page")],
        )?;
        Some(Case {
            name: format!(
                "no page of {} when 3 of 6 calls an hour fail: fewer than {min_events} events",
                slo.name
            ),
            interval: STEP,
            series,
            checks: vec![self.firing(rule, BTreeMap::new(), &["slo", "tier"], eval_time, false)],
        })
    }

    /// A split SLO has a budget per value: one value burns, another is healthy, and only
    /// the burning one's alerts fire.
    fn split_case(
        &self,
        slo: &Slo,
        window: Duration,
        strongest: f64,
        eval_time: Duration,
        steps: u64,
    ) -> Option<Case> {
        let split = slo.by.first()?;
        let label = self.q.label(split);
        let base = self.call_labels(&slo.filter);
        let of = |value: &str| {
            let mut labels = base.clone();
            labels.insert(label.clone(), value.to_owned());
            labels
        };
        let (burning, healthy) = (of("burning"), of("healthy"));
        let mut series = self.slo_series_with(
            slo,
            burning.clone(),
            (strongest * 2.0).min(1.0),
            10_000.0,
            steps,
        )?;
        series.extend(self.slo_series_with(slo, healthy, 0.0, 10_000.0, steps)?);
        let window = window.to_string();
        let rule = self.alert_rule(
            "LLMErrorBudgetBurn",
            &[("slo", slo.name.as_str()), ("window", window.as_str())],
        )?;
        Some(Case {
            name: format!(
                "each {split} of {} has its own budget: only the burning one's alert fires",
                slo.name
            ),
            interval: STEP,
            series,
            checks: vec![self.firing(
                rule,
                self.kept(&slo.by, &burning),
                &["slo", "window"],
                eval_time,
                true,
            )],
        })
    }
}
