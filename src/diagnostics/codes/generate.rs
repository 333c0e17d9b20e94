//! `generate/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    INVALID_OUTPUT {
        id: "generate/invalid-output",
        severity: Error,
        since: "0.1.0",
        summary: r#"A generated file that does not pass the validator, an expression that does not parse, a template that fails to render or a value that cannot be written."#,
        doc: r#"It is a bug in llm-slo or in a template override; nothing is written. (The PromQL an
override renders is checked at the template's own file, under the finding's own code.)

Why: llm-slo checks every rule file it writes as `validate` would, for the spec's target
and for Prometheus 2.42 where the names allow, and refuses to write one that Prometheus
might reject or that would carry a finding.

Example: an override `my-templates/alerts/latency.promql.j2` with an unclosed
`{{ quantile`, which fails to render.

How to fix: if the message names an overridden template, fix that template or remove
it; otherwise report the bug with the spec and the message."#,
    }
}
