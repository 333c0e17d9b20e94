//! Prometheus durations (`30s`, `5m`, `1h30m`, `28d`), as the spec, rule files and the
//! command line write them.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

/// A Prometheus duration (`30s`, `5m`, `1h30m`, `28d`, `1w`), held in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(u64);

const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 24 * 3_600_000),
    ("w", 7 * 24 * 3_600_000),
    ("d", 24 * 3_600_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

impl Duration {
    /// A duration of milliseconds.
    pub(crate) const fn from_millis(millis: u64) -> Duration {
        Duration(millis)
    }

    /// A duration of whole seconds.
    pub const fn from_secs(secs: u64) -> Duration {
        Duration(secs * 1000)
    }

    /// A duration of whole minutes.
    pub const fn from_mins(mins: u64) -> Duration {
        Duration(mins * 60_000)
    }

    /// A duration of whole hours.
    pub const fn from_hours(hours: u64) -> Duration {
        Duration(hours * 3_600_000)
    }

    /// A duration of whole days.
    pub const fn from_days(days: u64) -> Duration {
        Duration(days * 24 * 3_600_000)
    }

    /// Milliseconds.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// Seconds, as a float.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Whether the duration is zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The duration multiplied, saturating.
    pub fn times(self, factor: u64) -> Duration {
        Duration(self.0.saturating_mul(factor))
    }
}

/// Why a duration does not parse.
#[derive(Debug, PartialEq, Eq)]
pub struct DurationError(String);

impl std::error::Error for DurationError {}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Duration {
    type Err = DurationError;

    /// Parses Prometheus duration syntax: unit terms from largest to smallest, each once.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            DurationError(format!(
                "invalid duration `{text}`: expected a Prometheus duration such as `30s`, `5m`, `1h30m` or `28d` (units ms, s, m, h, d, w, y)"
            ))
        };
        if text.is_empty() {
            return Err(invalid());
        }
        let mut rest = text;
        let mut total: u64 = 0;
        let mut last_unit = 0usize;
        while !rest.is_empty() {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits == 0 {
                return Err(invalid());
            }
            let number: u64 = rest[..digits].parse().map_err(|_| invalid())?;
            rest = &rest[digits..];
            // `ms` must be tried before `m`.
            let (index, (unit, millis)) = UNITS
                .iter()
                .enumerate()
                .filter(|(_, (unit, _))| rest.starts_with(unit))
                .max_by_key(|(_, (unit, _))| unit.len())
                .ok_or_else(invalid)?;
            if index < last_unit || (total > 0 && index == last_unit) {
                return Err(invalid());
            }
            last_unit = index;
            rest = &rest[unit.len()..];
            total = number
                .checked_mul(*millis)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(invalid)?;
        }
        Ok(Duration(total))
    }
}

impl fmt::Display for Duration {
    /// Formats as Prometheus does: `1h30m`, `5m`, `0s`; years and weeks only when exact, so
    /// 90 days is `90d`, not `12w6d`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.0;
        for (unit, millis) in UNITS {
            let exact_only = matches!(unit, "y" | "w");
            if rest >= millis && (!exact_only || rest.is_multiple_of(millis)) {
                write!(f, "{}{unit}", rest / millis)?;
                rest %= millis;
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 2,
            "pattern": "^([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$",
            "description": "A Prometheus duration: `30s`, `5m`, `1h30m`, `28d`.",
            "examples": ["30s", "5m", "1h", "30d"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip() {
        for (text, millis) in [
            ("30s", 30_000),
            ("5m", 300_000),
            ("1h30m", 5_400_000),
            ("30d", 2_592_000_000),
            ("1w", 604_800_000),
            ("250ms", 250),
            ("1m30s500ms", 90_500),
        ] {
            let d: Duration = text.parse().unwrap();
            assert_eq!(d.as_millis(), millis, "{text}");
            assert_eq!(d.to_string(), text);
        }
        assert_eq!("28d".parse::<Duration>().unwrap().to_string(), "4w");
        assert_eq!("90d".parse::<Duration>().unwrap().to_string(), "90d");
    }

    #[test]
    fn bad_durations_are_rejected() {
        for text in [
            "",
            "5",
            "m",
            "5x",
            "1m1h",
            "5m5m",
            "1.5h",
            "-5m",
            "30 days",
            "99999999999999999999y",
        ] {
            assert!(text.parse::<Duration>().is_err(), "{text}");
        }
    }
}
