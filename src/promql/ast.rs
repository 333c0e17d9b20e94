//! The PromQL syntax tree, with the byte range of every node in the expression text.

pub(crate) use super::tokens::{Aggregator, Op};

/// A byte range of the expression text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct ByteRange {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteRange {
    /// A range from two bytes.
    pub(crate) fn new(start: usize, end: usize) -> ByteRange {
        ByteRange { start, end }
    }

    /// The smallest span covering both.
    pub(crate) fn to(self, other: ByteRange) -> ByteRange {
        ByteRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The type of a PromQL value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueType {
    /// A number.
    Scalar,
    /// A string.
    String,
    /// An instant vector.
    Vector,
    /// A range vector.
    Matrix,
}

impl ValueType {
    /// How Prometheus names the type in messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            ValueType::Scalar => "scalar",
            ValueType::String => "string",
            ValueType::Vector => "instant vector",
            ValueType::Matrix => "range vector",
        }
    }
}

/// A name with where it is written (a label, a metric name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    /// The name (unquoted).
    pub value: String,
    /// Where it is written.
    pub span: ByteRange,
    /// Whether it was written as a quoted string (Prometheus 3 UTF-8 syntax).
    pub quoted: bool,
}

/// A label matcher: `name op "value"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Matcher {
    /// The label name.
    pub name: Name,
    /// `=`, `!=`, `=~` or `!~` (`=` is [`MatchOp::Equal`]).
    pub op: MatchOp,
    /// The value, unquoted.
    pub value: String,
    /// Where the value is written.
    pub value_span: ByteRange,
    /// The whole matcher.
    pub span: ByteRange,
}

/// A label-matching operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~`
    Regex,
    /// `!~`
    NotRegex,
}

impl MatchOp {
    /// How it is written.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }

    /// Whether the matcher matches the empty string (an absent label).
    pub(crate) fn matches_empty(self, value: &str) -> bool {
        match self {
            MatchOp::Equal => value.is_empty(),
            MatchOp::NotEqual => !value.is_empty(),
            MatchOp::Regex => regex_matches_empty(value),
            MatchOp::NotRegex => !regex_matches_empty(value),
        }
    }
}

fn regex_matches_empty(pattern: &str) -> bool {
    regex::Regex::new(&format!("^(?:{pattern})$")).is_ok_and(|r| r.is_match(""))
}

/// A duration written in an expression, in milliseconds (may be negative for offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DurationLit {
    /// Milliseconds.
    pub millis: i64,
    /// Where it is written.
    pub span: ByteRange,
    /// Whether it is a (signed) number or duration literal; an arithmetic duration
    /// expression (`[-2^2]`, `[step()]`) is only evaluated at query time.
    pub literal: bool,
}

/// `@ <timestamp>`, `@ start()`, `@ end()`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum At {
    /// A Unix timestamp.
    Timestamp(f64),
    /// `start()`
    Start,
    /// `end()`
    End,
}

/// Modifiers of a selector or subquery.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Modifiers {
    /// `offset d`
    pub offset: Option<DurationLit>,
    /// `@ t`
    pub at: Option<(At, ByteRange)>,
    /// `anchored` (Prometheus 3.7, `--enable-feature=promql-extended-range-selectors`)
    pub anchored: bool,
    /// `smoothed` (Prometheus 3.7, `--enable-feature=promql-extended-range-selectors`)
    pub smoothed: bool,
}

/// `metric{matchers}`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct VectorSelector {
    /// The metric name, when written before the braces or as `__name__`/a bare quoted name.
    pub name: Option<Name>,
    /// The matchers inside the braces.
    pub matchers: Vec<Matcher>,
    /// Offset and `@`.
    pub modifiers: Modifiers,
    /// The selector, modifiers included.
    pub span: ByteRange,
}

/// `on(…)` / `ignoring(…)` and `group_left` / `group_right`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VectorMatching {
    /// `on` (true) or `ignoring` (false).
    pub on: bool,
    /// The labels.
    pub labels: Vec<Name>,
    /// `group_left` / `group_right`, with its extra labels.
    pub group: Option<(Card, Vec<Name>)>,
    /// Where the clause is written.
    pub span: ByteRange,
}

/// Many-to-one or one-to-many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Card {
    /// `group_left`
    ManyToOne,
    /// `group_right`
    OneToMany,
}

