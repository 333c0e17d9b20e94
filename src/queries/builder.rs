//! What every query needs: the contract, the service's selector, and dimension labels.

use std::collections::BTreeMap;

use llm_slo_core::contract::{CANCELLED, Contract, ERROR_TYPE, MetricNames, Signal};

use super::{dimensions, names};
use crate::base::Duration;
use crate::promql::build::{self, Matcher};

/// Builds the pieces of a service's queries: selectors, labels and rates from the metric
/// contract. The spec makes one (`Spec::queries`); nothing here reads the spec.
#[derive(Clone, Debug)]
pub(crate) struct Queries {
    /// The metric contract.
    pub contract: Contract,
    /// Label matchers that select the service's series, on every query.
    pub selector: BTreeMap<String, String>,
    /// How often Prometheus scrapes: rate windows are at least four times this.
    pub scrape_interval: Duration,
    /// The range of the recording rules' rates, when the spec sets one.
    pub recording_window: Option<Duration>,
    /// The dimensions the recording rules keep.
    pub recording_dimensions: Vec<String>,
    /// The service's name: the value of [`names::SERVICE_LABEL`] on every recorded series, so
    /// that two services' rules on one Prometheus never write or read each other's series.
    pub service: String,
}

impl Queries {
    /// The Prometheus names of a signal; `None` when the profile does not emit it.
    pub(crate) fn metric(&self, signal: Signal) -> Option<MetricNames> {
        self.contract.metric(signal)
    }

    /// The Prometheus label of a dimension (`model` → `gen_ai_request_model`).
    pub(crate) fn label(&self, dimension: &str) -> String {
        let attribute =
            dimensions::attribute(dimension, &self.contract.extra_attributes).unwrap_or(dimension);
        self.contract.label(attribute)
    }

    /// The labels of a list of dimensions.
    pub(crate) fn labels(&self, dimensions: &[String]) -> Vec<String> {
        dimensions.iter().map(|d| self.label(d)).collect()
    }

    /// The service selector plus a filter, as matchers in a stable order.
    pub(crate) fn matchers(&self, filter: &BTreeMap<String, String>) -> Vec<Matcher> {
        let mut matchers: Vec<Matcher> = self
            .selector
            .iter()
            .map(|(label, value)| Matcher::eq(label, value))
            .collect();
        matchers.extend(filter.iter().map(|(d, v)| Matcher::eq(self.label(d), v)));
        matchers
    }

    /// The calls of a filter that SLIs count: all but those the application cancelled
    /// (`error.type="cancelled"`: its user left, a deadline of its own), which are neither
    /// good nor bad — a provider is not to blame for them, nor fast because of them.
    pub(crate) fn counted_calls(&self, filter: &BTreeMap<String, String>) -> Vec<Matcher> {
        let mut matchers = self.matchers(filter);
        matchers.push(Matcher::ne(self.contract.label(ERROR_TYPE), CANCELLED));
        matchers
    }

    /// Of the calls SLIs count, the failed ones: `error.type` set, and not `cancelled`.
    pub(crate) fn failed_calls(&self, filter: &BTreeMap<String, String>) -> Vec<Matcher> {
        let mut matchers = self.matchers(filter);
        matchers.push(Matcher {
            label: self.contract.label(ERROR_TYPE),
            op: "!~",
            value: format!("|{CANCELLED}"),
        });
        matchers
    }

    /// The default range for `rate`: the larger of 5m and four scrape intervals.
    pub(crate) fn rate_window(&self, configured: Option<Duration>) -> Duration {
        configured.unwrap_or_else(|| Duration::from_mins(5).max(self.scrape_interval.times(4)))
    }

    /// The matcher that selects this service's recorded series.
    pub(crate) fn of_service(&self) -> Matcher {
        Matcher::eq(names::SERVICE_LABEL, &self.service)
    }

    /// A recorded series of this service (`name{service="…", extra…}`).
    pub(crate) fn recorded(&self, name: &str, extra: &[Matcher]) -> String {
        let mut matchers = vec![self.of_service()];
        matchers.extend(extra.iter().cloned());
        build::selector(name, &matchers)
    }

