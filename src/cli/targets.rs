//! `llm-slo targets`: which Prometheus release and feature flag brings each function,
//! operator and syntax, from the one table in `promql::releases`. The README's table of
//! targets is this output.

use std::fmt::Write;

use serde_json::{Value, json};

use super::{Outcome, print_stdout};
use crate::promql::releases::{CHANGES, Change, Missing};
use crate::promql::{Dialect, Features};

/// Arguments of `targets`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Add a column saying what this target (`prometheus-3.8`, …) has of each row.
    #[arg(long, value_name = "TARGET", value_parser = Dialect::parse)]
    target: Option<Dialect>,
    /// A Markdown table or JSON.
    #[arg(long, value_enum, default_value = "md")]
    format: TargetsFormat,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum TargetsFormat {
    Md,
    Json,
}

pub(super) fn run(args: &Args) -> Outcome {
    let text = match args.format {
        TargetsFormat::Md => markdown(args.target),
        TargetsFormat::Json => {
            let rows: Vec<Value> = CHANGES.iter().map(|c| row_json(c, args.target)).collect();
            let targets: Vec<String> = Dialect::known().map(|d| d.to_string()).collect();
            let mut text = serde_json::to_string_pretty(&json!({
                "targets": targets,
                "latest": Dialect::PROMETHEUS_3.to_string(),
                "changes": rows,
            }))
            .unwrap_or_default();
            text.push('\n');
            text
        }
    };
    print_stdout(text.as_bytes())
}

/// What `target` (without flags) has of a row: "yes", "with --enable-feature=…", or what it
/// lacks.
fn status(change: &Change, target: Dialect) -> String {
    match change.missing(target, Features::NONE) {
        None => "yes".to_owned(),
        Some(Missing::Flag(flag)) => format!("with `--enable-feature={}`", flag.name()),
        Some(Missing::Release(release)) => format!("no: needs {}", release.name()),
        Some(Missing::Removed(release, _)) => format!("no: removed in {}", release.name()),
    }
}

fn flag_cell(change: &Change) -> String {
    match (change.flag, change.stable, change.removed) {
        (_, _, Some((release, replacement))) => format!(
            "removed in {}.{} (use {replacement})",
            release.major(),
            release.minor()
        ),
        (Some(flag), Some(stable), _) => format!(
            "`{}` before {}.{}",
            flag.name(),
            stable.major(),
            stable.minor()
        ),
        (Some(flag), None, _) => format!("`{}`", flag.name()),
        (None, _, _) => "none".to_owned(),
    }
}

fn markdown(target: Option<Dialect>) -> String {
    let mut out = String::new();
    let newest = Dialect::PROMETHEUS_3;
    let _ = writeln!(
        out,
        "Targets: `prometheus-2` (2.42), `prometheus-3.0` … `prometheus-3.{}`, and \
         `prometheus-3` (= `prometheus-3.{}`, the default). Everything PromQL has that is not \
         below is in every target.\n",
        newest.minor(),
        newest.minor()
    );
    out.push_str("| Since | What | Flag | Example | Release note |");
    if let Some(target) = target {
        let _ = write!(out, " In {target} |");
    }
    out.push_str("\n|---|---|---|---|---|");
    if target.is_some() {
        out.push_str("---|");
    }
    out.push('\n');
    for change in CHANGES {
        let _ = write!(
            out,
            "| {}.{} | {} | {} | `{}` | {} |",
            change.since.major(),
            change.since.minor(),
            cell(change.what),
            cell(&flag_cell(change)),
            change.example,
            cell(change.note)
        );
        if let Some(target) = target {
            let _ = write!(out, " {} |", status(change, target));
        }
        out.push('\n');
    }
    out
}

fn row_json(change: &Change, target: Option<Dialect>) -> Value {
    let release = |d: Dialect| format!("{}.{}", d.major(), d.minor());
    let mut row = json!({
        "what": change.what,
        "since": release(change.since),
        "flag": change.flag.map(|f| f.name()),
        "flag_until": change.stable.map(release),
        "removed": change.removed.map(|(d, _)| release(d)),
        "replacement": change.removed.map(|(_, r)| r),
        "example": change.example,
        "release_note": change.note,
    });
    if let (Some(target), Some(object)) = (target, row.as_object_mut()) {
        object.insert("target".to_owned(), Value::from(status(change, target)));
    }
    row
}

/// Text that is safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
