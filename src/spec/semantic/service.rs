//! `service`: its name and labels.

use super::Checker;
use crate::path;
use crate::spec::Spec;

impl Checker<'_> {
    pub(super) fn service(&mut self, spec: &Spec) {
        self.name(&path!["service", "name"], &spec.service.name, "service");
        self.labels(&path!["service", "labels"], &spec.service.labels);
    }
}
