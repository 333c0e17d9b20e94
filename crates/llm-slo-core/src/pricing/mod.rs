//! The price model shared by the generator (which publishes price tables) and the runtime
//! (which computes cost from them).
//!
//! * [`units`]: the units prices are quoted in (`input`, `cache_read`, `output_reasoning`, …)
//!   and how they nest;
//! * [`engine`]: cost of a call from usage, exactly, in decimals;
//! * [`time`]: when a price applies;
//! * [`tiers`]: service tiers completed from the standard prices.
//!
//! Prices are exact decimals in USD per million tokens (per thousand for counted units). A
//! price that is absent is unknown, never zero: usage with no price is an error.

pub mod engine;
pub mod fnv;
pub mod tiers;
pub mod time;
pub mod units;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use engine::{Component, Cost, PriceError, Usage};

/// Version of the `prices.json` format written by `llm-slo generate`.
pub const PRICE_TABLE_FORMAT: u32 = 2;
// Readers ignore fields they do not know, so that an older runtime reads a newer table;
// a field whose absence would misprice a call raises the format instead.

/// The service tier of standard, on-demand calls.
pub const STANDARD_TIER: &str = "standard";

/// A price for a unit: flat, or stepping up when a request's input is long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Rate {
    /// The same price whatever the request's size, as an exact decimal string.
    Flat(#[cfg_attr(feature = "schema", schemars(with = "String"))] Decimal),
    /// A price that depends on the request's total input tokens.
    Tiered(TieredRate),
}

/// A long-context price: a cliff, not a ramp. When a request's total input (cache included)
/// exceeds a step's `above_input_tokens`, all of that unit's usage in the request pays the
/// step's price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TieredRate {
    /// The price up to the first step.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub base: Decimal,
    /// Steps, ascending.
    pub tiers: Vec<Step>,
}

/// One step of a [`TieredRate`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// The step applies when total input tokens exceed this.
    pub above_input_tokens: u64,
    /// The price of the whole request's usage of the unit.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub price: Decimal,
}

impl Rate {
    /// The price that applies at a request's total input tokens.
    pub fn at(&self, total_input: u64) -> Decimal {
        match self {
            Rate::Flat(price) => *price,
            Rate::Tiered(tiered) => tiered
                .tiers
                .iter()
                .rev()
                .find(|step| total_input > step.above_input_tokens)
                .map_or(tiered.base, |step| step.price),
        }
    }

    /// Every price of the rate (base and steps) times `factor`.
    pub fn scaled(&self, factor: Decimal) -> Rate {
        let scale = |price: Decimal| (price * factor).normalize();
        match self {
            Rate::Flat(price) => Rate::Flat(scale(*price)),
            Rate::Tiered(tiered) => Rate::Tiered(TieredRate {
                base: scale(tiered.base),
                tiers: tiered
                    .tiers
                    .iter()
                    .map(|step| Step {
                        above_input_tokens: step.above_input_tokens,
                        price: scale(step.price),
                    })
                    .collect(),
            }),
        }
    }

    /// Every price the rate can take (base first).
    pub fn prices(&self) -> Vec<Decimal> {
        match self {
            Rate::Flat(price) => vec![*price],
            Rate::Tiered(tiered) => std::iter::once(tiered.base)
                .chain(tiered.tiers.iter().map(|s| s.price))
                .collect(),
        }
    }
}

/// Prices by unit name.
pub type Prices = BTreeMap<String, Rate>;

/// The prices of a model from a date on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Period {
    /// When these prices took effect (`YYYY-MM-DD` or RFC 3339); absent for the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Standard (on-demand) prices.
    pub prices: Prices,
    /// Prices of other service tiers (`batch`, `flex`, `priority`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub service_tiers: BTreeMap<String, Prices>,
    /// Standard prices that replace `prices` during a daily window (UTC), e.g. DeepSeek's
    /// off-peak hours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub daily: Vec<DailyPrices>,
}

