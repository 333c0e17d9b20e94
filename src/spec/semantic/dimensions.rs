//! `by` and `filter`: known dimensions, and filter values the pricing section knows.

use std::collections::BTreeMap;

use super::Checker;
use crate::base::suggest;
use crate::queries::dimensions;
use crate::spec::Spec;
use crate::spec::codes;
use crate::yaml::Path;

impl Checker<'_> {
    /// Checks `by` dimensions.
    pub(super) fn by(&mut self, spec: &Spec, path: &Path, by: &[String]) {
        for (i, dimension) in by.iter().enumerate() {
            self.dimension(spec, &path.join(i), dimension, false);
        }
    }

    /// Checks `filter`: known dimensions, and model or provider values the pricing knows.
    pub(super) fn filter(&mut self, spec: &Spec, path: &Path, filter: &BTreeMap<String, String>) {
        for (dimension, value) in filter {
            let at = path.join(dimension.as_str());
            let Some(attribute) = self.dimension(spec, &at, dimension, true) else {
                continue;
            };
            let models = &spec.pricing.models;
            if dimensions::is_model(attribute) && !models.iter().any(|m| &m.model == value) {
                let close = suggest::closest(value, models.iter().map(|m| m.model.as_str()));
                self.error(
                    codes::UNKNOWN_MODEL,
                    &at,
                    format!("model `{value}` is not one of `pricing.models`"),
                )
                .help =
                    Some(suggest::did_you_mean(&close).unwrap_or_else(|| {
                        "add it to `pricing.models` with its provider".to_owned()
                    }));
            }
            if dimensions::is_provider(attribute) && !models.iter().any(|m| &m.provider == value) {
                let close = suggest::closest(value, models.iter().map(|m| m.provider.as_str()));
                self.error(
                    codes::UNKNOWN_PROVIDER,
                    &at,
                    format!("provider `{value}` has no model in `pricing.models`"),
                )
                .help = suggest::did_you_mean(&close);
            }
        }
    }

    pub(super) fn dimension<'d>(
        &mut self,
        spec: &Spec,
        path: &Path,
        dimension: &'d str,
        at_key: bool,
    ) -> Option<&'d str> {
        let attribute = dimensions::attribute(dimension, &spec.telemetry.attributes);
        if attribute.is_none() {
            let known = dimensions::known(&spec.telemetry.attributes);
            let close = suggest::closest(dimension, known.iter().map(String::as_str));
            let help = suggest::did_you_mean(&close).unwrap_or_else(|| {
                format!(
                    "use one of {}, or declare the attribute in `telemetry.attributes`",
                    known.join(", ")
                )
            });
            let message = format!("unknown dimension `{dimension}`");
            let diagnostic = if at_key {
                self.error_at_key(codes::UNKNOWN_DIMENSION, path, message)
            } else {
                self.error(codes::UNKNOWN_DIMENSION, path, message)
            };
            diagnostic.help = Some(help);
        }
        attribute
    }
}
