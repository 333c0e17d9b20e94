//! Streamed calls, event by event: an [`Accumulator`] per provider reads each server-sent
//! event and says whether it carried output (for the time to first chunk and the time per
//! output chunk), which model answered, whether the stream reported a failure, and the
//! usage of the whole call — as each provider reports it, which differs:
//!
//! * OpenAI Chat Completions sends its usage in one last chunk, and only when asked
//!   (`stream_options: {"include_usage": true}`); without it the call has no usage, and is
//!   counted as unpriced (`no_usage`) rather than as a call of zero tokens.
//! * OpenAI Responses carries it in the terminal event (`response.completed`,
//!   `response.incomplete` or `response.failed`).
//! * Anthropic reports the input in `message_start` and the output in `message_delta`,
//!   whose counts are cumulative: each replaces the one before, never adds to it.
//! * Gemini repeats `usageMetadata` as running totals: the last one is the call's.
//!
//! An output chunk is an event with output in it: text, tool-call arguments, reasoning, a
//! refusal, audio. Role-only, usage-only and keep-alive events are not chunks, so the time
//! to first chunk is the time to the first output a user could see.
//!
//! ```
//! use llm_slo_otel::{CallInfo, LlmMetrics, stream::OpenAiChat};
//! # let config: llm_slo_core::runtime::RuntimeConfig = serde_json::from_str(include_str!("../../../../generated/runtime/llm-slo-otel.json")).unwrap();
//! # let llm = LlmMetrics::new(&opentelemetry::global::meter("doc"), config);
//! let mut call = llm.start_stream::<OpenAiChat>(CallInfo::new("chat", "openai", "gpt-4o-mini"));
//! for line in [
//!     r#"data: {"model":"gpt-4o-mini","choices":[{"delta":{"content":"Hel"}}],"usage":null}"#,
//!     r#"data: {"model":"gpt-4o-mini","choices":[{"delta":{"content":"lo"}}],"usage":null}"#,
//!     r#"data: {"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":2}}"#,
//!     "data: [DONE]",
//! ] {
//!     call.sse_line(line).expect("an SSE line");
//! }
//! let recorded = call.finish();
//! assert!(recorded.cost.is_ok());
//! ```

#[cfg(feature = "futures")]
mod instrumented;
mod providers;

use serde_json::Value;

#[cfg(feature = "futures")]
pub use instrumented::{Instrumented, StreamItem};
pub use providers::{Anthropic, Gemini, OpenAiChat, OpenAiResponses};

use crate::usage::UsageError;
use crate::{Call, LlmMetrics, Recorded, TokenUsage};

/// What one event of a stream was.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// It carried output.
    Chunk,
    /// Metadata, usage, a keep-alive: no output.
    Other,
    /// The provider reported a failure in the stream (after its HTTP 200): its error type.
    Failed(String),
}

/// Reads a provider's stream event by event.
pub trait Accumulator: Default {
    /// Reads one event (the JSON of an SSE `data:` line).
    fn event(&mut self, event: &Value) -> Event;
    /// The usage of the call so far: the whole call's once the stream has ended.
    fn usage(&self) -> Result<TokenUsage, UsageError>;
    /// The model that answered, when the stream named it.
    fn response_model(&self) -> Option<&str>;
}

/// A streamed call being measured: feed it each event, then [`StreamCall::finish`] it (or
/// [`StreamCall::cancel`] when the application stops reading). Dropped unfinished, it is
/// recorded as cancelled with the usage reported so far.
#[derive(Debug)]
pub struct StreamCall<A: Accumulator> {
    call: Option<Call>,
    accumulator: A,
    failure: Option<String>,
}

/// An SSE line that is not what a provider sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseError(pub String);

impl std::fmt::Display for SseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SseError {}

impl<A: Accumulator> StreamCall<A> {
    pub(crate) fn new(call: Call) -> StreamCall<A> {
        StreamCall {
            call: Some(call),
            accumulator: A::default(),
            failure: None,
        }
    }

    /// Reads one event (the JSON of an SSE `data:` line), and returns what it was.
    pub fn event(&mut self, event: &Value) -> Event {
        let kind = self.accumulator.event(event);
        match &kind {
            Event::Chunk => {
                if let Some(call) = &mut self.call {
                    call.chunk();
                }
            }
            Event::Failed(error) => {
                self.failure.get_or_insert_with(|| error.clone());
            }
            Event::Other => {}
        }
        kind
    }

    /// Reads one line of the response body as server-sent events: `data:` lines are read as
    /// events; `event:`, `id:`, `retry:`, comments, blank lines and `data: [DONE]` are not
    /// events. A `data:` line that is not JSON is an error.
    pub fn sse_line(&mut self, line: &str) -> Result<Option<Event>, SseError> {
        let line = line.trim_end_matches(['\r', '\n']);
        let Some(data) = line.strip_prefix("data:") else {
            return Ok(None);
        };
        self.data(data.strip_prefix(' ').unwrap_or(data))
    }

    /// Reads the `data` of one server-sent event (what an SSE parser yields): JSON, or
    /// `[DONE]`, which is not an event.
    pub fn data(&mut self, data: &str) -> Result<Option<Event>, SseError> {
        let data = data.trim();
        if data.is_empty() || data == "[DONE]" {
            return Ok(None);
        }
        let event: Value = serde_json::from_str(data)
            .map_err(|e| SseError(format!("a `data:` line that is not JSON ({e}): {data}")))?;
        Ok(Some(self.event(&event)))
    }

    /// Marks the call as failed (`error.type`), as a stream's error item does; the first
    /// failure is the one recorded.
    pub fn failed(&mut self, error_type: &str) {
        self.failure.get_or_insert_with(|| error_type.to_owned());
    }

    /// The accumulator, for what it has read so far.
    pub fn accumulator(&self) -> &A {
        &self.accumulator
    }

    /// Records the call: failed with the stream's error type when it reported a failure,
    /// successful otherwise, with the usage the stream reported (none: counted as
    /// unpriced).
    pub fn finish(mut self) -> Recorded {
        self.record(false)
    }

    /// Records a call the application stopped reading (`error.type` `cancelled`, which the
    /// generated SLIs count neither as good nor as bad), with the usage reported so far.
    pub fn cancel(mut self) -> Recorded {
        self.record(true)
    }

    fn record(&mut self, cancelled: bool) -> Recorded {
        let usage = self.accumulator.usage().ok();
        let call = match self.call.take() {
            Some(call) => call,
            None => {
                return Recorded {
                    cost: Err(crate::CostError::NoUsage),
                };
            }
        };
        match (&self.failure, cancelled) {
            (Some(error), _) => call.fail(error, usage),
            (None, true) => call.cancel(usage),
            (None, false) => call.finish(self.accumulator.response_model(), usage),
        }
    }
}

impl<A: Accumulator> Drop for StreamCall<A> {
    fn drop(&mut self) {
        if self.call.is_some() {
            self.record(true);
        }
    }
}

impl LlmMetrics {
    /// Starts measuring a streamed call read with the accumulator `A` ([`OpenAiChat`],
    /// [`OpenAiResponses`], [`Anthropic`], [`Gemini`]).
    pub fn start_stream<A: Accumulator>(&self, info: crate::CallInfo) -> StreamCall<A> {
        StreamCall::new(self.start(info))
    }
}
