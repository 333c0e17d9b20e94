//! The cost of a call: usage by unit × the price in force, exactly.
//!
//! Usage is reported with totals: `input` counts every input token (cache reads and writes,
//! audio, … included), `output` every output token (reasoning included); the more specific
//! units count subsets. Each priced unit is charged for the part of its usage that no more
//! specific priced unit counts: with `input` and `cache_read` priced, 1,000 input tokens of
//! which 800 were cache reads cost 200 × input + 800 × cache_read. A subset without a price
//! of its own is charged at its nearest priced enclosing unit (reasoning at the output
//! price); usage with no priced enclosing unit at all is an error, never free.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use super::time::Instant;
use super::units::{UNIT_COUNT, Unit, UnitSet, unit, unit_for_usage_key, units_by_name};
use super::{ModelPricing, Period, Prices, STANDARD_TIER};

/// The units of a set.
fn members(set: UnitSet) -> impl Iterator<Item = &'static Unit> {
    let all = super::units::units();
    let mut rest = set;
    std::iter::from_fn(move || {
        if rest == 0 {
            return None;
        }
        let id = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        Some(&all[id])
    })
}

/// Token counts (and counted units) of one call, by unit name.
#[derive(Clone, PartialEq, Eq)]
pub struct Usage {
    /// Counts of known units by [`Unit::id`]: reading one is an index, not a lookup.
    counts: [u64; UNIT_COUNT],
    /// Which known units were reported (zero included).
    reported: UnitSet,
    /// Which known units were reported with a count above zero.
    nonzero: UnitSet,
    /// Keys that are no unit, kept so the engine can report them.
    unknown: BTreeMap<String, u64>,
}

impl Default for Usage {
    fn default() -> Usage {
        Usage {
            counts: [0; UNIT_COUNT],
            reported: 0,
            nonzero: 0,
            unknown: BTreeMap::new(),
        }
    }
}

impl fmt::Debug for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Usage {
    /// No usage.
    pub fn new() -> Usage {
        Usage::default()
    }

    /// Sets a unit's count by unit name (`cache_read`) or usage key (`cache_read_tokens`).
    pub fn with(mut self, key: &str, count: u64) -> Usage {
        self.set(key, count);
        self
    }

    /// Sets a unit's count.
    pub fn set(&mut self, key: &str, count: u64) {
        let name = key.strip_suffix("_tokens").unwrap_or(key);
        match unit(name) {
            Some(known) => self.set_unit(known, count),
            None => {
                self.unknown.insert(name.to_owned(), count);
            }
        }
    }

    /// Sets a known unit's count.
    pub fn set_unit(&mut self, unit: &Unit, count: u64) {
        self.counts[unit.id] = count;
        self.reported |= unit.bit();
        if count > 0 {
            self.nonzero |= unit.bit();
        } else {
            self.nonzero &= !unit.bit();
        }
    }

    /// A unit's count (0 when not reported).
    pub fn get(&self, name: &str) -> u64 {
        match unit(name) {
            Some(known) => self.count(known),
            None => self.unknown.get(name).copied().unwrap_or(0),
        }
    }

    /// A known unit's count (0 when not reported).
    pub fn count(&self, unit: &Unit) -> u64 {
        self.counts[unit.id]
    }

    /// Whether a known unit's count was reported (zero included).
    pub fn reports(&self, unit: &Unit) -> bool {
        self.reported & unit.bit() != 0
    }

    /// Whether a unit's count was reported (zero included).
    pub fn is_reported(&self, name: &str) -> bool {
        match unit(name) {
            Some(known) => self.reported & known.bit() != 0,
            None => self.unknown.contains_key(name),
        }
    }

    /// The largest count of any unit (0 for no usage): a cheap sanity check of a usage read.
    pub fn max_count(&self) -> u64 {
        let known = self.counts.iter().copied().max().unwrap_or(0);
        self.unknown.values().copied().fold(known, u64::max)
    }

    /// The reported counts, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        let mut all: Vec<(&str, u64)> = units_by_name()
            .iter()
            .filter(|u| self.reported & u.bit() != 0)
            .map(|u| (u.name.as_str(), self.counts[u.id]))
            .chain(self.unknown.iter().map(|(k, v)| (k.as_str(), *v)))
            .collect();
        if !self.unknown.is_empty() {
            all.sort_by(|a, b| a.0.cmp(b.0));
        }
        all.into_iter()
    }
}

