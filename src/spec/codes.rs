//! Diagnostic codes of the spec checks, by the names the checks use. Each is declared and
//! documented in the registry (`diagnostics::codes`), which `llm-slo explain` prints.

use crate::diagnostics::Code;

pub(crate) const VERSION: Code = crate::diagnostics::codes::spec::VERSION;
pub(crate) const OBJECTIVE_RANGE: Code = crate::diagnostics::codes::spec::OBJECTIVE_RANGE;
pub(crate) const OUT_OF_RANGE: Code = crate::diagnostics::codes::spec::OUT_OF_RANGE;
pub(crate) const DUPLICATE_NAME: Code = crate::diagnostics::codes::spec::DUPLICATE_NAME;
pub(crate) const INVALID_NAME: Code = crate::diagnostics::codes::spec::INVALID_NAME;
pub(crate) const INVALID_LABEL: Code = crate::diagnostics::codes::spec::INVALID_LABEL;
pub(crate) const UNKNOWN_MODEL: Code = crate::diagnostics::codes::spec::UNKNOWN_MODEL;
pub(crate) const UNKNOWN_PROVIDER: Code = crate::diagnostics::codes::spec::UNKNOWN_PROVIDER;
pub(crate) const UNKNOWN_CATALOG: Code = crate::diagnostics::codes::spec::UNKNOWN_CATALOG;
pub(crate) const UNKNOWN_DIMENSION: Code = crate::diagnostics::codes::spec::UNKNOWN_DIMENSION;
pub(crate) const THRESHOLD_NOT_ON_BUCKET: Code =
    crate::diagnostics::codes::spec::THRESHOLD_NOT_ON_BUCKET;
pub(crate) const WINDOW_PLACEHOLDER: Code = crate::diagnostics::codes::spec::WINDOW_PLACEHOLDER;
pub(crate) const UNSUPPORTED: Code = crate::diagnostics::codes::spec::UNSUPPORTED;
pub(crate) const DUPLICATE_ENTRY: Code = crate::diagnostics::codes::spec::DUPLICATE_ENTRY;
pub(crate) const UNKNOWN_TEMPLATE: Code = crate::diagnostics::codes::spec::UNKNOWN_TEMPLATE;
pub(crate) const TEMPLATES_WITHOUT_FILE: Code =
    crate::diagnostics::codes::spec::TEMPLATES_WITHOUT_FILE;

pub(crate) const TEMPLATES_NOT_FOUND: Code = crate::diagnostics::codes::spec::TEMPLATES_NOT_FOUND;
pub(crate) const UNREACHABLE_TIER: Code = crate::diagnostics::codes::spec::UNREACHABLE_TIER;
pub(crate) const BUDGET_TOO_SMALL: Code = crate::diagnostics::codes::spec::BUDGET_TOO_SMALL;
pub(crate) const QUANTILE_RANGE: Code = crate::diagnostics::codes::spec::QUANTILE_RANGE;
pub(crate) const REDUNDANT_BY: Code = crate::diagnostics::codes::spec::REDUNDANT_BY;
pub(crate) const MODEL_RETIRING: Code = crate::diagnostics::codes::spec::MODEL_RETIRING;
