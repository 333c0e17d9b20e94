//! The comparison dashboard: the values of one dimension (the prompt versions of an A/B
//! test) side by side on cost per call, tokens per call, latency, errors and evaluation
//! scores, over the dashboard's time range and over time.
//!
//! Whether a difference is real or noise: every ratio comes with the half-width of its 95 %
//! confidence interval under the normal approximation, `1.96 × √(p(1−p)/n)`. Two versions
//! differ beyond noise when their intervals do not overlap — the difference is larger than
//! the sum of the two margins, a conservative form of the two-proportion z-test. The
//! approximation needs enough events (n·p and n·(1−p) of at least about 10), so the
//! sample-size columns turn red below `min_samples`. Means (cost, tokens, score) come with
//! their sample size only: Prometheus keeps no sum of squares to give them a variance.

use llm_slo_core::contract::{CANCELLED, ERROR_TYPE, EVALUATION_NAME, MetricNames, Signal};

use super::Context;
use super::layout::Layout;
use super::model::Panel;
use super::panels::{self, Column, Query, Unit, legend};
use crate::promql::build::{self, Matcher};
use crate::queries::sum_by;
use crate::spec::dashboards::Compare;
use crate::spec::slos::Sli;

/// What the dashboard reads.
struct Sources {
    label: String,
    duration: MetricNames,
    cost: Option<MetricNames>,
    tokens: Vec<MetricNames>,
    score: Option<(MetricNames, String, Option<f64>)>,
}

/// The comparison dashboard's panels; none when the profile has no call histogram.
pub(crate) fn panels(cx: &Context<'_>, compare: &Compare) -> Vec<Panel> {
    let Some(sources) = sources(cx, compare) else {
        return Vec::new();
    };
    let mut layout = Layout::default();
    layout.row(panels::row("Side by side over the time range"));
    layout.line(vec![side_by_side(cx, compare, &sources)]);
    layout.row(panels::row("Over time"));
    for from in [0, 2, 4] {
        let line = over_time(cx, &sources, from);
        if !line.is_empty() {
            layout.line(line);
        }
    }
    layout.finish()
}

fn sources(cx: &Context<'_>, compare: &Compare) -> Option<Sources> {
    let q = &cx.queries;
    let duration = q.metric(Signal::OperationDuration)?;
    let tokens = match q.metric(Signal::TokenUsage) {
        Some(histogram) => vec![histogram],
        None => [Signal::InputTokens, Signal::OutputTokens]
            .into_iter()
            .filter_map(|s| q.metric(s))
            .collect(),
    };
    let score = compare.evaluation.as_ref().and_then(|evaluation| {
        let above = compare.above.or_else(|| {
            cx.loaded.spec.slos.iter().find_map(|slo| match &slo.sli {
                Sli::Quality {
                    evaluation: e,
                    above,
                } if e == evaluation => Some(*above),
                _ => None,
            })
        });
        Some((
            q.metric(Signal::EvaluationScore)?,
            evaluation.clone(),
            above,
        ))
    });
    Some(Sources {
        label: q.label(&compare.dimension),
        duration,
        cost: q.metric(Signal::Cost),
        tokens,
        score,
    })
}

/// `sum by (label) (f(series{filter, extra}[range]))`.
fn summed(
    cx: &Context<'_>,
    label: &str,
    function: &str,
    series: &str,
    extra: &[Matcher],
    range: &str,
) -> String {
    sum_by(
        &[label.to_owned()],
        &format!(
            "{function}({}[{range}])",
            build::selector(series, &cx.raw_filter(extra))
        ),
    )
}

/// Calls that count (cancelled ones do not), and the failed ones.
fn call_matchers(cx: &Context<'_>) -> (Matcher, Matcher) {
    let error_type = cx.queries.contract.label(ERROR_TYPE);
    (
        Matcher::ne(error_type.clone(), CANCELLED),
        Matcher {
            label: error_type,
            op: "!~",
            value: format!("|{CANCELLED}"),
        },
    )
}

/// The half-width of a proportion's 95 % interval: `1.96 * sqrt(p * (1 - p) / n)`.
fn margin(p: &str, n: &str) -> String {
    format!("1.96 * sqrt(({p}) * (1 - ({p})) / ({n}))")
}

