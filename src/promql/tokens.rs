//! PromQL tokens as Prometheus's lexer emits them: kinds, operators, keywords and
//! aggregators, and how error messages describe a token.

use super::quoting::go_quote;

/// A token kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `foo`, `le`
    Identifier,
    /// An identifier with a colon: `job:requests:rate5m`
    MetricIdentifier,
    /// `5`, `0.5`, `1e3`, `0x1f`, `Inf`, `NaN`
    Number,
    /// `5m`, `1h30m`
    Duration,
    /// A quoted string (`"…"`, `'…'` or `` `…` ``).
    String,
    /// `(`
    LeftParen,
    /// `)`
    RightParen,
    /// `{`
    LeftBrace,
    /// `}`
    RightBrace,
    /// `[`
    LeftBracket,
    /// `]`
    RightBracket,
    /// `,`
    Comma,
    /// `=` (label matching)
    Assign,
    /// `:` (subqueries)
    Colon,
    /// `@`
    At,
    /// An operator.
    Op(Op),
    /// A keyword.
    Keyword(Keyword),
    /// An aggregation operator.
    Aggregator(Aggregator),
    /// End of input.
    Eof,
    /// A lexing error; the token's message says what.
    Error,
}

/// Binary and unary operators, and label-matching operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `==`
    Eqlc,
    /// `!=`
    Neq,
    /// `<`
    Lss,
    /// `<=`
    Lte,
    /// `>`
    Gtr,
    /// `>=`
    Gte,
    /// `</` (Prometheus 3.11: trims a histogram's buckets above a bound)
    TrimUpper,
    /// `>/` (Prometheus 3.11: trims a histogram's buckets below a bound)
    TrimLower,
    /// `=~`
    EqlRegex,
    /// `!~`
    NeqRegex,
    /// `and`
    And,
    /// `or`
    Or,
    /// `unless`
    Unless,
    /// `atan2`
    Atan2,
}

impl Op {
    /// How Prometheus writes the operator.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
            Op::Mod => "%",
            Op::Pow => "^",
            Op::Eqlc => "==",
            Op::Neq => "!=",
            Op::Lss => "<",
            Op::Lte => "<=",
            Op::Gtr => ">",
            Op::Gte => ">=",
            Op::TrimUpper => "</",
            Op::TrimLower => ">/",
            Op::EqlRegex => "=~",
            Op::NeqRegex => "!~",
            Op::And => "and",
            Op::Or => "or",
            Op::Unless => "unless",
            Op::Atan2 => "atan2",
        }
    }

    /// Whether this is a comparison operator.
    pub(crate) fn is_comparison(self) -> bool {
        matches!(
            self,
            Op::Eqlc | Op::Neq | Op::Lss | Op::Lte | Op::Gtr | Op::Gte
        )
    }

    /// Whether this is a set operator (`and`, `or`, `unless`).
    pub(crate) fn is_set(self) -> bool {
        matches!(self, Op::And | Op::Or | Op::Unless)
    }
}

/// Keywords other than operators and aggregators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keyword {
    /// `by`
    By,
    /// `without`
    Without,
    /// `on`
    On,
    /// `ignoring`
    Ignoring,
    /// `group_left`
    GroupLeft,
    /// `group_right`
    GroupRight,
    /// `bool`
    Bool,
    /// `offset`
    Offset,
    /// `start` (in `@ start()`)
    Start,
    /// `end` (in `@ end()`)
    End,
}

impl Keyword {
    /// How it is written.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Keyword::By => "by",
            Keyword::Without => "without",
            Keyword::On => "on",
            Keyword::Ignoring => "ignoring",
            Keyword::GroupLeft => "group_left",
            Keyword::GroupRight => "group_right",
            Keyword::Bool => "bool",
            Keyword::Offset => "offset",
            Keyword::Start => "start",
            Keyword::End => "end",
        }
    }
}

/// Aggregation operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Aggregator {
    /// `avg`
    Avg,
    /// `bottomk`
    Bottomk,
    /// `count`
    Count,
    /// `count_values`
    CountValues,
    /// `group`
    Group,
    /// `max`
    Max,
    /// `min`
    Min,
    /// `quantile`
    Quantile,
    /// `stddev`
    Stddev,
    /// `stdvar`
    Stdvar,
    /// `sum`
    Sum,
    /// `topk`
    Topk,
    /// `limitk` (Prometheus 3, experimental)
    Limitk,
    /// `limit_ratio` (Prometheus 3, experimental)
    LimitRatio,
}

