//! The integration tests, as one binary so a change links once: CLI tests through the built
//! binary, snapshots of every generated artefact and rendered diagnostic, promtool and a real
//! Prometheus as oracles, genai-prices as the pricing oracle, hostile inputs, the runtime
//! against the rules, and the library's layers.

mod burn_rate;
mod catalog;
mod checks;
mod cli;
mod codes;
mod common;
mod dashboards;
mod deployments;
mod end_to_end;
mod export_paths;
mod generated;
mod hostile;
mod import;
mod inputs;
mod integrations;
mod layers;
mod live_prometheus;
mod price;
mod pricing_import;
mod pricing_oracle;
mod profiles;
mod prometheus_reference;
mod promql_promtool;
mod promtool;
mod properties;
mod quality;
mod readme;
mod readme_commands;
mod runtime;
mod spec_diagnostics;
mod suppress;
mod validate;
