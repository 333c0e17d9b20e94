//! `llm-slo pricing import`: community price catalogs into ours.
//!
//! * [`genai_prices`]: pydantic's genai-prices `data.json` (v2: providers, match rules,
//!   tiered, dated and conditional prices, service-tier variants);
//! * [`litellm`]: LiteLLM's `model_prices_and_context_window.json` (per-token costs, cache
//!   costs, `*_above_<n>k_tokens` tiers, batch/flex/priority variants).
//!
//! Both are read through the positioned YAML tree (JSON is YAML), which keeps every number
//! as written, so prices stay exact decimals. The result is a multi-document catalog file,
//! one provider per document, which is read back and checked before it is written. What a
//! source has that the catalog cannot express is listed, never silently dropped.

pub(crate) mod genai_prices;
pub(crate) mod litellm;

use std::collections::BTreeMap;
use std::str::FromStr;

use llm_slo_core::pricing::{Rate, Step, TieredRate};
use rust_decimal::Decimal;

use crate::yaml::emit::Value;

/// A model as imported.
#[derive(Clone, Debug, Default)]
pub(crate) struct ImportedModel {
    /// Model id.
    pub id: String,
    /// Other ids.
    pub aliases: Vec<String>,
    /// Periods, oldest first.
    pub periods: Vec<ImportedPeriod>,
    /// Where the prices come from.
    pub source: String,
}

/// Prices from a date on.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ImportedPeriod {
    /// When they took effect.
    pub since: Option<String>,
    /// Standard prices by unit.
    pub prices: BTreeMap<String, Rate>,
    /// Other service tiers.
    pub service_tiers: BTreeMap<String, BTreeMap<String, Rate>>,
    /// Standard prices during daily windows.
    pub daily: Vec<ImportedDaily>,
}

impl ImportedPeriod {
    /// Writes the service tiers as the source prices them, so that reading the catalog
    /// back (which completes a tier from the standard prices, as the providers document)
    /// computes what the source computes: a flat tier price under a standard long-context
    /// cliff stays flat above it, written as a step at the same price.
    pub(crate) fn pin_service_tiers(&mut self) {
        for tier in self.service_tiers.values_mut() {
            for (unit, standard) in &self.prices {
                if let (Some(Rate::Flat(price)), Rate::Tiered(steps)) = (tier.get(unit), standard) {
                    let price = *price;
                    let steps = steps
                        .tiers
                        .iter()
                        .map(|s| Step {
                            above_input_tokens: s.above_input_tokens,
                            price,
                        })
                        .collect();
                    tier.insert(
                        unit.clone(),
                        Rate::Tiered(TieredRate {
                            base: price,
                            tiers: steps,
                        }),
                    );
                }
            }
        }
    }
}

/// Standard prices during a daily window, `HH:MM` UTC.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ImportedDaily {
    /// Start, included.
    pub from: String,
    /// End, excluded (equal to `from`: the whole day).
    pub until: String,
    /// ISO weekdays; every day when empty.
    pub weekdays: Vec<u8>,
    /// The offset from UTC of the weekdays' calendar, in minutes.
    pub weekday_offset_minutes: i32,
    /// The prices in the window.
    pub prices: BTreeMap<String, Rate>,
}

/// A provider as imported.
#[derive(Clone, Debug, Default)]
pub(crate) struct ImportedProvider {
    /// OTel provider id.
    pub id: String,
    /// Other names (the source's own id among them).
    pub aliases: Vec<String>,
    /// Models.
    pub models: Vec<ImportedModel>,
}

/// The result of an import: providers and what could not be converted.
#[derive(Clone, Debug, Default)]
pub(crate) struct Import {
    /// Providers, sorted by id.
    pub providers: Vec<ImportedProvider>,
    /// What was not converted, one line each (a summary where many entries share a reason).
    pub skipped: Vec<String>,
    /// Every entry affected, one line each (`--report`).
    pub details: Vec<String>,
}

/// A source file read as JSON (through the YAML reader, which keeps numbers as written),
/// or its first syntax error with its line and column.
pub(crate) fn parse_source(text: &str) -> Result<crate::yaml::Parsed, String> {
    let parsed = crate::yaml::parse(text, crate::yaml::Limits::default());
    match parsed.errors.first() {
        Some(error) => Err(format!(
            "{}:{}: {}",
            error.span.start.line, error.span.start.column, error.message
        )),
        None => Ok(parsed),
    }
}

/// The OTel `gen_ai.provider.name` of a source's provider name, where one is known.
pub(crate) fn otel_provider(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let id = match lower.as_str() {
        "google" | "gemini" | "google-gla" => "gcp.gemini",
        "vertex_ai" | "google-vertex" | "vertex" => "gcp.vertex_ai",
        "aws" | "bedrock" | "aws-bedrock" => "aws.bedrock",
        "azure" => "azure.ai.openai",
        "x-ai" | "xai" | "x_ai" => "x_ai",
        "mistral" | "mistralai" | "mistral_ai" => "mistral_ai",
        "ibm" | "watsonx" => "ibm.watsonx.ai",
        _ => return lower,
    };
    id.to_owned()
}

