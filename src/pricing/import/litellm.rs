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

/// LiteLLM providers whose `_above_<n>k_tokens` thresholds include n thousand itself (its
/// cost calculator's `_INCLUSIVE_THRESHOLD_PROVIDERS`): xAI bills from 200,000 tokens on.
const INCLUSIVE_THRESHOLD_PROVIDERS: &[&str] = &["xai"];

/// The offsets from UTC of the weekday calendars LiteLLM names, in minutes (fixed offsets
/// only: a zone with daylight saving has none).
const WEEKDAY_ZONES: &[(&str, i32)] = &[("Asia/Shanghai", 480), ("UTC", 0)];

/// The source every imported LiteLLM price names.
const LITELLM_SOURCE: &str =
    "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json";

/// What one entry of the map becomes, before models are merged.
struct Converted {
    provider_id: String,
    litellm_provider: String,
    name: String,
    model_id: String,
    period: ImportedPeriod,
}

/// The per-million price of a per-token cost.
fn per_million(node: &Node) -> Option<Decimal> {
    node.as_str()
        .and_then(decimal)
        .map(|per_token| per_token * Decimal::from(MILLION))
}

/// Turns collected unit prices into rates: a base and its steps.
fn finish(prices: UnitPrices) -> BTreeMap<String, Rate> {
    prices
        .into_iter()
        .filter_map(|(unit, (base, mut steps))| {
            let base = base?;
            steps.sort_by_key(|s| s.above_input_tokens);
            steps.dedup_by_key(|s| s.above_input_tokens);
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
}

/// A service tier's prices as LiteLLM's `cost_per_token` reads them (flex and priority): a
/// part the tier does not list (`cache_read_input_token_cost_flex`) costs the standard
/// price of that part, and a long-context step the tier does not list costs the standard
/// step's price (`get_cost_per_unit` drops the tier's suffix from a key it cannot find).
/// Written out, so that reading the catalog back (which would complete the tier by the
/// tier's discount, as the providers document their tiers) computes what LiteLLM computes.
fn fall_back_to_standard(tier: &mut UnitPrices, standard: &UnitPrices) {
    // Reasoning without a tier price is billed at the tier's output price (steps included)
    // when the tier lists an output price (`_resolve_reasoning_token_cost`), and only
    // otherwise at the standard reasoning price.
    let reasoning_as_output = !tier.contains_key("output_reasoning")
        && tier.get("output").is_some_and(|(base, _)| base.is_some());
    for (unit, (base, steps)) in standard {
        if reasoning_as_output && unit == "output_reasoning" {
            continue;
        }
        let (tier_base, tier_steps) = tier.entry(unit.clone()).or_default();
        if tier_base.is_none() {
            *tier_base = *base;
        }
        for step in steps {
            if !tier_steps
                .iter()
                .any(|s| s.above_input_tokens == step.above_input_tokens)
            {
                tier_steps.push(step.clone());
            }
        }
    }
    if reasoning_as_output && let Some(output) = tier.get("output").cloned() {
        tier.insert("output_reasoning".to_owned(), output);
    }
}

/// `tiered_pricing` (Dashscope's): all-or-nothing tiers chosen by a request's input, a tier
/// over `(start, end]` billing every token. The first tier is the base; each other one a
/// step above its start, which is exactly our cliff (above the last range, the last tier).
fn tiered_pricing(list: &[Node], standard: &mut UnitPrices, unconverted: &mut dyn FnMut(&str)) {
    let start_of = |tier: &Node| -> Option<u64> {
        let NodeKind::Seq(range) = &tier.get("range")?.kind else {
            return None;
        };
        let start: f64 = range.first()?.as_str()?.parse().ok()?;
        (start >= 0.0).then_some(start as u64)
    };
    let mut ranged: Vec<(u64, &Node)> = list
        .iter()
        .filter_map(|t| Some((start_of(t)?, t)))
        .collect();
    ranged.sort_by_key(|(start, _)| *start);
    for (i, (start, tier)) in ranged.iter().enumerate() {
        let NodeKind::Map(fields) = &tier.kind else {
            continue;
        };
        for (field, value) in fields {
            let Some(field) = field.as_str() else {
                continue;
            };
            if field == "range" || field == "max_results_range" {
                continue;
            }
            let Some((_, unit)) = KEYS.iter().find(|(k, _)| *k == field) else {
                unconverted(&format!("tiered_pricing.{field}"));
                continue;
            };
            let Some(price) = per_million(value) else {
                continue;
            };
            let slot = standard.entry((*unit).to_owned()).or_default();
            if i == 0 {
                slot.0 = Some(price);
            } else {
                slot.1.push(Step {
                    above_input_tokens: *start,
                    price,
                });
            }
        }
    }
}

/// `off_peak_pricing`: rates that replace the standard ones (flat, for the whole request)
/// inside its windows, every day (`hours_utc`) or on weekdays (`windows`). A rate it does
/// not list keeps the standard one.
fn off_peak_pricing(
    off_peak: &Node,
    standard: &BTreeMap<String, Rate>,
    unconverted: &mut dyn FnMut(&str),
) -> Vec<super::ImportedDaily> {
    let NodeKind::Map(fields) = &off_peak.kind else {
        return Vec::new();
    };
    let mut prices = standard.clone();
    for (field, value) in fields {
        let Some(field) = field.as_str() else {
            continue;
        };
        if matches!(field, "hours_utc" | "windows" | "weekday_timezone") {
            continue;
        }
        match (KEYS.iter().find(|(k, _)| *k == field), per_million(value)) {
            (Some((_, unit)), Some(price)) => {
                prices.insert((*unit).to_owned(), Rate::Flat(price));
            }
            _ => unconverted(&format!("off_peak_pricing.{field}")),
        }
    }
    let offset = match off_peak.get("weekday_timezone").and_then(Node::as_str) {
        None => Some(0),
        Some(zone) => WEEKDAY_ZONES
            .iter()
            .find(|(name, _)| *name == zone)
            .map(|(_, minutes)| *minutes),
    };
    let Some(offset) = offset else {
        unconverted("off_peak_pricing.weekday_timezone (a zone without a fixed offset)");
        return Vec::new();
    };
    let hours = |node: Option<&Node>| -> Vec<String> {
        match node.map(|n| &n.kind) {
            Some(NodeKind::Seq(list)) => list
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect(),
            Some(_) => node
                .and_then(Node::as_str)
                .map(|s| vec![s.to_owned()])
                .unwrap_or_default(),
            None => Vec::new(),
        }
    };
    let mut rules: Vec<(Vec<String>, Vec<u8>)> =
        vec![(hours(off_peak.get("hours_utc")), Vec::new())];
    if let Some(NodeKind::Seq(windows)) = off_peak.get("windows").map(|n| &n.kind) {
        for rule in windows {
            let weekdays = match rule.get("weekdays").map(|n| &n.kind) {
                Some(NodeKind::Seq(days)) => days
                    .iter()
                    .filter_map(|d| d.as_str()?.parse::<u8>().ok())
                    .filter(|d| (1..=7).contains(d))
                    .collect(),
                _ => Vec::new(),
            };
            rules.push((hours(rule.get("hours_utc")), weekdays));
        }
    }
    let mut out = Vec::new();
    for (windows, weekdays) in rules {
        for window in windows {
            let Some((from, until)) = window.split_once('-') else {
                unconverted("off_peak_pricing.hours_utc (not HH:MM-HH:MM)");
                continue;
            };
            out.push(super::ImportedDaily {
                from: from.trim().to_owned(),
                until: until.trim().to_owned(),
                weekdays: weekdays.clone(),
                weekday_offset_minutes: if weekdays.is_empty() { 0 } else { offset },
                prices: prices.clone(),
            });
        }
    }
    out
}

/// One entry of the map in the price model, or why it is not converted.
fn convert(
    name: &str,
    entry: &Node,
    unconverted: &mut BTreeMap<String, Vec<String>>,
) -> Result<Converted, String> {
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
    let inclusive = INCLUSIVE_THRESHOLD_PROVIDERS.contains(&litellm_provider);
    let mut standard: UnitPrices = BTreeMap::new();
    let mut tiers: BTreeMap<&str, UnitPrices> = BTreeMap::new();
    let NodeKind::Map(fields) = &entry.kind else {
        return Err("not a mapping".to_owned());
    };
    let mut skip = |field: &str| {
        unconverted
            .entry(field.to_owned())
            .or_default()
            .push(name.to_owned());
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
            skip(field);
            continue;
        };
        let Some(price) = per_million(value) else {
            continue;
        };
        let target = match tier {
            Some(tier) => tiers.entry(tier).or_default(),
            None => &mut standard,
        };
        let slot = target.entry((*unit).to_owned()).or_default();
        match above {
            // "From n" is "above n - 1" for whole token counts.
            Some(n) => slot.1.push(Step {
                above_input_tokens: if inclusive { n.saturating_sub(1) } else { n },
                price,
            }),
            None => slot.0 = Some(price),
        }
    }
    if let Some(NodeKind::Seq(list)) = entry.get("tiered_pricing").map(|n| &n.kind) {
        tiered_pricing(list, &mut standard, &mut skip);
    }
    for (name, tier) in &mut tiers {
        // Batch prices are another path in LiteLLM (`batch_cost_calculator`), which halves
        // the standard price of a part without a batch price: the tier's discount, as the
        // catalog reader completes a tier.
        if *name != "batch" {
            fall_back_to_standard(tier, &standard);
        }
    }
    let prices = finish(standard);
    if prices.is_empty() {
        return Err("no per-token price".to_owned());
    }
    let daily = entry
        .get("off_peak_pricing")
        .map(|off_peak| off_peak_pricing(off_peak, &prices, &mut skip))
        .unwrap_or_default();
    Ok(Converted {
        provider_id,
        litellm_provider: litellm_provider.to_owned(),
        name: name.to_owned(),
        model_id: model_id.to_owned(),
        period: ImportedPeriod {
            since: None,
            prices,
            service_tiers: tiers
                .into_iter()
                .map(|(t, p)| (t.to_owned(), finish(p)))
                .filter(|(_, p)| !p.is_empty())
                .collect(),
            daily,
        },
    })
}

/// The key LiteLLM's `cost_per_token` prices a call with, given the call's provider and
/// model name, as its lookup does: repeated `provider/` prefixes collapse to one, then
/// `provider/model`, the model as named, and the model without its first segment are tried
/// in that order. `None` when no key answers.
fn litellm_lookup<'a>(keys: &BTreeSet<&'a str>, provider: &str, model: &str) -> Option<&'a str> {
    let prefix = format!("{provider}/");
    let mut model = model;
    while let Some(rest) = model.strip_prefix(&prefix) {
        if !rest.starts_with(&prefix) {
            break;
        }
        model = rest;
    }
    let with_provider = if model.starts_with(&prefix) {
        model.to_owned()
    } else {
        format!("{prefix}{model}")
    };
    let without_prefix = model.split_once('/').map_or(model, |(_, rest)| rest);
    [with_provider.as_str(), model, without_prefix]
        .into_iter()
        .find_map(|candidate| keys.get(candidate).copied())
}

