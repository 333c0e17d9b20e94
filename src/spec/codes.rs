//! Diagnostic codes of the spec checks.
//!
//! Each constant is a stable code: scripts may match on it. The doc comment says what it
//! means and how to fix it.

use crate::diagnostics::Code;

/// `version` is missing or not `1`, the only format this release reads.
pub(crate) const VERSION: Code = Code("spec/version");
/// An SLO objective outside (0, 100). 100 leaves no error budget; 0 promises nothing.
pub(crate) const OBJECTIVE_RANGE: Code = Code("spec/objective-range");
/// A number outside its range: a quantile or ratio outside (0, 1), a limit that is not
/// positive, a zero duration.
pub(crate) const OUT_OF_RANGE: Code = Code("spec/out-of-range");
/// Two SLOs, budgets or alerts share a name; names become rule and alert names and must be
/// unique.
pub(crate) const DUPLICATE_NAME: Code = Code("spec/duplicate-name");
/// A name that cannot be used where it goes: a service, SLO or budget name outside
/// `[A-Za-z0-9_.-]`, an alert name that is not `[A-Za-z][A-Za-z0-9_]*`.
pub(crate) const INVALID_NAME: Code = Code("spec/invalid-name");
/// A label name that Prometheus rejects (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`).
pub(crate) const INVALID_LABEL: Code = Code("spec/invalid-label");
/// A model that no catalog or override prices. Every model needs a price, or cost would
/// silently be zero.
pub(crate) const UNKNOWN_MODEL: Code = Code("spec/unknown-model");
/// A provider that no catalog or override knows.
pub(crate) const UNKNOWN_PROVIDER: Code = Code("spec/unknown-provider");
/// A shipped catalog name that does not exist.
pub(crate) const UNKNOWN_CATALOG: Code = Code("spec/unknown-catalog");
/// A dimension in `by` or `filter` that is neither a GenAI attribute nor one of
/// `telemetry.attributes`.
pub(crate) const UNKNOWN_DIMENSION: Code = Code("spec/unknown-dimension");
/// A latency threshold that is not a bucket boundary of the duration histogram: the
/// fraction of calls under it cannot be computed exactly from buckets.
pub(crate) const THRESHOLD_NOT_ON_BUCKET: Code = Code("spec/threshold-not-on-bucket");
/// An event SLI query without the `{{ window }}` placeholder: every burn-rate window would
/// compute the same ratio.
pub(crate) const WINDOW_PLACEHOLDER: Code = Code("spec/window-placeholder");
/// Something the spec asks for that this profile or configuration cannot provide.
pub(crate) const UNSUPPORTED: Code = Code("spec/unsupported");
/// A model or dimension listed twice.
pub(crate) const DUPLICATE_ENTRY: Code = Code("spec/duplicate-entry");
/// A file in the spec's template folder that replaces no shipped template (a typo would
/// otherwise be silently ignored).
pub(crate) const UNKNOWN_TEMPLATE: Code = Code("spec/unknown-template");
/// `templates:` in a spec loaded from text or from a value: only a spec loaded from a file
/// has a folder to find its templates in.
pub(crate) const TEMPLATES_WITHOUT_FILE: Code = Code("spec/templates-without-file");

/// `templates:` names a folder that does not exist beside the spec.
pub(crate) const TEMPLATES_NOT_FOUND: Code = Code("spec/templates-not-found");
/// A burn-rate tier that can never fire: its threshold (factor × error budget) needs more
/// than every event to fail, e.g. the 14.4× page tier of a 90 % objective.
pub(crate) const UNREACHABLE_TIER: Code = Code("spec/unreachable-tier");
/// An error budget shorter than the scrape interval: a single bad scrape spends it all.
pub(crate) const BUDGET_TOO_SMALL: Code = Code("spec/budget-too-small");
/// A quantile outside (0, 1).
pub(crate) const QUANTILE_RANGE: Code = Code("spec/quantile-range");
/// A `by` dimension that the same entry's `filter` fixes to one value: the split gives one
/// objective, which is probably not what was meant.
pub(crate) const REDUNDANT_BY: Code = Code("spec/redundant-by");
/// A model the provider has retired, or retires within 30 days: calls to it will fail, and
/// its SLOs and budgets with them.
pub(crate) const MODEL_RETIRING: Code = Code("spec/model-retiring");
