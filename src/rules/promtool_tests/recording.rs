//! Cases of the recording rules: calls, errors, error ratio, tokens, cost and quantiles.

use std::collections::BTreeMap;

use llm_slo_core::contract::{ERROR_TYPE, InstrumentKind, Signal, TOKEN_TYPE};
use llm_slo_core::pricing::engine::Usage;
use rust_decimal::Decimal;

use super::{Case, Check, Generator, STEP, Series, minutes, notation};
use crate::base::Duration;
use crate::promql::build;
use crate::queries::names;

impl Generator<'_> {
    /// The labels every recorded series carries: the service's name and its labels.
    pub(super) fn identity(&self) -> BTreeMap<String, String> {
        let service = &self.loaded.spec.service;
        let mut labels = service.labels.clone();
        labels.insert(names::SERVICE_LABEL.to_owned(), service.name.clone());
        labels
    }

    /// Checks of the main recording rules on one population: 60 calls a minute (6 failed),
    /// 600 input and 120 output tokens, $0.06, every call in one duration bucket.
    pub(super) fn recording_cases(&self) -> Vec<Case> {
        let q = &self.q;
        let w = q.window().to_string();
        let labels = self.call_labels(&BTreeMap::new());
        let mut recorded: BTreeMap<String, String> = q
            .recording_by()
            .into_iter()
            .filter_map(|l| labels.get(&l).map(|v| (l, v.clone())))
            .collect();
        recorded.extend(self.identity());
        let of_service = BTreeMap::from([(
            names::SERVICE_LABEL.to_owned(),
            self.loaded.spec.service.name.clone(),
        )]);
        let eval_time = Duration::from_mins(minutes(q.window()) + 10);
        let steps = minutes(eval_time) + 1;
        let mut series = Vec::new();
        let mut checks = Vec::new();
        let round = |record: &str, scale: &str, extra: &[(&str, &str)], value: String| {
            let mut l = recorded.clone();
            for (k, v) in extra {
                l.insert((*k).to_owned(), (*v).to_owned());
            }
            let mut select = of_service.clone();
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
                    after: None,
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
                        after: None,
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
                expr: format!(
                    "round({} * 1000)",
                    notation(&names::tokens(&w), &of_service)
                ),
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
            series.extend(self.cost_series(&cost, &labels, 0.06, steps));
            checks.push(round(&names::cost(&w), "1000000", &[], "1000".to_owned()));
        }
        // The estimate: 10 input and 2 output tokens a second at the model's prices.
        if let Some(period) = self
            .loaded
            .prices
            .first()
            .and_then(|m| m.period_at(Some(super::EPOCH)).ok())
        {
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
