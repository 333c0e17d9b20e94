//! The names of every recorded series, in one place: rules, generated tests and dashboards
//! refer to them through these functions. Names follow `level:metric:operations`; the rate
//! window is part of the operation (`rate5m`).

/// The label every recorded series carries with the service's name, and every read of a
/// recorded series matches on.
pub(crate) const SERVICE_LABEL: &str = "service";

/// Calls per second.
pub(crate) fn requests(window: &str) -> String {
    format!("llm_slo:gen_ai_requests:rate{window}")
}

/// Failed calls (`error.type` set) per second.
pub(crate) fn errors(window: &str) -> String {
    format!("llm_slo:gen_ai_errors:rate{window}")
}

/// Failed calls ÷ calls.
pub(crate) fn error_ratio(window: &str) -> String {
    format!("llm_slo:gen_ai_error_ratio:ratio_rate{window}")
}

/// Tokens per second, by `gen_ai_token_type` (`input`, `output`, and under `genai-latest`
/// `cache_read`, `cache_write`, `reasoning`).
pub(crate) fn tokens(window: &str) -> String {
    format!("llm_slo:gen_ai_tokens:rate{window}")
}

/// US dollars per second from the runtime's exact cost counter.
pub(crate) fn cost(window: &str) -> String {
    format!("llm_slo:gen_ai_cost_usd:rate{window}")
}

/// US dollars per second estimated from token counters and the price series.
pub(crate) fn cost_estimate(window: &str) -> String {
    format!("llm_slo:gen_ai_cost_estimate_usd:rate{window}")
}

/// The price of one token, by provider, model and token type.
pub(crate) const TOKEN_PRICE: &str = "llm_slo:gen_ai_token_price:usd";

/// Operation duration quantiles (seconds), by `quantile`.
pub(crate) fn duration_quantile(window: &str) -> String {
    format!("llm_slo:gen_ai_operation_duration_seconds:quantile_rate{window}")
}

/// Time-to-first-chunk quantiles (seconds), by `quantile`.
pub(crate) fn time_to_first_chunk_quantile(window: &str) -> String {
    format!("llm_slo:gen_ai_time_to_first_chunk_seconds:quantile_rate{window}")
}

/// Cache-read input tokens ÷ all input tokens.
pub(crate) fn cache_hit_ratio(window: &str) -> String {
    format!("llm_slo:gen_ai_cache_hit:ratio_rate{window}")
}

/// An SLO's bad events per second (label `slo`).
pub(crate) fn slo_errors(window: &str) -> String {
    format!("llm_slo:slo_errors:rate{window}")
}

/// An SLO's events per second (label `slo`).
pub(crate) fn slo_requests(window: &str) -> String {
    format!("llm_slo:slo_requests:rate{window}")
}

/// An SLO's bad events ÷ events over a window (label `slo`).
pub(crate) fn slo_error_ratio(window: &str) -> String {
    format!("llm_slo:slo_error:ratio_rate{window}")
}

/// An SLO's objective as a ratio (`0.995`).
pub(crate) const SLO_OBJECTIVE: &str = "llm_slo:slo_objective:ratio";

/// The share of an SLO's error budget left over its window (1: untouched, below 0: spent).
pub(crate) const SLO_BUDGET_REMAINING: &str = "llm_slo:slo_error_budget_remaining:ratio";

/// A budget's spend since the first of the month, UTC (label `budget`).
pub(crate) const BUDGET_MONTH_TO_DATE: &str = "llm_slo:budget_spend_usd:month_to_date";
