//! Diagnostic codes of reading YAML into typed values (specs, catalogs, rule files).

use crate::diagnostics::Code;

/// The file is not valid YAML. Fix the syntax at the position shown (a tab used for
/// indentation, an unclosed bracket or quote, a missing `:`).
pub(crate) const SYNTAX: Code = Code("yaml/syntax");
/// A mapping writes the same key twice. YAML forbids it, and most tools silently keep one of
/// the two values; remove one.
pub(crate) const DUPLICATE_KEY: Code = Code("yaml/duplicate-key");
/// Collections nest deeper than the limit (128). Real specs nest a few levels; this is
/// usually generated or hostile input.
pub(crate) const TOO_DEEP: Code = Code("yaml/too-deep");
/// Anchors and aliases expand to more than a million nodes (an "alias bomb").
pub(crate) const TOO_LARGE: Code = Code("yaml/too-large");
/// A tag other than the YAML core tags (`!!str`, `!!int`, …).
pub(crate) const UNSUPPORTED_TAG: Code = Code("yaml/unsupported-tag");
/// The file is not UTF-8 text.
pub(crate) const NOT_UTF8: Code = Code("yaml/not-utf8");
/// The file holds more than one YAML document (`---`) where one is expected.
pub(crate) const MULTIPLE_DOCUMENTS: Code = Code("yaml/multiple-documents");

/// The file holds no YAML document at all.
pub(crate) const EMPTY: Code = Code("yaml/empty");

/// A field the file format does not have (often a typo: see the suggestion).
pub(crate) const UNKNOWN_FIELD: Code = Code("schema/unknown-field");
/// A required field is missing.
pub(crate) const MISSING_FIELD: Code = Code("schema/missing-field");
/// A value that is not one of the allowed names (a profile, a period, a format…).
pub(crate) const UNKNOWN_VALUE: Code = Code("schema/unknown-value");
/// A value of the wrong type or form: a sequence where a mapping belongs, text where a
/// number belongs, a duration that does not parse.
pub(crate) const INVALID_VALUE: Code = Code("schema/invalid-value");
