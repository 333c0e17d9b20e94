//! `validate`: codes that exist and globs that parse. A misspelt code would suppress
//! nothing, silently.

use super::Checker;
use crate::diagnostics::Severity;
use crate::diagnostics::codes::suppression::INVALID;
use crate::spec::Spec;
use crate::spec::validate::{Validate, glob, unknown_code};
use crate::yaml::Path;
use crate::yaml_path;

impl Checker<'_> {
    pub(super) fn validate(&mut self, spec: &Spec) {
        self.validate_section(&spec.validate, &yaml_path!["validate"]);
    }

    /// The checks of a `validate` section at `root` (a spec's, or `.llm-slo.yaml`'s).
    pub(crate) fn validate_section(&mut self, section: &Validate, root: &Path) {
        let root = root.clone();
        for (i, ignore) in section.ignore.iter().enumerate() {
            let at = root.join("ignore").join(i);
            if ignore.codes.is_empty() {
                self.report(
                    Severity::Warning,
                    INVALID,
                    &at,
                    "an `ignore` entry without codes ignores nothing".to_owned(),
                );
            }
            for (j, code) in ignore.codes.iter().enumerate() {
                if let Some(message) = unknown_code(code) {
                    self.report(
                        Severity::Warning,
                        INVALID,
                        &at.join("codes").join(j),
                        message,
                    );
                }
            }
            for (j, pattern) in ignore.paths.iter().enumerate() {
                if let Err(message) = glob(pattern) {
                    self.report(
                        Severity::Warning,
                        INVALID,
                        &at.join("paths").join(j),
                        message,
                    );
                }
            }
        }
        for (i, entry) in section.panels.iter().enumerate() {
            let at = root.join("panels").join(i);
            for (j, code) in entry.codes.iter().enumerate() {
                if let Some(message) = unknown_code(code) {
                    self.report(
                        Severity::Warning,
                        INVALID,
                        &at.join("codes").join(j),
                        message,
                    );
                }
            }
        }
    }
}
