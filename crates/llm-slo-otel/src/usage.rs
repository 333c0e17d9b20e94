//! Provider usage objects normalised to totals and parts, as OpenTelemetry counts tokens:
//! `input` is every input token (cache reads and writes included), `output` every output
//! token (reasoning included), and cache, reasoning, audio and image counts are parts of
//! those totals. Providers report differently, and adding their numbers naively double-counts
//! or drops tokens:
//!
//! * OpenAI's `prompt_tokens`/`input_tokens` already include cached tokens, and
//!   `completion_tokens`/`output_tokens` include reasoning;
//! * Anthropic's `input_tokens` exclude cache reads and writes, which it reports beside them;
//! * Gemini's `candidatesTokenCount` excludes thinking (`thoughtsTokenCount`).
//!
//! Each helper accepts the usage object or the whole response that contains it.

use llm_slo_core::pricing::Usage;
use serde_json::Value;

/// A usage object that is not what the helper reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn count(value: &Value, path: &[&str]) -> Result<u64, UsageError> {
    let mut node = value;
    for key in path {
        match node.get(key) {
            Some(next) => node = next,
            None => return Ok(0),
        }
    }
    match node {
        Value::Null => Ok(0),
        Value::Number(n) => n.as_u64().ok_or_else(|| {
            UsageError(format!(
                "`{}` must be a whole number of tokens, found {n}",
                path.join(".")
            ))
        }),
        other => Err(UsageError(format!(
            "`{}` must be a number, found {other}",
            path.join(".")
        ))),
    }
}

/// The object under `key` when the whole response is given.
fn inner<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).filter(|v| v.is_object()).unwrap_or(value)
}

fn usage(parts: &[(&str, u64)]) -> Usage {
    let mut usage = Usage::new();
    for (unit, n) in parts {
        if *n > 0 || matches!(*unit, "input" | "output") {
            usage.set(unit, *n);
        }
    }
    usage
}

/// OpenAI Chat Completions `usage`: `prompt_tokens` (cached included),
/// `prompt_tokens_details.{cached_tokens, audio_tokens}`, `completion_tokens` (reasoning
/// included), `completion_tokens_details.{reasoning_tokens, audio_tokens}`.
pub fn openai_chat(value: &Value) -> Result<Usage, UsageError> {
    let u = inner(value, "usage");
    Ok(usage(&[
        ("input", count(u, &["prompt_tokens"])?),
        (
            "cache_read",
            count(u, &["prompt_tokens_details", "cached_tokens"])?,
        ),
        (
            "input_audio",
            count(u, &["prompt_tokens_details", "audio_tokens"])?,
        ),
        ("output", count(u, &["completion_tokens"])?),
        (
            "output_reasoning",
            count(u, &["completion_tokens_details", "reasoning_tokens"])?,
        ),
        (
            "output_audio",
            count(u, &["completion_tokens_details", "audio_tokens"])?,
        ),
    ]))
}

/// OpenAI Responses `usage`: `input_tokens` (cached included),
/// `input_tokens_details.cached_tokens`, `output_tokens` (reasoning included),
/// `output_tokens_details.reasoning_tokens`.
pub fn openai_responses(value: &Value) -> Result<Usage, UsageError> {
    let u = inner(value, "usage");
    Ok(usage(&[
        ("input", count(u, &["input_tokens"])?),
        (
            "cache_read",
            count(u, &["input_tokens_details", "cached_tokens"])?,
        ),
        ("output", count(u, &["output_tokens"])?),
        (
            "output_reasoning",
            count(u, &["output_tokens_details", "reasoning_tokens"])?,
        ),
    ]))
}

/// Anthropic Messages `usage`: `input_tokens` *excludes* `cache_read_input_tokens` and
/// `cache_creation_input_tokens`, which are added to the total; `cache_creation` splits
/// writes by lifetime (`ephemeral_1h_input_tokens`); `output_tokens` includes thinking;
/// `server_tool_use.web_search_requests` counts web searches.
pub fn anthropic(value: &Value) -> Result<Usage, UsageError> {
    let u = inner(value, "usage");
    let uncached = count(u, &["input_tokens"])?;
    let read = count(u, &["cache_read_input_tokens"])?;
    let written = count(u, &["cache_creation_input_tokens"])?;
    let written_1h = count(u, &["cache_creation", "ephemeral_1h_input_tokens"])?;
    Ok(usage(&[
        (
            "input",
            uncached.saturating_add(read).saturating_add(written),
        ),
        ("cache_read", read),
        ("cache_write", written),
        ("cache_write_1h", written_1h),
        ("output", count(u, &["output_tokens"])?),
        (
            "web_searches",
            count(u, &["server_tool_use", "web_search_requests"])?,
        ),
    ]))
}

