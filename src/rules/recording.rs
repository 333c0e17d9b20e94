//! The recording rules every dashboard, SLO and alert reads: call and error rates, the error
//! ratio, token rates by type, cost rates (exact and estimated), latency quantiles and the
//! cache hit ratio, each kept by the recording dimensions.

use std::collections::BTreeMap;

use llm_slo_core::contract::{InstrumentKind, Signal, TOKEN_TYPE};
use minijinja::context;

use super::model::{Rule, RuleKind};
use crate::load::LoadedSpec;
use crate::promql::build::{self, Matcher};
use crate::queries::Queries;
use crate::queries::names;
use crate::queries::templates::Templates;

/// A recording rule.
pub(crate) fn record(name: String, expr: String, labels: BTreeMap<String, String>) -> Rule {
    Rule {
        kind: RuleKind::Record(name),
        expr,
        for_: None,
        labels,
        annotations: BTreeMap::new(),
    }
}

/// Every recording rule of the spec's `recording` section, in a fixed order.
pub(crate) fn recording_rules(
    loaded: &LoadedSpec,
    q: &Queries,
    t: &Templates,
) -> Result<Vec<Rule>, String> {
    let window = q.window();
    let w = window.to_string();
    let by = q.recording_by();
    let selector = q.matchers(&BTreeMap::new());
    let mut rules = Vec::new();

    if let Some(duration) = q.metric(Signal::OperationDuration) {
        // Cancelled calls are neither requests an SLI counts nor errors.
        let counted = q.counted_calls(&BTreeMap::new());
        let failed = q.failed_calls(&BTreeMap::new());
        rules.push(record(
            names::requests(&w),
            t.render(
                "recording/requests.promql.j2",
                context! { by => by.clone(), calls => q.count_rate(&duration, &counted, window) },
            )?,
            BTreeMap::new(),
        ));
        rules.push(record(
            names::errors(&w),
            t.render(
                "recording/errors.promql.j2",
                context! { by => by.clone(), errors => q.count_rate(&duration, &failed, window) },
            )?,
            BTreeMap::new(),
        ));
        rules.push(record(
            names::error_ratio(&w),
            t.render(
                "recording/error_ratio.promql.j2",
                context! {
                    errors => q.recorded(&names::errors(&w), &[]),
                    requests => q.recorded(&names::requests(&w), &[]),
                },
            )?,
            BTreeMap::new(),
        ));
    }

    rules.extend(token_rule(q, t, &by, &selector, window)?);

    if let Some(cost) = q.metric(Signal::Cost) {
        rules.push(record(
            names::cost(&w),
            t.render(
                "recording/cost.promql.j2",
                context! { by => by.clone(), rate => q.counter_rate(&cost, &selector, window) },
            )?,
            BTreeMap::new(),
        ));
    }
    if !loaded.prices.is_empty() {
        rules.extend(super::prices::cost_estimate_rule(q, &selector, &by));
    }

    for (signal, name) in [
        (Signal::OperationDuration, names::duration_quantile(&w)),
        (
            Signal::TimeToFirstChunk,
            names::time_to_first_chunk_quantile(&w),
        ),
    ] {
        let Some(histogram) = q.metric(signal) else {
            continue;
        };
        let mut quantile_by = by.clone();
        if !histogram.is_native_histogram() {
            quantile_by.push("le".to_owned());
        }
        for quantile in &loaded.spec.recording.quantiles {
            rules.push(record(
                name.clone(),
                t.render(
                    "recording/quantile.promql.j2",
                    context! {
                        quantile => build::number(*quantile),
                        by => quantile_by.clone(),
                        bucket_rate => q.bucket_rate(&histogram, &selector, window),
                    },
                )?,
                BTreeMap::from([("quantile".to_owned(), build::number(*quantile))]),
            ));
        }
    }

    if let (Some(cache_read), Some(input)) = (
        q.metric(Signal::CacheReadInputTokens),
        q.metric(Signal::InputTokens),
    ) {
        rules.push(record(
            names::cache_hit_ratio(&w),
            t.render(
                "recording/cache_hit_ratio.promql.j2",
                context! {
                    by => by.clone(),
                    cache_read => q.counter_rate(&cache_read, &selector, window),
                    input => q.counter_rate(&input, &selector, window),
                },
            )?,
            BTreeMap::new(),
        ));
    }
    Ok(rules)
}

/// Tokens per second by type: the token histogram's sums (`genai-v1.41`), or one counter per
/// type (`genai-latest`), labelled with the type.
fn token_rule(
    q: &Queries,
    t: &Templates,
    by: &[String],
    selector: &[Matcher],
    window: crate::base::Duration,
) -> Result<Option<Rule>, String> {
    let type_label = q.contract.label(TOKEN_TYPE);
    let mut parts = Vec::new();
    if let Some(usage) = q.metric(Signal::TokenUsage) {
        parts.push(context! { type => "", rate => q.histogram_sum_rate(&usage, selector, window) });
    } else {
        for (signal, token_type) in [
            (Signal::InputTokens, "input"),
            (Signal::OutputTokens, "output"),
            (Signal::CacheReadInputTokens, "cache_read"),
            (Signal::CacheWriteInputTokens, "cache_write"),
            (Signal::ReasoningOutputTokens, "reasoning"),
        ] {
            let Some(counter) = q.metric(signal) else {
                continue;
            };
            if counter.kind != InstrumentKind::Counter {
                continue;
            }
            parts.push(context! {
                type => token_type,
                type_string => build::string(token_type),
                rate => q.counter_rate(&counter, selector, window),
            });
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let expr = t.render(
        "recording/tokens.promql.j2",
        context! {
            by => by.to_vec(),
            type_label => type_label.clone(),
            type_label_string => build::string(&type_label),
            parts => parts,
        },
    )?;
    Ok(Some(record(
        names::tokens(&q.window().to_string()),
        expr,
        BTreeMap::new(),
    )))
}
