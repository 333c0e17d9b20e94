//! `service`: its name and labels.

use super::Checker;
use crate::spec::Spec;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn service(&mut self, spec: &Spec) {
        self.name(
            &yaml_path!["service", "name"],
            &spec.service.name,
            "service",
        );
        self.labels(&yaml_path!["service", "labels"], &spec.service.labels);
        self.generated_label_clash(spec);
    }

    /// A service label that a generated one would replace: the labels of the rules
    /// themselves, and on recorded series the labels they keep (a `feature: chat` service
    /// label would fold every feature's series into one).
    fn generated_label_clash(&mut self, spec: &Spec) {
        let kept = spec.queries().recording_by();
        for name in spec.service.labels.keys() {
            let what = generated_label(name).map(str::to_owned).or_else(|| {
                kept.contains(name)
                    .then(|| "a dimension the recording rules keep".to_owned())
            });
            if let Some(what) = what {
                let diagnostic = self.error_at_key(
                    crate::spec::codes::INVALID_LABEL,
                    &yaml_path!["service", "labels", name.as_str()],
                    format!(
                        "label `{name}` is also set by the generated rules ({what}): one of the two values would be lost"
                    ),
                );
                diagnostic.help = Some("give the label another name".to_owned());
            }
        }
    }
}

/// The labels the generated rules set themselves, and what each holds.
const GENERATED: &[(&str, &str)] = &[
    ("service", "the service's name, on every rule"),
    ("severity", "the alerts' severity"),
    ("slo", "the SLO's name"),
    ("tier", "the burn-rate tier, page or ticket"),
    ("window", "the burn-rate alert's long window"),
    ("budget", "the budget's name"),
    ("period", "the budget's period"),
    ("quantile", "the recorded quantile"),
    ("le", "histogram buckets"),
    ("alertname", "the alert's name"),
];

/// What a label holds when the generated rules set it themselves.
pub(crate) fn generated_label(name: &str) -> Option<&'static str> {
    GENERATED
        .iter()
        .find(|(label, _)| *label == name)
        .map(|(_, what)| *what)
}
