//! Suppressions: the findings of `validate` a team has decided to accept, without switching
//! a check off. In order of reach:
//!
//! * an inline comment in a YAML input, `# llm-slo: disable=CODE[,CODE] reason`, on the
//!   line before a rule or an expression (or after it on the same line): the block it
//!   starts ([`inline`]);
//! * `llm-slo: disable=CODE` in a Grafana panel's description: that panel;
//! * the `validate` section of the spec or of `.llm-slo.yaml`: codes ignored everywhere or
//!   in files matching globs (`ignore`), or in panels named by dashboard uid and panel id
//!   (`panels`);
//! * a baseline of accepted findings ([`baseline`]): only new findings are reported.
//!
//! A suppression that matches no finding is reported (`suppression/unused`): a warning for
//! a comment or a configuration entry, an info for baseline entries (a smaller baseline is
//! progress, not a defect). One that cannot be read is `suppression/invalid`. The
//! suppressions' own findings cannot be suppressed.

pub(crate) mod baseline;
pub(crate) mod inline;

use std::sync::Arc;

use regex::Regex;

pub use baseline::Baseline;
use inline::{Directive, Region};

use crate::base::Span;
use crate::diagnostics::codes::suppression::{INVALID, UNUSED};
use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::spec::validate::{Validate, covers, glob, unknown_code};
use crate::yaml::{Document, Path};

/// What `validate` does not report, besides its inputs' own `llm-slo: disable` comments.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Suppressions {
    /// Codes ignored everywhere, in some files, or in chosen panels.
    pub config: Validate,
    /// Findings accepted as they are.
    pub baseline: Option<Baseline>,
    /// Where `config` is written, to report an unused entry at its line.
    pub(crate) origin: Option<Origin>,
}

/// Where a `validate` section is written: its file and text, each entry's span, and the
/// section's own findings (unknown codes), reported with the run's.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    pub file: Arc<str>,
    pub text: Option<Arc<str>>,
    pub ignore: Vec<Span>,
    pub panels: Vec<Span>,
    pub findings: Vec<Diagnostic>,
}

impl Suppressions {
    /// The `validate` section of a file, with its positions (`document` is the file's YAML
    /// tree; `root` the path of the section in it).
    pub(crate) fn from_section(
        config: Validate,
        file: &Arc<str>,
        document: Option<&Document>,
        root: &Path,
    ) -> Suppressions {
        let locate = |key: &str, count: usize| -> Vec<Span> {
            (0..count)
                .map(|i| document.map_or_else(Span::default, |d| d.locate(&root.join(key).join(i))))
                .collect()
        };
        let origin = Origin {
            file: Arc::clone(file),
            text: None,
            ignore: locate("ignore", config.ignore.len()),
            panels: locate("panels", config.panels.len()),
            findings: Vec::new(),
        };
        Suppressions {
            config,
            baseline: None,
            origin: Some(origin),
        }
    }

    /// Reads `.llm-slo.yaml` (a repository's `validate` section, without a spec): the
    /// suppressions and their warnings, or every error.
    pub(crate) fn read_repository_config(
        file: &str,
        text: &str,
    ) -> Result<(Suppressions, Report), Report> {
        let file: Arc<str> = Arc::from(file);
        let text: Arc<str> = Arc::from(text);
        let mut report = Report::default();
        report.sources.add(&file, &text);
        let parsed = crate::yaml::parse(&text, crate::yaml::Limits::default());
        report
            .diagnostics
            .extend(crate::yaml::load::diagnostics(&file, &parsed.errors));
        let Some(document) = parsed.documents.first() else {
            return if report.has_errors() {
                Err(report)
            } else {
                Ok((Suppressions::default(), report))
            };
        };
        let config: crate::spec::validate::RepositoryConfig =
            match crate::yaml::load::deserialize(&file, document) {
                Ok(config) => config,
                Err(diagnostics) => {
                    report.diagnostics.extend(diagnostics);
                    return Err(report);
                }
            };
        let mut checker = crate::spec::semantic::Checker::new(document, &file, &text);
        checker.validate_section(&config.validate, &crate::yaml_path!["validate"]);
        report.extend(checker.finish());
        if report.has_errors() {
            return Err(report);
        }
        let mut suppressions = Suppressions::from_section(
            config.validate,
            &file,
            Some(document),
            &crate::yaml_path!["validate"],
        );
        if let Some(origin) = suppressions.origin.as_mut() {
            origin.text = Some(text);
            // Its warnings are the run's: every output format shows them.
            origin.findings = std::mem::take(&mut report.diagnostics);
        }
        Ok((suppressions, report))
    }

