//! promtool unit tests of the generated rules (`prometheus/tests/*.test.yml`): for every
//! alert a case where it fires and one where it stays quiet, and checks of the main
//! recording rules, with input series synthesised from the metric contract.
//!
//! Firing is checked through the `ALERTS` series (`promql_expr_test`), which carries every
//! label of the alert: the labels are exact, the annotations (which hold humanized values)
//! are left to the template checker. Recorded values are compared after scaling and
//! `round`, because promtool compares floats exactly.
//!
//! Not tested, and said so in the files: custom alerts (their series are the user's),
//! event SLIs (their queries too), and native histograms (promtool 2's input series cannot
//! express them).
//!
//! One file per kind of rule ([`recording`], [`alerts`], [`budgets`], [`slos`]), the input
//! series they share ([`inputs`]) and the file format ([`file`]).

mod alerts;
mod budgets;
mod file;
mod inputs;
mod recording;
mod slos;

use std::collections::BTreeMap;

use crate::base::Duration;
use crate::load::LoadedSpec;
use crate::output::GeneratedFile;
use crate::promql::build::{self, Matcher};
use crate::queries::Queries;
use crate::rules::model::RuleFile;
use crate::spec::budgets::Period;
use crate::spec::outputs::RuleFormat;
use file::test_file;

/// The folder of the test files, inside the output folder.
pub(crate) const TESTS_DIR: &str = "prometheus/tests";

/// The step of every input series and of rule evaluation.
const STEP: Duration = Duration::from_mins(1);

/// One input series.
struct Series {
    name: String,
    labels: BTreeMap<String, String>,
    /// Increase per step.
    per_step: f64,
    steps: u64,
    /// Then this increase per step for this many more steps (a change of behaviour).
    after: Option<(f64, u64)>,
}

/// One `promql_expr_test`.
struct Check {
    expr: String,
    eval_time: Duration,
    /// (labels in series notation, value).
    samples: Vec<(String, String)>,
}

/// One test group.
struct Case {
    name: String,
    interval: Duration,
    series: Vec<Series>,
    checks: Vec<Check>,
}

/// Whole minutes, rounded up.
fn minutes(d: Duration) -> u64 {
    d.as_millis().div_ceil(60_000)
}

/// A label set in series notation: `name{a="b", …}`.
fn notation(name: &str, labels: &BTreeMap<String, String>) -> String {
    let matchers: Vec<Matcher> = labels.iter().map(|(k, v)| Matcher::eq(k, v)).collect();
    if name.is_empty() {
        let inner: Vec<String> = matchers
            .iter()
            .map(|m| format!("{}={}", build::label(&m.label), build::string(&m.value)))
            .collect();
        format!("{{{}}}", inner.join(", "))
    } else {
        build::selector(name, &matchers)
    }
}

