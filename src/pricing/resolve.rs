//! The prices of a spec's models: each model listed in `pricing.models` resolved against the
//! shipped catalogs it selects, or priced by an override. The `pricing` section is checked
//! here, at the spec's paths, with the spec's own checker.

use std::collections::HashMap;

use llm_slo_core::pricing::{ModelPricing, Period, Rate};

use super::catalog::{Catalog, Lookup};
use crate::base::suggest;
use crate::spec::semantic::Checker;
use crate::spec::{Spec, codes};
use crate::yaml_path;

/// The prices of the spec's models, sorted by provider and model; what cannot be priced is
/// reported through `checker`.
pub(crate) fn resolve(spec: &Spec, checker: &mut Checker<'_>) -> Vec<ModelPricing> {
    let p = &spec.pricing;
    // Only the catalogs of the providers the spec prices from a catalog.
    let priced = p.models.iter().filter(|m| {
        !p.overrides
            .iter()
            .any(|o| o.provider == m.provider && o.model == m.model)
    });
    let catalog =
        match Catalog::shipped_for(priced.map(|m| m.provider.as_str()), p.catalogs.as_deref()) {
            Ok(catalog) => catalog,
            Err(report) => {
                // A broken shipped catalog is a bug in this release; say so plainly.
                checker.extend(report.diagnostics);
                return Vec::new();
            }
        };
    if let Some(names) = &p.catalogs {
        for (i, name) in names.iter().enumerate() {
            if !Catalog::shipped_names().any(|n| n == name) {
                let close = suggest::closest(name, Catalog::shipped_names());
                let help = suggest::did_you_mean(&close).unwrap_or_else(|| {
                    format!(
                        "shipped catalogs: {}",
                        Catalog::shipped_names().collect::<Vec<_>>().join(", ")
                    )
                });
                checker
                    .error(
                        codes::UNKNOWN_CATALOG,
                        &yaml_path!["pricing", "catalogs", i],
                        format!("no shipped catalog is named `{name}`"),
                    )
                    .help = Some(help);
            }
        }
    }
    for (i, o) in p.overrides.iter().enumerate() {
        let at = yaml_path!["pricing", "overrides", i, "prices"];
        if o.prices.is_empty() {
            checker.error(
                codes::OUT_OF_RANGE,
                &at,
                "an override needs at least an `input` or `output` price".to_owned(),
            );
        }
        for (unit, price) in &o.prices {
            if let Some((code, message, help)) = super::audit::unit_problem(unit, price) {
                let diagnostic = checker.error_at_key(code, &at.join(unit.as_str()), message);
                diagnostic.help = help;
            }
        }
    }
    // Spend needs prices: budgets and spend alerts without a model to price are errors.
    if p.models.is_empty() {
        let needs = (!spec.budgets.is_empty())
            .then(|| yaml_path!["budgets"])
            .or_else(|| {
                spec.alerts
                    .spend
                    .is_some()
                    .then(|| yaml_path!["alerts", "spend"])
            });
        if let Some(at) = needs {
            checker
                .error(
                    codes::OUT_OF_RANGE,
                    &at,
                    "spend needs prices, and `pricing.models` lists no model".to_owned(),
                )
                .help = Some("list the models the service calls under `pricing.models`".to_owned());
        }
    }
    let mut prices = Vec::new();
    let mut seen = HashMap::new();
    for (i, m) in p.models.iter().enumerate() {
        let at = yaml_path!["pricing", "models", i];
        if seen
            .insert((m.provider.as_str(), m.model.as_str()), i)
            .is_some()
        {
            checker.error(
                codes::DUPLICATE_ENTRY,
                &at.join("model"),
                format!("model `{}/{}` is listed twice", m.provider, m.model),
            );
            continue;
        }
        if let Some(o) = p
            .overrides
            .iter()
            .find(|o| o.provider == m.provider && o.model == m.model)
        {
            prices.push(ModelPricing {
                provider: m.provider.clone(),
                model: m.model.clone(),
                aliases: Vec::new(),
                periods: vec![Period {
                    since: None,
                    prices: o
                        .prices
                        .iter()
                        .map(|(k, v)| (k.clone(), Rate::Flat(v.0)))
                        .collect(),
                    service_tiers: Default::default(),
                    daily: Vec::new(),
                }],
                source: o
                    .source
                    .clone()
                    .unwrap_or_else(|| "pricing.overrides in the spec".to_owned()),
                checked: String::new(),
                retires: None,
            });
            continue;
        }
        match catalog.lookup(&m.provider, &m.model) {
            Lookup::Found(model) => {
                if let Some(retires) = &model.retires {
                    retiring(checker, &at.join("model"), &m.model, retires);
                }
                // Priced under the id the application sends; the catalog's ids become
                // aliases.
                let mut found = model.clone();
                if found.model != m.model {
                    found
                        .aliases
                        .push(std::mem::replace(&mut found.model, m.model.clone()));
                    found.aliases.retain(|a| *a != m.model);
                    found.aliases.sort();
                }
                prices.push(found);
            }
            Lookup::UnknownProvider(close) => {
                let known: Vec<&str> = catalog
                    .providers
                    .iter()
                    .map(|p| p.provider.as_str())
                    .collect();
                let help = suggest::did_you_mean(&close).unwrap_or_else(|| {
                    format!(
                        "known providers: {}; or price the model in `pricing.overrides`",
                        known.join(", ")
                    )
                });
                checker
                    .error(
                        codes::UNKNOWN_PROVIDER,
                        &at.join("provider"),
                        format!("no catalog prices provider `{}`", m.provider),
                    )
                    .help = Some(help);
            }
            Lookup::UnknownModel(close) => {
                let help = match suggest::did_you_mean(&close) {
                    Some(h) => format!("{h} Or price it in `pricing.overrides`."),
                    None => "price it in `pricing.overrides` (USD per million tokens by unit: `input`, `output`, …)".to_owned(),
                };
                checker
                    .error(
                        codes::UNKNOWN_MODEL,
                        &at.join("model"),
                        format!(
                            "the `{}` catalog has no price for model `{}`",
                            m.provider, m.model
                        ),
                    )
                    .help = Some(help);
            }
        }
    }
    prices.sort_by(|a, b| (&a.provider, &a.model).cmp(&(&b.provider, &b.model)));
    prices
}

