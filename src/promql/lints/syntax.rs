//! Codes of what Prometheus itself rejects (syntax, types, version differences) and of
//! what is beyond our own limits.

use crate::diagnostics::Code;

/// `promql/syntax`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const SYNTAX: Code = crate::diagnostics::codes::promql::SYNTAX;

/// `promql/type`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const TYPE: Code = crate::diagnostics::codes::promql::TYPE;

/// `promql/dialect`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const DIALECT: Code = crate::diagnostics::codes::promql::DIALECT;

/// `promql/too-complex`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const TOO_COMPLEX: Code = crate::diagnostics::codes::promql::TOO_COMPLEX;
