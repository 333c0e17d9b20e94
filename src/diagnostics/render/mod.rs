//! Renderers: one per output format.

pub mod human;
