//! Prometheus rules generated from the spec.
//!
//! * [`model`]: the rule file model and its YAML form;
//! * [`query`]: selectors, labels and rates from the metric contract;
//! * [`templates`]: the PromQL templates under `templates/`;
//! * [`alerts`]: the LLM alerts (latency, error ratio, spend, custom);
//! * [`prices`]: the price per token of every model, and spend estimated from token counts.
//!
//! Every generated expression is parsed before it is written: one that does not parse is a
//! bug (or a broken template override), reported as an error.

pub mod alerts;
pub mod model;
pub mod prices;
pub mod query;
pub mod templates;

use crate::diagnostics::{Code, Diagnostic, Report};
use crate::output::GeneratedFile;
use crate::spec::LoadedSpec;
use crate::spec::outputs::RuleFormat;
use crate::yaml::emit;
use model::{RuleFile, RuleGroup, RuleKind};

/// A generated expression that does not parse, or a template that fails to render.
pub const GENERATION_FAILED: Code = Code("generate/invalid-output");

/// The path of the plain Prometheus rule file inside the output folder.
pub const PROMETHEUS_RULES: &str = "prometheus/llm-slo.rules.yml";

/// The rule file of a spec.
pub fn rule_file(loaded: &LoadedSpec) -> Result<RuleFile, Report> {
    let spec = &loaded.spec;
    let fail = |message: String| {
        let mut report = Report::default();
        report
            .diagnostics
            .push(Diagnostic::error(GENERATION_FAILED, message));
        report
    };
    let templates = templates::Templates::shipped().map_err(fail)?;
    let queries = query::Queries::new(loaded);
    let alerts = alerts::llm_alerts(spec, &queries, &templates).map_err(fail)?;
    let mut file = RuleFile::default();
    let mut price_rules = prices::price_rules(&queries, &loaded.prices);
    if !price_rules.is_empty() {
        price_rules.extend(prices::cost_estimate_rule(
            &queries,
            &queries.matchers(&Default::default()),
        ));
        file.groups.push(RuleGroup {
            name: format!("{}-llm-prices", spec.service.name),
            interval: None,
            rules: price_rules,
        });
    }
    if !alerts.is_empty() {
        file.groups.push(RuleGroup {
            name: format!("{}-llm-alerts", spec.service.name),
            interval: None,
            rules: alerts,
        });
    }
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

/// The rule files of a spec in each format it asks for, each checked by the validator.
pub fn generate(loaded: &LoadedSpec, header: &str) -> Result<Vec<GeneratedFile>, Report> {
    let file = rule_file(loaded)?;
    let mut out = Vec::new();
    for format in &loaded.spec.outputs.rules.formats {
        match format {
            RuleFormat::Prometheus => {
                let text = emit::to_string(header, &file.to_value());
                self_check(loaded, PROMETHEUS_RULES, &text)?;
                out.push(GeneratedFile::new(PROMETHEUS_RULES, text));
            }
        }
    }
    Ok(out)
}

/// Runs the validator on a generated rule file: any finding, even a warning, is a bug in
/// the generator (or in a template override) and fails generation. Rules that Prometheus 2
/// can read (no UTF-8 names) are checked for both versions.
fn self_check(loaded: &LoadedSpec, path: &str, text: &str) -> Result<(), Report> {
    use crate::promql::{Dialect, Options};
    let telemetry = &loaded.spec.telemetry;
    let mut dialects = vec![Dialect::Prometheus3];
    if !matches!(
        telemetry.naming,
        llm_slo_core::contract::NamingStrategy::NoUtf8EscapingWithSuffixes
            | llm_slo_core::contract::NamingStrategy::NoTranslation
    ) && telemetry
        .attributes
        .iter()
        .all(|a| llm_slo_core::contract::is_legacy_label_name(&telemetry.naming.label_name(a)))
    {
        dialects.push(Dialect::Prometheus2);
    }
    let mut report = Report::default();
    for dialect in dialects {
        let mut settings = crate::validate::Settings::new(telemetry.contract());
        settings.scrape_interval_ms = telemetry.scrape_interval.as_millis() as i64;
        settings.options = Options {
            dialect,
            experimental: false,
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
