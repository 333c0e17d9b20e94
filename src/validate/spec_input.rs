//! An llm-slo spec as a validation input. Loading a spec runs every check, its PromQL
//! (custom alerts, event SLIs) included, against the spec's own contract.

use crate::diagnostics::Source;
use crate::diagnostics::{Diagnostic, Report};
use crate::load::LoadedSpec;
use crate::promql::Settings;

/// Validates a spec; its diagnostics go into `report`.
pub(super) fn validate(
    source: &Source,
    _settings: &Settings,
    report: &mut Report,
) -> Vec<Diagnostic> {
    match LoadedSpec::from_bytes(&source.file, source.text.as_bytes()) {
        Ok(loaded) => report.diagnostics.extend(loaded.warnings.diagnostics),
        Err(errors) => report.diagnostics.extend(errors.diagnostics),
    }
    Vec::new()
}
