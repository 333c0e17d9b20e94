//! `promql/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    COUNTER_WITHOUT_RATE {
        id: "promql/counter-without-rate",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A counter, or a histogram's `_count`, `_sum` or `_bucket`, shown or compared as it is, in a dashboard query or an alert, without `rate` or `increase`."#,
        doc: r#"Recording rules may keep a counter as it is (and rate it later), so they are not
judged; nor is a `_total` outside the contract that the file never rates (exporters name
gauges `…_total` too), a comparison with 0, or a difference with an `offset`. A ratio of
two lifetime totals (`sum(x_sum) / sum(x_count)`) is reported once, as what it is: the
mean since each series started, which a restart of one instance shifts and recent change
barely moves.

Why: a counter's value is everything counted since the process started. A panel titled
"requests" or "error rate" that shows it grows for ever and drops to zero at every
restart; an alert on it fires on the lifetime total, not on what is happening now.

Example: `sum(gen_ai_client_operation_duration_seconds_count)` as "requests".

How to fix: show the rate, `sum(rate(…_count[$__rate_interval]))`, or the count in the
dashboard's time range, `sum(increase(…_count[$__range]))`; for a ratio, rate both sides
over the same range."#,
    }
    CUMULATIVE_AGGREGATION {
        id: "promql/cumulative-aggregation",
        severity: Warning,
        since: "0.1.0",
        summary: r#"An aggregation (or `histogram_quantile`) directly over a histogram's raw `_bucket` series, or `avg`, `max`, `min` and the like over its raw `_count` or `_sum`, as if they were values."#,
        doc: r#"(`sum` of a raw `_count` is a lifetime total: `promql/counter-without-rate`.)

Why: buckets are cumulative twice over: each counts every observation at or below its
`le` since the process started. `avg(…_bucket)` or `max by (model) (…_bucket)` mixes
bucket boundaries into one number; `avg(…_count)` is an average of lifetime totals; a
quantile over raw buckets is the quantile since each process started, and it drops at
every restart.

Example: `histogram_quantile(0.95, sum by (le)
(gen_ai_client_operation_duration_seconds_bucket))`, or
`avg(gen_ai_client_operation_duration_seconds_bucket)`.

How to fix: aggregate the rate, not the raw series: `histogram_quantile(0.95, sum by (le)
(rate(…_bucket[$__rate_interval])))`, `avg(rate(…_count[$__rate_interval]))`."#,
    }
    FAILS_AT_EVALUATION {
        id: "promql/fails-at-evaluation",
        severity: Warning,
        since: "0.1.0",
        summary: r#"Prometheus loads the expression but every evaluation fails: a range or subquery step written as a duration expression that comes to zero or less, such as `foo[-2^2]` or `foo[5m - 10m]`."#,
        doc: r#"Why: Prometheus checks only literal durations when it parses (`foo[-5m]` is a syntax
error); an expression is computed when the query runs, and then the query fails, so the
rule loads, records nothing and logs an error on every evaluation.

Example: `max_over_time(http_requests_total[1m - 2m])`: the range comes to -60s.

