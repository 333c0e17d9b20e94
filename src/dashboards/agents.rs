//! The agents dashboard: invocations, their success and duration, the tool and inference
//! calls each makes, their cost, and every tool's calls, failures and duration — on the
//! conventions' agent and tool metrics (`genai-latest`) and `llm-slo-otel`'s agent cost.

use llm_slo_core::contract::{AGENT_NAME, CANCELLED, ERROR_TYPE, MetricNames, Signal, TOOL_NAME};

use super::Context;
use super::layout::Layout;
use super::model::Panel;
use super::panels::{self, Query, Unit, legend};
use crate::promql::build::{self, Matcher};
use crate::queries::sum_by;

/// Whether the spec asks about agents (an agent or tool SLO or alert) and the profile has
/// their metrics.
pub(crate) fn wanted(cx: &Context<'_>) -> bool {
    use crate::spec::slos::Sli;
    let spec = &cx.loaded.spec;
    cx.queries.metric(Signal::AgentDuration).is_some()
        && (spec.slos.iter().any(|slo| {
            matches!(
                slo.sli,
                Sli::AgentRuns {} | Sli::AgentLatency { .. } | Sli::ToolCalls {}
            )
        }) || spec.alerts.runaway_agents.is_some()
            || spec.alerts.agent_cost.is_some())
}

/// `sum by (labels) (rate(series{selector, extra}[$__rate_interval]))`. Agent series carry
/// none of the calls' dimensions, so only the service's selector filters them.
fn rate(cx: &Context<'_>, labels: &[String], series: &str, extra: &[Matcher]) -> String {
    let mut matchers = cx.queries.matchers(&Default::default());
    matchers.extend(extra.iter().cloned());
    sum_by(
        labels,
        &format!(
            "rate({}[$__rate_interval])",
            build::selector(series, &matchers)
        ),
    )
}

fn quantile(cx: &Context<'_>, q: f64, label: &str, histogram: &MetricNames) -> String {
    format!(
        "histogram_quantile({}, {})",
        build::number(q),
        rate(
            cx,
            &[label.to_owned(), "le".to_owned()],
            &histogram.bucket(),
            &[]
        )
    )
}

/// Success ratio by a label: `1 - failed / counted`, cancelled invocations left out.
fn success(cx: &Context<'_>, label: &str, histogram: &MetricNames) -> String {
    let error_type = cx.queries.contract.label(ERROR_TYPE);
    let by = [label.to_owned()];
    let counted = rate(
        cx,
        &by,
        &histogram.count(),
        &[Matcher::ne(error_type.clone(), CANCELLED)],
    );
    let failed = rate(
        cx,
        &by,
        &histogram.count(),
        &[Matcher {
            label: error_type,
            op: "!~",
            value: format!("|{CANCELLED}"),
        }],
    );
    format!("1 - ({failed} or {counted} * 0) / {counted}")
}

/// The dashboard's panels.
pub(crate) fn panels(cx: &Context<'_>) -> Vec<Panel> {
    let q = &cx.queries;
    let agent = q.contract.label(AGENT_NAME);
    let tool = q.contract.label(TOOL_NAME);
    let mut layout = Layout::default();
    if let Some(duration) = q.metric(Signal::AgentDuration) {
        layout.row(panels::row("Agent invocations"));
        let by = [agent.clone()];
        layout.line(vec![
            panels::timeseries(
                "Invocations/s by agent",
                "Agent invocations per second (gen_ai.invoke_agent.duration's count).",
                Unit::PerSecond,
                None,
                &[Query::new(
                    rate(cx, &by, &duration.count(), &[]),
                    legend(&by),
                )],
            ),
            panels::timeseries(
                "Success ratio by agent",
                "Invocations that ended without an error.type over all (cancelled ones left out).",
                Unit::Ratio,
                None,
                &[Query::new(success(cx, &agent, &duration), legend(&by))],
            ),
        ]);
        let mut line = vec![panels::timeseries(
            "p95 invocation duration by agent",
            "The 95th percentile of gen_ai.invoke_agent.duration.",
            Unit::Seconds,
            None,
            &[Query::new(
                quantile(cx, 0.95, &agent, &duration),
                legend(&by),
            )],
        )];
        if let Some(cost) = q.metric(Signal::AgentRunCost) {
            line.push(panels::timeseries(
                "Mean cost per invocation by agent",
                "US dollars per invocation: the sum of its calls' costs (llm_slo.agent.cost), averaged.",
                Unit::Usd,
                None,
                &[Query::new(
                    format!(
                        "{} / {}",
                        rate(cx, &by, &cost.sum(), &[]),
                        rate(cx, &by, &cost.count(), &[])
                    ),
                    legend(&by),
                )],
            ));
        }
        layout.line(line);
        let per_run: Vec<Panel> = [
            (Signal::AgentToolCalls, "Tool calls per invocation"),
            (
                Signal::AgentInferenceCalls,
                "Inference calls per invocation",
            ),
        ]
        .into_iter()
        .filter_map(|(signal, title)| {
            let histogram = q.metric(signal)?;
            Some(panels::timeseries(
                title,
                "The median and 95th percentile per agent: a rising p95 is an agent looping.",
                Unit::Count,
                None,
                &[
                    Query::new(
                        quantile(cx, 0.5, &agent, &histogram),
                        format!("{} p50", legend(&by)),
                    ),
                    Query::new(
                        quantile(cx, 0.95, &agent, &histogram),
                        format!("{} p95", legend(&by)),
                    ),
                ],
            ))
        })
        .collect();
        if !per_run.is_empty() {
            layout.line(per_run);
        }
    }
    if let Some(duration) = q.metric(Signal::ToolDuration) {
        layout.row(panels::row("Tools"));
        let by = [tool.clone()];
        layout.line(vec![
            panels::timeseries(
                "Tool calls/s by tool",
                "Tool calls per second (gen_ai.execute_tool.duration's count).",
                Unit::PerSecond,
                None,
                &[Query::new(
                    rate(cx, &by, &duration.count(), &[]),
                    legend(&by),
                )],
            ),
            panels::timeseries(
                "Tool success ratio by tool",
                "Tool calls that ended without an error.type over all (cancelled ones left out).",
                Unit::Ratio,
                None,
                &[Query::new(success(cx, &tool, &duration), legend(&by))],
            ),
        ]);
        layout.line(vec![panels::timeseries(
            "p95 tool duration by tool",
            "The 95th percentile of gen_ai.execute_tool.duration.",
            Unit::Seconds,
            None,
            &[Query::new(
                quantile(cx, 0.95, &tool, &duration),
                legend(&by),
            )],
        )]);
    }
    layout.finish()
}
