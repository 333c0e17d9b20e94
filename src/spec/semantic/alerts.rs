//! `alerts`: thresholds, windows, dimensions, and the custom alerts' names and expressions.

use super::Checker;
use crate::promql::lints::Usage;
use crate::spec::Spec;
use crate::spec::codes;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn alerts(&mut self, spec: &Spec) {
        let a = &spec.alerts;
        let scrape = spec.telemetry.scrape_interval;
        if let Some(l) = &a.latency {
            let at = yaml_path!["alerts", "latency"];
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
            self.window(&at.join("window"), l.window, scrape);
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
            if spec
                .telemetry
                .contract()
                .metric(llm_slo_core::contract::Signal::CacheReadInputTokens)
                .is_none()
            {
                self.error(
                    codes::UNSUPPORTED,
                    &at,
                    format!(
                        "the {} profile does not count cache reads, so no cache hit ratio can be computed",
                        spec.telemetry.profile.as_str()
                    ),
                )
                .help = Some(
                    "use `telemetry.profile: genai-latest` (its usage counters count cache reads), or remove this alert"
                        .to_owned(),
                );
            }
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
                yaml_path!["alerts", "latency", "severity"],
                a.latency.as_ref().map(|l| &l.severity),
            ),
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
}
