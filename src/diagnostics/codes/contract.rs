//! `contract/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    COUNTER_BUCKET {
        id: "contract/counter-bucket",
        severity: Error,
        since: "0.1.0",
        summary: r#"`_bucket`, `_sum` or `_count` of a contract counter, which has none."#,
        doc: r#"Why: a counter is one series; the histogram suffixes select nothing, so the query
returns nothing and an alert on it never fires.

Example: `histogram_quantile(0.9, sum by (le) (rate(gen_ai_client_cost_total_bucket[5m])))`
— `gen_ai_client_cost_total` is a counter.

How to fix: query the counter itself with `rate` or `increase`,
`sum(rate(gen_ai_client_cost_total[5m]))`; for a distribution, use a histogram the contract
has (`llm-slo contract` lists them)."#,
    }
    HISTOGRAM_TOTAL {
        id: "contract/histogram-total",
        severity: Error,
        since: "0.1.0",
        summary: r#"`_total` on a contract histogram, which has no such series."#,
        doc: r#"Why: OTel histograms become `_bucket`, `_sum` and `_count` series (or one native
histogram); only counters get `_total`. The query returns nothing.

Example: `sum(rate(gen_ai_client_token_usage_total[5m]))` — `gen_ai_client_token_usage`
is a histogram.

How to fix: use `_sum` for the total of the observed values (here the tokens),
`gen_ai_client_token_usage_sum`, or `_count` for the number of observations; for a
native histogram, `histogram_sum(rate(gen_ai_client_token_usage[5m]))`."#,
    }
    UNKNOWN_LABEL {
        id: "contract/unknown-label",
        severity: Error,
        since: "0.1.0",
        summary: r#"A GenAI label (`gen_ai_*`, `error_type`, …) that the contract's series do not carry, in a matcher on a contract series or in `by`, `without`, `on`, `ignoring` or `group_*`."#,
        doc: r#"Why: a matcher on a missing label selects nothing (or everything, for `!=`); a grouping
label that does not exist silently merges every series into one.

Example: `sum by (gen_ai_system)
(rate(gen_ai_client_operation_duration_seconds_count[5m]))` — `gen_ai.system` was
renamed `gen_ai.provider.name` (label `gen_ai_provider_name`).

How to fix: use the label the help names, here `gen_ai_provider_name`; `llm-slo contract`
lists the labels of every series."#,
    }
    UNKNOWN_METRIC {
        id: "contract/unknown-metric",
        severity: Error,
        since: "0.1.0",
        summary: r#"A GenAI series name (`gen_ai_*`) that the selected contract does not emit."#,
        doc: r#"Why: the query returns nothing, forever, and an alert on it never fires. The usual
causes are a missing unit suffix (`…_duration_bucket` for `…_duration_seconds_bucket`),
a name from another profile or naming strategy, or a metric no convention defines.

Example (genai-v1.41, default naming):
`rate(gen_ai_client_operation_duration_bucket[5m])` — did you mean
`gen_ai_client_operation_duration_seconds_bucket`?

How to fix: use the name the help suggests; if the name is another contract's, set the
contract your application emits (the spec's `telemetry`, or `--profile`, `--naming` and
`--histograms`). `llm-slo contract` lists every series of each contract."#,
    }
    UNKNOWN_VALUE {
        id: "contract/unknown-value",
        severity: Error,
        since: "0.1.0",
        summary: r#"A matcher on a contract series for a value that a closed attribute never takes: `gen_ai_token_type` is `input` or `output`; `gen_ai_token_modality` is `text`, `image`, `audio` or `unknown`."#,
        doc: r#"Why: the matcher selects nothing, so the panel is empty and an alert never fires.

Example: `gen_ai_client_token_usage_sum{gen_ai_token_type="cached"}` — v1.41 has no
cached token type; cache reads are their own counter in the genai-latest profile.

How to fix: match one of the values the message lists; for cache reads, use the
genai-latest profile's cache-read counter
(`gen_ai_client_inference_usage_cache_read_input_tokens_total`)."#,
    }
    UNRECORDED_LABEL {
        id: "contract/unrecorded-label",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A matcher on a contract series naming a label that its emitter never records and that is not a target label (`job`, `instance`, `namespace`, …)."#,
        doc: r#"For instance `http_status_code` on the GenAI duration histogram. (GenAI-namespace labels
are `contract/unknown-label`'s.) Without a spec, which names the application's own
attributes, only `!=`/`!~` matchers are reported; `label=""` and `label=~".*"`, which say
what they mean, never are.

Why: with `=` or `=~` the selector matches nothing unless relabeling adds the label;
with `!=` or `!~` it matches every series, so the filter does nothing and the panel or
alert shows the unfiltered total.

Example: `gen_ai_client_operation_duration_seconds_count{http_status_code!~"2.."}` as
"errors" — the conventions record failures as `error_type`.

How to fix: filter on a label the series has (the help lists them): failed calls are
`{error_type!=""}`. If your application or relabeling does add the label, declare it in
the spec's `telemetry.attributes`."#,
    }
    DETECTED {
        id: "contract/detected",
        severity: Info,
        since: "0.1.0",
        summary: r#"Without a spec or `--profile`/`--naming`/`--histograms`, the contract a file was found to be written for (by the series names it uses), which it is then checked against."#,
        doc: r#"Every known contract (profile × naming × histograms) that has all of the file's known
series names is checked against at once. The finding never fails a run.

Why: the contract decides which names and labels are errors; the info says which one was
assumed, so a surprising `contract/unknown-metric` can be traced to it.

Example: a rule file that reads `gen_ai_usage_cost_USD_sum` is `written for openlit
(UnderscoreEscapingWithSuffixes naming)`.

How to fix: nothing is wrong. To fix the contract rather than detect it, pass
`--profile`, `--naming` and `--histograms`, or a spec (`--spec`, or `./llm-slo.yaml`)."#,
    }
    MIXED {
        id: "contract/mixed",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A file whose series names fit no single contract but two: queries written for two profiles or naming strategies (`gen_ai_client_token_usage_sum` beside `gen_ai_client_inference_usage_input_tokens_total`)."#,
        doc: r#"The file is then checked against both contracts at once.

Why: an application emits one of them, so the other half of the file shows nothing.

Example: `rate(gen_ai_client_token_usage_sum{gen_ai_token_type="input"}[5m])` (v1.41's
histogram) in one rule, and
`rate(gen_ai_client_inference_usage_cache_read_input_tokens_total[5m])` (genai-latest's
counters) in the next.

How to fix: write every query for the contract your emitter has (`llm-slo contract` lists
its series), then fix it with `--profile`, `--naming` and `--histograms` or a spec; a file
meant for two applications can be split in two."#,
    }
}
