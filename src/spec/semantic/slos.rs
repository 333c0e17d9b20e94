//! `slos`: names, objectives, windows, thresholds on bucket boundaries, event SLI
//! expressions, and burn-rate tiers that can never fire.

use super::Checker;
use crate::base::Duration;
use crate::diagnostics::Severity;
use crate::promql::lints::Usage;
use crate::spec::Spec;
use crate::spec::codes;
use crate::spec::slos::Sli;
use crate::yaml::Path;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn slos(&mut self, spec: &Spec) {
        let buckets = spec.telemetry.duration_buckets();
        self.unique(
            spec.slos
                .iter()
                .enumerate()
                .map(|(i, s)| (yaml_path!["slos", i, "name"], s.name.as_str())),
            "SLO",
        );
        for (i, slo) in spec.slos.iter().enumerate() {
            let at = yaml_path!["slos", i];
            self.name(&at.join("name"), &slo.name, "SLO");
            if !(slo.objective > 0.0 && slo.objective < 100.0) {
                let help = if slo.objective >= 100.0 {
                    "100 % leaves no error budget: every failure would page. Use e.g. 99.9."
                } else {
                    "write the objective as a percentage, e.g. 99.5 for 99.5 %"
                };
                self.error(
                    codes::OBJECTIVE_RANGE,
                    &at.join("objective"),
                    format!(
                        "objective must be between 0 and 100 (exclusive), got {}",
                        slo.objective
                    ),
                )
                .help = Some(help.to_owned());
            }
            self.positive(&at.join("window"), slo.window, "window");
            self.filter(spec, &at.join("filter"), &slo.filter);
            self.slo_by(spec, &at.join("by"), slo);
            self.alert_labels(&at.join("alerting").join("labels"), &slo.alerting.labels);
            for (name, tier) in [
                ("page", &slo.alerting.page),
                ("ticket", &slo.alerting.ticket),
                ("missing", &slo.alerting.missing),
            ] {
                self.alert_labels(&at.join("alerting").join(name).join("labels"), &tier.labels);
            }
            if slo.objective > 0.0 && slo.objective < 100.0 {
                self.burn_tiers(spec, &at, slo);
            }
            if let Some(signal) = slo.sli.signal()
                && !matches!(slo.sli, Sli::Availability {} | Sli::Latency { .. })
            {
                self.requires(
                    spec,
                    &at.join("sli").join(slo.sli.key()),
                    signal,
                    "has no histogram for this SLI",
                    match slo.sli {
                        Sli::Quality { .. } => {
                            "evaluation scores are recorded by llm-slo-otel under the `genai-*` profiles"
                        }
                        _ => "agent and tool metrics are in `telemetry.profile: genai-latest`",
                    },
                );
            }
            match &slo.sli {
                Sli::Availability {} | Sli::AgentRuns {} | Sli::ToolCalls {} => {}
                Sli::Latency { threshold }
                | Sli::TimeToFirstChunk { threshold }
                | Sli::AgentLatency { threshold } => {
                    self.threshold_on_bucket(
                        &at.join("sli").join(slo.sli.key()).join("threshold"),
                        *threshold,
                        &buckets,
                    );
                }
                Sli::Quality { evaluation, above } => {
                    let at = at.join("sli").join("quality");
                    if evaluation.trim().is_empty() {
                        self.error(
                            codes::OUT_OF_RANGE,
                            &at.join("evaluation"),
                            "evaluation must name the evaluation (`gen_ai.evaluation.name`)"
                                .to_owned(),
                        );
                    }
                    if !above.is_finite() {
                        self.error(
                            codes::OUT_OF_RANGE,
                            &at.join("above"),
                            format!("above must be a number, got {above}"),
                        );
                    }
                }
                Sli::Events { errors, total } => {
                    for (field, expr) in [("errors", errors), ("total", total)] {
                        let expr_at = at.join("sli").join("events").join(field);
                        if !expr.contains("{{ window }}") && !expr.contains("{{window}}") {
                            self.report(
                                Severity::Warning,
                                codes::WINDOW_PLACEHOLDER,
                                &expr_at,
                                format!("`{field}` has no `{{{{ window }}}}` placeholder, so every window computes the same ratio"),
                            )
                            .help = Some("write the range as `[{{ window }}]`".to_owned());
                        }
                        self.expression(spec, &expr_at, expr, Usage::Query);
                    }
                }
            }
        }
    }

    pub(super) fn threshold_on_bucket(
        &mut self,
        path: &Path,
        threshold: Duration,
        buckets: &[f64],
    ) {
        let seconds = threshold.as_secs_f64();
        if buckets.iter().any(|b| (b - seconds).abs() < 1e-9) {
            return;
        }
        let below = buckets.iter().rev().find(|b| **b < seconds);
        let above = buckets.iter().find(|b| **b > seconds);
        let neighbours: Vec<String> = below
            .into_iter()
            .chain(above)
            .map(|b| format!("{b}s"))
            .collect();
        self.error(
            codes::THRESHOLD_NOT_ON_BUCKET,
            path,
            format!("threshold {threshold} is not a bucket boundary of the duration histogram"),
        )
        .help = Some(format!(
            "the share of calls under a threshold is exact only at a boundary: use {} or add the boundary to `telemetry.duration_buckets`",
            neighbours.join(" or ")
        ));
    }

    /// Burn-rate tiers that can never fire, and error budgets a single scrape can spend.
    pub(super) fn burn_tiers(&mut self, spec: &Spec, at: &Path, slo: &crate::spec::slos::Slo) {
        use crate::queries::slo_math::{burn_threshold, burn_tiers, error_budget};
        let budget = error_budget(slo.objective);
        let mut reported = std::collections::BTreeSet::new();
        for tier in burn_tiers(slo.window, spec.telemetry.scrape_interval) {
            let enabled = match tier.tier {
                "page" => slo.alerting.page.enabled,
                _ => slo.alerting.ticket.enabled,
            };
            let threshold = burn_threshold(tier.factor, budget);
            if enabled && threshold >= rust_decimal::Decimal::ONE && reported.insert(tier.factor) {
                self.report(
                    Severity::Warning,
                    codes::UNREACHABLE_TIER,
                    &at.join("objective"),
                    format!(
                        "the {}× {} alert can never fire: it needs an error ratio above {threshold}, and at most every event fails",
                        tier.factor, tier.tier
                    ),
                )
                .help = Some(format!(
                    "raise the objective, or turn the tier off with `alerting.{}.enabled: false`",
                    tier.tier
                ));
            }
        }
        let budget_millis = (1.0 - slo.objective / 100.0) * slo.window.as_millis() as f64;
        let scrape = spec.telemetry.scrape_interval;
        if budget_millis < scrape.as_millis() as f64 {
            self.report(
                Severity::Warning,
                codes::BUDGET_TOO_SMALL,
                &at.join("objective"),
                format!(
                    "the error budget is {:.1}s of the {} window, less than one scrape interval ({scrape}): one bad scrape spends it all",
                    budget_millis / 1000.0,
                    slo.window
                ),
            )
            .help = Some("lower the objective or lengthen the window".to_owned());
        }
    }

    /// `by` of an SLO: known dimensions (labels of the user's expressions for event SLIs),
    /// none that a generated label would replace.
    fn slo_by(&mut self, spec: &Spec, path: &Path, slo: &crate::spec::slos::Slo) {
        let events = matches!(slo.sli, Sli::Events { .. });
        if events {
            for (i, label) in slo.by.iter().enumerate() {
                self.label_name(&path.join(i), label, false);
            }
        } else {
            self.by(spec, path, &slo.by);
        }
        let q = spec.queries();
        for (i, dimension) in slo.by.iter().enumerate() {
            let label = if events {
                dimension.clone()
            } else {
                q.label(dimension)
            };
            if let Some(what) = super::service::generated_label(&label) {
                self.error(
                    codes::INVALID_LABEL,
                    &path.join(i),
                    format!(
                        "`{label}` is also set by the generated rules ({what}): the SLO's series would lose one of the two"
                    ),
                )
                .help = Some("split the SLO by another label".to_owned());
            }
            if slo.filter.contains_key(dimension) {
                self.report(
                    Severity::Warning,
                    codes::REDUNDANT_BY,
                    &path.join(i),
                    format!(
                        "the SLO's filter fixes `{dimension}`, so splitting by it gives one objective"
                    ),
                )
                .help = Some(format!("remove `{dimension}` from `by` or from `filter`"));
            }
        }
    }
}

impl Checker<'_> {
    /// Labels of an objective's alerts: valid names, and none of those the generated rules
    /// set themselves, but `severity`, which is the user's to choose.
    fn alert_labels(
        &mut self,
        path: &crate::yaml::Path,
        labels: &std::collections::BTreeMap<String, String>,
    ) {
        self.labels(path, labels);
        for name in labels.keys() {
            if name == "severity" {
                continue;
            }
            if let Some(what) = super::service::generated_label(name) {
                self.error_at_key(
                    codes::INVALID_LABEL,
                    &path.join(name.as_str()),
                    format!("label `{name}` is set by the generated rules: it holds {what}"),
                )
                .help = Some("give the label another name".to_owned());
            }
        }
    }
}
