//! `prometheus/series.md`: how many series the recording rules write, per recorded name and
//! per dimension, so a team sees what a new dimension (`tenant`) costs before adding it.
//!
//! Each recording rule's result labels come from its expression ([`result_labels`]), with
//! the labels of series recorded earlier in the file known; the rule's own labels have one
//! value each. The values of a label are counted from the spec where it knows them (the
//! priced models for provider and model, the profile's token types) and from
//! `recording.cardinality` otherwise, with a stated assumption when that is silent.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use llm_slo_core::contract::TOKEN_TYPE;

use super::model::{RuleFile, RuleKind};
use crate::load::LoadedSpec;
use crate::promql::ast::{MatchOp, VectorSelector};
use crate::promql::labels::{Labels, result_labels};
use crate::queries::Queries;

/// The values assumed for a dimension that `recording.cardinality` does not give.
pub(crate) const ASSUMED_VALUES: u64 = 10;

/// Where the summary is written, relative to the output folder.
pub(crate) const PATH: &str = "prometheus/series.md";

/// How many values a label has, and where that figure comes from.
#[derive(Clone, Debug)]
struct Values {
    /// The dimension's name in the spec (`model`), or the label itself.
    dimension: String,
    count: u64,
    source: &'static str,
}

/// One recorded name: its rules, the labels its series vary by, and how many series.
struct Recorded {
    rules: usize,
    varying: Labels,
    series: u64,
}

/// The label values of the spec: provider and model from the priced models, the token type
/// from the profile, the rest from `recording.cardinality` or the assumption.
struct Cardinality<'a> {
    loaded: &'a LoadedSpec,
    q: &'a Queries,
}

impl Cardinality<'_> {
    /// The values of `label`.
    fn values(&self, label: &str) -> Values {
        let spec = &self.loaded.spec;
        let models = &spec.pricing.models;
        if label == self.q.label("model") {
            return Values {
                dimension: "model".to_owned(),
                count: models.len() as u64,
                source: "`pricing.models`",
            };
        }
        if label == self.q.label("provider") {
            let mut providers: Vec<&str> = models.iter().map(|m| m.provider.as_str()).collect();
            providers.sort_unstable();
            providers.dedup();
            return Values {
                dimension: "provider".to_owned(),
                count: providers.len() as u64,
                source: "`pricing.models`",
            };
        }
        if label == self.q.contract.label(TOKEN_TYPE) {
            return Values {
                dimension: "token type".to_owned(),
                count: super::prices::token_type_count(self.q) as u64,
                source: "the profile's token types",
            };
        }
        let given = spec
            .recording
            .cardinality
            .iter()
            .find(|(dimension, _)| self.q.label(dimension) == label || *dimension == label);
        match given {
            Some((dimension, count)) => Values {
                dimension: dimension.clone(),
                count: *count,
                source: "`recording.cardinality`",
            },
            None => Values {
                dimension: label.to_owned(),
                count: ASSUMED_VALUES,
                source: "assumed: set `recording.cardinality`",
            },
        }
    }

    /// The series of a result varying by `labels`, with the rule's own labels `fixed`:
    /// provider and model together count the priced models once (each model has one
    /// provider), and a rule of one provider (the price series) counts that provider's.
    fn series(&self, labels: &Labels, fixed: &BTreeMap<String, String>) -> u64 {
        let (provider, model) = (self.q.label("provider"), self.q.label("model"));
        labels
            .iter()
            .filter(|l| !(**l == provider && labels.contains(&model)))
            .map(|l| match fixed.get(&provider) {
                Some(one) if *l == model => self
                    .loaded
                    .spec
                    .pricing
                    .models
                    .iter()
                    .filter(|m| m.provider == *one)
                    .count() as u64,
                _ => self.values(l).count,
            })
            .product()
    }
}