How to fix: make the range (or the subquery's range and step) greater than zero: swap
the operands (`[2m - 1m]`) or write the duration itself (`[1m]`)."#,
    }
    QUANTILE_WITHOUT_LE {
        id: "promql/quantile-without-le",
        severity: Warning,
        since: "0.1.0",
        summary: r#"`histogram_quantile` over classic `_bucket` series aggregated without keeping `le`."#,
        doc: r#"Why: the quantile is computed from the buckets' `le` label. `sum by (model) (…_bucket)`
adds every bucket into one series without `le`, which `histogram_quantile` skips: the
query returns nothing, and a panel or recording rule on it stays empty.

Example: `histogram_quantile(0.95, sum by (gen_ai_request_model)
(rate(gen_ai_client_operation_duration_seconds_bucket[5m])))`, or `sum without (le) (…)`
inside it.

How to fix: keep `le` in the aggregation: `sum by (gen_ai_request_model, le) (…)`."#,
    }
    RATE_NON_COUNTER {
        id: "promql/rate-non-counter",
        severity: Warning,
        since: "0.1.0",
        summary: r#"`rate`, `irate` or `increase` over something that is not a counter: a recording rule's output (a `level:metric:operation` name whose last part is an operation such as `rate5m`, a gauge), or a subquery of an aggregation; and `delta`/`deriv`/`idelta` over a contract counter."#,
        doc: r#"Why: `rate` compensates for counter resets. Over a gauge it reads every drop as a reset
and reports nonsense; over `sum(…)[5m:]` the resets of the summed counters are already
lost. `delta` over a counter ignores resets, so restarts show as huge negative spikes.

Example: `rate(job:requests:rate5m[5m])`, `rate(sum(http_requests_total)[5m:1m])`, or
`delta(gen_ai_client_cost_total[1h])`.

How to fix: rate the raw counter inside the recording rule, and smooth a recorded rate
with `avg_over_time` or `max_over_time`; aggregate the rate rather than rate the
aggregate, `sum(rate(http_requests_total[5m]))`; use `increase` (or `rate`) on a counter
instead of `delta`."#,
    }
    REGEX_ANCHORED {
        id: "promql/regex-anchored",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A label regex that starts with `^` or ends with `$`."#,
        doc: r#"Why: Prometheus anchors label regexes on both ends already; the anchors add nothing but
suggest the regex is a substring match when it is not.

Example: `up{job=~"^api$"}`.

How to fix: drop the anchors, `{job=~"api"}`, or use an equality matcher, `{job="api"}`;
for a substring match, write `.*api.*`."#,
    }
    REGEX_IMPOSSIBLE {
        id: "promql/regex-impossible",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A regex matcher that can never match: a `^` after text or a `$` before text."#,
        doc: r#"Why: a `$` is the end of the value, so no text can follow it (nor precede a `^`). The
matcher selects nothing with `=~`, and filters nothing out with `!~`. (`prod$|staging`
is fine: the `$` ends an alternative.)

Example: `up{env=~"prod$-eu"}`.

How to fix: remove the anchor inside the pattern, `{env=~"prod-eu"}`, or, if two values
were meant, separate them with `|`: `{env=~"prod|eu"}`."#,
    }
    SHORT_RANGE {
        id: "promql/short-range",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A range selector or subquery range shorter than four scrape intervals, under a function that needs several samples (`rate`, `increase`, `*_over_time`, …)."#,
        doc: r#"The scrape interval is `--scrape-interval`, else the spec's `telemetry.scrape_interval`,
else 15s. `last_over_time` and `present_over_time`, which need one sample, are not judged.

Why: `rate` needs two samples in its range; with one missed scrape or jitter a range of
two intervals returns nothing and the graph or alert has gaps. Four intervals tolerate a
missed scrape.

Example with a 30s scrape interval: `rate(http_requests_total[1m])`.

How to fix: use a range of at least four scrape intervals (`[2m]` here), or
`$__rate_interval` in Grafana; if the scrape interval is shorter than llm-slo assumes,
say so with `--scrape-interval` or `telemetry.scrape_interval`."#,
    }
    SYNTAX {
        id: "promql/syntax",
        severity: Error,
        since: "0.1.0",
        summary: r#"The expression does not parse, as Prometheus's parser reports it (promtool prints the same message at the same line and column)."#,
        doc: r#"The message starts with the position inside the expression, as promtool prints it;
the finding is placed at that position in the file.

Why: Prometheus refuses to load a rule file with such an expression, and Grafana shows an
error instead of the panel.

Example: `histogram_quantile(0.99, rate(x_bucket[5m])) by (model)` — `by` cannot follow
a function call: `unexpected <by>`.

How to fix: correct the expression at the position shown; here, group inside:
`histogram_quantile(0.99, sum by (model, le) (rate(x_bucket[5m])))`."#,
    }
    TYPE {
        id: "promql/type",
        severity: Error,
        since: "0.1.0",
        summary: r#"The expression parses, but its types do not fit, as Prometheus's type check reports it."#,
        doc: r#"Every type error of the expression is shown, not only the first.

Why: Prometheus refuses such rules too.

Example: `rate(http_requests_total)` — `rate` needs a range vector: `expected type range
vector in call to function "rate", got instant vector`.

How to fix: give each function and operator the type it takes: here a range,
`rate(http_requests_total[5m])`."#,
    }
    DIALECT {
        id: "promql/dialect",
        severity: Error,
        since: "0.1.0",
        summary: r#"The expression needs another Prometheus version than the target (`--target`), or a feature flag: quoted UTF-8 names, numbers as durations, functions added, removed or experimental."#,
        doc: r#"`llm-slo targets` lists what each release and flag brings.

Why: the target Prometheus would refuse it, while another would not — the message says
which.

Example with `--target prometheus-2`: `sum by ("gen_ai.request.model")
({"gen_ai.client.cost_total"})` — quoted UTF-8 names need Prometheus 3. With
`--target prometheus-3`: `holt_winters(x[5m], 0.5, 0.5)` — removed in Prometheus 3.

How to fix: name the release your server runs (`--target`, `prometheus.target`) and
the flags it runs with (`--enable-feature`, `prometheus.enable_features`); if it really
lacks the feature, rewrite the expression with what it has (legacy names such as
`gen_ai_request_model`, `double_exponential_smoothing` for `holt_winters`)."#,
    }
    TOO_COMPLEX {
        id: "promql/too-complex",
        severity: Warning,
        since: "0.1.0",
        summary: r#"The expression is longer (64 KiB by default) or nests deeper (128 levels) than llm-slo checks, so it was not checked."#,
        doc: r#"Prometheus has no such limits and may accept it; the limits keep hostile input cheap.

Why: nothing in the expression is checked, so its defects, even syntax errors, go
unreported.

Example with `--max-nesting 4`: `sum(rate(x_total[5m])) / (1 + (2 * (3 + (4 * (5 +
sum(rate(y_total[5m])))))))`.

How to fix: raise the limits (`validate --max-nesting 256 --max-expression-bytes
262144`; nesting at most 1000), or split the expression into recording rules, which is
easier to read anyway."#,
    }
    UNAGGREGATED_RATIO {
        id: "promql/unaggregated-ratio",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A ratio of two rates of GenAI contract series that are not aggregated, with no `on`/`ignoring` clause."#,
        doc: r#"(Ratios of other series are not judged: per-instance ratios are often what is meant.)

Why: `rate(a[5m]) / rate(b[5m])` divides series by series: one ratio per label set, only
where both sides have exactly the same labels. The contract's failed calls are the series
with `error_type` set, so each matches only itself (a ratio of 1) and calls that did not
fail give nothing; and per-series ratios weigh a model with two calls like one with two
million.

Example: `rate(gen_ai_client_operation_duration_seconds_count{error_type!=""}[5m]) /
rate(gen_ai_client_operation_duration_seconds_count[5m])`.

How to fix: sum both sides by the labels you need: `sum by (gen_ai_request_model)
(rate(…_count{error_type!=""}[5m])) / sum by (gen_ai_request_model) (rate(…_count[5m]))`."#,
    }
    WINDOW_TOTAL {
        id: "promql/window-total",
        severity: Warning,
        since: "0.1.0",
        summary: r#"`last_over_time`, `max_over_time`, `min_over_time` or `first_over_time` over a counter (or a histogram's `_count` or `_sum`), used as "what happened in the window"."#,
        doc: r#"Why: a counter's last (or largest) value in a window is its lifetime total at the end of
the window, not the count within it; after a restart it is the count since the restart.

Example: `sum(last_over_time(gen_ai_client_operation_duration_seconds_count[$__range]))`
as "requests in the range", or `sum(max_over_time(gen_ai_client_cost_total[$__range]))`.

How to fix: count what happened in the window with `increase`:
`sum(increase(gen_ai_client_operation_duration_seconds_count[$__range]))`."#,
    }
}