    /// The range of the recording rules' rates.
    pub(crate) fn window(&self) -> Duration {
        self.rate_window(self.recording_window)
    }

    /// The dimensions the recording rules keep.
    pub(crate) fn recording_dimensions(&self) -> Vec<String> {
        self.recording_dimensions.clone()
    }

    /// The labels the recording rules keep.
    pub(crate) fn recording_by(&self) -> Vec<String> {
        self.labels(&self.recording_dimensions())
    }

    /// `rate(<counter>{matchers}[window])`.
    pub(crate) fn counter_rate(
        &self,
        metric: &MetricNames,
        matchers: &[Matcher],
        window: Duration,
    ) -> String {
        self.running("rate", metric, matchers, window)
    }

    /// `increase(<counter>{matchers}[window])`.
    pub(crate) fn counter_increase(
        &self,
        metric: &MetricNames,
        matchers: &[Matcher],
        window: Duration,
    ) -> String {
        self.running("increase", metric, matchers, window)
    }

    /// `rate` or `increase` of a running total: a counter, or the sum of a histogram
    /// (OpenLIT's cost), through `histogram_sum` for a native one.
    fn running(
        &self,
        function: &str,
        metric: &MetricNames,
        matchers: &[Matcher],
        window: Duration,
    ) -> String {
        let inner = format!(
            "{function}({}[{window}])",
            build::selector(&metric.running_total(), matchers)
        );
        if metric.is_native_histogram() {
            format!("histogram_sum({inner})")
        } else {
            inner
        }
    }

    /// The per-second rate of the sum of a histogram's observations.
    pub(crate) fn histogram_sum_rate(
        &self,
        metric: &MetricNames,
        matchers: &[Matcher],
        window: Duration,
    ) -> String {
        if metric.is_native_histogram() {
            format!(
                "histogram_sum(rate({}[{window}]))",
                build::selector(&metric.bucket(), matchers)
            )
        } else {
            format!(
                "rate({}[{window}])",
                build::selector(&metric.sum(), matchers)
            )
        }
    }

    /// `rate(<series>{matchers}[window])` of the bucket series of a histogram (classic) or
    /// of the histogram itself (native).
    pub(crate) fn bucket_rate(
        &self,
        metric: &MetricNames,
        matchers: &[Matcher],
        window: Duration,
    ) -> String {
        format!(
            "rate({}[{window}])",
            build::selector(&metric.bucket(), matchers)
        )
    }

    /// The per-second rate of observations of a histogram.
    pub(crate) fn count_rate(
        &self,
        metric: &MetricNames,
        matchers: &[Matcher],
        window: Duration,
    ) -> String {
        if metric.is_native_histogram() {
            format!(
                "histogram_count(rate({}[{window}]))",
                build::selector(&metric.bucket(), matchers)
            )
        } else {
            format!(
                "rate({}[{window}])",
                build::selector(&metric.count(), matchers)
            )
        }
    }

    /// How a Go template refers to a label of the alert: `$labels.name`, or
    /// `index $labels "name"` for a name with dots.
    pub(crate) fn template_label(&self, label: &str) -> String {
        if llm_slo_core::contract::is_legacy_label_name(label) {
            format!("{{{{ $labels.{label} }}}}")
        } else {
            format!("{{{{ index $labels {} }}}}", build::string(label))
        }
    }

    /// "model {{ $labels.gen_ai_request_model }}, provider …" for the dimensions of an alert.
    pub(crate) fn scope(&self, dimensions: &[String]) -> String {
        dimensions
            .iter()
            .map(|d| format!("{d} {}", self.template_label(&self.label(d))))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `sum by (labels) (expr)`, or `sum(expr)` without labels.
pub(crate) fn sum_by(labels: &[String], expr: &str) -> String {
    if labels.is_empty() {
        format!("sum({expr})")
    } else {
        format!("sum by ({}) ({expr})", build::label_list(labels))
    }
}

/// A PromQL regex matching a bucket boundary as Prometheus 2 (`1`) and 3 (`1.0`) write it.
pub(crate) fn le_regex(bound: f64) -> String {
    let text = build::number(bound);
    if text.contains('.') {
        text.replace('.', "\\.")
    } else {
        format!("{text}(\\.0)?")
    }
}
