//! `promql/regex-anchored`

use super::{Check, Finding, LintContext, selectors};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, MatchOp};

/// `promql/regex-anchored`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::REGEX_ANCHORED;

/// The check.
pub(crate) struct RegexAnchored;

fn ends_with_unescaped_dollar(pattern: &str) -> bool {
    let Some(body) = pattern.strip_suffix('$') else {
        return false;
    };
    let backslashes = body.chars().rev().take_while(|c| *c == '\\').count();
    backslashes % 2 == 0
}

impl Check for RegexAnchored {
    fn check(&self, expr: &Expr, _cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            for m in &selector.matchers {
                if !matches!(m.op, MatchOp::Regex | MatchOp::NotRegex) {
                    continue;
                }
                if m.value.starts_with('^') || ends_with_unescaped_dollar(&m.value) {
                    let stripped = m.value.trim_start_matches('^');
                    let stripped = if ends_with_unescaped_dollar(stripped) {
                        &stripped[..stripped.len() - 1]
                    } else {
                        stripped
                    };
                    out.push(
                        Finding::new(
                            CODE,
                            Severity::Warning,
                            m.value_span,
                            format!("regex `{}` is anchored, but Prometheus anchors label regexes already", m.value),
                        )
                        .help(format!("write `{}{}\"{}\"`", m.name.value, m.op.as_str(), stripped)),
                    );
                }
            }
        }
    }
}