    /// The same suppressions with a baseline.
    pub fn with_baseline(mut self, baseline: Baseline) -> Suppressions {
        self.baseline = Some(baseline);
        self
    }
}

/// One suppression being applied, and whether it matched a finding.
struct Rule {
    codes: Vec<String>,
    scope: Scope,
    used: bool,
    /// How to report it when unused.
    at: Option<(Arc<str>, Span)>,
    what: String,
}

enum Scope {
    /// A region of a file.
    Region(Arc<str>, Region),
    /// Files whose paths match one of the globs (every file when empty).
    Paths(Vec<Regex>),
    /// Panels (regions) of one dashboard, by uid and panel id: resolved per file.
    Panels(Vec<(Arc<str>, Region)>),
}

impl Rule {
    fn matches(&self, diagnostic: &Diagnostic) -> bool {
        if !self.codes.iter().any(|p| covers(p, diagnostic.code)) {
            return false;
        }
        let at = diagnostic.location.as_ref();
        match &self.scope {
            Scope::Region(file, region) => {
                at.is_some_and(|l| l.file == *file && region.contains((l.line, l.column)))
            }
            Scope::Paths(globs) => {
                globs.is_empty()
                    || at.is_some_and(|l| {
                        let path = l.file.trim_start_matches("./");
                        globs.iter().any(|g| g.is_match(path))
                    })
            }
            Scope::Panels(regions) => at.is_some_and(|l| {
                regions
                    .iter()
                    .any(|(file, r)| l.file == *file && r.contains((l.line, l.column)))
            }),
        }
    }
}

fn invalid(file: &Arc<str>, span: Span, message: String) -> Diagnostic {
    let mut d = Diagnostic::error(INVALID, message).at(file, span);
    d.severity = Severity::Warning;
    d
}

