//! Price tables generated from a spec: `pricing/prices.json` (what the runtime loads, with
//! its JSON Schema), `pricing/prices.csv` and `pricing/prices.md` (for people), and the JSON
//! Schema of catalog files.

use std::collections::BTreeMap;
use std::fmt::Write;

use llm_slo_core::pricing::{ModelPricing, PRICE_TABLE_FORMAT, PriceTable, Prices, Rate};
use minijinja::{Environment, UndefinedBehavior, context};
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::output::{GENERATION_FAILED, GeneratedFile, json_file, schema_file};
use crate::spec::Spec;

/// Path of the machine-readable table.
pub(crate) const PRICES_JSON: &str = "pricing/prices.json";
/// Path of its JSON Schema.
pub(crate) const PRICES_SCHEMA: &str = "pricing/prices.schema.json";
/// Path of the CSV table.
pub(crate) const PRICES_CSV: &str = "pricing/prices.csv";
/// Path of the Markdown table.
pub(crate) const PRICES_MD: &str = "pricing/prices.md";
/// Path of the JSON Schema of catalog files.
pub(crate) const CATALOG_SCHEMA: &str = "pricing/catalog.schema.json";

/// Decimals in their shortest exact form: `3`, `0.3`.
fn normalize(prices: &Prices) -> Prices {
    prices
        .iter()
        .map(|(unit, rate)| {
            let rate = match rate {
                Rate::Flat(d) => Rate::Flat(d.normalize()),
                Rate::Tiered(t) => {
                    let mut t = t.clone();
                    t.base = t.base.normalize();
                    for step in &mut t.tiers {
                        step.price = step.price.normalize();
                    }
                    Rate::Tiered(t)
                }
            };
            (unit.clone(), rate)
        })
        .collect()
}

/// A price table of models, with its content hash.
pub(crate) fn table(
    comment: &str,
    models: Vec<ModelPricing>,
    provider_aliases: BTreeMap<String, Vec<String>>,
) -> Result<PriceTable, Diagnostic> {
    let models: Vec<ModelPricing> = models
        .into_iter()
        .map(|mut m| {
            for period in &mut m.periods {
                period.prices = normalize(&period.prices);
                for prices in period.service_tiers.values_mut() {
                    *prices = normalize(prices);
                }
                for window in &mut period.daily {
                    window.prices = normalize(&window.prices);
                }
            }
            m
        })
        .collect();
    let mut table = PriceTable {
        comment: comment.to_owned(),
        format: PRICE_TABLE_FORMAT,
        currency: "USD".to_owned(),
        content_hash: String::new(),
        provider_aliases,
        models,
    };
    table.content_hash = content_hash(&table)?;
    Ok(table)
}

/// What the content hash covers.
#[derive(Serialize)]
struct HashedContent<'a> {
    models: &'a [ModelPricing],
    provider_aliases: &'a BTreeMap<String, Vec<String>>,
}

/// `sha256:` of the models and provider aliases as canonical JSON (sorted keys, compact).
pub(crate) fn content_hash(table: &PriceTable) -> Result<String, Diagnostic> {
    let content = HashedContent {
        models: &table.models,
        provider_aliases: &table.provider_aliases,
    };
    let bytes = crate::base::json::to_compact(&content).map_err(|error| {
        Diagnostic::error(
            GENERATION_FAILED,
            format!("the price table cannot be written as JSON: {error}"),
        )
    })?;
    let digest = Sha256::digest(&bytes);
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(hex)
}

/// The price table of a spec's models, priced as `prices` (see [`super::resolve`]).
pub(crate) fn price_table(
    spec: &Spec,
    prices: &[ModelPricing],
    header: &str,
) -> Result<PriceTable, Diagnostic> {
    let aliases = super::catalog::Catalog::shipped_aliases(spec.pricing.catalogs.as_deref());
    table(header, prices.to_vec(), aliases)
}

/// Every price file of a spec whose models are priced as `prices`.
pub(crate) fn generate(
    spec: &Spec,
    prices: &[ModelPricing],
    header: &str,
) -> Result<Vec<GeneratedFile>, Diagnostic> {
    let table = price_table(spec, prices, header)?;
    let markdown = markdown(&table, &spec.service.name, header)
        .map_err(|message| Diagnostic::error(GENERATION_FAILED, message))?;
    Ok(vec![
        json_file(PRICES_JSON, &table)?,
        schema_file(
            PRICES_SCHEMA,
            schemars::schema_for!(PriceTable),
            Some("llm-slo price table"),
            "llm-slo generate",
        ),
        GeneratedFile::new(PRICES_CSV, csv(&table)),
        GeneratedFile::new(PRICES_MD, markdown),
        schema_file(
            CATALOG_SCHEMA,
            schemars::schema_for!(super::catalog::CatalogFile),
            Some("llm-slo price catalog"),
            "llm-slo generate",
        ),
    ])
}

/// The price sets of a period, named: `standard`, each service tier, and the standard
/// prices of each daily window (`standard 16:30–00:30 UTC`).
fn price_sets(period: &llm_slo_core::pricing::Period) -> Vec<(String, &Prices)> {
    std::iter::once(("standard".to_owned(), &period.prices))
        .chain(
            period
                .service_tiers
                .iter()
                .map(|(tier, prices)| (tier.clone(), prices)),
        )
        .chain(period.daily.iter().map(|window| {
            (
                format!("standard {}–{} UTC", window.from, window.until),
                &window.prices,
            )
        }))
        .collect()
}

