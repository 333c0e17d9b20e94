//! A small YAML writer for generated files.
//!
//! Output is block style with two-space indentation, keys in the order given, strings plain
//! where YAML reads them back as the same string, single-quoted where a plain scalar would be
//! misread, literal blocks (`|-`) for multi-line text, and double quotes only for text that
//! needs escapes. The same value always gives the same bytes.

use std::fmt::Write;

/// A value to write.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number already formatted (written as is, unquoted).
    Number(String),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Value>),
    /// A mapping, in the given key order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A string value.
    pub(crate) fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A mapping from `(key, value)` pairs, skipping `None` values.
    pub(crate) fn map<K: Into<String>>(
        entries: impl IntoIterator<Item = (K, Option<Value>)>,
    ) -> Value {
        Value::Map(
            entries
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.into(), v)))
                .collect(),
        )
    }
}

/// Writes a value as a YAML document, after a comment header (one `# ` line per line).
pub(crate) fn to_string(header: &str, value: &Value) -> String {
    let mut out = String::new();
    for line in header.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
    write_block(&mut out, value, 0);
    out
}

fn write_block(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Map(entries) if !entries.is_empty() => write_map(out, entries, indent, false),
        Value::Seq(items) if !items.is_empty() => write_seq(out, items, indent),
        other => {
            write_inline(out, other, indent);
            out.push('\n');
        }
    }
}

/// Writes mapping entries; with `first_inline`, the first key continues the current line
/// (after `- `).
fn write_map(out: &mut String, entries: &[(String, Value)], indent: usize, first_inline: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !first_inline {
            pad(out, indent);
        }
        write_string(out, key, indent);
        out.push(':');
        match value {
            Value::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, indent + 2, false);
            }
            Value::Seq(items) if !items.is_empty() => {
                out.push('\n');
                write_seq(out, items, indent + 2);
            }
            other => {
                out.push(' ');
                write_inline(out, other, indent + 2);
                out.push('\n');
            }
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Value::Map(entries) if !entries.is_empty() => {
                write_map(out, entries, indent + 2, true);
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            other => {
                write_inline(out, other, indent + 2);
                out.push('\n');
            }
        }
    }
}

fn write_inline(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Number(n) => out.push_str(n),
        Value::Str(s) => write_string(out, s, indent),
        Value::Seq(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_string(out: &mut String, s: &str, indent: usize) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else if s.contains('\n') && is_literal_safe(s) {
        write_literal(out, s, indent);
    } else if s.chars().all(|c| !c.is_control()) {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        write_double_quoted(out, s);
    }
}

fn write_literal(out: &mut String, s: &str, indent: usize) {
    // `is_literal_safe` allows at most one final line break: clip (`|`) keeps it, strip (`|-`)
    // writes none.
    let (body, header) = match s.strip_suffix('\n') {
        Some(body) => (body, "|"),
        None => (s, "|-"),
    };
    out.push_str(header);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
    }
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a string can be written as a plain scalar and read back as the same string.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace() {
        return false;
    }
    if s.ends_with(char::is_whitespace) || s.ends_with(':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.chars().any(|c| c.is_control()) {
        return false;
    }
    // Anything YAML would read as null, a boolean or a number must be quoted; so must the
    // YAML 1.1 words that older parsers (Go's yaml.v2) read as booleans.
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    );
    // YAML 1.1 reads digit groups joined by `:` as base-60 numbers (`16:30` is 990 to
    // PyYAML and Go's yaml.v2), so times of day are quoted too.
    let sexagesimal = s.contains(':')
        && s.split(':')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    !reserved
        && !sexagesimal
        && super::scalar::resolve_plain(s) == super::ScalarType::Str
        && !s.starts_with('.')
}

/// Whether a multi-line string survives a literal block unchanged.
fn is_literal_safe(s: &str) -> bool {
    !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.lines().all(|l| !l.ends_with([' ', '\t']))
        && s.chars().all(|c| c == '\n' || !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, NodeKind, parse};

    fn round_trip(s: &str) -> String {
        let text = to_string("", &Value::map([("k", Some(Value::str(s)))]));
        let parsed = parse(&text, Limits::default());
        assert!(parsed.errors.is_empty(), "{text}: {:?}", parsed.errors);
        let node = parsed.documents[0].root.get("k").cloned().unwrap();
        match node.kind {
            NodeKind::Scalar { value, .. } => value,
            other => panic!("{other:?} from {text}"),
        }
    }

    #[test]
    fn strings_read_back_unchanged() {
        for s in [
            "plain",
            "sum(rate(x{job=\"a\"}[5m])) > 5",
            "{{ $labels.model }} is slow",
            "a: b",
            "a #b",
            "yes",
            "1.5",
            "0x10",
            "",
            " leading",
            "it's",
            "line one\nline two",
            "line one\nline two\n",
            "ends with blank lines\n\n\n",
            "tab\there",
            "trailing space \nx",
            "quote \" and back\\slash\u{7}",
            "- dash",
            ".inf",
            "~",
            "null",
            "16:30",
        ] {
            assert_eq!(round_trip(s), s, "{s:?}");
        }
        assert!(!is_plain_safe("16:30"), "YAML 1.1 reads it as 990");
        assert!(is_plain_safe("a:b"));
    }

    #[test]
    fn layout_is_conventional() {
        let value = Value::map([(
            "groups",
            Some(Value::Seq(vec![Value::map([
                ("name", Some(Value::str("g"))),
                (
                    "rules",
                    Some(Value::Seq(vec![Value::map([
                        ("alert", Some(Value::str("A"))),
                        ("expr", Some(Value::str("up == 0"))),
                        (
                            "labels",
                            Some(Value::map([("severity", Some(Value::str("page")))])),
                        ),
                    ])])),
                ),
            ])])),
        )]);
        assert_eq!(
            to_string("generated", &value),
            "# generated\ngroups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels:\n          severity: page\n"
        );
    }
}
