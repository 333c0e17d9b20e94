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

/// The recording rules that publish the price per token of each model that has token
/// series, by token type (standard service tier, below any long-context tier), each price
/// period from its start to the next one's.
///
/// The models of one provider with the same prices share one rule per token type: its
/// series take their `provider` and `model` labels from the token series that exist
/// (`group by (provider, model) (present_over_time(tokens{model=~"a|b"}[window]))`, times
/// the price). So the rules grow with the distinct prices, not with the models (a thousand
/// self-hosted models at one price are one rule per token type), and a model's price series
/// exists while its tokens are counted, which is when the spend estimate reads it.
pub(crate) fn price_rules(q: &Queries, models: &[ModelPricing], matchers: &[Matcher]) -> Vec<Rule> {
    let provider_label = q.label("provider");
    let model_label = q.label("model");
    let type_label = q.contract.label(TOKEN_TYPE);
    let window = q.window();
    let by_model = build::label_list(&[provider_label.clone(), model_label.clone()]);
    let mut rules = Vec::new();
    for token_type in token_types(q) {
        let Some(metric) = q.metric(token_type.signal) else {
            continue;
        };
        // Provider → the models' periods as (price, from, until) → its models.
        let mut providers: BTreeMap<&str, BTreeMap<Vec<PricePart>, Vec<&str>>> = BTreeMap::new();
        for model in models {
            let parts = price_parts(model, token_type);
            if parts.is_empty() {
                continue;
            }
            providers
                .entry(model.provider.as_str())
                .or_default()
                .entry(parts)
                .or_default()
                .push(model.model.as_str());
        }
        let series = match metric.kind {
            InstrumentKind::Counter => metric.total(),
            _ if metric.is_native_histogram() => metric.family.clone(),
            // The series the estimate reads.
            _ => metric.sum(),
        };
        for (provider, groups) in providers {
            // One rule per provider and token type: each group of models with the same
            // prices is a term, each of its periods guarded by `time()`.
            let mut terms = Vec::new();
            for (parts, names) in groups {
                let mut selected = matchers.to_vec();
                selected.push(Matcher::eq(provider_label.clone(), provider));
                selected.push(match names.as_slice() {
                    [one] => Matcher::eq(model_label.clone(), *one),
                    many => Matcher {
                        label: model_label.clone(),
                        op: "=~",
                        value: many
                            .iter()
                            .map(|name| build::regex_literal(name))
                            .collect::<Vec<_>>()
                            .join("|"),
                    },
                });
                if q.metric(Signal::TokenUsage).is_some() {
                    selected.push(Matcher::eq(type_label.clone(), token_type.name));
                }
                let present = format!(
                    "group by ({by_model}) (present_over_time({}[{window}]))",
                    build::selector(&series, &selected)
                );
                for part in parts {
                    let mut term = format!("{} * {present}", part.price);
                    if let Some(from) = part.from {
                        term.push_str(&format!(" and on () vector(time()) >= {from}"));
                    }
                    if let Some(until) = part.until {
                        term.push_str(&format!(" and on () vector(time()) < {until}"));
                    }
                    terms.push(term);
                }
            }
            let expr = match terms.as_slice() {
                [only] => only.clone(),
                many => many
                    .iter()
                    .map(|t| format!("({t})"))
                    .collect::<Vec<_>>()
                    .join("\nor\n"),
            };
            rules.push(Rule {
                kind: RuleKind::Record(TOKEN_PRICE.to_owned()),
                expr,
                for_: None,
                labels: BTreeMap::from([
                    (provider_label.clone(), provider.to_owned()),
                    (type_label.clone(), token_type.name.to_owned()),
                ]),
                annotations: BTreeMap::new(),
            });
        }
    }
    rules
}

/// One price period of a model for a token type: the price per token as a PromQL literal,
/// and the Unix seconds it holds from and until.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct PricePart {
    price: String,
    from: Option<i64>,
    until: Option<i64>,
}

/// A model's price periods for a token type; empty when the engine prices none of them.
fn price_parts(model: &ModelPricing, token_type: &TokenType) -> Vec<PricePart> {
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
    let mut parts: Vec<PricePart> = Vec::new();
    for (i, period) in model.periods.iter().enumerate() {
        let Some(price) = token_price(&period.prices, token_type.usage) else {
            continue;
        };
        let part = PricePart {
            price: decimal_literal(price),
            from: starts[i],
            until: starts.get(i + 1).copied().flatten(),
        };
        // A new period that keeps this type's price (another unit changed) continues it.
        match parts.last_mut() {
            Some(last) if last.price == part.price && last.until == part.from => {
                last.until = part.until;
            }
            _ => parts.push(part),
        }
    }
    parts
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
    fn models_at_the_same_prices_share_one_term() {
        use llm_slo_core::pricing::{ModelPricing, Period, Rate};
        let model = |name: &str| ModelPricing {
            provider: "self-hosted".to_owned(),
            model: name.to_owned(),
            aliases: vec![],
            periods: vec![Period {
                prices: [
                    ("input".to_owned(), Rate::Flat(Decimal::new(1, 0))),
                    ("output".to_owned(), Rate::Flat(Decimal::new(2, 0))),
                ]
                .into(),
                ..Period::default()
            }],
            source: String::new(),
            checked: String::new(),
            retires: None,
        };
        let models: Vec<ModelPricing> = (0..1000)
            .map(|i| model(&format!("m{i}")))
            .chain([model("llama-3.1")])
            .collect();
        let loaded = crate::load::LoadedSpec::from_text(
            "spec.yaml",
            "version: 1\nservice: { name: s }\npricing: { models: [{ provider: openai, model: o3 }] }\n",
        )
        .expect("a spec");
        let rules = price_rules(&loaded.spec.queries(), &models, &[]);
        // One rule per token type, one term each; model names are regex-escaped.
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].expr.matches(" * group by").count(), 1);
        assert!(
            rules[0].expr.contains(r#"=~"m0|m1|m2|"#),
            "{}",
            rules[0].expr
        );
        assert!(
            rules[0].expr.contains(r#"|m999|llama-3\\.1""#),
            "{}",
            rules[0].expr
        );
        assert!(crate::promql::parse(&rules[0].expr).is_ok());
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
        let rules = price_rules(&q, &[model], &[]);
        let input = rules
            .iter()
            .find(|r| r.labels.values().any(|v| v == "input"))
            .expect("an input price rule");
        let present = "group by (gen_ai_provider_name, gen_ai_request_model) (present_over_time(gen_ai_client_token_usage_sum{gen_ai_provider_name=\"openai\", gen_ai_request_model=\"o3\", gen_ai_token_type=\"input\"}[5m]))";
        assert_eq!(
            input.expr,
            format!(
                "(0.00001 * {present} and on () vector(time()) < 1749513600)\n\
                 or\n\
                 (0.000002 * {present} and on () vector(time()) >= 1749513600 and on () vector(time()) < 1798761600)\n\
                 or\n\
                 (0.000003 * {present} and on () vector(time()) >= 1798761600)"
            )
        );
        // The output price did not change: one term.
        let output = rules
            .iter()
            .find(|r| r.labels.values().any(|v| v == "output"))
            .expect("an output price rule");
        assert_eq!(
            output.expr,
            present
                .replace("input", "output")
                .replace("group by", "0.000008 * group by")
        );
        assert!(crate::promql::parse(&input.expr).is_ok());
    }
}