/// One row per model, service tier, period, unit and step.
///
/// The header row comes first, as spreadsheets and CSV readers expect; where the file comes
/// from is said in `prices.md`, generated with it.
fn csv(table: &PriceTable) -> String {
    let mut out = String::from(
        "provider,model,aliases,service_tier,since,unit,above_input_tokens,usd,per,source,checked\n",
    );
    for model in &table.models {
        for period in &model.periods {
            for (tier, prices) in price_sets(period) {
                for (unit, rate) in prices {
                    let per = llm_slo_core::pricing::units::unit(unit).map_or(1_000_000, |u| u.per);
                    let steps: Vec<(String, Decimal)> = match rate {
                        Rate::Flat(d) => vec![(String::new(), *d)],
                        Rate::Tiered(t) => std::iter::once((String::new(), t.base))
                            .chain(
                                t.tiers
                                    .iter()
                                    .map(|s| (s.above_input_tokens.to_string(), s.price)),
                            )
                            .collect(),
                    };
                    for (above, price) in steps {
                        let fields = [
                            model.provider.as_str(),
                            &model.model,
                            &model.aliases.join(" "),
                            &tier,
                            period.since.as_deref().unwrap_or(""),
                            unit,
                            &above,
                            &price.normalize().to_string(),
                            &per.to_string(),
                            &model.source,
                            &model.checked,
                        ];
                        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                        out.push_str(&line.join(","));
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// RFC 4180 quoting, and a leading `'` against spreadsheet formula injection.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[derive(Serialize)]
struct Row {
    model: String,
    tier: String,
    since: String,
    input: String,
    output: String,
    cache_read: String,
    cache_write: String,
    cache_write_1h: String,
    other: String,
    source: String,
    checked: String,
}

#[derive(Serialize)]
struct ProviderRows {
    name: String,
    rows: Vec<Row>,
}

const COLUMNS: [&str; 5] = [
    "input",
    "output",
    "cache_read",
    "cache_write",
    "cache_write_1h",
];

fn markdown(table: &PriceTable, service: &str, header: &str) -> Result<String, String> {
    let mut providers: Vec<ProviderRows> = Vec::new();
    for model in &table.models {
        if providers
            .last()
            .is_none_or(|p| p.name != cell(&model.provider))
        {
            providers.push(ProviderRows {
                name: cell(&model.provider),
                rows: Vec::new(),
            });
        }
        let Some(provider) = providers.last_mut() else {
            continue;
        };
        for period in &model.periods {
            for (tier, prices) in price_sets(period) {
                let column =
                    |unit: &str| prices.get(unit).map_or_else(|| "—".to_owned(), rate_text);
                let other: Vec<String> = prices
                    .iter()
                    .filter(|(unit, _)| !COLUMNS.contains(&unit.as_str()))
                    .map(|(unit, rate)| format!("{unit} {}", rate_text(rate)))
                    .collect();
                provider.rows.push(Row {
                    model: cell(&model.model),
                    tier,
                    since: period.since.as_deref().map_or_else(|| "—".to_owned(), cell),
                    input: column("input"),
                    output: column("output"),
                    cache_read: column("cache_read"),
                    cache_write: column("cache_write"),
                    cache_write_1h: column("cache_write_1h"),
                    other: if other.is_empty() {
                        "—".to_owned()
                    } else {
                        cell(&other.join(", "))
                    },
                    source: source_link(&model.source),
                    checked: if model.checked.is_empty() {
                        "—".to_owned()
                    } else {
                        cell(&model.checked)
                    },
                });
            }
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
        .render(context! {
            header => header,
            service => cell(service),
            providers => minijinja::Value::from(minijinja::value::Serde(&providers)),
        })
        .map_err(|e| format!("{e:#}"))?;
    Ok(format!("{}\n", text.trim_end()))
}

/// `3.00`, or `3.00 (6.00 above 200k)` for a tiered rate.
fn rate_text(rate: &Rate) -> String {
    match rate {
        Rate::Flat(d) => money(*d),
        Rate::Tiered(t) => {
            let steps: Vec<String> = t
                .tiers
                .iter()
                .map(|s| {
                    format!(
                        "{} above {}",
                        money(s.price),
                        thousands(s.above_input_tokens)
                    )
                })
                .collect();
            format!("{} ({})", money(t.base), steps.join(", "))
        }
    }
}

fn source_link(source: &str) -> String {
    if source.starts_with("https://") {
        let host = source
            .trim_start_matches("https://")
            .split('/')
            .next()
            .unwrap_or(source);
        format!(
            "[{}]({})",
            cell(host),
            source.replace(')', "%29").replace(' ', "%20")
        )
    } else {
        cell(source)
    }
}

/// `3.00`, `0.075`.
fn money(amount: Decimal) -> String {
    let d = amount.normalize();
    if d.scale() < 2 {
        let mut padded = d;
        padded.rescale(2);
        padded.to_string()
    } else {
        d.to_string()
    }
}

fn thousands(n: u64) -> String {
    if n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
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
        assert_eq!(money(Decimal::new(3, 0)), "3.00");
        assert_eq!(money(Decimal::new(75, 3)), "0.075");
        assert_eq!(money(Decimal::new(300, 2)), "3.00");
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\n<c>"), "a\\|b &lt;c>");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("-1.5"), "-1.5");
    }
}
