//! YAML with positions.
//!
//! Everything llm-slo reads as YAML (the spec, the price catalogs, rule files) goes through
//! [`parse`], which builds a [`Node`] tree from `granit-parser` events. Each node keeps its
//! byte span, line and column, and scalar style, so that:
//!
//! * every diagnostic — syntax, type, unknown field, semantic — points at its value;
//! * a column inside a PromQL expression can be mapped back through plain, quoted and block
//!   scalars;
//! * all type errors of a document are collected, not only the first, and the value read
//!   without the bad entries is kept for the semantic checks (see [`de::from_node_partial`]).
//!
//! The tree is also where limits live: nesting depth (parser), the number of nodes an
//! alias may expand to (alias bombs), and duplicate keys (an error, as YAML requires).
//!
//! Strict JSON takes a faster path to the same tree (`json`).
//!
//! [`emit`] writes YAML back out for generated files.

pub(crate) mod codes;
pub(crate) mod de;
pub(crate) mod emit;
mod json;
pub(crate) mod load;
mod scalar;
mod tree;
mod value_map;

pub(crate) use scalar::{ScalarStyle, ScalarType};
pub(crate) use tree::{
    Document, Limits, Node, NodeKind, Parsed, Path, PathSegment, parse, yaml_path,
};
pub(crate) use value_map::ValueMap;
