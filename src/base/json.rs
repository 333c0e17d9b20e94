//! Deterministic JSON: every object's keys sorted by this writer, whatever order the value
//! holds them in (a dependency enabling `serde_json/preserve_order` changes nothing here),
//! two-space indentation and a final newline in the pretty form.
//!
//! Scalars are formatted by `serde_json`, so strings are escaped and numbers written exactly
//! as it writes them.

use serde::Serialize;
use serde_json::Value;

/// Pretty JSON with sorted keys and a final newline.
pub(crate) fn to_pretty<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    Ok(value_to_pretty(&serde_json::to_value(value)?))
}

/// Pretty JSON of a value that is JSON already, which cannot fail.
pub(crate) fn value_to_pretty(value: &Value) -> Vec<u8> {
    let mut out = String::new();
    write(&mut out, value, Some(0));
    out.push('\n');
    out.into_bytes()
}

/// Compact JSON (no whitespace) with sorted keys, e.g. for a content hash.
pub(crate) fn to_compact<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let value = serde_json::to_value(value)?;
    let mut out = String::new();
    write(&mut out, &value, None);
    Ok(out.into_bytes())
}

/// Writes a value; `indent` is the current depth in the pretty form, `None` for compact.
fn write(out: &mut String, value: &Value, indent: Option<usize>) {
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separate(out, i, indent);
                write(out, item, indent.map(|d| d + 1));
            }
            close(out, ']', indent);
        }
        Value::Object(entries) => {
            let mut sorted: Vec<(&String, &Value)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in sorted.into_iter().enumerate() {
                separate(out, i, indent);
                scalar(out, &Value::String(key.clone()));
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(out, item, indent.map(|d| d + 1));
            }
            close(out, '}', indent);
        }
        scalar_value => scalar(out, scalar_value),
    }
}

/// Before the `i`th element: a comma after the first, and in the pretty form a new line
/// indented one level deeper than the container.
fn separate(out: &mut String, i: usize, indent: Option<usize>) {
    if i > 0 {
        out.push(',');
    }
    if let Some(depth) = indent {
        out.push('\n');
        pad(out, depth + 1);
    }
}

fn close(out: &mut String, bracket: char, indent: Option<usize>) {
    if let Some(depth) = indent {
        out.push('\n');
        pad(out, depth);
    }
    out.push(bracket);
}

fn pad(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A null, boolean, number or string as `serde_json` writes it; these cannot fail.
fn scalar(out: &mut String, value: &Value) {
    out.push_str(&serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_pretty_form_is_serde_jsons() {
        let value = json!({
            "b": [1, 2.5, -3e100, "x\"y\n\u{1}é", null, true, [], {}],
            "a": {"z": {"y": [{"k": 1}]}, "e": ""},
            "": 0
        });
        let mut expected = serde_json::to_vec_pretty(&value).unwrap();
        expected.push(b'\n');
        assert_eq!(
            String::from_utf8(to_pretty(&value).unwrap()).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        assert_eq!(
            to_compact(&value).unwrap(),
            serde_json::to_vec(&value).unwrap()
        );
    }

    #[test]
    fn keys_are_sorted_by_the_writer() {
        #[derive(Serialize)]
        struct Fields {
            zebra: u8,
            apple: u8,
            mango: u8,
        }
        let text = to_compact(&Fields {
            zebra: 1,
            apple: 2,
            mango: 3,
        })
        .unwrap();
        assert_eq!(text, br#"{"apple":2,"mango":3,"zebra":1}"#);
    }

    #[test]
    fn what_json_cannot_hold_is_an_error() {
        let mut map = std::collections::HashMap::new();
        map.insert(vec![1u8], 1);
        assert!(to_pretty(&map).is_err());
    }
}
