//! The PromQL parser: recursive descent over [`lexer`](super::lexer) tokens, reporting
//! errors where Prometheus's yacc grammar reports them, with the same messages.
//!
//! It parses the union of the dialects (quoted UTF-8 names, `limitk`, number durations);
//! [`super::typecheck`] then reports what the target dialect does not have, and the type errors
//! Prometheus's `checkAST` reports.

use super::ast::*;
use super::dialect::{Dialect, Features};
use super::functions;
use super::lexer::lex;
use super::quoting::{go_quote, unquote};
use super::releases::{self, Missing, Syntax};
use super::tokens::{Keyword, Kind, Token};

/// What the parser accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// The target Prometheus release.
    pub dialect: Dialect,
    /// The feature flags it runs with.
    pub features: Features,
}

/// A syntax or type error, at a byte range of the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Where (Prometheus reports the start).
    pub span: ByteRange,
    /// What, in Prometheus's words.
    pub message: String,
    /// Syntax, type, or a difference between Prometheus versions.
    pub kind: ErrorKind,
}

/// The kind of a [`SyntaxError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The text does not parse.
    Syntax,
    /// It parses, but the types do not fit (Prometheus's `checkAST`).
    Type,
    /// It needs another Prometheus version, or a feature flag.
    Dialect,
    /// It is beyond llm-slo's own size or nesting limits (Prometheus may accept it).
    Limit,
}

/// The result of parsing: a tree, or the errors found.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The tree, when the expression parses.
    pub expr: Option<Expr>,
    /// Errors in the order Prometheus finds them (the first is what promtool prints).
    pub errors: Vec<SyntaxError>,
}

/// Parses an expression.
pub(crate) fn parse(input: &str, options: Options, max_depth: usize) -> Parsed {
    let mut tokens = lex(input, options.dialect);
    if options.dialect.is_prometheus_2() {
        // Prometheus 2 has no `limitk`/`limit_ratio`: they are plain identifiers.
        for token in &mut tokens {
            if matches!(
                token.kind,
                Kind::Aggregator(Aggregator::Limitk | Aggregator::LimitRatio)
            ) {
                token.kind = Kind::Identifier;
            }
        }
    }
    let mut parser = Parser {
        input,
        tokens,
        pos: 0,
        errors: Vec::new(),
        options,
        depth: 0,
        max_depth,
        tree_depth: 0,
    };
    let expr = parser.parse_top();
    Parsed {
        expr: if parser.errors.is_empty() { expr } else { None },
        errors: parser.errors,
    }
}

/// Parsing stopped at a syntax error (already recorded).
struct Stop;

type PResult<T> = Result<T, Stop>;

struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    errors: Vec<SyntaxError>,
    options: Options,
    depth: usize,
    max_depth: usize,
    /// The depth of the tree being built: recursion plus the operators of left-associative
    /// chains (`a + a + …` nests to the left without recursing). Every walk of the tree is
    /// recursive, so it is bounded too.
    tree_depth: usize,
}

/// The deepest tree the parser builds (operator chains included): far beyond any real
/// expression, well within a thread's stack for every recursive walk of the tree.
const MAX_TREE_DEPTH: usize = 1000;

// Binding powers, lowest first, as Prometheus's grammar declares them.
const PREC_OR: u8 = 1;
const PREC_AND: u8 = 2;
const PREC_CMP: u8 = 3;
const PREC_ADD: u8 = 4;
const PREC_MUL: u8 = 5;
const PREC_POW: u8 = 6;

