//! The accumulators of each provider's stream.

use serde_json::{Map, Value};

use super::{Accumulator, Event};
use crate::TokenUsage;
use crate::usage::{self, UsageError};

/// The error type of an `{"error": {...}}` object: its `type`, `code` or `status`.
fn error_type(error: &Value) -> String {
    ["type", "code", "status"]
        .iter()
        .find_map(|key| match error.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| crate::DROPPED.to_owned())
}

/// Whether a value holds output: a non-empty string, array or object.
fn has_output(value: Option<&Value>) -> bool {
    match value {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        _ => false,
    }
}

fn model_of(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// OpenAI Chat Completions (and the many servers that speak it): `chat.completion.chunk`
/// events, the usage in the last one when the request asked for it.
#[derive(Clone, Debug, Default)]
pub struct OpenAiChat {
    model: Option<String>,
    usage: Option<Value>,
}

impl Accumulator for OpenAiChat {
    fn event(&mut self, event: &Value) -> Event {
        if let Some(error) = event.get("error").filter(|e| e.is_object()) {
            return Event::Failed(error_type(error));
        }
        if let Some(model) = model_of(event.get("model")) {
            self.model = Some(model);
        }
        if let Some(usage) = event.get("usage").filter(|u| u.is_object()) {
            self.usage = Some(usage.clone());
        }
        let output = event
            .get("choices")
            .and_then(Value::as_array)
            .is_some_and(|choices| {
                choices.iter().any(|choice| {
                    let delta = choice.get("delta");
                    [
                        "content",
                        "refusal",
                        "tool_calls",
                        "reasoning_content",
                        "reasoning",
                        "audio",
                    ]
                    .iter()
                    .any(|key| has_output(delta.and_then(|d| d.get(key))))
                })
            });
        if output { Event::Chunk } else { Event::Other }
    }

    fn usage(&self) -> Result<TokenUsage, UsageError> {
        match &self.usage {
            Some(usage) => usage::openai_chat(usage),
            None => Err(UsageError(
                "the stream reported no usage: ask for it with `stream_options: {\"include_usage\": true}`".to_owned(),
            )),
        }
    }

    fn response_model(&self) -> Option<&str> {
        self.model.as_deref()
    }
}

/// OpenAI Responses: typed events (`response.output_text.delta`, …), the usage in the
/// terminal `response.completed`, `response.incomplete` or `response.failed`.
#[derive(Clone, Debug, Default)]
pub struct OpenAiResponses {
    model: Option<String>,
    usage: Option<Value>,
}

impl Accumulator for OpenAiResponses {
    fn event(&mut self, event: &Value) -> Event {
        let kind = event
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(response) = event.get("response") {
            if let Some(model) = model_of(response.get("model")) {
                self.model = Some(model);
            }
            if let Some(usage) = response.get("usage").filter(|u| u.is_object()) {
                self.usage = Some(usage.clone());
            }
        }
        match kind {
            "error" => Event::Failed(error_type(event)),
            "response.failed" => Event::Failed(
                event
                    .pointer("/response/error")
                    .filter(|e| e.is_object())
                    .map_or_else(|| "response.failed".to_owned(), error_type),
            ),
            kind if kind.ends_with(".delta") && has_output(event.get("delta")) => Event::Chunk,
            _ => Event::Other,
        }
    }

    fn usage(&self) -> Result<TokenUsage, UsageError> {
        match &self.usage {
            Some(usage) => usage::openai_responses(usage),
            None => Err(UsageError(
                "the stream ended before its terminal event (`response.completed`) reported the usage".to_owned(),
            )),
        }
    }

    fn response_model(&self) -> Option<&str> {
        self.model.as_deref()
    }
}

/// Anthropic Messages: `message_start` carries the input (and an initial output count),
/// each `message_delta` the cumulative counts so far, which replace the ones before.
#[derive(Clone, Debug, Default)]
pub struct Anthropic {
    model: Option<String>,
    usage: Map<String, Value>,
}

impl Accumulator for Anthropic {
    fn event(&mut self, event: &Value) -> Event {
        let kind = event
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let usage = match kind {
            "message_start" => {
                if let Some(model) = model_of(event.pointer("/message/model")) {
                    self.model = Some(model);
                }
                event.pointer("/message/usage")
            }
            "message_delta" => event.get("usage"),
            "error" => {
                return Event::Failed(
                    event
                        .get("error")
                        .map_or_else(|| "error".to_owned(), error_type),
                );
            }
            "content_block_delta" => {
                let delta = event.get("delta");
                let output = ["text", "partial_json", "thinking"]
                    .iter()
                    .any(|key| has_output(delta.and_then(|d| d.get(key))));
                return if output { Event::Chunk } else { Event::Other };
            }
            _ => None,
        };
        // Cumulative counts: a reported field replaces the one before (null says nothing).
        if let Some(Value::Object(fields)) = usage {
            for (key, value) in fields {
                if !value.is_null() {
                    self.usage.insert(key.clone(), value.clone());
                }
            }
        }
        Event::Other
    }

    fn usage(&self) -> Result<TokenUsage, UsageError> {
        if self.usage.is_empty() {
            return Err(UsageError(
                "the stream ended before `message_start` reported the usage".to_owned(),
            ));
        }
        usage::anthropic(&Value::Object(self.usage.clone()))
    }

    fn response_model(&self) -> Option<&str> {
        self.model.as_deref()
    }
}

/// Gemini `streamGenerateContent?alt=sse`: each event a `GenerateContentResponse` whose
/// `usageMetadata` holds running totals; the last one is the call's.
#[derive(Clone, Debug, Default)]
pub struct Gemini {
    model: Option<String>,
    usage: Option<Value>,
}

impl Accumulator for Gemini {
    fn event(&mut self, event: &Value) -> Event {
        if let Some(error) = event.get("error").filter(|e| e.is_object()) {
            return Event::Failed(error_type(error));
        }
        if let Some(model) = model_of(event.get("modelVersion").or(event.get("model_version"))) {
            self.model = Some(model);
        }
        if let Some(usage) = event
            .get("usageMetadata")
            .or(event.get("usage_metadata"))
            .filter(|u| u.is_object())
        {
            self.usage = Some(usage.clone());
        }
        let output = event
            .get("candidates")
            .and_then(Value::as_array)
            .is_some_and(|candidates| {
                candidates.iter().any(|candidate| {
                    candidate
                        .pointer("/content/parts")
                        .and_then(Value::as_array)
                        .is_some_and(|parts| {
                            parts.iter().any(|part| {
                                [
                                    "text",
                                    "functionCall",
                                    "function_call",
                                    "inlineData",
                                    "inline_data",
                                ]
                                .iter()
                                .any(|key| has_output(part.get(key)))
                            })
                        })
                })
            });
        if output { Event::Chunk } else { Event::Other }
    }

    fn usage(&self) -> Result<TokenUsage, UsageError> {
        match &self.usage {
            Some(usage) => usage::gemini(usage),
            None => Err(UsageError(
                "the stream reported no `usageMetadata`".to_owned(),
            )),
        }
    }

    fn response_model(&self) -> Option<&str> {
        self.model.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::Accumulator;
    use serde_json::json;

    fn feed<A: Accumulator>(events: &[Value]) -> (A, Vec<Event>) {
        let mut accumulator = A::default();
        let kinds = events.iter().map(|e| accumulator.event(e)).collect();
        (accumulator, kinds)
    }

    #[test]
    fn openai_chat_usage_comes_from_the_last_chunk_and_role_chunks_are_not_output() {
        let (acc, kinds) = feed::<OpenAiChat>(&[
            json!({"model": "gpt-5.4", "choices": [{"delta": {"role": "assistant", "content": ""}}], "usage": null}),
            json!({"model": "gpt-5.4", "choices": [{"delta": {"content": "Hi"}}], "usage": null}),
            json!({"model": "gpt-5.4", "choices": [{"delta": {"tool_calls": [{"index": 0}]}}], "usage": null}),
            json!({"model": "gpt-5.4", "choices": [], "usage": {"prompt_tokens": 30, "completion_tokens": 5}}),
        ]);
        assert_eq!(
            kinds,
            [Event::Other, Event::Chunk, Event::Chunk, Event::Other]
        );
        let usage = acc.usage().unwrap();
        assert_eq!((usage.get("input"), usage.get("output")), (30, 5));
        assert_eq!(acc.response_model(), Some("gpt-5.4"));
    }

    #[test]
    fn openai_chat_without_include_usage_has_no_usage() {
        let (acc, _) = feed::<OpenAiChat>(&[json!({"choices": [{"delta": {"content": "Hi"}}]})]);
        let error = acc.usage().unwrap_err();
        assert!(error.0.contains("include_usage"), "{error}");
    }

    #[test]
    fn responses_usage_comes_from_the_terminal_event() {
        let (acc, kinds) = feed::<OpenAiResponses>(&[
            json!({"type": "response.created", "response": {"model": "gpt-5.4", "usage": null}}),
            json!({"type": "response.output_text.delta", "delta": "Hi"}),
            json!({"type": "response.completed", "response": {"model": "gpt-5.4-2026-03-05", "usage": {"input_tokens": 40, "output_tokens": 9}}}),
        ]);
        assert_eq!(kinds, [Event::Other, Event::Chunk, Event::Other]);
        assert_eq!(acc.usage().unwrap().get("input"), 40);
        assert_eq!(acc.response_model(), Some("gpt-5.4-2026-03-05"));
        let (_, kinds) = feed::<OpenAiResponses>(&[
            json!({"type": "response.failed", "response": {"error": {"code": "server_error"}}}),
        ]);
        assert_eq!(kinds, [Event::Failed("server_error".to_owned())]);
    }

    #[test]
    fn anthropic_message_delta_counts_replace_the_start_counts() {
        let (acc, kinds) = feed::<Anthropic>(&[
            json!({"type": "message_start", "message": {"model": "claude-sonnet-4-6", "usage": {
                "input_tokens": 25, "cache_read_input_tokens": 4000, "cache_creation_input_tokens": 0, "output_tokens": 1}}}),
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
            json!({"type": "ping"}),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}}),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "lo"}}),
            json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 15}}),
            json!({"type": "message_delta", "delta": {}, "usage": {"output_tokens": 42, "cache_read_input_tokens": null}}),
            json!({"type": "message_stop"}),
        ]);
        let chunks = kinds.iter().filter(|k| **k == Event::Chunk).count();
        assert_eq!(chunks, 2);
        let usage = acc.usage().unwrap();
        assert_eq!(
            (
                usage.get("input"),
                usage.get("cache_read"),
                usage.get("output")
            ),
            (4025, 4000, 42)
        );
        let (_, kinds) = feed::<Anthropic>(&[
            json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
        ]);
        assert_eq!(kinds, [Event::Failed("overloaded_error".to_owned())]);
    }

    #[test]
    fn gemini_takes_the_last_running_totals() {
        let (acc, kinds) = feed::<Gemini>(&[
            json!({"candidates": [{"content": {"parts": [{"text": "Hel"}]}}], "usageMetadata": {"promptTokenCount": 50}, "modelVersion": "gemini-3.5-flash"}),
            json!({"candidates": [{"content": {"parts": [{"text": "lo"}]}}], "usageMetadata": {"promptTokenCount": 50, "candidatesTokenCount": 12, "thoughtsTokenCount": 30}}),
        ]);
        assert_eq!(kinds, [Event::Chunk, Event::Chunk]);
        let usage = acc.usage().unwrap();
        assert_eq!((usage.get("input"), usage.get("output")), (50, 42));
        assert_eq!(acc.response_model(), Some("gemini-3.5-flash"));
    }
}
