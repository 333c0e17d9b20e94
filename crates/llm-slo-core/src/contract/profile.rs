//! Metric profiles: which instruments an application emits, with their attributes.
//!
//! Two profiles follow the OpenTelemetry GenAI conventions (v1.41, and the newest state of
//! the conventions' own repository); two describe what an instrumentation library emits
//! today (OpenLIT, OpenLLMetry). Each is one table row per instrument, with the source it
//! was read from, so a new emitter is data, not code.

use super::attributes::*;

/// A metric profile: the conventions an application follows, or the library it uses.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Profile {
    /// semantic-conventions v1.41: every GenAI client and server metric
    /// (`gen_ai.client.token.usage` by `gen_ai.token.type`, `gen_ai.client.operation.*`,
    /// `gen_ai.server.*`). What most instrumentations emit.
    #[default]
    #[serde(rename = "genai-v1.41")]
    GenAiV1_41,
    /// semantic-conventions-genai, the conventions' newest state: inference histograms, usage
    /// counters by modality, per-call token histograms, embeddings, agent, tool and workflow
    /// metrics. Still changing upstream.
    #[serde(rename = "genai-latest")]
    GenAiLatest,
    /// What the OpenLIT Python SDK emits: the v1.41 names with OpenLIT's attributes, and cost
    /// as the histogram `gen_ai.usage.cost` (USD).
    #[serde(rename = "openlit")]
    OpenLit,
    /// What OpenLLMetry (Traceloop) emits: the v1.41 token and duration histograms without
    /// `gen_ai.request.model`, its own choice and exception counters; no cost.
    #[serde(rename = "openllmetry")]
    OpenLlmetry,
}

/// Where a profile's table was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// What it describes, e.g. `OpenTelemetry semantic conventions`.
    pub title: &'static str,
    /// The version described.
    pub version: &'static str,
    /// The repository.
    pub repository: &'static str,
    /// The commit read, and its date.
    pub commit: &'static str,
    /// The files read.
    pub files: &'static str,
}

impl Profile {
    /// Every profile, in a stable order.
    pub const ALL: [Profile; 4] = [
        Profile::GenAiV1_41,
        Profile::GenAiLatest,
        Profile::OpenLit,
        Profile::OpenLlmetry,
    ];