fn precedence(op: Op) -> u8 {
    match op {
        Op::Or => PREC_OR,
        Op::And | Op::Unless => PREC_AND,
        Op::Eqlc
        | Op::Neq
        | Op::Lss
        | Op::Lte
        | Op::Gtr
        | Op::Gte
        | Op::TrimUpper
        | Op::TrimLower => PREC_CMP,
        Op::Add | Op::Sub => PREC_ADD,
        Op::Mul | Op::Div | Op::Mod | Op::Atan2 => PREC_MUL,
        Op::Pow => PREC_POW,
        Op::EqlRegex | Op::NeqRegex => 0,
    }
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        let last = self.tokens.len() - 1;
        &self.tokens[self.pos.min(last)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.pos + n).min(last)]
    }

    fn kind(&self) -> Kind {
        self.peek().kind
    }

    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn error(&mut self, span: ByteRange, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            span,
            message: message.into(),
            kind: ErrorKind::Syntax,
        });
    }

    fn limit_error(&mut self, span: ByteRange, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            span,
            message: message.into(),
            kind: ErrorKind::Limit,
        });
    }

    fn dialect_error(&mut self, span: ByteRange, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            span,
            message: message.into(),
            kind: ErrorKind::Dialect,
        });
    }

    /// Records "unexpected <token>[ in context][, expected …]" at the current token, or the
    /// lexer's error when the current token is one.
    fn unexpected(&mut self, context: &str, expected: &str) -> Stop {
        let token = self.peek().clone();
        let span = ByteRange::new(token.start, token.end);
        if token.kind == Kind::Error {
            self.error(span, token.message.unwrap_or_default());
            return Stop;
        }
        let mut message = format!("unexpected {}", token.describe(self.input));
        if !context.is_empty() {
            message.push_str(" in ");
            message.push_str(context);
        }
        if !expected.is_empty() {
            message.push_str(", expected ");
            message.push_str(expected);
        }
        self.error(span, message);
        Stop
    }

    fn p3(&self) -> bool {
        !self.options.dialect.is_prometheus_2()
    }

    /// What the target lacks for a change of [`releases::CHANGES`], said as a requirement:
    /// "needs Prometheus 3.11", "needs --enable-feature=… in Prometheus 3.8".
    fn lacks(&self, change: &releases::Change) -> Option<String> {
        let missing = change.missing(self.options.dialect, self.options.features)?;
        let mut requirement = missing.requirement();
        if let Missing::Flag(_) = missing {
            requirement.push_str(&format!(" in {}", self.options.dialect.name()));
            if let Some(stable) = change.stable {
                requirement.push_str(&format!("; {} needs no flag", stable.name()));
            }
        }
        Some(requirement)
    }

    /// Reports syntax the target lacks, at `span`; whether the target has it.
    fn require(&mut self, syntax: Syntax, span: ByteRange) -> bool {
        let change = releases::of_syntax(syntax);
        match self.lacks(change) {
            None => true,
            Some(requirement) => {
                self.dialect_error(span, format!("{}: {requirement}", change.what));
                false
            }
        }
    }

    /// Like [`Self::unexpected`], with a note on what the other dialect would accept.
    fn unexpected_because(&mut self, context: &str, expected: &str, note: &str) -> Stop {
        let stop = self.unexpected(context, expected);
        if let Some(last) = self.errors.last_mut() {
            last.message.push_str(&format!(" ({note})"));
            last.kind = ErrorKind::Dialect;
        }
        stop
    }

    fn token_span(token: &Token) -> ByteRange {
        ByteRange::new(token.start, token.end)
    }

    fn parse_top(&mut self) -> Option<Expr> {
        if self.kind() == Kind::Eof {
            self.error(ByteRange::new(0, 0), "no expression found in input");
            return None;
        }
        let expr = self.expr(0).ok()?;
        if self.kind() != Kind::Eof {
            self.unexpected("", "");
            return None;
        }
        Some(expr)
    }

    /// Precedence climbing over binary operators; recursion is bounded so that hostile
    /// input (`a^a^a^…`, `- - - …`) cannot exhaust the stack.
    fn expr(&mut self, min: u8) -> PResult<Expr> {
        let tree_depth = self.tree_depth;
        self.enter()?;
        let result = self.expr_inner(min);
        self.tree_depth = tree_depth;
        self.depth -= 1;
        result
    }

    /// One level deeper in the recursion, or an error past the limits.
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            let token = self.peek().clone();
            self.limit_error(
                Self::token_span(&token),
                format!("expression nests more than {} levels deep", self.max_depth),
            );
            return Err(Stop);
        }
        self.deeper_tree()
    }

    /// One more level in the tree (a chained operator), or an error past the limit.
    fn deeper_tree(&mut self) -> PResult<()> {
        self.tree_depth += 1;
        if self.tree_depth > MAX_TREE_DEPTH {
            let token = self.peek().clone();
            self.limit_error(
                Self::token_span(&token),
                format!(
                    "expression nests more than {MAX_TREE_DEPTH} levels deep (operators included); split it into recording rules"
                ),
            );
            return Err(Stop);
        }
        Ok(())
    }

    fn expr_inner(&mut self, min: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        while let Kind::Op(op) = self.kind() {
            let prec = precedence(op);
            if prec == 0 || prec < min {
                break;
            }
            self.deeper_tree()?;
            self.bump();
            let (return_bool, matching) = self.bin_modifiers()?;
            let filled = self.fill_modifiers()?;
            let next = if op == Op::Pow { prec } else { prec + 1 };
            let rhs = self.expr(next)?;
            let span = lhs.span().to(rhs.span());
            if filled {
                self.require(Syntax::FillModifiers, span);
            }
            if matches!(op, Op::TrimUpper | Op::TrimLower) {
                self.require(
                    Syntax::TrimOperators,
                    self.trim(ByteRange::new(lhs.span().end, rhs.span().start)),
                );
            }
            let op_span = ByteRange::new(lhs.span().end, rhs.span().start);
            lhs = Expr::Binary {
                op,
                op_span: self.trim(op_span),
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                return_bool,
                matching,
                filled,
                span,
            };
        }
        Ok(lhs)
    }

    /// A span without surrounding whitespace (Prometheus's `opRange`).
    fn trim(&self, span: ByteRange) -> ByteRange {
        let text = &self.input[span.start..span.end];
        let leading = text.len() - text.trim_start().len();
        let trailing = text.len() - text.trim_end().len();
        ByteRange::new(span.start + leading, span.end - trailing)
    }

    fn bin_modifiers(&mut self) -> PResult<(bool, Option<VectorMatching>)> {
        let mut return_bool = false;
        if self.kind() == Kind::Keyword(Keyword::Bool) {
            self.bump();
            return_bool = true;
        }
        let on = match self.kind() {
            Kind::Keyword(Keyword::On) => true,
            Kind::Keyword(Keyword::Ignoring) => false,
            _ => return Ok((return_bool, None)),
        };
        let start = self.bump().start;
        let labels = self.grouping_labels()?;
        let mut end = self.tokens[self.pos - 1].end;
        let card = match self.kind() {
            Kind::Keyword(Keyword::GroupLeft) => Some(Card::ManyToOne),
            Kind::Keyword(Keyword::GroupRight) => Some(Card::OneToMany),
            _ => None,
        };
        let group = match card {
            Some(card) => {
                end = self.bump().end;
                let extra = if self.kind() == Kind::LeftParen {
                    let extra = self.grouping_labels()?;
                    end = self.tokens[self.pos - 1].end;
                    extra
                } else {
                    Vec::new()
                };
                Some((card, extra))
            }
            None => None,
        };
        Ok((
            return_bool,
            Some(VectorMatching {
                on,
                labels,
                group,
                span: ByteRange::new(start, end),
            }),
        ))
    }

    /// `fill(v)`, `fill_left(v)`, `fill_right(v)` after the matching modifiers (Prometheus
    /// 3.10); whether there were any. The words are keywords only before `(`.
    fn fill_modifiers(&mut self) -> PResult<bool> {
        let mut seen = 0;
        while seen < 2
            && self.kind() == Kind::Identifier
            && self.peek_at(1).kind == Kind::LeftParen
            && self.p3()
            && matches!(
                self.peek().text(self.input).to_ascii_lowercase().as_str(),
                "fill" | "fill_left" | "fill_right"
            )
        {
            self.bump();
            self.bump();
            if let Kind::Op(Op::Add | Op::Sub) = self.kind() {
                self.bump();
            }
            match self.kind() {
                Kind::Number | Kind::Duration => {
                    self.bump();
                }
                _ => return Err(self.unexpected("fill modifier", "number")),
            }
            if self.kind() != Kind::RightParen {
                return Err(self.unexpected("fill modifier", "\")\""));
            }
            self.bump();
            seen += 1;
        }
        Ok(seen > 0)
    }

    /// `( label, … )`
    fn grouping_labels(&mut self) -> PResult<Vec<Name>> {
        if self.kind() != Kind::LeftParen {
            return Err(self.unexpected("grouping opts", "\"(\""));
        }
        self.bump();
        let mut labels = Vec::new();
        loop {
            if self.kind() == Kind::RightParen {
                self.bump();
                return Ok(labels);
            }
            labels.push(self.grouping_label()?);
            match self.kind() {
                Kind::Comma => {
                    self.bump();
                }
                Kind::RightParen => {}
                _ => return Err(self.unexpected("grouping opts", "\",\" or \")\"")),
            }
        }
    }

    fn grouping_label(&mut self) -> PResult<Name> {
        let token = self.peek().clone();
        match token.kind {
            // Keywords and aggregator names are valid label names (`by (on)`).
            Kind::Identifier
            | Kind::Keyword(_)
            | Kind::Aggregator(_)
            | Kind::Op(Op::And | Op::Or | Op::Unless | Op::Atan2) => {
                self.bump();
                Ok(Name {
                    value: token.text(self.input).to_owned(),
                    span: Self::token_span(&token),
                    quoted: false,
                })
            }
            Kind::Number if is_word(token.text(self.input)) => {
                // `inf`/`nan` are words too.
                self.bump();
                Ok(Name {
                    value: token.text(self.input).to_owned(),
                    span: Self::token_span(&token),
                    quoted: false,
                })
            }
            Kind::String if self.p3() => {
                self.bump();
                Ok(Name {
                    value: unquote(token.text(self.input)),
                    span: Self::token_span(&token),
                    quoted: true,
                })
            }
            Kind::MetricIdentifier if self.p3() => {
                self.bump();
                Ok(self.name_of(&token))
            }
            Kind::String => Err(self.unexpected_because(
                "grouping opts",
                "label",
                "quoted UTF-8 label names need Prometheus 3",
            )),
            _ => Err(self.unexpected("grouping opts", "label")),
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        if let Kind::Op(op @ (Op::Add | Op::Sub)) = self.kind() {
            let start = self.bump().start;
            let operand = self.expr(PREC_POW)?;
            let span = ByteRange::new(start, operand.span().end);
            // Prometheus folds a signed number into the literal.
            if let Expr::Number { value, .. } = operand {
                let value = if op == Op::Sub { -value } else { value };
                return Ok(Expr::Number { value, span });
            }
            return Ok(Expr::Unary {
                op,
                expr: Box::new(operand),
                span,
            });
        }
        let primary = self.primary()?;
        self.postfix(primary)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let token = self.peek().clone();
        let span = Self::token_span(&token);
        match token.kind {
            Kind::Number => {
                self.bump();
                let value = self.number(&token);
                Ok(Expr::Number { value, span })
            }
            Kind::String => {
                self.bump();
                Ok(Expr::String {
                    value: unquote(token.text(self.input)),
                    span,
                })
            }
            Kind::Duration if self.p3() => {
                // Prometheus 3: a duration is a number of seconds.
                self.bump();
                let value = self.duration_value(&token) as f64 / 1000.0;
                Ok(Expr::Number { value, span })
            }
            Kind::Duration => {
                Err(self.unexpected_because("", "", "durations as numbers need Prometheus 3"))
            }
            Kind::LeftParen => {
                self.bump();
                let inner = self.expr(0)?;
                if self.kind() != Kind::RightParen {
                    return Err(self.unexpected("", ""));
                }
                let end = self.bump().end;
                Ok(Expr::Paren {
                    expr: Box::new(inner),
                    span: ByteRange::new(token.start, end),
                })
            }
            Kind::LeftBrace => {
                let selector = self.label_matchers(None, token.start)?;
                Ok(Expr::Vector(selector))
            }
            Kind::Identifier => {
                if self.peek_at(1).kind == Kind::LeftParen {
                    return self.call();
                }
                self.bump();
                let name = self.name_of(&token);
                self.selector_after_name(name, token.start)
            }
            Kind::Aggregator(op) => {
                let next = self.peek_at(1).kind;
                if matches!(
                    next,
                    Kind::LeftParen | Kind::Keyword(Keyword::By | Keyword::Without)
                ) {
                    return self.aggregate(op);
                }
                self.bump();
                let name = self.name_of(&token);
                self.selector_after_name(name, token.start)
            }
            // `start()`/`end()`: Prometheus 3.12's experimental functions.
            Kind::Keyword(Keyword::Start | Keyword::End)
                if self.p3() && self.peek_at(1).kind == Kind::LeftParen =>
            {
                self.call()
            }
            Kind::MetricIdentifier
            | Kind::Keyword(
                Keyword::By | Keyword::Without | Keyword::Offset | Keyword::Start | Keyword::End,
            )
            | Kind::Op(Op::And | Op::Or | Op::Unless) => {
                self.bump();
                let name = self.name_of(&token);
                self.selector_after_name(name, token.start)
            }
            _ => Err(self.unexpected("", "")),
        }
    }

    fn name_of(&self, token: &Token) -> Name {
        Name {
            value: token.text(self.input).to_owned(),
            span: Self::token_span(token),
            quoted: false,
        }
    }

    fn selector_after_name(&mut self, name: Name, start: usize) -> PResult<Expr> {
        if self.kind() == Kind::LeftBrace {
            return Ok(Expr::Vector(self.label_matchers(Some(name), start)?));
        }
        let span = name.span;
        let selector = VectorSelector {
            name: Some(name),
            matchers: Vec::new(),
            modifiers: Modifiers::default(),
            span,
        };
        Ok(Expr::Vector(selector))
    }

    /// `{ matcher, … }` after an optional metric name.
    fn label_matchers(&mut self, name: Option<Name>, start: usize) -> PResult<VectorSelector> {
        self.bump(); // {
        let mut matchers = Vec::new();
        let mut bare_name: Option<Name> = None;
        loop {
            if self.kind() == Kind::RightBrace {
                break;
            }
            let token = self.peek().clone();
            let label = match token.kind {
                Kind::Identifier => {
                    self.bump();
                    self.name_of(&token)
                }
                Kind::String if self.p3() => {
                    self.bump();
                    Name {
                        value: unquote(token.text(self.input)),
                        span: Self::token_span(&token),
                        quoted: true,
                    }
                }
                Kind::String => {
                    return Err(self.unexpected_because(
                        "label matching",
                        "identifier or \"}\"",
                        "quoted UTF-8 names need Prometheus 3",
                    ));
                }
                _ => return Err(self.unexpected("label matching", "identifier or \"}\"")),
            };
            let op = match self.kind() {
                Kind::Assign => Some(MatchOp::Equal),
                Kind::Op(Op::Neq) => Some(MatchOp::NotEqual),
                Kind::Op(Op::EqlRegex) => Some(MatchOp::Regex),
                Kind::Op(Op::NeqRegex) => Some(MatchOp::NotRegex),
                _ => None,
            };
            match op {
                None if label.quoted && matches!(self.kind(), Kind::Comma | Kind::RightBrace) => {
                    // `{"metric.name"}`: a bare quoted string is the metric name.
                    bare_name = Some(label);
                }
                None => return Err(self.unexpected("label matching", "label matching operator")),
                Some(op) => {
                    self.bump();
                    let value = self.peek().clone();
                    if value.kind != Kind::String {
                        return Err(self.unexpected("label matching", "string"));
                    }
                    self.bump();
                    let value_span = Self::token_span(&value);
                    matchers.push(Matcher {
                        span: label.span.to(value_span),
                        name: label,
                        op,
                        value: unquote(value.text(self.input)),
                        value_span,
                    });
                }
            }
            match self.kind() {
                Kind::Comma => {
                    self.bump();
                }
                Kind::RightBrace => {}
                _ => return Err(self.unexpected("label matching", "\",\" or \"}\"")),
            }
        }
        let end = self.bump().end; // }
        let outside = name.clone();
        let mut name = name;
        if let Some(bare) = bare_name {
            if let Some(existing) = &name {
                self.error(
                    ByteRange::new(start, end),
                    format!(
                        "metric name must not be set twice: {} or {}",
                        go_quote(&existing.value),
                        go_quote(&bare.value)
                    ),
                );
            }
            name = Some(bare);
        }
        for m in &matchers {
            // Only a name written before the braces clashes: `{"bar", __name__="baz"}` is
            // two matchers on `__name__` (it selects nothing, but it parses).
            if m.name.value == "__name__"
                && m.op == MatchOp::Equal
                && let Some(existing) = &outside
            {
                self.error(
                    ByteRange::new(start, end),
                    format!(
                        "metric name must not be set twice: {} or {}",
                        go_quote(&existing.value),
                        go_quote(&m.value)
                    ),
                );
            }
            if matches!(m.op, MatchOp::Regex | MatchOp::NotRegex)
                && let Some(problem) = super::regex::problem(&m.value, self.options.dialect)
            {
                self.error(m.span, format!("error parsing regexp: {problem}"));
            }
        }
        let selector = VectorSelector {
            name,
            matchers,
            modifiers: Modifiers::default(),
            span: ByteRange::new(start, end),
        };
        Ok(selector)
    }

    fn call(&mut self) -> PResult<Expr> {
        let token = self.bump();
        let name = self.name_of(&token);
        let (args, end) = self.call_body()?;
        // Reported once the call is complete, as Prometheus's grammar action does.
        self.check_function(&name);
        Ok(Expr::Call {
            span: ByteRange::new(token.start, end),
            name,
            args,
        })
    }

    fn check_function(&mut self, name: &Name) {
        let unknown = format!("unknown function with name {}", go_quote(&name.value));
        let Some(function) = functions::lookup(&name.value) else {
            let close =
                crate::base::suggest::closest(&name.value, functions::names(self.options.dialect));
            let message = match crate::base::suggest::did_you_mean(&close) {
                Some(hint) => format!("{unknown} ({hint})"),
                None => unknown,
            };
            self.error(name.span, message);
            return;
        };
        let Some(change) = releases::of_function(function.name) else {
            return;
        };
        let Some(requirement) = self.lacks(change) else {
            return;
        };
        let message = if function.exists_in(self.options.dialect) {
            // Prometheus's words for a function behind a flag.
            format!(
                "function {} is not enabled ({requirement})",
                go_quote(&name.value)
            )
        } else {
            format!("{unknown} ({requirement})")
        };
        self.dialect_error(name.span, message);
    }

    /// `( args )`, returning the arguments and the end of `)`.
    fn call_body(&mut self) -> PResult<(Vec<Expr>, usize)> {
        if self.kind() != Kind::LeftParen {
            return Err(self.unexpected("", ""));
        }
        self.bump();
        let mut args = Vec::new();
        if self.kind() == Kind::RightParen {
            return Ok((args, self.bump().end));
        }
        loop {
            args.push(self.expr(0)?);
            match self.kind() {
                Kind::Comma => {
                    let comma = self.bump();
                    if !self.starts_expression() {
                        self.lookahead_error()?;
                        // The grammar reduces `args ,` here whatever follows.
                        self.error(
                            Self::token_span(&comma),
                            "trailing commas not allowed in function call args",
                        );
                        if self.kind() == Kind::RightParen {
                            return Ok((args, self.bump().end));
                        }
                        return Err(Stop);
                    }
                }
                Kind::RightParen => return Ok((args, self.bump().end)),
                _ => return Err(self.unexpected("", "")),
            }
        }
    }

    /// Whether the current token can begin an expression.
    fn starts_expression(&self) -> bool {
        match self.kind() {
            Kind::Number
            | Kind::String
            | Kind::LeftParen
            | Kind::LeftBrace
            | Kind::Identifier
            | Kind::MetricIdentifier
            | Kind::Aggregator(_)
            | Kind::Op(Op::Add | Op::Sub | Op::And | Op::Or | Op::Unless)
            | Kind::Keyword(
                Keyword::By | Keyword::Without | Keyword::Offset | Keyword::Start | Keyword::End,
            ) => true,
            Kind::Duration => self.p3(),
            _ => false,
        }
    }

    /// A lexer error in the lookahead is found before a grammar action that needs the
    /// lookahead to reduce; reports it and stops.
    fn lookahead_error(&mut self) -> PResult<()> {
        if self.kind() == Kind::Error {
            return Err(self.unexpected("", ""));
        }
        Ok(())
    }

    fn aggregate(&mut self, op: Aggregator) -> PResult<Expr> {
        let token = self.bump();
        let op_span = Self::token_span(&token);
        let mut grouping = None;
        if let Kind::Keyword(k @ (Keyword::By | Keyword::Without)) = self.kind() {
            grouping = Some(self.grouping(k)?);
        }
        if self.kind() != Kind::LeftParen {
            return Err(self.unexpected("aggregation", ""));
        }
        let (mut args, mut end) = self.call_body()?;
        if grouping.is_none()
            && let Kind::Keyword(k @ (Keyword::By | Keyword::Without)) = self.kind()
        {
            let g = self.grouping(k)?;
            end = g.span.end;
            grouping = Some(g);
        }
        let span = ByteRange::new(token.start, end);
        self.lookahead_error()?;
        let expected = if op.takes_param() { 2 } else { 1 };
        if args.is_empty() {
            self.error(span, "no arguments for aggregate expression provided");
            return Err(Stop);
        }
        if args.len() != expected {
            self.error(
                span,
                format!(
                    "wrong number of arguments for aggregate expression provided, expected {expected}, got {}",
                    args.len()
                ),
            );
            return Err(Stop);
        }
        if let Some(requirement) =
            releases::of_aggregation(op.as_str()).and_then(|change| self.lacks(change))
        {
            self.dialect_error(
                span,
                format!("{}() is experimental ({requirement})", op.as_str()),
            );
        }
        let expr = args.pop().map(Box::new).ok_or(Stop)?;
        let param = args.pop().map(Box::new);
        Ok(Expr::Aggregate {
            op,
            op_span,
            param,
            expr,
            grouping,
            span,
        })
    }

    fn grouping(&mut self, keyword: Keyword) -> PResult<Grouping> {
        let start = self.bump().start;
        let labels = self.grouping_labels()?;
        let end = self.tokens[self.pos - 1].end;
        Ok(Grouping {
            without: keyword == Keyword::Without,
            labels,
            span: ByteRange::new(start, end),
        })
    }

    /// Range selectors, subqueries, `offset` and `@` after an expression.
    fn postfix(&mut self, mut expr: Expr) -> PResult<Expr> {
        loop {
            match self.kind() {
                Kind::LeftBracket => expr = self.range(expr)?,
                Kind::Keyword(Keyword::Offset) => expr = self.offset(expr)?,
                Kind::At => expr = self.at(expr)?,
                Kind::Identifier if self.p3() && self.range_modifier().is_some() => {
                    expr = self.anchored_or_smoothed(expr)?;
                }
                _ => return Ok(expr),
            }
        }
    }

    /// `anchored` or `smoothed` at the current token (keywords, in any case).
    fn range_modifier(&self) -> Option<bool> {
        let word = self.peek().text(self.input);
        if word.eq_ignore_ascii_case("anchored") {
            Some(true)
        } else if word.eq_ignore_ascii_case("smoothed") {
            Some(false)
        } else {
            None
        }
    }

    /// `x[5m] anchored`, `x smoothed` (Prometheus 3.7, extended range selectors).
    fn anchored_or_smoothed(&mut self, mut expr: Expr) -> PResult<Expr> {
        let anchored = self.range_modifier() == Some(true);
        let word = if anchored { "anchored" } else { "smoothed" };
        let token = self.bump();
        let span = expr.span();
        if !self.require(Syntax::AnchoredSmoothed, span) {
            return Ok(expr);
        }
        let modifiers = match &mut expr {
            Expr::Vector(v) => &mut v.modifiers,
            Expr::Matrix { selector, .. } => &mut selector.modifiers,
            Expr::Subquery { .. } => {
                self.error(
                    span,
                    format!("{word} modifier is not supported for subqueries"),
                );
                return Ok(expr);
            }
            _ => {
                self.error(span, format!("{word} modifier not implemented"));
                return Ok(expr);
            }
        };
        if anchored {
            modifiers.anchored = true;
        } else {
            modifiers.smoothed = true;
        }
        if modifiers.anchored && modifiers.smoothed {
            self.error(
                span,
                "anchored and smoothed modifiers cannot be used together",
            );
        }
        let start = expr.span().start;
        Ok(set_span(expr, ByteRange::new(start, token.end)))
    }

    /// The value of a duration token in milliseconds, or an error at it.
    fn duration_value(&mut self, token: &Token) -> i64 {
        match parse_duration(token.text(self.input)) {
            Some(ms) => ms,
            None => {
                self.error(
                    Self::token_span(token),
                    format!(
                        "not a valid duration string: {}",
                        go_quote(token.text(self.input))
                    ),
                );
                1
            }
        }
    }

    /// A duration where Prometheus 2 wants a duration token: a range, a subquery step, an
    /// offset (`allow_sign`). Prometheus 3 also takes numbers (seconds) and duration
    /// expressions.
    fn duration(
        &mut self,
        context: &str,
        expected: &str,
        allow_sign: bool,
    ) -> PResult<DurationLit> {
        if self.p3() {
            return self.duration_expr_literal(context, expected, allow_sign);
        }
        let start = self.peek().start;
        let negative = allow_sign && self.kind() == Kind::Op(Op::Sub);
        if negative {
            self.bump();
        }
        let token = self.peek().clone();
        if token.kind != Kind::Duration {
            let note = if token.kind == Kind::Number {
                "numbers as durations need Prometheus 3"
            } else {
                ""
            };
            return Err(if note.is_empty() {
                self.unexpected(context, expected)
            } else {
                self.unexpected_because(context, expected, note)
            });
        }
        self.bump();
        let millis = self.duration_value(&token);
        Ok(DurationLit {
            millis: if negative { -millis } else { millis },
            span: ByteRange::new(start, token.end),
            literal: true,
        })
    }

    /// Prometheus 3: a number or duration literal (signed where allowed), or a parenthesized
    /// duration expression; inside brackets, any duration expression.
    fn duration_expr_literal(
        &mut self,
        context: &str,
        expected: &str,
        offset: bool,
    ) -> PResult<DurationLit> {
        let start = self.peek().start;
        let first_token = self.pos;
        let value = if offset {
            match self.kind() {
                Kind::Op(Op::Add | Op::Sub)
                | Kind::Number
                | Kind::Duration
                | Kind::LeftParen
                | Kind::Identifier => self.duration_unary(context, expected)?,
                _ => return Err(self.unexpected(context, expected)),
            }
        } else {
            self.duration_expr(0, context, expected)?
        };
        let end = self.tokens[self.pos.saturating_sub(1)].end;
        let consumed = &self.tokens[first_token..self.pos];
        let literal = match consumed {
            [t] => matches!(t.kind, Kind::Number | Kind::Duration),
            [sign, t] => {
                matches!(sign.kind, Kind::Op(Op::Add | Op::Sub))
                    && matches!(t.kind, Kind::Number | Kind::Duration)
            }
            _ => false,
        };
        let span = ByteRange::new(start, end.max(start));
        if !literal {
            self.require(Syntax::DurationExpressions, span);
        }
        Ok(DurationLit {
            millis: value.map_or(1, |seconds| (seconds * 1000.0).round() as i64),
            span: ByteRange::new(start, end.max(start)),
            literal,
        })
    }

    /// A duration expression in seconds; `None` when it depends on `step()`/`range()`.
    fn duration_expr(&mut self, min: u8, context: &str, expected: &str) -> PResult<Option<f64>> {
        let tree_depth = self.tree_depth;
        self.enter()?;
        let result = self.duration_expr_inner(min, context, expected);
        self.tree_depth = tree_depth;
        self.depth -= 1;
        result
    }

    fn duration_expr_inner(
        &mut self,
        min: u8,
        context: &str,
        expected: &str,
    ) -> PResult<Option<f64>> {
        let mut lhs = self.duration_unary(context, expected)?;
        while let Kind::Op(op @ (Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Pow)) =
            self.kind()
        {
            let prec = precedence(op);
            if prec < min {
                break;
            }
            let op_token = self.bump();
            let next = if op == Op::Pow { prec } else { prec + 1 };
            let rhs = self.duration_expr(next, context, expected)?;
            if matches!(op, Op::Div | Op::Mod) && rhs == Some(0.0) {
                let what = if op == Op::Div { "division" } else { "modulo" };
                self.error(Self::token_span(&op_token), format!("{what} by zero"));
            }
            lhs = match (lhs, rhs) {
                (Some(a), Some(b)) => Some(match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Mod => a % b,
                    _ => a.powf(b),
                }),
                _ => None,
            };
        }
        Ok(lhs)
    }

    fn duration_unary(&mut self, context: &str, expected: &str) -> PResult<Option<f64>> {
        let token = self.peek().clone();
        match token.kind {
            Kind::Op(op @ (Op::Add | Op::Sub)) => {
                self.bump();
                let value = self.duration_expr(PREC_POW, context, expected)?;
                Ok(value.map(|v| if op == Op::Sub { -v } else { v }))
            }
            Kind::Number => {
                self.bump();
                let seconds = self.number(&token);
                // A time.Duration is int64 nanoseconds.
                if seconds.abs() > 9_223_372_036.854_775 {
                    self.error(Self::token_span(&token), "duration out of range");
                    return Ok(Some(1.0));
                }
                Ok(Some(seconds))
            }
            Kind::Duration => {
                self.bump();
                Ok(Some(self.duration_value(&token) as f64 / 1000.0))
            }
            Kind::LeftParen => {
                self.bump();
                let value = self.duration_expr(0, context, expected)?;
                if self.kind() != Kind::RightParen {
                    return Err(self.unexpected("duration expression", "\")\""));
                }
                self.bump();
                Ok(value)
            }
            Kind::Identifier
                if matches!(
                    token.text(self.input).to_ascii_lowercase().as_str(),
                    "step" | "range" | "min_of" | "max_of"
                ) && self.peek_at(1).kind == Kind::LeftParen =>
            {
                let syntax = match token.text(self.input).to_ascii_lowercase().as_str() {
                    "step" => Syntax::StepInDurations,
                    "range" => Syntax::RangeInDurations,
                    _ => Syntax::MinMaxOfInDurations,
                };
                self.require(syntax, Self::token_span(&token));
                self.bump();
                self.bump();
                let mut args = Vec::new();
                while self.kind() != Kind::RightParen {
                    args.push(self.duration_expr(0, context, expected)?);
                    if self.kind() == Kind::Comma {
                        self.bump();
                    } else if self.kind() != Kind::RightParen {
                        return Err(self.unexpected("duration expression", "\",\" or \")\""));
                    }
                }
                self.bump();
                Ok(
                    match (
                        token.text(self.input).to_ascii_lowercase().as_str(),
                        args.as_slice(),
                    ) {
                        ("min_of", [Some(a), Some(b)]) => Some(a.min(*b)),
                        ("max_of", [Some(a), Some(b)]) => Some(a.max(*b)),
                        _ => None,
                    },
                )
            }
            // Inside brackets Prometheus lexes these words as keywords, so the error is at
            // what follows a bare `step`.
            Kind::Identifier
                if context == "subquery selector"
                    && matches!(
                        token.text(self.input).to_ascii_lowercase().as_str(),
                        "step" | "range" | "min_of" | "max_of"
                    ) =>
            {
                self.bump();
                Err(self.unexpected(
                    "subquery or range selector",
                    "number, duration, step(), or range()",
                ))
            }
            _ => Err(self.unexpected(context, expected)),
        }
    }

    fn range(&mut self, expr: Expr) -> PResult<Expr> {
        let open = self.bump(); // [
        let range = self.duration("subquery selector", "duration", false)?;
        // Prometheus checks literals when parsing; an expression fails at evaluation.
        if range.millis <= 0 && range.literal {
            self.error(range.span, "duration must be greater than 0");
        }
        match self.kind() {
            Kind::RightBracket => {
                let end = self.bump().end;
                let span = ByteRange::new(expr.span().start, end);
                match expr {
                    Expr::Vector(selector) => {
                        if selector.modifiers.offset.is_some() || selector.modifiers.at.is_some() {
                            let what = if selector.modifiers.offset.is_some() {
                                "offset"
                            } else {
                                "@"
                            };
                            self.error(
                                Self::token_span(&open),
                                format!("no {what} modifiers allowed before range"),
                            );
                        }
                        Ok(Expr::Matrix {
                            selector,
                            range,
                            span,
                        })
                    }
                    other => {
                        self.error(
                            ByteRange::new(open.start, end),
                            "ranges only allowed for vector selectors",
                        );
                        Ok(other)
                    }
                }
            }
            Kind::Colon => {
                self.bump();
                let step = match self.kind() {
                    Kind::RightBracket => None,
                    _ => {
                        let step =
                            self.duration("subquery selector", "duration or \"]\"", false)?;
                        if step.millis <= 0 && step.literal {
                            self.error(step.span, "duration must be greater than 0");
                        }
                        Some(step)
                    }
                };
                if self.kind() != Kind::RightBracket {
                    return Err(self.unexpected("subquery selector", "\"]\""));
                }
                let end = self.bump().end;
                Ok(Expr::Subquery {
                    span: ByteRange::new(expr.span().start, end),
                    expr: Box::new(expr),
                    range,
                    step,
                    modifiers: Modifiers::default(),
                })
            }
            _ => Err(self.unexpected("subquery or range", "\":\" or \"]\"")),
        }
    }

    fn modifiers_of<'e>(&mut self, expr: &'e mut Expr, what: &str) -> Option<&'e mut Modifiers> {
        match expr {
            Expr::Vector(v) => Some(&mut v.modifiers),
            Expr::Matrix { selector, .. } => Some(&mut selector.modifiers),
            Expr::Subquery { modifiers, .. } => Some(modifiers),
            other => {
                let span = other.span();
                self.error(
                    span,
                    format!("{what} modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
                );
                None
            }
        }
    }

    fn offset(&mut self, mut expr: Expr) -> PResult<Expr> {
        self.bump();
        let offset = self.duration("offset", "duration", true)?;
        if offset.millis == 0 && !self.p3() {
            self.error(offset.span, "duration must be greater than 0");
        }
        let start = expr.span().start;
        let expr_span = expr.span();
        if let Some(modifiers) = self.modifiers_of(&mut expr, "offset") {
            if modifiers.offset.is_some() {
                self.error(expr_span, "offset may not be set multiple times");
            } else {
                modifiers.offset = Some(offset);
            }
        }
        Ok(set_span(expr, ByteRange::new(start, offset.span.end)))
    }

    fn at(&mut self, mut expr: Expr) -> PResult<Expr> {
        self.bump();
        let token = self.peek().clone();
        let (at, end) = match token.kind {
            Kind::Number => {
                self.bump();
                (At::Timestamp(self.number(&token)), token.end)
            }
            Kind::Duration if self.p3() => {
                self.bump();
                let seconds = self.duration_value(&token) as f64 / 1000.0;
                (At::Timestamp(seconds), token.end)
            }
            Kind::Op(op @ (Op::Add | Op::Sub))
                if self.peek_at(1).kind == Kind::Number
                    || (self.p3() && self.peek_at(1).kind == Kind::Duration) =>
            {
                self.bump();
                let number = self.bump();
                let value = if number.kind == Kind::Duration {
                    self.duration_value(&number) as f64 / 1000.0
                } else {
                    self.number(&number)
                };
                (
                    At::Timestamp(if op == Op::Sub { -value } else { value }),
                    number.end,
                )
            }
            Kind::Keyword(k @ (Keyword::Start | Keyword::End)) => {
                self.bump();
                if self.kind() != Kind::LeftParen {
                    return Err(self.unexpected("@", "timestamp"));
                }
                self.bump();
                if self.kind() != Kind::RightParen {
                    return Err(self.unexpected("@", "timestamp"));
                }
                let end = self.bump().end;
                (
                    if k == Keyword::Start {
                        At::Start
                    } else {
                        At::End
                    },
                    end,
                )
            }
            _ => return Err(self.unexpected("@", "timestamp")),
        };
        let at_span = ByteRange::new(token.start, end);
        let start = expr.span().start;
        let expr_span = expr.span();
        if let At::Timestamp(t) = at {
            // Prometheus stores milliseconds in an int64.
            if !t.is_finite() || (t * 1000.0).abs() > 9.2e18 {
                self.error(
                    expr_span,
                    format!("timestamp out of bounds for @ modifier: {}", go_float(t)),
                );
            }
        }
        if let Some(modifiers) = self.modifiers_of(&mut expr, "@") {
            if modifiers.at.is_some() {
                self.error(expr_span, "@ <timestamp> may not be set multiple times");
            } else {
                modifiers.at = Some((at, at_span));
            }
        }
        Ok(set_span(expr, ByteRange::new(start, end)))
    }

    fn number(&mut self, token: &Token) -> f64 {
        let text = token.text(self.input);
        match parse_number(text) {
            Some(v) => v,
            None => {
                let overflow = text
                    .replace('_', "")
                    .parse::<f64>()
                    .is_ok_and(f64::is_infinite);
                let why = if overflow {
                    "value out of range"
                } else {
                    "invalid syntax"
                };
                self.error(
                    Self::token_span(token),
                    format!(
                        "error parsing number: strconv.ParseFloat: parsing {}: {why}",
                        go_quote(text)
                    ),
                );
                0.0
            }
        }
    }
}

