//! Where each byte of a scalar's value comes from in the source text.
//!
//! A PromQL error at byte 34 of an expression must be shown at its line and column in the
//! file, through whatever the YAML (or JSON) writer did: quotes, escapes, folded lines,
//! block indentation. [`ValueMap::new`] walks the value and the source together.

use super::scalar::ScalarStyle;

/// Source byte offsets of a scalar value's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValueMap {
    /// `offsets[i]` is the source offset of value byte `i`; one extra entry for the end.
    offsets: Vec<usize>,
}

impl ValueMap {
    /// Maps `value`, written at `start` in `source` in the given style.
    ///
    /// Never fails: where the walk cannot follow the source (an unexpected encoding), the
    /// remaining bytes map to the last position found.
    pub(crate) fn new(source: &str, start: usize, value: &str, style: ScalarStyle) -> ValueMap {
        let src = source.as_bytes();
        let mut offsets = vec![start; value.len() + 1];
        let mut j = start;
        // Quoted scalars start at their quote.
        if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
            && matches!(src.get(j), Some(b'"' | b'\''))
        {
            j += 1;
        }
        let escapes = style == ScalarStyle::DoubleQuoted;
        let mut chars = value.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            let mut found = false;
            while j < src.len() {
                // `get`: a `start` that is not on a character boundary maps nothing rather
                // than panicking.
                let Some(sc) = source.get(j..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                if style == ScalarStyle::SingleQuoted && sc == '\'' && ch == '\'' {
                    // `''` is one quote (a lone `'` when the source does not match).
                    offsets[i] = j;
                    j += if src.get(j + 1) == Some(&b'\'') { 2 } else { 1 };
                    found = true;
                    break;
                }
                if sc == ch && !(escapes && sc == '\\') {
                    offsets[i] = j;
                    j += sc.len_utf8();
                    found = true;
                    break;
                }
                if escapes && sc == '\\' {
                    let next = source.get(j + 1..).and_then(|rest| rest.chars().next());
                    if next == Some('\n') || next == Some('\r') {
                        // An escaped line break: nothing in the value.
                        j += 2;
                        continue;
                    }
                    offsets[i] = j;
                    j += source.get(j..).map_or(1, escape_len);
                    found = true;
                    break;
                }
                if sc == '\n' && (ch == ' ' || ch == '\n') {
                    // A folded line break.
                    offsets[i] = j;
                    j += 1;
                    found = true;
                    break;
                }
                if sc.is_whitespace() {
                    // Indentation and other presentation whitespace.
                    j += sc.len_utf8();
                    continue;
                }
                break;
            }
            if !found {
                // Lost: map the rest to the last position.
                let last = offsets[i.saturating_sub(1)];
                for offset in &mut offsets[i..] {
                    *offset = last;
                }
                return ValueMap { offsets };
            }
            // Multi-byte characters: their continuation bytes map to the same place.
            for k in 1..ch.len_utf8() {
                offsets[i + k] = offsets[i];
            }
            if chars.peek().is_none() {
                offsets[value.len()] = j;
            }
        }
        ValueMap { offsets }
    }

    /// The source offset of a value byte.
    pub(crate) fn source(&self, value_offset: usize) -> usize {
        let last = self.offsets.len() - 1;
        self.offsets[value_offset.min(last)]
    }
}

/// The source length of an escape sequence in a double-quoted YAML or JSON string.
fn escape_len(rest: &str) -> usize {
    match rest.as_bytes().get(1) {
        Some(b'x') => 4,
        Some(b'u') => 6,
        Some(b'U') => 10,
        Some(_) => 1 + rest[1..].chars().next().map_or(0, char::len_utf8),
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, NodeKind, parse};

    /// Maps the value of `key` and returns the source text at the value offset of `needle`.
    fn at(source: &str, needle: &str) -> String {
        let doc = parse(source, Limits::default()).documents.remove(0);
        let node = doc.root.get("k").unwrap();
        let NodeKind::Scalar { value, style } = &node.kind else {
            panic!()
        };
        let map = ValueMap::new(source, node.span.start.offset, value, *style);
        let i = value
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {value:?}"));
        source[map.source(i)..]
            .chars()
            .take(needle.chars().count())
            .collect()
    }

    #[test]
    fn every_style_maps_back_to_the_source() {
        assert_eq!(at("k: sum(rate(x[5m])) by (a)\n", "by"), "by");
        assert_eq!(at("k: \"sum(x{a=\\\"b\\\"}) by (a)\"\n", "by"), "by");
        assert_eq!(at("k: \"a\\tb\\u00e9 by\"\n", "by"), "by");
        assert_eq!(at("k: 'it''s by'\n", "by"), "by");
        assert_eq!(at("k: |\n  sum(x)\n    by (a)\n", "by"), "by");
        assert_eq!(at("k: >-\n  sum(x)\n  by (a)\n", "by"), "by");
        assert_eq!(at("k: sum(x)\n  by (a)\n", "by"), "by");
        assert_eq!(at("k: \"line \\\n   by\"\n", "by"), "by");
        assert_eq!(at("{\"k\": \"é x\\\" by\"}", "by"), "by");
    }

    #[test]
    fn value_maps_never_slice_inside_a_character() {
        use crate::yaml::ScalarStyle;
        let _ = ValueMap::new("é", 1, "x", ScalarStyle::Plain);
        let _ = ValueMap::new("1'é'", 0, "1'é'", ScalarStyle::SingleQuoted);
        let _ = ValueMap::new("''é", 0, "'x", ScalarStyle::SingleQuoted);
        let _ = ValueMap::new("\"\\é\"", 0, "é", ScalarStyle::DoubleQuoted);
        let _ = ValueMap::new("\"\\xé\"", 0, "x", ScalarStyle::DoubleQuoted);
    }
}
