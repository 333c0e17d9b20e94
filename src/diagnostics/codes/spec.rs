//! `spec/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    VERSION {
        id: "spec/version",
        severity: Error,
        since: "0.1.0",
        summary: r#"`version` is missing or not `1`, the only format this release reads."#,
        doc: r#"When the version is wrong, only the version is reported: another version may have
another shape.

Why: the spec format may change between releases; reading a spec written for another
version as version 1 could misread it in silence.

Example: `version: 99`, or a spec that starts with `service:` and has no `version`.

How to fix: write `version: 1` as the first line; a spec written for a newer release
needs that release of llm-slo."#,
    }
    OBJECTIVE_RANGE {
        id: "spec/objective-range",
        severity: Error,
        since: "0.1.0",
        summary: r#"An SLO objective outside (0, 100)."#,
        doc: r#"The objective is a percentage of good events; the error budget is what is left of 100.

Why: 100 leaves no error budget, so every single failure would page; 0 promises nothing,
and above 100 can never be met.

Example: `objective: 100`, or `objective: 101`.

How to fix: write the objective as a percentage strictly between 0 and 100, e.g. `99.9`
(not `0.999`, which would mean 0.999 %)."#,
    }
    OUT_OF_RANGE {
        id: "spec/out-of-range",
        severity: Error,
        since: "0.1.0",
        summary: r#"A value outside its range: a quantile or ratio outside (0, 1), an amount or count that is not positive, a zero duration, an empty list or text, a dashboard setting Grafana cannot take."#,
        doc: r#"Checked: alert quantiles, `error_ratio.above` and `cache_hit_ratio.below` in (0, 1);
budget `limit`, `spend.per_hour_above` and `recording.cardinality` above 0; `window`,
`scrape_interval`, `above` and `for` longer than 0s; `telemetry.duration_buckets`
non-empty, positive and ascending; at least one model in `pricing.models` and one price
per override; a non-empty `severity` and `outputs.dir`; `dashboards.schema_version` from
36 to 42 and a `time_from` relative to now; a quality SLI's `evaluation` and `above`, a
quality drop's positive `drop` and `min_scores`, a runaway-agent bound and an agent cost
above 0, `unpriced_calls.above` in [0, 1), `dashboards.compare.min_samples` above 0. An
alert's or the recording rules' `window` shorter than four scrape intervals, a quality
baseline shorter than its window and a runaway bound the calls histogram cannot exceed are
reported under this code as warnings.

Why: such a value gives rules that can never fire or that compute nothing useful (an
error ratio above 5 is never reached), or files Prometheus and Grafana refuse; a window
under four scrapes leaves `rate` with gaps.

Example: `latency: { quantile: 95, above: 10s }` (0.95 is the 95th percentile), or
`error_ratio: { above: 5 }` (0.05 means 5 % of calls fail).

How to fix: bring the value into the range the message gives; quantiles and ratios are
fractions, not percentages."#,
    }
    DUPLICATE_NAME {
        id: "spec/duplicate-name",
        severity: Error,
        since: "0.1.0",
        summary: r#"Two SLOs, budgets or custom alerts share a name; names become rule group names, labels and alert names and must be unique."#,
        doc: r#"Why: an SLO's name is its rule group (`<service>-llm-slo-<name>`) and its `slo` label, a
budget's its `budget` label: two of one name write the same series, which overwrite each
other, and promtool refuses a file with a group name twice. Two custom alerts of one name
cannot be told apart in Alertmanager.

Example: two entries of `slos` that are both `name: availability`.

How to fix: give each SLO, each budget and each custom alert a unique name."#,
    }
    INVALID_NAME {
        id: "spec/invalid-name",
        severity: Error,
        since: "0.1.0",
        summary: r#"A name that cannot be used where it goes: a service, SLO or budget name outside `[A-Za-z0-9_.-]` (starting with a letter or digit, at most 100 characters), a custom alert name that is not `[A-Za-z][A-Za-z0-9_]*`, an empty attribute name or one with spaces."#,
        doc: r#"Why: names end up in rule group names, label values, alert names, the Kubernetes
resource name and the dashboards' uids; a space, a slash or a quote breaks some of them.

Example: `service: { name: support assistant }`, or a custom alert
`name: llm-queue-backlog` (an alert name has no `-`).

How to fix: use letters, digits, `-`, `_` and `.` (`support-assistant`); alert names are
a letter followed by letters, digits and `_` (`LLMQueueBacklog`)."#,
    }
    INVALID_LABEL {
        id: "spec/invalid-label",
        severity: Error,
        since: "0.1.0",
        summary: r#"A label name that Prometheus rejects (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`), or one that the generated rules set themselves."#,
        doc: r#"Checked in `service.labels`, `telemetry.selector`, the SLOs' `alerting.labels`, the custom
alerts' `labels` and the `by` of event SLIs. A service label or an SLO's `by` that the
generated rules also set (`service`, `severity`, `slo`, `tier`, `window`, `budget`,
`period`, `quantile`, `le`, `alertname`; for a service label, also a dimension the
recording rules keep) is reported too.

Why: Prometheus 2 refuses such a label name (Prometheus 3 needs it quoted in every
query), and names starting with `__` are reserved for Prometheus itself; a label the rules
set as well keeps only one of its two values.

Example: `labels: { 1team: x, __owner: y }`, `selector: { job-name: x }`, or
`labels: { tier: gold }` in `service` (`tier` is the burn-rate tier).

How to fix: rename the label: `team`, `owner`, `job_name`, `service_tier`."#,
    }
    UNKNOWN_MODEL {
        id: "spec/unknown-model",
        severity: Error,
        since: "0.1.0",
        summary: r#"A model that no catalog or override prices, or a `filter` on a model that `pricing.models` does not list."#,
        doc: r#"Models are matched by id, alias or dated snapshot in the shipped catalogs that
`pricing.catalogs` selects (all of them by default).

Why: every model needs a price, or its cost would silently be zero in the estimated spend,
the budgets and the price tables. A filter on a model the spec does not list is usually a
typo, and then selects nothing.

Example: `- { provider: anthropic, model: claude-sonet-4-5 }`, or
`- { provider: openai, model: my-fine-tune }`.

How to fix: correct the id as the help suggests, or price the model in
`pricing.overrides` (USD per million tokens by unit: `input`, `output`, …); for a filter,
list the model in `pricing.models` or correct the filter."#,
    }
    UNKNOWN_PROVIDER {
        id: "spec/unknown-provider",
        severity: Error,
        since: "0.1.0",
        summary: r#"A provider that no selected catalog or override knows, or a `filter` on a provider that has no model in `pricing.models`."#,
        doc: r#"Providers are named as OpenTelemetry's `gen_ai.provider.name` values: `anthropic`,
`openai`, `gcp.gemini`, `aws.bedrock`, `gcp.vertex_ai`, `azure.ai.openai` (and their
aliases).

Why: a model cannot be priced without its provider's catalog, and a filter on a provider
the spec does not list is usually a typo, and then selects nothing.

Example: `- { provider: antropic, model: claude-haiku-4-5 }`, or
`filter: { provider: azure.ai.openai }` when every model is `openai`'s.

How to fix: correct the name as the help suggests, add the provider's catalog to
`pricing.catalogs`, or price its models in `pricing.overrides`."#,
    }
    UNKNOWN_CATALOG {
        id: "spec/unknown-catalog",
        severity: Error,
        since: "0.1.0",
        summary: r#"A name in `pricing.catalogs` that no shipped catalog has."#,
        doc: r#"Why: the catalogs listed restrict where models are looked up; a misspelled one would
leave its provider's models unpriced.

Example: `pricing: { catalogs: [anthropic, openia] }`.

How to fix: use a shipped catalog's name: `anthropic`, `openai`, `gcp.gemini`,
`aws.bedrock`, `gcp.vertex_ai`, `azure.ai.openai`; or drop `catalogs` to use them all."#,
    }
    UNKNOWN_DIMENSION {
        id: "spec/unknown-dimension",
        severity: Error,
        since: "0.1.0",
        summary: r#"A dimension in `by`, `filter` or `recording.cardinality` that is neither a GenAI attribute nor one of `telemetry.attributes`."#,
        doc: r#"Dimensions are `provider`, `model`, `response_model`, `operation`, `server`,
`error_type`, a GenAI attribute name, or one of `telemetry.attributes`.

Why: a dimension becomes a label in the generated queries; one the series do not carry
groups every series into one (in `by`) or selects nothing (in `filter`).

Example: `latency: { above: 10s, by: [modle, feature] }`, or
`error_ratio: { above: 0.05, filter: { featur: chat } }`.

How to fix: correct the name as the help suggests, or declare the application's own
attribute in `telemetry.attributes`."#,
    }
    THRESHOLD_NOT_ON_BUCKET {
        id: "spec/threshold-not-on-bucket",
        severity: Error,
        since: "0.1.0",
        summary: r#"A latency or time-to-first-chunk threshold that is not a bucket boundary of the duration histogram: the fraction of calls under it cannot be computed exactly from buckets."#,
        doc: r#"Why: the SLI counts the calls in the bucket whose `le` is the threshold; with no bucket
there, the SLO's series would not exist and its burn-rate alerts would never fire (only
`LLMSLOMissingData` would say so).