/// Undoes [`crate::rules::alerts::go_literal`]: the value Prometheus puts on the alert.
fn expanded(value: &str) -> String {
    value
        .replace(r#"{{ "{{" }}"#, "{{")
        .replace(r#"{{ "}}" }}"#, "}}")
}

struct Generator<'a> {
    loaded: &'a LoadedSpec,
    q: Queries,
    file: &'a RuleFile,
}

/// Whether promtool 2 can read the test files: every name a legacy one.
fn promtool_2_reads(loaded: &LoadedSpec) -> bool {
    let contract = loaded.spec.telemetry.contract();
    contract.series().iter().all(|s| {
        llm_slo_core::contract::is_legacy_metric_name(&s.name)
            && s.labels
                .iter()
                .all(|l| llm_slo_core::contract::is_legacy_label_name(l))
    })
}

/// The unit test files of a rule file: `recording.test.yml`, `alerts.test.yml`, one per SLO
/// and one per monthly budget. None when the plain rule file is not written or promtool 2
/// cannot read the names.
pub(crate) fn generate(loaded: &LoadedSpec, file: &RuleFile, header: &str) -> Vec<GeneratedFile> {
    if !loaded
        .spec
        .outputs
        .rules
        .formats
        .contains(&RuleFormat::Prometheus)
        || !promtool_2_reads(loaded)
    {
        return Vec::new();
    }
    let g = Generator {
        loaded,
        q: loaded.spec.queries(),
        file,
    };
    let spec = &loaded.spec;
    let overrides = Overrides(loaded.templates.keys().map(String::as_str).collect());
    let mut out = Vec::new();
    let recording = g.recording_cases();
    if let Some(note) = overrides.note("recording/", "the recording rules") {
        // The expected values are the shipped templates'; an override computes its own.
        if !recording.is_empty() {
            out.push(test_file(
                format!("{TESTS_DIR}/recording.test.yml"),
                header,
                &[note],
                &[],
            ));
        }
    } else if !recording.is_empty() {
        out.push(test_file(
            format!("{TESTS_DIR}/recording.test.yml"),
            header,
            &[],
            &recording,
        ));
    }
    let mut cases = Vec::new();
    g.llm_alert_cases(&spec.alerts, &mut cases);
    for budget in spec.budgets.iter().filter(|b| b.period != Period::Month) {
        g.budget_cases(budget, &mut cases);
    }
    let mut notes = Vec::new();
    for (template, alert) in ALERT_TEMPLATES {
        if overrides.0.contains(template) {
            cases.retain(|case| !case.mentions(alert));
            notes.push(overrides.owned(template, &format!("`{alert}`")));
        }
    }
    if let Some(note) = overrides.note("budgets/", "the budget alerts") {
        cases.retain(|case| !case.mentions("LLMBudget"));
        notes.push(note);
    }
    if !spec.alerts.custom.is_empty() {
        notes.push(format!(
            "Not tested here: the custom alerts ({}), whose series only their author knows.",
            spec.alerts
                .custom
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !cases.is_empty() || !notes.is_empty() {
        out.push(test_file(
            format!("{TESTS_DIR}/alerts.test.yml"),
            header,
            &notes,
            &cases,
        ));
    }
    // The quality-drop alert's baseline spans days: a file of its own, evaluated coarser.
    let (quality, step) = g.quality_drop_cases(&spec.alerts);
    let quality_note = overrides
        .0
        .contains(&"alerts/quality_drop.promql.j2")
        .then(|| overrides.owned("alerts/quality_drop.promql.j2", "`LLMQualityDrop`"));
    if quality_note.is_some() || !quality.is_empty() {
        out.push(file::test_file_every(
            format!("{TESTS_DIR}/quality-drop.test.yml"),
            header,
            &quality_note.iter().cloned().collect::<Vec<_>>(),
            if quality_note.is_some() {
                &[]
            } else {
                &quality
            },
            step,
        ));
    }
    for budget in spec.budgets.iter().filter(|b| b.period == Period::Month) {
        let mut cases = Vec::new();
        g.budget_cases(budget, &mut cases);
        let note = overrides.note("budgets/", "the budget alerts");
        if note.is_some() {
            cases.clear();
        }
        if !cases.is_empty() || note.is_some() {
            out.push(test_file(
                format!("{TESTS_DIR}/budget-{}.test.yml", budget.name),
                header,
                &note.into_iter().collect::<Vec<_>>(),
                &cases,
            ));
        }
    }
    for slo in &spec.slos {
        let mut cases = g.slo_cases(slo);
        let note = overrides.note("slo/", "the SLO rules");
        if note.is_some() {
            cases.clear();
        }
        if !cases.is_empty() || note.is_some() {
            out.push(test_file(
                format!("{TESTS_DIR}/slo-{}.test.yml", slo.name),
                header,
                &note.into_iter().collect::<Vec<_>>(),
                &cases,
            ));
        }
    }
    out
}

/// The shipped alert templates and the alert each one writes.
/// promtool evaluates tests from the Unix epoch: the prices in force then are the ones the
/// time-guarded price rules give.
const EPOCH: llm_slo_core::pricing::time::Instant = llm_slo_core::pricing::time::Instant(0);

const ALERT_TEMPLATES: &[(&str, &str)] = &[
    // Both runaway alerts (a prefix of their names).
    ("alerts/agent_calls.promql.j2", "LLMRunawayAgent"),
    ("alerts/agent_cost.promql.j2", "LLMAgentRunCostHigh"),
    ("alerts/cache_hit_ratio.promql.j2", "LLMLowCacheHitRatio"),
    ("alerts/error_ratio.promql.j2", "LLMHighErrorRate"),
    ("alerts/latency.promql.j2", "LLMHighLatency"),
    ("alerts/no_data.promql.j2", "LLMNoData"),
    ("alerts/spend.promql.j2", "LLMHighCost"),
    ("alerts/time_to_first_chunk.promql.j2", "LLMSlowFirstChunk"),
    ("alerts/unpriced_calls.promql.j2", "LLMUnpricedCalls"),
];

/// The spec's template overrides. A generated test expects what the shipped templates
/// compute, so the test of an overridden rule is left out, with a note saying whose it is:
/// never a test that fails because the user changed the rule on purpose.
struct Overrides<'a>(Vec<&'a str>);

impl Overrides<'_> {
    /// The note for `what`, when a template under `prefix` is overridden.
    fn note(&self, prefix: &str, what: &str) -> Option<String> {
        let names: Vec<&str> = self
            .0
            .iter()
            .copied()
            .filter(|name| name.starts_with(prefix))
            .collect();
        (!names.is_empty()).then(|| self.owned(&names.join(", "), what))
    }

    fn owned(&self, templates: &str, what: &str) -> String {
        format!(
            "Not tested here: {what}, whose template is overridden ({templates}): their tests are yours."
        )
    }
}

impl Case {
    /// Whether a check of the case queries `alert` (by name or prefix).
    fn mentions(&self, alert: &str) -> bool {
        self.checks
            .iter()
            .any(|check| check.expr.contains(&format!("alertname=\"{alert}")))
    }
}
