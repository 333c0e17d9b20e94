//! Pricing calls: which table to use, one call from flags or JSON, results as text or JSON.

use std::fmt::Write;

use llm_slo_core::pricing::time::Instant;
use llm_slo_core::pricing::{Cost, ModelIndex, ModelPricing, PriceError, Usage};
use serde_json::{Map, Value};

/// One call to price.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Call {
    /// Provider id or alias.
    pub provider: String,
    /// Model id, alias or dated snapshot.
    pub model: String,
    /// Usage by unit.
    pub usage: Usage,
    /// When the call was made (`YYYY-MM-DD` or RFC 3339); now's prices when absent.
    pub at: Option<String>,
    /// `standard`, `batch`, `flex`, `priority`.
    pub service_tier: Option<String>,
}

/// Why a call cannot be priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CallError {
    /// No model of the table is from this provider.
    UnknownProvider {
        /// The provider asked for.
        provider: String,
        /// The closest known providers.
        closest: Vec<String>,
    },
    /// The provider has no such model.
    UnknownModel {
        /// The provider.
        provider: String,
        /// The model asked for.
        model: String,
        /// The closest known models.
        closest: Vec<String>,
    },
    /// The engine refused the usage.
    Price(PriceError),
    /// The call itself is malformed (a JSON line, a date).
    Invalid(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::UnknownProvider { provider, closest } => {
                write!(f, "no prices for provider `{provider}`")?;
                if let Some(hint) = crate::base::suggest::did_you_mean(closest) {
                    write!(f, "; {hint}")?;
                }
                Ok(())
            }
            CallError::UnknownModel {
                provider,
                model,
                closest,
            } => {
                write!(f, "no prices for model `{model}` of `{provider}`")?;
                if let Some(hint) = crate::base::suggest::did_you_mean(closest) {
                    write!(f, "; {hint}")?;
                }
                Ok(())
            }
            CallError::Price(error) => write!(f, "{error}"),
            CallError::Invalid(message) => f.write_str(message),
        }
    }
}

/// Prices a call.
pub(crate) fn price<'t>(
    index: &ModelIndex<'t>,
    call: &Call,
) -> Result<(&'t ModelPricing, Cost), CallError> {
    let table = index.table();
    let Some(model) = index.find(&call.provider, &call.model) else {
        if !table.has_provider(&call.provider) {
            let mut providers: Vec<&str> =
                table.models.iter().map(|m| m.provider.as_str()).collect();
            providers.dedup();
            return Err(CallError::UnknownProvider {
                provider: call.provider.clone(),
                closest: crate::base::suggest::closest(&call.provider, providers),
            });
        }
        let provider = table.provider_id(&call.provider);
        let ids = table
            .models
            .iter()
            .filter(|m| m.provider == provider)
            .map(|m| m.model.as_str());
        return Err(CallError::UnknownModel {
            provider: call.provider.clone(),
            model: call.model.clone(),
            closest: crate::base::suggest::closest(&call.model, ids),
        });
    };
    let at = match &call.at {
        Some(text) => Some(Instant::parse(text).map_err(|e| CallError::Invalid(e.to_string()))?),
        None => None,
    };
    let cost = index
        .cost(model, &call.usage, at, call.service_tier.as_deref())
        .map_err(CallError::Price)?;
    Ok((model, cost))
}

/// Reads a call from a JSON object: `provider`, `model`, `at`, `service_tier`, and usage
/// keys (`input_tokens` total with cache, `output_tokens` total with reasoning,
/// `cache_read_tokens`, `cache_write_tokens`, `cache_write_1h_tokens`, `reasoning_tokens`,
/// or any unit's `<unit>_tokens`).
pub(crate) fn call_from_json(line: &str) -> Result<Call, CallError> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| CallError::Invalid(format!("not JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(CallError::Invalid("expected a JSON object".to_owned()));
    };
    call_from_map(&object)
}

