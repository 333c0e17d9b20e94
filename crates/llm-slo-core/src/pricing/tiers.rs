//! Service tiers completed from the standard prices.
//!
//! Catalogs often list a tier's input and output prices only (Bedrock's batch prices, a flex
//! tier without its long-context step). Left as they are, the engine would charge a cache read
//! of the tier at its nearest priced enclosing unit, the tier's *input* price (10× too much for
//! a batch cache read), and a long prompt at the tier's flat price (no cliff). Anthropic,
//! OpenAI and Google document their batch and flex tiers as one discount on every part of the
//! standard price, so a part the tier does not list is the standard price of that part scaled
//! by the tier's input discount (tier input ÷ standard input), long-context steps included.
//! Only token prices are filled: a fee per search or request is no discount's business.
//! Without flat input prices on both sides there is no discount to apply, and the part stays
//! unpriced in the tier (the engine then charges the tier's enclosing unit, as the catalog
//! says).

use rust_decimal::Decimal;

use super::{Period, Prices, Rate};

/// Fills every service tier of a period from its standard prices: parts the tier does not
/// price, and long-context steps the tier's flat price would drop.
pub fn complete_service_tiers(period: &mut Period) {
    let standard = period.prices.clone();
    for prices in period.service_tiers.values_mut() {
        complete(&standard, prices);
    }
}

/// The tier's discount on the standard prices: tier input ÷ standard input.
fn discount(standard: &Prices, tier: &Prices) -> Option<Decimal> {
    match (standard.get("input")?, tier.get("input")?) {
        (Rate::Flat(base), Rate::Flat(discounted)) if !base.is_zero() => Some(discounted / base),
        (Rate::Tiered(base), Rate::Flat(discounted)) if !base.base.is_zero() => {
            Some(discounted / base.base)
        }
        (Rate::Tiered(base), Rate::Tiered(discounted)) if !base.base.is_zero() => {
            Some(discounted.base / base.base)
        }
        _ => None,
    }
}

fn complete(standard: &Prices, tier: &mut Prices) {
    let Some(factor) = discount(standard, tier) else {
        return;
    };
    for (unit, rate) in standard {
        // Token prices only: a discount on tokens says nothing of a per-search or
        // per-request fee, which stays unpriced in the tier unless the catalog lists it.
        if super::units::unit(unit).is_none_or(|u| u.family != "tokens") {
            continue;
        }
        match (tier.get(unit), rate) {
            (None, _) => {
                tier.insert(unit.clone(), rate.scaled(factor));
            }
            // A flat tier price under a standard cliff: the same cliff, at the tier's price
            // scaled as the standard's steps are.
            (Some(Rate::Flat(price)), Rate::Tiered(steps)) if !steps.base.is_zero() => {
                let own = price / steps.base;
                let mut kept = rate.scaled(own);
                if let Rate::Tiered(t) = &mut kept {
                    t.base = *price;
                }
                tier.insert(unit.clone(), kept);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::pricing::{Step, TieredRate};

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    fn flat(pairs: &[(&str, &str)]) -> Prices {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Rate::Flat(d(v))))
            .collect()
    }

    #[test]
    fn a_tier_without_a_cache_price_gets_the_standard_one_discounted() {
        // Bedrock's Claude Haiku 4.5: batch lists input and output only.
        let mut period = Period {
            prices: flat(&[("input", "1.1"), ("output", "5.5"), ("cache_read", "0.11")]),
            service_tiers: [(
                "batch".to_owned(),
                flat(&[("input", "0.55"), ("output", "2.75")]),
            )]
            .into(),
            ..Period::default()
        };
        complete_service_tiers(&mut period);
        let batch = &period.service_tiers["batch"];
        assert_eq!(
            batch["cache_read"],
            Rate::Flat(d("0.055")),
            "not the batch input price"
        );
        assert_eq!(
            batch["output"],
            Rate::Flat(d("2.75")),
            "listed prices are kept"
        );
    }

    #[test]
    fn a_flat_tier_price_keeps_the_standard_cliff() {
        let cliff = |base: &str, above: &str| {
            Rate::Tiered(TieredRate {
                base: d(base),
                tiers: vec![Step {
                    above_input_tokens: 272_000,
                    price: d(above),
                }],
            })
        };
        let mut period = Period {
            prices: [("input".to_owned(), cliff("2.5", "5"))].into(),
            service_tiers: [("flex".to_owned(), flat(&[("input", "1.25")]))].into(),
            ..Period::default()
        };
        complete_service_tiers(&mut period);
        assert_eq!(period.service_tiers["flex"]["input"], cliff("1.25", "2.5"));
        assert_eq!(period.service_tiers["flex"]["input"].at(370_000), d("2.5"));
    }

    #[test]
    fn without_an_input_price_there_is_no_discount_to_apply() {
        let mut period = Period {
            prices: flat(&[("input", "1"), ("cache_read", "0.1")]),
            service_tiers: [("priority".to_owned(), flat(&[("output", "9")]))].into(),
            ..Period::default()
        };
        complete_service_tiers(&mut period);
        assert!(!period.service_tiers["priority"].contains_key("cache_read"));
    }
}
