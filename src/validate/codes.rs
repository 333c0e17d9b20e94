//! Diagnostic codes of rule files and inputs, as promtool validates them.
//!
//! The PromQL checks have their codes in `promql::lints`, one file each.

use crate::diagnostics::Code;

/// `rules/unknown-field` (error): a field that Prometheus rule files do not have. promtool
/// rejects it (`field X not found in type rulefmt.RuleNode`).
///
/// Example: `summary:` directly on a rule instead of under `annotations:`.
pub(crate) const UNKNOWN_FIELD: Code = Code("rules/unknown-field");

/// `rules/group-name` (error): a group without a name, or a name repeated in one file.
pub(crate) const GROUP_NAME: Code = Code("rules/group-name");

/// `rules/record-or-alert` (error): a rule with both `record` and `alert`, or neither.
pub(crate) const RECORD_OR_ALERT: Code = Code("rules/record-or-alert");

/// `rules/missing-expr` (error): a rule without `expr`.
pub(crate) const MISSING_EXPR: Code = Code("rules/missing-expr");

/// `rules/recording-field` (error): `for`, `keep_firing_for` or `annotations` on a recording
/// rule, where Prometheus does not allow them.
pub(crate) const RECORDING_FIELD: Code = Code("rules/recording-field");

/// `rules/invalid-name` (error): a recording rule name that is not a valid metric name
/// (`level:metric:operations`, `[a-zA-Z_:][a-zA-Z0-9_:]*` before Prometheus 3).
pub(crate) const INVALID_NAME: Code = Code("rules/invalid-name");

/// `rules/invalid-label` (error): a label or annotation name Prometheus rejects (`__name__`,
/// or not `[a-zA-Z_][a-zA-Z0-9_]*` before Prometheus 3).
pub(crate) const INVALID_LABEL: Code = Code("rules/invalid-label");

/// `rules/invalid-value` (error): a field of the wrong type: a `for` that is not a duration,
/// a `rules` that is not a list.
pub(crate) const INVALID_VALUE: Code = Code("rules/invalid-value");

/// `rules/template` (error): an alert label or annotation that is not a valid Go template,
/// or calls a function Prometheus does not define. promtool rejects the file.
///
/// Example: `summary: "{{ $value | humanizePercent }}"` — the function is
/// `humanizePercentage`.
pub(crate) const TEMPLATE: Code = Code("rules/template");

/// `rules/duplicate` (warning): two rules with the same name and labels in one file, as
/// `promtool check rules --lint=duplicate-rules` reports. Two recording rules write the same
/// series and overwrite each other; two alerts are indistinguishable in Alertmanager.
pub(crate) const DUPLICATE: Code = Code("rules/duplicate");

/// `validate/unknown-input` (error): a file given on the command line that is none of a
/// Prometheus rule file, a PrometheusRule manifest, a Grafana dashboard or an llm-slo spec.
pub(crate) const UNKNOWN_INPUT: Code = Code("validate/unknown-input");

/// `grafana/alert-rule` (error): a Grafana alert provisioning file that Grafana would not
/// load: a group without `name` or `folder`, a rule without `title`, `condition` or `data`,
/// a `condition` that names no query's `refId`, a `for` or `interval` that is not a
/// duration, or a `noDataState`/`execErrState` Grafana does not know.
///
/// Example: `condition: C` in a rule whose queries are `A` and `B`.
pub(crate) const GRAFANA_ALERT_RULE: Code = Code("grafana/alert-rule");

/// `validate/skipped` (info): a file found in a folder that is not read: not one of the
/// known inputs, not UTF-8, larger than 32 MiB or a dangling link. Named explicitly, the
/// same file is `validate/unknown-input`. Never fails a run.
pub(crate) const SKIPPED: Code = Code("validate/skipped");

/// `contract/detected` (info): without a spec or `--profile`/`--naming`/`--histograms`, the
/// contract a file was found to be written for (by the series names it uses), which it is
/// then checked against.
pub(crate) const DETECTED: Code = Code("contract/detected");

/// `contract/mixed` (warning): a file whose series names fit no single contract but two:
/// queries written for two profiles or naming strategies (`gen_ai_client_token_usage_sum`
/// beside `gen_ai_client_inference_usage_input_tokens_total`). An application emits one of
/// them, so the other half of the file shows nothing.
pub(crate) const MIXED: Code = Code("contract/mixed");
