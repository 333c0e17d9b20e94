//! `slos`: service-level objectives.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Duration;

/// A service-level objective.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// Unique name: letters, digits, `-` and `_`.
    pub name: String,
    /// What the objective promises, in words.
    #[serde(default)]
    pub description: Option<String>,
    /// How good and bad events are counted.
    pub sli: Sli,
    /// Percentage of events that must be good, strictly between 0 and 100 (`99.5`).
    pub objective: f64,
    /// The rolling window the objective applies to.
    #[serde(default = "default_window")]
    pub window: Duration,
    /// Only count calls whose dimensions have these values, e.g. `feature: chat`.
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// One objective per value of these dimensions (`[tenant]`: every tenant gets the
    /// objective, its own error budget and its own burn-rate alerts, labelled with its
    /// value); one objective for all calls when empty. For `events` SLIs these are labels
    /// that both expressions keep.
    #[serde(default)]
    pub by: Vec<String>,
    /// Burn-rate alerting.
    #[serde(default)]
    pub alerting: SloAlerting,
}

impl Sli {
    /// The signal whose histogram the SLI reads (`None` for `events`).
    pub(crate) fn signal(&self) -> Option<llm_slo_core::contract::Signal> {
        use llm_slo_core::contract::Signal;
        Some(match self {
            Sli::Availability {} | Sli::Latency { .. } => Signal::OperationDuration,
            Sli::TimeToFirstChunk { .. } => Signal::TimeToFirstChunk,
            Sli::Quality { .. } => Signal::EvaluationScore,
            Sli::AgentRuns {} | Sli::AgentLatency { .. } => Signal::AgentDuration,
            Sli::ToolCalls {} => Signal::ToolDuration,
            Sli::Events { .. } => return None,
        })
    }

    /// The SLI's key in the spec (`availability`, `quality`, …).
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Sli::Availability {} => "availability",
            Sli::Latency { .. } => "latency",
            Sli::TimeToFirstChunk { .. } => "time_to_first_chunk",
            Sli::Quality { .. } => "quality",
            Sli::AgentRuns {} => "agent_runs",
            Sli::AgentLatency { .. } => "agent_latency",
            Sli::ToolCalls {} => "tool_calls",
            Sli::Events { .. } => "events",
        }
    }
}

impl Slo {
    /// The labels the objective is split by: the dimensions' labels, or for event SLIs the
    /// labels of the user's expressions as written.
    pub(crate) fn split_labels(&self, q: &crate::queries::Queries) -> Vec<String> {
        match self.sli {
            Sli::Events { .. } => self.by.clone(),
            _ => q.labels(&self.by),
        }
    }
}

fn default_window() -> Duration {
    Duration::from_days(30)
}

/// The service-level indicator of an objective.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Sli {
    /// Calls that complete without an `error.type` are good.
    Availability {},
    /// Calls that complete within `threshold` (client operation duration) are good.
    Latency {
        /// The latency bound; must be a bucket boundary of the duration histogram.
        threshold: Duration,
    },
    /// Streamed calls whose first chunk arrives within `threshold` are good.
    TimeToFirstChunk {
        /// The bound; must be a bucket boundary of the duration histogram.
        threshold: Duration,
    },
    /// Scored generations whose score is above `above` are good: the scores of one
    /// evaluation (a human rating, an automatic evaluator) that `llm-slo-otel` records as
    /// `llm_slo.evaluation.score`. A score equal to `above` is not good (`above: 3` on a
    /// five-point rating: 4 and 5 are good).
    Quality {
        /// The evaluation's `gen_ai.evaluation.name` (`helpfulness`, `thumbs`).
        evaluation: String,
        /// The bound a good score is above; a boundary of the score histogram (the
        /// generator adds it to the runtime's boundaries).
        above: f64,
    },
    /// Agent invocations that end without an `error.type` are good
    /// (`gen_ai.invoke_agent.duration`; `genai-latest`).
    AgentRuns {},
    /// Agent invocations that complete within `threshold` are good.
    AgentLatency {
        /// The bound; must be a bucket boundary of the duration histogram.
        threshold: Duration,
    },
    /// Tool calls that end without an `error.type` are good (`gen_ai.execute_tool.duration`;
    /// `genai-latest`). `by: [tool]` gives every tool its own objective.
    ToolCalls {},
    /// Any ratio of bad to total events, written in PromQL with a `{{ window }}` placeholder
    /// for the range, as Sloth does.
    Events {
        /// Rate of bad events, e.g. `sum(rate(http_requests_total{code=~"5.."}[{{ window }}]))`.
        errors: String,
        /// Rate of all events.
        total: String,
    },
}

/// Multi-window, multi-burn-rate alerting for an objective.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SloAlerting {
    /// The fast-burn tiers (14.4× over 1h/5m and 6× over 6h/30m for a 30-day window).
    #[serde(default)]
    pub page: Tier,
    /// The slow-burn tiers (3× over 1d/2h and 1× over 3d/6h for a 30-day window).
    #[serde(default)]
    pub ticket: Tier,
    /// `LLMSLOMissingData` (warning): the SLI has no series while the service has calls (the
    /// histogram lacks the threshold's bucket, or the filter matches nothing), so the
    /// burn-rate alerts cannot fire. On by default, with `for: 30m`.
    #[serde(default)]
    pub missing: Tier,
    /// The fewest events the long window must hold before a burn-rate alert may fire (the
    /// SRE workbook's advice for low-traffic services: three failures out of five calls is
    /// no outage). None by default: a floor also hides a total outage of a quiet service.
    #[serde(default)]
    pub min_events: Option<u64>,
    /// Link to the runbook, added to every alert of this objective.
    #[serde(default)]
    pub runbook_url: Option<String>,
    /// Labels added to every alert of this objective.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Annotations added to every alert of this objective (Go templates, as in Prometheus).
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

/// One severity of burn-rate alerts.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Whether these alerts are generated.
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// How long the condition must hold before the alert fires; the tier's default when
    /// absent (`0s`: as soon as both windows burn, as Sloth's alerts do).
    #[serde(default, rename = "for")]
    pub for_: Option<Duration>,
    /// Labels of this tier's alerts, over the objective's `alerting.labels` (routing keys,
    /// a `severity` of your own).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Annotations of this tier's alerts, over the objective's `alerting.annotations`.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

impl Default for Tier {
    fn default() -> Self {
        Tier {
            enabled: true,
            for_: None,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
        }
    }
}

fn enabled() -> bool {
    true
}
