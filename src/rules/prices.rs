//! Price series: the price per token of every spec model by token type, as recording rules,
//! and an estimate of spend computed from the token counters and those prices.
//!
//! The estimate exists for applications instrumented by something other than
//! `llm-slo-otel` (which counts the exact cost): it prices every token at the model's base
//! rate in the newest price period, so it cannot see long-context tiers (a cliff per request,
//! invisible in a counter), service tiers or price changes over time. Under `genai-v1.41`
//! it also cannot see cache reads and writes, which the token histogram counts as input.

use std::collections::BTreeMap;

use llm_slo_core::contract::{InstrumentKind, Signal, TOKEN_TYPE};
use llm_slo_core::pricing::engine::Usage;
use llm_slo_core::pricing::{ModelPricing, Prices};
use rust_decimal::Decimal;

use super::model::{Rule, RuleKind};
use crate::promql::build::{self, Matcher};
use crate::queries::Queries;

pub(crate) use crate::queries::names::TOKEN_PRICE;

/// A token type of the price series: its label value, the usage that prices exactly one
/// token of it, and (for a subset) the type it is part of.
struct TokenType {
    name: &'static str,
    usage: &'static [&'static str],
    parent: Option<&'static str>,
    signal: Signal,
}

const V1_TYPES: &[TokenType] = &[
    TokenType {
        name: "input",
        usage: &["input_tokens"],
        parent: None,
        signal: Signal::TokenUsage,
    },
    TokenType {
        name: "output",
        usage: &["output_tokens"],
        parent: None,
        signal: Signal::TokenUsage,
    },
];

const LATEST_TYPES: &[TokenType] = &[
    TokenType {
        name: "input",
        usage: &["input_tokens"],
        parent: None,
        signal: Signal::InputTokens,
    },
    TokenType {
        name: "output",
        usage: &["output_tokens"],
        parent: None,
        signal: Signal::OutputTokens,
    },
    TokenType {
        name: "cache_read",
        usage: &["input_tokens", "cache_read_tokens"],
        parent: Some("input"),
        signal: Signal::CacheReadInputTokens,
    },
    TokenType {
        name: "cache_write",
        usage: &["input_tokens", "cache_write_tokens"],
        parent: Some("input"),
        signal: Signal::CacheWriteInputTokens,
    },
    TokenType {
        name: "reasoning",
        usage: &["output_tokens", "output_reasoning_tokens"],
        parent: Some("output"),
        signal: Signal::ReasoningOutputTokens,
    },
];

/// How many token types the spec's telemetry profile counts.
pub(super) fn token_type_count(q: &Queries) -> usize {
    token_types(q).len()
}

/// The token types the spec's telemetry profile counts.
fn token_types(q: &Queries) -> &'static [TokenType] {
    if q.metric(Signal::TokenUsage).is_some() {
        V1_TYPES
    } else {
        LATEST_TYPES
    }
}

/// The price of one token of a type under a model's base prices: the engine prices a usage
/// of exactly one token, so an unpriced subset falls back to its parent as it does for real
/// calls. `None` when the engine cannot price it.
fn token_price(prices: &Prices, usage: &[&str]) -> Option<Decimal> {
    let mut one = Usage::new();
    for key in usage {
        one.set(key, 1);
    }
    llm_slo_core::pricing::engine::price(prices, &one)
        .ok()
        .map(|cost| cost.total.normalize())
}

/// The recording rules that publish the price per token of each model, newest period,
/// standard service tier, below any long-context tier.
pub(crate) fn price_rules(q: &Queries, models: &[ModelPricing]) -> Vec<Rule> {
    let provider_label = q.label("provider");
    let model_label = q.label("model");
    let type_label = q.contract.label(TOKEN_TYPE);
    let mut rules = Vec::new();
    for model in models {
        // Each period's prices hold from its start to the next one's. One rule per model
        // and token type joins the periods with `or`, each guarded by `time()`, so a price
        // cut (or a rise announced for next year) takes effect when it does, and the rules
        // stay the same file on every run.
        let starts: Vec<Option<i64>> = model
            .periods
            .iter()
            .map(|p| {
                p.since
                    .as_deref()
                    .and_then(|s| llm_slo_core::pricing::time::Instant::parse(s).ok())
                    .map(|i| i.0)
            })
            .collect();
        for token_type in token_types(q) {
            let mut parts = Vec::new();
            for (i, period) in model.periods.iter().enumerate() {
                let Some(price) = token_price(&period.prices, token_type.usage) else {
                    continue;
                };
                let mut part = format!("vector({})", decimal_literal(price));
                if let Some(from) = starts[i] {
                    part.push_str(&format!(" and on () vector(time()) >= {from}"));
                }
                if let Some(Some(until)) = starts.get(i + 1) {
                    part.push_str(&format!(" and on () vector(time()) < {until}"));
                }
                parts.push(part);
            }
            let expr = match parts.as_slice() {
                [] => continue,
                [only] => only.clone(),
                many => many
                    .iter()
                    .map(|p| format!("({p})"))
                    .collect::<Vec<_>>()
                    .join("\nor\n"),
            };
            let labels = BTreeMap::from([
                (provider_label.clone(), model.provider.clone()),
                (model_label.clone(), model.model.clone()),
                (type_label.clone(), token_type.name.to_owned()),
            ]);
            rules.push(Rule {
                kind: RuleKind::Record(TOKEN_PRICE.to_owned()),
                expr,
                for_: None,
                labels,
                annotations: BTreeMap::new(),
            });
        }
    }
    rules
}