fn is_word(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphabetic())
}

fn set_span(mut expr: Expr, new: ByteRange) -> Expr {
    match &mut expr {
        Expr::Vector(v) => v.span = new,
        Expr::Matrix { span, .. } | Expr::Subquery { span, .. } => *span = new,
        _ => {}
    }
    expr
}

/// Formats a float as Go's `%v` would for the values we print.
fn go_float(v: f64) -> String {
    if v.is_infinite() {
        if v > 0.0 {
            "+Inf".to_owned()
        } else {
            "-Inf".to_owned()
        }
    } else if v.is_nan() {
        "NaN".to_owned()
    } else {
        format!("{v}")
    }
}

/// A number as Prometheus reads it: an integer in Go's base-0 syntax, else a float.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    // Digit separators (`1_000`) are accepted by Go's base-0 and float parsers alike.
    let lower = text.to_ascii_lowercase().replace('_', "");
    match lower.as_str() {
        "inf" | "+inf" => return Some(f64::INFINITY),
        "-inf" => return Some(f64::NEG_INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if let Some(hex) = lower.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(|v| v as f64);
    }
    if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit()) {
        return i64::from_str_radix(&lower[1..], 8)
            .ok()
            .map(|v| v as f64)
            .or_else(|| lower.parse().ok());
    }
    if lower.ends_with(['e', '+', '-']) {
        return None;
    }
    // Go's ParseFloat fails on a finite literal beyond f64's range.
    lower.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A Prometheus duration in milliseconds: unit terms from largest to smallest, each once.
pub(crate) fn parse_duration(text: &str) -> Option<i64> {
    const UNITS: [(&str, i64); 7] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
        ("ms", 1),
    ];
    let mut rest = text;
    let mut total: i64 = 0;
    let mut last = None;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (index, (unit, ms)) = UNITS
            .iter()
            .enumerate()
            .filter(|(_, (u, _))| rest.starts_with(u))
            .max_by_key(|(_, (u, _))| u.len())?;
        if last.is_some_and(|l| index <= l) {
            return None;
        }
        last = Some(index);
        rest = &rest[unit.len()..];
        total = total.checked_add(n.checked_mul(*ms)?)?;
    }
    Some(total)
}
