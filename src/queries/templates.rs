//! The minijinja environment that renders PromQL from `templates/`.
//!
//! Templates receive prepared fragments (selectors with their quoting already right) and
//! decide the shape of each query. Undefined variables are errors, not empty strings.

use minijinja::{Environment, UndefinedBehavior, Value};

/// The templates shipped with llm-slo: (name, source).
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    (
        "alerts/cache_hit_ratio.promql.j2",
        include_str!("../../templates/alerts/cache_hit_ratio.promql.j2"),
    ),
    (
        "alerts/quality_drop.promql.j2",
        include_str!("../../templates/alerts/quality_drop.promql.j2"),
    ),
    (
        "alerts/agent_calls.promql.j2",
        include_str!("../../templates/alerts/agent_calls.promql.j2"),
    ),
    (
        "alerts/agent_cost.promql.j2",
        include_str!("../../templates/alerts/agent_cost.promql.j2"),
    ),
    (
        "alerts/unpriced_calls.promql.j2",
        include_str!("../../templates/alerts/unpriced_calls.promql.j2"),
    ),
    (
        "alerts/error_ratio.promql.j2",
        include_str!("../../templates/alerts/error_ratio.promql.j2"),
    ),
    (
        "alerts/latency.promql.j2",
        include_str!("../../templates/alerts/latency.promql.j2"),
    ),
    (
        "alerts/no_data.promql.j2",
        include_str!("../../templates/alerts/no_data.promql.j2"),
    ),
    (
        "alerts/spend.promql.j2",
        include_str!("../../templates/alerts/spend.promql.j2"),
    ),
    (
        "alerts/time_to_first_chunk.promql.j2",
        include_str!("../../templates/alerts/time_to_first_chunk.promql.j2"),
    ),
    (
        "budgets/burn.promql.j2",
        include_str!("../../templates/budgets/burn.promql.j2"),
    ),
    (
        "budgets/forecast.promql.j2",
        include_str!("../../templates/budgets/forecast.promql.j2"),
    ),
    (
        "budgets/month_to_date.promql.j2",
        include_str!("../../templates/budgets/month_to_date.promql.j2"),
    ),
    (
        "budgets/spend.promql.j2",
        include_str!("../../templates/budgets/spend.promql.j2"),
    ),
    (
        "recording/cache_hit_ratio.promql.j2",
        include_str!("../../templates/recording/cache_hit_ratio.promql.j2"),
    ),
    (
        "recording/cost.promql.j2",
        include_str!("../../templates/recording/cost.promql.j2"),
    ),
    (
        "recording/error_ratio.promql.j2",
        include_str!("../../templates/recording/error_ratio.promql.j2"),
    ),
    (
        "recording/errors.promql.j2",
        include_str!("../../templates/recording/errors.promql.j2"),
    ),
    (
        "recording/quantile.promql.j2",
        include_str!("../../templates/recording/quantile.promql.j2"),
    ),
    (
        "recording/requests.promql.j2",
        include_str!("../../templates/recording/requests.promql.j2"),
    ),
    (
        "recording/tokens.promql.j2",
        include_str!("../../templates/recording/tokens.promql.j2"),
    ),
    (
        "slo/budget_remaining.promql.j2",
        include_str!("../../templates/slo/budget_remaining.promql.j2"),
    ),
    (
        "slo/burn_rate.promql.j2",
        include_str!("../../templates/slo/burn_rate.promql.j2"),
    ),
    (
        "slo/error_ratio.promql.j2",
        include_str!("../../templates/slo/error_ratio.promql.j2"),
    ),
    (
        "slo/errors.promql.j2",
        include_str!("../../templates/slo/errors.promql.j2"),
    ),
    (
        "slo/missing.promql.j2",
        include_str!("../../templates/slo/missing.promql.j2"),
    ),
    (
        "slo/window_ratio.promql.j2",
        include_str!("../../templates/slo/window_ratio.promql.j2"),
    ),
];

/// The template environment.
pub(crate) struct Templates {
    env: Environment<'static>,
    /// The names the spec overrides.
    overridden: std::collections::BTreeSet<String>,
    /// What the overridden templates rendered, by name: which rules are the user's.
    rendered: std::cell::RefCell<Vec<(String, String)>>,
}

impl Templates {
    /// The shipped templates, with some replaced by the spec's own (by name).
    pub(crate) fn with_overrides(
        overrides: &std::collections::BTreeMap<String, String>,
    ) -> Result<Templates, String> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_function("sum_by", |labels: Vec<String>, expr: String| {
            super::sum_by(&labels, &expr)
        });
        for (name, source) in SHIPPED {
            env.add_template(name, source)
                .map_err(|e| format!("template {name}: {e:#}"))?;
        }
        for (name, source) in overrides {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|e| format!("template {name} (overridden): {e:#}"))?;
        }
        Ok(Templates {
            env,
            overridden: overrides.keys().cloned().collect(),
            rendered: std::cell::RefCell::default(),
        })
    }

    /// The overridden template whose output `expr` contains (the longest such output), when
    /// one does: the rule is then the user's, checked at the template's file.
    pub(crate) fn override_in(&self, expr: &str) -> Option<String> {
        self.rendered
            .borrow()
            .iter()
            .filter(|(_, out)| !out.is_empty() && expr.contains(out.as_str()))
            .max_by_key(|(_, out)| out.len())
            .map(|(name, _)| name.clone())
    }

    /// Renders a template; the result is trimmed of surrounding whitespace.
    pub(crate) fn render(&self, name: &str, context: Value) -> Result<String, String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| format!("template {name}: {e:#}"))?;
        let out = template
            .render(context)
            .map(|s| s.trim().to_owned())
            .map_err(|e| format!("template {name}: {e:#}"))?;
        if self.overridden.contains(name) {
            self.rendered
                .borrow_mut()
                .push((name.to_owned(), out.clone()));
        }
        Ok(out)
    }
}