/// A model of the catalog being built: the entries it stands for and the names it
/// answers to.
struct Group {
    provider_id: String,
    model_id: String,
    period: ImportedPeriod,
    names: Vec<String>,
}

/// Converts the text of a `model_prices_and_context_window.json`.
///
/// A name is priced with the entry LiteLLM's calculator prices it with when the call's
/// provider is known ([`litellm_lookup`]): `gemini-exp-1206` with `gemini/gemini-exp-1206`
/// for provider `gemini`. A key with a provider path names its own entry, even where
/// LiteLLM's lookup collapses it onto another (`perplexity/perplexity/sonar`, the Agent
/// API, is not `perplexity/sonar`), so no entry's name collides with another's. Entries of
/// one model with equal prices merge into one model with every name; entries whose prices
/// differ stay separate models. An entry that no name reaches (a bare key that LiteLLM
/// prices with its `provider/` twin) is listed, not imported.
pub(crate) fn import(text: &str) -> Result<Import, String> {
    let parsed = super::parse_source(text)?;
    let Some(NodeKind::Map(models)) = parsed.documents.first().map(|d| &d.root.kind) else {
        return Err(
            "expected LiteLLM's model_prices_and_context_window.json: a mapping of models"
                .to_owned(),
        );
    };
    let mut import = Import::default();
    let mut unconverted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut no_price = Vec::new();
    let keys: BTreeSet<&str> = models.iter().filter_map(|(k, _)| k.as_str()).collect();
    let mut entries: Vec<Converted> = Vec::new();
    for (key, entry) in models {
        let Some(name) = key.as_str() else { continue };
        if name == "sample_spec" || !matches!(entry.kind, NodeKind::Map(_)) {
            continue;
        }
        match convert(name, entry, &mut unconverted) {
            Ok(converted) => entries.push(converted),
            Err(_) => no_price.push(name.to_owned()),
        }
    }
    let index: BTreeMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();

    // Names to entries, per provider: every key first, then the shorter names (keys
    // without their provider prefix) that no key took.
    let mut owner: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let own = if entry.name.contains('/') {
            Some(i)
        } else {
            litellm_lookup(&keys, &entry.litellm_provider, &entry.name)
                .and_then(|key| index.get(key).copied())
        };
        if let Some(own) = own {
            owner.insert((entry.provider_id.clone(), entry.name.clone()), own);
        }
    }
    for entry in &entries {
        if entry.model_id == entry.name {
            continue;
        }
        let name = (entry.provider_id.clone(), entry.model_id.clone());
        if owner.contains_key(&name) {
            continue;
        }
        if let Some(own) = litellm_lookup(&keys, &entry.litellm_provider, &entry.model_id)
            .and_then(|key| index.get(key).copied())
        {
            owner.insert(name, own);
        }
    }

    // Entries to models: an entry that some name reaches, merged with the earlier entries
    // of the same model and prices.
    let mut names_of: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for ((_, name), own) in &owner {
        names_of.entry(*own).or_default().push(name.clone());
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut shadowed = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some(names) = names_of.remove(&i) else {
            let by = litellm_lookup(&keys, &entry.litellm_provider, &entry.name).unwrap_or("?");
            if entries
                .get(index.get(by).copied().unwrap_or(usize::MAX))
                .is_none_or(|other| other.period != entry.period)
            {
                shadowed.push(format!(
                    "{} (LiteLLM prices it as `{by}`, whose prices differ)",
                    entry.name
                ));
            }
            continue;
        };
        match groups.iter_mut().find(|g| {
            g.provider_id == entry.provider_id
                && g.model_id == entry.model_id
                && g.period == entry.period
        }) {
            Some(group) => group.names.extend(names),
            None => groups.push(Group {
                provider_id: entry.provider_id.clone(),
                model_id: entry.model_id.clone(),
                period: entry.period.clone(),
                names,
            }),
        }
    }

    let mut providers: BTreeMap<String, ImportedProvider> = BTreeMap::new();
    for entry in &entries {
        let provider = providers
            .entry(entry.provider_id.clone())
            .or_insert_with(|| ImportedProvider {
                id: entry.provider_id.clone(),
                ..ImportedProvider::default()
            });
        if entry.provider_id != entry.litellm_provider
            && !provider.aliases.contains(&entry.litellm_provider)
        {
            provider.aliases.push(entry.litellm_provider.clone());
        }
    }
    let mut kept_apart = Vec::new();
    for mut group in groups {
        group.names.sort();
        group.names.dedup();
        // The model's own short name when it is this model's, else its shortest name.
        let id = if group.names.contains(&group.model_id) {
            group.model_id.clone()
        } else {
            let shortest = group
                .names
                .iter()
                .min_by_key(|n| (n.len(), n.as_str()))
                .cloned()
                .unwrap_or_else(|| group.model_id.clone());
            kept_apart.push(format!(
                "{shortest} (prices differ from `{}`)",
                group.model_id
            ));
            shortest
        };
        let aliases = group.names.into_iter().filter(|n| *n != id).collect();
        if let Some(provider) = providers.get_mut(&group.provider_id) {
            provider.models.push(ImportedModel {
                id,
                aliases,
                periods: vec![group.period],
                source: LITELLM_SOURCE.to_owned(),
            });
        }
    }
    providers.retain(|_, p| !p.models.is_empty());
    let mut summary = |what: &str, names: &[String]| {
        if names.is_empty() {
            return;
        }
        import.skipped.push(format!(
            "{} entries {what} (e.g. {})",
            names.len(),
            names.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        ));
        import
            .details
            .extend(names.iter().map(|n| format!("{what}: {n}")));
    };
    summary("have no per-token price", &no_price);
    summary("converted as separate models", &kept_apart);
    summary(
        "are priced by LiteLLM with another entry of the provider",
        &shadowed,
    );
    for (field, names) in &unconverted {
        import.skipped.push(format!(
            "`{field}`: {} prices in a unit llm-slo does not model, skipped (e.g. {})",
            names.len(),
            names.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        ));
        import.details.extend(
            names
                .iter()
                .map(|n| format!("`{field}` not converted: {n}")),
        );
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

    fn model<'a>(import: &'a Import, provider: &str, id: &str) -> &'a ImportedModel {
        import
            .providers
            .iter()
            .find(|p| p.id == provider)
            .and_then(|p| p.models.iter().find(|m| m.id == id))
            .unwrap_or_else(|| panic!("{provider}/{id} imported"))
    }

    #[test]
    fn the_whole_map_imports_without_collisions() {
        let text = r#"{
          "perplexity/sonar": {"litellm_provider": "perplexity", "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
          "perplexity/perplexity/sonar": {"litellm_provider": "perplexity", "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06},
          "gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
          "openai/gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
          "dashscope/qwen-flash": {"litellm_provider": "dashscope", "tiered_pricing": [
            {"input_cost_per_token": 5e-08, "output_cost_per_token": 4e-07, "range": [0, 256000.0]},
            {"input_cost_per_token": 2.5e-07, "output_cost_per_token": 2e-06, "range": [256000.0, 1000000.0]}]},
          "xai/grok-4": {"litellm_provider": "xai", "input_cost_per_token": 3e-06, "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token": 1.5e-05},
          "deepseek-v4-flash": {"litellm_provider": "deepseek", "input_cost_per_token": 3e-07, "output_cost_per_token": 1.2e-06,
            "off_peak_pricing": {"input_cost_per_token": 1.5e-07, "windows": [
              {"hours_utc": ["00:00-01:00", "10:00-00:00"], "weekdays": [1, 2, 3, 4, 5]},
              {"hours_utc": "00:00-00:00", "weekdays": [6, 7]}], "weekday_timezone": "Asia/Shanghai"}}
        }"#;
        let import = import(text).expect("imports");
        // The Agent API entry keeps its full key: `perplexity/sonar` is the other one's.
        let agent = model(&import, "perplexity", "perplexity/perplexity/sonar");
        assert_eq!(
            agent.periods[0].prices["input"],
            Rate::Flat(Decimal::new(2, 0))
        );
        let sonar = model(&import, "perplexity", "sonar");
        assert!(sonar.aliases.contains(&"perplexity/sonar".to_owned()));
        // Equal duplicates are one model with both names.
        let four = model(&import, "openai", "gpt-4o");
        assert_eq!(four.aliases, ["openai/gpt-4o"]);
        // Dashscope's tiers are a cliff above 256,000 input tokens.
        let qwen = &model(&import, "dashscope", "qwen-flash").periods[0].prices["input"];
        assert_eq!(qwen.at(256_000), Decimal::new(5, 2));
        assert_eq!(qwen.at(256_001), Decimal::new(25, 2));
        // xAI bills its long context from 200,000 tokens on.
        let grok = &model(&import, "x_ai", "grok-4").periods[0].prices["input"];
        assert_eq!(grok.at(200_000), Decimal::new(6, 0));
        assert_eq!(grok.at(199_999), Decimal::new(3, 0));
        // Off-peak windows keep their weekdays, read in China's calendar.
        let daily = &model(&import, "deepseek", "deepseek-v4-flash").periods[0].daily;
        assert_eq!(daily.len(), 3);
        assert_eq!(
            (daily[2].from.as_str(), daily[2].until.as_str()),
            ("00:00", "00:00")
        );
        assert_eq!(daily[2].weekdays, [6, 7]);
        assert_eq!(daily[2].weekday_offset_minutes, 480);
        assert_eq!(
            daily[0].prices["output"],
            Rate::Flat(Decimal::new(12, 1)),
            "kept"
        );
    }

    #[test]
    fn names_are_priced_with_the_entry_litellm_prices_them_with() {
        let text = r#"{
          "gemini-exp-1206": {"litellm_provider": "gemini", "input_cost_per_token": 3e-07, "output_cost_per_token": 2.5e-06},
          "gemini/gemini-exp-1206": {"litellm_provider": "gemini", "input_cost_per_token": 0, "output_cost_per_token": 0}
        }"#;
        let import = import(text).expect("imports");
        // With the provider given, LiteLLM tries `gemini/gemini-exp-1206` first.
        let exp = model(&import, "gcp.gemini", "gemini-exp-1206");
        assert_eq!(exp.aliases, ["gemini/gemini-exp-1206"]);
        assert_eq!(exp.periods[0].prices["input"], Rate::Flat(Decimal::ZERO));
        assert_eq!(import.providers[0].models.len(), 1);
        assert!(
            import
                .details
                .iter()
                .any(|d| d
                    .contains("gemini-exp-1206 (LiteLLM prices it as `gemini/gemini-exp-1206`")),
            "{:?}",
            import.details
        );
    }

    #[test]
    fn flex_and_priority_parts_fall_back_as_litellm_charges_them() {
        let text = r#"{
          "gemini/gemini-9-flash": {"litellm_provider": "gemini",
            "input_cost_per_token": 5e-07, "output_cost_per_token": 3e-06,
            "output_cost_per_reasoning_token": 4e-06, "cache_read_input_token_cost": 5e-08,
            "input_cost_per_token_above_200k_tokens": 1e-06,
            "input_cost_per_token_flex": 2.5e-07, "output_cost_per_token_flex": 1.5e-06,
            "input_cost_per_token_batches": 2.5e-07, "output_cost_per_token_batches": 1.5e-06}
        }"#;
        let import = import(text).expect("imports");
        let period = &model(&import, "gcp.gemini", "gemini-9-flash").periods[0];
        let flex = &period.service_tiers["flex"];
        // A cache read without a flex price is the standard cache read.
        assert_eq!(flex["cache_read"], Rate::Flat(Decimal::new(5, 2)));
        // Reasoning is the flex output price, not the standard reasoning price.
        assert_eq!(flex["output_reasoning"], flex["output"]);
        assert_eq!(flex["output_reasoning"].at(1), Decimal::new(15, 1));
        // Above 200k the flex input is the standard long-context price.
        assert_eq!(flex["input"].at(200_001), Decimal::ONE);
        assert_eq!(flex["input"].at(200_000), Decimal::new(25, 2));
        // Batch is another path: its missing parts are left to the tier's discount.
        assert!(!period.service_tiers["batch"].contains_key("cache_read"));
    }
}
