//! Prometheus rules generated from the spec.
//!
//! * [`model`]: the rule file model and its YAML form;
//! * [`recording`]: call, error, token, cost, latency and cache recording rules;
//! * [`prices`]: the price per token of every model, and spend estimated from token counts;
//! * [`slo`]: SLI error ratios, budgets left and multi-window multi-burn-rate alerts;
//! * [`budgets`]: spend budget alerts, month-to-date spend and forecasts;
//! * [`alerts`]: the LLM alerts (latency, error ratio, spend, cache, no data, custom);
//! * [`series`]: how many series the recording rules write, per dimension;
//! * [`overrides`]: the rules of the spec's template overrides, checked at their files;
//! * [`formats`]: the rule file as a plain file, a `PrometheusRule` or a Mimir namespace;
//! * [`promtool_tests`]: promtool unit tests of what is generated.
//!
//! Every generated expression is parsed before it is written, and every rule file is run
//! through the validator: a finding is a bug (or a broken template override).

pub(crate) mod alerts;
pub(crate) mod budgets;
pub(crate) mod formats;
pub(crate) mod model;
mod overrides;
pub(crate) mod prices;
pub(crate) mod promtool_tests;
pub(crate) mod recording;
pub(crate) mod series;
pub(crate) mod slo;

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Report};
use crate::load::LoadedSpec;
use crate::output::GENERATION_FAILED;
use crate::output::GeneratedFile;
use model::{RuleFile, RuleGroup, RuleKind};

/// The rule file of a spec: recording rules, one group per SLO, the alerts, and one group per
/// monthly budget.
pub(crate) fn rule_file(loaded: &LoadedSpec) -> Result<RuleFile, Report> {
    let (file, overridden) = build(loaded)?;
    let report = overrides::findings(loaded, &file, &overridden);
    if report.has_errors() {
        return Err(report);
    }
    Ok(file)
}

/// The rules whose expressions a template override of the spec wrote, by expression: the
/// template's name.
pub(crate) type Overridden = std::collections::BTreeMap<String, String>;

/// The rule file, and which of its rules came from the spec's template overrides. Those are
/// not parsed here: they are the user's, checked at their template file.
fn build(loaded: &LoadedSpec) -> Result<(RuleFile, Overridden), Report> {
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

    let mut recording = prices::price_rules(
        &queries,
        &loaded.prices,
        &queries.matchers(&BTreeMap::new()),
    );
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
    label_recordings(spec, &mut file);

    let mut overridden = Overridden::new();
    for rule in file.rules() {
        if let Some(template) = templates.override_in(&rule.expr) {
            overridden.insert(rule.expr.clone(), template);
        }
    }
    let mut report = Report::default();
    for rule in file.rules().filter(|r| !overridden.contains_key(&r.expr)) {
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
        Ok((file, overridden))
    }
}

/// The rule files of a spec in each format it asks for, each checked by the validator, and
/// their promtool unit tests.
pub(crate) fn generate(
    loaded: &LoadedSpec,
    header: &str,
    self_check: crate::output::SelfCheck,
) -> Result<Vec<GeneratedFile>, Report> {
    let (file, overridden) = build(loaded)?;
    let findings = overrides::findings(loaded, &file, &overridden);
    if findings.has_errors() {
        return Err(findings);
    }
    let generated = generator_written(&loaded.spec, &file, &overridden);
    let mut out = Vec::new();
    for (i, format) in loaded.spec.outputs.rules.formats.iter().enumerate() {
        let (path, text) = formats::render(loaded, &file, *format, header);
        if i == 0 && self_check == crate::output::SelfCheck::Validate {
            // The formats wrap the same groups differently (a rule file, a PrometheusRule,
            // Mimir's namespace): their rules are the same, so one is checked.
            let (_, checked) = formats::render(loaded, &generated, *format, header);
            check_generated(loaded, path, &checked, &generated)?;
        }
        out.push(GeneratedFile::new(path, text));
    }
    if file
        .rules()
        .any(|rule| matches!(rule.kind, RuleKind::Record(_)))
    {
        out.push(GeneratedFile::new(
            series::PATH,
            series::summary(loaded, &file, header),
        ));
    }
    if loaded.spec.outputs.rules.tests {
        out.extend(promtool_tests::generate(loaded, &file, header));
    }
    Ok(out)
}

/// Puts the service's identity on every recorded series: `service` (which every read of a
/// recorded series matches on, so two services' rules can share a Prometheus) and the
/// service's own labels. Alerts carry them already, as Go-template literals.
fn label_recordings(spec: &crate::spec::Spec, file: &mut RuleFile) {
    for group in &mut file.groups {
        for rule in &mut group.rules {
            if !matches!(rule.kind, RuleKind::Record(_)) {
                continue;
            }
            for (key, value) in &spec.service.labels {
                rule.labels
                    .entry(key.clone())
                    .or_insert_with(|| value.clone());
            }
            rule.labels.insert(
                crate::queries::names::SERVICE_LABEL.to_owned(),
                spec.service.name.clone(),
            );
        }
    }
}

