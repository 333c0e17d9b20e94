//! `budgets`: spend limits.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Duration;

/// A spend limit over a calendar-like period.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Unique name: letters, digits, `-` and `_`.
    pub name: String,
    /// The limit in US dollars per `period`.
    pub limit: f64,
    /// The period the limit applies to.
    pub period: Period,
    /// One budget per value of these dimensions (e.g. `[feature]`: each feature may spend
    /// `limit`); one budget for everything when empty.
    #[serde(default)]
    pub by: Vec<String>,
    /// Only count calls whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// Whether spend comes from the runtime's exact cost counter or is estimated in PromQL
    /// from token counters and the generated price series.
    #[serde(default)]
    pub cost: CostSource,
    /// How long the condition must hold before an alert fires.
    #[serde(default, rename = "for")]
    pub for_: Option<Duration>,
    /// Alert severity label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

fn default_severity() -> String {
    "warning".to_owned()
}

/// A budget period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A rolling hour.
    Hour,
    /// A rolling day.
    Day,
    /// A rolling week (7 days), for teams that review spend weekly.
    Week,
    /// A month (30 days for rates; month-to-date for forecasts).
    Month,
}

/// Where spend figures come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostSource {
    /// The profile's cost metric when it has one (`llm-slo-otel`'s counter, OpenLIT's
    /// histogram), else the estimate.
    #[default]
    Auto,
    /// The profile's cost metric: `llm-slo-otel`'s cost counter (exact, per request), or the
    /// emitter's own (OpenLIT's `gen_ai.usage.cost`).
    Exact,
    /// Token counters × generated price series (for applications with another
    /// instrumentation; long-context tiers are not applied).
    Estimated,
}

impl CostSource {
    /// The source used under a contract: `auto` is the cost metric when the profile has
    /// one, and `exact` without one falls back to the estimate (the spec check warns).
    pub fn resolve(self, contract: &llm_slo_core::contract::Contract) -> CostSource {
        let has_cost = contract
            .instrument(llm_slo_core::contract::Signal::Cost)
            .is_some();
        match self {
            CostSource::Auto | CostSource::Exact if has_cost => CostSource::Exact,
            _ => CostSource::Estimated,
        }
    }
}