/// The warning for a model retired or retiring within 30 days of today.
fn retiring(checker: &mut Checker<'_>, at: &crate::yaml::Path, model: &str, retires: &str) {
    let Ok(day) = llm_slo_core::pricing::time::Instant::parse(retires) else {
        return;
    };
    let days = (day.0 - llm_slo_core::pricing::time::Instant::now().0).div_euclid(86_400);
    let message = if days < 0 {
        format!("model `{model}` was retired on {retires}: calls to it fail")
    } else if days <= 30 {
        format!("model `{model}` retires on {retires}, in {days} days")
    } else {
        return;
    };
    checker
        .report(
            crate::diagnostics::Severity::Warning,
            codes::MODEL_RETIRING,
            at,
            message,
        )
        .help =
        Some("move the service to its successor, then replace it in `pricing.models`".to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(retires: &str) -> Vec<String> {
        let file: std::sync::Arc<str> = std::sync::Arc::from("spec.yaml");
        let mut checker = Checker::for_value(&file);
        retiring(
            &mut checker,
            &yaml_path!["pricing", "models", 0, "model"],
            "old-model",
            retires,
        );
        checker
            .finish()
            .diagnostics
            .into_iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn a_retired_or_retiring_model_is_a_warning() {
        assert_eq!(
            warnings("2020-01-01"),
            [
                "spec/model-retiring: pricing.models[0].model: model `old-model` was retired on 2020-01-01: calls to it fail"
            ]
        );
        let now = llm_slo_core::pricing::time::Instant::now();
        let date = llm_slo_core::pricing::time::Instant(now.0 + 10 * 86_400).date();
        let found = warnings(&date);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("retires on"), "{found:?}");
        assert!(warnings("2999-01-01").is_empty(), "far away: no warning");
    }
}
