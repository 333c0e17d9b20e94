//! What validation checks against, as an embedder sets it.

use llm_slo_core::contract::Contract;

use crate::base::Duration;
use crate::load::LoadedSpec;
pub use crate::promql::contracts::Detect;
use crate::promql::{Dialect, Options, Settings};

/// What [`crate::validate_str`] and [`crate::validate_paths`] check against: the metric
/// contract, the scrape interval that ranges are judged by, and the Prometheus version.
///
/// ```
/// use llm_slo::{Contract, Dialect, Duration, ValidateOptions};
///
/// let options = ValidateOptions::new(Contract::default())
///     .scrape_interval(Duration::from_secs(15))
///     .dialect(Dialect::Prometheus2);
/// assert_eq!(options.scrape_interval, Duration::from_secs(15));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// The metric contract names and labels are checked against.
    pub contract: Contract,
    /// How often Prometheus scrapes: a range under four scrape intervals is reported.
    pub scrape_interval: Duration,
    /// The Prometheus version the expressions must run on.
    pub dialect: Dialect,
    /// Whether Prometheus 3's experimental functions are enabled
    /// (`--enable-feature=promql-experimental-functions`).
    pub experimental: bool,
    /// Whether `anchored` and `smoothed` are enabled
    /// (`--enable-feature=promql-extended-range-selectors`).
    pub extended_range_selectors: bool,
    /// Whether `fill`, `fill_left` and `fill_right` are enabled
    /// (`--enable-feature=promql-binop-fill-modifiers`).
    pub fill_modifiers: bool,
    /// Longest expression checked, in bytes (64 KiB); a longer one is `promql/too-complex`.
    pub max_expression_bytes: usize,
    /// Deepest nesting checked (128 levels, at most 1,000); a deeper one is
    /// `promql/too-complex`.
    pub max_nesting: usize,
    /// Which parts of the contract each file's series names decide (nothing: `contract`
    /// is enforced as it is).
    pub detect: Detect,
}

/// The Prometheus feature flags (`--enable-feature=…`) that [`ValidateOptions::enable_feature`]
/// knows.
pub(crate) const FEATURES: &[&str] = &[
    "promql-binop-fill-modifiers",
    "promql-delayed-name-removal",
    "promql-duration-expr",
    "promql-experimental-functions",
    "promql-extended-range-selectors",
];

impl ValidateOptions {
    /// Checks against a contract, with a 30s scrape interval, for Prometheus 3.
    pub fn new(contract: Contract) -> ValidateOptions {
        ValidateOptions {
            contract,
            scrape_interval: Duration::from_secs(30),
            dialect: Dialect::default(),
            experimental: false,
            extended_range_selectors: false,
            fill_modifiers: false,
            max_expression_bytes: crate::promql::Limits::default().max_bytes,
            max_nesting: crate::promql::Limits::default().max_depth,
            detect: Detect::NOTHING,
        }
    }

    /// Checks against a spec's contract and scrape interval, for Prometheus 3.
    pub fn for_spec(loaded: &LoadedSpec) -> ValidateOptions {
        ValidateOptions::new(loaded.spec.telemetry.contract())
            .scrape_interval(loaded.spec.telemetry.scrape_interval)
    }

    /// The same options with another scrape interval.
    pub fn scrape_interval(mut self, interval: Duration) -> ValidateOptions {
        self.scrape_interval = interval;
        self
    }

    /// The same options for another Prometheus version.
    pub fn dialect(mut self, dialect: Dialect) -> ValidateOptions {
        self.dialect = dialect;
        self
    }

    /// The same options with experimental functions on or off.
    pub fn experimental(mut self, experimental: bool) -> ValidateOptions {
        self.experimental = experimental;
        self
    }

    /// The same options with a Prometheus feature flag on, by its Prometheus name
    /// (`promql-experimental-functions`, `promql-extended-range-selectors`,
    /// `promql-binop-fill-modifiers`); flags that change no syntax
    /// (`promql-duration-expr`, on by default since 3.14, and `promql-delayed-name-removal`)
    /// are accepted and change nothing. An unknown name is an error that lists the known ones.
    pub fn enable_feature(mut self, name: &str) -> Result<ValidateOptions, String> {
        match name {
            "promql-experimental-functions" => self.experimental = true,
            "promql-extended-range-selectors" => self.extended_range_selectors = true,
            "promql-binop-fill-modifiers" => self.fill_modifiers = true,
            "promql-duration-expr" | "promql-delayed-name-removal" => {}
            other => {
                return Err(format!(
                    "unknown feature {other:?}; the PromQL features are {}",
                    FEATURES.join(", ")
                ));
            }
        }
        Ok(self)
    }

    /// The same options with other limits on what is checked.
    pub fn limits(mut self, max_expression_bytes: usize, max_nesting: usize) -> ValidateOptions {
        self.max_expression_bytes = max_expression_bytes;
        self.max_nesting = max_nesting;
        self
    }

    /// The same options with parts of the contract found from each file.
    pub fn detect(mut self, detect: Detect) -> ValidateOptions {
        self.detect = detect;
        self
    }

    /// The validator's settings.
    pub(crate) fn settings(&self) -> Settings {
        let mut settings = Settings::new(self.contract.clone());
        settings.scrape_interval_ms =
            i64::try_from(self.scrape_interval.as_millis()).unwrap_or(i64::MAX);
        settings.options = Options {
            dialect: self.dialect,
            experimental: self.experimental,
            extended_range_selectors: self.extended_range_selectors,
            fill_modifiers: self.fill_modifiers,
        };
        settings.limits = crate::promql::Limits {
            max_bytes: self.max_expression_bytes,
            // Beyond this the parser's recursion could exhaust the stack.
            max_depth: self.max_nesting.min(1000),
        };
        if self.detect != Detect::NOTHING {
            settings.detect =
                crate::promql::contracts::known().agreeing(&self.contract, self.detect);
        }
        settings
    }
}
