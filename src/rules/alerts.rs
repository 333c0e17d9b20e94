//! The common LLM alerts (latency, error ratio, spend) and custom alerts.

use std::collections::BTreeMap;

use llm_slo_core::contract::{EVALUATION_NAME, Signal, UNPRICED_REASON};
use minijinja::context;

use super::model::{Rule, RuleKind};
use crate::promql::build;
use crate::queries::Queries;
use crate::queries::templates::Templates;
use crate::spec::Spec;
use crate::spec::alerts::{
    AgentCostAlert, CacheHitRatioAlert, ErrorRatioAlert, LatencyAlert, NoDataAlert,
    QualityDropAlert, RunawayAgentsAlert, SpendAlert, UnpricedCallsAlert,
};

/// Every alert of `spec.alerts`, in a fixed order.
pub(crate) fn llm_alerts(
    spec: &Spec,
    q: &Queries,
    templates: &Templates,
) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    if let Some(latency) = &spec.alerts.latency {
        rules.push(latency_alert(spec, q, templates, latency, &LATENCY)?);
    }
    if let Some(first_chunk) = &spec.alerts.time_to_first_chunk {
        rules.push(latency_alert(
            spec,
            q,
            templates,
            first_chunk,
            &TIME_TO_FIRST_CHUNK,
        )?);
    }
    if let Some(errors) = &spec.alerts.error_ratio {
        rules.push(error_ratio_alert(spec, q, templates, errors)?);
    }
    if let Some(spend) = &spec.alerts.spend {
        rules.push(spend_alert(spec, q, templates, spend)?);
    }
    if let Some(cache) = &spec.alerts.cache_hit_ratio {
        rules.push(cache_hit_ratio_alert(spec, q, templates, cache)?);
    }
    if let Some(drop) = &spec.alerts.quality_drop {
        rules.push(quality_drop_alert(spec, q, templates, drop)?);
    }
    if let Some(runaway) = &spec.alerts.runaway_agents {
        rules.extend(runaway_agent_alerts(spec, q, templates, runaway)?);
    }
    if let Some(cost) = &spec.alerts.agent_cost {
        rules.push(agent_cost_alert(spec, q, templates, cost)?);
    }
    if let Some(unpriced) = &spec.alerts.unpriced_calls {
        rules.push(unpriced_calls_alert(spec, q, templates, unpriced)?);
    }
    if let Some(no_data) = &spec.alerts.no_data {
        rules.push(no_data_alert(spec, q, templates, no_data)?);
    }
    for custom in &spec.alerts.custom {
        let mut annotations = BTreeMap::from([("summary".to_owned(), custom.summary.clone())]);
        if let Some(description) = &custom.description {
            annotations.insert("description".to_owned(), description.clone());
        }
        if let Some(url) = &custom.runbook_url {
            annotations.insert("runbook_url".to_owned(), url.clone());
        }
        let mut labels = labels(spec, &custom.severity);
        labels.extend(custom.labels.clone());
        rules.push(Rule {
            kind: RuleKind::Alert(custom.name.clone()),
            expr: custom.expr.trim().to_owned(),
            for_: Some(custom.for_),
            labels,
            annotations,
        });
    }
    Ok(rules)
}

/// `severity`, `service` and the service's labels. Prometheus expands alert label values as
/// Go templates, so these literal values are escaped.
fn labels(spec: &Spec, severity: &str) -> BTreeMap<String, String> {
    let mut labels: BTreeMap<String, String> = spec
        .service
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), go_literal(v)))
        .collect();
    labels.insert("service".to_owned(), go_literal(&spec.service.name));
    labels.insert("severity".to_owned(), go_literal(severity));
    labels
}

fn annotations(
    summary: String,
    description: String,
    runbook_url: Option<&String>,
) -> BTreeMap<String, String> {
    let mut annotations = BTreeMap::from([
        ("summary".to_owned(), summary),
        ("description".to_owned(), description),
    ]);
    if let Some(url) = runbook_url {
        annotations.insert("runbook_url".to_owned(), go_literal(url));
    }
    annotations
}

/// " (model {{ $labels.… }}, …)" or nothing.
fn scope_suffix(q: &Queries, by: &[String]) -> String {
    if by.is_empty() {
        String::new()
    } else {
        format!(" ({})", q.scope(by))
    }
}

/// " (feature=chat, model=x)" or nothing; values escaped for Go templates.
fn filter_text(filter: &BTreeMap<String, String>) -> String {
    if filter.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = filter
        .iter()
        .map(|(k, v)| format!("{k}={}", go_literal(v)))
        .collect();
    format!(" ({})", parts.join(", "))
}

/// `p95`, `p99`, `p99.9`.
fn percentile_name(quantile: f64) -> String {
    format!("p{}", build::number((quantile * 1000.0).round() / 10.0))
}

