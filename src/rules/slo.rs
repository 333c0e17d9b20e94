//! Service-level objectives: SLI error ratios over every window the burn-rate alerts need,
//! the error ratio over the whole SLO window (traffic-weighted), the budget left, and
//! multi-window multi-burn-rate alerts with the SRE workbook's tiers.

use std::collections::BTreeMap;

use llm_slo_core::contract::Signal;
use minijinja::context;

use super::alerts::go_literal;
use super::model::{Rule, RuleKind};
use super::recording::record;
use crate::base::Duration;
use crate::promql::build::{self, Matcher};
use crate::queries::Queries;
use crate::queries::builder::sum_by;
use crate::queries::names;
use crate::queries::slo_math::{
    BurnTier, burn_threshold, burn_tiers, error_budget, objective_ratio,
};
use crate::queries::templates::Templates;
use crate::spec::Spec;
use crate::spec::slos::{Sli, Slo};

/// The rates of an SLO's events over a window: bad ones, or good ones for threshold SLIs.
struct SliRates {
    errors: String,
    total: String,
    good: String,
}

fn sli(q: &Queries, slo: &Slo, window: Duration) -> Result<SliRates, String> {
    let matchers = q.matchers(&slo.filter);
    let by = slo.split_labels(q);
    let sum = |expr: String| sum_by(&by, &expr);
    let histogram = match slo.sli.signal() {
        Some(signal) => Some(q.metric(signal).ok_or_else(|| {
            format!(
                "the profile has no histogram for the `{}` SLI",
                slo.sli.key()
            )
        })?),
        None => None,
    };
    match (&slo.sli, histogram) {
        (Sli::Availability {} | Sli::AgentRuns {} | Sli::ToolCalls {}, Some(histogram)) => {
            let failed = q.failed_calls(&slo.filter);
            let counted = q.counted_calls(&slo.filter);
            Ok(SliRates {
                errors: sum(q.count_rate(&histogram, &failed, window)),
                total: sum(q.count_rate(&histogram, &counted, window)),
                good: String::new(),
            })
        }
        (
            Sli::Latency { threshold }
            | Sli::TimeToFirstChunk { threshold }
            | Sli::AgentLatency { threshold },
            Some(histogram),
        ) => {
            let seconds = threshold.as_secs_f64();
            // The durations carry `error.type`: a cancelled call's duration is cut short by
            // the application, not the provider's speed. The time to first chunk does not.
            let matchers = if matches!(slo.sli, Sli::TimeToFirstChunk { .. }) {
                matchers
            } else {
                q.counted_calls(&slo.filter)
            };
            if histogram.is_native_histogram() {
                let rate = sum(format!(
                    "rate({}[{window}])",
                    build::selector(&histogram.bucket(), &matchers)
                ));
                Ok(SliRates {
                    errors: String::new(),
                    total: format!("histogram_count({rate})"),
                    good: format!(
                        "histogram_fraction(0, {}, {rate}) * histogram_count({rate})",
                        build::number(seconds)
                    ),
                })
            } else {
                let mut under = matchers.clone();
                under.push(Matcher {
                    label: "le".to_owned(),
                    op: "=~",
                    value: crate::queries::le_regex(seconds),
                });
                Ok(SliRates {
                    errors: String::new(),
                    total: sum(q.count_rate(&histogram, &matchers, window)),
                    good: sum(format!(
                        "rate({}[{window}])",
                        build::selector(&histogram.bucket(), &under)
                    )),
                })
            }
        }
        (Sli::Quality { evaluation, above }, Some(histogram)) => {
            // Bad: the scores at or below the bound, its bucket.
            let mut scored = matchers;
            scored.push(Matcher::eq(
                q.contract.label(llm_slo_core::contract::EVALUATION_NAME),
                evaluation,
            ));
            if histogram.is_native_histogram() {
                let rate = sum(format!(
                    "rate({}[{window}])",
                    build::selector(&histogram.bucket(), &scored)
                ));
                Ok(SliRates {
                    errors: format!(
                        "histogram_fraction(-Inf, {}, {rate}) * histogram_count({rate})",
                        build::number(*above)
                    ),
                    total: format!("histogram_count({rate})"),
                    good: String::new(),
                })
            } else {
                let mut at_most = scored.clone();
                at_most.push(Matcher {
                    label: "le".to_owned(),
                    op: "=~",
                    value: crate::queries::le_regex(*above),
                });
                Ok(SliRates {
                    errors: sum(format!(
                        "rate({}[{window}])",
                        build::selector(&histogram.bucket(), &at_most)
                    )),
                    total: sum(q.count_rate(&histogram, &scored, window)),
                    good: String::new(),
                })
            }
        }
        (Sli::Events { errors, total }, _) => {
            let fill = |expr: &str| {
                expr.replace("{{ window }}", &window.to_string())
                    .replace("{{window}}", &window.to_string())
                    .trim()
                    .to_owned()
            };
            Ok(SliRates {
                errors: sum(fill(errors)),
                total: sum(fill(total)),
                good: String::new(),
            })
        }
        (_, None) => Err(format!(
            "the profile has no histogram for the `{}` SLI",
            slo.sli.key()
        )),
    }
}

