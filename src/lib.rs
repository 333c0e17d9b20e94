//! llm-slo: from one spec — the LLM models a service calls, their prices, and the objectives
//! and budgets it promises — generate Prometheus rules with their promtool tests, Grafana
//! dashboards, price tables and the runtime configuration of `llm-slo-otel`, and validate
//! PromQL in rule files, PrometheusRule manifests and dashboards against the metric contract.
//!
//! The library does everything in memory; the `llm-slo` binary is a thin layer over it.
//!
//! # The API
//!
//! * load a spec: [`load`] (a file, with its template folder), [`load_str`] (text) or
//!   [`load_spec`] (a [`Spec`] built in code); each returns a [`LoadedSpec`] that passed
//!   every check, or a [`Report`] with every diagnostic;
//! * [`generate`] every output of a loaded spec as [`GeneratedFile`]s, writing nothing;
//! * validate rule files, manifests, dashboards and specs: [`validate_str`] and
//!   [`validate_paths`], against the [`ValidateOptions`] (a [`Contract`], a scrape interval,
//!   a [`Dialect`]);
//! * render a [`Report`] as text, JSON, GitHub annotations or SARIF: [`Report::render`];
//! * [`schema_json`]: the spec's JSON Schema.
//!
//! ```
//! let text = r#"
//! version: 1
//! service: { name: support-assistant }
//! pricing:
//!   models:
//!     - { provider: anthropic, model: claude-sonnet-4-5 }
//! alerts:
//!   latency: { above: 10s }
//! "#;
//! let spec = llm_slo::load_str("llm-slo.yaml", text)?;
//! let files = llm_slo::generate(&spec)?;
//! let rules = files
//!     .iter()
//!     .find(|f| f.path == "prometheus/llm-slo.rules.yml")
//!     .expect("a rule file");
//! let rules = String::from_utf8_lossy(&rules.contents);
//! assert!(rules.contains("alert: LLMHighLatency"));
//! assert!(rules.contains("gen_ai_client_operation_duration_seconds_bucket"));
//!
//! // Invalid specs give positioned diagnostics, never a panic.
//! let report = llm_slo::load_str("llm-slo.yaml", "version: 1\nservice: {name: x}\npricing: {models: []}\nslos: [{name: a, sli: {availability: {}}, objective: 100}]\n")
//!     .unwrap_err();
//! assert!(report.to_human().contains("llm-slo.yaml:4:"));
//! # Ok::<(), llm_slo::Report>(())
//! ```
//!
//! # Stability
//!
//! The API is what this page lists: the functions and types at the crate root and the spec
//! types in [`spec`]. Before 1.0, a minor release may change it, and says so in its notes;
//! enums and structs marked `#[non_exhaustive]` may gain variants and fields in any release.
//! The spec types mirror spec format version 1 and gain optional fields as the format does:
//! a spec read from YAML keeps working, a struct literal may need the new field. Items hidden
//! from this documentation (the command line's entry point, what the repository's own tests
//! reach) are not part of the API and change without notice.

#![warn(missing_docs, unreachable_pub)]

mod base;
#[doc(hidden)]
pub mod cli;
mod dashboards;
mod diagnostics;
mod load;
mod migrate;
mod output;
mod pricing;
mod promql;
mod queries;
mod rules;
mod runtime;
pub mod spec;
mod validate;
mod yaml;

/// `yaml_path!["slos", 2, "objective"]`: a path into the spec, for diagnostics at its values.
pub(crate) use yaml::yaml_path;

use std::path::Path;

pub use base::Duration;
pub use diagnostics::render::Format;
pub use diagnostics::{Code, CodeInfo, Diagnostic, Location, Report, Severity, Skipped, Summary};
pub use llm_slo_core::contract::{Contract, HistogramMode, NamingStrategy, Profile};
pub use load::{LoadError, LoadedSpec};
pub use output::GeneratedFile;
pub use promql::{Dialect, Feature, Features};
pub use spec::Spec;
pub use validate::options::{Baseline, Detect, Suppressions, ValidateOptions};

/// Path of the spec's JSON Schema inside the output folder.
pub const SCHEMA_FILE: &str = "llm-slo.schema.json";

/// Loads and checks a spec from a file, with its template folder (`templates:`, relative to
/// the file's folder).
///
/// ```
/// let spec = llm_slo::load(std::path::Path::new("llm-slo.yaml"))?;
/// assert_eq!(spec.spec().service.name, "support-assistant");
///
/// let missing = llm_slo::load(std::path::Path::new("no-such-spec.yaml")).unwrap_err();
/// assert!(matches!(missing, llm_slo::LoadError::Io { .. }));
/// # Ok::<(), llm_slo::LoadError>(())
/// ```
pub fn load(path: &Path) -> Result<LoadedSpec, LoadError> {
    LoadedSpec::from_path(path)
}

