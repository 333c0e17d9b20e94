//! `budgets`: names, limits, dimensions, and estimated spend by recorded dimensions only.

use super::Checker;
use crate::spec::Spec;
use crate::spec::budgets::CostSource;
use crate::spec::codes;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn budgets(&mut self, spec: &Spec) {
        self.unique(
            spec.budgets
                .iter()
                .enumerate()
                .map(|(i, b)| (yaml_path!["budgets", i, "name"], b.name.as_str())),
            "budget",
        );
        for (i, budget) in spec.budgets.iter().enumerate() {
            let at = yaml_path!["budgets", i];
            self.name(&at.join("name"), &budget.name, "budget");
            if !(budget.limit.is_finite() && budget.limit > 0.0) {
                self.error(
                    codes::OUT_OF_RANGE,
                    &at.join("limit"),
                    format!(
                        "limit must be a positive amount of US dollars, got {}",
                        budget.limit
                    ),
                );
            }
            self.by(spec, &at.join("by"), &budget.by);
            self.filter(spec, &at.join("filter"), &budget.filter);
            let contract = spec.telemetry.contract();
            let source = budget.cost.resolve(&contract);
            if budget.cost == CostSource::Exact && source == CostSource::Estimated {
                self.report(
                    crate::diagnostics::Severity::Warning,
                    codes::UNSUPPORTED,
                    &at.join("cost"),
                    format!(
                        "the {} profile has no cost metric: spend is estimated from tokens and prices",
                        spec.telemetry.profile.as_str()
                    ),
                )
                .help = Some("write `cost: estimated` (or `auto`), or use a profile with a cost metric: `llm-slo-otel`'s (genai-v1.41, genai-latest) or OpenLIT's".to_owned());
            }
            if source == CostSource::Estimated {
                let recorded = spec.recording.dimensions(&spec.telemetry);
                for (field, dims) in [
                    ("by", budget.by.clone()),
                    ("filter", budget.filter.keys().cloned().collect::<Vec<_>>()),
                ] {
                    for dim in dims.iter().filter(|d| !recorded.contains(d)) {
                        self.error(
                            codes::UNSUPPORTED,
                            &at.join(field),
                            format!(
                                "estimated spend is recorded by {}, not by `{dim}`",
                                recorded.join(", ")
                            ),
                        )
                        .help = Some(format!("add `{dim}` to `recording.by`"));
                    }
                }
            }
            if let Some(d) = budget.for_ {
                self.positive(&at.join("for"), d, "for");
            }
        }
    }
}
