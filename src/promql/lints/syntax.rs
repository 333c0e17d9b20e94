//! Codes of what Prometheus itself rejects (syntax, types, version differences) and of
//! what is beyond our own limits.

use crate::diagnostics::Code;

/// `promql/syntax` (error): the expression does not parse, as Prometheus's parser reports it
/// (promtool prints the same message at the same line and column).
///
/// Why: Prometheus refuses to load a rule file with such an expression.
///
/// Example: `histogram_quantile(0.99, rate(x_bucket[5m])) by (model)` — `by` cannot follow
/// a function call: `unexpected <by>`.
pub(crate) const SYNTAX: Code = Code("promql/syntax");

/// `promql/type` (error): the expression parses, but its types do not fit, as Prometheus's
/// type check reports it.
///
/// Why: Prometheus refuses such rules too.
///
/// Example: `rate(http_requests_total)` — `rate` needs a range vector:
/// `expected type range vector in call to function "rate", got instant vector`.
pub(crate) const TYPE: Code = Code("promql/type");

/// `promql/dialect` (error): the expression needs another Prometheus version than the
/// target (`--target`), or a feature flag: quoted UTF-8 names, numbers as durations,
/// functions added, removed or experimental.
///
/// Why: the target Prometheus would refuse it, while another would not — the message says
/// which.
///
/// Example with `--target prometheus-2`: `{"gen_ai.client.cost_total"}` — quoted UTF-8 names
/// need Prometheus 3. With `--target prometheus-3`: `holt_winters(x[5m], 0.5, 0.5)` — removed
/// in Prometheus 3.
pub(crate) const DIALECT: Code = Code("promql/dialect");

/// `promql/too-complex` (warning): the expression is longer (64 KiB by default) or nests
/// deeper (128 levels) than llm-slo checks, so it was not checked. Prometheus has no such
/// limits and may accept it; the limits keep hostile input cheap.
///
/// How to fix: raise them (`validate --max-nesting 256 --max-expression-bytes 262144`), or
/// split the expression into recording rules, which is easier to read anyway.
pub(crate) const TOO_COMPLEX: Code = Code("promql/too-complex");