/// What a quantile alert measures: its histogram, alert name, template and words.
pub(crate) struct QuantileAlert {
    /// The histogram the quantile is of.
    pub signal: Signal,
    /// The alert's name.
    pub alert: &'static str,
    /// The template that writes its expression.
    pub template: &'static str,
    /// What the quantile is of, in the summary ("latency").
    what: &'static str,
}

/// `LLMHighLatency`: a quantile of the operation duration.
pub(crate) const LATENCY: QuantileAlert = QuantileAlert {
    signal: Signal::OperationDuration,
    alert: "LLMHighLatency",
    template: "alerts/latency.promql.j2",
    what: "latency",
};

/// `LLMSlowFirstChunk`: a quantile of the time to the first chunk of streamed answers.
pub(crate) const TIME_TO_FIRST_CHUNK: QuantileAlert = QuantileAlert {
    signal: Signal::TimeToFirstChunk,
    alert: "LLMSlowFirstChunk",
    template: "alerts/time_to_first_chunk.promql.j2",
    what: "time to first chunk",
};

fn latency_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &LatencyAlert,
    kind: &QuantileAlert,
) -> Result<Rule, String> {
    let duration = q
        .metric(kind.signal)
        .ok_or_else(|| format!("the profile has no histogram for {}", kind.what))?;
    let window = q.rate_window(a.window);
    let mut by = q.labels(&a.by);
    if !duration.is_native_histogram() {
        by.push("le".to_owned());
    }
    let expr = t.render(
        kind.template,
        context! {
            quantile => build::number(a.quantile),
            by => by,
            bucket_rate => q.bucket_rate(&duration, &q.matchers(&a.filter), window),
            threshold => build::number(a.above.as_secs_f64()),
        },
    )?;
    let p = percentile_name(a.quantile);
    let instrument = q
        .contract
        .instrument(kind.signal)
        .map(|i| i.name)
        .unwrap_or_default();
    Ok(Rule {
        kind: RuleKind::Alert(kind.alert.to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "LLM {p} {} is {{{{ $value | humanizeDuration }}}}{}",
                kind.what,
                scope_suffix(q, &a.by)
            ),
            format!(
                "The {p} of {instrument} over the last {window}{} has been above {} for {}.",
                filter_text(&a.filter),
                a.above,
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn error_ratio_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &ErrorRatioAlert,
) -> Result<Rule, String> {
    let duration = q
        .metric(Signal::OperationDuration)
        .ok_or("the profile has no operation duration histogram")?;
    let window = q.rate_window(a.window);
    let matchers = q.counted_calls(&a.filter);
    let failed = q.failed_calls(&a.filter);
    let expr = t.render(
        "alerts/error_ratio.promql.j2",
        context! {
            by => q.labels(&a.by),
            errors => q.count_rate(&duration, &failed, window),
            total => q.count_rate(&duration, &matchers, window),
            threshold => build::number(a.above),
        },
    )?;
    Ok(Rule {
        kind: RuleKind::Alert("LLMHighErrorRate".to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "{{{{ $value | humanizePercentage }}}} of LLM calls fail{}",
                scope_suffix(q, &a.by)
            ),
            format!(
                "More than {} of LLM calls{} failed (error.type set) over the last {window}, for {}.",
                percent(a.above),
                filter_text(&a.filter),
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn spend_alert(spec: &Spec, q: &Queries, t: &Templates, a: &SpendAlert) -> Result<Rule, String> {
    let cost = q.metric(Signal::Cost).ok_or("no cost metric")?;
    if cost.is_native_histogram() {
        return Err("the spend alert reads a cost histogram's `_sum`: configure the cost histogram as a classic one".to_owned());
    }
    let expr = t.render(
        "alerts/spend.promql.j2",
        context! {
            by => q.labels(&a.by),
            cost => build::selector(&cost.running_total(), &q.matchers(&a.filter)),
            threshold => build::number(a.per_hour_above),
        },
    )?;
    Ok(Rule {
        kind: RuleKind::Alert("LLMHighCost".to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "LLM spend was ${{{{ $value | printf \"%.2f\" }}}} in the last hour{}",
                scope_suffix(q, &a.by)
            ),
            format!(
                "Spend on LLM calls{} over the last hour is above the ${} per hour limit.",
                filter_text(&a.filter),
                build::number(a.per_hour_above)
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn cache_hit_ratio_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &CacheHitRatioAlert,
) -> Result<Rule, String> {
    let (Some(cache_read), Some(input)) = (
        q.metric(Signal::CacheReadInputTokens),
        q.metric(Signal::InputTokens),
    ) else {
        return Err("the profile does not count cache reads (genai-latest does)".to_owned());
    };
    let window = q.rate_window(a.window);
    let matchers = q.matchers(&a.filter);
    let expr = t.render(
        "alerts/cache_hit_ratio.promql.j2",
        context! {
            by => q.labels(&a.by),
            cache_read => q.counter_rate(&cache_read, &matchers, window),
            input => q.counter_rate(&input, &matchers, window),
            threshold => build::number(a.below),
        },
    )?;
    Ok(Rule {
        kind: RuleKind::Alert("LLMLowCacheHitRatio".to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "Only {{{{ $value | humanizePercentage }}}} of LLM input tokens come from the prompt cache{}",
                scope_suffix(q, &a.by)
            ),
            format!(
                "Less than {} of input tokens{} were read from the prompt cache over the last {window}, for {}: prompts may have changed in a way that defeats caching, and cost more.",
                percent(a.below),
                filter_text(&a.filter),
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn quality_drop_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &QualityDropAlert,
) -> Result<Rule, String> {
    let scores = q
        .metric(Signal::EvaluationScore)
        .ok_or("the profile has no evaluation scores")?;
    let mut matchers = q.matchers(&a.filter);
    matchers.push(build::Matcher::eq(
        q.contract.label(EVALUATION_NAME),
        &a.evaluation,
    ));
    // The baseline ends where the recent window begins.
    let baseline = |rate: String| {
        rate.replace(
            &format!("[{}]", a.baseline),
            &format!("[{}] offset {}", a.baseline, a.window),
        )
    };
    let count_increase = if scores.is_native_histogram() {
        format!(
            "histogram_count(increase({}[{}]))",
            build::selector(&scores.bucket(), &matchers),
            a.window
        )
    } else {
        format!(
            "increase({}[{}])",
            build::selector(&scores.count(), &matchers),
            a.window
        )
    };
    let expr = t.render(
        "alerts/quality_drop.promql.j2",
        context! {
            by => q.labels(&a.by),
            recent_sum => q.histogram_sum_rate(&scores, &matchers, a.window),
            recent_count => q.count_rate(&scores, &matchers, a.window),
            baseline_sum => baseline(q.histogram_sum_rate(&scores, &matchers, a.baseline)),
            baseline_count => baseline(q.count_rate(&scores, &matchers, a.baseline)),
            scores => count_increase,
            drop => build::number(a.drop),
            min_scores => a.min_scores,
        },
    )?;
    let mut labels = labels(spec, &a.severity);
    labels.insert("evaluation".to_owned(), go_literal(&a.evaluation));
    Ok(Rule {
        kind: RuleKind::Alert("LLMQualityDrop".to_owned()),
        expr,
        for_: Some(a.for_),
        labels,
        annotations: annotations(
            format!(
                "The {} score of LLM answers dropped{}",
                go_literal(&a.evaluation),
                scope_suffix(q, &a.by)
            ),
            format!(
                "The mean {} score over the last {}{} is more than {} below its mean over the {} before, with at least {} scores, for {}: a prompt, model or retrieval change may have made answers worse.",
                go_literal(&a.evaluation),
                a.window,
                filter_text(&a.filter),
                build::number(a.drop),
                a.baseline,
                a.min_scores,
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn runaway_agent_alerts(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &RunawayAgentsAlert,
) -> Result<Vec<Rule>, String> {
    let window = q.rate_window(a.window);
    let p = percentile_name(a.quantile);
    let mut rules = Vec::new();
    for (bound, signal, alert, what) in [
        (
            a.tool_calls_above,
            Signal::AgentToolCalls,
            "LLMRunawayAgentToolCalls",
            "tool calls",
        ),
        (
            a.inference_calls_above,
            Signal::AgentInferenceCalls,
            "LLMRunawayAgentInferenceCalls",
            "inference calls",
        ),
    ] {
        let Some(bound) = bound else { continue };
        let histogram = q
            .metric(signal)
            .ok_or("the profile has no agent metrics (genai-latest has)")?;
        let mut by = q.labels(&a.by);
        if !histogram.is_native_histogram() {
            by.push("le".to_owned());
        }
        let expr = t.render(
            "alerts/agent_calls.promql.j2",
            context! {
                quantile => build::number(a.quantile),
                by => by,
                bucket_rate => q.bucket_rate(&histogram, &q.matchers(&a.filter), window),
                threshold => build::number(bound),
            },
        )?;
        rules.push(Rule {
            kind: RuleKind::Alert(alert.to_owned()),
            expr,
            for_: Some(a.for_),
            labels: labels(spec, &a.severity),
            annotations: annotations(
                format!(
                    "Agent invocations make {{{{ $value }}}} {what} at the {p}{}",
                    scope_suffix(q, &a.by)
                ),
                format!(
                    "The {p} of {what} per agent invocation over the last {window}{} has been above {} for {}: an agent may be looping.",
                    filter_text(&a.filter),
                    build::number(bound),
                    a.for_
                ),
                a.runbook_url.as_ref(),
            ),
        });
    }
    Ok(rules)
}

fn agent_cost_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &AgentCostAlert,
) -> Result<Rule, String> {
    let cost = q
        .metric(Signal::AgentRunCost)
        .ok_or("the profile has no agent cost")?;
    let matchers = q.matchers(&a.filter);
    let expr = t.render(
        "alerts/agent_cost.promql.j2",
        context! {
            by => q.labels(&a.by),
            cost_sum => q.histogram_sum_rate(&cost, &matchers, a.window),
            cost_count => q.count_rate(&cost, &matchers, a.window),
            threshold => build::number(a.per_run_above),
        },
    )?;
    Ok(Rule {
        kind: RuleKind::Alert("LLMAgentRunCostHigh".to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "An agent invocation costs ${{{{ $value | printf \"%.2f\" }}}} on average{}",
                scope_suffix(q, &a.by)
            ),
            format!(
                "The mean cost of an agent invocation over the last {}{} has been above ${} for {}.",
                a.window,
                filter_text(&a.filter),
                build::number(a.per_run_above),
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn unpriced_calls_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    a: &UnpricedCallsAlert,
) -> Result<Rule, String> {
    let (Some(unpriced), Some(duration)) = (
        q.metric(Signal::UnpricedCalls),
        q.metric(Signal::OperationDuration),
    ) else {
        return Err("the profile has no counter of unpriced calls".to_owned());
    };
    let window = q.rate_window(a.window);
    let by = q.labels(&["provider".to_owned(), "model".to_owned()]);
    let no_filter = BTreeMap::new();
    let expr = t.render(
        "alerts/unpriced_calls.promql.j2",
        context! {
            by => by,
            reason => q.contract.label(UNPRICED_REASON),
            unpriced => q.counter_rate(&unpriced, &q.matchers(&no_filter), window),
            total => q.count_rate(&duration, &q.counted_calls(&no_filter), window),
            threshold => build::number(a.above),
        },
    )?;
    Ok(Rule {
        kind: RuleKind::Alert("LLMUnpricedCalls".to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "{{{{ $value | humanizePercentage }}}} of LLM calls have no cost ({{{{ $labels.{} }}}}){}",
                q.contract.label(UNPRICED_REASON),
                scope_suffix(q, &["provider".to_owned(), "model".to_owned()])
            ),
            format!(
                "{} of a model's calls over the last {window} were not priced, for {}: the spend shown is too low. `unknown_model`: add the model to the spec and regenerate; `no_usage`: the call or stream reported no usage (ask for it: `stream_options.include_usage`); `usage_cap`: a usage above `telemetry.max_tokens_per_call`; `refused`: a unit without a price.",
                if a.above > 0.0 {
                    format!("More than {}", percent(a.above))
                } else {
                    "Some".to_owned()
                },
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn no_data_alert(spec: &Spec, q: &Queries, t: &Templates, a: &NoDataAlert) -> Result<Rule, String> {
    let duration = q
        .metric(Signal::OperationDuration)
        .ok_or("the profile has no operation duration histogram")?;
    let calls = build::selector(&duration.count(), &q.matchers(&BTreeMap::new()));
    let expr = t.render("alerts/no_data.promql.j2", context! { calls => calls })?;
    Ok(Rule {
        kind: RuleKind::Alert("LLMNoData".to_owned()),
        expr,
        for_: Some(a.for_),
        labels: labels(spec, &a.severity),
        annotations: annotations(
            format!(
                "No LLM call metrics from {}",
                go_literal(&spec.service.name)
            ),
            format!(
                "No series of {} have been seen for {}: the application, its OpenTelemetry export or the scrape is down, or it makes no LLM calls.",
                duration.count(),
                a.for_
            ),
            a.runbook_url.as_ref(),
        ),
    })
}

fn percent(fraction: f64) -> String {
    format!(
        "{}%",
        build::number((fraction * 100_000.0).round() / 1000.0)
    )
}

/// Text that must appear literally in a Go template: `{{` and `}}` are written as template
/// actions that print them.
pub(crate) fn go_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("{{") {
            out.push_str(r#"{{ "{{" }}"#);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("}}") {
            out.push_str(r#"{{ "}}" }}"#);
            rest = tail;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_delimiters_are_escaped() {
        assert_eq!(go_literal("a{{x}}b"), r#"a{{ "{{" }}x{{ "}}" }}b"#);
        assert_eq!(go_literal("plain"), "plain");
    }

    #[test]
    fn percentiles_are_named() {
        assert_eq!(percentile_name(0.95), "p95");
        assert_eq!(percentile_name(0.999), "p99.9");
        assert_eq!(percent(0.05), "5%");
        assert_eq!(percent(0.001), "0.1%");
    }
}
