//! `validate/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    UNKNOWN_INPUT {
        id: "validate/unknown-input",
        severity: Error,
        since: "0.1.0",
        summary: r#"A file given on the command line that is none of a Prometheus rule file, a PrometheusRule manifest, a Grafana dashboard or alert provisioning file or an llm-slo spec, or that is not UTF-8."#,
        doc: r#"Files are recognised by their content, not their extension.

Why: a file named explicitly is meant to be checked; passing silently over it would hide
that nothing in it was.

Example: `llm-slo validate prometheus.yml`, a Prometheus configuration with
`scrape_configs:` and no `groups:`.

How to fix: name only the files to check, or name their folder: there, a file of another
kind is a `validate/skipped` info. For a rule file, make sure it has `groups:`."#,
    }
    SKIPPED {
        id: "validate/skipped",
        severity: Info,
        since: "0.1.0",
        summary: r#"A YAML or JSON file found in a folder that is not read: not one of the known inputs, not UTF-8, larger than 32 MiB or a dangling link."#,
        doc: r#"The reason is given: promtool unit tests, a JSON Schema, Grafana provisioning without
alert rules, not a known input, not UTF-8, larger than 32 MiB, dangling link. Named
explicitly, the same file is `validate/unknown-input`. Never fails a run.

Why: the summary then shows what was left out, so a rule file that was meant to be
checked but is not recognised does not go unnoticed.

Example: `tests/alerts.test.yml`, a promtool unit test (`rule_files:` and `tests:`), in
a folder passed to `llm-slo validate`.

How to fix: nothing, if the file is not meant to be checked. Otherwise fix what the
reason names: add `groups:` to a rule file, save it as UTF-8, or repair the link."#,
    }
}
