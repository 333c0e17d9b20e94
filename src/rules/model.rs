//! The Prometheus rule file model and its YAML form.

use std::collections::BTreeMap;

use crate::base::Duration;
use crate::yaml::emit::Value;

/// A rule file: `groups:`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RuleFile {
    /// The groups, in order.
    pub groups: Vec<RuleGroup>,
}

/// A rule group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RuleGroup {
    /// Unique name in the file.
    pub name: String,
    /// Evaluation interval, when not the global one.
    pub interval: Option<Duration>,
    /// The rules, evaluated in order.
    pub rules: Vec<Rule>,
}

/// Recording or alerting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RuleKind {
    /// `record: name`
    Record(String),
    /// `alert: name`
    Alert(String),
}

/// One rule.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rule {
    /// Recording or alerting, with its name.
    pub kind: RuleKind,
    /// The PromQL expression.
    pub expr: String,
    /// How long an alert's condition must hold.
    pub for_: Option<Duration>,
    /// Labels added to the result.
    pub labels: BTreeMap<String, String>,
    /// Annotations of an alert (Go templates).
    pub annotations: BTreeMap<String, String>,
}

impl RuleFile {
    /// The YAML value of the file, keys in Prometheus's documented order.
    pub(crate) fn to_value(&self) -> Value {
        Value::map([("groups", Some(self.to_value_groups()))])
    }

    /// The YAML value of the groups alone (a `PrometheusRule`'s `spec.groups`).
    pub(crate) fn to_value_groups(&self) -> Value {
        Value::Seq(self.groups.iter().map(RuleGroup::to_value).collect())
    }

    /// Every rule of every group.
    pub(crate) fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.groups.iter().flat_map(|g| g.rules.iter())
    }
}

impl RuleGroup {
    fn to_value(&self) -> Value {
        Value::map([
            ("name", Some(Value::str(&self.name))),
            ("interval", self.interval.map(|d| Value::str(d.to_string()))),
            (
                "rules",
                Some(Value::Seq(self.rules.iter().map(Rule::to_value).collect())),
            ),
        ])
    }
}

impl Rule {
    fn to_value(&self) -> Value {
        let (key, name) = match &self.kind {
            RuleKind::Record(name) => ("record", name),
            RuleKind::Alert(name) => ("alert", name),
        };
        let map = |m: &BTreeMap<String, String>| {
            (!m.is_empty())
                .then(|| Value::Map(m.iter().map(|(k, v)| (k.clone(), Value::str(v))).collect()))
        };
        Value::map([
            (key, Some(Value::str(name))),
            ("expr", Some(Value::str(&self.expr))),
            ("for", self.for_.map(|d| Value::str(d.to_string()))),
            ("labels", map(&self.labels)),
            ("annotations", map(&self.annotations)),
        ])
    }
}