/// A decimal as a PromQL number: plain notation, never an exponent, so the literal is exact.
fn decimal_literal(value: Decimal) -> String {
    let text = value.to_string();
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// The recording rule that estimates spend per second from the token counters and the price
/// series, by the recording labels.
pub(crate) fn cost_estimate_rule(q: &Queries, matchers: &[Matcher], by: &[String]) -> Option<Rule> {
    let window = q.window();
    let on = build::label_list(&[q.label("provider"), q.label("model")]);
    let type_label = q.contract.label(TOKEN_TYPE);
    let price =
        |token_type: &str| q.recorded(TOKEN_PRICE, &[Matcher::eq(type_label.clone(), token_type)]);
    let expr = if let Some(usage) = q.metric(Signal::TokenUsage) {
        let sum_rate = if usage.is_native_histogram() {
            format!(
                "histogram_sum(rate({}[{window}]))",
                build::selector(&usage.bucket(), matchers)
            )
        } else {
            format!(
                "rate({}[{window}])",
                build::selector(&usage.sum(), matchers)
            )
        };
        format!(
            "{} (\n  {sum_rate}\n  * on ({on}, {typ}) group_left ()\n  {}\n)",
            sum_by(by),
            q.recorded(TOKEN_PRICE, &[]),
            typ = build::label(&type_label),
        )
    } else {
        let sum = sum_by(by);
        let term = |token_type: &TokenType| -> Option<String> {
            let metric = q.metric(token_type.signal)?;
            if metric.kind != InstrumentKind::Counter {
                return None;
            }
            let rate = format!(
                "rate({}[{window}])",
                build::selector(&metric.total(), matchers)
            );
            // A subset is already counted in its parent at the parent's price: add the
            // difference between its own price and its parent's.
            let price = match token_type.parent {
                None => price(token_type.name),
                Some(parent) => {
                    format!("({} - on ({on}) {})", price(token_type.name), price(parent))
                }
            };
            Some(format!(
                "{sum} (\n  {rate}\n  * on ({on}) group_left ()\n  {price}\n)"
            ))
        };
        let types = token_types(q);
        let input = types.iter().find(|t| t.name == "input").and_then(term)?;
        let mut parts = vec![input.clone()];
        for token_type in types.iter().filter(|t| t.name != "input") {
            let Some(part) = term(token_type) else {
                continue;
            };
            if token_type.parent.is_some() {
                // Models and series without cache or reasoning usage still get an estimate.
                let either = format!("{part}\nor\n{input} * 0");
                parts.push(format!("(\n{}\n)", indent(&either)));
            } else {
                parts.push(part);
            }
        }
        parts.join("\n+\n")
    };
    Some(Rule {
        kind: RuleKind::Record(crate::queries::names::cost_estimate(&window.to_string())),
        expr,
        for_: None,
        labels: BTreeMap::new(),
        annotations: BTreeMap::new(),
    })
}

/// `sum by (labels)`, or `sum` without labels.
fn sum_by(by: &[String]) -> String {
    if by.is_empty() {
        "sum".to_owned()
    } else {
        format!("sum by ({})", build::label_list(by))
    }
}

/// Every line indented by two spaces.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_without_exponents() {
        assert_eq!(decimal_literal(Decimal::new(3, 6)), "0.000003");
        assert_eq!(decimal_literal(Decimal::new(2, 0)), "2.0");
        assert_eq!(decimal_literal(Decimal::new(125, 9)), "0.000000125");
    }

    #[test]
    fn each_period_holds_from_its_start_to_the_next() {
        use llm_slo_core::pricing::{ModelPricing, Period, Rate};
        let period = |since: Option<&str>, input: i64| Period {
            since: since.map(str::to_owned),
            prices: [
                ("input".to_owned(), Rate::Flat(Decimal::new(input, 0))),
                ("output".to_owned(), Rate::Flat(Decimal::new(8, 0))),
            ]
            .into(),
            ..Period::default()
        };
        let model = ModelPricing {
            provider: "openai".to_owned(),
            model: "o3".to_owned(),
            aliases: vec![],
            periods: vec![
                period(None, 10),
                period(Some("2025-06-10"), 2),
                period(Some("2027-01-01"), 3),
            ],
            source: String::new(),
            checked: String::new(),
            retires: None,
        };
        let loaded = crate::load::LoadedSpec::from_text(
            "spec.yaml",
            "version: 1\nservice: { name: s }\npricing: { models: [{ provider: openai, model: o3 }] }\n",
        )
        .expect("a spec");
        let q = loaded.spec.queries();
        let rules = price_rules(&q, &[model]);
        let input = rules
            .iter()
            .find(|r| r.labels.values().any(|v| v == "input"))
            .expect("an input price rule");
        assert_eq!(
            input.expr,
            "(vector(0.00001) and on () vector(time()) < 1749513600)\n\
             or\n\
             (vector(0.000002) and on () vector(time()) >= 1749513600 and on () vector(time()) < 1798761600)\n\
             or\n\
             (vector(0.000003) and on () vector(time()) >= 1798761600)"
        );
        assert!(crate::promql::parse(&input.expr).is_ok());
    }
}
