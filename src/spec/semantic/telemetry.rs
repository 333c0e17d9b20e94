//! `telemetry`: scrape interval, selector labels, extra attributes, bucket boundaries.

use std::collections::HashMap;

use super::Checker;
use crate::spec::Spec;
use crate::spec::codes;
use crate::yaml_path;
use llm_slo_core::contract::{COMMON_ATTRIBUTES_BY_SHORT_NAME, REQUEST_MODEL, Signal};

impl Checker<'_> {
    pub(super) fn telemetry(&mut self, spec: &Spec) {
        let t = &spec.telemetry;
        self.positive(
            &yaml_path!["telemetry", "scrape_interval"],
            t.scrape_interval,
            "scrape_interval",
        );
        for name in t.selector.keys() {
            self.label_name(
                &yaml_path!["telemetry", "selector", name.as_str()],
                name,
                true,
            );
        }
        // The generator keys SLOs, prices and spend by the requested model: a profile whose
        // emitter does not record it (OpenLLMetry) can be validated against, not generated for.
        let contract = t.contract();
        let records_model = contract
            .attributes(Signal::OperationDuration)
            .contains(&REQUEST_MODEL);
        if !records_model {
            self.error(
                codes::UNSUPPORTED,
                &yaml_path!["telemetry", "profile"],
                format!(
                    "the {} profile records no `{REQUEST_MODEL}`, and its failed calls carry only `error.type`: rules and dashboards cannot be generated for it",
                    t.profile.as_str()
                ),
            )
            .help = Some("`llm-slo validate --profile openllmetry` checks queries written for it; to generate, use an instrumentation that records the request model (genai-v1.41, genai-latest, openlit)".to_owned());
        }
        let mut seen = HashMap::new();
        for (i, attribute) in t.attributes.iter().enumerate() {
            let at = yaml_path!["telemetry", "attributes", i];
            let common = COMMON_ATTRIBUTES_BY_SHORT_NAME
                .iter()
                .any(|(short, full)| short == attribute || full == attribute);
            if attribute.is_empty()
                || attribute
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control())
            {
                self.error(
                    codes::INVALID_NAME,
                    &at,
                    format!("invalid attribute name `{}`", attribute.escape_debug()),
                );
            } else if common {
                self.error(
                    codes::DUPLICATE_ENTRY,
                    &at,
                    format!("`{attribute}` is a GenAI attribute already; list only extra attributes here"),
                );
            } else if seen.insert(attribute, i).is_some() {
                self.error(
                    codes::DUPLICATE_ENTRY,
                    &at,
                    format!("attribute `{attribute}` is listed twice"),
                );
            }
        }
        if let Some(buckets) = &t.duration_buckets {
            let at = yaml_path!["telemetry", "duration_buckets"];
            if buckets.is_empty() {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at,
                    "duration_buckets is empty".to_owned(),
                );
            }
            for (i, pair) in buckets.windows(2).enumerate() {
                if pair[1] <= pair[0] {
                    self.error(
                        codes::OUT_OF_RANGE,
                        &at.join(i + 1),
                        format!(
                            "bucket boundaries must ascend: {} follows {}",
                            pair[1], pair[0]
                        ),
                    );
                }
            }
            for (i, bound) in buckets.iter().enumerate() {
                if !bound.is_finite() || *bound <= 0.0 {
                    self.error(
                        codes::OUT_OF_RANGE,
                        &at.join(i),
                        format!("bucket boundary {bound} must be a positive number of seconds"),
                    );
                }
            }
        }
    }
}
