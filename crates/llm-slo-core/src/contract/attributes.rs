//! OTel attribute names used by the GenAI client metrics.

/// `gen_ai.operation.name`: `chat`, `generate_content`, `text_completion`, `embeddings`, ….
pub const OPERATION_NAME: &str = "gen_ai.operation.name";
/// `gen_ai.provider.name`: `openai`, `anthropic`, `gcp.gemini`, ….
pub const PROVIDER_NAME: &str = "gen_ai.provider.name";
/// `gen_ai.request.model`: the model the application asked for.
pub const REQUEST_MODEL: &str = "gen_ai.request.model";
/// `gen_ai.response.model`: the model that answered (often a dated snapshot).
pub const RESPONSE_MODEL: &str = "gen_ai.response.model";
/// `server.address`: the API host.
pub const SERVER_ADDRESS: &str = "server.address";
/// `server.port`: the API port.
pub const SERVER_PORT: &str = "server.port";
/// `error.type`: set only when the operation failed.
pub const ERROR_TYPE: &str = "error.type";

/// The `error.type` of a call the application cancelled (a user who closed the page, a
/// deadline of its own): no failure of the provider, so the generated SLIs count it neither
/// as good nor as bad.
pub const CANCELLED: &str = "cancelled";
/// `gen_ai.token.type` (v1.41 token histogram): `input` or `output`.
pub const TOKEN_TYPE: &str = "gen_ai.token.type";
/// Values of `gen_ai.token.type` in v1.41.
pub const TOKEN_TYPES: &[&str] = &["input", "output"];
/// `gen_ai.token.modality` (latest usage counters): `text`, `image`, `audio`, `unknown`.
pub const TOKEN_MODALITY: &str = "gen_ai.token.modality";
/// `openai.response.service_tier` (OpenAI refinement of the conventions).
pub const OPENAI_SERVICE_TIER: &str = "openai.response.service_tier";
/// `openai.response.system_fingerprint` (OpenAI refinement of the conventions).
pub const OPENAI_SYSTEM_FINGERPRINT: &str = "openai.response.system_fingerprint";
/// `gen_ai.agent.name`: the agent an operation belongs to.
pub const AGENT_NAME: &str = "gen_ai.agent.name";
/// `gen_ai.tool.name`: the tool a tool call runs.
pub const TOOL_NAME: &str = "gen_ai.tool.name";
/// `gen_ai.tool.type`: `function`, `extension`, `datastore`.
pub const TOOL_TYPE: &str = "gen_ai.tool.type";
/// `gen_ai.evaluation.name`: what an evaluation judged (`helpfulness`, `relevance`), as the
/// conventions' `gen_ai.evaluation.result` event names it.
pub const EVALUATION_NAME: &str = "gen_ai.evaluation.name";
/// `gen_ai.evaluation.score.label`: the evaluation's verdict in words (`pass`, `fail`,
/// `thumbs_up`), when it gives one.
pub const EVALUATION_SCORE_LABEL: &str = "gen_ai.evaluation.score.label";
/// `gen_ai.workflow.name`: the workflow an invocation runs.
pub const WORKFLOW_NAME: &str = "gen_ai.workflow.name";
/// `gen_ai.response.finish_reason` (OpenLLMetry's choices counter).
pub const FINISH_REASON: &str = "gen_ai.response.finish_reason";
/// `service.name`, which OpenLIT puts on every data point (not only on the resource).
pub const SERVICE_NAME: &str = "service.name";
/// `deployment.environment`, which OpenLIT puts on every data point.
pub const DEPLOYMENT_ENVIRONMENT: &str = "deployment.environment";
/// `telemetry.sdk.name`, which OpenLIT puts on every data point (`openlit`).
pub const TELEMETRY_SDK_NAME: &str = "telemetry.sdk.name";
/// `gen_ai.system`: the deprecated name of `gen_ai.provider.name` (renamed in v1.37).
pub const DEPRECATED_SYSTEM: &str = "gen_ai.system";

/// Short names for the common attributes, as specs write them in `by` and `filter`.
pub const COMMON_ATTRIBUTES_BY_SHORT_NAME: &[(&str, &str)] = &[
    ("provider", PROVIDER_NAME),
    ("model", REQUEST_MODEL),
    ("response_model", RESPONSE_MODEL),
    ("operation", OPERATION_NAME),
    ("server", SERVER_ADDRESS),
    ("error_type", ERROR_TYPE),
    ("agent", AGENT_NAME),
    ("tool", TOOL_NAME),
    ("workflow", WORKFLOW_NAME),
    ("evaluation", EVALUATION_NAME),
];

/// The attributes the conventions put on every GenAI client and server metric
/// (`metric_attributes.gen_ai`); `error.type` is per instrument.
pub const GENAI_ATTRIBUTES: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
];

/// Attributes whose values form a closed set, with the values.
pub const CLOSED_VALUES: &[(&str, &[&str])] = &[
    (TOKEN_TYPE, TOKEN_TYPES),
    (TOKEN_MODALITY, &["text", "image", "audio", "unknown"]),
];
