//! Agents, their tool calls and the scores of generations: the conventions' agent and tool
//! metrics (`gen_ai.invoke_agent.duration`, `gen_ai.invoke_agent.inference_calls`,
//! `gen_ai.invoke_agent.tool_calls`, `gen_ai.execute_tool.duration`, under `genai-latest`),
//! the cost of each agent invocation (`llm_slo.agent.cost`, an extension) and evaluation
//! scores (`llm_slo.evaluation.score`, an extension beside the conventions'
//! `gen_ai.evaluation.result` event).
//!
//! An [`AgentRun`] measures one invocation: the calls started through it count as its
//! inference calls and add their cost to it, the tools run through it count as its tool
//! calls; it records when it finishes, fails, is cancelled or is dropped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use llm_slo_core::contract::{
    AGENT_NAME, CANCELLED, ERROR_TYPE, EVALUATION_NAME, EVALUATION_SCORE_LABEL, OPERATION_NAME,
    PROVIDER_NAME, REQUEST_MODEL, TOOL_NAME, TOOL_TYPE,
};
use opentelemetry::KeyValue;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::{Call, CallInfo, DROPPED, LlmMetrics};

/// Which agent is invoked: `gen_ai.agent.name`, the model it runs on, extra attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentInfo {
    /// `gen_ai.agent.name`.
    pub name: Arc<str>,
    /// `gen_ai.request.model`, when the agent runs on one model.
    pub request_model: Option<Arc<str>>,
    /// Values of the configured extra attributes (`feature`, …).
    pub attributes: Vec<(Arc<str>, Arc<str>)>,
}

impl AgentInfo {
    /// An agent by name.
    pub fn new(name: &str) -> AgentInfo {
        AgentInfo {
            name: name.into(),
            request_model: None,
            attributes: Vec::new(),
        }
    }

    /// With the model it runs on.
    pub fn model(mut self, model: &str) -> AgentInfo {
        self.request_model = Some(model.into());
        self
    }

    /// With an extra attribute.
    pub fn attribute(mut self, name: &str, value: &str) -> AgentInfo {
        self.attributes.push((name.into(), value.into()));
        self
    }
}

/// What the calls of one invocation add up to.
#[derive(Debug, Default)]
pub(crate) struct RunState {
    inference_calls: AtomicU64,
    tool_calls: AtomicU64,
    cost: Mutex<Decimal>,
}

impl RunState {
    /// One of its inference calls ended, with its cost.
    pub(crate) fn add_call(&self, cost: Option<Decimal>) {
        self.inference_calls.fetch_add(1, Ordering::Relaxed);
        if let Some(cost) = cost
            && let Ok(mut total) = self.cost.lock()
        {
            *total += cost;
        }
    }
}

/// One agent invocation being measured (see [`LlmMetrics::start_agent`]).
#[derive(Debug)]
pub struct AgentRun {
    metrics: LlmMetrics,
    info: AgentInfo,
    started: Instant,
    state: Arc<RunState>,
    recorded: bool,
}

/// What an invocation recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentRecorded {
    /// Its inference calls.
    pub inference_calls: u64,
    /// Its tool calls.
    pub tool_calls: u64,
    /// The sum of its priced calls' costs, in US dollars.
    pub cost: Decimal,
}

impl AgentRun {
    /// Starts an inference call of this invocation: measured as any call, and counted with
    /// its cost in the invocation's.
    pub fn call(&self, info: CallInfo) -> Call {
        let mut call = self.metrics.start(info);
        call.agent = Some(Arc::clone(&self.state));
        call
    }

    /// Starts a tool call of this invocation (`gen_ai.tool.name`).
    pub fn tool(&self, name: &str) -> ToolCall {
        self.state.tool_calls.fetch_add(1, Ordering::Relaxed);
        ToolCall {
            metrics: self.metrics.clone(),
            agent: Arc::clone(&self.info.name),
            name: name.into(),
            tool_type: None,
            attributes: self.info.attributes.clone(),
            started: Instant::now(),
            recorded: false,
        }
    }

    /// Records a successful invocation.
    pub fn finish(mut self) -> AgentRecorded {
        self.record(None)
    }

    /// Records a failed invocation (`error.type`).
    pub fn fail(mut self, error_type: &str) -> AgentRecorded {
        let error_type = if error_type.is_empty() {
            DROPPED
        } else {
            error_type
        };
        self.record(Some(error_type))
    }

    /// Records an invocation the application gave up on (`error.type` `cancelled`, neither
    /// good nor bad to the generated SLIs).
    pub fn cancel(mut self) -> AgentRecorded {
        self.record(Some(CANCELLED))
    }

