//! `suppression/*` codes.

use super::{Code, CodeInfo, Severity};

super::codes! {
    UNUSED {
        id: "suppression/unused",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A suppression that matches no finding: an inline `llm-slo: disable` comment, a `validate.ignore` or `validate.panels` entry, or (as an info) baseline entries."#,
        doc: r#"The finding it was written for is gone — fixed, or moved out of its reach — so the
suppression now only hides the next, unrelated finding of that code.

Why: suppressions rot. One that outlives its finding silences the check for whatever
comes next in that place, and nobody notices. Baseline entries that match nothing are
reported as infos, which never fail a run: a smaller baseline is progress.

Example: `# llm-slo: disable=promql/short-range` above a rule whose range was widened
from `[1m]` to `[5m]`.

How to fix: delete the comment or the entry; for a baseline, write it again with
`--write-baseline`."#,
    }
    INVALID {
        id: "suppression/invalid",
        severity: Warning,
        since: "0.1.0",
        summary: r#"A suppression that cannot be read: an `llm-slo:` comment that is not `disable=CODE[,CODE]`, a code that does not exist, a path glob that does not parse."#,
        doc: r#"Why: a misspelt code suppresses nothing, and the finding it was meant for keeps failing
the run; a misspelt directive is easy to miss in review.

Example: `# llm-slo: disable=promql/short-rang` (the code is `promql/short-range`), or
`# llm-slo disable=promql/short-range` (no colon).

How to fix: write `# llm-slo: disable=CODE[,CODE] reason` with codes that `llm-slo explain
--list` prints (an area's codes: `promql/*`)."#,
    }
}