    /// The name used in specs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::GenAiV1_41 => "genai-v1.41",
            Profile::GenAiLatest => "genai-latest",
            Profile::OpenLit => "openlit",
            Profile::OpenLlmetry => "openllmetry",
        }
    }

    /// The profile a name (as [`Profile::as_str`] gives it) stands for.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Whether the profile is the conventions themselves (which `llm-slo-otel` emits), not
    /// what another library emits.
    pub fn is_conventions(self) -> bool {
        matches!(self, Profile::GenAiV1_41 | Profile::GenAiLatest)
    }

    /// Where the table was read from.
    pub fn source(self) -> Source {
        match self {
            Profile::GenAiV1_41 => Source {
                title: "OpenTelemetry semantic conventions",
                version: "v1.41.0",
                repository: "https://github.com/open-telemetry/semantic-conventions",
                commit: "e018fe6f91862f5ed63c082f87697cddac596784 (2026-04-28)",
                files: "model/gen-ai/metrics.yaml, model/gen-ai/registry.yaml, docs/gen-ai/gen-ai-metrics.md, docs/gen-ai/openai.md",
            },
            Profile::GenAiLatest => Source {
                title: "OpenTelemetry GenAI semantic conventions (development)",
                version: "main after the move to semantic-conventions-genai, with the embeddings metrics",
                repository: "https://github.com/open-telemetry/semantic-conventions-genai",
                commit: "88eccb155ca7d6984826da1f4b1c08ee916e0f49",
                files: "model/gen-ai/metrics.yaml, model/gen-ai/token-metrics.yaml, model/gen-ai/spans.yaml, docs/gen-ai/gen-ai-metrics.md, docs/gen-ai/non-normative/migration.md",
            },
            Profile::OpenLit => Source {
                title: "OpenLIT Python SDK",
                version: "1.45.0",
                repository: "https://github.com/openlit/openlit",
                commit: "ad20b7b4c282f5c19239937f3bb485ec380e772e (2026-08-03)",
                files: "sdk/python/src/openlit/otel/metrics.py, sdk/python/src/openlit/semcov/__init__.py, sdk/python/src/openlit/__helpers.py",
            },
            Profile::OpenLlmetry => Source {
                title: "OpenLLMetry (opentelemetry-instrumentation-openai, opentelemetry-semantic-conventions-ai)",
                version: "instrumentation 0.62.1, semantic-conventions-ai 0.5.2",
                repository: "https://github.com/traceloop/openllmetry",
                commit: "93429cfb9767e6b51db6cb35f6b70f758117669a (2026-06-28)",
                files: "packages/opentelemetry-semantic-conventions-ai/opentelemetry/semconv_ai/__init__.py, packages/opentelemetry-instrumentation-openai/opentelemetry/instrumentation/openai/{v1/__init__.py,shared/__init__.py,shared/chat_wrappers.py}",
            },
        }
    }

    /// Every instrument of this profile. For the conventions' profiles the cost counter of
    /// `llm-slo-otel` is separate: see [`crate::contract::Contract::instrument`].
    pub fn instruments(self) -> impl Iterator<Item = Instrument> {
        self.table().iter().map(|row| row.instrument())
    }

    /// The instrument behind a signal, if this profile emits it.
    pub fn instrument(self, signal: Signal) -> Option<Instrument> {
        self.table()
            .iter()
            .find(|row| row.signal == signal)
            .map(Row::instrument)
    }

    /// The values of `gen_ai.token.type` on the profile's token histogram (none when it
    /// has no such histogram).
    pub fn token_types(self) -> &'static [&'static str] {
        match self {
            Profile::GenAiLatest => &[],
            _ => TOKEN_TYPES,
        }
    }

    /// The span attribute of cache-write input tokens: `gen_ai.usage.cache_creation.input_tokens`
    /// in v1.41, `gen_ai.usage.cache_write.input_tokens` after the rename.
    pub fn cache_write_usage_attribute(self) -> &'static str {
        match self {
            Profile::GenAiLatest => "gen_ai.usage.cache_write.input_tokens",
            _ => "gen_ai.usage.cache_creation.input_tokens",
        }
    }

    fn table(self) -> &'static [Row] {
        match self {
            Profile::GenAiV1_41 => V1_41,
            Profile::GenAiLatest => LATEST,
            Profile::OpenLit => OPENLIT,
            Profile::OpenLlmetry => OPENLLMETRY,
        }
    }
}

