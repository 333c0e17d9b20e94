//! llm-slo: from one spec — the LLM models a service calls, their prices, and the objectives
//! and budgets it promises — generate Prometheus rules, pricing tables and the JSON Schema
//! of the spec, and keep them checked.
//!
//! The library does everything in memory; the `llm-slo` binary is a thin layer over it.
//!
//! ```
//! let text = r#"
//! version: 1
//! service: { name: support-assistant }
//! pricing:
//!   models:
//!     - { provider: anthropic, model: claude-sonnet-4-5 }
//! alerts:
//!   latency: { above: 10s }
//! "#;
//! let spec = llm_slo::load_str("llm-slo.yaml", text).expect("a valid spec");
//! let files = llm_slo::generate(&spec).expect("generation succeeds");
//! let rules = files
//!     .iter()
//!     .find(|f| f.path == "prometheus/llm-slo.rules.yml")
//!     .expect("a rule file");
//! let rules = String::from_utf8_lossy(&rules.contents);
//! assert!(rules.contains("alert: LLMHighLatency"));
//! assert!(rules.contains("gen_ai_client_operation_duration_seconds_bucket"));
//!
//! // Invalid specs give positioned diagnostics, never a panic.
//! let report = llm_slo::load_str("llm-slo.yaml", "version: 1\nservice: {name: x}\npricing: {models: []}\nslos: [{name: a, sli: {availability: {}}, objective: 100}]\n")
//!     .unwrap_err();
//! assert!(report.to_human().contains("llm-slo.yaml:4:"));
//! ```

pub mod base;
pub mod cli;
pub mod dashboards;
pub mod diagnostics;
pub mod load;
pub mod output;
pub mod pricing;
pub mod promql;
pub mod queries;
pub mod rules;
pub mod runtime;
pub mod spec;
pub mod validate;
pub mod yaml;

use std::path::Path;

pub use diagnostics::{Diagnostic, Report, Severity};
pub use load::{LoadError, LoadedSpec};
pub use output::GeneratedFile;
pub use spec::Spec;

/// Path of the spec's JSON Schema inside the output folder.
pub const SCHEMA_FILE: &str = "llm-slo.schema.json";

/// Loads and checks a spec from a file.
pub fn load(path: &Path) -> Result<LoadedSpec, LoadError> {
    LoadedSpec::from_path(path)
}

/// Loads and checks a spec from text; `file` names it in diagnostics.
pub fn load_str(file: &str, text: &str) -> Result<LoadedSpec, Report> {
    LoadedSpec::from_bytes(file, text.as_bytes())
}

/// The JSON Schema of the spec, as written to `llm-slo.schema.json` and printed by
/// `llm-slo schema`.
pub fn schema_json() -> Vec<u8> {
    output::schema_bytes(spec::json_schema(), None, "llm-slo schema")
}

/// Generates every output of a spec in memory, sorted by path. Writes nothing.
pub fn generate(loaded: &LoadedSpec) -> Result<Vec<GeneratedFile>, Report> {
    let header = output::header(loaded.source_name());
    let mut files = vec![GeneratedFile::new(SCHEMA_FILE, schema_json())];
    files.extend(rules::generate(loaded, &header)?);
    files.extend(dashboards::generate(loaded, &header)?);
    files.extend(runtime::generate(loaded, &header)?);
    files.extend(pricing::tables::generate(
        &loaded.spec,
        &loaded.prices,
        &header,
    )?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
