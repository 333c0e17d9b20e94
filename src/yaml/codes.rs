//! Diagnostic codes of reading YAML into typed values (specs, catalogs, rule files).

use crate::diagnostics::Code;

/// The file is not valid YAML. Fix the syntax at the position shown (a tab used for
/// indentation, an unclosed bracket or quote, a missing `:`).
pub const SYNTAX: Code = Code("yaml/syntax");
/// A mapping writes the same key twice. YAML forbids it, and most tools silently keep one of
/// the two values; remove one.
pub const DUPLICATE_KEY: Code = Code("yaml/duplicate-key");
/// Collections nest deeper than the limit (128). Real specs nest a few levels; this is
/// usually generated or hostile input.
pub const TOO_DEEP: Code = Code("yaml/too-deep");
/// Anchors and aliases expand to more than a million nodes (an "alias bomb").
pub const TOO_LARGE: Code = Code("yaml/too-large");
/// A tag other than the YAML core tags (`!!str`, `!!int`, …).
pub const UNSUPPORTED_TAG: Code = Code("yaml/unsupported-tag");
/// The file is not UTF-8 text.
pub const NOT_UTF8: Code = Code("yaml/not-utf8");
/// The file holds more than one YAML document (`---`) where one is expected.
pub const MULTIPLE_DOCUMENTS: Code = Code("yaml/multiple-documents");

/// The file holds no YAML document at all.
pub const EMPTY: Code = Code("yaml/empty");

/// A field the file format does not have (often a typo: see the suggestion).
pub const UNKNOWN_FIELD: Code = Code("schema/unknown-field");
/// A required field is missing.
pub const MISSING_FIELD: Code = Code("schema/missing-field");
/// A value that is not one of the allowed names (a profile, a period, a format…).
pub const UNKNOWN_VALUE: Code = Code("schema/unknown-value");
/// A value of the wrong type or form: a sequence where a mapping belongs, text where a
/// number belongs, a duration that does not parse.
pub const INVALID_VALUE: Code = Code("schema/invalid-value");