/// The summary of a rule file's recording rules, as Markdown.
pub(crate) fn summary(loaded: &LoadedSpec, file: &RuleFile, header: &str) -> String {
    let q = loaded.spec.queries();
    let values = Cardinality { loaded, q: &q };
    // Each recording so far: its name, its own labels, and every label of its series.
    let mut seen: Vec<(&str, &BTreeMap<String, String>, Labels)> = Vec::new();
    let mut recorded: BTreeMap<String, Recorded> = BTreeMap::new();
    let mut unknown = std::collections::BTreeSet::new();
    for rule in file.rules() {
        let RuleKind::Record(name) = &rule.kind else {
            continue;
        };
        // The recordings a selector selects: its name, and its `=` matchers on their own
        // labels (`slo="chat"` picks that SLO's series, not every SLO's).
        let known = |selector: &VectorSelector| {
            let metric = selector.name.as_ref()?.value.as_str();
            let mut labels: Option<Labels> = None;
            for (name, own, all) in &seen {
                let selected = *name == metric
                    && selector.matchers.iter().all(|m| {
                        m.op != MatchOp::Equal
                            || own.get(&m.name.value).is_none_or(|v| *v == m.value)
                    });
                if selected {
                    labels
                        .get_or_insert_with(Labels::new)
                        .extend(all.iter().cloned());
                }
            }
            labels
        };
        let result = crate::promql::parse(&rule.expr)
            .ok()
            .and_then(|expr| result_labels(&expr, &known));
        let Some(mut varying) = result else {
            unknown.insert(name.clone());
            continue;
        };
        for fixed in rule.labels.keys() {
            varying.remove(fixed);
        }
        let series = values.series(&varying, &rule.labels);
        let all: Labels = varying.iter().chain(rule.labels.keys()).cloned().collect();
        seen.push((name.as_str(), &rule.labels, all));
        let entry = recorded.entry(name.clone()).or_insert(Recorded {
            rules: 0,
            varying: Labels::new(),
            series: 0,
        });
        entry.rules += 1;
        entry.varying.extend(varying);
        entry.series += series;
    }
    render(loaded, &values, &recorded, &unknown, header)
}

fn render(
    loaded: &LoadedSpec,
    values: &Cardinality<'_>,
    recorded: &BTreeMap<String, Recorded>,
    unknown: &std::collections::BTreeSet<String>,
    header: &str,
) -> String {
    let spec = &loaded.spec;
    let total: u64 = recorded.values().map(|r| r.series).sum();
    let mut out = format!(
        "<!-- {header} -->\n\n# Recorded series of {}\n\n",
        spec.service.name
    );
    let _ = writeln!(
        out,
        "The recording rules write **{total} series** (alerts add series only while they fire). \
         Each recorded name writes one series per combination of the values of the labels it \
         varies by; a rule's own labels (`service`, `slo`, `quantile`, …) have one value.\n"
    );
    let mut labels: Labels = Labels::new();
    for r in recorded.values() {
        labels.extend(r.varying.iter().cloned());
    }
    out.push_str("## Per dimension\n\n");
    out.push_str(
        "| Label | Dimension | Values | From | Series that vary by it | Series per value |\n",
    );
    out.push_str("|---|---|---:|---|---:|---:|\n");
    for label in &labels {
        let v = values.values(label);
        let carrying: u64 = recorded
            .values()
            .filter(|r| r.varying.contains(label))
            .map(|r| r.series)
            .sum();
        let _ = writeln!(
            out,
            "| `{label}` | {} | {} | {} | {carrying} | {} |",
            v.dimension,
            v.count,
            v.source,
            carrying / v.count.max(1)
        );
    }
    out.push_str(
        "\nProvider and model together count each priced model once (a model has one provider).\n\n",
    );
    let dimensions = values.q.recording_by();
    let full: u64 = recorded
        .values()
        .filter(|r| dimensions.iter().all(|d| r.varying.contains(d)))
        .map(|r| r.series)
        .sum();
    let _ = writeln!(
        out,
        "A dimension added to `recording.by` multiplies the {full} series that vary by every \
         recording dimension by its number of values: with 100 tenants, {} series more.\n",
        full.saturating_mul(99)
    );
    out.push_str(
        "## Per recorded name\n\n| Series | Rules | Varies by | Series |\n|---|---:|---|---:|\n",
    );
    for (name, r) in recorded {
        let by: Vec<String> = r.varying.iter().map(|l| format!("`{l}`")).collect();
        let by = if by.is_empty() {
            "—".to_owned()
        } else {
            by.join(", ")
        };
        let _ = writeln!(out, "| `{name}` | {} | {by} | {} |", r.rules, r.series);
    }
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(
            out,
            "\nNot counted (their labels come from series whose labels are not known here, such \
             as an event SLO's own PromQL): {}.",
            names.join(", ")
        );
    }
    out
}