/// One charged part of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// The unit.
    pub unit: &'static str,
    /// The count charged at this unit's price (its usage minus more specific priced units).
    pub count: u64,
    /// The price applied (per million tokens, per thousand for counted units).
    pub rate: Decimal,
    /// count × rate ÷ per.
    pub cost: Decimal,
}

/// The cost of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cost {
    /// US dollars, exactly. Its scale is the price's plus six (no division is done on the
    /// hot path), so it may print with trailing zeros: `normalize()` it for display.
    pub total: Decimal,
    /// The charged parts, most specific unit first.
    pub components: Vec<Component>,
    /// When the applied prices took effect, if dated.
    pub since: Option<String>,
    /// The service tier priced.
    pub service_tier: Cow<'static, str>,
}

/// Why a call cannot be priced.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PriceError {
    /// A usage key that is no known unit.
    UnknownUnit(String),
    /// Usage of a unit that neither the model nor an enclosing unit prices.
    Unpriced {
        /// The unit.
        unit: String,
        /// Its count.
        count: u64,
    },
    /// More specific usage exceeds its total (`cache_read_tokens` > `input_tokens`).
    SubsetExceedsTotal {
        /// The total unit.
        total: String,
        /// Its count.
        count: u64,
        /// The more specific units that together exceed it.
        parts: Vec<String>,
    },
    /// No price was in force at the call's time.
    NoPriceAt(String),
    /// The model has no prices for this service tier.
    NoServiceTier {
        /// The tier asked for.
        tier: String,
        /// The tiers the model has.
        available: Vec<String>,
    },
    /// Two reported units overlap in a priced unit whose count was not reported, so the
    /// overlap cannot be told apart (`cache_read_tokens` and `input_audio_tokens` with a
    /// price for `cache_audio_read`).
    AmbiguousOverlap {
        /// The priced unit both contain.
        unit: String,
        /// The two reported units.
        reported: [String; 2],
    },
    /// A date that does not parse.
    InvalidDate(String),
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceError::UnknownUnit(key) => write!(f, "unknown usage `{key}`"),
            PriceError::Unpriced { unit, count } => {
                write!(
                    f,
                    "{count} {} but the model has no price for them",
                    describe(unit)
                )
            }
            PriceError::SubsetExceedsTotal {
                total,
                count,
                parts,
            } => write!(
                f,
                "{} exceed `{total}_tokens` ({count}), which counts them: `{total}_tokens` is the total, cache and reasoning tokens included",
                parts
                    .iter()
                    .map(|p| format!("`{p}_tokens`"))
                    .collect::<Vec<_>>()
                    .join(" + "),
            ),
            PriceError::NoPriceAt(at) => write!(f, "no price was in force at {at}"),
            PriceError::NoServiceTier { tier, available } => write!(
                f,
                "no `{tier}` prices (the model has: {})",
                available.join(", ")
            ),
            PriceError::AmbiguousOverlap { unit, reported } => write!(
                f,
                "`{}_tokens` and `{}_tokens` overlap in `{unit}_tokens`, which has its own price: report `{unit}_tokens` (0 if none)",
                reported[0], reported[1]
            ),
            PriceError::InvalidDate(text) => write!(f, "{}", super::time::DateError(text.clone())),
        }
    }
}

impl std::error::Error for PriceError {}

fn describe(unit: &str) -> String {
    match unit_for_usage_key(unit) {
        Some(u) if u.family == "tokens" => format!("`{}` tokens", u.name),
        _ => format!("`{unit}`"),
    }
}

impl ModelPricing {
    /// Whether pricing a call needs its time: some period is dated, or has daily prices.
    pub fn needs_clock(&self) -> bool {
        self.periods
            .iter()
            .any(|p| p.since.is_some() || !p.daily.is_empty())
    }

    /// The period in force at a time: the latest that started at or before it. Without a
    /// time, the one in force now (a period that starts in the future is never used before
    /// it starts).
    pub fn period_at(&self, at: Option<Instant>) -> Result<&Period, PriceError> {
        let at = at.or_else(|| self.needs_clock().then(Instant::now));
        let mut chosen: Option<&Period> = None;
        for period in &self.periods {
            let starts = match &period.since {
                None => None,
                Some(since) => Some(
                    Instant::parse(since).map_err(|_| PriceError::InvalidDate(since.clone()))?,
                ),
            };
            let in_force = match (starts, at) {
                (None, _) | (Some(_), None) => true,
                (Some(start), Some(at)) => start <= at,
            };
            let later = match (chosen.and_then(|c| c.since.as_deref()), &period.since) {
                (_, None) => chosen.is_none(),
                (None, Some(_)) => true,
                (Some(current), Some(candidate)) => {
                    Instant::parse(candidate).ok() >= Instant::parse(current).ok()
                }
            };
            if in_force && later {
                chosen = Some(period);
            }
        }
        chosen.ok_or_else(|| PriceError::NoPriceAt(format!("{}", at.map_or(0, |a| a.0))))
    }

