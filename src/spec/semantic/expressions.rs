//! The spec's own PromQL (custom alerts, event SLIs), checked against its contract.

use super::Checker;
use crate::promql::lints::Usage;
use crate::spec::Spec;
use crate::yaml::Path;

impl Checker<'_> {
    /// Runs the validator on a PromQL expression of the spec, against the spec's own
    /// contract; findings point inside the expression. `{{ window }}` placeholders are
    /// replaced by a duration of the same length, which keeps every offset in place.
    pub(super) fn expression(&mut self, spec: &Spec, path: &Path, usage: Usage) {
        let Some(node) = self.document.lookup(path) else {
            return;
        };
        let crate::yaml::NodeKind::Scalar { value, style } = &node.kind else {
            return;
        };
        let map = crate::yaml::ValueMap::new(self.text, node.span.start.offset, value, *style);
        let substituted = value
            .replace("{{ window }}", "     5m     ")
            .replace("{{window}}", "    5m    ");
        let mut settings = crate::promql::Settings::new(spec.telemetry.contract());
        settings.scrape_interval_ms = spec.telemetry.scrape_interval.as_millis() as i64;
        let source = crate::diagnostics::Source::new(self.file, self.text);
        let site = crate::promql::Site {
            expr: &substituted,
            map: &|offset| map.source(offset),
            usage,
        };
        self.out
            .extend(crate::promql::diagnose(&source, &site, &settings));
    }
}
