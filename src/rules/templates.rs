//! The minijinja environment that renders PromQL from `templates/`.
//!
//! Templates receive prepared fragments (selectors with their quoting already right) and
//! decide the shape of each query. Undefined variables are errors, not empty strings.

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::promql::build;

/// The templates shipped with llm-slo: (name, source).
const SHIPPED: &[(&str, &str)] = &[
    (
        "alerts/error_ratio.promql.j2",
        include_str!("../../templates/alerts/error_ratio.promql.j2"),
    ),
    (
        "alerts/latency.promql.j2",
        include_str!("../../templates/alerts/latency.promql.j2"),
    ),
    (
        "alerts/spend.promql.j2",
        include_str!("../../templates/alerts/spend.promql.j2"),
    ),
];

/// The template environment.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The shipped templates.
    pub fn shipped() -> Result<Templates, String> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_function("sum_by", |labels: Vec<String>, expr: String| {
            if labels.is_empty() {
                format!("sum({expr})")
            } else {
                format!("sum by ({}) ({expr})", build::label_list(&labels))
            }
        });
        for (name, source) in SHIPPED {
            env.add_template(name, source)
                .map_err(|e| format!("template {name}: {e:#}"))?;
        }
        Ok(Templates { env })
    }

    /// Renders a template; the result is trimmed of surrounding whitespace.
    pub fn render(&self, name: &str, context: Value) -> Result<String, String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| format!("template {name}: {e:#}"))?;
        template
            .render(context)
            .map(|s| s.trim().to_owned())
            .map_err(|e| format!("template {name}: {e:#}"))
    }
}
