//! `promql/rate-non-counter`

use super::{Check, Finding, LintContext, selector_name};
use crate::diagnostics::{Code, Severity};
use crate::promql::ast::Expr;

/// `promql/rate-non-counter`: documented in the registry, `diagnostics::codes::promql`.
pub(crate) const CODE: Code = crate::diagnostics::codes::promql::RATE_NON_COUNTER;

/// The check.
pub(crate) struct RateNonCounter;

/// Operations that a recording rule's name ends with (`job:requests:rate5m`,
/// `slo:sli_error:ratio_rate30d`, `instance:cpu:sum`), as Prometheus' naming practice has it.
const RECORDED_OPERATIONS: &[&str] = &[
    "rate",
    "irate",
    "increase",
    "ratio",
    "sum",
    "avg",
    "mean",
    "min",
    "max",
    "count",
    "quantile",
    "histogram_quantile",
    "deriv",
    "delta",
    "stddev",
    "topk",
    "bottomk",
    "p50",
    "p90",
    "p95",
    "p99",
    "burnrate",
    "errors",
    "availability",
];

/// Whether a name is a recording rule's output by the `level:metric:operations`
/// convention: three or more non-empty parts, the last naming an operation, and no
/// counter suffix. Exporters use colons too (`vllm:num_requests_total`,
/// `clouddriver:google:api__count_total`, `:tensorflow:serving:request_count`); their names
/// are raw series.
fn recorded_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split(':').collect();
    if parts.len() < 3 || parts.iter().any(|p| p.is_empty()) {
        return false;
    }
    if ["_total", "_count", "_sum", "_bucket", "_created"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
    {
        return false;
    }
    let operation = parts[parts.len() - 1].to_ascii_lowercase();
    operation.split('_').any(|word| {
        RECORDED_OPERATIONS.iter().any(|op| {
            word.strip_prefix(op)
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_alphanumeric()))
        })
    })
}

impl Check for RateNonCounter {
    fn check(&self, expr: &Expr, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        expr.walk(&mut |e| {
            let Expr::Call { name, args, .. } = e else { return };
            let function = name.value.as_str();
            let counter_function = matches!(function, "rate" | "irate" | "increase");
            let gauge_function = matches!(function, "delta" | "idelta" | "deriv");
            if !counter_function && !gauge_function {
                return;
            }
            let Some(arg) = args.first() else { return };
            match arg.unparen() {
                Expr::Matrix { selector, .. } => {
                    let Some((metric, span)) = selector_name(selector) else { return };
                    if counter_function && recorded_name(metric) {
                        out.push(
                            Finding::new(
                                CODE,
                                Severity::Warning,
                                span,
                                format!("`{function}` over `{metric}`, a recording rule's output, which is a gauge"),
                            )
                            .help("apply `rate` to the raw counter inside the recording rule, or use `avg_over_time`/`max_over_time` on the recorded rate"),
                        );
                    }
                    if gauge_function && cx.contract.series(metric).is_some() {
                        out.push(
                            Finding::new(
                                CODE,
                                Severity::Warning,
                                span,
                                format!("`{function}` over `{metric}`, a counter"),
                            )
                            .help("use `increase` (or `rate`), which handles counter resets"),
                        );
                    }
                }
                Expr::Subquery { expr: inner, .. } if counter_function => {
                    if matches!(inner.unparen(), Expr::Aggregate { .. } | Expr::Binary { .. }) {
                        out.push(
                            Finding::new(
                                CODE,
                                Severity::Warning,
                                inner.span(),
                                format!("`{function}` over a subquery of an aggregation: counter resets are lost once series are combined"),
                            )
                            .help(format!("aggregate the `{function}` instead: `sum({function}(counter[5m]))`")),
                        );
                    }
                }
                _ => {}
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::recorded_name;

    #[test]
    fn recording_rule_names_and_exporter_names() {
        for recorded in [
            "job:http_requests:rate5m",
            "llm_slo:slo_error:ratio_rate5m",
            "code_verb:apiserver_request_total:increase1h",
            "instance:node_cpu:sum",
        ] {
            assert!(recorded_name(recorded), "{recorded}");
        }
        for raw in [
            "vllm:num_requests_running",
            "vllm:request_success_total",
            "lmcache:num_hit_tokens",
            "clouddriver:google:api__count_total",
            "clouddriver:google:batchSize",
            ":tensorflow:serving:request_count",
        ] {
            assert!(!recorded_name(raw), "{raw}");
        }
    }
}
