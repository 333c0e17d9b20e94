//! LiteLLM's `model_prices_and_context_window.json` into our catalog.
//!
//! LiteLLM quotes USD per token; we quote per million, multiplied exactly. Its keys map to
//! our units (`input_cost_per_token` → `input`, `cache_read_input_token_cost` →
//! `cache_read`, `cache_creation_input_token_cost` → `cache_write`,
//! `cache_creation_input_token_cost_above_1hr` → `cache_write_1h`,
//! `output_cost_per_reasoning_token` → `output_reasoning`, audio and image token costs);
//! `*_above_<n>k_tokens` becomes a step above n thousand input tokens (LiteLLM prices the
//! whole request at it, as we do); `*_batches`, `*_flex` and `*_priority` become service
//! tiers. Billable input is prompt tokens minus cache hits in LiteLLM, which is our
//! "input total with cache subsets". Costs per image, second, character or query are listed
//! as not converted.

use std::collections::{BTreeMap, BTreeSet};

use llm_slo_core::pricing::{Rate, Step, TieredRate};
use rust_decimal::Decimal;

use super::{Import, ImportedModel, ImportedPeriod, ImportedProvider, decimal, otel_provider};
use crate::yaml::{Node, NodeKind};

const MILLION: i64 = 1_000_000;

/// LiteLLM cost keys (without tier or tier suffixes) and our units.
const KEYS: &[(&str, &str)] = &[
    ("input_cost_per_token", "input"),
    ("output_cost_per_token", "output"),
    ("cache_read_input_token_cost", "cache_read"),
    ("cache_creation_input_token_cost", "cache_write"),
    (
        "cache_creation_input_token_cost_above_1hr",
        "cache_write_1h",
    ),
    ("input_cost_per_audio_token", "input_audio"),
    ("output_cost_per_audio_token", "output_audio"),
    ("cache_read_input_audio_token_cost", "cache_audio_read"),
    ("input_cost_per_image_token", "input_image"),
    ("output_cost_per_image_token", "output_image"),
    ("output_cost_per_reasoning_token", "output_reasoning"),
];

/// The OTel provider id of a LiteLLM provider name.
fn provider_of(litellm: &str) -> String {
    if litellm.starts_with("vertex_ai") {
        "gcp.vertex_ai".to_owned()
    } else if litellm.starts_with("bedrock") {
        "aws.bedrock".to_owned()
    } else if litellm == "text-completion-openai" {
        "openai".to_owned()
    } else if litellm == "azure_ai" {
        "azure.ai.inference".to_owned()
    } else {
        otel_provider(litellm)
    }
}

/// Splits a key into (base key, service tier, step threshold).
fn split(key: &str) -> (&str, Option<&'static str>, Option<u64>) {
    let mut base = key;
    let mut tier = None;
    for (suffix, name) in [
        ("_batches", "batch"),
        ("_flex", "flex"),
        ("_priority", "priority"),
    ] {
        if let Some(stripped) = base.strip_suffix(suffix) {
            base = stripped;
            tier = Some(name);
        }
    }
    let mut above = None;
    // The last `_above_`: `…_above_1hr_above_200k_tokens` is a 1-hour write above 200k.
    if let Some(at) = base.rfind("_above_")
        && let Some(k) = base[at + 7..].strip_suffix("k_tokens")
        && let Ok(thousands) = k.parse::<u64>()
    {
        above = Some(thousands * 1000);
        base = &base[..at];
    }
    (base, tier, above)
}

/// Per unit: the base price (if listed) and the long-context steps above it.
type UnitPrices = BTreeMap<String, (Option<Decimal>, Vec<Step>)>;

