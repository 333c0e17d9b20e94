//! `llm-slo validate`

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use llm_slo_core::contract::{Contract, HistogramMode, NamingStrategy, Profile};

use super::{DEFAULT_SPEC, Outcome, load_spec, print_stdout};
use crate::base::Duration;
use crate::diagnostics::Severity;
use crate::diagnostics::render::Format;
use crate::promql::Dialect;
use crate::validate::options::{Detect, ValidateOptions};

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Rule files, PrometheusRule manifests, Grafana dashboards, specs, or folders of them
    /// (searched recursively, by content). Without paths: the spec and what it generates.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The Prometheus release the rules must run on: `prometheus-3` (the newest 3.x),
    /// `prometheus-3.0` … `prometheus-3.14`, or `prometheus-2` (2.42). Default: the spec's
    /// `prometheus.target`, else `prometheus-3`. `llm-slo targets` lists what each adds.
    #[arg(long, value_name = "TARGET", value_parser = Dialect::parse)]
    target: Option<Dialect>,
    /// Allow Prometheus 3's experimental functions (`--enable-feature=promql-experimental-functions`).
    #[arg(long)]
    experimental: bool,
    /// Prometheus feature flags the server runs with, by their Prometheus names, comma-separated
    /// or repeated: `promql-experimental-functions`, `promql-extended-range-selectors`
    /// (`anchored`, `smoothed`), `promql-binop-fill-modifiers` (`fill`, `fill_left`,
    /// `fill_right`); `promql-duration-expr` and `promql-delayed-name-removal` change no syntax.
    #[arg(long, value_name = "FEATURE", value_delimiter = ',')]
    enable_feature: Vec<String>,
    /// The metric contract's profile (default: the spec's, else `auto`: the one each file fits).
    #[arg(long, value_enum)]
    profile: Option<ProfileArg>,
    /// The OTLP-to-Prometheus naming strategy (default: the spec's, else `auto`).
    #[arg(long, value_enum)]
    naming: Option<NamingArg>,
    /// Classic or native histograms (default: the spec's, else `auto`).
    #[arg(long, value_enum)]
    histograms: Option<HistogramArg>,
    /// The scrape interval ranges are judged against (default: the spec's, else 15s, the
    /// spec's own default, as Grafana assumes).
    #[arg(long, value_name = "DURATION")]
    scrape_interval: Option<Duration>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// Exit 1 on findings of this severity or worse.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Longest expression checked, in bytes; longer ones are `promql/too-complex`.
    #[arg(long, value_name = "BYTES", default_value_t = 65536)]
    max_expression_bytes: usize,
    /// Deepest nesting of an expression checked; deeper ones are `promql/too-complex`.
    #[arg(long, value_name = "LEVELS", default_value_t = 128)]
    max_nesting: usize,
    /// Accept the findings listed in this file (written by `--write-baseline`): only new
    /// findings are reported and fail the run.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the current findings (after the other suppressions) to the `--baseline` file
    /// and exit 0.
    #[arg(long, requires = "baseline")]
    write_baseline: bool,
    /// Skip files named on the command line that are none of the inputs (as files found in
    /// folders are), instead of failing on them: for hooks that pass every changed file.
    #[arg(long)]
    skip_unknown: bool,
}

/// The configuration of a repository without a spec.
const REPOSITORY_CONFIG: &str = ".llm-slo.yaml";

/// The suppressions of a run: the spec's `validate` section, else `.llm-slo.yaml`'s; and
/// the baseline, unless it is being written.
fn suppressions(
    loaded: Option<&crate::LoadedSpec>,
    args: &Args,
) -> Result<crate::Suppressions, Outcome> {
    let mut suppressions = match loaded {
        Some(loaded) => crate::ValidateOptions::for_spec(loaded).suppressions,
        None if Path::new(REPOSITORY_CONFIG).is_file() => {
            let text = std::fs::read_to_string(REPOSITORY_CONFIG).map_err(|error| {
                eprintln!("error: cannot read {REPOSITORY_CONFIG}: {error}");
                Outcome::Failure
            })?;
            match crate::Suppressions::read_repository_config(REPOSITORY_CONFIG, &text) {
                Ok((suppressions, warnings)) => {
                    if !warnings.diagnostics.is_empty() {
                        eprint!("{}", warnings.to_human());
                    }
                    suppressions
                }
                Err(report) => {
                    eprint!("{}", report.to_human());
                    return Err(Outcome::Findings);
                }
            }
        }
        None => crate::Suppressions::default(),
    };
    if let (Some(path), false) = (&args.baseline, args.write_baseline) {
        let text = std::fs::read_to_string(path).map_err(|error| {
            eprintln!(
                "error: cannot read the baseline {}: {error}",
                path.display()
            );
            if error.kind() == std::io::ErrorKind::NotFound {
                eprintln!("  = help: write it with `--write-baseline`");
            }
            Outcome::Failure
        })?;
        let baseline =
            crate::Baseline::parse(&path.display().to_string(), &text).map_err(|message| {
                eprintln!("error: {}: {message}", path.display());
                Outcome::Failure
            })?;
        suppressions = suppressions.with_baseline(baseline);
    }
    Ok(suppressions)
}

