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
/// `gen_ai.token.type` (v1.41 token histogram): `input` or `output`.
pub const TOKEN_TYPE: &str = "gen_ai.token.type";
/// Values of `gen_ai.token.type` in v1.41.
pub const TOKEN_TYPES: &[&str] = &["input", "output"];
/// `gen_ai.token.modality` (latest usage counters): `text`, `image`, `audio`, `unknown`.
pub const TOKEN_MODALITY: &str = "gen_ai.token.modality";
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
];

/// The attributes every GenAI client metric may carry, in both profiles.
pub const GENAI_ATTRIBUTES: &[&str] = &[
    OPERATION_NAME,
    PROVIDER_NAME,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    SERVER_ADDRESS,
    SERVER_PORT,
    ERROR_TYPE,
];

/// Attributes whose values form a closed set, with the values.
pub const CLOSED_VALUES: &[(&str, &[&str])] = &[
    (TOKEN_TYPE, TOKEN_TYPES),
    (TOKEN_MODALITY, &["text", "image", "audio", "unknown"]),
];