/// Standard prices in force during the same window every day, in UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DailyPrices {
    /// Start of the window, `HH:MM` (or `HH:MM:SS`) UTC, included.
    pub from: String,
    /// End of the window, excluded; earlier than `from` for a window that spans midnight
    /// (`16:30` to `00:30`); equal to `from` for the whole day.
    pub until: String,
    /// The days it applies on, ISO numbers (1 Monday … 7 Sunday); every day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<u8>,
    /// The offset from UTC, in minutes, of the calendar the weekdays are read in (a
    /// provider in China: 480); 0 for UTC.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub weekday_offset_minutes: i32,
    /// The prices in the window.
    pub prices: Prices,
}

fn is_zero(value: &i32) -> bool {
    *value == 0
}

impl DailyPrices {
    /// Whether the window holds a point in time.
    pub fn holds(&self, at: time::Instant) -> Result<bool, PriceError> {
        let bound = |text: &str| {
            time::parse_time_of_day(text).map_err(|_| PriceError::InvalidDate(text.to_owned()))
        };
        if !self.weekdays.is_empty() {
            let local = time::Instant(at.0 + i64::from(self.weekday_offset_minutes) * 60);
            if !self.weekdays.contains(&local.iso_weekday()) {
                return Ok(false);
            }
        }
        let (from, until) = (bound(&self.from)?, bound(&self.until)?);
        Ok(from == until || time::in_daily_window(at.second_of_day(), from, until))
    }
}

/// Everything known about a model's prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ModelPricing {
    /// Provider id, an OTel `gen_ai.provider.name` value (`anthropic`, `openai`, `gcp.gemini`).
    pub provider: String,
    /// Canonical model id, e.g. `claude-sonnet-4-5`.
    pub model: String,
    /// Other ids of the same model (dated snapshots, dotted spellings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Price periods, oldest first.
    pub periods: Vec<Period>,
    /// Where the prices were read.
    pub source: String,
    /// When they were last checked against `source` (`YYYY-MM-DD`), if ever.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checked: String,
    /// The day the provider stops serving the model (`YYYY-MM-DD`), when announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retires: Option<String>,
}

/// The machine-readable price table the runtime loads (`pricing/prices.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceTable {
    /// Marks the file as generated, and from which spec.
    #[serde(rename = "$comment")]
    pub comment: String,
    /// [`PRICE_TABLE_FORMAT`].
    pub format: u32,
    /// Always `USD`.
    pub currency: String,
    /// `sha256:` of the models, as written; changes whenever a price does.
    pub content_hash: String,
    /// Other names of providers (`google` for `gcp.gemini`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provider_aliases: BTreeMap<String, Vec<String>>,
    /// One entry per model, sorted by provider and model.
    pub models: Vec<ModelPricing>,
}

impl PriceTable {
    /// The canonical provider id of a provider name or alias.
    pub fn provider_id<'a>(&'a self, name: &'a str) -> &'a str {
        self.provider_aliases
            .iter()
            .find(|(_, aliases)| aliases.iter().any(|a| a == name))
            .map_or(name, |(id, _)| id.as_str())
    }

    /// A model by provider and id, alias or dated snapshot id
    /// (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`).
    pub fn find(&self, provider: &str, model: &str) -> Option<&ModelPricing> {
        let provider = self.provider_id(provider);
        let of_provider = || self.models.iter().filter(move |m| m.provider == provider);
        let matches =
            |id: &str| of_provider().find(|m| m.model == id || m.aliases.iter().any(|a| a == id));
        matches(model).or_else(|| strip_snapshot_date(model).and_then(matches))
    }

    /// Whether any model of the table is from this provider.
    pub fn has_provider(&self, provider: &str) -> bool {
        let provider = self.provider_id(provider);
        self.models.iter().any(|m| m.provider == provider)
    }
}