    /// The prices that apply to a call: the period in force at `at` (default: now), the
    /// service tier's, or for standard calls the daily window's that holds `at`.
    pub fn prices_for(
        &self,
        at: Option<Instant>,
        service_tier: Option<&str>,
    ) -> Result<(&Period, &Prices), PriceError> {
        let at = at.or_else(|| self.needs_clock().then(Instant::now));
        let period = self.period_at(at)?;
        let tier = service_tier.unwrap_or(STANDARD_TIER);
        let prices = if tier == STANDARD_TIER {
            let mut prices = &period.prices;
            if let Some(at) = at {
                for window in &period.daily {
                    if window.holds(at)? {
                        prices = &window.prices;
                        break;
                    }
                }
            }
            prices
        } else {
            period
                .service_tiers
                .get(tier)
                .ok_or_else(|| PriceError::NoServiceTier {
                    tier: tier.to_owned(),
                    available: std::iter::once(STANDARD_TIER.to_owned())
                        .chain(period.service_tiers.keys().cloned())
                        .collect(),
                })?
        };
        Ok((period, prices))
    }

    /// The cost of a call of this model: the period in force at `at`, the service tier's
    /// prices, and one request unless `usage` counts requests.
    pub fn cost(
        &self,
        usage: &Usage,
        at: Option<Instant>,
        service_tier: Option<&str>,
    ) -> Result<Cost, PriceError> {
        let (period, prices) = self.prices_for(at, service_tier)?;
        call_cost(&Prepared::new(prices), period, service_tier, usage)
    }
}

/// The cost of a call at prepared prices of a period: one request unless `usage` counts
/// requests, dated and named by tier.
pub fn call_cost(
    prices: &Prepared<'_>,
    period: &Period,
    service_tier: Option<&str>,
    usage: &Usage,
) -> Result<Cost, PriceError> {
    // A call is one request: a per-request fee applies unless the usage says otherwise.
    let mut cost = if let Some(requests) = prices.requests
        && !usage.reports(requests)
    {
        let mut one_request = usage.clone();
        one_request.set_unit(requests, 1);
        prices.price(&one_request)?
    } else {
        prices.price(usage)?
    };
    cost.since = period.since.clone();
    cost.service_tier = match service_tier {
        None | Some(STANDARD_TIER) => Cow::Borrowed(STANDARD_TIER),
        Some(tier) => Cow::Owned(tier.to_owned()),
    };
    Ok(cost)
}

/// The cost of usage at a set of prices.
pub fn price(prices: &Prices, usage: &Usage) -> Result<Cost, PriceError> {
    Prepared::new(prices).price(usage)
}

/// Prices made ready for pricing many calls: units resolved, most specific first, and which
/// priced units each one contains.
#[derive(Clone, Debug)]
pub struct Prepared<'p> {
    units: Vec<(&'static Unit, &'p super::Rate)>,
    /// For each unit, the positions of the other priced units it contains.
    parts: Vec<Vec<usize>>,
    /// The priced units.
    priced: UnitSet,
    /// The units some priced unit counts (what can be charged).
    covered: UnitSet,
    /// The `input` unit, whose total selects price tiers.
    input: Option<&'static Unit>,
    /// The `requests` unit when it has a price: each call is one request.
    requests: Option<&'static Unit>,
}

