//! `import/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    INVALID_INPUT {
        id: "import/invalid-input",
        severity: Error,
        since: "0.1.0",
        summary: r#"A file given to `llm-slo import` that is not what it should be: not a Sloth spec or OpenSLO v1 document, or an SLO without its name, objective or queries."#,
        doc: r#"Why: the import writes a spec from what the file says; without a service, an
objective or the queries of an SLI there is nothing to write. (What the spec cannot
express, the import lists in the spec's header instead: that is no error.)

Example: `llm-slo import sloth slos.yml` on a file whose first line is `version:
prometheus/v2`, or an OpenSLO `SLO` whose `indicatorRef` names an `SLI` that is not in
the file.

How to fix: give `import sloth` a `version: prometheus/v1` file or a `kind:
PrometheusServiceLevel` resource, and `import openslo` `apiVersion: openslo/v1` documents,
with the SLI documents the SLOs refer to in the same file."#,
    }
}