/// Loads and checks a spec from text; `file` names it in diagnostics and generated headers.
/// Text has no folder, so a spec that names a template folder (`templates:`) is an error:
/// load it with [`load`].
///
/// ```
/// let report = llm_slo::load_str("llm-slo.yaml", "version: 1\n").unwrap_err();
/// assert!(report.to_human().contains("missing field `service`"));
/// ```
pub fn load_str(file: &str, text: &str) -> Result<LoadedSpec, Report> {
    LoadedSpec::from_text(file, text)
}

/// Loads and checks a spec built in code: read with serde, or a loaded spec changed. It
/// passes the checks a file does; having no lines, its diagnostics name the value's path
/// (`slos[0].objective: …`), and an expression's findings point into the expression itself
/// (`file#alerts.custom[0].expr:1:12`). It has no folder, so `templates:` is an error.
/// `file` names it in diagnostics and generated headers.
///
/// ```
/// let base = llm_slo::load(std::path::Path::new("llm-slo.yaml"))?;
/// let mut spec = base.spec().clone();
/// spec.service.name = "review-bot".to_owned();
/// let loaded = llm_slo::load_spec("review-bot", &spec)?;
/// let files = llm_slo::generate(&loaded)?;
/// assert!(files.iter().any(|f| String::from_utf8_lossy(&f.contents).contains("review-bot-llm-recording")));
///
/// spec.slos[0].objective = 100.0;
/// let report = llm_slo::load_spec("review-bot", &spec).unwrap_err();
/// assert!(report.to_human().contains("objective must be between 0 and 100"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_spec(file: &str, spec: &Spec) -> Result<LoadedSpec, Report> {
    LoadedSpec::from_value(file, spec)
}

/// The JSON Schema of the spec, as written to `llm-slo.schema.json` and printed by
/// `llm-slo schema`.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_slice(&llm_slo::schema_json()).unwrap();
/// assert_eq!(schema["title"], "llm-slo spec");
/// ```
pub fn schema_json() -> Vec<u8> {
    output::schema_bytes(spec::json_schema(), None, "llm-slo schema")
}

/// Generates every output of a spec in memory, sorted by path. Writes nothing. Every rule
/// file and dashboard is validated first; a finding fails generation
/// (`generate/invalid-output`).
///
/// ```
/// let spec = llm_slo::load(std::path::Path::new("llm-slo.yaml"))?;
/// let files = llm_slo::generate(&spec)?;
/// assert!(files.iter().any(|f| f.path == "grafana/llm-slo-overview.json"));
/// assert!(files.windows(2).all(|w| w[0].path < w[1].path));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate(loaded: &LoadedSpec) -> Result<Vec<GeneratedFile>, Report> {
    generate_with(loaded, output::SelfCheck::Validate)
}

