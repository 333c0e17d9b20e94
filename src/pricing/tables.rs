//! Price tables generated from a spec: `pricing/prices.json` (what the runtime loads) and
//! `pricing/prices.md` (for people).

use llm_slo_core::pricing::{ModelPrice, PRICE_TABLE_FORMAT, PriceTable, Rates};
use minijinja::{Environment, UndefinedBehavior, context};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::output::{GeneratedFile, json_bytes};
use crate::spec::LoadedSpec;

/// Path of the machine-readable table.
pub const PRICES_JSON: &str = "pricing/prices.json";
/// Path of the Markdown table.
pub const PRICES_MD: &str = "pricing/prices.md";

/// The price table of a spec's models.
pub fn price_table(loaded: &LoadedSpec, header: &str) -> PriceTable {
    let normalize = |rates: &Rates| Rates {
        input: rates.input.normalize(),
        output: rates.output.normalize(),
        cache_read: rates.cache_read.map(|d| d.normalize()),
        cache_write_5m: rates.cache_write_5m.map(|d| d.normalize()),
        cache_write_1h: rates.cache_write_1h.map(|d| d.normalize()),
    };
    PriceTable {
        comment: header.to_owned(),
        format: PRICE_TABLE_FORMAT,
        currency: "USD".to_owned(),
        unit: "per_million_tokens".to_owned(),
        models: loaded
            .prices
            .iter()
            .map(|m| ModelPrice {
                rates: normalize(&m.rates),
                tiers: m
                    .tiers
                    .iter()
                    .map(|t| llm_slo_core::pricing::Tier {
                        above_input_tokens: t.above_input_tokens,
                        rates: normalize(&t.rates),
                    })
                    .collect(),
                ..m.clone()
            })
            .collect(),
    }
}

/// Both tables.
pub fn generate(loaded: &LoadedSpec, header: &str) -> Result<Vec<GeneratedFile>, String> {
    let table = price_table(loaded, header);
    Ok(vec![
        GeneratedFile::new(PRICES_JSON, json_bytes(&table)),
        GeneratedFile::new(PRICES_MD, markdown(loaded, header)?),
    ])
}

#[derive(Serialize)]
struct Row {
    model: String,
    input: String,
    output: String,
    cache_read: String,
    cache_write_5m: String,
    cache_write_1h: String,
    source: String,
    checked: String,
}

#[derive(Serialize)]
struct Provider {
    name: String,
    rows: Vec<Row>,
}

fn markdown(loaded: &LoadedSpec, header: &str) -> Result<String, String> {
    let mut providers: Vec<Provider> = Vec::new();
    for price in &loaded.prices {
        if providers
            .last()
            .is_none_or(|p| p.name != cell(&price.provider))
        {
            providers.push(Provider {
                name: cell(&price.provider),
                rows: Vec::new(),
            });
        }
        let rows = match providers.last_mut() {
            Some(p) => &mut p.rows,
            None => continue,
        };
        rows.push(row(price, &cell(&price.model), &price.rates));
        for tier in &price.tiers {
            let label = format!(
                "{} (input above {})",
                cell(&price.model),
                thousands(tier.above_input_tokens)
            );
            rows.push(row(price, &label, &tier.rates));
        }
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template(
        "prices.md",
        include_str!("../../templates/pricing/prices.md.j2"),
    )
    .map_err(|e| format!("{e:#}"))?;
    let template = env
        .get_template("prices.md")
        .map_err(|e| format!("{e:#}"))?;
    let text = template
        .render(context! { header => header, service => cell(&loaded.spec.service.name), providers => minijinja::Value::from(minijinja::value::Serde(&providers)) })
        .map_err(|e| format!("{e:#}"))?;
    Ok(format!("{}\n", text.trim_end()))
}

fn row(price: &ModelPrice, model: &str, rates: &Rates) -> Row {
    let source = if price.source.starts_with("https://") {
        format!(
            "[{}]({})",
            host(&price.source),
            price.source.replace(')', "%29")
        )
    } else {
        cell(&price.source)
    };
    Row {
        model: model.to_owned(),
        input: money(Some(rates.input)),
        output: money(Some(rates.output)),
        cache_read: money(rates.cache_read),
        cache_write_5m: money(rates.cache_write_5m),
        cache_write_1h: money(rates.cache_write_1h),
        source,
        checked: if price.checked.is_empty() {
            "—".to_owned()
        } else {
            cell(&price.checked)
        },
    }
}

/// `3.00`, `0.075`, or `—`.
fn money(amount: Option<Decimal>) -> String {
    match amount {
        None => "—".to_owned(),
        Some(d) => {
            let d = d.normalize();
            if d.scale() < 2 {
                let mut padded = d;
                padded.rescale(2);
                padded.to_string()
            } else {
                d.to_string()
            }
        }
    }
}

fn thousands(n: u64) -> String {
    if n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn host(url: &str) -> String {
    cell(
        url.trim_start_matches("https://")
            .split('/')
            .next()
            .unwrap_or(url),
    )
}

/// Text that is safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_like_money() {
        assert_eq!(money(Some(Decimal::new(3, 0))), "3.00");
        assert_eq!(money(Some(Decimal::new(75, 3))), "0.075");
        assert_eq!(money(Some(Decimal::new(300, 2))), "3.00");
        assert_eq!(money(None), "—");
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\n<c>"), "a\\|b &lt;c>");
    }
}
