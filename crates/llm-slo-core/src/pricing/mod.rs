//! The price model shared by the generator (which publishes price tables) and the runtime
//! (which computes cost from them).
//!
//! Prices are exact decimals in USD per million tokens. A rate that is absent is unknown,
//! never zero: usage of a component without a rate is an error for whoever computes cost.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Version of the `prices.json` format written by `llm-slo generate`.
pub const PRICE_TABLE_FORMAT: u32 = 1;

/// Token rates in USD per million tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rates {
    /// Uncached input tokens.
    pub input: Decimal,
    /// Output tokens (reasoning included unless `reasoning` is set).
    pub output: Decimal,
    /// Input tokens read from the prompt cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<Decimal>,
    /// Input tokens written to the prompt cache with the default (5-minute) lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_5m: Option<Decimal>,
    /// Input tokens written to the prompt cache with a 1-hour lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_1h: Option<Decimal>,
}

/// Rates that apply to a whole request above an input size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The tier applies when total input tokens exceed this.
    pub above_input_tokens: u64,
    /// The rates of the whole request.
    pub rates: Rates,
}

/// Rates of one model, as published in a price table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    /// Provider id, an OTel `gen_ai.provider.name` value (`anthropic`, `openai`, `gcp.gemini`).
    pub provider: String,
    /// Canonical model id, e.g. `claude-sonnet-4-5`.
    pub model: String,
    /// Other ids that name the same model (dated snapshots, dotted spellings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The rates.
    pub rates: Rates,
    /// Long-context tiers, ascending. A tier is a cliff: when a request's total input
    /// (cache included) exceeds `above_input_tokens`, all of its tokens are priced at the
    /// tier's rates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// Where the rates were read.
    pub source: String,
    /// When the rates were last checked against `source` (`YYYY-MM-DD`).
    pub checked: String,
}

/// The machine-readable price table that the runtime loads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    /// Marks the file as generated, and from which spec.
    #[serde(rename = "$comment")]
    pub comment: String,
    /// [`PRICE_TABLE_FORMAT`].
    pub format: u32,
    /// Always `USD`.
    pub currency: String,
    /// Always `per_million_tokens`.
    pub unit: String,
    /// One entry per model of the spec, sorted by provider and model.
    pub models: Vec<ModelPrice>,
}