/// `by (…)` / `without (…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grouping {
    /// `without` (true) or `by` (false).
    pub without: bool,
    /// The labels.
    pub labels: Vec<Name>,
    /// Where the clause is written.
    pub span: ByteRange,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    /// `1.5`
    Number {
        /// The value.
        value: f64,
        /// Where.
        span: ByteRange,
    },
    /// `"text"`
    String {
        /// The value.
        value: String,
        /// Where.
        span: ByteRange,
    },
    /// An instant vector selector.
    Vector(VectorSelector),
    /// A range vector selector: `selector[range]`.
    Matrix {
        /// The selector (its modifiers follow the range).
        selector: VectorSelector,
        /// The range.
        range: DurationLit,
        /// Where.
        span: ByteRange,
    },
    /// `expr[range:step]`.
    Subquery {
        /// The inner expression.
        expr: Box<Expr>,
        /// The range.
        range: DurationLit,
        /// The resolution, if written.
        step: Option<DurationLit>,
        /// Offset and `@`.
        modifiers: Modifiers,
        /// Where.
        span: ByteRange,
    },
    /// `f(args)`.
    Call {
        /// The function name.
        name: Name,
        /// The arguments.
        args: Vec<Expr>,
        /// Where.
        span: ByteRange,
    },
    /// `sum by (…) (expr)`.
    Aggregate {
        /// The operator.
        op: Aggregator,
        /// Where the operator name is written.
        op_span: ByteRange,
        /// The parameter of `topk`, `quantile`, `count_values`, ….
        param: Option<Box<Expr>>,
        /// The aggregated expression.
        expr: Box<Expr>,
        /// `by`/`without`.
        grouping: Option<Grouping>,
        /// Where.
        span: ByteRange,
    },
    /// `lhs op rhs`.
    Binary {
        /// The operator.
        op: Op,
        /// Where the operator and its modifiers are written.
        op_span: ByteRange,
        /// Left side.
        lhs: Box<Expr>,
        /// Right side.
        rhs: Box<Expr>,
        /// `bool`
        return_bool: bool,
        /// `on`/`ignoring`, `group_left`/`group_right`.
        matching: Option<VectorMatching>,
        /// Whether `fill()`, `fill_left()` or `fill_right()` is given.
        filled: bool,
        /// Where.
        span: ByteRange,
    },
    /// `-expr` / `+expr`.
    Unary {
        /// `-` or `+`.
        op: Op,
        /// The operand.
        expr: Box<Expr>,
        /// Where.
        span: ByteRange,
    },
    /// `(expr)`.
    Paren {
        /// The inner expression.
        expr: Box<Expr>,
        /// Where.
        span: ByteRange,
    },
}

impl Expr {
    /// Where the expression is written.
    pub(crate) fn span(&self) -> ByteRange {
        match self {
            Expr::Number { span, .. }
            | Expr::String { span, .. }
            | Expr::Matrix { span, .. }
            | Expr::Subquery { span, .. }
            | Expr::Call { span, .. }
            | Expr::Aggregate { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Unary { span, .. }
            | Expr::Paren { span, .. } => *span,
            Expr::Vector(v) => v.span,
        }
    }

    /// The expression inside any parentheses.
    pub(crate) fn unparen(&self) -> &Expr {
        match self {
            Expr::Paren { expr, .. } => expr.unparen(),
            other => other,
        }
    }

    /// Visits this expression and every descendant, parents first (without the list
    /// `children` allocates: every check walks every tree).
    pub(crate) fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Expr)) {
        visit(self);
        match self {
            Expr::Number { .. } | Expr::String { .. } | Expr::Vector(_) | Expr::Matrix { .. } => {}
            Expr::Subquery { expr, .. } | Expr::Unary { expr, .. } | Expr::Paren { expr, .. } => {
                expr.walk(visit)
            }
            Expr::Call { args, .. } => {
                for arg in args {
                    arg.walk(visit);
                }
            }
            Expr::Aggregate { param, expr, .. } => {
                if let Some(param) = param {
                    param.walk(visit);
                }
                expr.walk(visit);
            }
            Expr::Binary { lhs, rhs, .. } => {
                lhs.walk(visit);
                rhs.walk(visit);
            }
        }
    }

    /// The vector selector of a selector or range selector.
    pub(crate) fn selector(&self) -> Option<&VectorSelector> {
        match self {
            Expr::Vector(v) | Expr::Matrix { selector: v, .. } => Some(v),
            _ => None,
        }
    }
}
