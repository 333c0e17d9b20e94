//! `pricing/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    UNKNOWN_UNIT {
        id: "pricing/unknown-unit",
        severity: Error,
        since: "0.1.0",
        summary: r#"A price for a unit that does not exist, in a catalog or in `pricing.overrides`."#,
        doc: r#"Units are `input`, `output`, `cache_read`, `cache_write`, `cache_write_1h`,
`output_reasoning`, `input_audio`, …, `requests`, `web_searches`.

Why: a price under a misspelled unit is never charged: the usage it was meant for falls
back to the enclosing unit's price (cache reads charged as input), or is refused as
unpriced.

Example: `prices: { input: 3, output: 15, cache_reads: 0.3 }`.

How to fix: use the unit the help suggests (`cache_read`)."#,
    }
    NEGATIVE_PRICE {
        id: "pricing/negative-price",
        severity: Error,
        since: "0.1.0",
        summary: r#"A price below zero, in a catalog or in `pricing.overrides`."#,
        doc: r#"Why: a negative price makes calls earn money: estimated spend, budgets and price tables
come out too low, or negative.

Example: `prices: { input: -1, output: 2 }`.

How to fix: write the price in US dollars per million tokens (per thousand requests or
searches), `0` for what is free."#,
    }
    TIER_ORDER {
        id: "pricing/tier-order",
        severity: Error,
        since: "0.1.0",
        summary: r#"Long-context steps must ascend, each above the last."#,
        doc: r#"Why: a step prices the whole request once its input passes the step's threshold; a step
written below or at the previous one is usually a typo (a zero too few), and leaves the
price of a request of that size in doubt.

Example:
```yaml
tiers:
  - { above_input_tokens: 200000, prices: { input: 2 } }
  - { above_input_tokens: 100000, prices: { input: 3 } }
```

How to fix: list the steps from the smallest threshold to the largest, and check the
thresholds against the provider's page."#,
    }
    CACHE_ABOVE_INPUT {
        id: "pricing/cache-above-input",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A cache-read price above the input price it discounts — almost always a unit mix-up (per thousand for per million)."#,
        doc: r#"The shipped catalogs have none; imported ones may, as their source does.

Why: a cache read is a discount on input of the same modality; priced above it, a cached
call costs more than an uncached one and estimated spend is inflated.

Example: `prices: { input: 1, output: 2, cache_read: 5 }`.

How to fix: check the unit (USD per million tokens) and correct the cache-read price,
often a tenth of the input price or less."#,
    }
    PERIOD {
        id: "pricing/period",
        severity: Error,
        since: "0.1.0",
        summary: r#"A date or time a catalog cannot use: a period's `since` that does not parse or is not after the previous one (only the first may have none), a `retires` that is not a date, a daily window's time, weekday or offset out of range."#,
        doc: r#"Why: the price in force at a call's time is chosen by these dates and times; one that
does not parse, or periods out of order, leave it in doubt, so the catalog is refused.

Example: `periods: [{ since: 2025-13-01, prices: { input: 1 } }]`: there is no 13th month
(`expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ`).

How to fix: write dates as `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM:SSZ`), oldest period
first, every period after the first with a `since`; daily windows as `HH:MM` (UTC),
weekdays from 1 (Monday) to 7, offsets within ±840 minutes."#,
    }
    UNSOURCED {
        id: "pricing/unsourced",
        severity: Error,
        since: "0.1.0",
        summary: r#"A model whose `source` is blank, or whose `checked` date is not a date."#,
        doc: r#"(A model with no `source` at all is `schema/missing-field`.)

Why: every price must be traceable to the page it was read from and the day it was
compared with it, so that a stale or mistyped price can be found and corrected.

Example: `source: ""`, or `checked: last week`.

How to fix: put the URL of the provider's pricing page (or of the community catalog the
price comes from) in `source`, and the day you compared in `checked` (`YYYY-MM-DD`)."#,
    }
    DUPLICATE_MODEL {
        id: "pricing/duplicate-model",
        severity: Error,
        since: "0.1.0",
        summary: r#"Two models of one provider share an id or alias."#,
        doc: r#"Why: a call naming that id could be priced by either model, and the price would depend
on their order in the file.

Example: two models of one catalog both `id: a1`, or an alias of one that is the `id` of
another.

How to fix: merge the two entries, or remove the id or alias from the one it does not
belong to."#,
    }
    INVALID_CATALOG {
        id: "pricing/invalid-catalog",
        severity: Error,
        since: "0.1.0",
        summary: r#"Prices that cannot be read: both `prices` and `periods`, or neither; `same_as` beside prices of its own; a long-context step with both or neither of `above_input_tokens` and `from_input_tokens`; a step for a unit without a base price."#,
        doc: r#"Why: the model's price would be ambiguous or missing; the provider's catalog is not used.

Example: a model with `prices: { input: 1 }` and `periods:` too, or a step
`{ above_input_tokens: 200000, prices: { cache_read: 0.6 } }` when the model's prices have
no `cache_read`.

How to fix: write either `prices` (with `tiers`) or `periods`, or only `same_as` for a
reseller's copy; give each step exactly one threshold; give every unit a step prices a
base price."#,
    }
    UNKNOWN_REFERENCE {
        id: "pricing/unknown-reference",
        severity: Error,
        since: "0.1.0",
        summary: r#"A `same_as` that names a model no catalog prices, or a chain of `same_as` that comes back to where it started."#,
        doc: r#"Why: the model would have no prices; it is left out of the catalog rather than priced at
nothing, so calls to it cannot be priced.

Example: `same_as: { provider: anthropic, model: claude-sonet-4-6 }` (a typo), or two
models that are each `same_as` the other.

How to fix: name an existing model as the help suggests (`claude-sonnet-4-6`), or give
one model of the loop prices of its own."#,
    }
}