/// What a series measures, independent of the profile that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Signal {
    /// Client-side duration of a GenAI inference call (seconds, histogram).
    OperationDuration,
    /// Time until the first chunk of a streamed response (seconds, histogram).
    TimeToFirstChunk,
    /// Time between the chunks of a streamed response after the first (seconds, histogram).
    TimePerOutputChunk,
    /// Tokens per call by `gen_ai.token.type` (v1.41 histogram).
    TokenUsage,
    /// Total input tokens, cache included (latest, counter).
    InputTokens,
    /// Total output tokens, reasoning included (latest, counter).
    OutputTokens,
    /// Input tokens read from the provider's prompt cache (latest, counter).
    CacheReadInputTokens,
    /// Input tokens written to the provider's prompt cache (latest, counter).
    CacheWriteInputTokens,
    /// Output tokens spent on reasoning (latest, counter).
    ReasoningOutputTokens,
    /// Input tokens per call, cache included (latest, histogram): sizes, not totals.
    CallInputTokens,
    /// Output tokens per call, reasoning included (latest, histogram): sizes, not totals.
    CallOutputTokens,
    /// Duration of a client operation that is not inference or embeddings (latest).
    OtherOperationDuration,
    /// Duration of an embeddings call (latest).
    EmbeddingsDuration,
    /// Input tokens of each embeddings call (latest, histogram).
    EmbeddingsInputTokens,
    /// Server-side duration of a GenAI request (model servers).
    ServerRequestDuration,
    /// Server-side time to the first generated token.
    ServerTimeToFirstToken,
    /// Server-side time per generated token after the first.
    ServerTimePerOutputToken,
    /// Duration of a workflow invocation (latest).
    WorkflowDuration,
    /// Duration of an agent invocation (latest).
    AgentDuration,
    /// Inference calls per agent invocation (latest, histogram).
    AgentInferenceCalls,
    /// Tool calls per agent invocation (latest, histogram).
    AgentToolCalls,
    /// Duration of a tool call (latest).
    ToolDuration,
    /// Duration of an agent operation (OpenLIT).
    AgentOperationDuration,
    /// Agent invocations (OpenLIT, counter).
    AgentInvocations,
    /// Tool errors of agents (OpenLIT, counter).
    AgentToolErrors,
    /// Time to generate a streamed completion (OpenLLMetry).
    StreamingTimeToGenerate,
    /// Choices returned (OpenLLMetry, counter).
    GenerationChoices,
    /// Failed chat completions (OpenLLMetry, counter).
    ChatExceptions,
    /// Elements of returned embedding vectors (OpenLLMetry, counter).
    EmbeddingsVectorSize,
    /// Failed embeddings calls (OpenLLMetry, counter).
    EmbeddingsExceptions,
    /// Failed image generations (OpenLLMetry, counter).
    ImageExceptions,
    /// Cost in USD: `llm-slo-otel`'s counter (outside the conventions), or the emitter's
    /// own cost metric (OpenLIT's histogram).
    Cost,
    /// Calls `llm-slo-otel` could not price, by reason (an extension, counter): a model
    /// without prices, no usage reported, usage refused by the price table or above the
    /// sanity cap.
    UnpricedCalls,
    /// The price table in use (an extension, gauge of 1): its `content_hash` as a label.
    PricesInfo,
    /// Evaluation scores of generations (an extension, histogram): a human rating or an
    /// automatic evaluator's score, by `gen_ai.evaluation.name` — the value of the
    /// conventions' `gen_ai.evaluation.result` event, as a metric.
    EvaluationScore,
    /// The cost of each agent invocation in US dollars (an extension, histogram): the sum
    /// of its calls' costs.
    AgentRunCost,
}

impl Signal {
    /// Whether `llm-slo-otel` records this signal (when its profile has it).
    pub fn recorded_by_runtime(self) -> bool {
        matches!(
            self,
            Signal::OperationDuration
                | Signal::TimeToFirstChunk
                | Signal::TimePerOutputChunk
                | Signal::EmbeddingsDuration
                | Signal::EmbeddingsInputTokens
                | Signal::UnpricedCalls
                | Signal::PricesInfo
                | Signal::EvaluationScore
                | Signal::AgentRunCost
                | Signal::AgentDuration
                | Signal::AgentInferenceCalls
                | Signal::AgentToolCalls
                | Signal::ToolDuration
                | Signal::TokenUsage
                | Signal::InputTokens
                | Signal::OutputTokens
                | Signal::CacheReadInputTokens
                | Signal::CacheWriteInputTokens
                | Signal::ReasoningOutputTokens
                | Signal::CallInputTokens
                | Signal::CallOutputTokens
                | Signal::Cost
        )
    }
}

/// The OTel instrument kind, which decides Prometheus suffixes and valid functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstrumentKind {
    /// A monotonic sum: `_total` under suffixing strategies; use `rate`/`increase`.
    Counter,
    /// An explicit-bucket (or exponential) histogram.
    Histogram,
    /// A value at a time (no suffix; never `rate`).
    Gauge,
}

impl InstrumentKind {
    /// `counter`, `histogram` or `gauge`.
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentKind::Counter => "counter",
            InstrumentKind::Histogram => "histogram",
            InstrumentKind::Gauge => "gauge",
        }
    }
}