/// The queries of one measure, by the compared label: (title, description, unit, expr).
fn measures(
    cx: &Context<'_>,
    s: &Sources,
    range: &str,
    function: &str,
) -> Vec<(String, String, Unit, String)> {
    let label = &s.label;
    let (counted, failed) = call_matchers(cx);
    let calls = summed(
        cx,
        label,
        function,
        &s.duration.count(),
        std::slice::from_ref(&counted),
        range,
    );
    let errors = summed(cx, label, function, &s.duration.count(), &[failed], range);
    let mut out = Vec::new();
    out.push((
        "Calls".to_owned(),
        "Calls (cancelled ones left out): the sample size of the ratios.".to_owned(),
        Unit::Count,
        calls.clone(),
    ));
    if let Some(cost) = &s.cost {
        out.push((
            "Cost per call".to_owned(),
            "US dollars per call: the exact cost counter over the calls.".to_owned(),
            Unit::Usd,
            format!(
                "{} / {}",
                summed(cx, label, function, &cost.running_total(), &[], range),
                summed(cx, label, function, &s.duration.count(), &[], range)
            ),
        ));
    }
    if !s.tokens.is_empty() {
        let tokens: Vec<String> = s
            .tokens
            .iter()
            .map(|t| {
                let series = if t.kind == llm_slo_core::contract::InstrumentKind::Histogram {
                    t.sum()
                } else {
                    t.total()
                };
                summed(cx, label, function, &series, &[], range)
            })
            .collect();
        out.push((
            "Tokens per call".to_owned(),
            "Input and output tokens per call.".to_owned(),
            Unit::Count,
            format!(
                "({}) / {}",
                tokens.join(" + "),
                summed(cx, label, function, &s.duration.count(), &[], range)
            ),
        ));
    }
    out.push((
        "p95 latency".to_owned(),
        "The 95th percentile of the call duration.".to_owned(),
        Unit::Seconds,
        format!(
            "histogram_quantile(0.95, {})",
            sum_by(
                &[label.clone(), "le".to_owned()],
                &format!(
                    "{function}({}[{range}])",
                    build::selector(
                        &s.duration.bucket(),
                        &cx.raw_filter(std::slice::from_ref(&counted))
                    )
                )
            )
        ),
    ));
    let error_ratio = format!("({errors} or {calls} * 0) / {calls}");
    out.push((
        "Error ratio".to_owned(),
        "Failed calls over calls (cancelled ones left out).".to_owned(),
        Unit::Ratio,
        error_ratio.clone(),
    ));
    out.push((
        "± error ratio".to_owned(),
        "Half-width of the error ratio's 95 % confidence interval, 1.96 × √(p(1−p)/n): two versions differ beyond noise when their ratios are further apart than the sum of their margins.".to_owned(),
        Unit::Ratio,
        margin(&error_ratio, &calls),
    ));
    if let Some((score, evaluation, above)) = &s.score {
        let scored = [Matcher::eq(
            cx.queries.contract.label(EVALUATION_NAME),
            evaluation,
        )];
        let scores = summed(cx, label, function, &score.count(), &scored, range);
        out.push((
            format!("Mean {evaluation}"),
            format!("The mean `{evaluation}` score."),
            Unit::Count,
            format!(
                "{} / {scores}",
                summed(cx, label, function, &score.sum(), &scored, range)
            ),
        ));
        out.push((
            format!("{evaluation} scores"),
            format!("Scores of `{evaluation}`: the sample size of the score measures."),
            Unit::Count,
            scores.clone(),
        ));
        if let Some(above) = above {
            let mut at_most = scored.to_vec();
            at_most.push(Matcher {
                label: "le".to_owned(),
                op: "=~",
                value: crate::queries::le_regex(*above),
            });
            let good = format!(
                "1 - ({} or {scores} * 0) / {scores}",
                summed(cx, label, function, &score.bucket(), &at_most, range)
            );
            out.push((
                format!("Good {evaluation}"),
                format!(
                    "The share of `{evaluation}` scores above {}.",
                    build::number(*above)
                ),
                Unit::Ratio,
                good.clone(),
            ));
            out.push((
                format!("± good {evaluation}"),
                "Half-width of the good-score share's 95 % confidence interval, 1.96 × √(p(1−p)/n).".to_owned(),
                Unit::Ratio,
                margin(&good, &scores),
            ));
        }
    }
    out
}

fn side_by_side(cx: &Context<'_>, compare: &Compare, s: &Sources) -> Panel {
    let legend = legend(std::slice::from_ref(&s.label));
    let mut columns = Vec::new();
    for (header, _, unit, expr) in measures(cx, s, "$__range", "increase") {
        // Whether a sample size reaches `min_samples` (1) or not (0), beside it.
        let enough = (header == "Calls" || header.ends_with(" scores")).then(|| Column {
            query: Query::new(
                format!("{expr} >= bool {}", compare.min_samples),
                legend.clone(),
            ),
            header: format!("{header} ≥ {} (1: yes)", compare.min_samples),
        });
        let unit = match unit {
            Unit::Usd => " (USD)",
            Unit::Seconds => " (s)",
            _ => "",
        };
        columns.push(Column {
            query: Query::new(expr, legend.clone()),
            header: format!("{header}{unit}"),
        });
        columns.extend(enough);
    }
    panels::comparison(
        &format!("{} side by side", compare.dimension),
        &format!(
            "Each value of `{}` over the dashboard's time range (ratios as fractions: 0.05 is 5 %). A ratio's difference between two values is beyond noise when it is larger than the sum of their ± margins (95 % intervals, normal approximation: a conservative two-proportion z-test); read it only when both have at least {} calls (and scores): the `≥` columns say 1 when they do.",
            compare.dimension, compare.min_samples
        ),
        &columns,
    )
}

/// Two measures over time from `from`, each a time series per value.
fn over_time(cx: &Context<'_>, s: &Sources, from: usize) -> Vec<Panel> {
    measures(cx, s, "$__rate_interval", "rate")
        .into_iter()
        .filter(|(title, ..)| {
            !title.starts_with('±') && title != "Calls" && !title.ends_with(" scores")
        })
        .skip(from)
        .take(2)
        .map(|(title, description, unit, expr)| {
            panels::timeseries(
                &title,
                &description,
                unit,
                None,
                &[Query::new(expr, legend(std::slice::from_ref(&s.label)))],
            )
        })
        .collect()
}
