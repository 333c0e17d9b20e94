//! The leaf layer: value types every other layer shares and that know nothing of specs,
//! rules or PromQL.
//!
//! * [`position`]: positions and spans in a source text, and the line index that finds them;
//! * [`duration`]: Prometheus durations;
//! * [`money`]: exact amounts of US dollars;
//! * [`suggest`]: "did you mean" suggestions;
//! * [`json`]: deterministic JSON, keys sorted by our writer.

pub mod duration;
pub mod json;
pub mod money;
pub mod position;
pub mod suggest;

pub use duration::Duration;
pub use money::Usd;
pub use position::{LineIndex, Pos, Span};
