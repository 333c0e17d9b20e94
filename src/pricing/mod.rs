//! Prices: the shipped catalogs and the tables generated from a spec.
//!
//! The price *model* (rates, tiers, the table the runtime loads) lives in
//! `llm_slo_core::pricing`, shared with the runtime; this module reads catalogs and writes
//! tables.

pub mod catalog;
pub mod tables;
