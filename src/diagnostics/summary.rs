//! What a validation run read: the counts that the human format's last line and the JSON
//! format's `summary` show, so that "no findings" can be told apart from "read nothing".

use std::fmt::Write;

/// What a run over files and folders read, and what it skipped and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Files read as inputs.
    pub files: usize,
    /// Prometheus rule files among them (empty ones included).
    pub rule_files: usize,
    /// Kubernetes manifests (PrometheusRule, List, ConfigMap).
    pub manifests: usize,
    /// Grafana dashboards, embedded ones included.
    pub dashboards: usize,
    /// Grafana alert provisioning files.
    pub grafana_alert_files: usize,
    /// llm-slo specs.
    pub specs: usize,
    /// Rules (recording and alerting, Prometheus and Grafana).
    pub rules: usize,
    /// Dashboard panels, library panels included.
    pub panels: usize,
    /// PromQL expressions checked.
    pub expressions: usize,
    /// Queries not checked because their datasource is not Prometheus-compatible.
    pub other_datasource_queries: usize,
    /// Files found in folders and not read, with the reason.
    pub skipped: Vec<Skipped>,
}

/// A file that was found in a folder and not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// The path as found.
    pub path: String,
    /// Why, in a few words (`not a known input`, `not UTF-8`, `larger than 32 MiB`, …).
    pub reason: String,
}

impl Summary {
    /// Adds another run's counts.
    pub(crate) fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.rule_files += other.rule_files;
        self.manifests += other.manifests;
        self.dashboards += other.dashboards;
        self.grafana_alert_files += other.grafana_alert_files;
        self.specs += other.specs;
        self.rules += other.rules;
        self.panels += other.panels;
        self.expressions += other.expressions;
        self.other_datasource_queries += other.other_datasource_queries;
        self.skipped.extend(other.skipped.iter().cloned());
    }

    /// One line: `read 3 files (1 rule file, 2 dashboards): 12 rules, 8 panels, 40
    /// expressions; skipped 1 file (1 not a known input)`; counts of zero are left out.
    pub fn line(&self) -> String {
        let mut kinds = Vec::new();
        for (n, one, many) in [
            (self.rule_files, "rule file", "rule files"),
            (self.manifests, "manifest", "manifests"),
            (self.dashboards, "dashboard", "dashboards"),
            (
                self.grafana_alert_files,
                "Grafana alert file",
                "Grafana alert files",
            ),
            (self.specs, "spec", "specs"),
        ] {
            if n > 0 {
                kinds.push(count(n, one, many));
            }
        }
        let mut out = format!("read {}", count(self.files, "file", "files"));
        if !kinds.is_empty() {
            let _ = write!(out, " ({})", kinds.join(", "));
        }
        let counts: Vec<String> = [
            (self.rules, "rule", "rules"),
            (self.panels, "panel", "panels"),
            (self.expressions, "expression", "expressions"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| count(*n, one, many))
        .collect();
        if !counts.is_empty() {
            let _ = write!(out, ": {}", counts.join(", "));
        }
        if self.other_datasource_queries > 0 {
            let _ = write!(
                out,
                " ({} for other datasources not checked)",
                count(self.other_datasource_queries, "query", "queries")
            );
        }
        if !self.skipped.is_empty() {
            let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
            for skipped in &self.skipped {
                *reasons.entry(skipped.reason.as_str()).or_default() += 1;
            }
            let reasons: Vec<String> = reasons
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            let _ = write!(
                out,
                "; skipped {} ({})",
                count(self.skipped.len(), "file", "files"),
                reasons.join(", ")
            );
        }
        out
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
