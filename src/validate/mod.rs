//! `llm-slo validate`: Prometheus rule files, Kubernetes manifests (PrometheusRule, List,
//! ConfigMap), Grafana dashboards and alert provisioning files, and llm-slo specs, checked
//! offline against the metric contract.
//!
//! Each input is read with positions ([`crate::yaml`]); every PromQL expression in it is
//! parsed by [`crate::promql`] for the target dialect and run through the checks of
//! [`crate::promql::lints`]; findings land at their line and column in the file — inside the
//! expression too, through quotes, escapes and block scalars, and inside a document embedded
//! in a ConfigMap.

pub(crate) mod codes;
pub(crate) mod dashboard;
mod detect;
mod discover;
mod embedded;
mod grafana_alerts;
mod manifest;
pub(crate) mod options;
mod rulefile;
mod spec_input;
pub(crate) mod suppress;
pub(crate) mod template;

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Report, Source, Summary};
use crate::promql::Settings;

pub(crate) use discover::{InputKind, classify};

/// Validates text as the kind of input it is.
pub(crate) fn validate_text(file: &str, text: &str, settings: &Settings) -> Report {
    let source = Source::new(file, text);
    let mut report = Report::default();
    report.sources.add(&source.file, &source.text);
    let mut summary = Summary {
        files: 1,
        ..Summary::default()
    };
    let diagnostics = match classify(text) {
        // A spec says its own contract.
        Some(InputKind::Spec) => validate_kind(
            InputKind::Spec,
            &source,
            settings,
            &mut summary,
            &mut report,
        ),
        Some(kind) => {
            let (settings, note) = detect::for_file(&source, settings);
            let mut found = validate_kind(kind, &source, &settings, &mut summary, &mut report);
            found.extend(note);
            found
        }
        None => vec![source.at(
            Diagnostic::error(
                codes::UNKNOWN_INPUT,
                "not a Prometheus rule file, Kubernetes manifest, Grafana dashboard or alert \
                 provisioning file, or llm-slo spec",
            ),
            0,
            0,
        )],
    };
    report.diagnostics.extend(diagnostics);
    report.summary = Some(Box::new(summary));
    report.sort();
    report
}

/// Validates a source of a known kind, counting what it reads.
fn validate_kind(
    kind: InputKind,
    source: &Source,
    settings: &Settings,
    summary: &mut Summary,
    report: &mut Report,
) -> Vec<Diagnostic> {
    match kind {
        InputKind::RuleFile => {
            summary.rule_files += 1;
            rulefile::validate(source, settings, summary)
        }
        InputKind::Manifests => {
            summary.manifests += 1;
            manifest::validate(source, settings, summary)
        }
        InputKind::Dashboard => {
            summary.dashboards += 1;
            dashboard::validate(source, settings, summary)
        }
        InputKind::GrafanaAlerts => {
            summary.grafana_alert_files += 1;
            grafana_alerts::validate(source, settings, summary)
        }
        InputKind::Spec => {
            summary.specs += 1;
            spec_input::validate(source, settings, report)
        }
    }
}

/// Validates files and folders (recursively, by content).
/// Validates each file, on as many threads as the machine has cores (files are independent),
/// and returns the reports in the files' order, so the output does not depend on the
/// machine.
fn validate_all(texts: &[(String, String)], settings: &Settings) -> Vec<Report> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(texts.len());
    if threads <= 1 {
        return texts
            .iter()
            .map(|(name, text)| validate_text(name, text, settings))
            .collect();
    }
    // Each thread takes the next file not yet taken, so one large file does not leave the
    // other threads idle.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut reports: Vec<Option<Report>> = Vec::new();
    reports.resize_with(texts.len(), || None);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let next = &next;
                scope.spawn(move || {
                    std::iter::from_fn(|| {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        texts
                            .get(i)
                            .map(|(name, text)| (i, validate_text(name, text, settings)))
                    })
                    .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => {
                    for (i, report) in done {
                        reports[i] = Some(report);
                    }
                }
                // A panic in a worker is a bug; let it surface as it would without threads.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    reports.into_iter().flatten().collect()
}

pub(crate) fn validate_paths(
    paths: &[PathBuf],
    settings: &Settings,
    skip_unknown: bool,
) -> Result<Report, std::io::Error> {
    let mut report = Report::default();
    let mut found = discover::discover(paths)?;
    if skip_unknown {
        // Named files that are none of the inputs are skipped, as files in folders are.
        let (inputs, unknown): (Vec<_>, Vec<_>) = found.inputs.into_iter().partition(|input| {
            input
                .text
                .as_ref()
                .map_or(true, |text| classify(text).is_some())
        });
        found.inputs = inputs;
        found.skipped.extend(
            unknown
                .into_iter()
                .map(|input| crate::diagnostics::Skipped {
                    path: input.path.display().to_string(),
                    reason: "not a known input".to_owned(),
                }),
        );
    }
    for skipped in &found.skipped {
        let file = std::sync::Arc::<str>::from(skipped.path.as_str());
        let mut info = Diagnostic::error(codes::SKIPPED, format!("skipped: {}", skipped.reason))
            .at(&file, crate::base::Span::default());
        info.severity = crate::diagnostics::Severity::Info;
        report.diagnostics.push(info);
    }
    let mut summary = Summary {
        skipped: found.skipped,
        ..Summary::default()
    };
    let mut texts = Vec::new();
    for input in found.inputs {
        match input.text {
            Ok(text) => texts.push((input.path.display().to_string(), text)),
            Err(diagnostic) => {
                summary.files += 1;
                report.diagnostics.push(*diagnostic);
            }
        }
    }
    for file_report in validate_all(&texts, settings) {
        report.extend(file_report);
    }
    report
        .summary
        .get_or_insert_with(Box::default)
        .add(&summary);
    // Skipped files among the others, in file order.
    report.sort();
    Ok(report)
}
