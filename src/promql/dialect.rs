//! Prometheus dialects: what each version's PromQL accepts.

/// The Prometheus version an expression must run on (`--target`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// Prometheus 2.x as promtool 2.42 parses it: no quoted UTF-8 names, `holt_winters`.
    Prometheus2,
    /// Prometheus 3.x: quoted UTF-8 names, number durations, removed and experimental
    /// functions.
    #[default]
    Prometheus3,
}

impl Dialect {
    /// `prometheus-2` / `prometheus-3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Prometheus2 => "prometheus-2",
            Dialect::Prometheus3 => "prometheus-3",
        }
    }

    /// Quoted metric and label names: `{"gen_ai.client.cost_total"}`, `by ("a.b")`.
    pub fn has_utf8_names(self) -> bool {
        self == Dialect::Prometheus3
    }

    /// Numbers as durations (`foo[300]`, `offset 60`), seconds.
    pub fn has_number_durations(self) -> bool {
        self == Dialect::Prometheus3
    }

    /// `limitk` and `limit_ratio` (experimental in Prometheus 3).
    pub fn has_limit_aggregations(self) -> bool {
        self == Dialect::Prometheus3
    }

    /// The human name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Prometheus2 => "Prometheus 2",
            Dialect::Prometheus3 => "Prometheus 3",
        }
    }
}