/// Every rule of one SLO: recording rules first, then its alerts.
pub(crate) fn slo_rules(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    slo: &Slo,
) -> Result<(Vec<Rule>, Vec<Rule>), String> {
    let base = q.window();
    let tiers: Vec<BurnTier> = burn_tiers(slo.window, base)
        .into_iter()
        .filter(|tier| match tier.tier {
            "page" => slo.alerting.page.enabled,
            _ => slo.alerting.ticket.enabled,
        })
        .collect();
    let slo_label = BTreeMap::from([("slo".to_owned(), slo.name.clone())]);
    let of_slo = |name: String| q.recorded(&name, &[Matcher::eq("slo", &slo.name)]);
    let budget = error_budget(slo.objective);
    let mut records = Vec::new();

    // The base rates, summed over time for the whole window.
    let base_sli = sli(q, slo, base)?;
    let b = base.to_string();
    records.push(record(
        names::slo_errors(&b),
        t.render(
            "slo/errors.promql.j2",
            context! { errors => base_sli.errors, total => base_sli.total.clone(), good => base_sli.good },
        )?,
        slo_label.clone(),
    ));
    records.push(record(
        names::slo_requests(&b),
        base_sli.total.clone(),
        slo_label.clone(),
    ));

    let mut windows: Vec<Duration> = vec![base];
    for tier in &tiers {
        windows.push(tier.long);
        windows.push(tier.short);
    }
    windows.sort();
    windows.dedup();
    for window in &windows {
        let s = sli(q, slo, *window)?;
        records.push(record(
            names::slo_error_ratio(&window.to_string()),
            t.render(
                "slo/error_ratio.promql.j2",
                context! { errors => s.errors, total => s.total, good => s.good },
            )?,
            slo_label.clone(),
        ));
    }
    let whole = slo.window.to_string();
    records.push(record(
        names::slo_error_ratio(&whole),
        t.render(
            "slo/window_ratio.promql.j2",
            context! {
                errors => of_slo(names::slo_errors(&b)),
                requests => of_slo(names::slo_requests(&b)),
                window => whole.clone(),
            },
        )?,
        slo_label.clone(),
    ));
    records.push(record(
        names::SLO_OBJECTIVE.to_owned(),
        format!("vector({})", objective_ratio(slo.objective)),
        slo_label.clone(),
    ));
    records.push(record(
        names::SLO_BUDGET_REMAINING.to_owned(),
        t.render(
            "slo/budget_remaining.promql.j2",
            context! {
                ratio => of_slo(names::slo_error_ratio(&whole)),
                budget => budget.to_string(),
            },
        )?,
        slo_label.clone(),
    ));

    let by = slo.split_labels(q);
    let scope = if by.is_empty() {
        String::new()
    } else if matches!(slo.sli, Sli::Events { .. }) {
        let parts: Vec<String> = by
            .iter()
            .map(|label| format!("{label} {}", q.template_label(label)))
            .collect();
        format!(" ({})", parts.join(", "))
    } else {
        format!(" ({})", q.scope(&slo.by))
    };
    let mut alerts = Vec::new();
    for tier in &tiers {
        let threshold = burn_threshold(tier.factor, budget);
        let config = if tier.tier == "page" {
            &slo.alerting.page
        } else {
            &slo.alerting.ticket
        };
        let default_for = if tier.tier == "page" {
            Duration::from_mins(2)
        } else {
            Duration::from_mins(15)
        };
        let mut labels = alert_labels(
            spec,
            slo,
            if tier.tier == "page" {
                "critical"
            } else {
                "warning"
            },
            Some(config),
        );
        labels.insert("tier".to_owned(), tier.tier.to_owned());
        labels.insert("window".to_owned(), tier.long.to_string());
        let exhausted = Duration::from_secs(
            ((slo.window.as_secs_f64() / tier.factor.parse::<f64>().unwrap_or(1.0)) / 60.0).round()
                as u64
                * 60,
        );
        // The user's annotations (the tier's over the objective's) replace the defaults.
        let mut annotations: BTreeMap<String, String> = slo.alerting.annotations.clone();
        annotations.extend(config.annotations.clone());
        annotations.entry("summary".to_owned()).or_insert_with(|| {
            format!(
                "SLO {}{scope}: the error budget burns {}× faster than sustainable ({} and {} windows)",
                slo.name, tier.factor, tier.long, tier.short
            )
        });
        annotations.entry("description".to_owned()).or_insert_with(|| {
            format!(
                "{{{{ $value | humanizePercentage }}}} of events failed over the last {} (objective {}% over {}). At this rate the whole window's error budget is spent in {exhausted}.",
                tier.long,
                build::number(slo.objective),
                slo.window
            )
        });
        if let Some(url) = &slo.alerting.runbook_url {
            annotations.insert("runbook_url".to_owned(), go_literal(url));
        }
        let events = match slo.alerting.min_events {
            Some(_) => format!(
                "{} * {}",
                sli(q, slo, tier.long)?.total,
                tier.long.as_secs_f64()
            ),
            None => String::new(),
        };
        alerts.push(Rule {
            kind: RuleKind::Alert("LLMErrorBudgetBurn".to_owned()),
            expr: t.render(
                "slo/burn_rate.promql.j2",
                context! {
                    long => of_slo(names::slo_error_ratio(&tier.long.to_string())),
                    short => of_slo(names::slo_error_ratio(&tier.short.to_string())),
                    threshold => threshold.to_string(),
                    min_events => slo.alerting.min_events,
                    events => events,
                    by_list => build::label_list(&by),
                },
            )?,
            for_: Some(config.for_.unwrap_or(default_for)),
            labels,
            annotations,
        });
    }
    if slo.alerting.missing.enabled && q.metric(Signal::OperationDuration).is_some() {
        alerts.push(missing_alert(
            spec,
            q,
            t,
            slo,
            &of_slo(names::slo_error_ratio(&b)),
        )?);
    }
    Ok((records, alerts))
}

