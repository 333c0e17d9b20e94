//! pydantic genai-prices' `data.json` (format v2) into our catalog.
//!
//! Semantics kept from genai-prices:
//! * prices are per million tokens (`*_mtok`) or per thousand (`*_kcount`);
//! * a list of conditional prices is resolved as genai-prices does: at any time the last
//!   entry whose constraint is active wins, and before any is active, the first entry;
//!   `start_date` constraints become our dated periods;
//! * `price_variants` override the standard prices key by key (the first matching variant
//!   wins for a key) and become our service tiers (`when: {processing: batch}` → `batch`);
//!   before a variant's `start_date`, genai-prices charges that tier the standard prices,
//!   and so does the imported catalog;
//! * a unit without a price is charged at its enclosing unit's price, as in our engine.
//!
//! Not expressible, and listed: time-of-day constraints (off-peak prices), units we do not
//! model (audio hours, pages, characters, messages, other searches), variants on other
//! conditions, and match rules other than exact names (models keep their id and the exact
//! names of their rules).

use std::collections::{BTreeMap, BTreeSet};

use llm_slo_core::pricing::time::Instant;
use llm_slo_core::pricing::{Rate, Step, TieredRate};

use super::{Import, ImportedModel, ImportedPeriod, ImportedProvider, decimal, otel_provider};
use crate::yaml::{Node, NodeKind};

/// One conditional entry: when it applies and its prices.
struct Entry {
    start: Option<(Instant, String)>,
    time_of_day: bool,
    /// The daily window of a time-of-day constraint, `HH:MM` UTC.
    window: Option<(String, String)>,
    prices: BTreeMap<String, Rate>,
}

/// Where prices come from when a provider lists no pricing page.
const GENAI_PRICES_SOURCE: &str = "https://github.com/pydantic/genai-prices";

