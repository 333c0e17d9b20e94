//! `dashboards`: the schema version and the time range.

use super::Checker;
use crate::spec::Spec;
use crate::spec::codes;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn dashboards(&mut self, spec: &Spec) {
        let d = &spec.dashboards;
        if !(36..=42).contains(&d.schema_version) {
            self.error(
                codes::OUT_OF_RANGE,
                &yaml_path!["dashboards", "schema_version"],
                format!(
                    "schema_version must be between 36 and 42 (Grafana 12.2 and later), got {}",
                    d.schema_version
                ),
            )
            .help = Some(
                "41 imports into Grafana 10 to 13: Grafana migrates older versions on load"
                    .to_owned(),
            );
        }
        if !d.time_from.starts_with("now") {
            self.error(
                codes::OUT_OF_RANGE,
                &yaml_path!["dashboards", "time_from"],
                format!(
                    "time_from must be relative to now, e.g. `now-6h`, got `{}`",
                    d.time_from
                ),
            );
        }
        if let Some(compare) = &d.compare {
            let at = yaml_path!["dashboards", "compare"];
            self.dimension(spec, &at.join("dimension"), &compare.dimension, false);
            if compare.evaluation.is_some() {
                self.requires(
                    spec,
                    &at.join("evaluation"),
                    llm_slo_core::contract::Signal::EvaluationScore,
                    "has no evaluation scores (llm-slo-otel records them under the conventions' profiles)",
                    "use a `genai-*` profile with llm-slo-otel, or remove `evaluation`",
                );
            }
            if compare.min_samples == 0 {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("min_samples"),
                    "min_samples must be at least 1".to_owned(),
                );
            }
        }
    }
}
