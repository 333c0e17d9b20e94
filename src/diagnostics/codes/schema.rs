//! `schema/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    UNKNOWN_FIELD {
        id: "schema/unknown-field",
        severity: Error,
        since: "0.1.0",
        summary: r#"A field the file format (a spec or a price catalog) does not have, often a typo: see the suggestion."#,
        doc: r#"Why: a misspelled field would otherwise be ignored and its default used in silence: a
`windw: 7d` would leave the SLO on its 30-day window.

Example:
```yaml
service:
  name: support-assistant
  colour: blue
```

How to fix: correct the name as the help suggests, or remove the field. `llm-slo schema`
prints every field of the spec with its description; the
`# yaml-language-server: $schema=…` line gives an editor completion."#,
    }
    MISSING_FIELD {
        id: "schema/missing-field",
        severity: Error,
        since: "0.1.0",
        summary: r#"A required field is missing."#,
        doc: r#"Why: there is no sensible default for it: a model without a name cannot be priced, an
SLO without an objective cannot be computed.

Example: `- { provider: openai }` in `pricing.models`: `missing field model`.

How to fix: add the field at the place shown; `llm-slo schema` says which fields each
section requires."#,
    }
    UNKNOWN_VALUE {
        id: "schema/unknown-value",
        severity: Error,
        since: "0.1.0",
        summary: r#"A value that is not one of the allowed names (a profile, a naming strategy, a period, a cost source, a rule format…)."#,
        doc: r#"Why: these values choose what is generated (which series names, which periods); a value
llm-slo does not know cannot be guessed.

Example: `telemetry: { profile: genai-v2 }` — did you mean `genai-v1.41` or
`genai-latest`?

How to fix: use one of the values the help lists."#,
    }
    INVALID_VALUE {
        id: "schema/invalid-value",
        severity: Error,
        since: "0.1.0",
        summary: r#"A value of the wrong type or form: a sequence where a mapping belongs, text where a number belongs, a duration that does not parse, an unknown Prometheus target or feature flag."#,
        doc: r#"Why: the value cannot be read as what the field holds. The rest of the spec is still
checked, without the entry, so every problem shows at once.

Example: `window: 30 days` (a duration is `30d`), `scrape_interval: 30` (a bare number is
no duration: `30s`), `objective: high`, or `budgets: { name: x }` where a list belongs.

How to fix: write the value in the form the message names: durations as Prometheus
writes them (`30s`, `5m`, `1h30m`, `28d`; units ms, s, m, h, d, w, y), numbers without
quotes or units, lists as `[…]` or `- …` items."#,
    }
}
