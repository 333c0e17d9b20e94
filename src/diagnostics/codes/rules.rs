//! `rules/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    UNKNOWN_FIELD {
        id: "rules/unknown-field",
        severity: Error,
        since: "0.1.0",
        summary: r#"A field that Prometheus rule files do not have."#,
        doc: r#"A rule file has `groups` (and a Mimir/Cortex `namespace`); a group `name`, `interval`,
`limit` and `rules`, plus `query_offset` and `labels` from Prometheus 3; a rule `record`,
`alert`, `expr`, `for`, `keep_firing_for`, `labels` and `annotations`.

Why: promtool rejects it (`field X not found in type rulefmt.RuleNode`), and Prometheus
refuses to load the file.

Example: `summary:` directly on a rule instead of under `annotations:`.

How to fix: move the field where it belongs (`annotations: { summary: … }`) or correct
its spelling as the help suggests; for a group's `query_offset` or `labels`, target
Prometheus 3."#,
    }
    GROUP_NAME {
        id: "rules/group-name",
        severity: Error,
        since: "0.1.0",
        summary: r#"A group without a name, or a name repeated in one file."#,
        doc: r#"Why: Prometheus identifies a group by its file and name; promtool rejects a group with
no name, or a name already used in the same file.

Example:
```yaml
groups:
  - name: g
    rules: []
  - name: g
    rules: []
```

How to fix: give every group a name, unique within its file."#,
    }
    RECORD_OR_ALERT {
        id: "rules/record-or-alert",
        severity: Error,
        since: "0.1.0",
        summary: r#"A rule with both `record` and `alert`, or neither."#,
        doc: r#"Why: a rule either records its result as a series (`record`) or fires an alert on it
(`alert`); promtool rejects a rule that is both or neither.

Example: `- { record: r, alert: A, expr: up == 0 }`, or `- expr: up`.

How to fix: keep exactly one of them: `record: job:up:sum` to store the result, or
`alert: TargetDown` to fire on it."#,
    }
    MISSING_EXPR {
        id: "rules/missing-expr",
        severity: Error,
        since: "0.1.0",
        summary: r#"A rule without `expr`, or with an empty one."#,
        doc: r#"Why: there is nothing to evaluate; promtool rejects the rule.

Example: `- record: r` with no `expr`, or `- { alert: A, expr: '' }`.

How to fix: write the rule's PromQL expression, or remove the rule."#,
    }
    RECORDING_FIELD {
        id: "rules/recording-field",
        severity: Error,
        since: "0.1.0",
        summary: r#"`for`, `keep_firing_for` or `annotations` on a recording rule, where Prometheus does not allow them."#,
        doc: r#"Why: these fields mean something only for alerts; promtool rejects a recording rule
that has them.

Example:
```yaml
- record: r
  expr: up
  for: 5m
```

How to fix: remove the field, or make the rule an alert (`alert:` instead of
`record:`)."#,
    }
    INVALID_NAME {
        id: "rules/invalid-name",
        severity: Error,
        since: "0.1.0",
        summary: r#"A recording rule name that is not a valid metric name (`level:metric:operations`, `[a-zA-Z_:][a-zA-Z0-9_:]*` before Prometheus 3)."#,
        doc: r#"With a Prometheus 3 target, any name without `{` or `}` is accepted.

Why: the name is the name of the series the rule writes; Prometheus refuses to load a
rule whose name it cannot use as one.

Example with `--target prometheus-2`: `record: job requests rate`.

How to fix: name it by the `level:metric:operations` convention, e.g.
`job:http_requests:rate5m`."#,
    }
    INVALID_LABEL {
        id: "rules/invalid-label",
        severity: Error,
        since: "0.1.0",
        summary: r#"A label or annotation name Prometheus rejects (`__name__`, or not `[a-zA-Z_][a-zA-Z0-9_]*` before Prometheus 3)."#,
        doc: r#"Checked in the labels of rules and groups and in the annotations of alerts. With a
Prometheus 3 target, any non-empty name but `__name__` is accepted.

Why: promtool rejects the file; `__name__` would overwrite the series' metric name.

Example with `--target prometheus-2`: `labels: { team-name: x }`, or
`labels: { __name__: y }` with any target.

How to fix: rename the label with letters, digits and `_`: `team_name`."#,
    }
    INVALID_VALUE {
        id: "rules/invalid-value",
        severity: Error,
        since: "0.1.0",
        summary: r#"A field of the wrong type: a `for`, `keep_firing_for`, `interval` or `query_offset` that is not a duration, `groups` or `rules` that is not a list, a label or annotation value that is a list or a mapping."#,
        doc: r#"Why: promtool cannot read the field as what it holds, and Prometheus refuses the file.

Example: `for: 5 minutes`.

How to fix: write durations as Prometheus does (`5m`, `1h30m`, or `0`), groups and rules
as `- …` items, and each label and annotation value as one piece of text."#,
    }
    TEMPLATE {
        id: "rules/template",
        severity: Error,
        since: "0.1.0",
        summary: r#"An alert label or annotation that is not a valid Go template, or calls a function Prometheus does not define."#,
        doc: r#"Functions new in Prometheus 3.6 (`now`, `toDuration`) are errors for a Prometheus 2
target.

Why: promtool rejects the file, and Prometheus would not load the rule.

Example: `summary: "{{ $value | humanizePercent }}"` — the function is
`humanizePercentage`; or `description: '{{ $labels.job '` — an unclosed action.

How to fix: correct the template at the position shown: the function's name, a missing
`}}`, an `{{ end }}` for each `{{ if }}` or `{{ range }}`."#,
    }
    DUPLICATE {
        id: "rules/duplicate",
        severity: Warning,
        since: "0.1.0",
        summary: r#"Two rules with the same name and labels in one file, as `promtool check rules --lint=duplicate-rules` reports."#,
        doc: r#"Why: two recording rules write the same series and overwrite each other; two alerts are
indistinguishable in Alertmanager.

Example:
```yaml
- record: r
  expr: sum(rate(a_total[5m]))
- record: r
  expr: sum(rate(b_total[5m]))
```

How to fix: give the rules different names, or different `labels` that tell their series
apart; remove one if it is a copy."#,
    }
}
