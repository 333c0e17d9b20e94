//! Amounts of money: exact decimals, never floats.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

/// An exact decimal amount of US dollars, written as a number or a string (`3`, `0.30`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Usd(pub Decimal);

impl<'de> Deserialize<'de> for Usd {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read the text as written so `0.1` stays exactly 0.1.
        let text = Cow::<str>::deserialize(deserializer)?;
        Decimal::from_str(text.trim())
            .or_else(|_| Decimal::from_scientific(text.trim()))
            .map(Usd)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "invalid amount `{text}`: expected a decimal number of US dollars such as `3` or `0.30`"
                ))
            })
    }
}

impl JsonSchema for Usd {
    fn schema_name() -> Cow<'static, str> {
        "Usd".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "pattern": "^[0-9]+(\\.[0-9]+)?$",
            "description": "US dollars, kept as an exact decimal."
        })
    }
}
