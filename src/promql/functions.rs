//! PromQL functions: their signatures.

use super::ast::ValueType::{self, Matrix as M, Scalar as S, String as Str, Vector as V};
use super::dialect::Dialect;
use super::releases;

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
}

impl Function {
    /// Whether the target release has the function (experimental ones included).
    pub(crate) fn exists_in(&self, dialect: Dialect) -> bool {
        releases::of_function(self.name).is_none_or(|change| change.exists_in(dialect))
    }
}

const fn f(
    name: &'static str,
    args: &'static [ValueType],
    variadic: i8,
    returns: ValueType,
) -> Function {
    Function {
        name,
        args,
        variadic,
        returns,
    }
}

/// Every function of any target, sorted by name; which targets have each is in
/// [`releases::CHANGES`].
pub(crate) const FUNCTIONS: &[Function] = &[
    f("abs", &[V], 0, V),
    f("absent", &[V], 0, V),
    f("absent_over_time", &[M], 0, V),
    f("acos", &[V], 0, V),
    f("acosh", &[V], 0, V),
    f("asin", &[V], 0, V),
    f("asinh", &[V], 0, V),
    f("atan", &[V], 0, V),
    f("atanh", &[V], 0, V),
    f("avg_over_time", &[M], 0, V),
    f("ceil", &[V], 0, V),
    f("changes", &[M], 0, V),
    f("clamp", &[V, S, S], 0, V),
    f("clamp_max", &[V, S], 0, V),
    f("clamp_min", &[V, S], 0, V),
    f("cos", &[V], 0, V),
    f("cosh", &[V], 0, V),
    f("count_over_time", &[M], 0, V),
    f("day_of_month", &[V], 1, V),
    f("day_of_week", &[V], 1, V),
    f("day_of_year", &[V], 1, V),
    f("days_in_month", &[V], 1, V),
    f("deg", &[V], 0, V),
    f("delta", &[M], 0, V),
    f("deriv", &[M], 0, V),
    f("double_exponential_smoothing", &[M, S, S], 0, V),
    f("end", &[], 0, S),
    f("exp", &[V], 0, V),
    f("first_over_time", &[M], 0, V),
    f("floor", &[V], 0, V),
    f("histogram_avg", &[V], 0, V),
    f("histogram_count", &[V], 0, V),
    f("histogram_fraction", &[S, S, V], 0, V),
    f("histogram_quantile", &[S, V], 0, V),
    f("histogram_quantiles", &[V, Str, S, S], 9, V),
    f("histogram_stddev", &[V], 0, V),
    f("histogram_stdvar", &[V], 0, V),
    f("histogram_sum", &[V], 0, V),
    f("holt_winters", &[M, S, S], 0, V),
    f("hour", &[V], 1, V),
    f("idelta", &[M], 0, V),
    f("increase", &[M], 0, V),
    f("info", &[V, V], 1, V),
    f("irate", &[M], 0, V),
    f("label_join", &[V, Str, Str, Str], -1, V),
    f("label_replace", &[V, Str, Str, Str, Str], 0, V),
    f("last_over_time", &[M], 0, V),
    f("ln", &[V], 0, V),
    f("log10", &[V], 0, V),
    f("log2", &[V], 0, V),
    f("mad_over_time", &[M], 0, V),
    f("max_of", &[S, S], 0, S),
    f("max_over_time", &[M], 0, V),
    f("min_of", &[S, S], 0, S),
    f("min_over_time", &[M], 0, V),
    f("minute", &[V], 1, V),
    f("month", &[V], 1, V),
    f("pi", &[], 0, S),
    f("predict_linear", &[M, S], 0, V),
    f("present_over_time", &[M], 0, V),
    f("quantile_over_time", &[S, M], 0, V),
    f("rad", &[V], 0, V),
    f("range", &[], 0, S),
    f("rate", &[M], 0, V),
    f("resets", &[M], 0, V),
    f("round", &[V, S], 1, V),
    f("scalar", &[V], 0, S),
    f("sgn", &[V], 0, V),
    f("sin", &[V], 0, V),
    f("sinh", &[V], 0, V),
    f("sort", &[V], 0, V),
    f("sort_by_label", &[V, Str], -1, V),
    f("sort_by_label_desc", &[V, Str], -1, V),
    f("sort_desc", &[V], 0, V),
    f("sqrt", &[V], 0, V),
    f("start", &[], 0, S),
    f("start_timestamp", &[V], 0, V),
    f("stddev_over_time", &[M], 0, V),
    f("stdvar_over_time", &[M], 0, V),
    f("step", &[], 0, S),
    f("sum_over_time", &[M], 0, V),
    f("tan", &[V], 0, V),
    f("tanh", &[V], 0, V),
    f("time", &[], 0, S),
    f("timestamp", &[V], 0, V),
    f("ts_of_first_over_time", &[M], 0, V),
    f("ts_of_last_over_time", &[M], 0, V),
    f("ts_of_max_over_time", &[M], 0, V),
    f("ts_of_min_over_time", &[M], 0, V),
    f("vector", &[S], 0, V),
    f("year", &[V], 1, V),
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
        assert_eq!(names(Dialect::PROMETHEUS_2).count(), 70);
    }
}