fn call_from_map(object: &Map<String, Value>) -> Result<Call, CallError> {
    let text = |key: &str| -> Result<Option<String>, CallError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(CallError::Invalid(format!(
                "`{key}` must be a string, found {other}"
            ))),
        }
    };
    let mut call = Call {
        provider: text("provider")?
            .ok_or_else(|| CallError::Invalid("missing `provider`".to_owned()))?,
        model: text("model")?.ok_or_else(|| CallError::Invalid("missing `model`".to_owned()))?,
        at: text("at")?,
        service_tier: text("service_tier")?,
        usage: Usage::new(),
    };
    for (key, value) in object {
        if matches!(key.as_str(), "provider" | "model" | "at" | "service_tier") {
            continue;
        }
        let Some(count) = value.as_u64() else {
            return Err(CallError::Invalid(format!(
                "`{key}` must be a whole number of tokens, found {value}"
            )));
        };
        let unit =
            usage_unit(key).ok_or_else(|| CallError::Invalid(format!("unknown key `{key}`")))?;
        call.usage.set(unit, count);
    }
    Ok(call)
}

/// The unit a usage key or flag counts: `reasoning_tokens` is `output_reasoning`.
pub(crate) fn usage_unit(key: &str) -> Option<&'static str> {
    let name = key.strip_suffix("_tokens").unwrap_or(key);
    let name = if name == "reasoning" {
        "output_reasoning"
    } else {
        name
    };
    llm_slo_core::pricing::units::unit(name).map(|u| u.name.as_str())
}

/// How many units a unit's price is quoted for.
fn per(unit: &str) -> u64 {
    llm_slo_core::pricing::units::unit(unit).map_or(1_000_000, |u| u.per)
}

/// Writes a priced call as one line of JSON (with its newline): `total_usd` and each
/// component's `usd` as exact decimal strings, keys sorted (the fields are declared in
/// order).
pub(crate) fn write_cost_json(
    out: &mut impl std::io::Write,
    model: &ModelPricing,
    cost: &Cost,
) -> std::io::Result<()> {
    // Typed, not a `serde_json::Value`: `price --batch` writes one per call.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        components: Vec<Part<'a>>,
        model: &'a str,
        provider: &'a str,
        service_tier: &'a str,
        since: Option<&'a str>,
        total_usd: String,
    }
    #[derive(serde::Serialize)]
    struct Part<'a> {
        count: u64,
        unit: &'a str,
        usd: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        usd_per_million: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        usd_per_thousand: Option<String>,
    }
    let line = Line {
        components: cost
            .components
            .iter()
            .map(|c| {
                let rate = Some(c.rate.normalize().to_string());
                // Tokens are priced per million, requests and searches per thousand.
                let per_thousand = per(c.unit) == 1000;
                Part {
                    count: c.count,
                    unit: c.unit,
                    usd: c.cost.normalize().to_string(),
                    usd_per_million: if per_thousand { None } else { rate.clone() },
                    usd_per_thousand: if per_thousand { rate } else { None },
                }
            })
            .collect(),
        model: &model.model,
        provider: &model.provider,
        service_tier: &cost.service_tier,
        since: cost.since.as_deref(),
        total_usd: cost.total.normalize().to_string(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// A priced call as text.
pub(crate) fn cost_text(model: &ModelPricing, cost: &Cost) -> String {
    let mut out = format!(
        "{}/{} ({}{}): ${}\n",
        model.provider,
        model.model,
        cost.service_tier,
        cost.since
            .as_deref()
            .map(|s| format!(", prices since {s}"))
            .unwrap_or_default(),
        cost.total.normalize()
    );
    for c in &cost.components {
        let _ = writeln!(
            out,
            "  {:<16} {:>12} × ${}/{} = ${}",
            c.unit,
            c.count,
            c.rate.normalize(),
            if per(c.unit) == 1000 { "K" } else { "M" },
            c.cost.normalize()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_read_every_usage_key() {
        let call = call_from_json(r#"{"provider":"anthropic","model":"m","input_tokens":10,"reasoning_tokens":2,"input_audio_tokens":3}"#).unwrap();
        assert_eq!(call.usage.get("output_reasoning"), 2);
        assert_eq!(call.usage.get("input_audio"), 3);
        assert!(matches!(
            call_from_json(r#"{"provider":"a","model":"m","bogus":1}"#),
            Err(CallError::Invalid(_))
        ));
        assert!(matches!(
            call_from_json(r#"{"provider":"a","model":"m","input_tokens":-1}"#),
            Err(CallError::Invalid(_))
        ));
        assert!(matches!(call_from_json("[1]"), Err(CallError::Invalid(_))));
    }
}