/// An exact decimal from a number as written (`3e-06`, `0.30`, `"1.5"`).
pub(crate) fn decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

fn number(d: Decimal) -> Value {
    Value::Number(d.normalize().to_string())
}

fn price_map(prices: &BTreeMap<String, Rate>) -> (Value, Value) {
    let flat = Value::Map(
        prices
            .iter()
            .map(|(unit, rate)| {
                let base = match rate {
                    Rate::Flat(d) => *d,
                    Rate::Tiered(t) => t.base,
                };
                (unit.clone(), number(base))
            })
            .collect(),
    );
    // Steps grouped by threshold: `{above_input_tokens, prices: {unit: price}}`.
    let mut steps: BTreeMap<u64, Vec<(String, Value)>> = BTreeMap::new();
    for (unit, rate) in prices {
        if let Rate::Tiered(TieredRate { tiers, .. }) = rate {
            for Step {
                above_input_tokens,
                price,
            } in tiers
            {
                steps
                    .entry(*above_input_tokens)
                    .or_default()
                    .push((unit.clone(), number(*price)));
            }
        }
    }
    let steps = Value::Seq(
        steps
            .into_iter()
            .map(|(above, prices)| {
                Value::map([
                    (
                        "above_input_tokens",
                        Some(Value::Int(i64::try_from(above).unwrap_or(i64::MAX))),
                    ),
                    ("prices", Some(Value::Map(prices))),
                ])
            })
            .collect(),
    );
    (flat, steps)
}

fn price_set(prices: &BTreeMap<String, Rate>) -> Vec<(String, Value)> {
    let (flat, steps) = price_map(prices);
    let mut entries = vec![("prices".to_owned(), flat)];
    if matches!(&steps, Value::Seq(s) if !s.is_empty()) {
        entries.push(("tiers".to_owned(), steps));
    }
    entries
}

fn period_entries(period: &ImportedPeriod) -> Vec<(String, Value)> {
    let mut entries = Vec::new();
    if let Some(since) = &period.since {
        entries.push(("since".to_owned(), Value::str(since)));
    }
    entries.extend(price_set(&period.prices));
    if !period.service_tiers.is_empty() {
        entries.push((
            "service_tiers".to_owned(),
            Value::Map(
                period
                    .service_tiers
                    .iter()
                    .map(|(tier, prices)| (tier.clone(), Value::Map(price_set(prices))))
                    .collect(),
            ),
        ));
    }
    if !period.daily.is_empty() {
        entries.push((
            "daily".to_owned(),
            Value::Seq(
                period
                    .daily
                    .iter()
                    .map(|d| {
                        Value::map([
                            ("from", Some(Value::str(&d.from))),
                            ("until", Some(Value::str(&d.until))),
                            (
                                "weekdays",
                                (!d.weekdays.is_empty()).then(|| {
                                    Value::Seq(
                                        d.weekdays
                                            .iter()
                                            .map(|w| Value::Int(i64::from(*w)))
                                            .collect(),
                                    )
                                }),
                            ),
                            (
                                "weekday_offset_minutes",
                                (d.weekday_offset_minutes != 0)
                                    .then(|| Value::Int(i64::from(d.weekday_offset_minutes))),
                            ),
                            ("prices", Some(price_map(&d.prices).0)),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    entries
}

/// The import as a catalog file: one YAML document per provider.
pub(crate) fn to_catalog(import: &Import, header: &str) -> String {
    let mut out = String::new();
    for (i, provider) in import.providers.iter().enumerate() {
        let mut entries = vec![("provider".to_owned(), Value::str(&provider.id))];
        if !provider.aliases.is_empty() {
            entries.push((
                "aliases".to_owned(),
                Value::Seq(provider.aliases.iter().map(Value::str).collect()),
            ));
        }
        let models = provider
            .models
            .iter()
            .map(|m| {
                let mut entries = vec![("id".to_owned(), Value::str(&m.id))];
                if !m.aliases.is_empty() {
                    entries.push((
                        "aliases".to_owned(),
                        Value::Seq(m.aliases.iter().map(Value::str).collect()),
                    ));
                }
                match m.periods.as_slice() {
                    [single] if single.since.is_none() => entries.extend(period_entries(single)),
                    periods => entries.push((
                        "periods".to_owned(),
                        Value::Seq(
                            periods
                                .iter()
                                .map(|p| Value::Map(period_entries(p)))
                                .collect(),
                        ),
                    )),
                }
                entries.push(("source".to_owned(), Value::str(&m.source)));
                Value::Map(entries)
            })
            .collect();
        entries.push(("models".to_owned(), Value::Seq(models)));
        let document =
            crate::yaml::emit::to_string(if i == 0 { header } else { "" }, &Value::Map(entries));
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&document);
    }
    out
}
