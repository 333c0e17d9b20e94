//! `yaml/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    SYNTAX {
        id: "yaml/syntax",
        severity: Error,
        since: "0.1.0",
        summary: r#"The file is not valid YAML."#,
        doc: r#"Reading stops at the first syntax error, so nothing after it is checked.

Why: Prometheus, promtool, Grafana and llm-slo cannot read the file at all; a rule file
with a syntax error is refused as a whole.

Example: a tab used for indentation (`tabs disallowed within this context`), or an
unclosed flow sequence such as `models: [{provider: anthropic, model: claude-haiku-4-5}`
(`unclosed bracket '['`).

How to fix: correct the syntax at the position shown: indent with spaces, close the
bracket or quote, add the missing `:`."#,
    }
    DUPLICATE_KEY {
        id: "yaml/duplicate-key",
        severity: Error,
        since: "0.1.0",
        summary: r#"A mapping writes the same key twice."#,
        doc: r#"Why: YAML forbids it. promtool refuses such a rule file (`mapping key "…" already
defined`), while many other readers silently keep one of the two values, so the file means
different things to different tools; a spec with a duplicate key is not read further.

Example:
```yaml
service: {name: x}
service: {name: y}
```

How to fix: remove one of the two entries, or merge them into one."#,
    }
    TOO_DEEP {
        id: "yaml/too-deep",
        severity: Error,
        since: "0.1.0",
        summary: r#"Collections nest deeper than the limit (128)."#,
        doc: r#"Why: real specs, rule files and dashboards nest a few levels; deeper nesting is usually
generated or hostile input, and reading it would cost unbounded stack. The file is not
read.

Example: `service: [[[[[[…]]]]]]` with more than 128 brackets.

How to fix: flatten the structure; if a tool generated it, fix the generator."#,
    }
    TOO_LARGE {
        id: "yaml/too-large",
        severity: Error,
        since: "0.1.0",
        summary: r#"Anchors and aliases expand to more than a million nodes (an "alias bomb")."#,
        doc: r#"Nodes are counted after expanding every alias, and every 64 bytes of text count as one
more, so a huge file can reach the limit too.

Why: aliases that reference aliases grow exponentially (the "billion laughs" attack): a
few lines can expand to gigabytes. The file is not read.

Example:
```yaml
a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]
a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
```
and so on for ten levels.

How to fix: write the content out instead of nesting aliases, or split a genuinely large
file into several."#,
    }
    UNSUPPORTED_TAG {
        id: "yaml/unsupported-tag",
        severity: Error,
        since: "0.1.0",
        summary: r#"A tag other than the YAML core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`)."#,
        doc: r#"Why: a tag such as CloudFormation's `!Ref` or a templating tool's `!include` means
something only to the tool that expands it; llm-slo cannot know the value Prometheus or
Grafana would finally see, so it cannot check it.

Example: `expr: !include queries/errors.promql`, or `since: !!timestamp 2025-01-01`.

How to fix: remove the tag and write the value itself; for a file that is a template of
another tool, validate the file that tool renders."#,
    }
    NOT_UTF8 {
        id: "yaml/not-utf8",
        severity: Error,
        since: "0.1.0",
        summary: r#"A spec or price catalog that is not UTF-8 text."#,
        doc: r#"The message gives the first invalid byte, and the position where the text stops being
UTF-8. (Rule files and dashboards that are not UTF-8 are `validate/unknown-input`, or
`validate/skipped` in a folder.)

Why: YAML is UTF-8 text; the file is probably in another encoding (Latin-1, UTF-16) or not
text at all, and cannot be read.

Example: a spec saved as UTF-16 by an editor, or a binary file passed as `--spec`.

How to fix: save the file as UTF-8, or point `--spec`/`--pricing` at the right file."#,
    }
    MULTIPLE_DOCUMENTS {
        id: "yaml/multiple-documents",
        severity: Error,
        since: "0.1.0",
        summary: r#"A spec that holds more than one YAML document (separated by `---`)."#,
        doc: r#"Rule files, manifests and price catalogs may hold several documents; a spec is one.

Why: llm-slo would have to guess which document is the spec, and the other would be
silently ignored.

Example: a spec followed by `---` and a second `version: 1` document.

How to fix: remove the `---` separator and merge the documents, or split them into
several spec files."#,
    }
    EMPTY {
        id: "yaml/empty",
        severity: Error,
        since: "0.1.0",
        summary: r#"A spec or price catalog that holds no YAML document at all."#,
        doc: r#"An empty or comment-only rule file, by contrast, is a valid rule file of no rules, as
promtool has it.

Why: there is nothing to read: no spec to generate from, no provider to price.

Example: an empty `llm-slo.yaml`, or a catalog file passed to `--pricing` that holds
only comments.

How to fix: write the spec (`llm-slo init` writes a starter one), or point `--spec` or
`--pricing` at the right file."#,
    }
}
