//! `budgets`: names, limits, dimensions, and estimated spend by recorded dimensions only.

use super::Checker;
use crate::spec::Spec;
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
            if budget.cost == crate::spec::budgets::CostSource::Estimated {
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
