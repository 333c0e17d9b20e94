//! `alerts`: the common LLM alerts and custom ones.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Duration;

/// Alerts on LLM behaviour. Each built-in alert is generated when its section is present.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alerts {
    /// A latency quantile over a threshold, per group.
    #[serde(default)]
    pub latency: Option<LatencyAlert>,
    /// A quantile of the time to the first chunk of streamed answers over a threshold, per
    /// group: what a user waiting for text sees first.
    #[serde(default)]
    pub time_to_first_chunk: Option<LatencyAlert>,
    /// The share of failed calls over a threshold, per group.
    #[serde(default)]
    pub error_ratio: Option<ErrorRatioAlert>,
    /// Spend over the last hour above a threshold, per group.
    #[serde(default)]
    pub spend: Option<SpendAlert>,
    /// The share of input tokens read from the prompt cache below a floor, per group
    /// (`genai-latest` only: `genai-v1.41` does not count cache reads).
    #[serde(default)]
    pub cache_hit_ratio: Option<CacheHitRatioAlert>,
    /// The mean score of an evaluation over the last `window` below the `baseline`
    /// window's (before it) by more than `drop`, once enough scores came in: a prompt or
    /// model change that made answers worse.
    #[serde(default)]
    pub quality_drop: Option<QualityDropAlert>,
    /// Agent invocations that make too many tool or inference calls (a quantile of the
    /// calls per invocation above a bound): an agent looping.
    #[serde(default)]
    pub runaway_agents: Option<RunawayAgentsAlert>,
    /// The mean cost of an agent invocation above a limit.
    #[serde(default)]
    pub agent_cost: Option<AgentCostAlert>,
    /// No LLM call metrics at all for a while: the application or its export is down.
    #[serde(default)]
    pub no_data: Option<NoDataAlert>,
    /// Calls the runtime could not price (a model missing from the price table, a stream
    /// that reported no usage, a usage over the sanity cap) above a share of all calls, per
    /// provider, model and reason: the spend the dashboards show is that much too low.
    #[serde(default)]
    pub unpriced_calls: Option<UnpricedCallsAlert>,
    /// Alerts written in PromQL, validated like the generated ones.
    #[serde(default)]
    pub custom: Vec<CustomAlert>,
}

/// `histogram_quantile(quantile, …) > above`, of the operation duration (`latency`) or of
/// the time to first chunk (`time_to_first_chunk`).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LatencyAlert {
    /// The quantile, strictly between 0 and 1.
    #[serde(default = "default_quantile")]
    pub quantile: f64,
    /// Fire when the quantile is above this.
    pub above: Duration,
    /// Dimensions to alert on separately.
    #[serde(default = "default_by")]
    pub by: Vec<String>,
    /// Only consider calls whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// The range of the `rate`; at least four scrape intervals (default: the larger of 5m and
    /// four scrape intervals).
    #[serde(default)]
    pub window: Option<Duration>,
    /// How long the condition must hold.
    #[serde(default = "default_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// Failed calls ÷ all calls > `above`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorRatioAlert {
    /// Fire when this fraction of calls fails, strictly between 0 and 1 (`0.05` is 5 %).
    pub above: f64,
    /// Dimensions to alert on separately.
    #[serde(default = "default_by")]
    pub by: Vec<String>,
    /// Only consider calls whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// The range of the `rate` (default: the larger of 5m and four scrape intervals).
    #[serde(default)]
    pub window: Option<Duration>,
    /// How long the condition must hold.
    #[serde(default = "default_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// Spend over the last hour > `per_hour_above`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendAlert {
    /// Fire when more than this many US dollars were spent in the last hour.
    pub per_hour_above: f64,
    /// Dimensions to alert on separately (empty: total spend).
    #[serde(default)]
    pub by: Vec<String>,
    /// Only consider calls whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// How long the condition must hold.
    #[serde(default = "default_spend_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// Cache-read input tokens ÷ all input tokens < `below`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheHitRatioAlert {
    /// Fire when less than this fraction of input tokens comes from the cache, strictly
    /// between 0 and 1.
    pub below: f64,
    /// Dimensions to alert on separately.
    #[serde(default = "default_by")]
    pub by: Vec<String>,
    /// Only consider calls whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// The range of the `rate` (default: the larger of 5m and four scrape intervals).
    #[serde(default)]
    pub window: Option<Duration>,
    /// How long the condition must hold.
    #[serde(default = "default_slow_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// `absent(<calls>)` for `for`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoDataAlert {
    /// How long there must be no data before the alert fires (default 15m: long enough for
    /// a restart or a scrape hiccup).
    #[serde(default = "default_no_data_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// Mean score over `window` < mean score over the `baseline` before it − `drop`, with at