/// One instrument of the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instrument {
    /// What it measures.
    pub signal: Signal,
    /// OTel instrument name, e.g. `gen_ai.client.operation.duration`.
    pub name: String,
    /// Counter or histogram.
    pub kind: InstrumentKind,
    /// UCUM unit as OTel declares it (`s`, `{token}`, `{USD}`).
    pub unit: &'static str,
    /// One-line description, used as the instrument description by the runtime.
    pub description: &'static str,
    /// The attributes its data points may carry (the application's own come on top).
    pub attributes: &'static [&'static str],
}

struct Row {
    signal: Signal,
    name: &'static str,
    kind: InstrumentKind,
    unit: &'static str,
    description: &'static str,
    attributes: &'static [&'static str],
}

impl Row {
    fn instrument(&self) -> Instrument {
        Instrument {
            signal: self.signal,
            name: self.name.to_owned(),
            kind: self.kind,
            unit: self.unit,
            description: self.description,
            attributes: self.attributes,
        }
    }
}

use InstrumentKind::{Counter, Histogram};

// Attribute sets. `metric_attributes.gen_ai` of the conventions, with `error.type` where the
// instrument defines it and the OpenAI refinement (`openai.response.*`) where it applies.
const GENAI: &[&str] = GENAI_ATTRIBUTES;
/// The conventions' set with `error.type` (also the attributes of `llm-slo-otel`'s cost
/// counter).
pub(super) const GENAI_ERROR: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    ERROR_TYPE,
];
const GENAI_ERROR_OPENAI: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    ERROR_TYPE,
    OPENAI_SERVICE_TIER,
    OPENAI_SYSTEM_FINGERPRINT,
];
const GENAI_OPENAI: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    OPENAI_SERVICE_TIER,
    OPENAI_SYSTEM_FINGERPRINT,
];
const TOKEN_USAGE_V1_41: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    TOKEN_TYPE,
    OPENAI_SERVICE_TIER,
    OPENAI_SYSTEM_FINGERPRINT,
];
const USAGE_COUNTER: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    TOKEN_MODALITY,
    OPENAI_SERVICE_TIER,
    OPENAI_SYSTEM_FINGERPRINT,
];

const fn seconds(
    signal: Signal,
    name: &'static str,
    description: &'static str,
    attributes: &'static [&'static str],
) -> Row {
    Row {
        signal,
        name,
        kind: Histogram,
        unit: "s",
        description,
        attributes,
    }
}

const fn tokens_counter(signal: Signal, name: &'static str, description: &'static str) -> Row {
    Row {
        signal,
        name,
        kind: Counter,
        unit: "{token}",
        description,
        attributes: USAGE_COUNTER,
    }
}

const fn tokens_histogram(
    signal: Signal,
    name: &'static str,
    description: &'static str,
    attributes: &'static [&'static str],
) -> Row {
    Row {
        signal,
        name,
        kind: Histogram,
        unit: "{token}",
        description,
        attributes,
    }
}

const SERVER_REQUEST: &str =
    "GenAI server request duration (time to last byte or last output token).";
const SERVER_TTFT: &str = "Time to generate the first token, on the server.";
const SERVER_TPOT: &str = "Time per output token after the first, on the server.";
const FIRST_CHUNK: &str = "Time to receive the first chunk of a streamed response.";
const PER_CHUNK: &str = "Time between chunks of a streamed response, after the first.";

const V1_41: &[Row] = &[
    seconds(
        Signal::OperationDuration,
        "gen_ai.client.operation.duration",
        "GenAI operation duration.",
        GENAI_ERROR_OPENAI,
    ),
    seconds(
        Signal::TimeToFirstChunk,
        "gen_ai.client.operation.time_to_first_chunk",
        FIRST_CHUNK,
        GENAI,
    ),
    seconds(
        Signal::TimePerOutputChunk,
        "gen_ai.client.operation.time_per_output_chunk",
        PER_CHUNK,
        GENAI,
    ),
    tokens_histogram(
        Signal::TokenUsage,
        "gen_ai.client.token.usage",
        "Number of input and output tokens used.",
        TOKEN_USAGE_V1_41,
    ),
    seconds(
        Signal::ServerRequestDuration,
        "gen_ai.server.request.duration",
        SERVER_REQUEST,
        GENAI_ERROR,
    ),
    seconds(
        Signal::ServerTimeToFirstToken,
        "gen_ai.server.time_to_first_token",
        SERVER_TTFT,
        GENAI,
    ),
    seconds(
        Signal::ServerTimePerOutputToken,
        "gen_ai.server.time_per_output_token",
        SERVER_TPOT,
        GENAI,
    ),
];

