//! The runtime configuration of `llm-slo-otel` (`runtime/llm-slo-otel.json`): the contract the
//! spec's rules query, the histogram boundaries (SLO thresholds among them) and the price
//! table, so the instrumented application emits exactly what the rules and dashboards read.

use llm_slo_core::contract::TOKEN_BUCKETS;
use llm_slo_core::runtime::{RUNTIME_FORMAT, RuntimeConfig};

use crate::diagnostics::Diagnostic;
use crate::load::LoadedSpec;
use crate::output::GeneratedFile;

/// The runtime configuration inside the output folder.
pub(crate) const RUNTIME_CONFIG: &str = "runtime/llm-slo-otel.json";

/// Its JSON Schema.
pub(crate) const RUNTIME_SCHEMA: &str = "runtime/llm-slo-otel.schema.json";

/// The runtime configuration of a spec.
pub(crate) fn config(loaded: &LoadedSpec, header: &str) -> Result<RuntimeConfig, Diagnostic> {
    let telemetry = &loaded.spec.telemetry;
    Ok(RuntimeConfig {
        comment: header.to_owned(),
        format: RUNTIME_FORMAT,
        service: loaded.spec.service.name.clone(),
        selector: telemetry.selector.clone(),
        profile: telemetry.profile,
        naming: telemetry.naming,
        histograms: telemetry.histograms,
        cost_metric: telemetry.cost_metric.clone(),
        attributes: telemetry.attributes.clone(),
        duration_buckets: telemetry.duration_buckets(),
        token_buckets: TOKEN_BUCKETS.to_vec(),
        score_buckets: loaded.spec.score_buckets(),
        pricing: crate::pricing::tables::price_table(&loaded.spec, &loaded.prices, header)?,
        max_tokens_per_call: telemetry.max_tokens_per_call,
    })
}

/// The configuration file and its schema.
pub(crate) fn generate(
    loaded: &LoadedSpec,
    header: &str,
) -> Result<Vec<GeneratedFile>, Diagnostic> {
    Ok(vec![
        crate::output::json_file(RUNTIME_CONFIG, &config(loaded, header)?)?,
        crate::output::schema_file(
            RUNTIME_SCHEMA,
            schemars::schema_for!(RuntimeConfig),
            Some("llm-slo-otel runtime configuration"),
            "llm-slo generate",
        ),
    ])
}