    fn record(&mut self, error_type: Option<&str>) -> AgentRecorded {
        self.recorded = true;
        let recorded = AgentRecorded {
            inference_calls: self.state.inference_calls.load(Ordering::Relaxed),
            tool_calls: self.state.tool_calls.load(Ordering::Relaxed),
            cost: self.state.cost.lock().map(|c| *c).unwrap_or_default(),
        };
        let i = &self.metrics.inner.instruments;
        let mut base = vec![KeyValue::new(AGENT_NAME, self.info.name.clone())];
        self.metrics
            .extra_attributes(&self.info.attributes, &mut base);
        // The call counts and the cost carry no model and no error type in the conventions
        // (the cost: no model).
        if let Some(h) = &i.agent_inference_calls {
            h.record(recorded.inference_calls, &base);
        }
        if let Some(h) = &i.agent_tool_calls {
            h.record(recorded.tool_calls, &base);
        }
        if let Some(error) = error_type {
            base.push(KeyValue::new(ERROR_TYPE, error.to_owned()));
        }
        if let (Some(h), Some(usd)) = (&i.agent_cost, recorded.cost.to_f64()) {
            h.record(usd, &base);
        }
        if let Some(model) = &self.info.request_model {
            base.push(KeyValue::new(REQUEST_MODEL, model.clone()));
        }
        if let Some(h) = &i.agent_duration {
            h.record(self.started.elapsed().as_secs_f64(), &base);
        }
        recorded
    }
}

impl Drop for AgentRun {
    fn drop(&mut self) {
        if !self.recorded {
            self.record(Some(DROPPED));
        }
    }
}

/// One tool call being measured (see [`AgentRun::tool`]).
#[derive(Debug)]
pub struct ToolCall {
    metrics: LlmMetrics,
    agent: Arc<str>,
    name: Arc<str>,
    tool_type: Option<Arc<str>>,
    attributes: Vec<(Arc<str>, Arc<str>)>,
    started: Instant,
    recorded: bool,
}

impl ToolCall {
    /// With its `gen_ai.tool.type` (`function`, `extension`, `datastore`).
    pub fn tool_type(mut self, tool_type: &str) -> ToolCall {
        self.tool_type = Some(tool_type.into());
        self
    }

    /// Records a successful tool call.
    pub fn finish(mut self) {
        self.record(None);
    }

    /// Records a failed tool call (`error.type`).
    pub fn fail(mut self, error_type: &str) {
        let error_type = if error_type.is_empty() {
            DROPPED
        } else {
            error_type
        };
        self.record(Some(error_type));
    }

    fn record(&mut self, error_type: Option<&str>) {
        self.recorded = true;
        let Some(h) = &self.metrics.inner.instruments.tool_duration else {
            return;
        };
        let mut attributes = vec![
            KeyValue::new(TOOL_NAME, self.name.clone()),
            KeyValue::new(AGENT_NAME, self.agent.clone()),
        ];
        if let Some(tool_type) = &self.tool_type {
            attributes.push(KeyValue::new(TOOL_TYPE, tool_type.clone()));
        }
        if let Some(error) = error_type {
            attributes.push(KeyValue::new(ERROR_TYPE, error.to_owned()));
        }
        self.metrics
            .extra_attributes(&self.attributes, &mut attributes);
        h.record(self.started.elapsed().as_secs_f64(), &attributes);
    }
}

impl Drop for ToolCall {
    fn drop(&mut self) {
        if !self.recorded {
            self.record(Some(DROPPED));
        }
    }
}

impl LlmMetrics {
    /// Starts measuring an agent invocation.
    pub fn start_agent(&self, info: AgentInfo) -> AgentRun {
        AgentRun {
            metrics: self.clone(),
            info,
            started: Instant::now(),
            state: Arc::default(),
            recorded: false,
        }
    }

    /// Records an evaluation of a call's generation — a human rating, an automatic
    /// evaluator's score — when it arrives (feedback comes minutes after the call: keep
    /// the call's [`CallInfo`], a cheap clone). `evaluation` is its
    /// `gen_ai.evaluation.name` (`helpfulness`), `label` its verdict in words (`pass`,
    /// `thumbs_up`) when it has one. The quality SLOs and the quality-drop alert read
    /// these.
    pub fn score(&self, info: &CallInfo, evaluation: &str, score: f64, label: Option<&str>) {
        let Some(h) = &self.inner.instruments.score else {
            return;
        };
        if !score.is_finite() {
            return;
        }
        let mut attributes = vec![
            KeyValue::new(EVALUATION_NAME, evaluation.to_owned()),
            KeyValue::new(OPERATION_NAME, info.operation.clone()),
            KeyValue::new(PROVIDER_NAME, info.provider.clone()),
            KeyValue::new(REQUEST_MODEL, info.request_model.clone()),
        ];
        if let Some(label) = label {
            attributes.push(KeyValue::new(EVALUATION_SCORE_LABEL, label.to_owned()));
        }
        self.extra_attributes(&info.attributes, &mut attributes);
        h.record(score, &attributes);
    }
}