/// A table's models indexed by provider and id or alias, for pricing many calls: the same
/// answers as [`PriceTable::find`] (the first model that names the id wins) in constant time.
pub struct ModelIndex<'t> {
    table: &'t PriceTable,
    providers: fnv::FnvMap<&'t str, &'t str>,
    /// Provider id → model id or alias → position in the table.
    models: fnv::FnvMap<&'t str, fnv::FnvMap<&'t str, usize>>,
    /// Every price set of the table (periods, service tiers), prepared once, by address.
    prepared: fnv::FnvMap<usize, engine::Prepared<'t>>,
}

impl PriceTable {
    /// An index over the table's models.
    pub fn index(&self) -> ModelIndex<'_> {
        let mut providers = fnv::FnvMap::default();
        for (id, aliases) in &self.provider_aliases {
            for alias in aliases {
                providers.entry(alias.as_str()).or_insert(id.as_str());
            }
        }
        let mut models: fnv::FnvMap<&str, fnv::FnvMap<&str, usize>> = fnv::FnvMap::default();
        for (i, model) in self.models.iter().enumerate() {
            let names = models.entry(model.provider.as_str()).or_default();
            for name in std::iter::once(&model.model).chain(&model.aliases) {
                names.entry(name.as_str()).or_insert(i);
            }
        }
        let mut prepared = fnv::FnvMap::default();
        for period in self.models.iter().flat_map(|m| &m.periods) {
            for prices in std::iter::once(&period.prices)
                .chain(period.service_tiers.values())
                .chain(period.daily.iter().map(|d| &d.prices))
            {
                prepared.insert(address(prices), engine::Prepared::new(prices));
            }
        }
        ModelIndex {
            table: self,
            providers,
            models,
            prepared,
        }
    }
}

impl<'t> ModelIndex<'t> {
    /// The table indexed.
    pub fn table(&self) -> &'t PriceTable {
        self.table
    }

    /// The cost of a call of one of the table's models, as [`ModelPricing::cost`] computes
    /// it, with the prices prepared once for all calls.
    pub fn cost(
        &self,
        model: &'t ModelPricing,
        usage: &Usage,
        at: Option<time::Instant>,
        service_tier: Option<&str>,
    ) -> Result<Cost, PriceError> {
        let (period, prices) = model.prices_for(at, service_tier)?;
        match self.prepared.get(&address(prices)) {
            Some(prepared) => engine::call_cost(prepared, period, service_tier, usage),
            // A model from another table: prepare it now.
            None => engine::call_cost(&engine::Prepared::new(prices), period, service_tier, usage),
        }
    }

    /// A model by provider and id, alias or dated snapshot id.
    pub fn find(&self, provider: &str, model: &str) -> Option<&'t ModelPricing> {
        let provider = self.providers.get(provider).copied().unwrap_or(provider);
        let names = self.models.get(provider)?;
        let lookup = |id: &str| names.get(id).map(|&i| &self.table.models[i]);
        lookup(model).or_else(|| strip_snapshot_date(model).and_then(lookup))
    }
}

/// The address of a price set, its identity within one borrowed table.
fn address(prices: &Prices) -> usize {
    prices as *const Prices as usize
}

/// A model id without a trailing snapshot date (`-20250929` or `-2024-08-06`).
pub fn strip_snapshot_date(model: &str) -> Option<&str> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (head, tail) = model.rsplit_once('-')?;
    if tail.len() == 8 && digits(tail) {
        return Some(head);
    }
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
            strip_snapshot_date("claude-sonnet-4-5-20250929"),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(strip_snapshot_date("gpt-4o-2024-08-06"), Some("gpt-4o"));
        assert_eq!(strip_snapshot_date("gpt-4o"), None);
        assert_eq!(strip_snapshot_date("o3-mini"), None);
    }

    #[test]
    fn tiers_are_cliffs() {
        let rate = Rate::Tiered(TieredRate {
            base: Decimal::new(3, 0),
            tiers: vec![Step {
                above_input_tokens: 200_000,
                price: Decimal::new(6, 0),
            }],
        });
        assert_eq!(rate.at(200_000), Decimal::new(3, 0));
        assert_eq!(rate.at(200_001), Decimal::new(6, 0));
    }
}