const LATEST: &[Row] = &[
    seconds(
        Signal::OperationDuration,
        "gen_ai.client.inference.duration",
        "GenAI inference duration.",
        GENAI_ERROR_OPENAI,
    ),
    seconds(
        Signal::TimeToFirstChunk,
        "gen_ai.client.inference.time_to_first_chunk",
        FIRST_CHUNK,
        GENAI,
    ),
    seconds(
        Signal::TimePerOutputChunk,
        "gen_ai.client.inference.time_per_output_chunk",
        PER_CHUNK,
        GENAI,
    ),
    tokens_counter(
        Signal::InputTokens,
        "gen_ai.client.inference.usage.input_tokens",
        "Input tokens, cache reads and writes included.",
    ),
    tokens_counter(
        Signal::OutputTokens,
        "gen_ai.client.inference.usage.output_tokens",
        "Output tokens, reasoning included.",
    ),
    tokens_counter(
        Signal::CacheReadInputTokens,
        "gen_ai.client.inference.usage.cache_read.input_tokens",
        "Input tokens served from the prompt cache.",
    ),
    tokens_counter(
        Signal::CacheWriteInputTokens,
        "gen_ai.client.inference.usage.cache_write.input_tokens",
        "Input tokens written to the prompt cache.",
    ),
    tokens_counter(
        Signal::ReasoningOutputTokens,
        "gen_ai.client.inference.usage.reasoning.output_tokens",
        "Output tokens spent on reasoning.",
    ),
    tokens_histogram(
        Signal::CallInputTokens,
        "gen_ai.client.inference.operation.input_tokens",
        "Input tokens of each call, cache reads and writes included.",
        GENAI_OPENAI,
    ),
    tokens_histogram(
        Signal::CallOutputTokens,
        "gen_ai.client.inference.operation.output_tokens",
        "Output tokens of each call, reasoning included.",
        GENAI_OPENAI,
    ),
    seconds(
        Signal::OtherOperationDuration,
        "gen_ai.client.operation.duration",
        "Duration of a GenAI client operation other than inference and embeddings.",
        GENAI_ERROR_OPENAI,
    ),
    seconds(
        Signal::EmbeddingsDuration,
        "gen_ai.client.embeddings.duration",
        "GenAI embeddings duration.",
        GENAI_ERROR,
    ),
    tokens_histogram(
        Signal::EmbeddingsInputTokens,
        "gen_ai.client.embeddings.operation.input_tokens",
        "Input tokens of each embeddings call.",
        GENAI,
    ),
    seconds(
        Signal::ServerRequestDuration,
        "gen_ai.server.request.duration",
        SERVER_REQUEST,
        GENAI_ERROR,
    ),
    seconds(
        Signal::ServerTimeToFirstToken,
        "gen_ai.server.time_to_first_token",
        SERVER_TTFT,
        GENAI,
    ),
    seconds(
        Signal::ServerTimePerOutputToken,
        "gen_ai.server.time_per_output_token",
        SERVER_TPOT,
        GENAI,
    ),
    seconds(
        Signal::WorkflowDuration,
        "gen_ai.invoke_workflow.duration",
        "Duration of a workflow invocation.",
        &[WORKFLOW_NAME, ERROR_TYPE],
    ),
    seconds(
        Signal::AgentDuration,
        "gen_ai.invoke_agent.duration",
        "Duration of an agent invocation.",
        &[AGENT_NAME, REQUEST_MODEL, ERROR_TYPE],
    ),
    Row {
        signal: Signal::AgentInferenceCalls,
        name: "gen_ai.invoke_agent.inference_calls",
        kind: Histogram,
        unit: "{inference_call}",
        description: "Inference calls of each agent invocation, failed ones included.",
        attributes: &[AGENT_NAME],
    },
    Row {
        signal: Signal::AgentToolCalls,
        name: "gen_ai.invoke_agent.tool_calls",
        kind: Histogram,
        unit: "{tool_call}",
        description: "Client-side tool calls of each agent invocation.",
        attributes: &[AGENT_NAME],
    },
    seconds(
        Signal::ToolDuration,
        "gen_ai.execute_tool.duration",
        "Duration of a tool call.",
        &[TOOL_NAME, AGENT_NAME, TOOL_TYPE, ERROR_TYPE],
    ),
];

