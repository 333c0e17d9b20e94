//! Diagnostic codes of reading YAML into typed values (specs, catalogs, rule files), by the
//! names the readers use. Each is declared and documented in the registry
//! (`diagnostics::codes`), which `llm-slo explain` prints.

use crate::diagnostics::Code;

pub(crate) const SYNTAX: Code = crate::diagnostics::codes::yaml::SYNTAX;
pub(crate) const DUPLICATE_KEY: Code = crate::diagnostics::codes::yaml::DUPLICATE_KEY;
pub(crate) const TOO_DEEP: Code = crate::diagnostics::codes::yaml::TOO_DEEP;
pub(crate) const TOO_LARGE: Code = crate::diagnostics::codes::yaml::TOO_LARGE;
pub(crate) const UNSUPPORTED_TAG: Code = crate::diagnostics::codes::yaml::UNSUPPORTED_TAG;
pub(crate) const NOT_UTF8: Code = crate::diagnostics::codes::yaml::NOT_UTF8;
pub(crate) const MULTIPLE_DOCUMENTS: Code = crate::diagnostics::codes::yaml::MULTIPLE_DOCUMENTS;

pub(crate) const EMPTY: Code = crate::diagnostics::codes::yaml::EMPTY;

pub(crate) const UNKNOWN_FIELD: Code = crate::diagnostics::codes::schema::UNKNOWN_FIELD;
pub(crate) const MISSING_FIELD: Code = crate::diagnostics::codes::schema::MISSING_FIELD;
pub(crate) const UNKNOWN_VALUE: Code = crate::diagnostics::codes::schema::UNKNOWN_VALUE;
pub(crate) const INVALID_VALUE: Code = crate::diagnostics::codes::schema::INVALID_VALUE;
