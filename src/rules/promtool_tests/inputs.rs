//! Input series synthesised from the metric contract: the labels of a population of calls,
//! counts of good and failed calls, histogram observations, spend and token counts.

use std::collections::BTreeMap;

use llm_slo_core::contract::{
    DEPLOYMENT_ENVIRONMENT, ERROR_TYPE, InstrumentKind, MetricNames, OPERATION_NAME,
    RESPONSE_MODEL, SDK_DEFAULT_BUCKETS, SERVER_ADDRESS, SERVER_PORT, SERVICE_NAME, Signal,
    TELEMETRY_SDK_NAME, TOKEN_TYPE,
};
use llm_slo_core::pricing::engine::Usage;
use rust_decimal::prelude::ToPrimitive;

use super::{Generator, Series};
use crate::promql::build;
use crate::spec::budgets::CostSource;

impl Generator<'_> {
    /// The labels of a population of calls: the selector, a priced provider and model, a
    /// value for every extra attribute, and the filter.
    pub(super) fn call_labels(
        &self,
        filter: &BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        let mut labels: BTreeMap<String, String> = self.loaded.spec.telemetry.selector.clone();
        if let Some(model) = self.loaded.prices.first() {
            labels.insert(self.q.label("provider"), model.provider.clone());
            labels.insert(self.q.label("model"), model.model.clone());
        }
        for attribute in &self.loaded.spec.telemetry.attributes {
            labels.insert(self.q.label(attribute), "test".to_owned());
        }
        // Another library's series carry what it always records, as it writes them
        // (OpenLIT: its SDK name, the service and environment on every point).
        let contract = &self.q.contract;
        if !contract.profile.is_conventions() {
            let model = self.loaded.prices.first().map(|m| m.model.clone());
            for attribute in contract.attributes(Signal::OperationDuration) {
                let value = match attribute {
                    TELEMETRY_SDK_NAME => Some("openlit".to_owned()),
                    SERVICE_NAME => Some(self.loaded.spec.service.name.clone()),
                    DEPLOYMENT_ENVIRONMENT => Some("default".to_owned()),
                    OPERATION_NAME => Some("chat".to_owned()),
                    RESPONSE_MODEL => model.clone(),
                    SERVER_ADDRESS => Some("api.openai.com".to_owned()),
                    SERVER_PORT => Some("443".to_owned()),
                    _ => None,
                };
                if let Some(value) = value {
                    labels.entry(contract.label(attribute)).or_insert(value);
                }
            }
        }
        for (dimension, value) in filter {
            labels.insert(self.q.label(dimension), value.clone());
        }
        labels
    }

    /// The labels an aggregation `by` keeps from a population.
    pub(super) fn kept(
        &self,
        by: &[String],
        labels: &BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        by.iter()
            .map(|d| self.q.label(d))
            .filter_map(|l| labels.get(&l).map(|v| (l, v.clone())))
            .collect()
    }

    /// Count series (classic histogram `_count`) of good and failed calls per step.
    pub(super) fn calls(
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
                after: None,
                name: duration.count(),
                labels: labels.clone(),
                per_step: good,
                steps,
            },
            Series {
                after: None,
                name: duration.count(),
                labels: bad,
                per_step: failed,
                steps,
            },
        ]
    }

    /// Bucket, count and sum series of a classic histogram with every observation in the
    /// bucket that ends at `buckets[k]` (`k == len`: the `+Inf` bucket).
    pub(super) fn observations(
        &self,
        histogram: &MetricNames,
        labels: &BTreeMap<String, String>,
        k: usize,
        per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        let buckets = self.loaded.spec.telemetry.duration_buckets();
        observations_in(&buckets, histogram, labels, k, per_step, steps)
    }
}

/// [`Generator::observations`] for a histogram of any boundaries.
pub(super) fn observations_in(
    buckets: &[f64],
    histogram: &MetricNames,
    labels: &BTreeMap<String, String>,
    k: usize,
    per_step: f64,
    steps: u64,
) -> Vec<Series> {
    {
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
                after: None,
                name: histogram.bucket(),
                labels: l,
                per_step: if i >= k { per_step } else { 0.0 },
                steps,
            });
        }
        out.push(Series {
            after: None,
            name: histogram.count(),
            labels: labels.clone(),
            per_step,
            steps,
        });
        out
    }
}

impl Generator<'_> {
    /// Series that spend `usd_per_step` per step: the cost counter, or input tokens of the
    /// population's model priced by the price series.
    pub(super) fn spend(
        &self,
        source: CostSource,
        labels: &BTreeMap<String, String>,
        usd_per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        match source {
            CostSource::Exact | CostSource::Auto => self
                .q
                .metric(Signal::Cost)
                .map(|cost| self.cost_series(&cost, labels, usd_per_step, steps))
                .unwrap_or_default(),
            CostSource::Estimated => {
                let price = self
                    .loaded
                    .prices
                    .first()
                    .and_then(|m| m.period_at(Some(super::EPOCH)).ok())
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

    /// The cost metric spending `usd_per_step` per step: the runtime's counter, or a
    /// histogram of per-call costs (OpenLIT's) with one call per step, its buckets at the
    /// OpenTelemetry SDK's default boundaries as OpenLIT leaves them.
    pub(super) fn cost_series(
        &self,
        cost: &MetricNames,
        labels: &BTreeMap<String, String>,
        usd_per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        if cost.kind != InstrumentKind::Histogram {
            return vec![Series {
                after: None,
                name: cost.total(),
                labels: labels.clone(),
                per_step: usd_per_step,
                steps,
            }];
        }
        let calls = 1.0;
        let mut out = Vec::new();
        for bound in SDK_DEFAULT_BUCKETS
            .iter()
            .map(|b| build::number(*b))
            .chain(std::iter::once("+Inf".to_owned()))
        {
            let mut l = labels.clone();
            // Every call costs less than the first positive boundary.
            let inside = bound != "0";
            l.insert("le".to_owned(), bound);
            out.push(Series {
                after: None,
                name: cost.bucket(),
                labels: l,
                per_step: if inside { calls } else { 0.0 },
                steps,
            });
        }
        out.push(Series {
            after: None,
            name: cost.sum(),
            labels: labels.clone(),
            per_step: usd_per_step,
            steps,
        });
        out.push(Series {
            after: None,
            name: cost.count(),
            labels: labels.clone(),
            per_step: calls,
            steps,
        });
        out
    }

    /// Input tokens per step, as the profile counts them.
    pub(super) fn input_tokens(
        &self,
        labels: &BTreeMap<String, String>,
        per_step: f64,
        steps: u64,
    ) -> Vec<Series> {
        if let Some(usage) = self.q.metric(Signal::TokenUsage) {
            let mut l = labels.clone();
            l.insert(self.q.contract.label(TOKEN_TYPE), "input".to_owned());
            let mut out = vec![Series {
                after: None,
                name: usage.sum(),
                labels: l.clone(),
                per_step,
                steps,
            }];
            l.insert(self.q.contract.label(TOKEN_TYPE), "output".to_owned());
            out.push(Series {
                after: None,
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
                    after: None,
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
}
