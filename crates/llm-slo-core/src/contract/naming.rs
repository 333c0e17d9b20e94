//! OTLP-to-Prometheus naming, as Prometheus's `otlptranslator` does it.

/// How OTLP metric and attribute names become Prometheus names.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum NamingStrategy {
    /// Escape to `[a-zA-Z0-9_:]` and add unit and `_total` suffixes (Prometheus's default).
    #[default]
    UnderscoreEscapingWithSuffixes,
    /// Escape, but add no suffixes (Mimir's OTLP default).
    UnderscoreEscapingWithoutSuffixes,
    /// Keep UTF-8 names (dots and all) and add suffixes (Prometheus 3 with UTF-8 names).
    #[serde(rename = "NoUTF8EscapingWithSuffixes")]
    NoUtf8EscapingWithSuffixes,
    /// Keep names exactly as OTel spells them.
    NoTranslation,
}

impl NamingStrategy {
    /// Every strategy, in a stable order.
    pub const ALL: [NamingStrategy; 4] = [
        NamingStrategy::UnderscoreEscapingWithSuffixes,
        NamingStrategy::UnderscoreEscapingWithoutSuffixes,
        NamingStrategy::NoUtf8EscapingWithSuffixes,
        NamingStrategy::NoTranslation,
    ];

    /// The name used in specs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            NamingStrategy::UnderscoreEscapingWithSuffixes => "UnderscoreEscapingWithSuffixes",
            NamingStrategy::UnderscoreEscapingWithoutSuffixes => {
                "UnderscoreEscapingWithoutSuffixes"
            }
            NamingStrategy::NoUtf8EscapingWithSuffixes => "NoUTF8EscapingWithSuffixes",
            NamingStrategy::NoTranslation => "NoTranslation",
        }
    }

    /// The strategy a name (as [`NamingStrategy::as_str`] gives it) stands for.
    pub fn from_name(name: &str) -> Option<NamingStrategy> {
        NamingStrategy::ALL.into_iter().find(|n| n.as_str() == name)
    }

    fn escapes(self) -> bool {
        matches!(
            self,
            NamingStrategy::UnderscoreEscapingWithSuffixes
                | NamingStrategy::UnderscoreEscapingWithoutSuffixes
        )
    }

    fn adds_suffixes(self) -> bool {
        matches!(
            self,
            NamingStrategy::UnderscoreEscapingWithSuffixes
                | NamingStrategy::NoUtf8EscapingWithSuffixes
        )
    }

    /// The Prometheus metric family name of an OTel instrument.
    pub fn metric_name(self, name: &str, unit: &str, kind: super::InstrumentKind) -> String {
        let counter = kind == super::InstrumentKind::Counter;
        let (main_unit, per_unit) = unit_suffixes(unit);
        if self.escapes() {
            if !self.adds_suffixes() {
                // Runs of invalid characters become one underscore; underscores already in
                // the name are kept.
                return prefix_leading_digit(join_fields(name, |c| !is_metric_char(c) && c != '_'));
            }
            // Tokens split on everything but [a-zA-Z0-9:], which also collapses underscores.
            let mut tokens: Vec<String> = name
                .split(|c: char| !is_metric_char(c))
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            let main_unit = clean_unit(&main_unit);
            let per_unit = clean_unit(&per_unit);
            if !main_unit.is_empty() && !tokens.contains(&main_unit) {
                tokens.push(main_unit);
            }
            if !per_unit.is_empty() && per_unit != "per" && !tokens.contains(&per_unit) {
                tokens.push(per_unit);
            }
            if counter {
                tokens.retain(|t| t != "total");
                tokens.push("total".to_owned());
            }
            return prefix_leading_digit(tokens.join("_"));
        }
        let mut out = name.to_owned();
        if self.adds_suffixes() {
            if counter {
                out = trim_suffix_and_delimiter(&out, "total");
            }
            if !per_unit.is_empty() {
                out = trim_suffix_and_delimiter(&out, &per_unit);
            }
            if !main_unit.is_empty() && !out.ends_with(&main_unit) {
                out = format!("{out}_{main_unit}");
            }
            if !per_unit.is_empty() {
                out = format!("{out}_{per_unit}");
            }
            if counter {
                out.push_str("_total");
            }
        }
        out
    }

    /// The Prometheus label name of an OTel attribute.
    pub fn label_name(self, attribute: &str) -> String {
        if !self.escapes() {
            return attribute.to_owned();
        }
        let escaped: String = attribute
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if escaped.starts_with(|c: char| c.is_ascii_digit()) {
            format!("key_{escaped}")
        } else {
            escaped
        }
    }
}

fn is_metric_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == ':'
}

fn join_fields(name: &str, separator: impl Fn(char) -> bool) -> String {
    name.split(separator)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn prefix_leading_digit(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

fn trim_suffix_and_delimiter(name: &str, suffix: &str) -> String {
    if name.ends_with(suffix) && name.len() > suffix.len() + 1 {
        name[..name.len() - suffix.len() - 1].to_owned()
    } else {
        name.to_owned()
    }
}

/// The main and "per" unit words of a UCUM unit; annotations in braces give none.
fn unit_suffixes(unit: &str) -> (String, String) {
    let mut parts = unit.splitn(2, '/');
    let main = parts.next().unwrap_or("").trim();
    let per = parts.next().unwrap_or("").trim();
    let main_word = if main.is_empty() || main.contains(['{', '}']) {
        String::new()
    } else {
        main_unit_word(main).to_owned()
    };
    let per_word = if per.is_empty() || per.contains(['{', '}']) {
        String::new()
    } else {
        format!("per_{}", per_unit_word(per))
    };
    (main_word, per_word)
}

fn main_unit_word(unit: &str) -> &str {
    match unit {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "TBy" => "terabytes",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "1" => "",
        "%" => "percent",
        other => other,
    }
}

fn per_unit_word(unit: &str) -> &str {
    match unit {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        other => other,
    }
}

/// Unit words are trimmed to characters valid in a metric name, without edge underscores.
fn clean_unit(unit: &str) -> String {
    join_fields(unit, |c| !is_metric_char(c) && c != '_')
        .trim_matches('_')
        .to_owned()
}

/// Whether a metric name is valid without quoting (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
pub fn is_legacy_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Whether a label name is valid without quoting (`[a-zA-Z_][a-zA-Z0-9_]*`).
pub fn is_legacy_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::InstrumentKind::*;

    #[test]
    fn units_follow_the_translator() {
        let s = NamingStrategy::UnderscoreEscapingWithSuffixes;
        assert_eq!(
            s.metric_name("http.server.duration", "s", Histogram),
            "http_server_duration_seconds"
        );
        assert_eq!(
            s.metric_name("requests.count", "1", Counter),
            "requests_count_total"
        );
        assert_eq!(
            s.metric_name("io", "By/s", Counter),
            "io_bytes_per_second_total"
        );
        assert_eq!(s.metric_name("spend", "USD", Counter), "spend_USD_total");
        assert_eq!(s.metric_name("a__b.seconds", "s", Histogram), "a_b_seconds");
        assert_eq!(s.metric_name("9lives", "", Histogram), "_9lives");
    }

    #[test]
    fn labels_escape_only_under_escaping_strategies() {
        assert_eq!(
            NamingStrategy::UnderscoreEscapingWithoutSuffixes.label_name("error.type"),
            "error_type"
        );
        assert_eq!(
            NamingStrategy::NoTranslation.label_name("error.type"),
            "error.type"
        );
        assert_eq!(
            NamingStrategy::UnderscoreEscapingWithSuffixes.label_name("1st"),
            "key_1st"
        );
    }
}
