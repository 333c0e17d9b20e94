//! Building PromQL text: string escaping, selectors and label lists that quote UTF-8 names
//! only where needed.

use std::fmt::Write;

use llm_slo_core::contract::{is_legacy_label_name, is_legacy_metric_name};

/// A PromQL double-quoted string literal.
pub(crate) fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A label name, quoted when it is not a legacy name (Prometheus 3 UTF-8 syntax).
pub(crate) fn label(name: &str) -> String {
    if is_legacy_label_name(name) {
        name.to_owned()
    } else {
        string(name)
    }
}

/// A comma-separated label list for `by (…)`.
pub(crate) fn label_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| label(n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An equality or inequality matcher.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Matcher {
    /// Label name.
    pub label: String,
    /// `=`, `!=`, `=~` or `!~`.
    pub op: &'static str,
    /// Value (unescaped).
    pub value: String,
}

impl Matcher {
    /// `label="value"`.
    pub(crate) fn eq(label: impl Into<String>, value: impl Into<String>) -> Matcher {
        Matcher {
            label: label.into(),
            op: "=",
            value: value.into(),
        }
    }

    /// `label!="value"`.
    pub(crate) fn ne(label: impl Into<String>, value: impl Into<String>) -> Matcher {
        Matcher {
            label: label.into(),
            op: "!=",
            value: value.into(),
        }
    }
}

/// A vector selector: `metric{matchers}`, or `{"metric", matchers}` for a UTF-8 name.
pub(crate) fn selector(metric: &str, matchers: &[Matcher]) -> String {
    let rendered: Vec<String> = matchers
        .iter()
        .map(|m| format!("{}{}{}", label(&m.label), m.op, string(&m.value)))
        .collect();
    if is_legacy_metric_name(metric) {
        if rendered.is_empty() {
            metric.to_owned()
        } else {
            format!("{metric}{{{}}}", rendered.join(", "))
        }
    } else {
        let mut parts = vec![string(metric)];
        parts.extend(rendered);
        format!("{{{}}}", parts.join(", "))
    }
}

/// A regex (RE2, as a label matcher reads it) that matches `text` exactly: its
/// metacharacters escaped, nothing else (`gpt-4\.1`, where `regex::escape` would also
/// escape the `-`).
pub(crate) fn regex_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A number as PromQL writes it: integers without a fraction, others shortest round-trip.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_inside_their_string() {
        let m = [Matcher::eq("gen_ai_request_model", "a\"b{{x}}\\\n")];
        let s = selector("up", &m);
        assert_eq!(s, r#"up{gen_ai_request_model="a\"b{{x}}\\\n"}"#);
        assert!(crate::promql::parse(&s).is_ok());
    }

    #[test]
    fn regex_literals_match_only_themselves() {
        let literal = regex_literal("gpt-4.1 (x|y)*");
        assert_eq!(literal, r"gpt-4\.1 \(x\|y\)\*");
        let re = regex::Regex::new(&format!("^(?:{literal})$")).expect("a regex");
        assert!(re.is_match("gpt-4.1 (x|y)*"));
        assert!(!re.is_match("gpt-4x1 (x|y)*"));
    }

    #[test]
    fn utf8_names_are_quoted() {
        let m = [Matcher::eq("gen_ai.request.model", "x")];
        assert_eq!(
            selector("gen_ai.client.cost_total", &m),
            r#"{"gen_ai.client.cost_total", "gen_ai.request.model"="x"}"#
        );
        assert_eq!(label_list(&["le", "error.type"]), r#"le, "error.type""#);
    }
}
