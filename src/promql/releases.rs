//! What each Prometheus release and feature flag brings to PromQL: one table, read by the
//! lexer and parser (syntax), by the function check, by `llm-slo targets` and by the
//! README's table of targets (a test keeps it equal to [`CHANGES`]).
//!
//! Everything not in the table is in every target (Prometheus 2.42 and 3.x alike).

use super::dialect::{Dialect, Feature};

/// A piece of syntax some releases lack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// Quoted metric and label names.
    Utf8Names,
    /// Numbers as durations and durations as numbers.
    NumberDurations,
    /// `1_000`.
    DigitSeparators,
    /// Arithmetic in durations: `foo[5m * 2]`.
    DurationExpressions,
    /// `step()` in durations.
    StepInDurations,
    /// `range()` in durations.
    RangeInDurations,
    /// `min_of()` and `max_of()` in durations.
    MinMaxOfInDurations,
    /// `anchored` and `smoothed` after selectors.
    AnchoredSmoothed,
    /// `fill()`, `fill_left()`, `fill_right()` on binary operators.
    FillModifiers,
    /// `</` and `>/`.
    TrimOperators,
}

/// What a row of the table is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// A function, by name.
    Function(&'static str),
    /// An aggregation operator, by name.
    Aggregation(&'static str),
    /// Syntax.
    Syntax(Syntax),
}

/// One row: since when, behind which flag until when, and the release note that says so.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Change {
    /// What changed.
    pub item: Item,
    /// How messages and the table name it (Markdown).
    pub what: &'static str,
    /// The first release that has it.
    pub since: Dialect,
    /// The flag it needs, if any.
    pub flag: Option<Feature>,
    /// The first release where it no longer needs the flag.
    pub stable: Option<Dialect>,
    /// The release that removed it, and what replaces it.
    pub removed: Option<(Dialect, &'static str)>,
    /// An expression that uses it.
    pub example: &'static str,
    /// The release note (or, where there is none, the source change) it comes from.
    pub note: &'static str,
}

/// What a target lacks to accept a [`Change`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Missing {
    /// A newer release.
    Release(Dialect),
    /// A feature flag.
    Flag(Feature),
    /// An older release: it was removed.
    Removed(Dialect, &'static str),
}

impl Change {
    /// What `dialect` with `features` lacks to accept it, if anything.
    pub(crate) fn missing(&self, dialect: Dialect, features: super::Features) -> Option<Missing> {
        if let Some((removed, replacement)) = self.removed
            && dialect >= removed
        {
            return Some(Missing::Removed(removed, replacement));
        }
        if dialect < self.since {
            return Some(Missing::Release(self.since));
        }
        match self.flag {
            Some(flag) if self.stable.is_none_or(|stable| dialect < stable) => {
                (!features.has(flag)).then_some(Missing::Flag(flag))
            }
            _ => None,
        }
    }

    /// Whether the release has it at all (perhaps behind a flag).
    pub(crate) fn exists_in(&self, dialect: Dialect) -> bool {
        !matches!(
            self.missing(dialect, super::Features::all()),
            Some(Missing::Release(_) | Missing::Removed(..))
        )
    }
}

impl Missing {
    /// "needs Prometheus 3.11", "needs --enable-feature=…", "removed in Prometheus 3.0; use …".
    pub(crate) fn requirement(self) -> String {
        match self {
            Missing::Release(release) => format!("needs {}", release.name()),
            Missing::Flag(flag) => format!("needs --enable-feature={}", flag.name()),
            Missing::Removed(release, replacement) => {
                format!("removed in {}; use {replacement}", release.name())
            }
        }
    }
}

const fn v(major: u8, minor: u8) -> Dialect {
    Dialect::release(major, minor)
}

/// A row without a stable release or removal.
const fn row(
    item: Item,
    what: &'static str,
    since: Dialect,
    flag: Option<Feature>,
    example: &'static str,
    note: &'static str,
) -> Change {
    Change {
        item,
        what,
        since,
        flag,
        stable: None,
        removed: None,
        example,
        note,
    }
}

const fn function(
    name: &'static str,
    what: &'static str,
    since: Dialect,
    flag: Option<Feature>,
    example: &'static str,
    note: &'static str,
) -> Change {
    row(Item::Function(name), what, since, flag, example, note)
}

const fn syntax(
    item: Syntax,
    what: &'static str,
    since: Dialect,
    flag: Option<Feature>,
    example: &'static str,
    note: &'static str,
) -> Change {
    row(Item::Syntax(item), what, since, flag, example, note)
}

const EXP: Option<Feature> = Some(Feature::ExperimentalFunctions);
const DURATION_EXPR: Option<Feature> = Some(Feature::DurationExpr);

/// Every difference between the targets, oldest first.
pub(crate) const CHANGES: &[Change] = &[
    Change {
        removed: Some((v(3, 0), "double_exponential_smoothing (experimental)")),
        ..function(
            "holt_winters",
            "`holt_winters()`",
            v(2, 0),
            None,
            "holt_winters(foo[10m], 0.5, 0.5)",
            "3.0.0: [CHANGE] `holt_winters` is now called `double_exponential_smoothing` and moves behind the experimental-promql-functions feature flag. #14930",
        )
    },
    function(
        "histogram_stddev",
        "`histogram_stddev()`",
        v(2, 47),
        None,
        "histogram_stddev(foo)",
        "2.47.0: [ENHANCEMENT] Histograms: Add `histogram_stdvar` and `histogram_stddev` functions. #12614",
    ),
    function(
        "histogram_stdvar",
        "`histogram_stdvar()`",
        v(2, 47),
        None,
        "histogram_stdvar(foo)",
        "2.47.0: [ENHANCEMENT] Histograms: Add `histogram_stdvar` and `histogram_stddev` functions. #12614",
    ),
    function(
        "mad_over_time",
        "`mad_over_time()`",
        v(2, 49),
        EXP,
        "mad_over_time(foo[5m])",
        "2.49.0: Experimental `mad_over_time` (median absolute deviation around the median) function. #13059",
    ),
    function(
        "sort_by_label",
        "`sort_by_label()`",
        v(2, 49),
        EXP,
        "sort_by_label(foo, \"model\")",
        "2.49.0: Experimental `sort_by_label` and `sort_by_label_desc` functions allowing sorting returned series by labels. #11299",
    ),
    function(
        "sort_by_label_desc",
        "`sort_by_label_desc()`",
        v(2, 49),
        EXP,
        "sort_by_label_desc(foo, \"model\")",
        "2.49.0: Experimental `sort_by_label` and `sort_by_label_desc` functions allowing sorting returned series by labels. #11299",
    ),
    function(
        "histogram_avg",
        "`histogram_avg()`",
        v(2, 51),
        None,
        "histogram_avg(foo)",
        "2.51.0: [FEATURE] PromQL (experimental native histograms): Add histogram_avg function. #13467",
    ),
    row(
        Item::Aggregation("limitk"),
        "`limitk()`",
        v(2, 54),
        EXP,
        "limitk(2, foo)",
        "2.54.0: [FEATURE] PromQL: add limitk() and limit_ratio() aggregation operators. #12503",
    ),
    row(
        Item::Aggregation("limit_ratio"),
        "`limit_ratio()`",
        v(2, 54),
        EXP,
        "limit_ratio(0.5, foo)",
        "2.54.0: [FEATURE] PromQL: add limitk() and limit_ratio() aggregation operators. #12503",
    ),
    syntax(
        Syntax::DigitSeparators,
        "digit separators",
        v(2, 54),
        None,
        "foo > 1_000",
        "2.54.0: [ENHANCEMENT] PromQL: Accept underscores in literal numbers, e.g. 1_000_000 for 1 million. #12821",
    ),
    function(
        "info",
        "`info()`",
        v(2, 55),
        EXP,
        "info(foo)",
        "2.55.0: [FEATURE] PromQL: Add experimental `info` function. #14495",
    ),
    syntax(
        Syntax::Utf8Names,
        "quoted UTF-8 names",
        v(3, 0),
        None,
        "{\"gen_ai.client.token.usage\"}",
        "3.0.0: [CHANGE] UTF-8: Enable UTF-8 support by default. #14705, #15258",
    ),
    syntax(
        Syntax::NumberDurations,
        "numbers as durations, durations as numbers",
        v(3, 0),
        None,
        "foo[300] offset 60",
        "3.0.0: [CHANGE] Float literals and time durations being the same is now a stable feature. #15111",
    ),
    function(
        "double_exponential_smoothing",
        "`double_exponential_smoothing()`",
        v(3, 0),
        EXP,
        "double_exponential_smoothing(foo[10m], 0.5, 0.5)",
        "3.0.0: [CHANGE] `holt_winters` is now called `double_exponential_smoothing` and moves behind the experimental-promql-functions feature flag. #14930",
    ),
    Change {
        stable: Some(v(3, 14)),
        ..syntax(
            Syntax::DurationExpressions,
            "arithmetic in durations",
            v(3, 4),
            DURATION_EXPR,
            "foo[5m * 2]",
            "3.4.0: [FEATURE] PromQL: allow arithmetic operations in durations in PromQL parser. #16249; 3.14.0: [CHANGE] Enable duration expressions by default. #19033",
        )
    },
    function(
        "ts_of_last_over_time",
        "`ts_of_last_over_time()`",
        v(3, 5),
        EXP,
        "ts_of_last_over_time(foo[5m])",
        "3.5.0: [FEATURE] PromQL: Add `ts_of_(min|max|last)_over_time`, behind feature flag `experimental-promql-functions`. #16722 #16733",
    ),
    function(
        "ts_of_max_over_time",
        "`ts_of_max_over_time()`",
        v(3, 5),
        EXP,
        "ts_of_max_over_time(foo[5m])",
        "3.5.0: [FEATURE] PromQL: Add `ts_of_(min|max|last)_over_time`, behind feature flag `experimental-promql-functions`. #16722 #16733",
    ),
    function(
        "ts_of_min_over_time",
        "`ts_of_min_over_time()`",
        v(3, 5),
        EXP,
        "ts_of_min_over_time(foo[5m])",
        "3.5.0: [FEATURE] PromQL: Add `ts_of_(min|max|last)_over_time`, behind feature flag `experimental-promql-functions`. #16722 #16733",
    ),
    Change {
        stable: Some(v(3, 14)),
        ..syntax(
            Syntax::StepInDurations,
            "`step()` in durations",
            v(3, 6),
            DURATION_EXPR,
            "foo[step() * 4]",
            "3.6.0: [FEATURE] PromQL: Add `step()`, and `min()` and `max()` on durations, behind feature flag `promql-duration-expr`. #16777",
        )
    },
    syntax(
        Syntax::AnchoredSmoothed,
        "`anchored` and `smoothed`",
        v(3, 7),
        Some(Feature::ExtendedRangeSelectors),
        "rate(foo[5m] anchored)",
        "3.7.0: [FEATURE] PromQL: Add support for experimental anchored and smoothed rate behind feature flag `promql-extended-range-selectors`. #16457",
    ),
    Change {
        stable: Some(v(3, 14)),
        ..function(
            "first_over_time",
            "`first_over_time()`",
            v(3, 7),
            EXP,
            "first_over_time(foo[5m])",
            "3.7.0: [FEATURE] PromQL: Add `first_over_time(...)` and `ts_of_first_over_time(...)` behind feature flag `experimental-promql-functions`. #16963 #17021; 3.14.0: [CHANGE] PromQL: Promote `first_over_time` to stable. #19093",
        )
    },
    function(
        "ts_of_first_over_time",
        "`ts_of_first_over_time()`",
        v(3, 7),
        EXP,
        "ts_of_first_over_time(foo[5m])",
        "3.7.0: [FEATURE] PromQL: Add `first_over_time(...)` and `ts_of_first_over_time(...)` behind feature flag `experimental-promql-functions`. #16963 #17021",
    ),
    Change {
        stable: Some(v(3, 14)),
        ..syntax(
            Syntax::RangeInDurations,
            "`range()` in durations",
            v(3, 10),
            DURATION_EXPR,
            "foo[range()]",
            "3.10.0: the grammar's duration expressions gain `range()` (\"PromQL: duration expression: add range()\", not in the release notes)",
        )
    },
    syntax(
        Syntax::FillModifiers,
        "`fill()`, `fill_left()`, `fill_right()`",
        v(3, 10),
        Some(Feature::BinopFillModifiers),
        "foo + fill(0) bar",
        "3.10.0: [FEATURE] PromQL: Add `fill()` / `fill_left()` / `fill_right()` binop modifiers for specifying default values for missing series. #17644",
    ),
    syntax(
        Syntax::TrimOperators,
        "`</` and `>/` (trim operators)",
        v(3, 11),
        None,
        "foo </ 0.5",
        "3.11.0: [FEATURE] PromQL: Add `</` and `>/` operators for trimming observations from native histograms. #17904",
    ),
    function(
        "histogram_quantiles",
        "`histogram_quantiles()`",
        v(3, 11),
        EXP,
        "histogram_quantiles(foo, \"q\", 0.5, 0.9)",
        "3.11.0: [FEATURE] PromQL: Add experimental `histogram_quantiles` variadic function for computing multiple quantiles at once. #17285",
    ),
    function(
        "end",
        "`end()`",
        v(3, 12),
        EXP,
        "foo - end()",
        "3.12.0: [FEATURE] PromQL: Add `start()`, `end()`, `range()`, and `step()` experimental functions. #17877",
    ),
    function(
        "range",
        "`range()`",
        v(3, 12),
        EXP,
        "foo / range()",
        "3.12.0: [FEATURE] PromQL: Add `start()`, `end()`, `range()`, and `step()` experimental functions. #17877",
    ),
    function(
        "start",
        "`start()`",
        v(3, 12),
        EXP,
        "foo - start()",
        "3.12.0: [FEATURE] PromQL: Add `start()`, `end()`, `range()`, and `step()` experimental functions. #17877",
    ),
    function(
        "step",
        "`step()`",
        v(3, 12),
        EXP,
        "foo * step()",
        "3.12.0: [FEATURE] PromQL: Add `start()`, `end()`, `range()`, and `step()` experimental functions. #17877",
    ),
    function(
        "max_of",
        "`max_of()`",
        v(3, 13),
        EXP,
        "max_of(scalar(foo), 1)",
        "3.13.0: [FEATURE] PromQL: Add `min_of(a, b)` and `max_of(a, b)` scalar experimental functions. #18687",
    ),
    function(
        "min_of",
        "`min_of()`",
        v(3, 13),
        EXP,
        "min_of(scalar(foo), 1)",
        "3.13.0: [FEATURE] PromQL: Add `min_of(a, b)` and `max_of(a, b)` scalar experimental functions. #18687",
    ),
    Change {
        stable: Some(v(3, 14)),
        ..syntax(
            Syntax::MinMaxOfInDurations,
            "`min_of()` and `max_of()` in durations",
            v(3, 13),
            DURATION_EXPR,
            "foo offset min_of(step(), 1m)",
            "3.13.0: [CHANGE] PromQL: Rename the `min()` and `max()` duration-expression functions to `min_of()` and `max_of()`. #18687",
        )
    },
    function(
        "start_timestamp",
        "`start_timestamp()`",
        v(3, 14),
        EXP,
        "start_timestamp(foo)",
        "3.14.0: [FEATURE] PromQL: Add experimental `start_timestamp(instant-vector)` function. #19089",
    ),
];

/// The row of a function, if the function is not in every target.
pub(crate) fn of_function(name: &str) -> Option<&'static Change> {
    CHANGES
        .iter()
        .find(|c| matches!(c.item, Item::Function(f) if f == name))
}

