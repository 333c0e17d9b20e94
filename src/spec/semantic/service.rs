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
    }
}