/// Converts the text of a `model_prices_and_context_window.json`.
pub(crate) fn import(text: &str) -> Result<Import, String> {
    let parsed = crate::yaml::parse(text, crate::yaml::Limits::default());
    if let Some(error) = parsed.errors.first() {
        return Err(format!(
            "{}:{}: {}",
            error.span.start.line, error.span.start.column, error.message
        ));
    }
    let Some(NodeKind::Map(models)) = parsed.documents.first().map(|d| &d.root.kind) else {
        return Err(
            "expected LiteLLM's model_prices_and_context_window.json: a mapping of models"
                .to_owned(),
        );
    };
    let mut import = Import::default();
    let mut providers: BTreeMap<String, ImportedProvider> = BTreeMap::new();
    let mut unconverted: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (key, entry) in models {
        let Some(name) = key.as_str() else { continue };
        if name == "sample_spec" || !matches!(entry.kind, NodeKind::Map(_)) {
            continue;
        }
        let litellm_provider = entry
            .get("litellm_provider")
            .and_then(Node::as_str)
            .unwrap_or("unknown");
        let provider_id = provider_of(litellm_provider);
        // `openai/gpt-4o` and `gpt-4o` name one model.
        let model_id = name
            .strip_prefix(&format!("{litellm_provider}/"))
            .or_else(|| name.split_once('/').map(|(_, rest)| rest))
            .unwrap_or(name);
        let mut standard: UnitPrices = BTreeMap::new();
        let mut tiers: BTreeMap<&str, UnitPrices> = BTreeMap::new();
        let NodeKind::Map(fields) = &entry.kind else {
            continue;
        };
        for (field, value) in fields {
            let Some(field) = field.as_str() else {
                continue;
            };
            if !field.contains("cost") {
                continue;
            }
            let (base, tier, above) = split(field);
            let Some((_, unit)) = KEYS.iter().find(|(k, _)| *k == base) else {
                *unconverted.entry(field.to_owned()).or_default() += 1;
                continue;
            };
            let Some(per_token) = value.as_str().and_then(decimal) else {
                continue;
            };
            let per_million = per_token * Decimal::from(MILLION);
            let target = match tier {
                Some(tier) => tiers.entry(tier).or_default(),
                None => &mut standard,
            };
            let slot = target.entry((*unit).to_owned()).or_default();
            match above {
                Some(above_input_tokens) => slot.1.push(Step {
                    above_input_tokens,
                    price: per_million,
                }),
                None => slot.0 = Some(per_million),
            }
        }
        let finish =
            |prices: BTreeMap<String, (Option<Decimal>, Vec<Step>)>| -> BTreeMap<String, Rate> {
                prices
                    .into_iter()
                    .filter_map(|(unit, (base, mut steps))| {
                        let base = base?;
                        steps.sort_by_key(|s| s.above_input_tokens);
                        Some((
                            unit,
                            if steps.is_empty() {
                                Rate::Flat(base)
                            } else {
                                Rate::Tiered(TieredRate { base, tiers: steps })
                            },
                        ))
                    })
                    .collect()
            };
        let prices = finish(standard);
        if prices.is_empty() {
            import.skipped.push(format!("{name}: no per-token price"));
            continue;
        }
        if !seen.insert((provider_id.clone(), model_id.to_owned())) {
            import.skipped.push(format!(
                "{name}: the same model as an earlier entry of {provider_id}; the first kept"
            ));
            continue;
        }
        let period = ImportedPeriod {
            since: None,
            prices,
            service_tiers: tiers
                .into_iter()
                .map(|(t, p)| (t.to_owned(), finish(p)))
                .filter(|(_, p)| !p.is_empty())
                .collect(),
        };
        let provider = providers
            .entry(provider_id.clone())
            .or_insert_with(|| ImportedProvider {
                aliases: if provider_id != litellm_provider {
                    vec![litellm_provider.to_owned()]
                } else {
                    Vec::new()
                },
                id: provider_id.clone(),
                models: Vec::new(),
            });
        if !provider.aliases.iter().any(|a| a == litellm_provider)
            && provider_id != litellm_provider
        {
            provider.aliases.push(litellm_provider.to_owned());
        }
        provider.models.push(ImportedModel {
            id: model_id.to_owned(),
            aliases: if model_id != name {
                vec![name.to_owned()]
            } else {
                Vec::new()
            },
            periods: vec![period],
            source:
                "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
                    .to_owned(),
        });
    }
    for (field, count) in unconverted {
        import.skipped.push(format!(
            "`{field}`: {count} prices in a unit llm-slo does not model, skipped"
        ));
    }
    import.providers = providers.into_values().collect();
    for provider in &mut import.providers {
        provider.aliases.sort();
    }
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_split_into_unit_tier_and_threshold() {
        assert_eq!(
            split("input_cost_per_token"),
            ("input_cost_per_token", None, None)
        );
        assert_eq!(
            split("input_cost_per_token_above_200k_tokens"),
            ("input_cost_per_token", None, Some(200_000))
        );
        assert_eq!(
            split("output_cost_per_token_batches"),
            ("output_cost_per_token", Some("batch"), None)
        );
        assert_eq!(
            split("input_cost_per_token_above_128k_tokens_priority"),
            ("input_cost_per_token", Some("priority"), Some(128_000))
        );
    }
}
