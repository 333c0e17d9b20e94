//! The parts of llm-slo that the generator and the runtime crate must agree on.
//!
//! * [`contract`]: which OpenTelemetry GenAI instruments an application emits (per semantic
//!   convention profile) and the exact Prometheus series and label names they become under
//!   each OTLP-to-Prometheus naming strategy.
//! * [`pricing`]: the price model (USD per million tokens, exact decimals) that the generator
//!   publishes and the runtime uses to compute cost.
//! * [`runtime`]: the runtime configuration the generator writes and the runtime loads.
//!
//! This crate has no generator dependencies (no YAML, no templates, no PromQL parser), so the
//! runtime links only what it needs.

pub mod contract;
pub mod pricing;
pub mod runtime;
