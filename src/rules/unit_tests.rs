//! promtool unit tests of the generated rules (`prometheus/tests/*.test.yml`): for every
//! alert a case where it fires and one where it stays quiet, and checks of the main
//! recording rules, with input series synthesised from the metric contract.
//!
//! Firing is checked through the `ALERTS` series (`promql_expr_test`), which carries every
//! label of the alert: the labels are exact, the annotations (which hold humanized values)
//! are left to the template checker. Recorded values are compared after scaling and
//! `round`, because promtool compares floats exactly.
//!
//! Not tested, and said so in the files: custom alerts (their series are the user's),
//! event SLIs (their queries too), and native histograms (promtool 2's input series cannot
//! express them).

use std::collections::BTreeMap;

use llm_slo_core::contract::{ERROR_TYPE, InstrumentKind, MetricNames, Signal, TOKEN_TYPE};
use llm_slo_core::pricing::engine::Usage;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::model::{Rule, RuleFile, RuleKind};
use crate::base::Duration;
use crate::load::LoadedSpec;
use crate::output::GeneratedFile;
use crate::promql::build::{self, Matcher};
use crate::queries::Queries;
use crate::queries::names;
use crate::queries::slo_math::{burn_threshold, burn_tiers, error_budget};
use crate::spec::alerts::Alerts;
use crate::spec::budgets::{Budget, CostSource, Period};
use crate::spec::outputs::RuleFormat;
use crate::spec::slos::{Sli, Slo};
use crate::yaml::emit::{self, Value};

/// The folder of the test files, inside the output folder.
pub const TESTS_DIR: &str = "prometheus/tests";

/// The step of every input series and of rule evaluation.
const STEP: Duration = Duration::from_mins(1);

/// One input series.
struct Series {
    name: String,
    labels: BTreeMap<String, String>,
    /// Increase per step.
    per_step: f64,
    steps: u64,
}

/// One `promql_expr_test`.
struct Check {
    expr: String,
    eval_time: Duration,
    /// (labels in series notation, value).
    samples: Vec<(String, String)>,
}

/// One test group.
struct Case {
    name: String,
    interval: Duration,
    series: Vec<Series>,
    checks: Vec<Check>,
}

/// Whole minutes, rounded up.
fn minutes(d: Duration) -> u64 {
    d.as_millis().div_ceil(60_000)
}

/// A label set in series notation: `name{a="b", …}`.
fn notation(name: &str, labels: &BTreeMap<String, String>) -> String {
    let matchers: Vec<Matcher> = labels.iter().map(|(k, v)| Matcher::eq(k, v)).collect();
    if name.is_empty() {
        let inner: Vec<String> = matchers
            .iter()
            .map(|m| format!("{}={}", build::label(&m.label), build::string(&m.value)))
            .collect();
        format!("{{{}}}", inner.join(", "))
    } else {
        build::selector(name, &matchers)
    }
}

