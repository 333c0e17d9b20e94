//! Diagnostic codes of rule files and inputs, as promtool validates them, by the names the
//! validator uses. Each is declared and documented in the registry (`diagnostics::codes`),
//! which `llm-slo explain` prints; the PromQL checks name theirs in `promql::lints`.

use crate::diagnostics::Code;

pub(crate) const UNKNOWN_FIELD: Code = crate::diagnostics::codes::rules::UNKNOWN_FIELD;

pub(crate) const GROUP_NAME: Code = crate::diagnostics::codes::rules::GROUP_NAME;

pub(crate) const RECORD_OR_ALERT: Code = crate::diagnostics::codes::rules::RECORD_OR_ALERT;

pub(crate) const MISSING_EXPR: Code = crate::diagnostics::codes::rules::MISSING_EXPR;

pub(crate) const RECORDING_FIELD: Code = crate::diagnostics::codes::rules::RECORDING_FIELD;

pub(crate) const INVALID_NAME: Code = crate::diagnostics::codes::rules::INVALID_NAME;

pub(crate) const INVALID_LABEL: Code = crate::diagnostics::codes::rules::INVALID_LABEL;

pub(crate) const INVALID_VALUE: Code = crate::diagnostics::codes::rules::INVALID_VALUE;

pub(crate) const TEMPLATE: Code = crate::diagnostics::codes::rules::TEMPLATE;

pub(crate) const DUPLICATE: Code = crate::diagnostics::codes::rules::DUPLICATE;

pub(crate) const UNKNOWN_INPUT: Code = crate::diagnostics::codes::validate::UNKNOWN_INPUT;

pub(crate) const GRAFANA_ALERT_RULE: Code = crate::diagnostics::codes::grafana::ALERT_RULE;

pub(crate) const SKIPPED: Code = crate::diagnostics::codes::validate::SKIPPED;

pub(crate) const DETECTED: Code = crate::diagnostics::codes::contract::DETECTED;

pub(crate) const MIXED: Code = crate::diagnostics::codes::contract::MIXED;
