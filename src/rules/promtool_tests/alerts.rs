//! Cases of the LLM alerts (latency, error ratio, spend, cache, no data) and the checks that
//! an alert fires with exactly its labels, or stays quiet.

use std::collections::BTreeMap;

use llm_slo_core::contract::Signal;

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
                        name: input.total(),
                        labels: labels.clone(),
                        per_step: 1000.0,
                        steps,
                    },
                    Series {
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
}