/// Undoes [`super::alerts::go_literal`]: the value Prometheus puts on the alert.
fn expanded(value: &str) -> String {
    value
        .replace(r#"{{ "{{" }}"#, "{{")
        .replace(r#"{{ "}}" }}"#, "}}")
}

struct Generator<'a> {
    loaded: &'a LoadedSpec,
    q: Queries,
    file: &'a RuleFile,
}

impl Generator<'_> {
    /// The labels of a population of calls: the selector, a priced provider and model, a
    /// value for every extra attribute, and the filter.
    fn call_labels(&self, filter: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut labels: BTreeMap<String, String> = self.loaded.spec.telemetry.selector.clone();
        if let Some(model) = self.loaded.prices.first() {
            labels.insert(self.q.label("provider"), model.provider.clone());
            labels.insert(self.q.label("model"), model.model.clone());
        }
        for attribute in &self.loaded.spec.telemetry.attributes {
            labels.insert(self.q.label(attribute), "test".to_owned());
        }
        for (dimension, value) in filter {
            labels.insert(self.q.label(dimension), value.clone());
        }
        labels
    }

    /// The labels an aggregation `by` keeps from a population.
    fn kept(&self, by: &[String], labels: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        by.iter()
            .map(|d| self.q.label(d))
            .filter_map(|l| labels.get(&l).map(|v| (l, v.clone())))
            .collect()
    }

    /// The first alert named `alert` whose labels include `with`.
    fn alert_rule(&self, alert: &str, with: &[(&str, &str)]) -> Option<&Rule> {
        self.file.rules().find(|r| {
            matches!(&r.kind, RuleKind::Alert(n) if n == alert)
                && with
                    .iter()
                    .all(|(k, v)| r.labels.get(*k).map(String::as_str) == Some(*v))
        })
    }

    /// `ALERTS{alertname, alertstate="firing", selecting…}` and the labels it must return.
    fn firing(
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

    /// Count series (classic histogram `_count`) of good and failed calls per step.
    fn calls(
        &self,
        duration: &MetricNames,
        labels: &BTreeMap<String, String>,
        good: f64,
        failed: f64,
        steps: u64,
    ) -> Vec<Series> {
        let mut bad = labels.clone();
        bad.insert(self.q.contract.label(ERROR_TYPE), "timeout".to_owned());
        vec![
            Series {
                name: duration.count(),
                labels: labels.clone(),
                per_step: good,
                steps,
            },
            Series {
                name: duration.count(),
                labels: bad,
                per_step: failed,
                steps,
            },
        ]
    }

    /// Bucket, count and sum series of a classic histogram with every observation in the
    /// bucket that ends at `buckets[k]` (`k == len`: the `+Inf` bucket).
    fn observations(
        &self,
        histogram: &MetricNames,
        labels: &BTreeMap<String, String>,
        k: usize,
        per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        let buckets = self.loaded.spec.telemetry.duration_buckets();
        let mut out = Vec::new();
        for (i, bound) in buckets
            .iter()
            .map(|b| build::number(*b))
            .chain(std::iter::once("+Inf".to_owned()))
            .enumerate()
        {
            let mut l = labels.clone();
            l.insert("le".to_owned(), bound);
            out.push(Series {
                name: histogram.bucket(),
                labels: l,
                per_step: if i >= k { per_step } else { 0.0 },
                steps,
            });
        }
        out.push(Series {
            name: histogram.count(),
            labels: labels.clone(),
            per_step,
            steps,
        });
        out
    }

    /// Series that spend `usd_per_step` per step: the cost counter, or input tokens of the
    /// population's model priced by the price series.
    fn spend(
        &self,
        source: CostSource,
        labels: &BTreeMap<String, String>,
        usd_per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        match source {
            CostSource::Exact => self
                .q
                .metric(Signal::Cost)
                .map(|cost| Series {
                    name: cost.total(),
                    labels: labels.clone(),
                    per_step: usd_per_step,
                    steps,
                })
                .into_iter()
                .collect(),
            CostSource::Estimated => {
                let price = self
                    .loaded
                    .prices
                    .first()
                    .and_then(|m| m.periods.last())
                    .and_then(|p| {
                        llm_slo_core::pricing::engine::price(
                            &p.prices,
                            &Usage::new().with("input", 1),
                        )
                        .ok()
                    })
                    .and_then(|c| c.total.to_f64())
                    .filter(|p| *p > 0.0)
                    .unwrap_or(1.0);
                let tokens = (usd_per_step / price).ceil();
                self.input_tokens(labels, tokens, steps)
            }
        }
    }

    /// Input tokens per step, as the profile counts them.
    fn input_tokens(
        &self,
        labels: &BTreeMap<String, String>,
        per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        if let Some(usage) = self.q.metric(Signal::TokenUsage) {
            let mut l = labels.clone();
            l.insert(self.q.contract.label(TOKEN_TYPE), "input".to_owned());
            let mut out = vec![Series {
                name: usage.sum(),
                labels: l.clone(),
                per_step,
                steps,
            }];
            l.insert(self.q.contract.label(TOKEN_TYPE), "output".to_owned());
            out.push(Series {
                name: usage.sum(),
                labels: l,
                per_step: 0.0,
                steps,
            });
            return out;
        }
        let mut out = Vec::new();
        for signal in [Signal::InputTokens, Signal::OutputTokens] {
            if let Some(counter) = self.q.metric(signal) {
                let mut l = labels.clone();
                l.insert(
                    self.q
                        .contract
                        .label(llm_slo_core::contract::TOKEN_MODALITY),
                    "text".to_owned(),
                );
                out.push(Series {
                    name: counter.total(),
                    labels: l,
                    per_step: if signal == Signal::InputTokens {
                        per_step
                    } else {
                        0.0
                    },
                    steps,
                });
            }
        }
        out
    }

    fn llm_alert_cases(&self, alerts: &Alerts, cases: &mut Vec<Case>) {
        let q = &self.q;
        let duration = q.metric(Signal::OperationDuration);
        let classic = duration.as_ref().filter(|d| !d.is_native_histogram());
        if let (Some(a), Some(duration), Some(rule)) = (
            &alerts.latency,
            classic,
            self.alert_rule("LLMHighLatency", &[]),
        ) {
            let labels = self.call_labels(&a.filter);
            let buckets = self.loaded.spec.telemetry.duration_buckets();
            let above = a.above.as_secs_f64();
            // The first bucket that starts at or above the threshold: its quantile is above.
            let slow = (1..buckets.len()).find(|i| buckets[i - 1] >= above);
            let eval_time =
                Duration::from_mins(minutes(q.rate_window(a.window)) + minutes(a.for_) + 3);
            let steps = minutes(eval_time) + 1;
            let kept = self.kept(&a.by, &labels);
            if let Some(k) = slow {
                cases.push(Case {
                    name: format!(
                        "LLMHighLatency fires when every call takes more than {}",
                        a.above
                    ),
                    interval: STEP,
                    series: self.observations(duration, &labels, k, 60.0, steps),
                    checks: vec![self.firing(rule, kept.clone(), &[], eval_time, true)],
                });
            }
            cases.push(Case {
                name: "LLMHighLatency stays quiet when every call is fast".to_owned(),
                interval: STEP,
                series: self.observations(duration, &labels, 0, 60.0, steps),
                checks: vec![self.firing(rule, kept, &[], eval_time, false)],
            });
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

    fn budget_cases(&self, budget: &Budget, cases: &mut Vec<Case>) {
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
                    series: self.spend(budget.cost, &labels, per_step, steps),
                    checks: vec![self.firing(rule, kept.clone(), &["budget"], eval_time, fires)],
                });
            }
        }
        match budget.period {
            Period::Hour | Period::Day => {
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
                            series: self.spend(budget.cost, &labels, per_step, steps),
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
                let group = super::budgets::MONTH_GROUP_INTERVAL;
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
                        series: self.spend(budget.cost, &labels, per_step, steps),
                        checks,
                    });
                    cases.push(Case {
                        name: format!(
                            "LLMBudgetExceeded and LLMBudgetForecast of {} stay quiet when nothing is spent",
                            budget.name
                        ),
                        interval: STEP,
                        series: self.spend(budget.cost, &labels, 0.0, steps),
                        checks: quiet,
                    });
                }
            }
        }
    }

    /// The population of an SLO with a given error ratio: `None` when the SLI cannot be
    /// synthesised (event SLIs, native histograms).
    fn slo_series(&self, slo: &Slo, error_ratio: f64, steps: u64) -> Option<Vec<Series>> {
        let labels = self.call_labels(&slo.filter);
        let total = 10_000.0;
        let bad = (error_ratio * total).round();
        match &slo.sli {
            Sli::Availability {} => {
                let duration = self.q.metric(Signal::OperationDuration)?;
                if duration.is_native_histogram() {
                    return None;
                }
                Some(self.calls(&duration, &labels, total - bad, bad, steps))
            }
            Sli::Latency { threshold } | Sli::TimeToFirstChunk { threshold } => {
                let signal = if matches!(slo.sli, Sli::Latency { .. }) {
                    Signal::OperationDuration
                } else {
                    Signal::TimeToFirstChunk
                };
                let histogram = self.q.metric(signal)?;
                if histogram.is_native_histogram() {
                    return None;
                }
                let mut under = labels.clone();
                under.insert("le".to_owned(), build::number(threshold.as_secs_f64()));
                Some(vec![
                    Series {
                        name: histogram.bucket(),
                        labels: under,
                        per_step: total - bad,
                        steps,
                    },
                    Series {
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

    fn slo_cases(&self, slo: &Slo) -> Vec<Case> {
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
                    Some(self.firing(rule, BTreeMap::new(), &["slo", "window"], eval_time, true))
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
            let of_slo = BTreeMap::from([("slo".to_owned(), slo.name.clone())]);
            let mut checks = Vec::new();
            if let Some(rule) = self.alert_rule("LLMErrorBudgetBurn", &[("slo", slo.name.as_str())])
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
                samples: vec![(notation("", &of_slo), build::number(expected_ratio))],
            });
            checks.push(Check {
                expr: format!(
                    "round({} * 1000)",
                    notation(names::SLO_BUDGET_REMAINING, &of_slo)
                ),
                eval_time,
                samples: vec![(notation("", &of_slo), "500".to_owned())],
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
        cases
    }

    /// Checks of the main recording rules on one population: 60 calls a minute (6 failed),
    /// 600 input and 120 output tokens, $0.06, every call in one duration bucket.
    fn recording_cases(&self) -> Vec<Case> {
        let q = &self.q;
        let w = q.window().to_string();
        let labels = self.call_labels(&BTreeMap::new());
        let recorded: BTreeMap<String, String> = q
            .recording_by()
            .into_iter()
            .filter_map(|l| labels.get(&l).map(|v| (l, v.clone())))
            .collect();
        let eval_time = Duration::from_mins(minutes(q.window()) + 10);
        let steps = minutes(eval_time) + 1;
        let mut series = Vec::new();
        let mut checks = Vec::new();
        let round = |record: &str, scale: &str, extra: &[(&str, &str)], value: String| {
            let mut l = recorded.clone();
            for (k, v) in extra {
                l.insert((*k).to_owned(), (*v).to_owned());
            }
            let mut select = BTreeMap::new();
            for (k, v) in extra {
                select.insert((*k).to_owned(), (*v).to_owned());
            }
            Check {
                expr: format!("round({} * {scale})", notation(record, &select)),
                eval_time,
                samples: vec![(notation("", &l), value)],
            }
        };
        if let Some(duration) = q
            .metric(Signal::OperationDuration)
            .filter(|d| !d.is_native_histogram())
        {
            // Every call in the bucket that ends at the fourth boundary.
            let buckets = self.loaded.spec.telemetry.duration_buckets();
            let k = 3.min(buckets.len().saturating_sub(1));
            let mut good = self.observations(&duration, &labels, k, 54.0, steps);
            let mut failed_labels = labels.clone();
            failed_labels.insert(q.contract.label(ERROR_TYPE), "timeout".to_owned());
            good.extend(self.observations(&duration, &failed_labels, k, 6.0, steps));
            series.extend(good);
            checks.push(round(&names::requests(&w), "1000", &[], "1000".to_owned()));
            checks.push(round(&names::errors(&w), "1000", &[], "100".to_owned()));
            checks.push(round(
                &names::error_ratio(&w),
                "1000",
                &[],
                "100".to_owned(),
            ));
            let lower = if k == 0 { 0.0 } else { buckets[k - 1] };
            let upper = buckets[k];
            for quantile in &self.loaded.spec.recording.quantiles {
                let value = lower + (upper - lower) * quantile;
                let q_text = build::number(*quantile);
                checks.push(round(
                    &names::duration_quantile(&w),
                    "1000",
                    &[("quantile", q_text.as_str())],
                    build::number((value * 1000.0).round()),
                ));
            }
        }
        let type_label = q.contract.label(TOKEN_TYPE);
        if let Some(usage) = q.metric(Signal::TokenUsage) {
            for (token_type, per_step) in [("input", 600.0), ("output", 120.0)] {
                let mut l = labels.clone();
                l.insert(type_label.clone(), token_type.to_owned());
                series.push(Series {
                    name: usage.sum(),
                    labels: l,
                    per_step,
                    steps,
                });
            }
        } else {
            for (signal, per_step) in [(Signal::InputTokens, 600.0), (Signal::OutputTokens, 120.0)]
            {
                if let Some(counter) = q
                    .metric(signal)
                    .filter(|c| c.kind == InstrumentKind::Counter)
                {
                    let mut l = labels.clone();
                    l.insert(
                        q.contract.label(llm_slo_core::contract::TOKEN_MODALITY),
                        "text".to_owned(),
                    );
                    series.push(Series {
                        name: counter.total(),
                        labels: l,
                        per_step,
                        steps,
                    });
                }
            }
        }
        if !series.is_empty() {
            let mut tokens = Check {
                expr: format!("round({} * 1000)", names::tokens(&w)),
                eval_time,
                samples: Vec::new(),
            };
            for (token_type, value) in [("input", "10000"), ("output", "2000")] {
                let mut l = recorded.clone();
                l.insert(type_label.clone(), token_type.to_owned());
                tokens.samples.push((notation("", &l), value.to_owned()));
            }
            tokens.samples.sort();
            checks.push(tokens);
        }
        if let Some(cost) = q.metric(Signal::Cost) {
            series.push(Series {
                name: cost.total(),
                labels: labels.clone(),
                per_step: 0.06,
                steps,
            });
            checks.push(round(&names::cost(&w), "1000000", &[], "1000".to_owned()));
        }
        // The estimate: 10 input and 2 output tokens a second at the model's prices.
        if let Some(period) = self.loaded.prices.first().and_then(|m| m.periods.last()) {
            let per_token = |unit: &str| {
                llm_slo_core::pricing::engine::price(&period.prices, &Usage::new().with(unit, 1))
                    .map(|c| c.total)
                    .unwrap_or_default()
            };
            let usd =
                per_token("input") * Decimal::from(10) + per_token("output") * Decimal::from(2);
            let scaled = (usd * Decimal::from(1_000_000_000)).round();
            checks.push(round(
                &names::cost_estimate(&w),
                "1000000000",
                &[],
                scaled.normalize().to_string(),
            ));
        }
        if series.is_empty() {
            return Vec::new();
        }
        vec![Case {
            name: "recording rules: calls, errors, error ratio, tokens, cost, quantiles".to_owned(),
            interval: STEP,
            series,
            checks,
        }]
    }
}

fn case_value(case: &Case) -> Value {
    let series = case
        .series
        .iter()
        .map(|s| {
            Value::map([
                ("series", Some(Value::str(notation(&s.name, &s.labels)))),
                (
                    "values",
                    Some(Value::str(format!(
                        "0+{}x{}",
                        build::number(s.per_step),
                        s.steps
                    ))),
                ),
            ])
        })
        .collect();
    let checks = case
        .checks
        .iter()
        .map(|c| {
            Value::map([
                ("expr", Some(Value::str(&c.expr))),
                ("eval_time", Some(Value::str(c.eval_time.to_string()))),
                (
                    "exp_samples",
                    Some(Value::Seq(
                        c.samples
                            .iter()
                            .map(|(labels, value)| {
                                Value::map([
                                    ("labels", Some(Value::str(labels))),
                                    ("value", Some(Value::Number(value.clone()))),
                                ])
                            })
                            .collect(),
                    )),
                ),
            ])
        })
        .collect();
    Value::map([
        ("name", Some(Value::str(&case.name))),
        ("interval", Some(Value::str(case.interval.to_string()))),
        ("input_series", Some(Value::Seq(series))),
        ("promql_expr_test", Some(Value::Seq(checks))),
    ])
}

fn test_file(path: String, header: &str, notes: &[String], cases: &[Case]) -> GeneratedFile {
    let mut head = header.to_owned();
    for note in notes {
        head.push('\n');
        head.push_str(note);
    }
    let value = Value::map([
        (
            "rule_files",
            Some(Value::Seq(vec![Value::str("../llm-slo.rules.yml")])),
        ),
        ("evaluation_interval", Some(Value::str(STEP.to_string()))),
        (
            "tests",
            Some(Value::Seq(cases.iter().map(case_value).collect())),
        ),
    ]);
    GeneratedFile::new(path, emit::to_string(&head, &value))
}

/// Whether promtool 2 can read the test files: every name a legacy one.
fn promtool_2_reads(loaded: &LoadedSpec) -> bool {
    let contract = loaded.spec.telemetry.contract();
    contract.series().iter().all(|s| {
        llm_slo_core::contract::is_legacy_metric_name(&s.name)
            && s.labels
                .iter()
                .all(|l| llm_slo_core::contract::is_legacy_label_name(l))
    })
}

/// The unit test files of a rule file: `recording.test.yml`, `alerts.test.yml`, one per SLO
/// and one per monthly budget. None when the plain rule file is not written or promtool 2
/// cannot read the names.
pub fn generate(loaded: &LoadedSpec, file: &RuleFile, header: &str) -> Vec<GeneratedFile> {
    if !loaded
        .spec
        .outputs
        .rules
        .formats
        .contains(&RuleFormat::Prometheus)
        || !promtool_2_reads(loaded)
    {
        return Vec::new();
    }
    let g = Generator {
        loaded,
        q: loaded.spec.queries(),
        file,
    };
    let spec = &loaded.spec;
    let mut out = Vec::new();
    let recording = g.recording_cases();
    if !recording.is_empty() {
        out.push(test_file(
            format!("{TESTS_DIR}/recording.test.yml"),
            header,
            &[],
            &recording,
        ));
    }
    let mut cases = Vec::new();
    g.llm_alert_cases(&spec.alerts, &mut cases);
    for budget in spec.budgets.iter().filter(|b| b.period != Period::Month) {
        g.budget_cases(budget, &mut cases);
    }
    let mut notes = Vec::new();
    if !spec.alerts.custom.is_empty() {
        notes.push(format!(
            "Not tested here: the custom alerts ({}), whose series only their author knows.",
            spec.alerts
                .custom
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !cases.is_empty() {
        out.push(test_file(
            format!("{TESTS_DIR}/alerts.test.yml"),
            header,
            &notes,
            &cases,
        ));
    }
    for budget in spec.budgets.iter().filter(|b| b.period == Period::Month) {
        let mut cases = Vec::new();
        g.budget_cases(budget, &mut cases);
        if !cases.is_empty() {
            out.push(test_file(
                format!("{TESTS_DIR}/budget-{}.test.yml", budget.name),
                header,
                &[],
                &cases,
            ));
        }
    }
    for slo in &spec.slos {
        let cases = g.slo_cases(slo);
        if !cases.is_empty() {
            out.push(test_file(
                format!("{TESTS_DIR}/slo-{}.test.yml", slo.name),
                header,
                &[],
                &cases,
            ));
        }
    }
    out
}
