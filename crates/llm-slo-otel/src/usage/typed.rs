//! The usage types of `async-openai` (feature `async-openai`), read as their JSON is: the
//! one mapping of [`super::openai_chat`] and [`super::openai_responses`] applies, so a typed
//! usage and its JSON always give the same tokens.

use ::async_openai::types::chat::CompletionUsage;
use ::async_openai::types::embeddings::EmbeddingUsage;
use ::async_openai::types::responses::ResponseUsage;
use llm_slo_core::pricing::Usage;
use serde::Serialize;

use super::UsageError;

fn json(value: &impl Serialize) -> Result<serde_json::Value, UsageError> {
    serde_json::to_value(value).map_err(|e| UsageError(format!("unreadable usage: {e}")))
}

/// A Chat Completions usage (`CreateChatCompletionResponse::usage`, or the last chunk's of
/// a stream asked for it).
pub fn chat(usage: &CompletionUsage) -> Result<Usage, UsageError> {
    super::openai_chat(&json(usage)?)
}

/// A Responses usage (`Response::usage`, also in the stream's `response.completed`).
pub fn responses(usage: &ResponseUsage) -> Result<Usage, UsageError> {
    super::openai_responses(&json(usage)?)
}

/// An embeddings usage: its prompt tokens are the input.
pub fn embeddings(usage: &EmbeddingUsage) -> Result<Usage, UsageError> {
    Ok(Usage::new().with("input", u64::from(usage.prompt_tokens)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::async_openai::types::chat::{CompletionTokensDetails, PromptTokensDetails};

    #[test]
    fn typed_and_json_usage_agree() {
        let typed = CompletionUsage {
            prompt_tokens: 1850,
            completion_tokens: 40,
            total_tokens: 1890,
            prompt_tokens_details: Some(PromptTokensDetails {
                cached_tokens: Some(1536),
                ..Default::default()
            }),
            completion_tokens_details: Some(CompletionTokensDetails {
                reasoning_tokens: Some(12),
                ..Default::default()
            }),
        };
        let usage = chat(&typed).expect("usage");
        assert_eq!(
            (
                usage.get("input"),
                usage.get("cache_read"),
                usage.get("output"),
                usage.get("output_reasoning")
            ),
            (1850, 1536, 40, 12)
        );
        assert!(!usage.is_reported("input_audio"));
    }
}