/// The row of an aggregation operator, if it is not in every target.
pub(crate) fn of_aggregation(name: &str) -> Option<&'static Change> {
    CHANGES
        .iter()
        .find(|c| matches!(c.item, Item::Aggregation(a) if a == name))
}

/// The row of a piece of syntax.
pub(crate) fn of_syntax(syntax: Syntax) -> &'static Change {
    // Every `Syntax` has a row (a test checks it); the first row is never the answer.
    CHANGES
        .iter()
        .find(|c| c.item == Item::Syntax(syntax))
        .unwrap_or(&CHANGES[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::Features;

    #[test]
    fn every_syntax_has_a_row_and_rows_are_in_release_order() {
        for syntax in [
            Syntax::Utf8Names,
            Syntax::NumberDurations,
            Syntax::DigitSeparators,
            Syntax::DurationExpressions,
            Syntax::StepInDurations,
            Syntax::RangeInDurations,
            Syntax::MinMaxOfInDurations,
            Syntax::AnchoredSmoothed,
            Syntax::FillModifiers,
            Syntax::TrimOperators,
        ] {
            assert_eq!(of_syntax(syntax).item, Item::Syntax(syntax));
        }
        assert!(CHANGES.windows(2).all(|w| w[0].since <= w[1].since));
    }

    fn verdict(expr: &str, dialect: Dialect, features: Features) -> Result<(), String> {
        let options = crate::promql::Options { dialect, features };
        crate::promql::parse_with(expr, options, crate::promql::Limits::default())
            .map(|_| ())
            .map_err(|errors| errors[0].message.clone())
    }

    /// The release before `d` among the targets (2.42 before every 3.x before 3.0's next).
    fn before(d: Dialect) -> Option<Dialect> {
        Dialect::known().filter(|k| *k < d).last()
    }

    #[test]
    fn every_example_needs_exactly_its_release_and_flag() {
        for change in CHANGES {
            let example = change.example;
            let flags = change
                .flag
                .map_or(Features::NONE, |f| Features::NONE.with(f));
            let first = Dialect::known()
                .find(|d| *d >= change.since)
                .unwrap_or(Dialect::PROMETHEUS_3);
            if let Some((removed, _)) = change.removed {
                assert_eq!(
                    verdict(example, Dialect::PROMETHEUS_2, flags),
                    Ok(()),
                    "{example}"
                );
                let error = verdict(example, removed, Features::all()).unwrap_err();
                assert!(error.contains("removed in"), "{example}: {error}");
                continue;
            }
            assert_eq!(
                verdict(example, first, flags),
                Ok(()),
                "{example} in {first}"
            );
            if let Some(flag) = change.flag
                && change.stable.is_none_or(|stable| first < stable)
            {
                let error = verdict(example, first, Features::NONE).unwrap_err();
                assert!(error.contains(flag.name()), "{example} in {first}: {error}");
            }
            if let Some(stable) = change.stable {
                assert_eq!(
                    verdict(example, stable, Features::NONE),
                    Ok(()),
                    "{example}"
                );
            }
            if let Some(earlier) = before(change.since) {
                let error = verdict(example, earlier, Features::all())
                    .expect_err(&format!("{example} in {earlier}"));
                if !earlier.is_prometheus_2() {
                    let needs = format!("needs {}", change.since.name());
                    assert!(error.contains(&needs), "{example} in {earlier}: {error}");
                }
            }
        }
    }

    #[test]
    fn every_function_row_names_a_function() {
        for change in CHANGES {
            if let Item::Function(name) = change.item {
                assert!(crate::promql::functions::lookup(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn first_over_time_needs_the_flag_until_3_14() {
        let row = of_function("first_over_time")
            .map(|c| [v(3, 6), v(3, 13), v(3, 14)].map(|d| c.missing(d, Features::NONE)));
        assert_eq!(
            row,
            Some([
                Some(Missing::Release(v(3, 7))),
                Some(Missing::Flag(Feature::ExperimentalFunctions)),
                None
            ])
        );
    }
}