impl<'p> Prepared<'p> {
    /// Prepares a set of prices (units that do not exist are ignored: catalogs are checked
    /// when read).
    pub fn new(prices: &'p Prices) -> Prepared<'p> {
        let mut units: Vec<(&'static Unit, &super::Rate)> = prices
            .iter()
            .filter_map(|(name, rate)| unit(name).map(|u| (u, rate)))
            .collect();
        // Most specific first: each unit's leaf subtracts the leaves of the priced units it
        // contains, which are then known.
        units.sort_by(|a, b| {
            b.0.specificity()
                .cmp(&a.0.specificity())
                .then(a.0.name.cmp(&b.0.name))
        });
        let parts = units
            .iter()
            .map(|(u, _)| {
                units
                    .iter()
                    .enumerate()
                    .filter(|(_, (d, _))| d.id != u.id && u.contains(d))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let priced = units.iter().fold(0, |set, (u, _)| set | u.bit());
        let covered = units.iter().fold(0, |set, (u, _)| set | u.parts());
        let requests = unit("requests").filter(|u| priced & u.bit() != 0);
        Prepared {
            units,
            parts,
            priced,
            covered,
            input: unit("input"),
            requests,
        }
    }

    /// Whether a unit has a price.
    pub fn has_unit(&self, name: &str) -> bool {
        unit(name).is_some_and(|u| self.priced & u.bit() != 0)
    }

    /// The cost of usage at these prices.
    pub fn price(&self, usage: &Usage) -> Result<Cost, PriceError> {
        let unknown = usage.unknown.values().any(|&count| count > 0);
        if unknown || usage.nonzero & !self.covered != 0 {
            first_unpriced(usage, self.covered)?;
        }
        check_overlaps(&self.units, usage)?;
        let total_input = self.input.map_or(0, |input| usage.count(input));
        // Leaves by position in `units`, which has at most one entry per unit.
        let mut leaves = [0u64; UNIT_COUNT];
        let mut components = Vec::with_capacity(self.units.len());
        let mut total = Decimal::ZERO;
        for (position, ((u, rate), parts)) in self.units.iter().zip(&self.parts).enumerate() {
            let reported = usage.count(u);
            // Parts come earlier (more specific), so their leaves are known.
            let counted: u128 = parts.iter().map(|&i| u128::from(leaves[i])).sum();
            let Some(leaf) = u128::from(reported)
                .checked_sub(counted)
                .and_then(|l| u64::try_from(l).ok())
            else {
                return Err(PriceError::SubsetExceedsTotal {
                    total: u.name.clone(),
                    count: reported,
                    parts: parts
                        .iter()
                        .filter(|&&i| leaves[i] > 0)
                        .map(|&i| self.units[i].0.name.clone())
                        .collect(),
                });
            };
            leaves[position] = leaf;
            if leaf == 0 {
                continue;
            }
            let price = rate.at(total_input);
            let cost = per_unit(price * Decimal::from(leaf), u.per);
            total += cost;
            components.push(Component {
                unit: u.name.as_str(),
                count: leaf,
                rate: price,
                cost,
            });
        }
        Ok(Cost {
            total,
            components,
            since: None,
            service_tier: Cow::Borrowed(STANDARD_TIER),
        })
    }
}

/// The first reported usage, in name order, that is no unit or that no priced unit counts.
fn first_unpriced(usage: &Usage, covered: UnitSet) -> Result<(), PriceError> {
    for (key, count) in usage.iter() {
        if count == 0 {
            continue;
        }
        // Keys are stored without their `_tokens` suffix: a key that is no unit name now
        // (`input_tokens_tokens` stored as `input_tokens`) is unknown, never stripped again.
        let Some(used) = unit(key) else {
            return Err(PriceError::UnknownUnit(key.to_owned()));
        };
        if covered & used.bit() == 0 {
            return Err(PriceError::Unpriced {
                unit: used.name.clone(),
                count,
            });
        }
    }
    Ok(())
}

/// `amount ÷ per` for a power of ten: a shift of the decimal scale (exact, and much cheaper
/// than a division), falling back to division when the scale would overflow.
fn per_unit(amount: Decimal, per: u64) -> Decimal {
    let digits = match per {
        1_000_000 => 6,
        1_000 => 3,
        1 => 0,
        _ => return amount / Decimal::from(per),
    };
    let mut shifted = amount;
    match shifted.set_scale(amount.scale() + digits) {
        Ok(()) => shifted,
        Err(_) => amount / Decimal::from(per),
    }
}

/// A priced unit that two reported, unrelated units both contain must be reported itself:
/// otherwise how many tokens are in both is unknown.
fn check_overlaps(
    priced: &[(&'static Unit, &super::Rate)],
    usage: &Usage,
) -> Result<(), PriceError> {
    if usage.nonzero.count_ones() < 2 {
        return Ok(());
    }
    for (u, _) in priced {
        if usage.reported & u.bit() != 0 {
            continue;
        }
        // Reported units that contain `u`; ambiguity needs two of them.
        let containing = usage.nonzero & u.containers() & !u.bit();
        if containing.count_ones() < 2 {
            continue;
        }
        // Two of them overlap only in `u` when neither contains the other.
        let ambiguous =
            members(containing).any(|a| containing & !(a.parts() | a.containers()) != 0);
        if !ambiguous {
            continue;
        }
        let in_name_order: Vec<&Unit> = units_by_name()
            .iter()
            .filter(|r| containing & r.bit() != 0)
            .copied()
            .collect();
        for (i, a) in in_name_order.iter().enumerate() {
            for b in &in_name_order[i + 1..] {
                if !a.contains(b) && !b.contains(a) {
                    return Err(PriceError::AmbiguousOverlap {
                        unit: u.name.clone(),
                        reported: [a.name.clone(), b.name.clone()],
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Rate;
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn sonnet() -> Prices {
        [
            ("input", "3"),
            ("output", "15"),
            ("cache_read", "0.30"),
            ("cache_write", "3.75"),
            ("cache_write_1h", "6"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Rate::Flat(d(v))))
        .collect()
    }

    #[test]
    fn cache_and_reasoning_are_subsets() {
        let usage = Usage::new()
            .with("input_tokens", 10_000)
            .with("cache_read_tokens", 6_000)
            .with("cache_write_tokens", 2_000)
            .with("cache_write_1h_tokens", 500)
            .with("output_tokens", 1_000)
            .with("output_reasoning_tokens", 400);
        let cost = price(&sonnet(), &usage).unwrap();
        // 2,000 uncached × 3 + 6,000 × 0.30 + 1,500 × 3.75 + 500 × 6 + 1,000 × 15, per million.
        assert_eq!(cost.total, d("0.031425"));
        let reasoning = cost.components.iter().find(|c| c.unit == "output").unwrap();
        assert_eq!(
            reasoning.count, 1_000,
            "reasoning is charged at the output price"
        );
    }

    #[test]
    fn usage_without_a_price_is_an_error() {
        let prices: Prices = [("input".to_owned(), Rate::Flat(d("1")))].into();
        let error = price(&prices, &Usage::new().with("output_tokens", 5)).unwrap_err();
        assert_eq!(
            error,
            PriceError::Unpriced {
                unit: "output".to_owned(),
                count: 5
            }
        );
        assert!(matches!(
            price(
                &sonnet(),
                &Usage::new()
                    .with("input_tokens", 5)
                    .with("cache_read_tokens", 9)
            ),
            Err(PriceError::SubsetExceedsTotal { .. })
        ));
        assert!(matches!(
            price(&sonnet(), &Usage::new().with("bogus", 1)),
            Err(PriceError::UnknownUnit(_))
        ));
        // A doubled suffix is not a unit: refused, not silently left uncharged.
        assert_eq!(
            price(&sonnet(), &Usage::new().with("input_tokens_tokens", 7)),
            Err(PriceError::UnknownUnit("input_tokens".to_owned()))
        );
    }

    #[test]
    fn overlapping_usage_needs_its_intersection_when_that_is_priced() {
        let mut prices = sonnet();
        prices.insert("input_audio".to_owned(), Rate::Flat(d("10")));
        prices.insert("cache_audio_read".to_owned(), Rate::Flat(d("1")));
        let usage = Usage::new()
            .with("input_tokens", 1_000)
            .with("cache_read_tokens", 300)
            .with("input_audio_tokens", 200);
        assert_eq!(
            price(&prices, &usage).unwrap_err(),
            PriceError::AmbiguousOverlap {
                unit: "cache_audio_read".to_owned(),
                reported: ["cache_read".to_owned(), "input_audio".to_owned()],
            }
        );
        // Reported, the overlap is priced once at its own price.
        let cost = price(&prices, &usage.with("cache_audio_read_tokens", 100)).unwrap();
        // 600 input × 3 + 200 cache read × 0.3 + 100 audio × 10 + 100 cached audio × 1
        assert_eq!(cost.total, d("0.00296"));
    }

    #[test]
    fn a_long_context_tier_is_a_cliff_on_total_input() {
        let tiered = Rate::Tiered(super::super::TieredRate {
            base: d("3"),
            tiers: vec![super::super::Step {
                above_input_tokens: 200_000,
                price: d("6"),
            }],
        });
        let prices: Prices = [("input".to_owned(), tiered)].into();
        let at = |n| {
            price(&prices, &Usage::new().with("input_tokens", n))
                .unwrap()
                .total
        };
        assert_eq!(at(200_000), d("0.6"));
        // One token more prices every token at the tier.
        assert_eq!(at(200_001), d("1.200006"));
    }

    #[test]
    fn the_price_in_force_at_the_call_applies() {
        let period = |since: Option<&str>, input: &str| Period {
            since: since.map(str::to_owned),
            prices: [("input".to_owned(), Rate::Flat(d(input)))].into(),
            service_tiers: [(
                "batch".to_owned(),
                [("input".to_owned(), Rate::Flat(d("0.5")))].into(),
            )]
            .into(),
            daily: Vec::new(),
        };
        let model = ModelPricing {
            provider: "openai".to_owned(),
            model: "o3".to_owned(),
            aliases: vec![],
            periods: vec![period(None, "10"), period(Some("2025-06-10"), "2")],
            source: String::new(),
            checked: String::new(),
            retires: None,
        };
        let usage = Usage::new().with("input_tokens", 1_000_000);
        let on = |date| Some(Instant::parse(date).unwrap());
        assert_eq!(
            model
                .cost(&usage, on("2025-06-09T23:59:59Z"), None)
                .unwrap()
                .total,
            d("10")
        );
        assert_eq!(
            model.cost(&usage, on("2025-06-10"), None).unwrap().total,
            d("2")
        );
        assert_eq!(
            model.cost(&usage, None, None).unwrap().total,
            d("2"),
            "newest by default"
        );
        assert_eq!(
            model.cost(&usage, None, Some("batch")).unwrap().total,
            d("0.5")
        );
        assert_eq!(
            model.cost(&usage, None, Some("flex")).unwrap_err(),
            PriceError::NoServiceTier {
                tier: "flex".to_owned(),
                available: vec!["standard".to_owned(), "batch".to_owned()],
            }
        );
    }

    fn model_of(periods: Vec<Period>) -> ModelPricing {
        ModelPricing {
            provider: "google".to_owned(),
            model: "gemini".to_owned(),
            aliases: vec![],
            periods,
            source: String::new(),
            checked: String::new(),
            retires: None,
        }
    }

    fn input_at(price: &str) -> Prices {
        [("input".to_owned(), Rate::Flat(d(price)))].into()
    }

    #[test]
    fn a_future_period_is_not_used_before_it_starts() {
        let model = model_of(vec![
            Period {
                prices: input_at("1"),
                ..Period::default()
            },
            Period {
                since: Some("9999-01-01".to_owned()),
                prices: input_at("2"),
                ..Period::default()
            },
        ]);
        let usage = Usage::new().with("input_tokens", 1_000_000);
        assert_eq!(model.cost(&usage, None, None).unwrap().total, d("1"), "now");
        let later = Some(Instant::parse("9999-06-01").unwrap());
        assert_eq!(model.cost(&usage, later, None).unwrap().total, d("2"));
    }

    #[test]
    fn daily_prices_apply_inside_their_window_only() {
        // DeepSeek's off-peak hours, 16:30 to 00:30 UTC, at half price.
        let model = model_of(vec![Period {
            prices: input_at("0.56"),
            daily: vec![
                super::super::DailyPrices {
                    from: "16:30".to_owned(),
                    until: "00:30".to_owned(),
                    weekdays: vec![],
                    weekday_offset_minutes: 0,
                    prices: input_at("0.28"),
                },
                // All of Sunday in China (UTC+8) at a tenth.
                super::super::DailyPrices {
                    from: "00:00".to_owned(),
                    until: "00:00".to_owned(),
                    weekdays: vec![7],
                    weekday_offset_minutes: 480,
                    prices: input_at("0.056"),
                },
            ],
            ..Period::default()
        }]);
        let usage = Usage::new().with("input_tokens", 1_000_000);
        let at = |t: &str| {
            model
                .cost(&usage, Some(Instant::parse(t).unwrap()), None)
                .unwrap()
                .total
        };
        assert_eq!(at("2026-03-13T21:39:00Z"), d("0.28"));
        assert_eq!(at("2026-03-14T00:29:59Z"), d("0.28"));
        assert_eq!(at("2026-03-14T00:30:00Z"), d("0.56"));
        assert_eq!(at("2026-03-14T02:30:00Z"), d("0.56"));
        // Saturday 16:00 UTC is already Sunday in China; Sunday 16:40 UTC is Monday there.
        assert_eq!(at("2026-12-05T16:00:00Z"), d("0.056"));
        assert_eq!(at("2026-12-06T10:00:00Z"), d("0.056"));
        assert_eq!(at("2026-12-06T16:40:00Z"), d("0.28"));
        assert_eq!(at("2026-12-07T02:00:00Z"), d("0.56"));
        assert!(model.needs_clock());
    }
}
