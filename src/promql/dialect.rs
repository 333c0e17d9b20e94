//! Prometheus releases and feature flags: the two things that decide what PromQL a server
//! accepts. What each release and flag brings is in [`super::releases`].

use std::fmt;

/// The Prometheus release the expressions must run on (`--target`): 2.42
/// (`prometheus-2`, what promtool 2.42 parses), or a 3.x release from 3.0 to the newest
/// known one (`prometheus-3`, the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dialect {
    major: u8,
    minor: u8,
}

impl Default for Dialect {
    fn default() -> Dialect {
        Dialect::PROMETHEUS_3
    }
}

/// The newest Prometheus 3 minor release whose syntax is known.
const NEWEST_3: u8 = 14;

impl Dialect {
    /// Prometheus 2.42 (`prometheus-2`): no quoted UTF-8 names, no number durations,
    /// `holt_winters`.
    pub const PROMETHEUS_2: Dialect = Dialect::release(2, 42);
    /// The newest known Prometheus 3 release (`prometheus-3`).
    pub const PROMETHEUS_3: Dialect = Dialect::release(3, NEWEST_3);

    pub(crate) const fn release(major: u8, minor: u8) -> Dialect {
        Dialect { major, minor }
    }

    /// Every release that can be a target, oldest first: 2.42, then 3.0 to the newest.
    pub fn known() -> impl Iterator<Item = Dialect> {
        std::iter::once(Dialect::PROMETHEUS_2)
            .chain((0..=NEWEST_3).map(|minor| Dialect::release(3, minor)))
    }

    /// A target by name: `prometheus-2` (2.42), `prometheus-3` (the newest 3.x),
    /// `prometheus-3.N`, or `prometheus-2.42`. An unknown name is an error that lists the
    /// known ones.
    ///
    /// ```
    /// use llm_slo::Dialect;
    ///
    /// assert_eq!(Dialect::parse("prometheus-3"), Ok(Dialect::PROMETHEUS_3));
    /// assert_eq!(Dialect::parse("prometheus-3.8").map(|d| d.to_string()), Ok("prometheus-3.8".into()));
    /// assert!(Dialect::parse("prometheus-3.99").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Dialect, String> {
        let found = match name {
            "prometheus-2" => Some(Dialect::PROMETHEUS_2),
            "prometheus-3" => Some(Dialect::PROMETHEUS_3),
            _ => Dialect::known().find(|d| d.to_string() == name),
        };
        found.ok_or_else(|| {
            format!(
                "unknown target {name:?}; the targets are prometheus-2 (2.42), prometheus-3 \
                 (3.{NEWEST_3}) and prometheus-3.0 … prometheus-3.{NEWEST_3}"
            )
        })
    }

    /// The major version (2 or 3).
    pub fn major(self) -> u8 {
        self.major
    }

    /// The minor version.
    pub fn minor(self) -> u8 {
        self.minor
    }

    /// Whether this is Prometheus 2 (2.42).
    pub fn is_prometheus_2(self) -> bool {
        self.major < 3
    }

    /// Quoted metric and label names: `{"gen_ai.client.cost_total"}`, `by ("a.b")`.
    pub fn has_utf8_names(self) -> bool {
        !self.is_prometheus_2()
    }

    /// Numbers as durations (`foo[300]`, `offset 60`), seconds; digit separators.
    pub fn has_number_durations(self) -> bool {
        !self.is_prometheus_2()
    }

    /// `limitk` and `limit_ratio` (experimental).
    pub fn has_limit_aggregations(self) -> bool {
        !self.is_prometheus_2()
    }

    /// The human name, for messages: "Prometheus 3.14".
    pub fn name(self) -> String {
        format!("Prometheus {}.{}", self.major, self.minor)
    }
}

impl fmt::Display for Dialect {
    /// The target's name: `prometheus-2` for 2.42, `prometheus-3.N` for a 3.x release.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_prometheus_2() {
            f.write_str("prometheus-2")
        } else {
            write!(f, "prometheus-{}.{}", self.major, self.minor)
        }
    }
}

/// A Prometheus feature flag that changes what PromQL parses (`--enable-feature=…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Feature {
    /// `promql-binop-fill-modifiers`: `fill()`, `fill_left()`, `fill_right()`.
    BinopFillModifiers,
    /// `promql-delayed-name-removal`: changes evaluation only.
    DelayedNameRemoval,
    /// `promql-duration-expr`: arithmetic and `step()` in durations (always on from 3.14).
    DurationExpr,
    /// `promql-experimental-functions`: experimental functions and `limitk`/`limit_ratio`.
    ExperimentalFunctions,
    /// `promql-extended-range-selectors`: `anchored` and `smoothed`.
    ExtendedRangeSelectors,
}

impl Feature {
    /// Every flag, sorted by name.
    pub const ALL: [Feature; 5] = [
        Feature::BinopFillModifiers,
        Feature::DelayedNameRemoval,
        Feature::DurationExpr,
        Feature::ExperimentalFunctions,
        Feature::ExtendedRangeSelectors,
    ];

    /// Prometheus's name for the flag.
    pub fn name(self) -> &'static str {
        match self {
            Feature::BinopFillModifiers => "promql-binop-fill-modifiers",
            Feature::DelayedNameRemoval => "promql-delayed-name-removal",
            Feature::DurationExpr => "promql-duration-expr",
            Feature::ExperimentalFunctions => "promql-experimental-functions",
            Feature::ExtendedRangeSelectors => "promql-extended-range-selectors",
        }
    }

    /// A flag by Prometheus's name; an unknown name is an error that lists the known ones.
    pub fn from_name(name: &str) -> Result<Feature, String> {
        Feature::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown feature {name:?}; the PromQL features are {}",
                    names.join(", ")
                )
            })
    }
}

/// A set of enabled [`Feature`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Features(u8);

impl Features {
    /// No flag enabled.
    pub const NONE: Features = Features(0);

    /// Every flag enabled.
    pub fn all() -> Features {
        Feature::ALL
            .into_iter()
            .fold(Features::NONE, Features::with)
    }

    /// The same set with a flag enabled.
    pub fn with(self, feature: Feature) -> Features {
        Features(self.0 | 1 << feature as u8)
    }

    /// The same set with a flag disabled.
    pub fn without(self, feature: Feature) -> Features {
        Features(self.0 & !(1 << feature as u8))
    }

    /// Whether a flag is enabled.
    pub fn has(self, feature: Feature) -> bool {
        self.0 & (1 << feature as u8) != 0
    }
}
