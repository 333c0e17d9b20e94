//! The leaf layer: value types every other layer shares and that know nothing of specs,
//! rules or PromQL.
//!
//! * [`position`]: positions and spans in a source text, and the line index that finds them;
//! * [`duration`]: Prometheus durations;
//! * [`money`]: exact amounts of US dollars;
//! * [`suggest`]: "did you mean" suggestions;
//! * [`json`]: deterministic JSON, keys sorted by our writer.

pub(crate) mod duration;
pub(crate) mod json;
pub(crate) mod money;
pub(crate) mod position;
pub(crate) mod suggest;

pub use duration::Duration;
pub use money::Usd;
pub(crate) use position::{LineIndex, Pos, Span};