/// The findings in the rules the spec's template overrides wrote, at their template files
/// (errors fail generation; warnings are shown and never block it).
pub(crate) fn override_findings(loaded: &LoadedSpec) -> Report {
    match build(loaded) {
        Ok((file, overridden)) => overrides::findings(loaded, &file, &overridden),
        Err(report) => report,
    }
}

/// The rules whose expressions llm-slo wrote: without the custom alerts, the rules of event
/// SLOs and those of template overrides, whose PromQL is the user's and is checked where the
/// user wrote it (in the spec or the template, at its line, with its own severity), so a
/// warning there never blocks generation.
fn generator_written(
    spec: &crate::spec::Spec,
    file: &RuleFile,
    overridden: &Overridden,
) -> RuleFile {
    use crate::spec::slos::Sli;
    let user_alert = |name: &str| spec.alerts.custom.iter().any(|c| c.name == name);
    let event_slo = |slo: Option<&String>| {
        slo.is_some_and(|slo| {
            spec.slos
                .iter()
                .any(|s| &s.name == slo && matches!(s.sli, Sli::Events { .. }))
        })
    };
    let mut generated = file.clone();
    for group in &mut generated.groups {
        group.rules.retain(|rule| {
            !overridden.contains_key(&rule.expr)
                && match &rule.kind {
                    RuleKind::Alert(name) => !user_alert(name),
                    RuleKind::Record(_) => !event_slo(rule.labels.get("slo")),
                }
        });
    }
    generated.groups.retain(|group| !group.rules.is_empty());
    generated
}

/// Runs the validator on the rules llm-slo wrote (`text`, the rule file of `generated`): any
/// finding, even a warning, is a bug in the generator (or in a template override) and fails
/// generation, reported with the rule's line (not at a file position: the file is not
/// written). They are checked for the spec's Prometheus (`prometheus.target` and its flags),
/// and their expressions are parsed for Prometheus 2.42 too when it can read them (no UTF-8
/// names), so that they never depend on a newer release than needed (the other checks do
/// not depend on the release).
fn check_generated(
    loaded: &LoadedSpec,
    path: &str,
    text: &str,
    generated: &RuleFile,
) -> Result<(), Report> {
    use crate::promql::{Dialect, Options};
    let telemetry = &loaded.spec.telemetry;
    let prometheus = &loaded.spec.prometheus;
    let failed = |dialect: Dialect, severity: &str, code: &str, message: &str, line: &str| {
        Diagnostic::error(
            GENERATION_FAILED,
            format!(
                "a rule llm-slo generated for {path} does not pass validation for {}: {severity}[{code}]: {message}\n    {line}",
                dialect.name(),
            ),
        )
        .with_help(
            "nothing was written; this is a bug in llm-slo or in a template override \
             (`templates:`): please report it with the spec",
        )
    };
    let mut settings = crate::promql::Settings::new(telemetry.contract());
    settings.scrape_interval_ms = telemetry.scrape_interval.as_millis() as i64;
    settings.options = Options {
        dialect: prometheus.target,
        features: prometheus.features(),
    };
    let mut report = Report::default();
    let found = crate::validate::validate_text(path, text, &settings);
    for finding in found.diagnostics {
        let line = finding
            .location
            .as_ref()
            .and_then(|l| text.lines().nth((l.line as usize).saturating_sub(1)))
            .unwrap_or_default()
            .trim();
        report.diagnostics.push(failed(
            prometheus.target,
            finding.severity.as_str(),
            finding.code.as_str(),
            &finding.message,
            line,
        ));
    }
    let legacy_names = !matches!(
        telemetry.naming,
        llm_slo_core::contract::NamingStrategy::NoUtf8EscapingWithSuffixes
            | llm_slo_core::contract::NamingStrategy::NoTranslation
    ) && telemetry
        .attributes
        .iter()
        .all(|a| llm_slo_core::contract::is_legacy_label_name(&telemetry.naming.label_name(a)));
    if report.diagnostics.is_empty() && legacy_names && !prometheus.target.is_prometheus_2() {
        let options = Options {
            dialect: Dialect::PROMETHEUS_2,
            features: prometheus.features(),
        };
        for rule in generated.rules() {
            if let Err(errors) =
                crate::promql::parse_with(&rule.expr, options, crate::promql::Limits::default())
            {
                let error = &errors[0];
                let code = match error.kind {
                    crate::promql::ErrorKind::Type => crate::promql::lints::syntax::TYPE,
                    crate::promql::ErrorKind::Dialect => crate::promql::lints::syntax::DIALECT,
                    _ => crate::promql::lints::syntax::SYNTAX,
                };
                report.diagnostics.push(failed(
                    Dialect::PROMETHEUS_2,
                    "error",
                    code.as_str(),
                    &error.message,
                    &rule.expr,
                ));
            }
        }
    }
    if report.diagnostics.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}
