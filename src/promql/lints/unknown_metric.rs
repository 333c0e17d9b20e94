//! `contract/unknown-metric`

use super::{Check, Finding, LintContext, selector_name, selectors, suggestion};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `contract/unknown-metric`: documented in the registry, `diagnostics::codes::contract`.
pub(crate) const CODE: Code = crate::diagnostics::codes::contract::UNKNOWN_METRIC;

/// The check.
pub(crate) struct UnknownMetric;

impl Check for UnknownMetric {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for selector in selectors(expr) {
            let Some((name, span)) = selector_name(selector) else {
                continue;
            };
            if !cx.contract.claims(name) || cx.contract.series(name).is_some() {
                continue;
            }
            if super::histogram_total::histogram_of(name, cx).is_some()
                || super::counter_bucket::counter_of(name, cx).is_some()
            {
                continue; // reported by their own checks
            }
            let fits = crate::promql::contracts::known().fits(name);
            let other = (fits != 0).then(|| {
                format!(
                    "`{name}` is a series of {}: set the contract the application emits in the spec's `telemetry`, or with `--profile`, `--naming` and `--histograms` (`auto` finds it from the file)",
                    crate::promql::contracts::known().describe(fits)
                )
            });
            let closest = suggestion(name, cx.contract.names());
            let help = match (other, closest) {
                (Some(other), Some(closest)) => Some(format!("{closest} {other}")),
                (other, closest) => other.or_else(|| known_mistake(name)).or(closest),
            };
            out.push(
                Finding::new(
                    CODE,
                    Severity::Error,
                    span,
                    format!(
                        "`{name}` is not a series of the {} contract ({} naming)",
                        cx.contract.profile_name(),
                        cx.contract.contract.naming.as_str()
                    ),
                )
                .maybe_help(help.or_else(|| {
                    Some(format!(
                        "the contract's series: {}",
                        cx.contract.names().join(", ")
                    ))
                })),
            );
        }
    }
}

/// Help for names that tutorials use but no convention defines.
fn known_mistake(name: &str) -> Option<String> {
    if name.contains("error") {
        return Some(
            "failed calls are not a separate metric: count the duration histogram's observations with `error_type` set (`…_count{error_type!=\"\"}`)".to_owned(),
        );
    }
    if name.contains("request") {
        return Some("calls are counted by the duration histogram's `_count` series".to_owned());
    }
    None
}
