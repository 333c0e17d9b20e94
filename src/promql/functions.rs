//! PromQL functions: signatures, and which Prometheus versions have them.

use super::ast::ValueType::{self, Matrix as M, Scalar as S, String as Str, Vector as V};
use super::dialect::Dialect;

/// Where a function exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Availability {
    /// In Prometheus 2.42 and 3.
    Both,
    /// Only in Prometheus 2 (removed or renamed in 3).
    Removed {
        /// What replaces it in Prometheus 3.
        replacement: &'static str,
    },
    /// Added after 2.42, stable in Prometheus 3.
    Since {
        /// The version that added it.
        version: &'static str,
    },
    /// Added after 2.42, experimental in Prometheus 3
    /// (`--enable-feature=promql-experimental-functions`).
    Experimental {
        /// The version that added it.
        version: &'static str,
    },
}

/// A function's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Function {
    /// The name.
    pub name: &'static str,
    /// Argument types; with `variadic`, the last repeats or is optional.
    pub args: &'static [ValueType],
    /// 0: exactly `args`; n > 0: the last up to n more times (or omitted); -1: unbounded.
    pub variadic: i8,
    /// The result type.
    pub returns: ValueType,
    /// Which versions have it.
    pub availability: Availability,
}

impl Function {
    /// Whether the target dialect has the function (experimental ones included).
    pub(crate) fn exists_in(&self, dialect: Dialect) -> bool {
        match (self.availability, dialect) {
            (Availability::Both, _) => true,
            (Availability::Removed { .. }, d) => d == Dialect::Prometheus2,
            (Availability::Since { .. } | Availability::Experimental { .. }, d) => {
                d == Dialect::Prometheus3
            }
        }
    }

    /// Whether the function is experimental in Prometheus 3.
    pub(crate) fn is_experimental(&self) -> bool {
        matches!(self.availability, Availability::Experimental { .. })
    }
}

const fn f(
    name: &'static str,
    args: &'static [ValueType],
    variadic: i8,
    returns: ValueType,
    availability: Availability,
) -> Function {
    Function {
        name,
        args,
        variadic,
        returns,
        availability,
    }
}

use Availability::{Both, Experimental as Exp, Removed, Since};

