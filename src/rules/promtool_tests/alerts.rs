//! Cases of the LLM alerts (latency, error ratio, spend, cache, no data) and the checks that
//! an alert fires with exactly its labels, or stays quiet.

use std::collections::BTreeMap;

use llm_slo_core::contract::Signal;

use super::inputs::observations_in;
use super::{Case, Check, Generator, STEP, Series, expanded, minutes, notation};
use crate::base::Duration;
use crate::promql::build;
use crate::rules::alerts::{LATENCY, QuantileAlert, TIME_TO_FIRST_CHUNK};
use crate::rules::model::{Rule, RuleKind};
use crate::spec::alerts::{Alerts, LatencyAlert};
use crate::spec::budgets::CostSource;

impl Generator<'_> {
    /// The first alert named `alert` whose labels include `with`.
    pub(super) fn alert_rule(&self, alert: &str, with: &[(&str, &str)]) -> Option<&Rule> {
        self.file.rules().find(|r| {
            matches!(&r.kind, RuleKind::Alert(n) if n == alert)
                && with
                    .iter()
                    .all(|(k, v)| r.labels.get(*k).map(String::as_str) == Some(*v))
        })
    }

    /// `ALERTS{alertname, alertstate="firing", selecting…}` and the labels it must return.
    pub(super) fn firing(
        &self,
        rule: &Rule,
        kept: BTreeMap<String, String>,
        selecting: &[&str],
        eval_time: Duration,
        fires: bool,
    ) -> Check {
        let name = match &rule.kind {
            RuleKind::Alert(n) | RuleKind::Record(n) => n.clone(),
        };
        let mut query = BTreeMap::from([
            ("alertname".to_owned(), name.clone()),
            ("alertstate".to_owned(), "firing".to_owned()),
        ]);
        for key in selecting {
            if let Some(v) = rule.labels.get(*key) {
                query.insert((*key).to_owned(), expanded(v));
            }
        }
        let mut labels = kept;
        for (k, v) in &rule.labels {
            labels.insert(k.clone(), expanded(v));
        }
        labels.insert("alertname".to_owned(), name);
        labels.insert("alertstate".to_owned(), "firing".to_owned());
        Check {
            expr: notation("ALERTS", &query),
            eval_time,
            samples: if fires {
                vec![(notation("ALERTS", &labels), "1".to_owned())]
            } else {
                Vec::new()
            },
        }
    }

    /// A quantile alert fires when every call is slower than its threshold, and stays quiet
    /// when every call is fast.
    fn quantile_alert_cases(
        &self,
        config: Option<&LatencyAlert>,
        kind: &QuantileAlert,
        cases: &mut Vec<Case>,
    ) {
        let q = &self.q;
        let histogram = q.metric(kind.signal).filter(|h| !h.is_native_histogram());
        let (Some(a), Some(histogram), Some(rule)) =
            (config, histogram, self.alert_rule(kind.alert, &[]))
        else {
            return;
        };
        let labels = self.call_labels(&a.filter);
        let buckets = self.loaded.spec.telemetry.duration_buckets();
        let above = a.above.as_secs_f64();
        // The first bucket that starts at or above the threshold: its quantile is above.
        let slow = (1..buckets.len()).find(|i| buckets[i - 1] >= above);
        let eval_time = Duration::from_mins(minutes(q.rate_window(a.window)) + minutes(a.for_) + 3);
        let steps = minutes(eval_time) + 1;
        let kept = self.kept(&a.by, &labels);
        if let Some(k) = slow {
            cases.push(Case {
                name: format!(
                    "{} fires when every call takes more than {}",
                    kind.alert, a.above
                ),
                interval: STEP,
                series: self.observations(&histogram, &labels, k, 60.0, steps),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
        }
        cases.push(Case {
            name: format!("{} stays quiet when every call is fast", kind.alert),
            interval: STEP,
            series: self.observations(&histogram, &labels, 0, 60.0, steps),
            checks: vec![self.firing(rule, kept, &[], eval_time, false)],
        });
    }

    pub(super) fn llm_alert_cases(&self, alerts: &Alerts, cases: &mut Vec<Case>) {
        let q = &self.q;
        let duration = q.metric(Signal::OperationDuration);
        let classic = duration.as_ref().filter(|d| !d.is_native_histogram());
        for (config, kind) in [
            (&alerts.latency, &LATENCY),
            (&alerts.time_to_first_chunk, &TIME_TO_FIRST_CHUNK),
        ] {
            self.quantile_alert_cases(config.as_ref(), kind, cases);
        }
        if let (Some(a), Some(duration), Some(rule)) = (
            &alerts.error_ratio,
            classic,
            self.alert_rule("LLMHighErrorRate", &[]),
        ) {
            let labels = self.call_labels(&a.filter);
            let eval_time =
                Duration::from_mins(minutes(q.rate_window(a.window)) + minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            let kept = self.kept(&a.by, &labels);
            cases.push(Case {
                name: "LLMHighErrorRate fires when every call fails".to_owned(),
                interval: STEP,
                series: self.calls(duration, &labels, 0.0, 60.0, steps),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
            cases.push(Case {
                name: "LLMHighErrorRate stays quiet when no call fails".to_owned(),
                interval: STEP,
                series: self.calls(duration, &labels, 60.0, 0.0, steps),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, false)],
            });
            // Calls the application cancelled are neither good nor bad.
            let mut cancelled = labels.clone();
            cancelled.insert(
                q.contract.label(llm_slo_core::contract::ERROR_TYPE),
                llm_slo_core::contract::CANCELLED.to_owned(),
            );
            let mut series = self.calls(duration, &labels, 60.0, 0.0, steps);
            series.push(Series {
                after: None,
                name: duration.count(),
                labels: cancelled,
                per_step: 60.0,
                steps,
            });
            cases.push(Case {
                name: "LLMHighErrorRate stays quiet when calls are cancelled".to_owned(),
                interval: STEP,
                series,
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
        }
        if let (Some(a), Some(rule)) = (&alerts.spend, self.alert_rule("LLMHighCost", &[])) {
            let labels = self.call_labels(&a.filter);
            // The hour's limit every 10 minutes: over it after 10 minutes, whole hour or not.
            let eval_time = Duration::from_mins(minutes(a.for_) + 15);
            let steps = minutes(eval_time) + 1;
            let kept = self.kept(&a.by, &labels);
            let per_minute = a.per_hour_above / 10.0;
            cases.push(Case {
                name: format!(
                    "LLMHighCost fires when ${} are spent every 10 minutes",
                    build::number(a.per_hour_above)
                ),
                interval: STEP,
                series: self.spend(CostSource::Exact, &labels, per_minute, steps),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
            cases.push(Case {
                name: "LLMHighCost stays quiet when nothing is spent".to_owned(),
                interval: STEP,
                series: self.spend(CostSource::Exact, &labels, 0.0, steps),
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
        }
        if let (Some(a), Some(rule), Some(input), Some(cache_read)) = (
            &alerts.cache_hit_ratio,
            self.alert_rule("LLMLowCacheHitRatio", &[]),
            q.metric(Signal::InputTokens),
            q.metric(Signal::CacheReadInputTokens),
        ) {
            let mut labels = self.call_labels(&a.filter);
            labels.insert(
                q.contract.label(llm_slo_core::contract::TOKEN_MODALITY),
                "text".to_owned(),
            );
            let eval_time =
                Duration::from_mins(minutes(q.rate_window(a.window)) + minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            let kept = self.kept(&a.by, &labels);
            let series = |cached: f64| {
                vec![
                    Series {
                        after: None,
                        name: input.total(),
                        labels: labels.clone(),
                        per_step: 1000.0,
                        steps,
                    },
                    Series {
                        after: None,
                        name: cache_read.total(),
                        labels: labels.clone(),
                        per_step: cached,
                        steps,
                    },
                ]
            };
            cases.push(Case {
                name: "LLMLowCacheHitRatio fires when nothing is read from the cache".to_owned(),
                interval: STEP,
                series: series(0.0),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
            cases.push(Case {
                name: "LLMLowCacheHitRatio stays quiet when most input is cached".to_owned(),
                interval: STEP,
                series: series(900.0),
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
        }
        self.quality_and_agent_cases(alerts, cases);
        if let (Some(a), Some(duration), Some(unpriced), Some(rule)) = (
            &alerts.unpriced_calls,
            classic,
            q.metric(Signal::UnpricedCalls),
            self.alert_rule("LLMUnpricedCalls", &[]),
        ) {
            let labels = self.call_labels(&BTreeMap::new());
            let eval_time =
                Duration::from_mins(minutes(q.rate_window(a.window)) + minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            let by = ["provider".to_owned(), "model".to_owned()];
            let reason = q.contract.label(llm_slo_core::contract::UNPRICED_REASON);
            let mut unpriced_labels = self.kept(&by, &labels);
            unpriced_labels.extend(self.loaded.spec.telemetry.selector.clone());
            unpriced_labels.insert(reason.clone(), "unknown_model".to_owned());
            let mut kept = self.kept(&by, &labels);
            kept.insert(reason, "unknown_model".to_owned());
            // Every tenth call without a cost: over any threshold below 10 %.
            let series = |unpriced_per_step: f64| {
                let mut series = self.calls(duration, &labels, 60.0, 0.0, steps);
                series.push(Series {
                    after: None,
                    name: unpriced.total(),
                    labels: unpriced_labels.clone(),
                    per_step: unpriced_per_step,
                    steps,
                });
                series
            };
            if a.above < 0.1 {
                cases.push(Case {
                    name: "LLMUnpricedCalls fires when every tenth call has no cost".to_owned(),
                    interval: STEP,
                    series: series(6.0),
                    checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
                });
            }
            cases.push(Case {
                name: "LLMUnpricedCalls stays quiet when every call is priced".to_owned(),
                interval: STEP,
                series: series(0.0),
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
        }
        if let (Some(a), Some(duration), Some(rule)) = (
            &alerts.no_data,
            duration.as_ref(),
            self.alert_rule("LLMNoData", &[]),
        ) {
            let eval_time = Duration::from_mins(minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            // `absent` returns the equality matchers of its selector as labels.
            let kept = self.loaded.spec.telemetry.selector.clone();
            let labels = self.call_labels(&BTreeMap::new());
            cases.push(Case {
                name: "LLMNoData fires when no call is recorded".to_owned(),
                interval: STEP,
                series: Vec::new(),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
            let series = if duration.is_native_histogram() {
                Vec::new()
            } else {
                self.calls(duration, &labels, 60.0, 0.0, steps)
            };
            if !series.is_empty() {
                cases.push(Case {
                    name: "LLMNoData stays quiet while calls are recorded".to_owned(),
                    interval: STEP,
                    series,
                    checks: vec![self.firing(rule, kept, &[], eval_time, false)],
                });
            }
        }
    }

    /// `LLMQualityDrop`, `LLMRunawayAgent*` and `LLMAgentRunCostHigh`: each fires on the
    /// behaviour it is about and stays quiet without it.
    fn quality_and_agent_cases(&self, alerts: &Alerts, cases: &mut Vec<Case>) {
        let q = &self.q;
        if let Some(a) = &alerts.runaway_agents {
            let mut labels = self.call_labels(&a.filter);
            labels
                .entry(q.contract.label(llm_slo_core::contract::AGENT_NAME))
                .or_insert_with(|| "test-agent".to_owned());
            let kept = self.kept(&a.by, &labels);
            let eval_time =
                Duration::from_mins(minutes(q.rate_window(a.window)) + minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            let buckets = llm_slo_core::contract::AGENT_CALL_BUCKETS;
            for (bound, signal, alert) in [
                (
                    a.tool_calls_above,
                    Signal::AgentToolCalls,
                    "LLMRunawayAgentToolCalls",
                ),
                (
                    a.inference_calls_above,
                    Signal::AgentInferenceCalls,
                    "LLMRunawayAgentInferenceCalls",
                ),
            ] {
                let (Some(bound), Some(histogram), Some(rule)) = (
                    bound,
                    q.metric(signal).filter(|h| !h.is_native_histogram()),
                    self.alert_rule(alert, &[]),
                ) else {
                    continue;
                };
                // Every invocation in the first bucket whose lower bound is above the
                // bound: the quantile is then above it.
                if let Some(k) = buckets.iter().position(|b| *b > bound).map(|k| k + 1)
                    && k < buckets.len()
                {
                    cases.push(Case {
                        name: format!("{alert} fires when every invocation loops"),
                        interval: STEP,
                        series: observations_in(buckets, &histogram, &labels, k, 6.0, steps),
                        checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
                    });
                }
                if buckets[0] <= bound {
                    cases.push(Case {
                        name: format!("{alert} stays quiet when every invocation makes one call"),
                        interval: STEP,
                        series: observations_in(buckets, &histogram, &labels, 0, 6.0, steps),
                        checks: vec![self.firing(rule, kept.clone(), &[], eval_time, false)],
                    });
                }
            }
        }
        if let (Some(a), Some(cost), Some(rule)) = (
            &alerts.agent_cost,
            q.metric(Signal::AgentRunCost)
                .filter(|h| !h.is_native_histogram()),
            self.alert_rule("LLMAgentRunCostHigh", &[]),
        ) {
            let mut labels = self.call_labels(&a.filter);
            labels
                .entry(q.contract.label(llm_slo_core::contract::AGENT_NAME))
                .or_insert_with(|| "test-agent".to_owned());
            let kept = self.kept(&a.by, &labels);
            let eval_time = Duration::from_mins(minutes(a.window) + minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            let series = |usd_per_run: f64| {
                vec![
                    Series {
                        after: None,
                        name: cost.count(),
                        labels: labels.clone(),
                        per_step: 4.0,
                        steps,
                    },
                    Series {
                        after: None,
                        name: cost.sum(),
                        labels: labels.clone(),
                        per_step: 4.0 * usd_per_run,
                        steps,
                    },
                ]
            };
            cases.push(Case {
                name: "LLMAgentRunCostHigh fires when every invocation costs twice the limit"
                    .to_owned(),
                interval: STEP,
                series: series(2.0 * a.per_run_above),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
            cases.push(Case {
                name: "LLMAgentRunCostHigh stays quiet when invocations cost half the limit"
                    .to_owned(),
                interval: STEP,
                series: series(0.5 * a.per_run_above),
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
        }
    }
    /// `LLMQualityDrop` fires when the scores fall and stays quiet while they hold. Its
    /// baseline spans days, so its cases step (and the file evaluates) every `step`, a
    /// sixth of the recent window: the window still holds six samples.
    pub(super) fn quality_drop_cases(&self, alerts: &Alerts) -> (Vec<Case>, Duration) {
        let mut cases = Vec::new();
        let Some(a) = &alerts.quality_drop else {
            return (cases, STEP);
        };
        let step = Duration::from_mins((minutes(a.window) / 6).max(1));
        let q = &self.q;
        if let (Some(scores), Some(rule)) = (
            q.metric(Signal::EvaluationScore)
                .filter(|h| !h.is_native_histogram()),
            self.alert_rule("LLMQualityDrop", &[]),
        ) {
            let in_steps = |d: Duration| minutes(d).div_ceil(minutes(step));
            let mut labels = self.call_labels(&a.filter);
            labels.insert(
                q.contract.label(llm_slo_core::contract::EVALUATION_NAME),
                a.evaluation.clone(),
            );
            let kept = self.kept(&a.by, &labels);
            let (window, baseline) = (in_steps(a.window), in_steps(a.baseline));
            let total = baseline + window + in_steps(a.for_) + 3;
            let eval_time = Duration::from_mins(total * minutes(step));
            let later = total + 1 - baseline;
            // Enough scores a step for the recent window to hold `min_scores` twice over.
            let per_step = (2 * a.min_scores).div_ceil(window.max(1)).max(1) as f64;
            // The baseline's mean is three drops, the recent one 0 (or the same again).
            let before = 3.0 * a.drop;
            let series = |after: f64| {
                vec![
                    Series {
                        after: Some((per_step, later)),
                        name: scores.count(),
                        labels: labels.clone(),
                        per_step,
                        steps: baseline,
                    },
                    Series {
                        after: Some((per_step * after, later)),
                        name: scores.sum(),
                        labels: labels.clone(),
                        per_step: per_step * before,
                        steps: baseline,
                    },
                ]
            };
            cases.push(Case {
                name: "LLMQualityDrop fires when the scores fall".to_owned(),
                interval: step,
                series: series(0.0),
                checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
            });
            cases.push(Case {
                name: "LLMQualityDrop stays quiet while the scores hold".to_owned(),
                interval: step,
                series: series(before),
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
        }
        (cases, step)
    }
}
