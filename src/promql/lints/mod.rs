//! Checks on parsed PromQL: the metric contract and the lints, one check per file.
//!
//! Each check has a stable code, a severity and a doc comment (what, why, an example).
//! Errors are reserved for what Prometheus itself rejects ([`syntax`]) and for contract
//! violations on contract series; everything else is a warning. Series outside the contract
//! are never judged by name.

pub(crate) mod absent_for;
pub(crate) mod alert_comparison;
pub(crate) mod counter_bucket;
pub(crate) mod counter_without_rate;
pub(crate) mod cumulative;
pub(crate) mod cumulative_aggregation;
pub(crate) mod fails_at_evaluation;
pub(crate) mod histogram_total;
pub(crate) mod quantile_without_le;
pub(crate) mod rate_non_counter;
pub(crate) mod regex_anchored;
pub(crate) mod regex_impossible;
pub(crate) mod short_range;
pub(crate) mod syntax;
pub(crate) mod unaggregated_alert;
pub(crate) mod unaggregated_ratio;
pub(crate) mod unknown_label;
pub(crate) mod unknown_metric;
pub(crate) mod unknown_value;
pub(crate) mod unrecorded_label;
pub(crate) mod window_total;

use std::collections::BTreeSet;

pub(crate) use super::contracts::ContractIndex;

use super::ast::{ByteRange, Expr, MatchOp, VectorSelector};
use crate::diagnostics::{Code, Severity};

/// One finding of a check, at a byte range of the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The check's code.
    pub code: Code,
    /// The check's severity.
    pub severity: Severity,
    /// Where in the expression.
    pub span: ByteRange,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

/// Where an expression is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Usage {
    /// A recording rule.
    Record,
    /// An alerting rule, with its `for` in milliseconds.
    Alert {
        /// `for`, if set.
        for_ms: Option<i64>,
    },
    /// A dashboard query or anything else.
    Query,
    /// A dashboard variable's query: only its labels are used, never its values.
    Variable,
}

impl Usage {
    /// Whether the expression's values are shown or compared (a panel, an alert), so a
    /// lifetime total in it is a defect.
    pub(crate) fn shows_values(self) -> bool {
        matches!(self, Usage::Query | Usage::Alert { .. })
    }
}

/// What the checks know about the world.
pub(crate) struct LintContext<'a> {
    /// The contract's series.
    pub contract: &'a ContractIndex,
    /// The scrape interval in milliseconds.
    pub scrape_interval_ms: i64,
    /// How the expression is used.
    pub usage: Usage,
    /// Names the file applies `rate`/`increase` to elsewhere (known counters).
    pub counters: &'a BTreeSet<String>,
}

/// A check.
pub(crate) trait Check: Sync {
    /// Looks at an expression and reports findings.
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>);
}

/// Every check, in a stable order.
pub(crate) const CHECKS: &[&dyn Check] = &[
    &unknown_metric::UnknownMetric,
    &histogram_total::HistogramTotal,
    &counter_bucket::CounterBucket,
    &unknown_label::UnknownLabel,
    &unknown_value::UnknownValue,
    &unrecorded_label::UnrecordedLabel,
    &rate_non_counter::RateNonCounter,
    &counter_without_rate::CounterWithoutRate,
    &cumulative_aggregation::CumulativeAggregation,
    &window_total::WindowTotal,
    &quantile_without_le::QuantileWithoutLe,
    &unaggregated_ratio::UnaggregatedRatio,
    &unaggregated_alert::UnaggregatedThreshold,
    &alert_comparison::AlertComparison,
    &short_range::ShortRange,
    &fails_at_evaluation::FailsAtEvaluation,
    &regex_impossible::RegexImpossible,
    &regex_anchored::RegexAnchored,
    &absent_for::AbsentFor,
];

/// Runs every check on an expression; findings sorted by position.
pub(crate) fn run(expr: &Expr, cx: &LintContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for check in CHECKS {
        check.check(expr, cx, &mut out);
    }
    out.sort_by_key(|f| (f.span.start, f.code));
    out
}

/// The metric name a selector selects, if it names one.
pub(crate) fn selector_name(selector: &VectorSelector) -> Option<(&str, ByteRange)> {
    if let Some(name) = &selector.name {
        return Some((&name.value, name.span));
    }
    selector
        .matchers
        .iter()
        .find(|m| m.name.value == "__name__" && m.op == MatchOp::Equal)
        .map(|m| (m.value.as_str(), m.value_span))
}

/// Every vector selector in an expression (range selectors included).
pub(crate) fn selectors(expr: &Expr) -> Vec<&VectorSelector> {
    let mut out = Vec::new();
    expr.walk(&mut |e| {
        if let Some(selector) = e.selector() {
            out.push(selector);
        }
    });
    out
}

/// `"did you mean …"` over candidates, for help texts.
pub(crate) fn suggestion<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    crate::base::suggest::did_you_mean(&crate::base::suggest::closest(word, candidates))
}

impl Finding {
    /// A finding.
    pub(crate) fn new(
        code: Code,
        severity: Severity,
        span: ByteRange,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// With a help text.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// With an optional help text.
    pub(crate) fn maybe_help(mut self, help: Option<String>) -> Finding {
        self.help = help;
        self
    }
}
