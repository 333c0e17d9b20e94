//! Grafana's variables, substituted as Grafana substitutes them before a query is sent.
//!
//! - Built-ins: `$__interval` is at least the query's min interval (the target's
//!   `interval`, else the panel's, else the datasource's scrape interval);
//!   `$__rate_interval` is `max($__interval + scrape, 4 × scrape)`, where scrape is the
//!   min interval when one is set; `$__range` (`_s`, `_ms`), `$__interval_ms`, `$__auto`,
//!   `$__from`/`$__to` (with `${__from:date:seconds}` and the other formats).
//! - Declared variables take their current value, else their first option (a custom
//!   variable's first comma-separated value, a textbox's or a constant's text), as Grafana
//!   does on load; a value Grafana would have to escape or expand is replaced by a plain
//!   word, so the query's structure is what is checked.
//! - A name that is neither is left as typed, as Grafana leaves it (`\$SYS` stays `\$SYS`).

use std::collections::HashMap;

use crate::promql::parser::parse_duration;
use crate::yaml::{Node, NodeKind};

/// The dashboard's declared variables (`templating.list`).
pub(super) fn declared(model: &Node) -> &[Node] {
    match model
        .get("templating")
        .and_then(|t| t.get("list"))
        .map(|l| &l.kind)
    {
        Some(NodeKind::Seq(list)) => list,
        _ => &[],
    }
}

/// Variable values for one dashboard: declared ones and the time range; the interval
/// built-ins are added per query ([`Values::for_query`]).
pub(crate) struct Values {
    declared: HashMap<String, String>,
    /// The datasource's scrape interval, in milliseconds.
    scrape_ms: i64,
    /// The dashboard's time range, in milliseconds.
    range_ms: i64,
}

/// A value that can stand in a query as Grafana would send it: one simple token.
fn simple(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with('$')
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || "._-:/".contains(c))
}

/// What a variable becomes: its current value, its first option, or a placeholder.
fn value_of(variable: &Node) -> String {
    let current = variable.get("current").and_then(|c| c.get("value"));
    let current = match current.map(|c| &c.kind) {
        Some(NodeKind::Seq(items)) => items.first().and_then(Node::as_str),
        _ => current.and_then(Node::as_str),
    };
    let kind = variable.get("type").and_then(Node::as_str).unwrap_or("");
    let first_option = || -> Option<String> {
        let from_options = match variable.get("options").map(|o| &o.kind) {
            Some(NodeKind::Seq(options)) => options
                .iter()
                .find_map(|o| o.get("value").and_then(Node::as_str))
                .map(str::to_owned),
            _ => None,
        };
        let query = variable.get("query").and_then(Node::as_str);
        match kind {
            "custom" | "interval" => from_options.or_else(|| {
                query
                    .and_then(|q| q.split(',').next())
                    .map(|v| v.trim().to_owned())
            }),
            "textbox" | "constant" => query.map(str::to_owned).or(from_options),
            _ => from_options,
        }
    };
    let chosen = current
        .map(str::to_owned)
        .filter(|v| simple(v))
        .or_else(|| first_option().filter(|v| simple(v)));
    match (kind, chosen) {
        (_, Some(value)) => value,
        ("interval", None) => "5m".to_owned(),
        _ => "x".to_owned(),
    }
}

/// A Grafana duration (`1m`, `>30s`, `30`): milliseconds.
fn grafana_duration(text: &str) -> Option<i64> {
    let text = text.trim().trim_start_matches('>').trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return seconds.checked_mul(1000);
    }
    parse_duration(text).filter(|ms| *ms > 0)
}

/// `now-6h` → 6 hours.
fn relative_range(from: &str) -> Option<i64> {
    let ago = from.strip_prefix("now-")?;
    let ago = ago.split('/').next().unwrap_or(ago);
    parse_duration(ago)
}

/// `90000` → `1m30s`: a duration in Prometheus' notation.
pub(super) fn format_ms(ms: i64) -> String {
    crate::base::Duration::from_millis(u64::try_from(ms.max(1)).unwrap_or(1)).to_string()
}

impl Values {
    /// The values of a dashboard model, for a datasource that scrapes every `scrape_ms`.
    pub(crate) fn new(model: &Node, scrape_ms: i64) -> Values {
        let mut names = HashMap::new();
        for variable in declared(model) {
            if let Some(name) = variable.get("name").and_then(Node::as_str) {
                names.insert(name.to_owned(), value_of(variable));
            }
        }
        let range_ms = model
            .get("time")
            .and_then(|t| t.get("from"))
            .and_then(Node::as_str)
            .and_then(relative_range)
            .unwrap_or(3_600_000);
        Values {
            declared: names,
            scrape_ms: scrape_ms.max(1000),
            range_ms,
        }
    }

    /// A declared variable's value, with the query's min interval applied to it.
    fn declared_ms(&self, text: &str) -> Option<i64> {
        let text = text.trim();
        let name = text
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
            .or_else(|| text.strip_prefix('$'));
        match name {
            Some(name) => self.declared.get(name).and_then(|v| grafana_duration(v)),
            None => grafana_duration(text),
        }
    }

