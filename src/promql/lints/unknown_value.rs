//! `contract/unknown-value`

use llm_slo_core::contract::CLOSED_VALUES;

use super::{Check, Finding, LintContext, selector_name, selectors, suggestion};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, MatchOp};

/// `contract/unknown-value`: documented in the registry, `diagnostics::codes::contract`.
pub(crate) const CODE: Code = crate::diagnostics::codes::contract::UNKNOWN_VALUE;

/// The check.
pub(crate) struct UnknownValue;

impl Check for UnknownValue {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            let Some((name, _)) = selector_name(selector) else {
                continue;
            };
            // Judged on any selector that claims the contract, even a misnamed one.
            if !cx.contract.claims(name) {
                continue;
            }
            for matcher in &selector.matchers {
                let Some((attribute, values)) = CLOSED_VALUES.iter().find(|(attribute, _)| {
                    cx.contract.contract.label(attribute) == matcher.name.value
                }) else {
                    continue;
                };
                let matches_some = match matcher.op {
                    MatchOp::Equal => values.contains(&matcher.value.as_str()),
                    MatchOp::Regex => crate::promql::regex::compile(&matcher.value)
                        .is_none_or(|r| values.iter().any(|v| r.is_match(v))),
                    MatchOp::NotEqual | MatchOp::NotRegex => true,
                };
                if matches_some {
                    continue;
                }
                let mut help = suggestion(&matcher.value, values.iter().copied());
                if matcher.value.contains("cache") {
                    help = Some("cache reads are no token type: the genai-latest profile counts them in `gen_ai.client.inference.usage.cache_read.input_tokens`, a subset of input".to_owned());
                }
                out.push(
                    Finding::new(
                        CODE,
                        Severity::Error,
                        matcher.value_span,
                        format!(
                            "`{attribute}` is one of {}; `{}` matches none",
                            values.join(", "),
                            matcher.value
                        ),
                    )
                    .maybe_help(help),
                );
            }
        }
    }
}
