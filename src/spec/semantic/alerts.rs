//! `alerts`: thresholds, windows, dimensions, and the custom alerts' names and expressions.

use super::Checker;
use crate::diagnostics::Severity;
use crate::promql::lints::Usage;
use crate::spec::Spec;
use crate::spec::alerts::LatencyAlert;
use crate::spec::codes;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn alerts(&mut self, spec: &Spec) {
        let a = &spec.alerts;
        let scrape = spec.telemetry.scrape_interval;
        for (key, alert) in [
            ("latency", &a.latency),
            ("time_to_first_chunk", &a.time_to_first_chunk),
        ] {
            if let Some(l) = alert {
                self.quantile_alert(spec, key, l);
            }
        }
        if let Some(e) = &a.error_ratio {
            let at = yaml_path!["alerts", "error_ratio"];
            if !(e.above > 0.0 && e.above < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("above"),
                    format!(
                        "above must be a fraction between 0 and 1 (exclusive), got {}",
                        e.above
                    ),
                )
                .help = Some("0.05 means 5 % of calls fail".to_owned());
            }
            self.by(spec, &at.join("by"), &e.by);
            self.filter(spec, &at.join("filter"), &e.filter);
            self.window(&at.join("window"), e.window, scrape);
        }
        if let Some(s) = &a.spend {
            let at = yaml_path!["alerts", "spend"];
            if !(s.per_hour_above.is_finite() && s.per_hour_above > 0.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("per_hour_above"),
                    format!(
                        "per_hour_above must be a positive amount of US dollars, got {}",
                        s.per_hour_above
                    ),
                );
            }
            self.by(spec, &at.join("by"), &s.by);
            self.filter(spec, &at.join("filter"), &s.filter);
        }
        if let Some(c) = &a.cache_hit_ratio {
            let at = yaml_path!["alerts", "cache_hit_ratio"];
            self.requires(
                spec,
                &at,
                llm_slo_core::contract::Signal::CacheReadInputTokens,
                "does not count cache reads, so no cache hit ratio can be computed",
                "use `telemetry.profile: genai-latest` (its usage counters count cache reads), or remove this alert",
            );
            if !(c.below > 0.0 && c.below < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("below"),
                    format!(
                        "below must be a fraction between 0 and 1 (exclusive), got {}",
                        c.below
                    ),
                )
                .help = Some("0.3 means 30 % of input tokens come from the cache".to_owned());
            }
            self.by(spec, &at.join("by"), &c.by);
            self.filter(spec, &at.join("filter"), &c.filter);
            self.window(&at.join("window"), c.window, scrape);
        }
        if let Some(u) = &a.unpriced_calls {
            let at = yaml_path!["alerts", "unpriced_calls"];
            self.requires(
                spec,
                &at,
                llm_slo_core::contract::Signal::UnpricedCalls,
                "has no counter of unpriced calls (llm-slo-otel records one under the conventions' profiles)",
                "use a `genai-*` profile with llm-slo-otel, or remove this alert",
            );
            if !(u.above >= 0.0 && u.above < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("above"),
                    format!(
                        "above must be a fraction from 0 (any unpriced call) to below 1, got {}",
                        u.above
                    ),
                )
                .help = Some("0.01 means 1 % of a model's calls have no cost".to_owned());
            }
            self.window(&at.join("window"), u.window, scrape);
        }
        self.quality_and_agent_alerts(spec);
        if let Some(n) = &a.no_data {
            self.positive(&yaml_path!["alerts", "no_data", "for"], n.for_, "for");
        }
        self.unique(
            a.custom
                .iter()
                .enumerate()
                .map(|(i, c)| (yaml_path!["alerts", "custom", i, "name"], c.name.as_str())),
            "alert",
        );
        for (i, c) in a.custom.iter().enumerate() {
            let at = yaml_path!["alerts", "custom", i];
            let valid = c.name.starts_with(|ch: char| ch.is_ascii_alphabetic())
                && c.name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
            if !valid {
                self.error(codes::INVALID_NAME, &at.join("name"), format!("invalid alert name `{}`", c.name.escape_debug()))
                    .help = Some("alert names are a letter followed by letters, digits and `_`, e.g. `LLMQueueBacklog`".to_owned());
            }
            self.labels(&at.join("labels"), &c.labels);
            let for_ms = Some(c.for_.as_millis() as i64);
            self.expression(spec, &at.join("expr"), &c.expr, Usage::Alert { for_ms });
        }
        for (path, severity) in [
            (
                yaml_path!["alerts", "error_ratio", "severity"],
                a.error_ratio.as_ref().map(|e| &e.severity),
            ),
            (
                yaml_path!["alerts", "spend", "severity"],
                a.spend.as_ref().map(|s| &s.severity),
            ),
        ] {
            if severity.is_some_and(|s| s.trim().is_empty()) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &path,
                    "severity must not be empty".to_owned(),
                );
            }
        }
    }

    /// A quantile alert (`latency`, `time_to_first_chunk`): its quantile, threshold,
    /// dimensions, window, and a profile that has its histogram.
    fn quantile_alert(&mut self, spec: &Spec, key: &str, l: &LatencyAlert) {
        let at = yaml_path!["alerts", key];
        if key == "time_to_first_chunk" {
            self.requires(
                spec,
                &at,
                llm_slo_core::contract::Signal::TimeToFirstChunk,
                "has no time-to-first-chunk histogram",
                "use a GenAI conventions profile (`genai-v1.41`, `genai-latest`), or remove this alert",
            );
        }
        if !(l.quantile > 0.0 && l.quantile < 1.0) {
            self.error(
                codes::OUT_OF_RANGE,
                &at.join("quantile"),
                format!(
                    "quantile must be between 0 and 1 (exclusive), got {}",
                    l.quantile
                ),
            )
            .help = Some("0.95 is the 95th percentile".to_owned());
        }
        self.positive(&at.join("above"), l.above, "above");
        self.by(spec, &at.join("by"), &l.by);
        self.filter(spec, &at.join("filter"), &l.filter);
        self.window(&at.join("window"), l.window, spec.telemetry.scrape_interval);
        if l.severity.trim().is_empty() {
            self.error(
                codes::OUT_OF_RANGE,
                &at.join("severity"),
                "severity must not be empty".to_owned(),
            );
        }
    }

    /// The quality-drop, runaway-agent and agent-cost alerts.
    fn quality_and_agent_alerts(&mut self, spec: &Spec) {
        use llm_slo_core::contract::Signal;
        let a = &spec.alerts;
        let scrape = spec.telemetry.scrape_interval;
        if let Some(q) = &a.quality_drop {
            let at = yaml_path!["alerts", "quality_drop"];
            self.requires(
                spec,
                &at,
                Signal::EvaluationScore,
                "has no evaluation scores (llm-slo-otel records them under the conventions' profiles)",
                "use a `genai-*` profile with llm-slo-otel, or remove this alert",
            );
            if q.evaluation.trim().is_empty() {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("evaluation"),
                    "evaluation must name the evaluation (`gen_ai.evaluation.name`)".to_owned(),
                );
            }
            if !(q.drop.is_finite() && q.drop > 0.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("drop"),
                    format!(
                        "drop must be a positive number of score units, got {}",
                        q.drop
                    ),
                )
                .help = Some("0.1 on a 0–1 score, 0.5 on a five-point rating".to_owned());
            }
            if q.min_scores == 0 {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("min_scores"),
                    "min_scores must be at least 1: a mean of no scores is no mean".to_owned(),
                );
            }
            self.positive(&at.join("window"), q.window, "window");
            self.window(&at.join("window"), Some(q.window), scrape);
            self.positive(&at.join("baseline"), q.baseline, "baseline");
            if q.baseline < q.window {
                self.report(
                    Severity::Warning,
                    codes::OUT_OF_RANGE,
                    &at.join("baseline"),
                    format!(
                        "the baseline ({}) is shorter than the recent window ({}): its mean is noisier than the one it judges",
                        q.baseline, q.window
                    ),
                );
            }
            self.by(spec, &at.join("by"), &q.by);
            self.filter(spec, &at.join("filter"), &q.filter);
        }
        if let Some(r) = &a.runaway_agents {
            let at = yaml_path!["alerts", "runaway_agents"];
            self.requires(
                spec,
                &at,
                Signal::AgentToolCalls,
                "has no agent metrics",
                "use `telemetry.profile: genai-latest`, whose conventions define them",
            );
            if !(r.quantile > 0.0 && r.quantile < 1.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("quantile"),
                    format!(
                        "quantile must be between 0 and 1 (exclusive), got {}",
                        r.quantile
                    ),
                );
            }
            if r.tool_calls_above.is_none() && r.inference_calls_above.is_none() {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at,
                    "give `tool_calls_above`, `inference_calls_above` or both: without a bound there is no alert".to_owned(),
                );
            }
            for (key, bound) in [
                ("tool_calls_above", r.tool_calls_above),
                ("inference_calls_above", r.inference_calls_above),
            ] {
                if let Some(bound) = bound
                    && !(bound.is_finite() && bound > 0.0)
                {
                    self.error(
                        codes::OUT_OF_RANGE,
                        &at.join(key),
                        format!("{key} must be a positive number of calls, got {bound}"),
                    );
                }
                let last = llm_slo_core::contract::AGENT_CALL_BUCKETS
                    .last()
                    .copied()
                    .unwrap_or(f64::INFINITY);
                if let Some(bound) = bound
                    && bound >= last
                {
                    self.report(
                        Severity::Warning,
                        codes::OUT_OF_RANGE,
                        &at.join(key),
                        format!(
                            "{key} is {bound}, but the calls-per-invocation histogram's last boundary is {last}: a quantile is never above it, so this alert can never fire"
                        ),
                    )
                    .help = Some(format!("use a bound below {last}"));
                }
            }
            self.by(spec, &at.join("by"), &r.by);
            self.filter(spec, &at.join("filter"), &r.filter);
            self.window(&at.join("window"), r.window, scrape);
        }
        if let Some(c) = &a.agent_cost {
            let at = yaml_path!["alerts", "agent_cost"];
            self.requires(
                spec,
                &at,
                Signal::AgentRunCost,
                "has no agent cost (llm-slo-otel records it under the conventions' profiles)",
                "use a `genai-*` profile with llm-slo-otel, or remove this alert",
            );
            if !(c.per_run_above.is_finite() && c.per_run_above > 0.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("per_run_above"),
                    format!(
                        "per_run_above must be a positive amount of US dollars, got {}",
                        c.per_run_above
                    ),
                );
            }
            self.positive(&at.join("window"), c.window, "window");
            self.window(&at.join("window"), Some(c.window), scrape);
            self.by(spec, &at.join("by"), &c.by);
            self.filter(spec, &at.join("filter"), &c.filter);
        }
    }

    /// An alert that needs a signal its profile may not emit: `spec/unsupported` at it.
    pub(super) fn requires(
        &mut self,
        spec: &Spec,
        at: &crate::yaml::Path,
        signal: llm_slo_core::contract::Signal,
        lacking: &str,
        help: &str,
    ) {
        if spec.telemetry.contract().metric(signal).is_none() {
            self.error(
                codes::UNSUPPORTED,
                at,
                format!("the {} profile {lacking}", spec.telemetry.profile.as_str()),
            )
            .help = Some(help.to_owned());
        }
    }
}
