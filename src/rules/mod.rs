//! Prometheus rules generated from the spec.
//!
//! * [`model`]: the rule file model and its YAML form;
//! * [`recording`]: call, error, token, cost, latency and cache recording rules;
//! * [`prices`]: the price per token of every model, and spend estimated from token counts;
//! * [`slo`]: SLI error ratios, budgets left and multi-window multi-burn-rate alerts;
//! * [`budgets`]: spend budget alerts, month-to-date spend and forecasts;
//! * [`alerts`]: the LLM alerts (latency, error ratio, spend, cache, no data, custom);
//! * [`formats`]: the rule file as a plain file, a `PrometheusRule` or a Mimir namespace;
//! * [`promtool_tests`]: promtool unit tests of what is generated.
//!
//! Every generated expression is parsed before it is written, and every rule file is run
//! through the validator: a finding is a bug (or a broken template override).

pub(crate) mod alerts;
pub(crate) mod budgets;
pub(crate) mod formats;
pub(crate) mod model;
pub(crate) mod prices;
pub(crate) mod promtool_tests;
pub(crate) mod recording;
pub(crate) mod slo;

use crate::diagnostics::{Diagnostic, Report};
use crate::load::LoadedSpec;
use crate::output::GENERATION_FAILED;
use crate::output::GeneratedFile;
use model::{RuleFile, RuleGroup, RuleKind};

/// The rule file of a spec: recording rules, one group per SLO, the alerts, and one group per
/// monthly budget.
pub(crate) fn rule_file(loaded: &LoadedSpec) -> Result<RuleFile, Report> {
    let spec = &loaded.spec;
    let fail = |message: String| {
        let mut report = Report::default();
        report
            .diagnostics
            .push(Diagnostic::error(GENERATION_FAILED, message));
        report
    };
    let templates =
        crate::queries::templates::Templates::with_overrides(&loaded.templates).map_err(fail)?;
    let queries = loaded.spec.queries();
    let mut file = RuleFile::default();
    let service = &spec.service.name;

    let mut recording = prices::price_rules(&queries, &loaded.prices);
    recording.extend(recording::recording_rules(loaded, &queries, &templates).map_err(fail)?);
    if !recording.is_empty() {
        file.groups.push(RuleGroup {
            name: format!("{service}-llm-recording"),
            interval: None,
            rules: recording,
        });
    }
    for slo in &spec.slos {
        let (records, alerts) = slo::slo_rules(spec, &queries, &templates, slo).map_err(fail)?;
        let mut rules = records;
        rules.extend(alerts);
        file.groups.push(RuleGroup {
            name: format!("{service}-llm-slo-{}", slo.name),
            interval: None,
            rules,
        });
    }
    let mut alerts = alerts::llm_alerts(spec, &queries, &templates).map_err(fail)?;
    let (budget_alerts, month_groups) =
        budgets::budget_rules(spec, &queries, &templates).map_err(fail)?;
    alerts.extend(budget_alerts);
    if !alerts.is_empty() {
        file.groups.push(RuleGroup {
            name: format!("{service}-llm-alerts"),
            interval: None,
            rules: alerts,
        });
    }
    file.groups.extend(month_groups);

    let mut report = Report::default();
    for rule in file.rules() {
        if let Err(error) = crate::promql::parse(&rule.expr) {
            let name = match &rule.kind {
                RuleKind::Record(n) | RuleKind::Alert(n) => n,
            };
            report.diagnostics.push(Diagnostic::error(
                GENERATION_FAILED,
                format!(
                    "generated rule `{name}` does not parse: {}\n{}",
                    error.message, rule.expr
                ),
            ));
        }
    }
    if report.has_errors() {
        Err(report)
    } else {
        Ok(file)
    }
}

/// The rule files of a spec in each format it asks for, each checked by the validator, and
/// their promtool unit tests.
pub(crate) fn generate(loaded: &LoadedSpec, header: &str) -> Result<Vec<GeneratedFile>, Report> {
    let file = rule_file(loaded)?;
    let mut out = Vec::new();
    for format in &loaded.spec.outputs.rules.formats {
        let (path, text) = formats::render(loaded, &file, *format, header);
        self_check(loaded, path, &text)?;
        out.push(GeneratedFile::new(path, text));
    }
    if loaded.spec.outputs.rules.tests {
        out.extend(promtool_tests::generate(loaded, &file, header));
    }
    Ok(out)
}

/// Runs the validator on a generated rule file: any finding, even a warning, is a bug in
/// the generator (or in a template override) and fails generation. They are checked for the
/// spec's Prometheus (`prometheus.target` and its flags), and for Prometheus 2.42 too when it
/// can read them (no UTF-8 names), so that they never depend on a newer release than needed.
fn self_check(loaded: &LoadedSpec, path: &str, text: &str) -> Result<(), Report> {
    use crate::promql::{Dialect, Options};
    let telemetry = &loaded.spec.telemetry;
    let prometheus = &loaded.spec.prometheus;
    let mut dialects = vec![prometheus.target];
    if !matches!(
        telemetry.naming,
        llm_slo_core::contract::NamingStrategy::NoUtf8EscapingWithSuffixes
            | llm_slo_core::contract::NamingStrategy::NoTranslation
    ) && telemetry
        .attributes
        .iter()
        .all(|a| llm_slo_core::contract::is_legacy_label_name(&telemetry.naming.label_name(a)))
        && !prometheus.target.is_prometheus_2()
    {
        dialects.push(Dialect::PROMETHEUS_2);
    }
    let mut report = Report::default();
    for dialect in dialects {
        let mut settings = crate::promql::Settings::new(telemetry.contract());
        settings.scrape_interval_ms = telemetry.scrape_interval.as_millis() as i64;
        settings.options = Options {
            dialect,
            features: prometheus.features(),
        };
        let found = crate::validate::validate_text(&format!("generated/{path}"), text, &settings);
        if !found.diagnostics.is_empty() {
            report.diagnostics.push(Diagnostic::error(
                GENERATION_FAILED,
                format!(
                    "the generated {path} does not pass validation for {}",
                    dialect.name()
                ),
            ));
            report.extend(found);
            break;
        }
    }
    if report.diagnostics.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}
