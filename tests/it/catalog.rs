//! The shipped catalogs under `pricing/`: read without a single diagnostic, within sane
//! bounds, and pricing the models every team asks about exactly as the providers list them.

use std::str::FromStr;
use std::sync::OnceLock;

use llm_slo::internal::{read_catalog, shipped_catalog_files, shipped_prices};
use llm_slo_core::pricing::{ModelPricing, PriceTable, Prices, Rate, Usage};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

/// Every shipped model, as one price table.
fn shipped() -> &'static PriceTable {
    static TABLE: OnceLock<PriceTable> = OnceLock::new();
    TABLE.get_or_init(|| shipped_prices().unwrap_or_else(|report| panic!("{}", report.to_human())))
}

fn model(provider: &str, id: &str) -> &'static ModelPricing {
    shipped()
        .models
        .iter()
        .find(|m| m.provider == provider && m.model == id)
        .unwrap_or_else(|| panic!("{provider}/{id} is not in the shipped catalog"))
}

fn flat(rate: &Rate) -> Decimal {
    match rate {
        Rate::Flat(price) => *price,
        Rate::Tiered(tiered) => tiered.base,
    }
}

#[test]
fn every_shipped_file_reads_without_a_diagnostic() {
    for (name, file, text) in shipped_catalog_files() {
        let (providers, warnings) =
            read_catalog(file, text).unwrap_or_else(|report| panic!("{}", report.to_human()));
        assert!(
            warnings.diagnostics.is_empty(),
            "{file}:\n{}",
            warnings.to_human()
        );
        assert_eq!(providers.len(), 1, "{file}: one provider per shipped file");
        assert_eq!(providers[0], *name, "{file} is named after its provider");
        assert!(
            text.starts_with(
                "# yaml-language-server: $schema=../generated/pricing/catalog.schema.json"
            ),
            "{file} points editors at its schema"
        );
    }
}

/// Bounds that catch a unit slip (per token instead of per million) or a typo.
fn check_bounds(what: &str, prices: &Prices) {
    let input = prices.get("input").map(flat);
    for (unit, rate) in prices {
        let steps = match rate {
            Rate::Flat(price) => vec![*price],
            Rate::Tiered(tiered) => {
                let mut all = vec![tiered.base];
                all.extend(tiered.tiers.iter().map(|s| s.price));
                for pair in tiered.tiers.windows(2) {
                    assert!(
                        pair[0].above_input_tokens < pair[1].above_input_tokens,
                        "{what}: {unit} tiers ascend"
                    );
                }
                for step in &tiered.tiers {
                    assert!(
                        step.price >= tiered.base,
                        "{what}: {unit} long context costs more"
                    );
                }
                all
            }
        };
        for price in steps {
            assert!(
                price >= Decimal::ZERO && price <= d("1000"),
                "{what}: {unit} = {price} per million is out of bounds"
            );
        }
    }
    if let (Some(input), Some(read)) = (input, prices.get("cache_read").map(flat)) {
        assert!(read <= input, "{what}: cache reads cost no more than input");
    }
    if let (Some(input), Some(write)) = (input, prices.get("cache_write").map(flat)) {
        assert!(write >= input, "{what}: cache writes cost at least input");
    }
}

#[test]
fn shipped_prices_are_within_sane_bounds() {
    let mut models = 0;
    for model in &shipped().models {
        models += 1;
        let name = format!("{}/{}", model.provider, model.model);
        assert!(model.source.starts_with("https://"), "{name}: source");
        assert!(!model.checked.is_empty(), "{name}: checked date");
        for period in &model.periods {
            check_bounds(&name, &period.prices);
            for (tier, prices) in &period.service_tiers {
                check_bounds(&format!("{name} {tier}"), prices);
                // Priority is the tier that costs more.
                if tier == "priority" {
                    continue;
                }
                for (unit, rate) in prices {
                    if let Some(standard) = period.prices.get(unit) {
                        assert!(
                            flat(rate) <= flat(standard),
                            "{name}: {tier} {unit} costs no more than standard"
                        );
                    }
                }
            }
        }
    }
    assert!(models >= 25, "only {models} shipped models");
}

/// The price per million tokens of a unit alone, standard tier, newest prices: the cost of
/// 100,000 tokens (below every long-context tier) times ten.
fn per_million(provider: &str, id: &str, unit: &str) -> Decimal {
    let usage = match unit {
        "input" | "output" => Usage::new().with(unit, 100_000),
        "output_reasoning" => Usage::new().with("output", 100_000).with(unit, 100_000),
        "cache_write_1h" => Usage::new()
            .with("input", 100_000)
            .with("cache_write", 100_000)
            .with(unit, 100_000),
        _ => Usage::new().with("input", 100_000).with(unit, 100_000),
    };
    model(provider, id)
        .cost(&usage, None, None)
        .unwrap_or_else(|e| panic!("{provider}/{id} {unit}: {e}"))
        .total
        * Decimal::TEN
}

