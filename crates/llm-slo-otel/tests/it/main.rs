//! The runtime crate's integration tests, as one binary: the exposition has exactly the
//! contract's series for every profile and naming strategy, no call is silently
//! undercounted, and the README's example is the example file and runs.

mod agents;
mod contract;
mod readme;
mod spans_in;
mod streaming;
mod undercounts;
