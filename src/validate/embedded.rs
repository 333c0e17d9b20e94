//! A document inside a string: a ConfigMap's `data` value holding a rule file or a
//! dashboard. It is validated as its own text, and every finding is moved back to where
//! its text is written in the outer file (through the YAML quoting or block scalar).

use super::{classify, rulefile::value_map, validate_kind};
use crate::diagnostics::{Diagnostic, Report, Source, Summary};
use crate::promql::Settings;
use crate::yaml::Node;

/// Validates the document written as the string `node` of `outer`; nothing when the string
/// is not one of the known inputs (a ConfigMap holds other files too).
pub(super) fn validate(
    outer: &Source,
    node: &Node,
    settings: &Settings,
    summary: &mut Summary,
) -> Vec<Diagnostic> {
    let Some(text) = node.as_str() else {
        return Vec::new();
    };
    let Some(kind) = classify(text).filter(|k| *k != super::InputKind::Spec) else {
        return Vec::new();
    };
    // An empty value is not an empty rule file: a ConfigMap's keys are not named by kind.
    if kind == super::InputKind::RuleFile && !text.contains("groups") {
        return Vec::new();
    }
    let inner = Source::new(&outer.file, text);
    let mut scratch = Report::default();
    let found = validate_kind(kind, &inner, settings, summary, &mut scratch);
    let map = value_map(&outer.text, node, text);
    found
        .into_iter()
        .chain(scratch.diagnostics)
        .map(|mut diagnostic| {
            let Some(location) = diagnostic.location.take() else {
                return diagnostic;
            };
            let start = offset_of(text, location.line, location.column);
            let end = offset_of(text, location.end_line, location.end_column).max(start);
            outer.at(diagnostic, map.source(start), map.source(end))
        })
        .collect()
}

/// The byte offset of a 1-based line and character column in a text.
fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let within = l
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::offset_of;

    #[test]
    fn offsets_of_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 3), 5);
        assert_eq!(offset_of(text, 2, 4), 7);
        assert_eq!(offset_of(text, 3, 1), 8);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