Example: `sli: { latency: { threshold: 10s } }` with the default buckets (…, 5.12, 10.24,
…).

How to fix: use a boundary the help names (`5.12s` or `10.24s`), or, when the
application's histogram has other boundaries, list them in `telemetry.duration_buckets`."#,
    }
    WINDOW_PLACEHOLDER {
        id: "spec/window-placeholder",
        severity: Warning,
        since: "0.1.0",
        summary: r#"An event SLI query without the `{{ window }}` placeholder: every burn-rate window would compute the same ratio."#,
        doc: r#"Why: llm-slo writes each window the burn-rate alerts use (5m, 30m, 1h, 6h, …) into
`{{ window }}`. With a fixed range the long and the short windows compute one and the
same ratio, so the multi-window alerts lose their long window and page on a short spike;
with one side fixed, the ratio divides rates over two different windows.

Example: `total: sum(rate(http_requests_total[5m]))` in `sli.events`.

How to fix: write the range as `[{{ window }}]`, in both `errors` and `total`:
`sum(rate(http_requests_total[{{ window }}]))`."#,
    }
    UNSUPPORTED {
        id: "spec/unsupported",
        severity: Error,
        since: "0.1.0",
        summary: r#"Something the spec asks for that its telemetry profile or its recording rules cannot provide."#,
        doc: r#"A `cache_hit_ratio` alert on a profile without cache-read counters, a
`time_to_first_chunk` alert on one without that histogram, a profile that records no
request model (`openllmetry`), an estimated budget split or filtered by a dimension that
`recording.by` drops; and, as a warning, `cost: exact` on a profile without a cost metric
(spend is then estimated from tokens and prices).

Why: the generated rules would read series or labels that do not exist, so they would
record nothing and their alerts would never fire.

Example: `alerts: { cache_hit_ratio: { below: 0.2 } }` with the `genai-v1.41` profile, or
a budget with `by: [tenant], cost: estimated` when `recording.by` has no `tenant`.

How to fix: as the help says: a profile that has the signal (`genai-latest` counts cache
reads), the dimension added to `recording.by`, `cost: estimated` (or `auto`), or the
entry removed."#,
    }
    DUPLICATE_ENTRY {
        id: "spec/duplicate-entry",
        severity: Error,
        since: "0.1.0",
        summary: r#"A model, telemetry attribute or rule format listed twice, or a GenAI attribute listed in `telemetry.attributes`."#,
        doc: r#"Why: the second entry adds nothing and is often a typo for another one (another model,
another provider); `telemetry.attributes` lists only the application's extra attributes,
the profile declares the GenAI ones already.