    /// The values for one query, whose min interval is the target's or the panel's
    /// `interval` (either may be a variable).
    pub(crate) fn for_query(&self, min_interval: Option<&str>) -> QueryValues<'_> {
        let min = min_interval.and_then(|m| self.declared_ms(m));
        let scrape = min.unwrap_or(self.scrape_ms);
        // The min interval, when set, is the lower limit of `$__interval` in place of the
        // datasource's scrape interval (Grafana's own computation from the time range and
        // the panel's width only ever raises it).
        let interval = scrape;
        let rate_interval = (interval + scrape).max(4 * scrape);
        let from = 1_700_000_000_000i64;
        let to = from + self.range_ms;
        let builtins = HashMap::from([
            ("__interval", format_ms(interval)),
            ("__interval_ms", interval.to_string()),
            ("__auto", format_ms(interval)),
            ("__rate_interval", format_ms(rate_interval)),
            ("__rate_interval_ms", rate_interval.to_string()),
            ("__range", format_ms(self.range_ms)),
            ("__range_s", (self.range_ms / 1000).to_string()),
            ("__range_ms", self.range_ms.to_string()),
            ("__from", from.to_string()),
            ("__to", to.to_string()),
        ]);
        QueryValues {
            dashboard: self,
            builtins,
            min_interval_ms: min,
            interval_ms: interval,
        }
    }
}

/// The values one query is sent with.
pub(crate) struct QueryValues<'a> {
    dashboard: &'a Values,
    builtins: HashMap<&'static str, String>,
    /// The query's min interval, when set.
    pub min_interval_ms: Option<i64>,
    /// `$__interval` for this query.
    pub interval_ms: i64,
}

impl QueryValues<'_> {
    /// What `name` (with an optional `:format`) becomes; `None` leaves it as typed.
    fn lookup(&self, name: &str, format: Option<&str>) -> Option<String> {
        if let Some(value) = self.builtins.get(name) {
            // `${__from:date:seconds}`; ISO 8601 and the other date formats are not PromQL
            // numbers, so every format is checked as a timestamp in seconds.
            if format.is_some() && matches!(name, "__from" | "__to") {
                let ms: i64 = value.parse().unwrap_or(0);
                return Some((ms / 1000).to_string());
            }
            return Some(value.clone());
        }
        self.dashboard.declared.get(name).cloned()
    }
}

/// Replaces `$var`, `${var}`, `${var:format}` and `[[var]]`; returns the text and, for each
/// byte of it (and the end), the byte of the original it came from.
pub(crate) fn substitute(text: &str, values: &QueryValues<'_>) -> (String, Vec<usize>) {
    substitute_with(text, &|name, format| values.lookup(name, format))
}

/// [`substitute`] over a plain map (names not in it are left as typed).
pub(crate) fn substitute_map(text: &str, values: &HashMap<String, String>) -> (String, Vec<usize>) {
    substitute_with(text, &|name, _| values.get(name).cloned())
}

fn substitute_with(
    text: &str,
    lookup: &dyn Fn(&str, Option<&str>) -> Option<String>,
) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    let ident_end = |from: usize| {
        let mut j = from;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        let reference = if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            text[i..]
                .find('}')
                .map(|close| (&text[i + 2..i + close], i + close + 1))
        } else if bytes[i] == b'$' {
            let end = ident_end(i + 1);
            (end > i + 1).then(|| (&text[i + 1..end], end))
        } else if text[i..].starts_with("[[") {
            text[i..]
                .find("]]")
                .map(|close| (&text[i + 2..i + close], i + close + 2))
        } else {
            None
        };
        let replaced = reference.and_then(|(inner, end)| {
            let (name, format) = match inner.split_once(':') {
                Some((name, format)) => (name, Some(format)),
                None => (inner, None),
            };
            lookup(name, format).map(|value| (value, end))
        });
        match replaced {
            Some((value, end)) => {
                map.extend(std::iter::repeat_n(i, value.len()));
                out.push_str(&value);
                i = end;
            }
            None => {
                let c = text[i..].chars().next().unwrap_or(' ');
                map.extend(std::iter::repeat_n(i, c.len_utf8()));
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    map.push(text.len());
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn values(json: &str, scrape_ms: i64) -> Values {
        let parsed = yaml::parse(json, yaml::Limits::default());
        Values::new(&parsed.documents[0].root, scrape_ms)
    }

    #[test]
    fn intervals_follow_the_min_interval() {
        let v = values("{}", 15_000);
        let q = v.for_query(None);
        assert_eq!(
            substitute("[$__interval] [$__rate_interval]", &q).0,
            "[15s] [1m]"
        );
        let q = v.for_query(Some("1m"));
        assert_eq!(
            substitute("[$__interval] [$__rate_interval]", &q).0,
            "[1m] [4m]"
        );
        let q = v.for_query(Some(">30s"));
        assert_eq!(substitute("${__interval}", &q).0, "30s");
    }

    #[test]
    fn declared_variables_take_their_current_or_first_value() {
        let v = values(
            r#"{"templating": {"list": [
                {"name": "model", "type": "query", "current": {"value": ["gpt-4o", "b"]}},
                {"name": "window", "type": "custom", "query": "5m,1h"},
                {"name": "text", "type": "textbox", "query": "abc"},
                {"name": "all", "type": "query", "current": {"value": "$__all"}}
            ]}, "time": {"from": "now-6h"}}"#,
            30_000,
        );
        let q = v.for_query(None);
        assert_eq!(
            substitute(
                "$model [$window] ${text:raw} [[all]] $__range \\$SYS $1",
                &q
            )
            .0,
            "gpt-4o [5m] abc x 6h \\$SYS $1"
        );
        assert_eq!(substitute("@ ${__to:date:seconds}", &q).0, "@ 1700021600");
    }

    #[test]
    fn the_map_points_back_at_the_original() {
        let v = values(
            r#"{"templating": {"list": [{"name": "m", "current": {"value": "gpt"}}]}}"#,
            30_000,
        );
        let q = v.for_query(None);
        let original = "rate(x{m=~\"$m\"}[$__rate_interval]) by";
        let (text, map) = substitute(original, &q);
        assert_eq!(text, "rate(x{m=~\"gpt\"}[2m]) by");
        assert_eq!(map[text.find("by").unwrap()], original.find("by").unwrap());
    }
}