/// OpenLIT's `create_metrics_attributes`: the conventions' set plus three resource
/// attributes on every data point, and the agent's name when one is current.
const OPENLIT_GENAI: &[&str] = &[
    TELEMETRY_SDK_NAME,
    SERVICE_NAME,
    DEPLOYMENT_ENVIRONMENT,
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    AGENT_NAME,
];
/// The same with `error.type`, which OpenLIT's failure path puts on every instrument it
/// records then (duration, server request duration and a zero cost; no tokens).
const OPENLIT_GENAI_ERROR: &[&str] = &[
    TELEMETRY_SDK_NAME,
    SERVICE_NAME,
    DEPLOYMENT_ENVIRONMENT,
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    AGENT_NAME,
    ERROR_TYPE,
];
const OPENLIT_TOKENS: &[&str] = &[
    TELEMETRY_SDK_NAME,
    SERVICE_NAME,
    DEPLOYMENT_ENVIRONMENT,
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    AGENT_NAME,
    TOKEN_TYPE,
];

const OPENLIT: &[Row] = &[
    seconds(
        Signal::OperationDuration,
        "gen_ai.client.operation.duration",
        "GenAI operation duration.",
        OPENLIT_GENAI_ERROR,
    ),
    seconds(
        Signal::TimeToFirstChunk,
        "gen_ai.client.operation.time_to_first_chunk",
        FIRST_CHUNK,
        OPENLIT_GENAI,
    ),
    seconds(
        Signal::TimePerOutputChunk,
        "gen_ai.client.operation.time_per_output_chunk",
        PER_CHUNK,
        OPENLIT_GENAI,
    ),
    tokens_histogram(
        Signal::TokenUsage,
        "gen_ai.client.token.usage",
        "Number of input and output tokens used (only when non-zero).",
        OPENLIT_TOKENS,
    ),
    seconds(
        Signal::ServerRequestDuration,
        "gen_ai.server.request.duration",
        SERVER_REQUEST,
        OPENLIT_GENAI_ERROR,
    ),
    seconds(
        Signal::ServerTimeToFirstToken,
        "gen_ai.server.time_to_first_token",
        "Time to the first token (for a call that does not stream, its whole duration).",
        OPENLIT_GENAI,
    ),
    seconds(
        Signal::ServerTimePerOutputToken,
        "gen_ai.server.time_per_output_token",
        "Mean time between streamed chunks, one value per streamed call.",
        OPENLIT_GENAI,
    ),
    Row {
        signal: Signal::Cost,
        name: "gen_ai.usage.cost",
        kind: Histogram,
        unit: "USD",
        description: "Cost of each call in USD from OpenLIT's price table (0 for a failed call); SDK default buckets, so only _sum and _count are meaningful.",
        attributes: OPENLIT_GENAI_ERROR,
    },
    seconds(
        Signal::AgentOperationDuration,
        "gen_ai.agent.operation.duration",
        "Duration of an agent operation.",
        &[AGENT_NAME, OPERATION_NAME, PROVIDER_NAME, ERROR_TYPE],
    ),
    Row {
        signal: Signal::AgentInvocations,
        name: "gen_ai.agent.invocations",
        kind: Counter,
        unit: "1",
        description: "Agent invocations, by source and target agent.",
        attributes: &["gen_ai.agent.source", "gen_ai.agent.target", PROVIDER_NAME],
    },
    Row {
        signal: Signal::AgentToolErrors,
        name: "gen_ai.agent.tool.errors",
        kind: Counter,
        unit: "1",
        description: "Tool errors of agents.",
        attributes: &[AGENT_NAME, TOOL_NAME, PROVIDER_NAME, REQUEST_MODEL],
    },
];

