//! `recording`: dimensions, quantiles, the rate window and the expected cardinalities.

use super::Checker;
use crate::spec::Spec;
use crate::spec::codes;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn recording(&mut self, spec: &Spec) {
        let at = yaml_path!["recording"];
        if let Some(by) = &spec.recording.by {
            self.by(spec, &at.join("by"), by);
        }
        for (i, quantile) in spec.recording.quantiles.iter().enumerate() {
            if !(*quantile > 0.0 && *quantile < 1.0) {
                self.error(
                    codes::QUANTILE_RANGE,
                    &at.join("quantiles").join(i),
                    format!("a quantile must be between 0 and 1 (exclusive), got {quantile}"),
                )
                .help = Some("0.95 is the 95th percentile".to_owned());
            }
        }
        for (dimension, values) in &spec.recording.cardinality {
            let key = at.join("cardinality").join(dimension.as_str());
            // The labels an event SLO is split by are the user's, not dimensions.
            let event_label = spec.slos.iter().any(|slo| {
                matches!(slo.sli, crate::spec::slos::Sli::Events { .. })
                    && slo.by.contains(dimension)
            });
            if !event_label {
                self.dimension(spec, &key, dimension, true);
            }
            if *values == 0 {
                self.error(
                    codes::OUT_OF_RANGE,
                    &key,
                    format!("`{dimension}` must have at least one value, got 0"),
                );
            }
        }
        self.window(
            &at.join("window"),
            spec.recording.window,
            spec.telemetry.scrape_interval,
        );
    }
}