impl Aggregator {
    /// How it is written.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Aggregator::Avg => "avg",
            Aggregator::Bottomk => "bottomk",
            Aggregator::Count => "count",
            Aggregator::CountValues => "count_values",
            Aggregator::Group => "group",
            Aggregator::Max => "max",
            Aggregator::Min => "min",
            Aggregator::Quantile => "quantile",
            Aggregator::Stddev => "stddev",
            Aggregator::Stdvar => "stdvar",
            Aggregator::Sum => "sum",
            Aggregator::Topk => "topk",
            Aggregator::Limitk => "limitk",
            Aggregator::LimitRatio => "limit_ratio",
        }
    }

    /// Whether the aggregation takes a parameter before the expression.
    pub(crate) fn takes_param(self) -> bool {
        matches!(
            self,
            Aggregator::Bottomk
                | Aggregator::Topk
                | Aggregator::Quantile
                | Aggregator::CountValues
                | Aggregator::Limitk
                | Aggregator::LimitRatio
        )
    }
}

/// A token with its byte range in the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// For [`Kind::Error`], the message.
    pub message: Option<String>,
}

impl Token {
    /// The token's text.
    pub(crate) fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }

    /// How Prometheus describes the token in "unexpected …" messages.
    pub(crate) fn describe(&self, input: &str) -> String {
        match self.kind {
            Kind::Eof => "end of input".to_owned(),
            Kind::Error => self.message.clone().unwrap_or_default(),
            Kind::Identifier => format!("identifier {}", shown(self.text(input))),
            Kind::MetricIdentifier => format!("metric identifier {}", shown(self.text(input))),
            Kind::Number => format!("number {}", shown(self.text(input))),
            Kind::Duration => format!("duration {}", shown(self.text(input))),
            Kind::String => format!("string {}", shown(self.text(input))),
            Kind::Op(op) => format!("<op:{}>", op.as_str()),
            Kind::Keyword(k) => format!("<{}>", k.as_str()),
            Kind::Aggregator(a) => format!("<aggr:{}>", a.as_str()),
            Kind::LeftParen => "\"(\"".to_owned(),
            Kind::RightParen => "\")\"".to_owned(),
            Kind::LeftBrace => "\"{\"".to_owned(),
            Kind::RightBrace => "\"}\"".to_owned(),
            Kind::LeftBracket => "\"[\"".to_owned(),
            Kind::RightBracket => "\"]\"".to_owned(),
            Kind::Comma => "\",\"".to_owned(),
            Kind::Assign => "\"=\"".to_owned(),
            Kind::Colon => "\":\"".to_owned(),
            Kind::At => "\"@\"".to_owned(),
        }
    }
}

/// A token value as Prometheus shows it: quoted, cut after 10 characters.
fn shown(text: &str) -> String {
    if text.chars().count() > 10 {
        let cut: String = text.chars().take(10).collect();
        format!("{}...", go_quote(&cut))
    } else {
        go_quote(text)
    }
}

/// The token of a keyword, operator word or aggregator, matched case-insensitively as
/// Prometheus does.
pub(super) fn keyword(word: &str) -> Option<Kind> {
    let lower = word.to_ascii_lowercase();
    Some(match lower.as_str() {
        "and" => Kind::Op(Op::And),
        "or" => Kind::Op(Op::Or),
        "unless" => Kind::Op(Op::Unless),
        "atan2" => Kind::Op(Op::Atan2),
        "by" => Kind::Keyword(Keyword::By),
        "without" => Kind::Keyword(Keyword::Without),
        "on" => Kind::Keyword(Keyword::On),
        "ignoring" => Kind::Keyword(Keyword::Ignoring),
        "group_left" => Kind::Keyword(Keyword::GroupLeft),
        "group_right" => Kind::Keyword(Keyword::GroupRight),
        "bool" => Kind::Keyword(Keyword::Bool),
        "offset" => Kind::Keyword(Keyword::Offset),
        "start" => Kind::Keyword(Keyword::Start),
        "end" => Kind::Keyword(Keyword::End),
        "inf" | "nan" => Kind::Number,
        "avg" => Kind::Aggregator(Aggregator::Avg),
        "bottomk" => Kind::Aggregator(Aggregator::Bottomk),
        "count" => Kind::Aggregator(Aggregator::Count),
        "count_values" => Kind::Aggregator(Aggregator::CountValues),
        "group" => Kind::Aggregator(Aggregator::Group),
        "max" => Kind::Aggregator(Aggregator::Max),
        "min" => Kind::Aggregator(Aggregator::Min),
        "quantile" => Kind::Aggregator(Aggregator::Quantile),
        "stddev" => Kind::Aggregator(Aggregator::Stddev),
        "stdvar" => Kind::Aggregator(Aggregator::Stdvar),
        "sum" => Kind::Aggregator(Aggregator::Sum),
        "topk" => Kind::Aggregator(Aggregator::Topk),
        // Lexed as aggregators in every dialect; the dialect check reports them on
        // Prometheus 2, where they were unknown functions.
        "limitk" => Kind::Aggregator(Aggregator::Limitk),
        "limit_ratio" => Kind::Aggregator(Aggregator::LimitRatio),
        _ => return None,
    })
}