/// OpenLLMetry's `metric_shared_attributes`: no `gen_ai.request.model`, `server.address` is
/// the client's base URL, `stream` says whether the call streamed; `traceloop.*` when the
/// Traceloop SDK sets them. Failed calls carry only `error.type`.
const OPENLLMETRY_SHARED: &[&str] = &[
    PROVIDER_NAME,
    RESPONSE_MODEL,
    OPERATION_NAME,
    SERVER_ADDRESS,
    "stream",
    "traceloop.workflow.name",
    "traceloop.entity.name",
];
const OPENLLMETRY_ERROR: &[&str] = &[
    PROVIDER_NAME,
    RESPONSE_MODEL,
    OPERATION_NAME,
    SERVER_ADDRESS,
    "stream",
    "traceloop.workflow.name",
    "traceloop.entity.name",
    ERROR_TYPE,
];
const OPENLLMETRY_TOKENS: &[&str] = &[
    PROVIDER_NAME,
    RESPONSE_MODEL,
    OPERATION_NAME,
    SERVER_ADDRESS,
    "stream",
    "traceloop.workflow.name",
    "traceloop.entity.name",
    TOKEN_TYPE,
];
const OPENLLMETRY_CHOICES: &[&str] = &[
    PROVIDER_NAME,
    RESPONSE_MODEL,
    OPERATION_NAME,
    SERVER_ADDRESS,
    "stream",
    "traceloop.workflow.name",
    "traceloop.entity.name",
    FINISH_REASON,
];

const fn exceptions(signal: Signal, name: &'static str, description: &'static str) -> Row {
    Row {
        signal,
        name,
        kind: Counter,
        unit: "time",
        description,
        attributes: &[ERROR_TYPE],
    }
}

const OPENLLMETRY: &[Row] = &[
    Row {
        signal: Signal::TokenUsage,
        name: "gen_ai.client.token.usage",
        kind: Histogram,
        unit: "token",
        description: "Number of input and output tokens used.",
        attributes: OPENLLMETRY_TOKENS,
    },
    seconds(
        Signal::OperationDuration,
        "gen_ai.client.operation.duration",
        "GenAI operation duration (SDK default buckets).",
        OPENLLMETRY_ERROR,
    ),
    seconds(
        Signal::ServerTimeToFirstToken,
        "gen_ai.server.time_to_first_token",
        "Time to the first chunk of a streamed response, measured by the client.",
        OPENLLMETRY_SHARED,
    ),
    seconds(
        Signal::StreamingTimeToGenerate,
        "llm.chat_completions.streaming_time_to_generate",
        "Time from the first chunk to the end of a streamed response.",
        OPENLLMETRY_SHARED,
    ),
    Row {
        signal: Signal::GenerationChoices,
        name: "gen_ai.client.generation.choices",
        kind: Counter,
        unit: "choice",
        description: "Choices returned, in all and by finish reason.",
        attributes: OPENLLMETRY_CHOICES,
    },
    exceptions(
        Signal::ChatExceptions,
        "llm.openai.chat_completions.exceptions",
        "Failed chat completions.",
    ),
    Row {
        signal: Signal::EmbeddingsVectorSize,
        name: "llm.openai.embeddings.vector_size",
        kind: Counter,
        unit: "element",
        description: "Elements of the returned embedding vectors.",
        attributes: OPENLLMETRY_SHARED,
    },
    exceptions(
        Signal::EmbeddingsExceptions,
        "llm.openai.embeddings.exceptions",
        "Failed embeddings calls.",
    ),
    exceptions(
        Signal::ImageExceptions,
        "llm.openai.image_generations.exceptions",
        "Failed image generations.",
    ),
];
