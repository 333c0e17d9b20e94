//! Prices: catalogs (shipped under `pricing/`, imported, or given with `--pricing`), their
//! checks, and the tables generated from a spec.
//!
//! The price *model* and cost *engine* live in `llm_slo_core::pricing`, shared with the
//! runtime; this module reads catalogs and writes tables.

pub(crate) mod audit;
pub(crate) mod calc;
pub(crate) mod catalog;
pub(crate) mod import;
pub(crate) mod resolve;
pub(crate) mod tables;

pub(crate) use resolve::resolve;