/// least `min_scores` scores in `window`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityDropAlert {
    /// The evaluation's `gen_ai.evaluation.name`.
    pub evaluation: String,
    /// How far the recent mean score may fall below the baseline's, in score units
    /// (`0.1` on a 0–1 score, `0.5` on a five-point rating).
    pub drop: f64,
    /// The recent window (default 1h).
    #[serde(default = "default_quality_window")]
    pub window: Duration,
    /// The baseline window, ending where `window` begins (default 7d).
    #[serde(default = "default_quality_baseline")]
    pub baseline: Duration,
    /// The fewest scores `window` must hold before the alert may fire (default 30): a mean
    /// of three ratings is noise.
    #[serde(default = "default_min_scores")]
    pub min_scores: u64,
    /// Dimensions to alert on separately (`[prompt_version]`, `[model]`).
    #[serde(default)]
    pub by: Vec<String>,
    /// Only consider scores whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// How long the condition must hold.
    #[serde(default = "default_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// `histogram_quantile(quantile, calls per invocation) > bound`, of tool calls and of
/// inference calls.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunawayAgentsAlert {
    /// The quantile of calls per invocation, strictly between 0 and 1 (default 0.95).
    #[serde(default = "default_quantile")]
    pub quantile: f64,
    /// Fire when the quantile of tool calls per invocation is above this
    /// (`LLMRunawayAgentToolCalls`).
    #[serde(default)]
    pub tool_calls_above: Option<f64>,
    /// Fire when the quantile of inference calls per invocation is above this
    /// (`LLMRunawayAgentInferenceCalls`).
    #[serde(default)]
    pub inference_calls_above: Option<f64>,
    /// Dimensions to alert on separately (default: the agent).
    #[serde(default = "default_agent_by")]
    pub by: Vec<String>,
    /// Only consider invocations whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// The range of the `rate` (default: the larger of 5m and four scrape intervals).
    #[serde(default)]
    pub window: Option<Duration>,
    /// How long the condition must hold.
    #[serde(default = "default_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// Mean cost per agent invocation over `window` > `per_run_above`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentCostAlert {
    /// Fire when an invocation costs more than this many US dollars on average.
    pub per_run_above: f64,
    /// Dimensions to alert on separately (default: the agent).
    #[serde(default = "default_agent_by")]
    pub by: Vec<String>,
    /// Only consider invocations whose dimensions have these values.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// The window the mean is taken over (default 1h).
    #[serde(default = "default_quality_window")]
    pub window: Duration,
    /// How long the condition must hold.
    #[serde(default = "default_spend_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// Unpriced calls ÷ all calls > `above`, by provider, model and reason.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnpricedCallsAlert {
    /// Fire when more than this fraction of a model's calls has no cost, from 0 (any
    /// unpriced call: the default) to below 1.
    #[serde(default)]
    pub above: f64,
    /// The range of the `rate` (default: the larger of 5m and four scrape intervals).
    #[serde(default)]
    pub window: Option<Duration>,
    /// How long the condition must hold.
    #[serde(default = "default_unpriced_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

/// An alert written in PromQL.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomAlert {
    /// Alert name: a letter, then letters, digits and `_`.
    pub name: String,
    /// The PromQL expression; the alert fires for every series it returns.
    pub expr: String,
    /// How long the condition must hold.
    #[serde(default = "default_for", rename = "for")]
    pub for_: Duration,
    /// The `severity` label.
    #[serde(default = "default_severity")]
    pub severity: String,
    /// One-line summary (a Go template, as in Prometheus).
    pub summary: String,
    /// Longer description (a Go template).
    #[serde(default)]
    pub description: Option<String>,
    /// Extra labels.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Link to the runbook.
    #[serde(default)]
    pub runbook_url: Option<String>,
}

fn default_quantile() -> f64 {
    0.95
}

fn default_by() -> Vec<String> {
    vec!["provider".to_owned(), "model".to_owned()]
}

fn default_quality_window() -> Duration {
    Duration::from_hours(1)
}

fn default_quality_baseline() -> Duration {
    Duration::from_days(7)
}

fn default_min_scores() -> u64 {
    30
}

fn default_agent_by() -> Vec<String> {
    vec!["agent".to_owned()]
}

fn default_unpriced_for() -> Duration {
    Duration::from_mins(15)
}

fn default_for() -> Duration {
    Duration::from_mins(10)
}

fn default_slow_for() -> Duration {
    Duration::from_mins(30)
}

fn default_no_data_for() -> Duration {
    Duration::from_mins(15)
}

fn default_spend_for() -> Duration {
    Duration::from_mins(5)
}

fn default_severity() -> String {
    "warning".to_owned()
}
