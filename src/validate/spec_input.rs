//! An llm-slo spec as a validation input: the spec's own checks, then its PromQL (custom
//! alerts, event SLIs) through the same checks as rule files, against the spec's contract.

use super::rulefile::value_map;
use super::{Settings, Site, Source, check_expression};
use crate::diagnostics::{Diagnostic, Report};
use crate::path;
use crate::promql::lints::{ContractIndex, Usage};
use crate::spec::LoadedSpec;
use crate::spec::slos::Sli;

/// Validates a spec; spec diagnostics go straight into `report`.
pub fn validate(source: &Source, settings: &Settings, report: &mut Report) -> Vec<Diagnostic> {
    let loaded = match LoadedSpec::from_str(&source.file, &source.text) {
        Ok(loaded) => loaded,
        Err(errors) => {
            report.diagnostics.extend(errors.diagnostics);
            return Vec::new();
        }
    };
    report
        .diagnostics
        .extend(loaded.warnings.diagnostics.iter().cloned());
    let own = Settings {
        contract: ContractIndex::new(loaded.spec.telemetry.contract()),
        scrape_interval_ms: loaded.spec.telemetry.scrape_interval.as_millis() as i64,
        options: settings.options,
        limits: settings.limits,
    };
    let mut out = Vec::new();
    for (i, alert) in loaded.spec.alerts.custom.iter().enumerate() {
        let path = path!["alerts", "custom", i, "expr"];
        if let Some(node) = loaded.document.lookup(&path) {
            let map = value_map(&source.text, node, &alert.expr);
            let usage = Usage::Alert {
                for_ms: Some(alert.for_.as_millis() as i64),
            };
            let site = Site {
                expr: &alert.expr,
                map: &|o| map.source(o),
                usage,
            };
            out.extend(check_expression(source, &site, &own));
        }
    }
    for (i, slo) in loaded.spec.slos.iter().enumerate() {
        let Sli::Events { errors, total } = &slo.sli else {
            continue;
        };
        for (field, expr) in [("errors", errors), ("total", total)] {
            let path = path!["slos", i, "sli", "events", field];
            let Some(node) = loaded.document.lookup(&path) else {
                continue;
            };
            // The same length as the placeholder keeps every offset in place.
            let substituted = expr
                .replace("{{ window }}", "     5m     ")
                .replace("{{window}}", "    5m    ");
            let map = value_map(&source.text, node, expr);
            let site = Site {
                expr: &substituted,
                map: &|o| map.source(o),
                usage: Usage::Query,
            };
            out.extend(check_expression(source, &site, &own));
        }
    }
    out
}
