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

#[cfg(feature = "async-openai")]
pub mod typed;

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

/// A count at a path: `None` when the provider did not report it (absent or null).
fn count(value: &Value, path: &[&str]) -> Result<Option<u64>, UsageError> {
    let mut node = value;
    for key in path {
        match node.get(key) {
            Some(next) => node = next,
            None => return Ok(None),
        }
    }
    match node {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_u64().map(Some).ok_or_else(|| {
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

/// The first of several spellings of a field that is reported (Gemini's REST API writes
/// camelCase, its Python SDK's dumps snake_case).
fn count_any(value: &Value, paths: &[&[&str]]) -> Result<Option<u64>, UsageError> {
    for path in paths {
        if let Some(n) = count(value, path)? {
            return Ok(Some(n));
        }
    }
    Ok(None)
}

/// The sum of reported counts; `None` when none of them is reported.
fn sum(parts: &[Option<u64>]) -> Option<u64> {
    parts
        .iter()
        .flatten()
        .copied()
        .reduce(|a, b| a.saturating_add(b))
}

/// The object under `key` when the whole response is given.
fn inner<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).filter(|v| v.is_object()).unwrap_or(value)
}

/// Usage from reported parts (zeros included: a part reported as 0 says what is *not* in
/// a total, which pricing overlapping units needs). A response without either total has no
/// usage at all — an error rather than a call of zero tokens.
fn usage(parts: &[(&str, Option<u64>)], expected: &str) -> Result<Usage, UsageError> {
    let reported = |unit: &str| parts.iter().any(|(u, n)| *u == unit && n.is_some());
    if !reported("input") && !reported("output") {
        return Err(UsageError(format!(
            "no usage reported: expected {expected}"
        )));
    }
    let mut usage = Usage::new();
    for (unit, n) in parts {
        if let Some(n) = n {
            usage.set(unit, *n);
        }
    }
    Ok(usage)
}

/// OpenAI Chat Completions `usage`: `prompt_tokens` (cached included),
/// `prompt_tokens_details.{cached_tokens, audio_tokens}`, `completion_tokens` (reasoning
/// included), `completion_tokens_details.{reasoning_tokens, audio_tokens}`; and the cache
/// writes that OpenAI-compatible gateways report in the same object
/// (`prompt_tokens_details.cache_write_tokens`, or `cache_creation_tokens` with
/// `cache_creation_details.ephemeral_1h_tokens` as `genai` writes them) — a part of
/// `prompt_tokens`, priced at the cache-write rate.
pub fn openai_chat(value: &Value) -> Result<Usage, UsageError> {
    let u = inner(value, "usage");
    let details = |field: &str| count(u, &["prompt_tokens_details", field]);
    usage(
        &[
            ("input", count(u, &["prompt_tokens"])?),
            ("cache_read", details("cached_tokens")?),
            (
                "cache_write",
                match details("cache_write_tokens")? {
                    Some(n) => Some(n),
                    None => details("cache_creation_tokens")?,
                },
            ),
            (
                "cache_write_1h",
                count(
                    u,
                    &[
                        "prompt_tokens_details",
                        "cache_creation_details",
                        "ephemeral_1h_tokens",
                    ],
                )?,
            ),
            ("input_audio", details("audio_tokens")?),
            ("output", count(u, &["completion_tokens"])?),
            (
                "output_reasoning",
                count(u, &["completion_tokens_details", "reasoning_tokens"])?,
            ),
            (
                "output_audio",
                count(u, &["completion_tokens_details", "audio_tokens"])?,
            ),
        ],
        "`usage.prompt_tokens` or `usage.completion_tokens` (a stream reports them only when asked: `stream_options: {\"include_usage\": true}`)",
    )
}

/// The `Usage` of the `genai` crate (`genai::chat::Usage`), serialised with
/// `serde_json::to_value`: OpenAI-shaped, with `prompt_tokens` counting every input token
/// (an Anthropic call's cache reads and writes included) and the cache writes in
/// `prompt_tokens_details.cache_creation_tokens`. `genai` has no build without its HTTP
/// stack, so it is read through its serialised form rather than its type.
pub fn genai(value: &Value) -> Result<Usage, UsageError> {
    openai_chat(value)
}

/// OpenAI Responses `usage`: `input_tokens` (cached included),
/// `input_tokens_details.cached_tokens`, `output_tokens` (reasoning included),
/// `output_tokens_details.reasoning_tokens`.
///
/// Accepts the `usage` object, a response, or the stream's terminal event
/// (`response.completed`, `response.incomplete`, `response.failed`), whose `response`
/// carries the usage.
pub fn openai_responses(value: &Value) -> Result<Usage, UsageError> {
    let u = inner(inner(value, "response"), "usage");
    usage(
        &[
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
        ],
        "`usage.input_tokens` or `usage.output_tokens`",
    )
}

/// Anthropic Messages `usage`: `input_tokens` *excludes* `cache_read_input_tokens` and
/// `cache_creation_input_tokens`, which are added to the total; `cache_creation` splits
/// writes by lifetime (`ephemeral_1h_input_tokens`); `output_tokens` includes thinking;
/// `server_tool_use.web_search_requests` counts web searches.
///
/// Accepts the `usage` object, a message, or a stream's `message_start` event (its
/// `message` carries the input). A usage without `input_tokens` — a lone `message_delta`,
/// which carries only the output so far — is refused rather than read as a call with no
/// input: accumulate the stream's events with [`crate::stream::Anthropic`].
pub fn anthropic(value: &Value) -> Result<Usage, UsageError> {
    let u = inner(inner(value, "message"), "usage");
    let uncached = count(u, &["input_tokens"])?;
    if uncached.is_none() && count(u, &["output_tokens"])?.is_some() {
        return Err(UsageError(
            "`usage.input_tokens` is missing: a `message_delta` event reports only the output so far; combine it with the stream's `message_start` (llm_slo_otel::stream::Anthropic does)".to_owned(),
        ));
    }
    let read = count(u, &["cache_read_input_tokens"])?;
    let written = count(u, &["cache_creation_input_tokens"])?;
    usage(
        &[
            ("input", uncached.and(sum(&[uncached, read, written]))),
            ("cache_read", read),
            ("cache_write", written),
            (
                "cache_write_1h",
                count(u, &["cache_creation", "ephemeral_1h_input_tokens"])?,
            ),
            ("output", count(u, &["output_tokens"])?),
            (
                "web_searches",
                count(u, &["server_tool_use", "web_search_requests"])?,
            ),
        ],
        "`usage.input_tokens` or `usage.output_tokens`",
    )
}

/// The tokens of a modality in a Gemini `*TokensDetails` list; `None` when the list is not
/// reported (with a list, a modality it does not name has 0 tokens).
fn gemini_modality(u: &Value, lists: [&str; 2], modality: &str) -> Result<Option<u64>, UsageError> {
    let Some(Value::Array(items)) = lists.iter().find_map(|list| u.get(list)) else {
        return Ok(None);
    };
    let mut total = 0u64;
    for item in items {
        if item.get("modality").and_then(Value::as_str) == Some(modality) {
            let n = count_any(item, &[&["tokenCount"], &["token_count"]])?;
            total = total.saturating_add(n.unwrap_or(0));
        }
    }
    Ok(Some(total))
}

/// Gemini `usageMetadata` (camelCase, or the snake_case of the Python SDK's dumps):
/// `promptTokenCount` (cached content included) plus `toolUsePromptTokenCount` is the input;
/// `cachedContentTokenCount` the cache reads; `candidatesTokenCount` *excludes*
/// `thoughtsTokenCount`, which is added to the output as reasoning; audio counts come from
/// the modality details of the prompt, the cache and the candidates.
pub fn gemini(value: &Value) -> Result<Usage, UsageError> {
    let u = value
        .get("usageMetadata")
        .or_else(|| value.get("usage_metadata"))
        .filter(|v| v.is_object())
        .unwrap_or(value);
    let field = |camel: &str, snake: &str| count_any(u, &[&[camel], &[snake]]);
    let prompt = field("promptTokenCount", "prompt_token_count")?;
    let tool_prompt = field("toolUsePromptTokenCount", "tool_use_prompt_token_count")?;
    let candidates = field("candidatesTokenCount", "candidates_token_count")?;
    let thoughts = field("thoughtsTokenCount", "thoughts_token_count")?;
    usage(
        &[
            ("input", sum(&[prompt, tool_prompt])),
            (
                "cache_read",
                field("cachedContentTokenCount", "cached_content_token_count")?,
            ),
            (
                "input_audio",
                gemini_modality(u, ["promptTokensDetails", "prompt_tokens_details"], "AUDIO")?,
            ),
            (
                "cache_audio_read",
                gemini_modality(u, ["cacheTokensDetails", "cache_tokens_details"], "AUDIO")?,
            ),
            ("output", sum(&[candidates, thoughts])),
            ("output_reasoning", thoughts),
            (
                "output_audio",
                gemini_modality(
                    u,
                    ["candidatesTokensDetails", "candidates_tokens_details"],
                    "AUDIO",
                )?,
            ),
        ],
        "`usageMetadata.promptTokenCount` or `usageMetadata.candidatesTokenCount`",
    )
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

    #[test]
    fn a_response_without_usage_is_an_error_not_zero_tokens() {
        for response in [json!({"id": "x", "usage": null}), json!({"choices": []})] {
            assert!(openai_chat(&response).is_err());
            assert!(openai_responses(&response).is_err());
            assert!(anthropic(&response).is_err());
            assert!(gemini(&response).is_err());
        }
    }

    #[test]
    fn parts_reported_as_zero_are_kept() {
        let u = openai_chat(&json!({"usage": {
            "prompt_tokens": 10, "completion_tokens": 2,
            "prompt_tokens_details": {"cached_tokens": 0}
        }}))
        .unwrap();
        assert!(u.is_reported("cache_read"));
        assert!(!u.is_reported("input_audio"));
    }

    #[test]
    fn gemini_audio_with_a_cache_hit_is_priced() {
        // The cache details name no audio: none of the cached tokens were audio.
        let response = json!({"usage_metadata": {
            "prompt_token_count": 1000,
            "cached_content_token_count": 600,
            "candidates_token_count": 50,
            "prompt_tokens_details": [{"modality": "TEXT", "token_count": 700}, {"modality": "AUDIO", "token_count": 300}],
            "cache_tokens_details": [{"modality": "TEXT", "token_count": 600}],
            "candidates_tokens_details": [{"modality": "AUDIO", "token_count": 20}]
        }});
        let u = gemini(&response).unwrap();
        assert_eq!(
            (u.get("input"), u.get("cache_read"), u.get("input_audio")),
            (1000, 600, 300)
        );
        assert!(u.is_reported("cache_audio_read"));
        assert_eq!(u.get("output_audio"), 20);
        let prices: llm_slo_core::pricing::Prices = [
            ("input", "0.3"),
            ("input_audio", "1"),
            ("cache_read", "0.03"),
            ("cache_audio_read", "0.1"),
            ("output", "2.5"),
        ]
        .into_iter()
        .map(|(unit, usd)| {
            (
                unit.to_owned(),
                llm_slo_core::pricing::Rate::Flat(usd.parse().unwrap()),
            )
        })
        .collect();
        let cost = llm_slo_core::pricing::engine::price(&prices, &u).expect("priced");
        // 100 text input × 0.3 + 300 audio × 1 + 600 cached text × 0.03 + 50 output × 2.5,
        // per million.
        assert_eq!(cost.total.normalize().to_string(), "0.000473");
    }

    #[test]
    fn openai_shaped_cache_writes_are_read() {
        // `genai`'s usage of an Anthropic call: prompt tokens count the cache reads and
        // writes; a Sonnet call read without its writes would be priced 15% low.
        let u = genai(&json!({
            "prompt_tokens": 12000,
            "prompt_tokens_details": {
                "cache_creation_tokens": 10000,
                "cache_creation_details": {"ephemeral_5m_tokens": 4000, "ephemeral_1h_tokens": 6000},
                "cached_tokens": 1500
            },
            "completion_tokens": 400,
            "completion_tokens_details": {"reasoning_tokens": 100},
            "total_tokens": 12400
        }))
        .unwrap();
        assert_eq!(
            (
                u.get("input"),
                u.get("cache_read"),
                u.get("cache_write"),
                u.get("cache_write_1h"),
                u.get("output"),
                u.get("output_reasoning")
            ),
            (12000, 1500, 10000, 6000, 400, 100)
        );
        let gateway = openai_chat(&json!({"usage": {
            "prompt_tokens": 100, "completion_tokens": 1,
            "prompt_tokens_details": {"cached_tokens": 10, "cache_write_tokens": 50}
        }}))
        .unwrap();
        assert_eq!(gateway.get("cache_write"), 50);
    }

    #[test]
    fn responses_stream_terminal_events_carry_the_usage() {
        for kind in [
            "response.completed",
            "response.incomplete",
            "response.failed",
        ] {
            let event = json!({"type": kind, "sequence_number": 9, "response": {
                "id": "resp_1", "model": "gpt-5.4", "usage": {
                    "input_tokens": 900, "input_tokens_details": {"cached_tokens": 100},
                    "output_tokens": 60, "output_tokens_details": {"reasoning_tokens": 20},
                    "total_tokens": 960
                }
            }});
            let u = openai_responses(&event).unwrap();
            assert_eq!(
                (u.get("input"), u.get("cache_read"), u.get("output")),
                (900, 100, 60)
            );
        }
        // `response.created` has no usage yet: an error, not zero tokens.
        let created =
            json!({"type": "response.created", "response": {"id": "resp_1", "usage": null}});
        assert!(openai_responses(&created).is_err());
    }

    #[test]
    fn anthropic_message_start_is_read_and_a_lone_message_delta_refused() {
        let start = json!({"type": "message_start", "message": {
            "id": "msg_1", "model": "claude-sonnet-4-6", "content": [],
            "usage": {"input_tokens": 20, "cache_read_input_tokens": 1000, "output_tokens": 1}
        }});
        let u = anthropic(&start).unwrap();
        assert_eq!((u.get("input"), u.get("cache_read")), (1020, 1000));
        let delta = json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"},
            "usage": {"output_tokens": 350}});
        let error = anthropic(&delta).unwrap_err();
        assert!(error.0.contains("message_start"), "{error}");
    }
}