/// The labels of an SLO's alerts: the service's and the SLO's own labels (Go-template
/// literals), `service`, `slo` and `severity`.
fn alert_labels(
    spec: &Spec,
    slo: &Slo,
    severity: &str,
    tier: Option<&crate::spec::slos::Tier>,
) -> BTreeMap<String, String> {
    // The default severity first: the objective's or the tier's own `severity` replaces it.
    let mut labels = BTreeMap::from([("severity".to_owned(), severity.to_owned())]);
    labels.extend(
        spec.service
            .labels
            .iter()
            .chain(&slo.alerting.labels)
            .chain(tier.map(|t| &t.labels).into_iter().flatten())
            .map(|(k, v)| (k.clone(), go_literal(v))),
    );
    labels.insert("service".to_owned(), go_literal(&spec.service.name));
    labels.insert("slo".to_owned(), slo.name.clone());
    labels
}

/// `LLMSLOMissingData`: the SLO's error ratio has no series while the service has calls.
fn missing_alert(
    spec: &Spec,
    q: &Queries,
    t: &Templates,
    slo: &Slo,
    ratio: &str,
) -> Result<Rule, String> {
    let labels = alert_labels(spec, slo, "warning", Some(&slo.alerting.missing));
    let mut annotations: BTreeMap<String, String> = slo.alerting.annotations.clone();
    annotations.insert(
        "summary".to_owned(),
        format!(
            "SLO {}: its SLI has no data while the service has calls, so its burn-rate alerts cannot fire",
            slo.name
        ),
    );
    annotations.insert(
        "description".to_owned(),
        "The SLI's series are missing: the histogram may lack the threshold's bucket (check \
         `telemetry.duration_buckets`), or the SLO's filter matches no calls."
            .to_owned(),
    );
    if let Some(url) = &slo.alerting.runbook_url {
        annotations.insert("runbook_url".to_owned(), go_literal(url));
    }
    Ok(Rule {
        kind: RuleKind::Alert("LLMSLOMissingData".to_owned()),
        expr: t.render(
            "slo/missing.promql.j2",
            context! {
                calls => q.recorded(&names::requests(&q.window().to_string()), &[]),
                ratio => ratio,
            },
        )?,
        for_: Some(slo.alerting.missing.for_.unwrap_or(Duration::from_mins(30))),
        labels,
        annotations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_tiers_scale_with_the_window() {
        let thirty = burn_tiers(Duration::from_days(30), Duration::from_mins(5));
        let windows: Vec<(String, String)> = thirty
            .iter()
            .map(|t| (t.long.to_string(), t.short.to_string()))
            .collect();
        assert_eq!(
            windows,
            [("1h", "5m"), ("6h", "30m"), ("1d", "2h"), ("3d", "6h")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let week = burn_tiers(Duration::from_days(7), Duration::from_mins(5));
        assert_eq!(week[0].long.to_string(), "14m");
        assert_eq!(
            week[0].short.to_string(),
            "5m",
            "never under the rate window"
        );
        assert_eq!(week[3].long.to_string(), "16h48m");
    }

    #[test]
    fn thresholds_are_exact() {
        assert_eq!(error_budget(99.5).to_string(), "0.005");
        assert_eq!(
            burn_threshold("14.4", error_budget(99.5)).to_string(),
            "0.072"
        );
        assert_eq!(burn_threshold("6", error_budget(99.9)).to_string(), "0.006");
    }

    #[test]
    fn bucket_boundaries_match_both_prometheus_versions() {
        assert_eq!(crate::queries::le_regex(10.24), "10\\.24");
        assert_eq!(crate::queries::le_regex(1.0), "1(\\.0)?");
    }
}
