//! `alerts/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    ABSENT_FOR {
        id: "alerts/absent-for",
        severity: Warning,
        since: "0.1.0",
        summary: r#"An alert on `absent()` or `absent_over_time()` with no `for`, or a `for` shorter than two scrape intervals."#,
        doc: r#"Why: after a restart, a missed scrape or a slow target, a series is briefly absent; the
alert pages for nothing. `for` of a few scrape intervals lets it come back first.

Example: `alert: NoLLMData`, `expr:
absent(gen_ai_client_operation_duration_seconds_count)` with no `for`.

How to fix: set `for` to a few scrape intervals, e.g. `for: 10m`."#,
    }
    COMPARISON {
        id: "alerts/comparison",
        severity: Warning,
        since: "0.1.0",
        summary: r#"An alerting rule whose expression has no condition — no comparison, no `absent()`, no selection of a state (`{state="down"}` on a bare selector)."#,
        doc: r#"A constant expression (`vector(1)`, a dead man's switch) is not reported: it fires on
purpose.

Why: an alert fires for every series its expression returns. Without a comparison it
fires whenever there is data, which is not what anyone means.

Example: `alert: HighCost` with `expr: increase(cost_total[1h])`, or
`expr: sum(rate(errors_total[5m]))`.

How to fix: compare the result with a threshold: `sum(increase(cost_total[1h])) > 50`.
(A comparison with `bool` returns 0 or 1 for every series, so it is no condition
either.)"#,
    }
    UNAGGREGATED_THRESHOLD {
        id: "alerts/unaggregated-threshold",
        severity: Warning,
        since: "0.1.0",
        summary: r#"An alert that compares the `rate` or `increase` of a contract counter with a threshold, series by series."#,
        doc: r#"Why: the contract's counters are split by provider, model, operation, feature and
instance. `increase(gen_ai_client_cost_total[1h]) > 50` fires only when one of those
series alone passes $50; ten models spending $20 each never alert.

Example: `increase(gen_ai_client_cost_total[1h]) > 50`.

How to fix: aggregate before comparing: `sum(increase(gen_ai_client_cost_total[1h])) >
50`, or `sum by (feature) (…) > 50` for one alert per feature."#,
    }
}
