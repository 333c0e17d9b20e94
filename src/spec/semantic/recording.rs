//! `recording`: dimensions, quantiles and the rate window.

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
        self.window(
            &at.join("window"),
            spec.recording.window,
            spec.telemetry.scrape_interval,
        );
    }
}
