//! `promql/regex-impossible`

use super::{Check, Finding, LintContext, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, MatchOp};

/// `promql/regex-impossible`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::REGEX_IMPOSSIBLE;

/// The check.
pub(crate) struct RegexImpossible;

/// Whether a pattern has an anchor that text must precede or follow.
pub(crate) fn impossible_anchor(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                i += 2;
                continue;
            }
            '[' => {
                while i < chars.len() && chars[i] != ']' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
            }
            '^' if i > 0 => {
                let before = chars[i - 1];
                if before.is_alphanumeric() || matches!(before, '_' | '-' | '.' | ')') {
                    return true;
                }
            }
            '$' if i + 1 < chars.len() => {
                let after = chars[i + 1];
                if after.is_alphanumeric() || matches!(after, '_' | '-' | '(') {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

impl Check for RegexImpossible {
    fn check(&self, expr: &Expr, _cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            for m in &selector.matchers {
                if matches!(m.op, MatchOp::Regex | MatchOp::NotRegex) && impossible_anchor(&m.value)
                {
                    let effect = if m.op == MatchOp::Regex {
                        "selects nothing"
                    } else {
                        "filters nothing out"
                    };
                    out.push(
                        Finding::new(
                            CODE,
                            Severity::Warning,
                            m.value_span,
                            format!("regex `{}` can never match, so the matcher {effect}", m.value),
                        )
                        .help("an anchor inside the pattern needs an empty string before `^` or after `$`"),
                    );
                }
            }
        }
    }
}
