//! `outputs`: the folder and the rule formats.

use super::Checker;
use crate::spec::Spec;
use crate::spec::codes;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn outputs(&mut self, spec: &Spec) {
        let dir = &spec.outputs.dir;
        if dir.trim().is_empty() {
            self.error(
                codes::OUT_OF_RANGE,
                &yaml_path!["outputs", "dir"],
                "dir must not be empty".to_owned(),
            );
        }
        let mut formats = spec.outputs.rules.formats.clone();
        formats.sort();
        if formats.windows(2).any(|w| w[0] == w[1]) {
            self.error(
                codes::DUPLICATE_ENTRY,
                &yaml_path!["outputs", "rules", "formats"],
                "a format is listed twice".to_owned(),
            );
        }
    }
}