/// Removes the suppressed findings of a report, and adds the suppressions' own findings.
pub(crate) fn apply(report: &mut Report, suppressions: &Suppressions) {
    let mut rules: Vec<Rule> = Vec::new();
    let mut own: Vec<Diagnostic> = Vec::new();
    let mut panels: Vec<(Arc<str>, inline::Panel)> = Vec::new();
    let mut files: Vec<(Arc<str>, Arc<str>)> = report
        .sources
        .iter()
        .map(|(f, t)| (Arc::clone(f), Arc::clone(t)))
        .collect();
    files.sort();
    let add_directives =
        |file: &Arc<str>, directives: Vec<Directive>, rules: &mut Vec<Rule>, own: &mut Vec<_>| {
            for directive in directives {
                let mut known = false;
                for code in &directive.codes {
                    match unknown_code(code) {
                        Some(message) => own.push(invalid(file, directive.at, message)),
                        None => known = true,
                    }
                }
                rules.push(Rule {
                    what: format!("`llm-slo: disable={}`", directive.codes.join(",")),
                    codes: directive.codes,
                    scope: Scope::Region(Arc::clone(file), directive.region),
                    // A directive of unknown codes only is reported as invalid, once.
                    used: !known,
                    at: Some((Arc::clone(file), directive.at)),
                });
            }
        };
    for (file, text) in &files {
        // Most files have no marker, and only `validate.panels` entries need a dashboard's
        // panels: such a file has nothing to read here.
        if !text.contains(inline::MARKER) && suppressions.config.panels.is_empty() {
            continue;
        }
        let found = if inline::is_json(text) {
            match inline::dashboard_panels(text) {
                Some((found_panels, directives, malformed)) => {
                    panels.extend(found_panels.into_iter().map(|p| (Arc::clone(file), p)));
                    (directives, malformed)
                }
                None => (Vec::new(), Vec::new()),
            }
        } else {
            inline::yaml_directives(text)
        };
        let (directives, malformed) = found;
        for m in malformed {
            own.push(invalid(file, m.at, m.message));
        }
        add_directives(file, directives, &mut rules, &mut own);
    }

    let origin = suppressions.origin.as_ref();
    let at = |spans: fn(&Origin) -> &Vec<Span>, i: usize| {
        origin.map(|o| {
            (
                Arc::clone(&o.file),
                spans(o).get(i).copied().unwrap_or_default(),
            )
        })
    };
    if let Some(origin) = origin {
        if let Some(text) = &origin.text {
            report.sources.add(&origin.file, text);
        }
        own.extend(origin.findings.iter().cloned());
    }
    for (i, ignore) in suppressions.config.ignore.iter().enumerate() {
        let place = at(|o| &o.ignore, i);
        let mut globs = Vec::new();
        for pattern in &ignore.paths {
            match glob(pattern) {
                Ok(regex) => globs.push(regex),
                Err(message) => {
                    if let Some((file, span)) = &place {
                        own.push(invalid(file, *span, message));
                    }
                }
            }
        }
        rules.push(Rule {
            what: format!(
                "`validate.ignore` entry {} ({}{})",
                i + 1,
                ignore.codes.join(", "),
                if ignore.paths.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", ignore.paths.join(", "))
                }
            ),
            codes: ignore.codes.clone(),
            scope: Scope::Paths(globs),
            // Its unknown codes are reported as invalid where it is checked.
            used: ignore.codes.iter().all(|c| unknown_code(c).is_some()),
            at: place,
        });
    }
    for (i, entry) in suppressions.config.panels.iter().enumerate() {
        let regions = panels
            .iter()
            .filter(|(_, p)| {
                p.dashboard.as_deref() == Some(entry.dashboard.as_str())
                    && entry.panel.is_none_or(|id| p.id == Some(id))
            })
            .map(|(file, p)| (Arc::clone(file), p.region))
            .collect();
        rules.push(Rule {
            what: format!(
                "`validate.panels` entry {} (dashboard `{}`{})",
                i + 1,
                entry.dashboard,
                entry
                    .panel
                    .map(|id| format!(", panel {id}"))
                    .unwrap_or_default()
            ),
            codes: entry.codes.clone(),
            scope: Scope::Panels(regions),
            used: entry.codes.iter().all(|c| unknown_code(c).is_some()),
            at: at(|o| &o.panels, i),
        });
    }

    let mut baseline = suppressions.baseline.clone();
    report.diagnostics.retain(|diagnostic| {
        if diagnostic.code.as_str().starts_with("suppression/") {
            return true;
        }
        let mut suppressed = false;
        for rule in rules.iter_mut() {
            if rule.matches(diagnostic) {
                rule.used = true;
                suppressed = true;
            }
        }
        if !suppressed
            && baseline::accepts(diagnostic)
            && let Some(baseline) = baseline.as_mut()
            && let Some(count) = baseline.entries.get_mut(&baseline::key(diagnostic))
            && *count > 0
        {
            *count -= 1;
            suppressed = true;
        }
        !suppressed
    });

    // An entry whose files or dashboard this run did not read is not judged by it.
    let read: Vec<&str> = files
        .iter()
        .map(|(f, _)| f.trim_start_matches("./"))
        .collect();
    let in_scope = |rule: &Rule| match &rule.scope {
        Scope::Region(..) => true,
        Scope::Paths(globs) => {
            globs.is_empty() || read.iter().any(|f| globs.iter().any(|g| g.is_match(f)))
        }
        Scope::Panels(regions) => !regions.is_empty(),
    };
    for rule in rules.iter().filter(|r| !r.used && in_scope(r)) {
        let mut d = Diagnostic::error(
            UNUSED,
            format!("{} suppresses nothing: no finding matches it", rule.what),
        )
        .with_help("remove it (the finding it was written for is gone)");
        d.severity = Severity::Warning;
        if let Some((file, span)) = &rule.at {
            d = d.at(file, *span);
        }
        own.push(d);
    }
    if let Some(baseline) = &baseline {
        let stale: usize = baseline.entries.values().sum();
        if stale > 0 {
            let file = baseline
                .file
                .clone()
                .unwrap_or_else(|| inline::file("baseline"));
            let mut d = Diagnostic::error(
                UNUSED,
                format!("{stale} findings of the baseline are gone (fixed, or changed)"),
            )
            .with_help("write the baseline again with `--write-baseline` to drop them")
            .at(&file, inline::file_start());
            d.severity = Severity::Info;
            own.push(d);
        }
    }
    report.diagnostics.extend(own);
    report.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_stay_in_folders_unless_doubled() {
        let g = glob("dashboards/*.json").unwrap();
        assert!(g.is_match("dashboards/a.json"));
        assert!(!g.is_match("dashboards/old/a.json"));
        let g = glob("rules/**").unwrap();
        assert!(g.is_match("rules/a/b.yml"));
        let g = glob("**/legacy/*.yml").unwrap();
        assert!(g.is_match("legacy/a.yml") && g.is_match("x/y/legacy/a.yml"));
    }

    #[test]
    fn codes_cover_themselves_or_their_area() {
        let code = crate::diagnostics::codes::promql::SHORT_RANGE;
        assert!(covers("promql/short-range", code));
        assert!(covers("promql/*", code));
        assert!(!covers("prom/*", code));
        assert!(unknown_code("promql/*").is_none());
        assert!(unknown_code("promql/short-rang").is_some());
    }
}