Example: `- { provider: openai, model: gpt-4o }` twice in `pricing.models`,
`attributes: [feature, feature]`, `attributes: [model]`, or
`formats: [prometheus, prometheus]`.

How to fix: remove the repeated entry, or correct it to the one that was meant."#,
    }
    UNKNOWN_TEMPLATE {
        id: "spec/unknown-template",
        severity: Error,
        since: "0.1.0",
        summary: r#"A `.j2` file in the spec's template folder that replaces no shipped template (a typo would otherwise be silently ignored)."#,
        doc: r#"Each `.j2` file replaces the shipped template with the same path inside the folder
(`alerts/latency.promql.j2`, `budgets/burn.promql.j2`, … as under `templates/`).

Why: a misnamed override would be ignored, and the shipped query generated in its place
without a word.

Example: `my-templates/spnd.promql.j2`, where `my-templates/alerts/spend.promql.j2` was
meant.

How to fix: rename the file to the path of the shipped template it replaces (the help
suggests the closest), or remove it."#,
    }
    TEMPLATES_WITHOUT_FILE {
        id: "spec/templates-without-file",
        severity: Error,
        since: "0.1.0",
        summary: r#"`templates:` in a spec loaded from text or from a value: only a spec loaded from a file has a folder to find its templates in."#,
        doc: r#"Why: the template folder is read relative to the spec file; without one, the overrides
could not be found and the shipped queries would be generated instead.

Example: `llm_slo::load_str("llm-slo.yaml", text)` where `text` has
`templates: my-templates`.

How to fix: load the spec from its file (`llm_slo::load`), or drop `templates:`."#,
    }
    TEMPLATES_NOT_FOUND {
        id: "spec/templates-not-found",
        severity: Error,
        since: "0.1.0",
        summary: r#"`templates:` names a folder that does not exist beside the spec."#,
        doc: r#"Why: none of the overrides would apply, and the shipped queries would be generated in
their place unnoticed.

Example: `templates: my-templates` in `services/chat/llm-slo.yaml` when there is no
`services/chat/my-templates/`.

How to fix: create the folder with the templates to override, correct the path (it is
relative to the spec file), or drop `templates:`."#,
    }
    UNREACHABLE_TIER {
        id: "spec/unreachable-tier",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A burn-rate tier that can never fire: its threshold (burn factor × error budget) is an error ratio of 1 or more, which even every event failing does not exceed."#,
        doc: r#"Why: the alert is dead, so the SLO has no page (or ticket) however badly it burns, while
looking protected.

Example: `objective: 90` over 30 days: the 14.4× page tier needs an error ratio above
1.44.

How to fix: raise the objective, or turn the tier off explicitly
(`alerting.page.enabled: false`) and rely on the others."#,
    }
    BUDGET_TOO_SMALL {
        id: "spec/budget-too-small",
        severity: Warning,
        since: "0.1.0",
        summary: r#"An error budget shorter than the scrape interval: a single bad scrape spends it all."#,
        doc: r#"The budget is (100 − objective) % of the SLO's window, as time.

Why: Prometheus sees failures a scrape at a time, so the first one spends the whole
budget and the burn-rate alerts page on any error.

Example: `objective: 99.99999` over 30 days with 15s scrapes: a budget of 0.3s.

How to fix: lower the objective or lengthen the window."#,
    }
    QUANTILE_RANGE {
        id: "spec/quantile-range",
        severity: Error,
        since: "0.1.0",
        summary: r#"A quantile in `recording.quantiles` outside (0, 1)."#,
        doc: r#"(An alert's quantile out of range is `spec/out-of-range`.)

Why: `histogram_quantile` takes a fraction; above 1 it returns +Inf, below 0 -Inf, so the
recorded latency series would be meaningless.

Example: `recording: { quantiles: [0.5, 1.5] }`, or `95` for the 95th percentile.

How to fix: write quantiles as fractions: `0.95` is the 95th percentile."#,
    }
    REDUNDANT_BY {
        id: "spec/redundant-by",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A `by` dimension of an SLO that its `filter` fixes to one value: the split gives one objective, which is probably not what was meant."#,
        doc: r#"Why: `by` gives each value its own objective and alerts, but the filter leaves a single
value; one of the two is usually a leftover.

Example: an SLO with `filter: { feature: chat }` and `by: [feature]`.

How to fix: remove the dimension from `by` (one objective for the filtered traffic) or
from `filter` (one objective per value)."#,
    }
    MODEL_RETIRING {
        id: "spec/model-retiring",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A model the provider has retired, or retires within 30 days: calls to it will fail, and its SLOs and budgets with them."#,
        doc: r#"The date is the catalog's `retires`, compared with today: the same spec may start
warning as the day comes near.

Why: once the provider stops serving the model, every call to it fails and its SLOs burn
their budget; after the move, SLOs, budgets and prices keyed on it watch nothing.

Example: `- { provider: google, model: gemini-2.5-pro }` when its catalog entry has
`retires: 2026-12-01` and that day is past or less than 30 days away.

How to fix: move the service to the successor model, then replace the model in
`pricing.models`."#,
    }
}
