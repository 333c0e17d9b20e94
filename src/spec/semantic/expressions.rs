//! The spec's own PromQL (custom alerts, event SLIs), checked against its contract.

use super::Checker;
use crate::diagnostics::Source;
use crate::promql::lints::Usage;
use crate::promql::{Site, diagnose};
use crate::spec::Spec;
use crate::yaml::{NodeKind, Path, ValueMap};

impl Checker<'_> {
    /// Runs the validator on a PromQL expression of the spec, against the spec's own
    /// contract; findings point inside the expression. `{{ window }}` placeholders are
    /// replaced by a duration of the same length, which keeps every offset in place.
    ///
    /// For a spec built in code, the expression is its own source, named `file#path`.
    pub(super) fn expression(&mut self, spec: &Spec, path: &Path, expr: &str, usage: Usage) {
        // Same length, so every offset stays in place.
        let substitute = |text: &str| {
            text.replace("{{ window }}", "     5m     ")
                .replace("{{window}}", "    5m    ")
        };
        let mut settings = crate::promql::Settings::new(spec.telemetry.contract());
        settings.scrape_interval_ms = spec.telemetry.scrape_interval.as_millis() as i64;
        settings.options = crate::promql::Options {
            dialect: spec.prometheus.target,
            features: spec.prometheus.features(),
        };
        let found = match self.source {
            Some((document, text)) => {
                let Some(node) = document.lookup(path) else {
                    return;
                };
                let NodeKind::Scalar { value, style } = &node.kind else {
                    return;
                };
                let map = ValueMap::new(text, node.span.start.offset, value, *style);
                let source = Source::new(self.file, text);
                let site = Site {
                    expr: &substitute(value),
                    map: &|offset| map.source(offset),
                    usage,
                    counters: &crate::promql::NO_COUNTERS,
                };
                diagnose(&source, &site, &settings)
            }
            None => {
                let source = Source::new(&format!("{}#{path}", self.file), expr);
                let site = Site {
                    expr: &substitute(expr),
                    map: &|offset| offset,
                    usage,
                    counters: &crate::promql::NO_COUNTERS,
                };
                self.sources.add(&source.file, &source.text);
                diagnose(&source, &site, &settings)
            }
        };
        self.out.extend(found);
    }
}
