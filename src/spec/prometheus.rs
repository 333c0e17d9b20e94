//! `prometheus`: the Prometheus release the rules run on and the feature flags it runs with.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

use crate::promql::{Dialect, Feature, Features};

/// The Prometheus that loads the rules: generated rules, custom alerts and event SLIs are
/// checked against it, and `validate` uses it when no `--target` is given.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prometheus {
    /// The release: `prometheus-3` (the newest 3.x, the default), `prometheus-3.0` …
    /// `prometheus-3.14`, or `prometheus-2` (2.42).
    #[serde(default)]
    pub target: Dialect,
    /// The feature flags the server runs with (its `--enable-feature`), by Prometheus's
    /// names, e.g. `promql-experimental-functions`.
    #[serde(default)]
    pub enable_features: Vec<Feature>,
}

impl Prometheus {
    /// The enabled flags as a set.
    pub fn features(&self) -> Features {
        self.enable_features
            .iter()
            .fold(Features::NONE, |set, feature| set.with(*feature))
    }
}

impl<'de> Deserialize<'de> for Dialect {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Dialect::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Dialect {
    fn schema_name() -> Cow<'static, str> {
        "PrometheusTarget".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut names = vec!["prometheus-3".to_owned()];
        names.extend(Dialect::known().map(|d| d.to_string()));
        json_schema!({
            "type": "string",
            "enum": names,
            "description": "A Prometheus release: `prometheus-2` (2.42), `prometheus-3` (the newest 3.x) or `prometheus-3.N`."
        })
    }
}

impl<'de> Deserialize<'de> for Feature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Feature::from_name(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Feature {
    fn schema_name() -> Cow<'static, str> {
        "PrometheusFeature".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
        json_schema!({
            "type": "string",
            "enum": names,
            "description": "A Prometheus feature flag that changes what PromQL parses (`--enable-feature`)."
        })
    }
}
