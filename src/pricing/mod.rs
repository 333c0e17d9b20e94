//! Prices: catalogs (shipped under `pricing/`, imported, or given with `--pricing`), their
//! checks, and the tables generated from a spec.
//!
//! The price *model* and cost *engine* live in `llm_slo_core::pricing`, shared with the
//! runtime; this module reads catalogs and writes tables.

pub mod audit;
pub mod calc;
pub mod catalog;
pub mod import;
pub mod resolve;
pub mod tables;

pub use resolve::resolve;
