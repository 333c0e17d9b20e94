//! The overview dashboard: headline numbers, then spend, traffic and tokens, latency, errors,
//! cache and SLOs, on the recording rules, filtered by the dimension variables. One file per
//! row; each row adds its panels to the layout, or nothing when the spec gives it no data.

mod cache;
mod errors;
mod headline;
mod latency;
mod slos;
mod spend;
mod traffic;

use llm_slo_core::contract::{MetricNames, Signal};

use super::Context;
use super::layout::Layout;
use super::model::Panel;
use crate::promql::build::{self, Matcher};
use crate::queries::sum_by;
use crate::spec::Spec;

/// The overview's panels.
pub(crate) fn panels(cx: &Context<'_>) -> Vec<Panel> {
    let overview = Overview::new(cx);
    let mut layout = Layout::default();
    headline::row(&overview, &mut layout);
    spend::row(&overview, &mut layout);
    traffic::row(&overview, &mut layout);
    latency::row(&overview, &mut layout);
    errors::row(&overview, &mut layout);
    cache::row(&overview, &mut layout);
    slos::row(&overview, &mut layout);
    layout.finish()
}

/// What the rows share: the series the profile emits, the recording window, the common
/// labels and the thresholds the spec's alerts set.
struct Overview<'a> {
    cx: &'a Context<'a>,
    spec: &'a Spec,
    /// The recording rules' rate window, as written in their names (`5m`).
    window: String,
    /// The provider and model labels.
    provider: String,
    model: String,
    /// The operation duration histogram, when the profile has one.
    duration: Option<MetricNames>,
    /// The runtime's cost counter.
    cost: Option<MetricNames>,
    /// Cache-read and input token counters, when the profile counts cache reads.
    cache: Option<(MetricNames, MetricNames)>,
    /// The error-ratio alert's threshold (or 5 %).
    error_threshold: f64,
    /// The latency alert's threshold in seconds (or 10 s) and quantile (or 0.95).
    latency_threshold: f64,
    latency_quantile: f64,
}

impl<'a> Overview<'a> {
    fn new(cx: &'a Context<'a>) -> Overview<'a> {
        let q = &cx.queries;
        let spec = &cx.loaded.spec;
        Overview {
            cx,
            spec,
            window: q.window().to_string(),
            provider: q.label("provider"),
            model: q.label("model"),
            duration: q.metric(Signal::OperationDuration),
            cost: q.metric(Signal::Cost),
            cache: q
                .metric(Signal::CacheReadInputTokens)
                .zip(q.metric(Signal::InputTokens)),
            error_threshold: spec.alerts.error_ratio.as_ref().map_or(0.05, |a| a.above),
            latency_threshold: spec
                .alerts
                .latency
                .as_ref()
                .map_or(10.0, |a| a.above.as_secs_f64()),
            latency_quantile: spec.alerts.latency.as_ref().map_or(0.95, |a| a.quantile),
        }
    }

    /// A recorded series filtered by the dimension variables.
    fn record(&self, name: String) -> String {
        build::selector(&name, &self.cx.record_filter())
    }

    /// The provider and model labels.
    fn by_model(&self) -> [String; 2] {
        [self.provider.clone(), self.model.clone()]
    }

    /// `p95` for 0.95.
    fn p(quantile: f64) -> String {
        format!("p{}", build::number((quantile * 1000.0).round() / 10.0))
    }

    /// `histogram_quantile(q, sum by (labels, le) (rate(bucket{filters}[$__rate_interval])))`.
    fn quantile(&self, histogram: &MetricNames, quantile: f64, by: &[String]) -> String {
        let mut labels = by.to_vec();
        if !histogram.is_native_histogram() {
            labels.push("le".to_owned());
        }
        format!(
            "histogram_quantile({}, {})",
            build::number(quantile),
            sum_by(
                &labels,
                &format!(
                    "rate({}[$__rate_interval])",
                    build::selector(&histogram.bucket(), &self.cx.raw_filter(&[]))
                )
            )
        )
    }

    /// The per-second rate of calls counted by a histogram, over `$__rate_interval`.
    fn count_rate(&self, histogram: &MetricNames, extra: &[Matcher]) -> String {
        let selector = |name: String| build::selector(&name, &self.cx.raw_filter(extra));
        if histogram.is_native_histogram() {
            format!(
                "histogram_count(rate({}[$__rate_interval]))",
                selector(histogram.bucket())
            )
        } else {
            format!("rate({}[$__rate_interval])", selector(histogram.count()))
        }
    }

    /// Cache-read over all input tokens, by labels.
    fn cache_ratio(&self, by: &[String]) -> String {
        let Some((cache_read, input)) = &self.cache else {
            return String::new();
        };
        let rate = |metric: &MetricNames| {
            format!(
                "rate({}[$__rate_interval])",
                build::selector(&metric.total(), &self.cx.raw_filter(&[]))
            )
        };
        format!(
            "({} or {} * 0) / {}",
            sum_by(by, &rate(cache_read)),
            sum_by(by, &rate(input)),
            sum_by(by, &rate(input))
        )
    }
}