/// Converts the text of a genai-prices `data.json`.
pub(crate) fn import(text: &str) -> Result<Import, String> {
    let parsed = super::parse_source(text)?;
    let Some(NodeKind::Seq(providers)) = parsed.documents.first().map(|d| &d.root.kind) else {
        return Err("expected genai-prices' data.json: a list of providers".to_owned());
    };
    let mut import = Import::default();
    let mut skipped_units: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut loose_matches = 0usize;
    for provider in providers {
        let Some(source_id) = provider.get("id").and_then(Node::as_str) else {
            return Err("a provider without `id`".to_owned());
        };
        let id = otel_provider(source_id);
        // The provider's first pricing page, else genai-prices itself.
        let source = match provider.get("pricing_urls").map(|u| &u.kind) {
            Some(NodeKind::Seq(urls)) => urls.first().and_then(Node::as_str),
            _ => None,
        }
        .unwrap_or(GENAI_PRICES_SOURCE)
        .to_owned();
        let mut imported = ImportedProvider {
            aliases: if id != source_id {
                vec![source_id.to_owned()]
            } else {
                Vec::new()
            },
            id: id.clone(),
            models: Vec::new(),
        };
        let Some(NodeKind::Seq(models)) = provider.get("models").map(|m| &m.kind) else {
            continue;
        };
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for model in models {
            let Some(model_id) = model.get("id").and_then(Node::as_str) else {
                continue;
            };
            let context = format!("{source_id}/{model_id}");
            let mut skip_unit = |key: &str| {
                let entry = skipped_units
                    .entry(key.to_owned())
                    .or_insert((0, context.clone()));
                entry.0 += 1;
            };
            let entries = match model.get("prices") {
                Some(
                    prices @ Node {
                        kind: NodeKind::Map(_),
                        ..
                    },
                ) => vec![Entry {
                    start: None,
                    time_of_day: false,
                    window: None,
                    prices: price_map(prices, &mut skip_unit)?,
                }],
                Some(Node {
                    kind: NodeKind::Seq(list),
                    ..
                }) => list
                    .iter()
                    .map(|conditional| entry(conditional, &mut skip_unit))
                    .collect::<Result<Vec<_>, String>>()?,
                _ => continue,
            };
            if entries.iter().any(|e| e.time_of_day && e.window.is_none()) {
                import.skipped.push(format!(
                    "{context}: a time-of-day constraint without a readable window not converted; the other prices are"
                ));
            }
            let mut variants: Vec<(String, Entry)> = Vec::new();
            if let Some(NodeKind::Seq(list)) = model.get("price_variants").map(|v| &v.kind) {
                for variant in list {
                    let tier = match variant.get("when").map(|w| &w.kind) {
                        Some(NodeKind::Map(conditions)) if conditions.len() == 1 => {
                            let (key, value) = &conditions[0];
                            match (key.as_str(), value.as_str()) {
                                (Some("processing" | "service_tier"), Some(tier)) => {
                                    Some(tier.to_owned())
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    let Some(tier) = tier else {
                        import.skipped.push(format!(
                            "{context}: a price variant on other conditions than the service tier"
                        ));
                        continue;
                    };
                    variants.push((tier, entry(variant, &mut skip_unit)?));
                }
            }
            let periods = resolve(&entries, &variants);
            if periods.iter().all(|p| p.prices.is_empty()) {
                import
                    .skipped
                    .push(format!("{context}: no price in a unit we model"));
                continue;
            }
            let (aliases, loose) = exact_names(model.get("match"), model_id);
            if loose {
                loose_matches += 1;
            }
            let aliases: Vec<String> = aliases
                .into_iter()
                .filter(|a| a != model_id && seen.insert(a.clone()))
                .collect();
            if !seen.insert(model_id.to_owned()) {
                import
                    .skipped
                    .push(format!("{context}: a second model with this id"));
                continue;
            }
            imported.models.push(ImportedModel {
                id: model_id.to_owned(),
                aliases,
                periods,
                source: source.clone(),
            });
        }
        if !imported.models.is_empty() {
            import.providers.push(imported);
        }
    }
    for (key, (count, example)) in skipped_units {
        import.skipped.push(format!(
            "`{key}`: {count} prices in a unit llm-slo does not model, skipped (e.g. {example})"
        ));
    }
    if loose_matches > 0 {
        import.skipped.push(format!(
            "{loose_matches} models match names by prefix, suffix, substring or regex in genai-prices; imported with their id and exact names"
        ));
    }
    merge_providers(&mut import);
    Ok(import)
}

/// Two genai-prices providers may map to one OTel id: keep one entry, models combined.
fn merge_providers(import: &mut Import) {
    import.providers.sort_by(|a, b| a.id.cmp(&b.id));
    let mut merged: Vec<ImportedProvider> = Vec::new();
    for provider in std::mem::take(&mut import.providers) {
        match merged.last_mut() {
            Some(last) if last.id == provider.id => {
                let known: BTreeSet<String> = last
                    .models
                    .iter()
                    .flat_map(|m| std::iter::once(m.id.clone()).chain(m.aliases.clone()))
                    .collect();
                for model in provider.models {
                    if known.contains(&model.id) {
                        import.skipped.push(format!(
                            "{}/{}: also priced by another source provider; the first kept",
                            provider.id, model.id
                        ));
                    } else {
                        last.models.push(model);
                    }
                }
                last.aliases.extend(provider.aliases);
                last.aliases.sort();
                last.aliases.dedup();
            }
            _ => merged.push(provider),
        }
    }
    import.providers = merged;
}

fn entry(node: &Node, skip_unit: &mut dyn FnMut(&str)) -> Result<Entry, String> {
    let prices = match node.get("prices") {
        Some(prices) => price_map(prices, skip_unit)?,
        None => BTreeMap::new(),
    };
    let constraint = node.get("constraint").filter(|c| !c.is_null());
    let start = constraint
        .and_then(|c| c.get("start_date"))
        .and_then(Node::as_str)
        .map(|date| {
            Instant::parse(date)
                .map(|i| (i, date.to_owned()))
                .map_err(|e| e.to_string())
        })
        .transpose()?;
    let time_of_day = constraint.is_some_and(|c| c.get("start_time").is_some());
    // `16:30:00Z` → `16:30`: the catalog writes minutes, genai-prices' windows start on them.
    let minutes = |key: &str| {
        let text = constraint?.get(key)?.as_str()?;
        let seconds = llm_slo_core::pricing::time::parse_time_of_day(text).ok()?;
        (seconds % 60 == 0).then(|| format!("{:02}:{:02}", seconds / 3600, seconds / 60 % 60))
    };
    let window = minutes("start_time").zip(minutes("end_time"));
    Ok(Entry {
        start,
        time_of_day,
        window,
        prices,
    })
}

fn price_map(
    node: &Node,
    skip_unit: &mut dyn FnMut(&str),
) -> Result<BTreeMap<String, Rate>, String> {
    let NodeKind::Map(entries) = &node.kind else {
        return Err("`prices` must be a mapping".to_owned());
    };
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        let Some(key) = key.as_str() else { continue };
        let unit = key
            .strip_suffix("_mtok")
            .or_else(|| key.strip_suffix("_kcount"))
            .filter(|u| llm_slo_core::pricing::units::unit(u).is_some());
        let Some(unit) = unit else {
            skip_unit(key);
            continue;
        };
        out.insert(
            unit.to_owned(),
            rate(value).ok_or_else(|| format!("`{key}`: not a price"))?,
        );
    }
    Ok(out)
}

fn rate(node: &Node) -> Option<Rate> {
    if let Some(text) = node.as_str() {
        return decimal(text).map(Rate::Flat);
    }
    let base = decimal(node.get("base")?.as_str()?)?;
    let NodeKind::Seq(tiers) = &node.get("tiers")?.kind else {
        return None;
    };
    let tiers = tiers
        .iter()
        .map(|t| {
            Some(Step {
                above_input_tokens: t.get("start")?.as_str()?.parse().ok()?,
                price: decimal(t.get("price")?.as_str()?)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Rate::Tiered(TieredRate { base, tiers }))
}

/// The exact names a match rule accepts (`equals`, also inside `or`), and whether it accepts
/// other names too.
fn exact_names(rule: Option<&Node>, id: &str) -> (Vec<String>, bool) {
    let mut names = Vec::new();
    let mut loose = false;
    fn walk(node: &Node, names: &mut Vec<String>, loose: &mut bool) {
        if let Some(name) = node.get("equals").and_then(Node::as_str) {
            names.push(name.to_owned());
        } else if let Some(NodeKind::Seq(items)) = node.get("or").map(|o| &o.kind) {
            for item in items {
                walk(item, names, loose);
            }
        } else {
            *loose = true;
        }
    }
    if let Some(rule) = rule {
        walk(rule, &mut names, &mut loose);
    }
    names.retain(|n| n != id);
    names.sort();
    names.dedup();
    (names, loose)
}

/// The entry genai-prices uses at a time: the last active one, else the first.
fn pick(entries: &[Entry], at: Option<Instant>) -> Option<&Entry> {
    let active = |e: &&Entry| {
        !e.time_of_day
            && match (&e.start, at) {
                (None, _) => true,
                (Some((start, _)), Some(at)) => *start <= at,
                (Some(_), None) => false,
            }
    };
    entries
        .iter()
        .rev()
        .find(active)
        .or_else(|| entries.first())
}

fn resolve(entries: &[Entry], variants: &[(String, Entry)]) -> Vec<ImportedPeriod> {
    let mut boundaries: BTreeMap<Instant, String> = BTreeMap::new();
    for e in entries.iter().chain(variants.iter().map(|(_, v)| v)) {
        if let Some((start, text)) = &e.start {
            boundaries.insert(*start, text.clone());
        }
    }
    let times: Vec<Option<(Instant, String)>> = std::iter::once(None)
        .chain(boundaries.into_iter().map(Some))
        .collect();
    let mut periods: Vec<ImportedPeriod> = Vec::new();
    for time in times {
        let at = time.as_ref().map(|(i, _)| *i);
        let Some(standard) = pick(entries, at) else {
            continue;
        };
        let mut tiers: BTreeMap<String, BTreeMap<String, Rate>> = BTreeMap::new();
        let mut overridden: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (tier, variant) in variants {
            let active = match (&variant.start, at) {
                (None, _) => true,
                (Some((start, _)), Some(at)) => *start <= at,
                (Some(_), None) => false,
            };
            if !active {
                continue;
            }
            let prices = tiers
                .entry(tier.clone())
                .or_insert_with(|| standard.prices.clone());
            let done = overridden.entry(tier.as_str()).or_default();
            // The first matching variant wins for a key.
            for (unit, rate) in &variant.prices {
                if done.insert(unit.as_str()) {
                    prices.insert(unit.clone(), rate.clone());
                }
            }
        }
        // genai-prices prices a call in a service tier whose variant is not yet in force at
        // the standard prices: say so explicitly, as a tier equal to the standard prices.
        for (tier, _) in variants {
            tiers
                .entry(tier.clone())
                .or_insert_with(|| standard.prices.clone());
        }
        // Time-of-day entries after the chosen one replace it in their window: genai-prices
        // takes the last active entry, and a later one wins (so it is checked first here).
        let after = entries
            .iter()
            .position(|e| std::ptr::eq(e, standard))
            .map_or(entries.len(), |i| i + 1);
        let daily = entries[after..]
            .iter()
            .rev()
            .filter_map(|e| {
                let (from, until) = e.window.clone()?;
                Some(super::ImportedDaily {
                    from,
                    until,
                    prices: e.prices.clone(),
                    ..super::ImportedDaily::default()
                })
            })
            .collect();
        let mut period = ImportedPeriod {
            since: time.map(|(_, text)| text),
            prices: standard.prices.clone(),
            service_tiers: tiers,
            daily,
        };
        // genai-prices' variants replace the keys they list: a flat batch price stays flat
        // above a long-context threshold.
        period.pin_service_tiers();
        // A boundary that changes nothing is no new period.
        if periods.last().is_some_and(|last| {
            last.prices == period.prices && last.service_tiers == period.service_tiers
        }) {
            continue;
        }
        periods.push(period);
    }
    periods
}
