//! `pricing`: the models the service calls and where their prices come from.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::base::Usd;

/// Models and prices. A spec without models (SLOs on other services' metrics, a spec
/// imported from Sloth) has no prices, and so no spend rules, budgets or spend alerts.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// Currency of every amount in the spec. Only `USD` is supported.
    #[serde(default)]
    pub currency: Currency,
    /// Shipped catalogs to take prices from (`anthropic`, `openai`, `gcp.gemini`); all of
    /// them when absent.
    #[serde(default)]
    pub catalogs: Option<Vec<String>>,
    /// The models this service calls. Each must have a price, from a catalog or `overrides`.
    #[serde(default)]
    pub models: Vec<ModelRef>,
    /// Prices that replace or add to the catalogs': negotiated rates, fine-tuned or
    /// self-hosted models.
    #[serde(default)]
    pub overrides: Vec<PriceOverride>,
}

/// A currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Currency {
    /// US dollars.
    #[default]
    #[serde(rename = "USD")]
    Usd,
}

/// A model the service calls.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelRef {
    /// Provider id as in `gen_ai.provider.name`: `anthropic`, `openai`, `gcp.gemini`, ….
    pub provider: String,
    /// Model id as the application sends it in `gen_ai.request.model`.
    pub model: String,
}

/// A price that replaces or adds to the catalogs'.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceOverride {
    /// Provider id.
    pub provider: String,
    /// Model id.
    pub model: String,
    /// USD per million tokens by unit: `input`, `output`, `cache_read`, `cache_write`,
    /// `cache_write_1h`, `output_reasoning`, `input_audio`, ….
    pub prices: BTreeMap<String, Usd>,
    /// Where the price comes from (a contract, an invoice, a URL).
    #[serde(default)]
    pub source: Option<String>,
}
