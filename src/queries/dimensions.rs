//! Dimensions: the names used in `by` and `filter`, and the attributes they stand for.

use llm_slo_core::contract::{COMMON_ATTRIBUTES_BY_SHORT_NAME, PROVIDER_NAME, REQUEST_MODEL};

/// The OTel attribute a dimension stands for: a short name (`provider`, `model`,
/// `operation`, `response_model`, `server`, `error_type`), a GenAI attribute name, or one of
/// the extra attributes the application records (`telemetry.attributes`).
pub(crate) fn attribute<'a>(dimension: &'a str, extra_attributes: &[String]) -> Option<&'a str> {
    if let Some((_, attribute)) = COMMON_ATTRIBUTES_BY_SHORT_NAME
        .iter()
        .find(|(short, _)| *short == dimension)
    {
        return Some(attribute);
    }
    let known = COMMON_ATTRIBUTES_BY_SHORT_NAME
        .iter()
        .any(|(_, attribute)| *attribute == dimension)
        || extra_attributes.iter().any(|a| a == dimension);
    known.then_some(dimension)
}

/// Every dimension name a spec may use, for suggestions.
pub(crate) fn known(extra_attributes: &[String]) -> Vec<String> {
    COMMON_ATTRIBUTES_BY_SHORT_NAME
        .iter()
        .map(|(short, _)| (*short).to_owned())
        .chain(extra_attributes.iter().cloned())
        .collect()
}

/// Whether a dimension's values are model ids.
pub(crate) fn is_model(attribute: &str) -> bool {
    attribute == REQUEST_MODEL
}

/// Whether a dimension's values are provider ids.
pub(crate) fn is_provider(attribute: &str) -> bool {
    attribute == PROVIDER_NAME
}
