//! The command line: argument parsing and one file per subcommand. Everything it does is a
//! call into the library; output and exit codes are decided here.
//!
//! Exit codes: 0 success, 1 findings (an invalid spec, stale output), 2 usage or I/O failure.

mod check;
mod completions;
mod contract;
mod explain;
mod generate;
mod import;
mod init;
mod man;
mod price;
mod pricing;
mod schema;
mod targets;
mod validate;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand};

use crate::load::{LoadError, LoadedSpec};

/// Generate and check Prometheus rules, pricing tables and the spec's JSON Schema for LLM
/// services, from one spec.
#[derive(Debug, Parser)]
#[command(name = "llm-slo", version, about, long_about = None)]
pub struct Cli {
    /// The spec file [default: llm-slo.yaml].
    #[arg(long, global = true, value_name = "PATH")]
    spec: Option<PathBuf>,

    /// Color the findings: `auto` when writing to a terminal and `NO_COLOR` is not set.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorChoice,

    /// Print findings and errors only: no progress or summary lines on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write every generated file to the output folder, removing files it no longer
    /// produces.
    Generate(generate::Args),
    /// Fail (exit 1) when the output folder is not what `generate` would write; print a diff.
    Check(check::Args),
    /// Check Prometheus rule files, PrometheusRule manifests, Grafana dashboards and specs
    /// against the metric contract (without paths: the spec and what it generates).
    Validate(validate::Args),
    /// Price LLM calls exactly, from flags or JSON lines.
    Price(Box<price::Args>),
    /// Manage price catalogs (import from genai-prices or LiteLLM).
    Pricing(pricing::Args),
    /// Print the JSON Schema of the spec.
    Schema(schema::Args),
    /// Print the metric contract: each profile's instruments, Prometheus series and labels.
    Contract(contract::Args),
    /// Print which Prometheus release and feature flag brings each function, operator and
    /// syntax (the `--target`s and `--enable-feature`s of `validate`).
    Targets(targets::Args),
    /// Write a commented starter spec.
    Init(init::Args),
    /// Explain a diagnostic code: what it means, why, an example and how to fix it (or
    /// `--list` every code).
    Explain(explain::Args),
    /// Turn Sloth or OpenSLO SLOs into a spec, listing what it cannot express.
    Import(import::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the manual page (or write one per subcommand with `--dir`).
    Man(man::Args),
}

/// When to color human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    /// When the stream is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether a stream gets colors.
    fn on(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: a non-empty NO_COLOR turns colors off.
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Set by `--quiet`: progress and summary lines are not printed.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Prints a progress or summary line to stderr, unless `--quiet`.
pub(crate) fn note(line: std::fmt::Arguments<'_>) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("{line}");
    }
}

/// The spec file used when `--spec` is not given.
pub const DEFAULT_SPEC: &str = "llm-slo.yaml";

/// How a command ended.
pub(crate) enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: the input has problems.
    Findings,
    /// Exit 2: bad usage or I/O failure.
    Failure,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
        }
    }
}

/// Runs the command line and returns its exit code.
pub fn run() -> ExitCode {
    run_with(std::env::args_os()).into()
}

fn run_with(args: impl IntoIterator<Item = std::ffi::OsString>) -> Outcome {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                Outcome::Failure
            } else {
                Outcome::Ok
            };
        }
    };
    QUIET.store(cli.quiet, Ordering::Relaxed);
    crate::diagnostics::render::human::set_colors(
        cli.color.on(std::io::stdout().is_terminal()),
        cli.color.on(std::io::stderr().is_terminal()),
    );
    let spec = cli
        .spec
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SPEC));
    match &cli.command {
        Command::Generate(args) => generate::run(&spec, args),
        Command::Check(args) => check::run(&spec, args),
        Command::Validate(args) => validate::run(cli.spec.as_deref(), args),
        Command::Price(args) => price::run(cli.spec.as_deref(), args),
        Command::Pricing(args) => pricing::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Contract(args) => contract::run(args),
        Command::Targets(args) => targets::run(args),
        Command::Init(args) => init::run(&spec, args),
        Command::Explain(args) => explain::run(args),
        Command::Import(args) => import::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Loads the spec, printing diagnostics (warnings too) to stderr.
pub(crate) fn load_spec(path: &Path) -> Result<LoadedSpec, Outcome> {
    match crate::load(path) {
        Ok(loaded) => {
            if !loaded.warnings.diagnostics.is_empty() {
                eprint!("{}", loaded.warnings.to_human());
            }
            Ok(loaded)
        }
        Err(LoadError::Io { path, error }) => {
            eprintln!("error: cannot read {}: {error}", path.display());
            if error.kind() == std::io::ErrorKind::NotFound {
                eprintln!(
                    "  = help: create one with `llm-slo init`, or point to it with `--spec PATH`"
                );
            }
            Err(Outcome::Failure)
        }
        Err(LoadError::Invalid(report)) => {
            eprint!("{}", report.to_human());
            Err(Outcome::Findings)
        }
    }
}

/// Generates in memory, printing diagnostics on failure: the template overrides' findings
/// first (warnings shown, errors fatal), then the generator's.
pub(crate) fn generate_files(loaded: &LoadedSpec) -> Result<Vec<crate::GeneratedFile>, Outcome> {
    template_findings(loaded)?;
    generate_only(loaded, crate::output::SelfCheck::Validate)
}

/// The template overrides' findings, printed: warnings shown, errors fatal.
pub(crate) fn template_findings(loaded: &LoadedSpec) -> Result<(), Outcome> {
    let overrides = crate::check_templates(loaded);
    if !overrides.diagnostics.is_empty() {
        eprint!("{}", overrides.to_human());
    }
    if overrides.has_errors() {
        return Err(Outcome::Findings);
    }
    Ok(())
}

/// Generates in memory (after [`template_findings`]), printing diagnostics on failure.
pub(crate) fn generate_only(
    loaded: &LoadedSpec,
    self_check: crate::output::SelfCheck,
) -> Result<Vec<crate::GeneratedFile>, Outcome> {
    crate::generate_with(loaded, self_check).map_err(|report| {
        eprint!("{}", report.to_human());
        Outcome::Findings
    })
}

/// Writes to stdout, treating a closed pipe as success (`llm-slo schema | head`).
pub(crate) fn print_stdout(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Ok,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            Outcome::Failure
        }
    }
}