/// [`generate`], with or without validating what it generates (`check` compares first and
/// validates only what differs from the files on disk).
pub(crate) fn generate_with(
    loaded: &LoadedSpec,
    self_check: output::SelfCheck,
) -> Result<Vec<GeneratedFile>, Report> {
    let header = output::header(loaded.source_name());
    let mut files = vec![GeneratedFile::new(SCHEMA_FILE, schema_json())];
    // The rules and the dashboards (each checked by the validator) take about as long as
    // each other and share nothing: on two threads.
    let (rule_files, dashboard_files) = std::thread::scope(|scope| {
        let rule_files = scope.spawn(|| rules::generate(loaded, &header, self_check));
        let dashboard_files = dashboards::generate(loaded, &header, self_check);
        let rule_files = rule_files
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rule_files, dashboard_files)
    });
    files.extend(rule_files?);
    files.extend(dashboard_files?);
    files.extend(runtime::generate(loaded, &header)?);
    files.extend(pricing::tables::generate(
        &loaded.spec,
        &loaded.prices,
        &header,
    )?);
    files.push(output::manifest(&header, &files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The findings in the PromQL the spec's template overrides (`templates:`) render, at the
/// template files, each with its own severity. [`generate`] fails on their errors (with
/// this report) and never on their warnings, which the CLI shows with the spec's.
pub fn check_templates(loaded: &LoadedSpec) -> Report {
    if loaded.templates.is_empty() {
        return Report::default();
    }
    rules::override_findings(loaded)
}

/// Validates one input given as text: a Prometheus rule file, a PrometheusRule manifest, a
/// Grafana dashboard or an llm-slo spec, recognised by its content. `file` names it in the
/// diagnostics.
///
/// ```
/// use llm_slo::{Contract, Format, Severity, ValidateOptions};
///
/// let rules = "groups:\n- name: llm\n  rules:\n  - alert: Slow\n    expr: histogram_quantile(0.95, sum by (le) (rate(gen_ai_client_operation_duration_seconds_bucket[5m]))) > 10 by (model)\n";
/// let report = llm_slo::validate_str("rules.yml", rules, &ValidateOptions::new(Contract::default()));
/// assert!(report.has_at_least(Severity::Error));
/// assert!(report.render(Format::Json).contains("\"code\": \"promql/syntax\""));
/// ```
pub fn validate_str(file: &str, text: &str, options: &ValidateOptions) -> Report {
    let mut report = validate::validate_text(file, text, &options.settings());
    validate::suppress::apply(&mut report, &options.suppressions);
    report
}

/// Validates files, and folders searched recursively (symbolic links followed, each file
/// once) for inputs recognised by content; files in folders that are not inputs are
/// `info`s. Fails only when a path cannot be read. The report's summary says what was read.
///
/// ```
/// use llm_slo::{Severity, ValidateOptions};
///
/// let spec = llm_slo::load(std::path::Path::new("llm-slo.yaml"))?;
/// let report = llm_slo::validate_paths(&["generated/prometheus"], &ValidateOptions::for_spec(&spec))?;
/// assert!(!report.has_at_least(Severity::Warning), "{report}");
/// assert_eq!(report.summary.map(|s| s.rule_files), Some(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn validate_paths<P: AsRef<Path>>(
    paths: &[P],
    options: &ValidateOptions,
) -> Result<Report, std::io::Error> {
    let paths: Vec<std::path::PathBuf> = paths.iter().map(|p| p.as_ref().to_owned()).collect();
    let mut report = validate::validate_paths(&paths, &options.settings(), options.skip_unknown)?;
    validate::suppress::apply(&mut report, &options.suppressions);
    Ok(report)
}

/// What this repository's own tests reach inside the library, over std, `llm-slo-core` and
/// facade types only. Not part of the API: it changes without notice.
#[doc(hidden)]
pub mod internal {
    use std::collections::HashMap;

    use llm_slo_core::pricing::PriceTable;

    use crate::{Dialect, LoadedSpec, Report};

    /// Where PromQL parsing stopped: the byte offset in the expression and the message, as
    /// promtool prints them; empty when the expression parses and type-checks.
    pub fn promql_errors(expr: &str, dialect: Dialect, experimental: bool) -> Vec<(usize, String)> {
        let features: &[&str] = if experimental {
            &["promql-experimental-functions"]
        } else {
            &[]
        };
        promql_errors_with(expr, dialect, features)
    }

    /// [`promql_errors`] with Prometheus feature flags by name (`promql-binop-fill-modifiers`, …),
    /// read as `validate --enable-feature` reads them.
    pub fn promql_errors_with(
        expr: &str,
        dialect: Dialect,
        features: &[&str],
    ) -> Vec<(usize, String)> {
        promql_print(expr, dialect, features)
            .err()
            .unwrap_or_default()
    }

    /// An expression parsed (as [`promql_errors_with`] parses it) and printed back in the
    /// printer's canonical spelling, or where parsing stopped.
    pub fn promql_print(
        expr: &str,
        dialect: Dialect,
        features: &[&str],
    ) -> Result<String, Vec<(usize, String)>> {
        let mut validate = crate::ValidateOptions::new(Default::default()).dialect(dialect);
        for feature in features {
            validate = validate
                .enable_feature(feature)
                .unwrap_or_else(|message| panic!("{message}"));
        }
        let options = validate.parser_options();
        match crate::promql::parse_with(expr, options, crate::promql::Limits::default()) {
            Ok(tree) => Ok(crate::promql::print::print(&tree, expr)),
            Err(errors) => Err(errors
                .into_iter()
                .map(|e| (e.span.start, e.message))
                .collect()),
        }
    }

    /// An expression's syntax tree as text, without the byte ranges (so two spellings of
    /// one expression give the same text), or where parsing stopped.
    pub fn promql_tree(
        expr: &str,
        dialect: Dialect,
        features: &[&str],
    ) -> Result<String, Vec<(usize, String)>> {
        let mut validate = crate::ValidateOptions::new(Default::default()).dialect(dialect);
        for feature in features {
            validate = validate
                .enable_feature(feature)
                .unwrap_or_else(|message| panic!("{message}"));
        }
        let options = validate.parser_options();
        let tree = crate::promql::parse_with(expr, options, crate::promql::Limits::default())
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| (e.span.start, e.message))
                    .collect::<Vec<_>>()
            })?;
        // Compiled once: the fuzz target calls this for every input.
        static RANGES: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let ranges = RANGES.get_or_init(|| {
            regex::Regex::new(r"ByteRange \{ start: \d+, end: \d+ \}")
                .unwrap_or_else(|e| panic!("{e}"))
        });
        Ok(ranges.replace_all(&format!("{tree:?}"), "_").into_owned())
    }

    /// The metric names an expression's selectors name, or its first error.
    pub fn selected_metrics(expr: &str) -> Result<Vec<String>, String> {
        let expr = crate::promql::parse(expr).map_err(|e| e.message)?;
        Ok(crate::promql::lints::selectors(&expr)
            .into_iter()
            .filter_map(crate::promql::lints::selector_name)
            .map(|(name, _)| name.to_owned())
            .collect())
    }

    /// One rule of a spec's rule file.
    pub struct RuleSummary {
        /// The recorded series or the alert.
        pub name: String,
        /// Whether it is a recording rule.
        pub records: bool,
        /// Its expression.
        pub expr: String,
        /// Its group's evaluation interval, when not the global one.
        pub group_interval: Option<crate::Duration>,
    }

    /// The rules of a spec's rule file, in order.
    pub fn rules(loaded: &LoadedSpec) -> Result<Vec<RuleSummary>, Report> {
        use crate::rules::model::RuleKind;
        let file = crate::rules::rule_file(loaded)?;
        Ok(file
            .groups
            .iter()
            .flat_map(|group| group.rules.iter().map(move |rule| (group, rule)))
            .map(|(group, rule)| {
                let (name, records) = match &rule.kind {
                    RuleKind::Record(name) => (name.clone(), true),
                    RuleKind::Alert(name) => (name.clone(), false),
                };
                RuleSummary {
                    name,
                    records,
                    expr: rule.expr.clone(),
                    group_interval: group.interval,
                }
            })
            .collect())
    }

    /// Grafana's variables substituted in a query, as the validator does it.
    pub fn substitute(expr: &str, values: &HashMap<String, String>) -> String {
        crate::validate::dashboard::substitute(expr, values).0
    }

    /// A dashboard's JSON read into the typed dashboard model and written back.
    pub fn dashboard_round_trip(json: serde_json::Value) -> Result<serde_json::Value, String> {
        let typed: crate::dashboards::model::Dashboard =
            serde_json::from_value(json).map_err(|e| e.to_string())?;
        serde_json::to_value(&typed).map_err(|e| e.to_string())
    }

    /// The shipped catalog files: (catalog name, file name, text).
    pub fn shipped_catalog_files() -> Vec<(&'static str, &'static str, &'static str)> {
        crate::pricing::catalog::Catalog::shipped_files()
            .iter()
            .map(|entry| (entry.name, entry.file, entry.text))
            .collect()
    }

    /// Reads a catalog file: the providers it prices and its warnings, or every error.
    pub fn read_catalog(file: &str, text: &str) -> Result<(Vec<String>, Report), Report> {
        crate::pricing::catalog::read_catalog(file, text).map(|(providers, warnings)| {
            (
                providers.into_iter().map(|p| p.provider).collect(),
                warnings,
            )
        })
    }

    /// A YAML text's first document as JSON, every scalar a string (for tests that read
    /// this repository's own YAML files: the action, the hooks, the CI snippet).
    pub fn yaml_to_json(text: &str) -> Result<serde_json::Value, String> {
        fn value(node: &crate::yaml::Node) -> serde_json::Value {
            match &node.kind {
                crate::yaml::NodeKind::Scalar { value, .. } => {
                    serde_json::Value::String(value.clone())
                }
                crate::yaml::NodeKind::Seq(items) => items.iter().map(value).collect(),
                crate::yaml::NodeKind::Map(entries) => entries
                    .iter()
                    .map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), value(v)))
                    .collect::<serde_json::Map<_, _>>()
                    .into(),
            }
        }
        let parsed = crate::yaml::parse(text, crate::yaml::Limits::default());
        if let Some(error) = parsed.errors.first() {
            return Err(format!("{error:?}"));
        }
        parsed
            .documents
            .first()
            .map(|d| value(&d.root))
            .ok_or_else(|| "no document".to_owned())
    }

    /// Every model of the shipped catalogs, as one price table.
    pub fn shipped_prices() -> Result<PriceTable, Report> {
        let catalog = crate::pricing::catalog::Catalog::shipped().map_err(Report::clone)?;
        catalog.table("").map_err(Report::from)
    }
}
