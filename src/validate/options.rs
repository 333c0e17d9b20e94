//! What validation checks against, as an embedder sets it.

use llm_slo_core::contract::Contract;

use crate::base::Duration;
use crate::load::LoadedSpec;
pub use crate::promql::contracts::Detect;
use crate::promql::{Dialect, Feature, Features, Options, Settings};
pub use crate::validate::suppress::{Baseline, Suppressions};

/// What [`crate::validate_str`] and [`crate::validate_paths`] check against: the metric
/// contract, the scrape interval that ranges are judged by, and the Prometheus version.
///
/// ```
/// use llm_slo::{Contract, Dialect, Duration, ValidateOptions};
///
/// let options = ValidateOptions::new(Contract::default())
///     .scrape_interval(Duration::from_secs(15))
///     .dialect(Dialect::PROMETHEUS_2);
/// assert_eq!(options.scrape_interval, Duration::from_secs(15));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// The metric contract names and labels are checked against.
    pub contract: Contract,
    /// How often Prometheus scrapes: a range under four scrape intervals is reported.
    pub scrape_interval: Duration,
    /// The Prometheus release the expressions must run on.
    pub dialect: Dialect,
    /// The Prometheus feature flags it runs with (`--enable-feature=…`).
    pub features: Features,
    /// Longest expression checked, in bytes (64 KiB); a longer one is `promql/too-complex`.
    pub max_expression_bytes: usize,
    /// Deepest nesting checked (128 levels, at most 1,000); a deeper one is
    /// `promql/too-complex`.
    pub max_nesting: usize,
    /// Which parts of the contract each file's series names decide (nothing: `contract`
    /// is enforced as it is).
    pub detect: Detect,
    /// Findings not reported: the `validate` section of a spec or `.llm-slo.yaml`, and a
    /// baseline. The inputs' own `llm-slo: disable` comments always apply.
    pub suppressions: Suppressions,
    /// Skip files named explicitly that are none of the inputs (as files in folders are),
    /// instead of reporting them as `validate/unknown-input`: for hooks that pass every
    /// changed YAML and JSON file.
    pub skip_unknown: bool,
    /// Accept the runtime's former cost counter (`gen_ai.client.cost`) beside the contract's:
    /// when no spec says which one the application emits (the default without a spec).
    pub legacy_cost_metric: bool,
}

impl ValidateOptions {
    /// Checks against a contract, with a 15s scrape interval (a spec's default too), for
    /// the newest Prometheus 3 without feature flags.
    pub fn new(contract: Contract) -> ValidateOptions {
        ValidateOptions {
            contract,
            scrape_interval: crate::spec::telemetry::DEFAULT_SCRAPE_INTERVAL,
            dialect: Dialect::default(),
            features: Features::NONE,
            max_expression_bytes: crate::promql::Limits::default().max_bytes,
            max_nesting: crate::promql::Limits::default().max_depth,
            detect: Detect::NOTHING,
            suppressions: Suppressions::default(),
            skip_unknown: false,
            legacy_cost_metric: true,
        }
    }

    /// Checks against a spec's contract, scrape interval and Prometheus (its release and
    /// feature flags).
    pub fn for_spec(loaded: &LoadedSpec) -> ValidateOptions {
        let prometheus = &loaded.spec.prometheus;
        ValidateOptions::new(loaded.spec.telemetry.contract())
            .legacy_cost_metric(false)
            .scrape_interval(loaded.spec.telemetry.scrape_interval)
            .dialect(prometheus.target)
            .features(prometheus.features())
            .suppressions(Suppressions::from_section(
                loaded.spec.validate.clone(),
                &loaded.file,
                loaded.document.as_ref(),
                &crate::yaml_path!["validate"],
            ))
    }

    /// The same options, skipping named files that are none of the inputs.
    pub fn skip_unknown(mut self, skip: bool) -> ValidateOptions {
        self.skip_unknown = skip;
        self
    }

    /// The same options with other suppressions (a `validate` section, a baseline).
    pub fn suppressions(mut self, suppressions: Suppressions) -> ValidateOptions {
        self.suppressions = suppressions;
        self
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

    /// The same options with experimental functions on or off
    /// (`promql-experimental-functions`).
    pub fn experimental(mut self, experimental: bool) -> ValidateOptions {
        self.features = if experimental {
            self.features.with(Feature::ExperimentalFunctions)
        } else {
            self.features.without(Feature::ExperimentalFunctions)
        };
        self
    }

    /// The same options with these feature flags (replacing any set before).
    pub fn features(mut self, features: Features) -> ValidateOptions {
        self.features = features;
        self
    }

    /// The same options with a Prometheus feature flag on, by its Prometheus name
    /// (`promql-experimental-functions`, `promql-extended-range-selectors`,
    /// `promql-binop-fill-modifiers`, `promql-duration-expr`, `promql-delayed-name-removal`).
    /// An unknown name is an error that lists the known ones.
    pub fn enable_feature(mut self, name: &str) -> Result<ValidateOptions, String> {
        self.features = self.features.with(Feature::from_name(name)?);
        Ok(self)
    }

    /// The same options with other limits on what is checked.
    pub fn limits(mut self, max_expression_bytes: usize, max_nesting: usize) -> ValidateOptions {
        self.max_expression_bytes = max_expression_bytes;
        self.max_nesting = max_nesting;
        self
    }

    /// The same options accepting the runtime's former cost counter name, or not (a spec
    /// names the one its application emits).
    pub fn legacy_cost_metric(mut self, accept: bool) -> ValidateOptions {
        self.legacy_cost_metric = accept;
        self
    }

    /// The same options with parts of the contract found from each file.
    pub fn detect(mut self, detect: Detect) -> ValidateOptions {
        self.detect = detect;
        self
    }

    /// What the PromQL parser is told: the release and its flags (without the contract
    /// the settings index).
    pub(crate) fn parser_options(&self) -> Options {
        Options {
            dialect: self.dialect,
            features: self.features,
        }
    }

    /// The validator's settings.
    pub(crate) fn settings(&self) -> Settings {
        use crate::promql::contracts::ContractIndex;
        let mut index = if self.legacy_cost_metric {
            ContractIndex::with_legacy_cost_metric(self.contract.clone())
        } else {
            ContractIndex::new(self.contract.clone())
        };
        // Found from each file: then no spec names the application's attributes (made
        // open here once, not for each file).
        index.open_attributes = self.detect != Detect::NOTHING;
        let mut settings = Settings::for_index(index);
        settings.scrape_interval_ms =
            i64::try_from(self.scrape_interval.as_millis()).unwrap_or(i64::MAX);
        settings.options = self.parser_options();
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
