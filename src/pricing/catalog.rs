//! The price catalogs shipped under `pricing/`, one YAML file per provider.

use std::sync::{Arc, OnceLock};

use llm_slo_core::pricing::{ModelPrice, Rates, Tier};
use serde::Deserialize;

use crate::diagnostics::Report;
use crate::spec::values::Usd;

/// The shipped catalogs: (name, file name, text).
const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "anthropic",
        "pricing/anthropic.yaml",
        include_str!("../../pricing/anthropic.yaml"),
    ),
    (
        "gcp.gemini",
        "pricing/gcp.gemini.yaml",
        include_str!("../../pricing/gcp.gemini.yaml"),
    ),
    (
        "openai",
        "pricing/openai.yaml",
        include_str!("../../pricing/openai.yaml"),
    ),
];

/// One provider's catalog file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderCatalog {
    /// Provider id, a `gen_ai.provider.name` value.
    pub provider: String,
    /// Other names of the provider (`google` for `gcp.gemini`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The provider's models.
    pub models: Vec<CatalogModel>,
}

/// A model's list prices, USD per million tokens.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogModel {
    /// Canonical id.
    pub id: String,
    /// Other ids: dated snapshots, dotted spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Uncached input.
    pub input: Usd,
    /// Output (reasoning included).
    pub output: Usd,
    /// Cache reads.
    #[serde(default)]
    pub cache_read: Option<Usd>,
    /// Cache writes with a 5-minute lifetime.
    #[serde(default)]
    pub cache_write_5m: Option<Usd>,
    /// Cache writes with a 1-hour lifetime.
    #[serde(default)]
    pub cache_write_1h: Option<Usd>,
    /// Long-context tiers, ascending.
    #[serde(default)]
    pub tiers: Vec<CatalogTier>,
    /// The provider page the prices were read from.
    pub source: String,
    /// When they were last checked (`YYYY-MM-DD`).
    pub checked: String,
}

/// A long-context tier.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogTier {
    /// Applies when total input tokens exceed this.
    pub above_input_tokens: u64,
    /// Uncached input.
    pub input: Usd,
    /// Output.
    pub output: Usd,
    /// Cache reads.
    #[serde(default)]
    pub cache_read: Option<Usd>,
    /// Cache writes (5 minutes).
    #[serde(default)]
    pub cache_write_5m: Option<Usd>,
    /// Cache writes (1 hour).
    #[serde(default)]
    pub cache_write_1h: Option<Usd>,
}

/// The loaded catalogs.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// One entry per provider, in file-name order.
    pub providers: Vec<ProviderCatalog>,
}

/// The result of looking a model up.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// Found, with the provider's canonical id.
    Found(&'a ProviderCatalog, &'a CatalogModel),
    /// No catalog has this provider.
    UnknownProvider,
    /// The provider is known but not the model; the closest ids, best first.
    UnknownModel(Vec<String>),
}

impl Catalog {
    /// The catalogs shipped with this release, parsed once.
    ///
    /// They are part of the binary and checked by the test suite; an error here is a bug.
    pub fn shipped() -> Result<&'static Catalog, &'static Report> {
        static SHIPPED_CATALOG: OnceLock<Result<Catalog, Report>> = OnceLock::new();
        SHIPPED_CATALOG
            .get_or_init(|| {
                let mut catalog = Catalog::default();
                let mut report = Report::default();
                for (_, file, text) in SHIPPED {
                    match crate::yaml::load::load_yaml::<ProviderCatalog>(
                        &Arc::from(*file),
                        &Arc::from(*text),
                    ) {
                        Ok(provider) => catalog.providers.push(provider),
                        Err(errors) => report.extend(errors),
                    }
                }
                if report.has_errors() {
                    Err(report)
                } else {
                    Ok(catalog)
                }
            })
            .as_ref()
    }

    /// Names of the shipped catalogs, as `pricing.catalogs` lists them.
    pub fn shipped_names() -> impl Iterator<Item = &'static str> {
        SHIPPED.iter().map(|(name, _, _)| *name)
    }

    /// The catalogs whose names are listed (all when `None`).
    pub fn select(&self, names: Option<&[String]>) -> Catalog {
        Catalog {
            providers: self
                .providers
                .iter()
                .filter(|p| names.is_none_or(|names| names.contains(&p.provider)))
                .cloned()
                .collect(),
        }
    }

    /// A provider by id or alias.
    pub fn provider(&self, id: &str) -> Option<&ProviderCatalog> {
        self.providers
            .iter()
            .find(|p| p.provider == id || p.aliases.iter().any(|a| a == id))
    }

    /// Finds a model by exact id, alias, or dated snapshot id
    /// (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`).
    pub fn lookup(&self, provider: &str, model: &str) -> Lookup<'_> {
        let Some(catalog) = self.provider(provider) else {
            return Lookup::UnknownProvider;
        };
        let find = |id: &str| {
            catalog
                .models
                .iter()
                .find(|m| m.id == id || m.aliases.iter().any(|a| a == id))
        };
        if let Some(found) = find(model).or_else(|| strip_date(model).and_then(find)) {
            return Lookup::Found(catalog, found);
        }
        let ids = catalog.models.iter().map(|m| m.id.as_str());
        Lookup::UnknownModel(crate::suggest::closest(model, ids))
    }
}

impl CatalogModel {
    /// The rates as the price model holds them.
    pub fn to_model_price(&self, provider: &str, model: &str) -> ModelPrice {
        let mut aliases: Vec<String> = self.aliases.clone();
        if model != self.id {
            aliases.push(self.id.clone());
        }
        aliases.retain(|a| a != model);
        aliases.sort();
        aliases.dedup();
        ModelPrice {
            provider: provider.to_owned(),
            model: model.to_owned(),
            aliases,
            rates: rates(
                &self.input,
                &self.output,
                self.cache_read,
                self.cache_write_5m,
                self.cache_write_1h,
            ),
            tiers: self
                .tiers
                .iter()
                .map(|t| Tier {
                    above_input_tokens: t.above_input_tokens,
                    rates: rates(
                        &t.input,
                        &t.output,
                        t.cache_read,
                        t.cache_write_5m,
                        t.cache_write_1h,
                    ),
                })
                .collect(),
            source: self.source.clone(),
            checked: self.checked.clone(),
        }
    }
}

/// Rates from catalog amounts.
pub fn rates(
    input: &Usd,
    output: &Usd,
    cache_read: Option<Usd>,
    cache_write_5m: Option<Usd>,
    cache_write_1h: Option<Usd>,
) -> Rates {
    Rates {
        input: input.0,
        output: output.0,
        cache_read: cache_read.map(|u| u.0),
        cache_write_5m: cache_write_5m.map(|u| u.0),
        cache_write_1h: cache_write_1h.map(|u| u.0),
    }
}

/// The id without a trailing snapshot date (`-20250929` or `-2024-08-06`).
fn strip_date(model: &str) -> Option<&str> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (head, tail) = model.rsplit_once('-')?;
    if tail.len() == 8 && digits(tail) {
        return Some(head);
    }
    // `-YYYY-MM-DD`: three dash-separated numeric parts.
    let mut parts = model.rsplitn(4, '-');
    let (d, m, y, head) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (y.len() == 4 && m.len() == 2 && d.len() == 2 && digits(y) && digits(m) && digits(d))
        .then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_dates_are_stripped() {
        assert_eq!(
            strip_date("claude-sonnet-4-5-20250929"),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(strip_date("gpt-4o-2024-08-06"), Some("gpt-4o"));
        assert_eq!(strip_date("gpt-4o"), None);
        assert_eq!(strip_date("o3-mini"), None);
    }
}