/// The token count of a modality in a Gemini `*TokensDetails` list.
fn gemini_modality(u: &Value, list: &str, modality: &str) -> Result<u64, UsageError> {
    let mut total = 0;
    if let Some(Value::Array(items)) = u.get(list) {
        for item in items {
            if item.get("modality").and_then(Value::as_str) == Some(modality) {
                total = count(item, &["tokenCount"])?.saturating_add(total);
            }
        }
    }
    Ok(total)
}

/// Gemini `usageMetadata`: `promptTokenCount` (cached content included) plus
/// `toolUsePromptTokenCount` is the input; `cachedContentTokenCount` the cache reads;
/// `candidatesTokenCount` *excludes* `thoughtsTokenCount`, which is added to the output as
/// reasoning; audio counts come from the modality details.
pub fn gemini(value: &Value) -> Result<Usage, UsageError> {
    let u = value
        .get("usageMetadata")
        .or_else(|| value.get("usage_metadata"))
        .unwrap_or(value);
    let thoughts = count(u, &["thoughtsTokenCount"])?;
    Ok(usage(&[
        (
            "input",
            count(u, &["promptTokenCount"])?
                .saturating_add(count(u, &["toolUsePromptTokenCount"])?),
        ),
        ("cache_read", count(u, &["cachedContentTokenCount"])?),
        (
            "input_audio",
            gemini_modality(u, "promptTokensDetails", "AUDIO")?,
        ),
        (
            "cache_audio_read",
            gemini_modality(u, "cacheTokensDetails", "AUDIO")?,
        ),
        (
            "output",
            count(u, &["candidatesTokenCount"])?.saturating_add(thoughts),
        ),
        ("output_reasoning", thoughts),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openai_counts_cached_and_reasoning_tokens_once() {
        let u = openai_chat(&json!({"usage": {
            "prompt_tokens": 1000,
            "prompt_tokens_details": {"cached_tokens": 800},
            "completion_tokens": 300,
            "completion_tokens_details": {"reasoning_tokens": 200}
        }}))
        .unwrap();
        assert_eq!(u.get("input"), 1000);
        assert_eq!(u.get("cache_read"), 800);
        assert_eq!(u.get("output"), 300);
        assert_eq!(u.get("output_reasoning"), 200);
        let r = openai_responses(&json!({
            "input_tokens": 50, "input_tokens_details": {"cached_tokens": 10},
            "output_tokens": 7, "output_tokens_details": {"reasoning_tokens": 3}
        }))
        .unwrap();
        assert_eq!(
            (
                r.get("input"),
                r.get("cache_read"),
                r.get("output_reasoning")
            ),
            (50, 10, 3)
        );
    }

    #[test]
    fn anthropic_cache_counts_are_added_to_the_input() {
        let u = anthropic(&json!({
            "input_tokens": 100,
            "cache_read_input_tokens": 800,
            "cache_creation_input_tokens": 300,
            "cache_creation": {"ephemeral_5m_input_tokens": 100, "ephemeral_1h_input_tokens": 200},
            "output_tokens": 50,
            "server_tool_use": {"web_search_requests": 2}
        }))
        .unwrap();
        assert_eq!(u.get("input"), 1200);
        assert_eq!(u.get("cache_read"), 800);
        assert_eq!(u.get("cache_write"), 300);
        assert_eq!(u.get("cache_write_1h"), 200);
        assert_eq!(u.get("web_searches"), 2);
    }

    #[test]
    fn huge_counts_saturate_rather_than_overflow() {
        let u = anthropic(&json!({
            "input_tokens": u64::MAX, "cache_read_input_tokens": u64::MAX, "output_tokens": 1
        }))
        .unwrap();
        assert_eq!(u.get("input"), u64::MAX);
    }

    #[test]
    fn gemini_thinking_is_added_to_the_output() {
        let u = gemini(&json!({"usageMetadata": {
            "promptTokenCount": 1000,
            "cachedContentTokenCount": 600,
            "candidatesTokenCount": 100,
            "thoughtsTokenCount": 400,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 700}, {"modality": "AUDIO", "tokenCount": 300}]
        }}))
        .unwrap();
        assert_eq!(u.get("input"), 1000);
        assert_eq!(u.get("input_audio"), 300);
        assert_eq!(u.get("output"), 500);
        assert_eq!(u.get("output_reasoning"), 400);
    }

    #[test]
    fn malformed_counts_are_errors() {
        assert!(openai_chat(&json!({"prompt_tokens": "12"})).is_err());
        assert!(anthropic(&json!({"input_tokens": -1})).is_err());
    }
}