/// Every function of either dialect, sorted by name.
pub(crate) const FUNCTIONS: &[Function] = &[
    f("abs", &[V], 0, V, Both),
    f("absent", &[V], 0, V, Both),
    f("absent_over_time", &[M], 0, V, Both),
    f("acos", &[V], 0, V, Both),
    f("acosh", &[V], 0, V, Both),
    f("asin", &[V], 0, V, Both),
    f("asinh", &[V], 0, V, Both),
    f("atan", &[V], 0, V, Both),
    f("atanh", &[V], 0, V, Both),
    f("avg_over_time", &[M], 0, V, Both),
    f("ceil", &[V], 0, V, Both),
    f("changes", &[M], 0, V, Both),
    f("clamp", &[V, S, S], 0, V, Both),
    f("clamp_max", &[V, S], 0, V, Both),
    f("clamp_min", &[V, S], 0, V, Both),
    f("cos", &[V], 0, V, Both),
    f("cosh", &[V], 0, V, Both),
    f("count_over_time", &[M], 0, V, Both),
    f("day_of_month", &[V], 1, V, Both),
    f("day_of_week", &[V], 1, V, Both),
    f("day_of_year", &[V], 1, V, Both),
    f("days_in_month", &[V], 1, V, Both),
    f("deg", &[V], 0, V, Both),
    f("delta", &[M], 0, V, Both),
    f("deriv", &[M], 0, V, Both),
    f(
        "double_exponential_smoothing",
        &[M, S, S],
        0,
        V,
        Exp { version: "3.0" },
    ),
    f("end", &[], 0, S, Exp { version: "3.12" }),
    f("exp", &[V], 0, V, Both),
    f("first_over_time", &[M], 0, V, Since { version: "3.7" }),
    f("floor", &[V], 0, V, Both),
    f("histogram_avg", &[V], 0, V, Since { version: "2.51" }),
    f("histogram_count", &[V], 0, V, Both),
    f("histogram_fraction", &[S, S, V], 0, V, Both),
    f("histogram_quantile", &[S, V], 0, V, Both),
    f(
        "histogram_quantiles",
        &[V, Str, S, S],
        9,
        V,
        Exp { version: "3.11" },
    ),
    f("histogram_stddev", &[V], 0, V, Since { version: "2.47" }),
    f("histogram_stdvar", &[V], 0, V, Since { version: "2.47" }),
    f("histogram_sum", &[V], 0, V, Both),
    f(
        "holt_winters",
        &[M, S, S],
        0,
        V,
        Removed {
            replacement: "double_exponential_smoothing (experimental)",
        },
    ),
    f("hour", &[V], 1, V, Both),
    f("idelta", &[M], 0, V, Both),
    f("increase", &[M], 0, V, Both),
    f("info", &[V, V], 1, V, Exp { version: "3.0" }),
    f("irate", &[M], 0, V, Both),
    f("label_join", &[V, Str, Str, Str], -1, V, Both),
    f("label_replace", &[V, Str, Str, Str, Str], 0, V, Both),
    f("last_over_time", &[M], 0, V, Both),
    f("ln", &[V], 0, V, Both),
    f("log10", &[V], 0, V, Both),
    f("log2", &[V], 0, V, Both),
    f("mad_over_time", &[M], 0, V, Exp { version: "2.49" }),
    f("max_of", &[S, S], 0, S, Exp { version: "3.13" }),
    f("max_over_time", &[M], 0, V, Both),
    f("min_of", &[S, S], 0, S, Exp { version: "3.13" }),
    f("min_over_time", &[M], 0, V, Both),
    f("minute", &[V], 1, V, Both),
    f("month", &[V], 1, V, Both),
    f("pi", &[], 0, S, Both),
    f("predict_linear", &[M, S], 0, V, Both),
    f("present_over_time", &[M], 0, V, Both),
    f("quantile_over_time", &[S, M], 0, V, Both),
    f("rad", &[V], 0, V, Both),
    f("range", &[], 0, S, Exp { version: "3.12" }),
    f("rate", &[M], 0, V, Both),
    f("resets", &[M], 0, V, Both),
    f("round", &[V, S], 1, V, Both),
    f("scalar", &[V], 0, S, Both),
    f("sgn", &[V], 0, V, Both),
    f("sin", &[V], 0, V, Both),
    f("sinh", &[V], 0, V, Both),
    f("sort", &[V], 0, V, Both),
    f("sort_by_label", &[V, Str], -1, V, Exp { version: "2.49" }),
    f(
        "sort_by_label_desc",
        &[V, Str],
        -1,
        V,
        Exp { version: "2.49" },
    ),
    f("sort_desc", &[V], 0, V, Both),
    f("sqrt", &[V], 0, V, Both),
    f("start", &[], 0, S, Exp { version: "3.12" }),
    f("start_timestamp", &[V], 0, V, Exp { version: "3.14" }),
    f("stddev_over_time", &[M], 0, V, Both),
    f("stdvar_over_time", &[M], 0, V, Both),
    f("step", &[], 0, S, Exp { version: "3.12" }),
    f("sum_over_time", &[M], 0, V, Both),
    f("tan", &[V], 0, V, Both),
    f("tanh", &[V], 0, V, Both),
    f("time", &[], 0, S, Both),
    f("timestamp", &[V], 0, V, Both),
    f("ts_of_first_over_time", &[M], 0, V, Exp { version: "3.7" }),
    f("ts_of_last_over_time", &[M], 0, V, Exp { version: "3.5" }),
    f("ts_of_max_over_time", &[M], 0, V, Exp { version: "3.5" }),
    f("ts_of_min_over_time", &[M], 0, V, Exp { version: "3.5" }),
    f("vector", &[S], 0, V, Both),
    f("year", &[V], 1, V, Both),
];

/// A function by name in any dialect.
pub(crate) fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .map(|i| &FUNCTIONS[i])
}

/// Every function name a dialect has, for suggestions.
pub(crate) fn names(dialect: Dialect) -> impl Iterator<Item = &'static str> {
    FUNCTIONS
        .iter()
        .filter(move |f| f.exists_in(dialect))
        .map(|f| f.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_for_lookup() {
        assert!(FUNCTIONS.windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(lookup("rate").map(|f| f.returns), Some(V));
        assert!(lookup("nope").is_none());
    }

    #[test]
    fn prometheus_2_42_has_70_functions() {
        assert_eq!(names(Dialect::Prometheus2).count(), 70);
    }
}