/// Writes the report's findings as the baseline.
fn write_baseline(path: &Path, report: &crate::Report) -> Outcome {
    let baseline = crate::Baseline::of(report);
    match crate::output::write_file(path, baseline.to_json().as_bytes()) {
        Ok(()) => {
            super::note(format_args!(
                "wrote {}: {} findings accepted",
                path.display(),
                baseline.len()
            ));
            Outcome::Ok
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            Outcome::Failure
        }
    }
}

/// The scrape interval assumed without a spec: the library's one default.
const DEFAULT_SCRAPE_INTERVAL: Duration = crate::spec::telemetry::DEFAULT_SCRAPE_INTERVAL;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ProfileArg {
    /// The profile each file's series names fit.
    Auto,
    #[value(name = "genai-v1.41")]
    V141,
    #[value(name = "genai-latest")]
    Latest,
    #[value(name = "openlit")]
    OpenLit,
    #[value(name = "openllmetry")]
    OpenLlmetry,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum NamingArg {
    /// The naming each file's series names fit.
    #[value(name = "auto")]
    Auto,
    #[value(name = "UnderscoreEscapingWithSuffixes")]
    UnderscoreEscapingWithSuffixes,
    #[value(name = "UnderscoreEscapingWithoutSuffixes")]
    UnderscoreEscapingWithoutSuffixes,
    #[value(name = "NoUTF8EscapingWithSuffixes")]
    NoUtf8EscapingWithSuffixes,
    #[value(name = "NoTranslation")]
    NoTranslation,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum HistogramArg {
    /// The mode each file's series names fit.
    Auto,
    Classic,
    Native,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

pub(super) fn run(spec: Option<&Path>, args: &Args) -> Outcome {
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Gitlab => Format::Gitlab,
    };
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    if args.paths.is_empty() {
        return validate_spec(
            spec.unwrap_or(Path::new(DEFAULT_SPEC)),
            format,
            threshold,
            args,
        );
    }
    // The contract: from `--spec`, else `./llm-slo.yaml` when present, else the defaults;
    // `--profile`, `--naming` and `--histograms` override.
    let default_spec = Path::new(DEFAULT_SPEC);
    let spec_path = spec.or_else(|| default_spec.is_file().then_some(default_spec));
    let loaded = match spec_path.map(load_spec).transpose() {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let suppressions = match suppressions(loaded.as_ref(), args) {
        Ok(suppressions) => suppressions,
        Err(outcome) => return outcome,
    };
    let (mut contract, mut scrape_interval, prometheus) = match &loaded {
        Some(loaded) => (
            loaded.spec.telemetry.contract(),
            loaded.spec.telemetry.scrape_interval,
            loaded.spec.prometheus.clone(),
        ),
        None => (
            Contract::default(),
            DEFAULT_SCRAPE_INTERVAL,
            crate::spec::prometheus::Prometheus::default(),
        ),
    };
    // Without a spec, what each file fits; a flag fixes its part (or frees it: `auto`).
    let mut detect = if spec_path.is_some() {
        Detect::NOTHING
    } else {
        Detect::EVERYTHING
    };
    if let Some(profile) = args.profile {
        detect = detect.profile(matches!(profile, ProfileArg::Auto));
        contract.profile = match profile {
            ProfileArg::Auto => contract.profile,
            ProfileArg::V141 => Profile::GenAiV1_41,
            ProfileArg::Latest => Profile::GenAiLatest,
            ProfileArg::OpenLit => Profile::OpenLit,
            ProfileArg::OpenLlmetry => Profile::OpenLlmetry,
        };
    }
    if let Some(naming) = args.naming {
        detect = detect.naming(matches!(naming, NamingArg::Auto));
        contract.naming = match naming {
            NamingArg::Auto => contract.naming,
            NamingArg::UnderscoreEscapingWithSuffixes => {
                NamingStrategy::UnderscoreEscapingWithSuffixes
            }
            NamingArg::UnderscoreEscapingWithoutSuffixes => {
                NamingStrategy::UnderscoreEscapingWithoutSuffixes
            }
            NamingArg::NoUtf8EscapingWithSuffixes => NamingStrategy::NoUtf8EscapingWithSuffixes,
            NamingArg::NoTranslation => NamingStrategy::NoTranslation,
        };
    }
    if let Some(histograms) = args.histograms {
        detect = detect.histograms(matches!(histograms, HistogramArg::Auto));
        contract.histograms = match histograms {
            HistogramArg::Auto => contract.histograms,
            HistogramArg::Classic => HistogramMode::Classic,
            HistogramArg::Native => HistogramMode::Native,
        };
    }
    if let Some(interval) = args.scrape_interval {
        scrape_interval = interval;
    }
    let mut options = ValidateOptions::new(contract)
        .scrape_interval(scrape_interval)
        .dialect(args.target.unwrap_or(prometheus.target))
        .features(prometheus.features())
        .limits(args.max_expression_bytes, args.max_nesting)
        .detect(detect)
        .suppressions(suppressions)
        .skip_unknown(args.skip_unknown)
        .legacy_cost_metric(loaded.is_none());
    if args.experimental {
        options = options.experimental(true);
    }
    for feature in &args.enable_feature {
        options = match options.enable_feature(feature.trim()) {
            Ok(options) => options,
            Err(message) => {
                eprintln!("error: --enable-feature: {message}");
                return Outcome::Failure;
            }
        };
    }
    let report = match crate::validate_paths(&args.paths, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return Outcome::Failure;
        }
    };
    if let (true, Some(path)) = (args.write_baseline, &args.baseline) {
        return write_baseline(path, &report);
    }
    if let Outcome::Failure = print_stdout(report.render(format).as_bytes()) {
        return Outcome::Failure;
    }
    if !report.has_at_least(Severity::Warning) && format == Format::Human {
        super::note(format_args!("no findings"));
    }
    if report.has_at_least(threshold) {
        Outcome::Findings
    } else {
        Outcome::Ok
    }
}

/// Without paths: the spec, its template overrides and everything it generates, in memory,
/// reported in `format` like any other input, failing at `threshold`.
fn validate_spec(spec: &Path, format: Format, threshold: Severity, args: &Args) -> Outcome {
    let (report, files) = match crate::load(spec) {
        Ok(loaded) => {
            let mut report = loaded.warnings.clone();
            // The spec's `validate` section is for the files it names; here only the spec's
            // own comments and the baseline apply.
            let mut suppressions = match suppressions(Some(&loaded), args) {
                Ok(suppressions) => suppressions,
                Err(outcome) => return outcome,
            };
            suppressions.config = crate::spec::validate::Validate::default();
            let overrides = crate::check_templates(&loaded);
            let failed = overrides.has_errors();
            report.extend(overrides);
            let mut files = None;
            if !failed {
                match crate::generate(&loaded) {
                    Ok(generated) => files = Some(generated.len()),
                    Err(errors) => report.extend(errors),
                }
            }
            crate::validate::suppress::apply(&mut report, &suppressions);
            if let (true, Some(path)) = (args.write_baseline, &args.baseline) {
                return write_baseline(path, &report);
            }
            (report, files)
        }
        Err(crate::LoadError::Io { path, error }) => {
            eprintln!("error: cannot read {}: {error}", path.display());
            if error.kind() == std::io::ErrorKind::NotFound {
                eprintln!(
                    "  = help: create one with `llm-slo init`, or point to it with `--spec PATH`"
                );
            }
            return Outcome::Failure;
        }
        Err(crate::LoadError::Invalid(report)) => (report, None),
    };
    if format == Format::Human {
        eprint!("{}", report.to_human());
        if let Some(files) = files {
            let warnings = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            super::note(format_args!(
                "{}: valid ({warnings} warnings; generates {files} files)",
                spec.display()
            ));
        }
    } else if let Outcome::Failure = print_stdout(report.render(format).as_bytes()) {
        return Outcome::Failure;
    }
    if report.has_at_least(threshold) {
        Outcome::Findings
    } else {
        Outcome::Ok
    }
}