/// The providers' list prices today (USD per million tokens: input, output, cache read,
/// 5-minute cache write, 1-hour cache write), restated here so that an accidental edit of
/// a catalog fails a test. Sources: the `source` of each entry.
#[test]
fn the_models_every_team_asks_about_are_priced_as_listed() {
    let claude: &[(&str, [&str; 5])] = &[
        ("claude-opus-4-1", ["15", "75", "1.5", "18.75", "30"]),
        ("claude-sonnet-4-5", ["3", "15", "0.3", "3.75", "6"]),
        ("claude-haiku-4-5", ["1", "5", "0.1", "1.25", "2"]),
        ("claude-opus-4-5", ["5", "25", "0.5", "6.25", "10"]),
        ("claude-opus-4-6", ["5", "25", "0.5", "6.25", "10"]),
        ("claude-sonnet-4-6", ["3", "15", "0.3", "3.75", "6"]),
    ];
    for (id, expected) in claude {
        for (unit, price) in [
            "input",
            "output",
            "cache_read",
            "cache_write",
            "cache_write_1h",
        ]
        .iter()
        .zip(expected)
        {
            assert_eq!(
                per_million("anthropic", id, unit),
                d(price),
                "anthropic/{id} {unit}"
            );
        }
    }
    let openai: &[(&str, [&str; 3])] = &[
        ("gpt-4o", ["2.5", "10", "1.25"]),
        ("gpt-4o-mini", ["0.15", "0.6", "0.075"]),
        ("gpt-4.1", ["2", "8", "0.5"]),
        ("gpt-4.1-mini", ["0.4", "1.6", "0.1"]),
        ("gpt-4.1-nano", ["0.1", "0.4", "0.025"]),
        ("o3", ["2", "8", "0.5"]),
        ("o4-mini", ["1.1", "4.4", "0.275"]),
    ];
    let gemini: &[(&str, [&str; 3])] = &[
        ("gemini-2.5-pro", ["1.25", "10", "0.125"]),
        ("gemini-2.5-flash", ["0.3", "2.5", "0.03"]),
    ];
    for (provider, table) in [("openai", openai), ("gcp.gemini", gemini)] {
        for (id, expected) in table {
            for (unit, price) in ["input", "output", "cache_read"].iter().zip(expected) {
                assert_eq!(
                    per_million(provider, id, unit),
                    d(price),
                    "{provider}/{id} {unit}"
                );
            }
        }
    }
    // Reasoning is billed as output.
    assert_eq!(per_million("openai", "o3", "output_reasoning"), d("8"));
}

#[test]
fn long_context_tiers_dates_and_batch_are_as_listed() {
    let cost = |provider: &str, id: &str, usage: &Usage, at: Option<&str>, tier: Option<&str>| {
        let at = at.map(|t| llm_slo_core::pricing::time::Instant::parse(t).expect("a date"));
        model(provider, id)
            .cost(usage, at, tier)
            .unwrap_or_else(|e| panic!("{provider}/{id}: {e}"))
            .total
    };
    let long = Usage::new().with("input", 250_000).with("output", 1_000);
    // Sonnet 4.5 above 200k: $6 / $22.50.
    assert_eq!(
        cost("anthropic", "claude-sonnet-4-5", &long, None, None),
        d("1.5225")
    );
    // Gemini 2.5 Pro above 200k: $2.50 / $15.
    assert_eq!(
        cost("gcp.gemini", "gemini-2.5-pro", &long, None, None),
        d("0.64")
    );
    // Opus 4.6 above 200k before general availability of 1M context: $10 / $37.50; flat after.
    assert_eq!(
        cost(
            "anthropic",
            "claude-opus-4-6",
            &long,
            Some("2026-03-01"),
            None
        ),
        d("2.5375")
    );
    assert_eq!(
        cost(
            "anthropic",
            "claude-opus-4-6",
            &long,
            Some("2026-03-13"),
            None
        ),
        d("1.275")
    );
    // o3 before its 2025-06-10 price cut: $10 / $40.
    let million = Usage::new()
        .with("input", 1_000_000)
        .with("output", 1_000_000);
    assert_eq!(
        cost("openai", "o3", &million, Some("2025-06-09"), None),
        d("50")
    );
    // Batch is half price.
    assert_eq!(
        cost(
            "anthropic",
            "claude-haiku-4-5",
            &million,
            None,
            Some("batch")
        ),
        d("3")
    );
    assert_eq!(
        cost("openai", "gpt-4.1", &million, None, Some("batch")),
        d("5")
    );
    assert_eq!(
        cost(
            "gcp.gemini",
            "gemini-2.5-flash",
            &million,
            None,
            Some("batch")
        ),
        d("1.4")
    );
    // Dated snapshot ids resolve to their model.
    let table = shipped();
    assert_eq!(
        table
            .find("anthropic", "claude-sonnet-4-5-20250929")
            .map(|m| m.model.as_str()),
        Some("claude-sonnet-4-5")
    );
    assert_eq!(
        table
            .find("google", "gemini-2.5-flash")
            .map(|m| m.provider.as_str()),
        Some("gcp.gemini")
    );
}
