//! Semantic-convention profiles: which instruments an application emits.
//!
//! Each profile is one table row per instrument, so a new profile is a few lines.

/// An OpenTelemetry GenAI semantic-convention profile.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Profile {
    /// semantic-conventions v1.41: `gen_ai.client.token.usage` (histogram by
    /// `gen_ai.token.type`) and `gen_ai.client.operation.duration`. What most existing
    /// instrumentations emit.
    #[default]
    #[serde(rename = "genai-v1.41")]
    GenAiV1_41,
    /// semantic-conventions-genai after the move: split usage counters
    /// (`gen_ai.client.inference.usage.*`) and `gen_ai.client.inference.duration`. Still
    /// changing upstream.
    #[serde(rename = "genai-latest")]
    GenAiLatest,
}

impl Profile {
    /// Every profile, in a stable order.
    pub const ALL: [Profile; 2] = [Profile::GenAiV1_41, Profile::GenAiLatest];

    /// The name used in specs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::GenAiV1_41 => "genai-v1.41",
            Profile::GenAiLatest => "genai-latest",
        }
    }

    /// Every instrument of this profile (the cost counter is separate: see
    /// [`crate::contract::Contract::instrument`]).
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

    /// The span attribute of cache-write input tokens: `gen_ai.usage.cache_creation.input_tokens`
    /// in v1.41, `gen_ai.usage.cache_write.input_tokens` after the rename.
    pub fn cache_write_usage_attribute(self) -> &'static str {
        match self {
            Profile::GenAiV1_41 => "gen_ai.usage.cache_creation.input_tokens",
            Profile::GenAiLatest => "gen_ai.usage.cache_write.input_tokens",
        }
    }

    fn table(self) -> &'static [Row] {
        match self {
            Profile::GenAiV1_41 => V1_41,
            Profile::GenAiLatest => LATEST,
        }
    }
}

/// What a series measures, independent of the profile that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Signal {
    /// Client-side duration of a GenAI operation (seconds, histogram).
    OperationDuration,
    /// Time until the first chunk of a streamed response (seconds, histogram).
    TimeToFirstChunk,
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
    /// Cost in USD (counter, outside the conventions).
    Cost,
}

/// The OTel instrument kind, which decides Prometheus suffixes and valid functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstrumentKind {
    /// A monotonic sum: `_total` under suffixing strategies; use `rate`/`increase`.
    Counter,
    /// An explicit-bucket (or exponential) histogram.
    Histogram,
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
}

struct Row {
    signal: Signal,
    name: &'static str,
    kind: InstrumentKind,
    unit: &'static str,
    description: &'static str,
}

impl Row {
    fn instrument(&self) -> Instrument {
        Instrument {
            signal: self.signal,
            name: self.name.to_owned(),
            kind: self.kind,
            unit: self.unit,
            description: self.description,
        }
    }
}

use InstrumentKind::{Counter, Histogram};

const V1_41: &[Row] = &[
    Row {
        signal: Signal::OperationDuration,
        name: "gen_ai.client.operation.duration",
        kind: Histogram,
        unit: "s",
        description: "GenAI operation duration.",
    },
    Row {
        signal: Signal::TimeToFirstChunk,
        name: "gen_ai.client.operation.time_to_first_chunk",
        kind: Histogram,
        unit: "s",
        description: "Time to receive the first chunk of a streamed response.",
    },
    Row {
        signal: Signal::TokenUsage,
        name: "gen_ai.client.token.usage",
        kind: Histogram,
        unit: "{token}",
        description: "Number of input and output tokens used.",
    },
];

const LATEST: &[Row] = &[
    Row {
        signal: Signal::OperationDuration,
        name: "gen_ai.client.inference.duration",
        kind: Histogram,
        unit: "s",
        description: "GenAI inference duration.",
    },
    Row {
        signal: Signal::TimeToFirstChunk,
        name: "gen_ai.client.inference.time_to_first_chunk",
        kind: Histogram,
        unit: "s",
        description: "Time to receive the first chunk of a streamed response.",
    },
    Row {
        signal: Signal::InputTokens,
        name: "gen_ai.client.inference.usage.input_tokens",
        kind: Counter,
        unit: "{token}",
        description: "Input tokens, cache reads and writes included.",
    },
    Row {
        signal: Signal::OutputTokens,
        name: "gen_ai.client.inference.usage.output_tokens",
        kind: Counter,
        unit: "{token}",
        description: "Output tokens, reasoning included.",
    },
    Row {
        signal: Signal::CacheReadInputTokens,
        name: "gen_ai.client.inference.usage.cache_read.input_tokens",
        kind: Counter,
        unit: "{token}",
        description: "Input tokens served from the prompt cache.",
    },
    Row {
        signal: Signal::CacheWriteInputTokens,
        name: "gen_ai.client.inference.usage.cache_write.input_tokens",
        kind: Counter,
        unit: "{token}",
        description: "Input tokens written to the prompt cache.",
    },
    Row {
        signal: Signal::ReasoningOutputTokens,
        name: "gen_ai.client.inference.usage.reasoning.output_tokens",
        kind: Counter,
        unit: "{token}",
        description: "Output tokens spent on reasoning.",
    },
    Row {
        signal: Signal::CallInputTokens,
        name: "gen_ai.client.inference.operation.input_tokens",
        kind: Histogram,
        unit: "{token}",
        description: "Input tokens of each call, cache reads and writes included.",
    },
    Row {
        signal: Signal::CallOutputTokens,
        name: "gen_ai.client.inference.operation.output_tokens",
        kind: Histogram,
        unit: "{token}",
        description: "Output tokens of each call, reasoning included.",
    },
];
