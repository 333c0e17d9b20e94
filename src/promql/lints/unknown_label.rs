//! `contract/unknown-label`

use super::{Check, Finding, LintContext, selector_name, selectors, suggestion};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::{Expr, Name};

/// `contract/unknown-label`: documented in the registry, `diagnostics::codes::contract`.
pub(crate) const CODE: Code = crate::diagnostics::codes::contract::UNKNOWN_LABEL;

/// The check.
pub(crate) struct UnknownLabel;

/// Whether a label claims to come from the GenAI conventions.
fn genai_label(label: &str) -> bool {
    label.starts_with("gen_ai_") || label.starts_with("gen_ai.")
}

fn help_for(label: &str, candidates: Vec<&str>) -> Option<String> {
    if label
        .trim_start_matches("gen_ai")
        .trim_start_matches(['_', '.'])
        == "system"
    {
        return Some(
            "`gen_ai.system` was renamed `gen_ai.provider.name` in semantic conventions 1.37"
                .to_owned(),
        );
    }
    suggestion(label, candidates)
}

impl Check for UnknownLabel {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            let Some((name, _)) = selector_name(selector) else {
                continue;
            };
            let Some(series) = cx.contract.series(name) else {
                continue;
            };
            for matcher in &selector.matchers {
                let label = &matcher.name.value;
                let judged = genai_label(label) || cx.contract.has_label(label);
                if judged && !series.labels.iter().any(|l| l == label) {
                    out.push(
                        Finding::new(
                            CODE,
                            Severity::Error,
                            matcher.name.span,
                            format!("`{name}` has no label `{label}`"),
                        )
                        .maybe_help(help_for(
                            label,
                            series.labels.iter().map(String::as_str).collect(),
                        )),
                    );
                }
            }
        }
        // Grouping labels are judged where they group contract series: recorded series
        // (`llm_slo:…`) may carry labels of their own.
        let contract_inside = |inner: &Expr| {
            selectors(inner).iter().any(|s| {
                selector_name(s).is_some_and(|(name, _)| cx.contract.series(name).is_some())
            })
        };
        let mut grouping: Vec<&Name> = Vec::new();
        expr.walk(&mut |e| match e {
            Expr::Aggregate {
                grouping: Some(g),
                expr: inner,
                ..
            } if contract_inside(inner) => grouping.extend(&g.labels),
            Expr::Binary {
                matching: Some(m),
                lhs,
                rhs,
                ..
            } if contract_inside(lhs) || contract_inside(rhs) => {
                grouping.extend(&m.labels);
                if let Some((_, include)) = &m.group {
                    grouping.extend(include);
                }
            }
            _ => {}
        });
        for name in grouping {
            let label = &name.value;
            if genai_label(label) && !cx.contract.has_label(label) {
                out.push(
                    Finding::new(
                        CODE,
                        Severity::Error,
                        name.span,
                        format!(
                            "no series of the {} contract has the label `{label}`",
                            cx.contract.profile_name()
                        ),
                    )
                    .maybe_help(help_for(label, cx.contract.all_labels().collect())),
                );
            }
        }
    }
}
