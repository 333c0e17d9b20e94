//! The PromQL lexer, mirroring Prometheus's `lex.go`: the same tokens, the same modes
//! (statements, inside braces, inside brackets), the same errors at the same positions.
//! Inside brackets, Prometheus 2 only takes a duration; Prometheus 3 takes duration
//! expressions (`[5m*2]`, `[300]`).

use super::dialect::Dialect;

/// A token kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
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
pub enum Op {
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
    pub fn as_str(self) -> &'static str {
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
            Op::EqlRegex => "=~",
            Op::NeqRegex => "!~",
            Op::And => "and",
            Op::Or => "or",
            Op::Unless => "unless",
            Op::Atan2 => "atan2",
        }
    }

    /// Whether this is a comparison operator.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            Op::Eqlc | Op::Neq | Op::Lss | Op::Lte | Op::Gtr | Op::Gte
        )
    }

    /// Whether this is a set operator (`and`, `or`, `unless`).
    pub fn is_set(self) -> bool {
        matches!(self, Op::And | Op::Or | Op::Unless)
    }
}

/// Keywords other than operators and aggregators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
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
    pub fn as_str(self) -> &'static str {
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
pub enum Aggregator {
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
    pub fn as_str(self) -> &'static str {
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
    pub fn takes_param(self) -> bool {
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
pub struct Token {
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
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }

    /// How Prometheus describes the token in "unexpected …" messages.
    pub fn describe(&self, input: &str) -> String {
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

/// A string quoted as Go's `%q` does (enough for messages).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%q` of a rune.
fn quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_owned(),
        '\\' => "'\\\\'".to_owned(),
        '\n' => "'\\n'".to_owned(),
        '\t' => "'\\t'".to_owned(),
        c if c.is_control() => format!("'\\x{:02x}'", c as u32),
        c => format!("'{c}'"),
    }
}

/// Go's `%#U` of a rune: `U+0071 'q'`.
fn go_rune(c: char) -> String {
    format!("U+{:04X} {}", c as u32, quote_rune(c))
}

fn keyword(word: &str) -> Option<Kind> {
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

fn is_alpha(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_alphanumeric(c: char) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Lexes a whole expression. The token list ends with [`Kind::Eof`] or, after the first
/// lexing error, with a [`Kind::Error`] token (the parser reports it when it gets there, as
/// Prometheus does).
pub fn lex(input: &str, dialect: Dialect) -> Vec<Token> {
    let mut lexer = Lexer {
        input,
        pos: 0,
        start: 0,
        dialect,
        paren_depth: 0,
        brace_open: false,
        bracket_open: false,
        got_colon: false,
        tokens: Vec::new(),
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    dialect: Dialect,
    paren_depth: i64,
    brace_open: bool,
    bracket_open: bool,
    got_colon: bool,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
        }
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn emit(&mut self, kind: Kind) {
        self.tokens.push(Token {
            kind,
            start: self.start,
            end: self.pos,
            message: None,
        });
        self.start = self.pos;
    }

    /// Ends lexing with an error token at `start` (Prometheus reports lexer errors at the
    /// start of the item being lexed, or at the position given).
    fn error_at(&mut self, start: usize, end: usize, message: String) {
        self.tokens.push(Token {
            kind: Kind::Error,
            start,
            end,
            message: Some(message),
        });
    }

    fn error(&mut self, message: String) {
        let (start, end) = (self.start, self.pos);
        self.error_at(start, end, message);
    }

    fn run(&mut self) {
        loop {
            let ok = if self.brace_open {
                self.inside_braces()
            } else {
                self.statements()
            };
            match ok {
                Step::Continue => {}
                Step::Done => return,
            }
        }
    }

    fn statements(&mut self) -> Step {
        let Some(c) = self.next() else {
            if self.paren_depth != 0 {
                self.error("unclosed left parenthesis".to_owned());
                return Step::Done;
            }
            if self.bracket_open {
                self.error("unclosed left bracket".to_owned());
                return Step::Done;
            }
            self.emit(Kind::Eof);
            return Step::Done;
        };
        match c {
            '#' => {
                while let Some(c) = self.next() {
                    if c == '\n' {
                        break;
                    }
                }
                self.start = self.pos;
            }
            ',' => self.emit(Kind::Comma),
            c if is_space(c) => self.start = self.pos,
            '*' => self.emit(Kind::Op(Op::Mul)),
            '/' => self.emit(Kind::Op(Op::Div)),
            '%' => self.emit(Kind::Op(Op::Mod)),
            '+' => self.emit(Kind::Op(Op::Add)),
            '-' => self.emit(Kind::Op(Op::Sub)),
            '^' => self.emit(Kind::Op(Op::Pow)),
            '=' => match self.peek() {
                Some('=') => {
                    self.next();
                    self.emit(Kind::Op(Op::Eqlc));
                }
                Some('~') => {
                    self.error(format!(
                        "unexpected character after '=': {}",
                        quote_rune('~')
                    ));
                    return Step::Done;
                }
                _ => self.emit(Kind::Assign),
            },
            '!' => match self.next() {
                Some('=') => self.emit(Kind::Op(Op::Neq)),
                other => {
                    let shown = other.map_or_else(|| "EOF".to_owned(), quote_rune);
                    self.error(format!("unexpected character after '!': {shown}"));
                    return Step::Done;
                }
            },
            '<' => {
                if self.accept("=") {
                    self.emit(Kind::Op(Op::Lte));
                } else {
                    self.emit(Kind::Op(Op::Lss));
                }
            }
            '>' => {
                if self.accept("=") {
                    self.emit(Kind::Op(Op::Gte));
                } else {
                    self.emit(Kind::Op(Op::Gtr));
                }
            }
            c if c.is_ascii_digit()
                || (c == '.' && self.peek().is_some_and(|n| n.is_ascii_digit())) =>
            {
                self.pos -= 1;
                return self.number_or_duration();
            }
            '"' | '\'' => return self.string(c),
            '`' => return self.raw_string(),
            // Prometheus 2 reads any letter inside brackets as the subquery colon
            // (`foo[5m x]` is `foo[5m:]`); Prometheus 3 only `:`.
            c if self.bracket_open
                && (c == ':' || (is_alpha(c) && self.dialect == Dialect::Prometheus2)) =>
            {
                if self.got_colon {
                    self.error(format!("unexpected colon {}", quote_rune(c)));
                    return Step::Done;
                }
                self.emit(Kind::Colon);
                self.got_colon = true;
            }
            c if is_alpha(c) || c == ':' => self.keyword_or_identifier(),
            '(' => {
                self.emit(Kind::LeftParen);
                self.paren_depth += 1;
            }
            ')' => {
                self.emit(Kind::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    self.tokens.pop();
                    self.error(format!("unexpected right parenthesis {}", quote_rune(')')));
                    return Step::Done;
                }
            }
            '{' => {
                self.emit(Kind::LeftBrace);
                self.brace_open = true;
            }
            '[' => {
                if self.bracket_open {
                    self.error(format!("unexpected left bracket {}", quote_rune('[')));
                    return Step::Done;
                }
                self.emit(Kind::LeftBracket);
                self.bracket_open = true;
                self.got_colon = false;
                if self.dialect == Dialect::Prometheus2 {
                    // Prometheus 2 takes exactly one duration right after `[`.
                    while self.peek().is_some_and(is_space) {
                        self.next();
                    }
                    self.start = self.pos;
                    return self.strict_duration();
                }
            }
            '}' => {
                self.error(format!("unexpected character: {}", quote_rune('}')));
                return Step::Done;
            }
            ']' if self.bracket_open => {
                self.emit(Kind::RightBracket);
                self.bracket_open = false;
            }
            ']' => {
                self.error(format!("unexpected right bracket {}", quote_rune(']')));
                return Step::Done;
            }
            '@' => self.emit(Kind::At),
            c => {
                self.error(format!("unexpected character: {}", quote_rune(c)));
                return Step::Done;
            }
        }
        Step::Continue
    }

    fn inside_braces(&mut self) -> Step {
        let Some(c) = self.next() else {
            self.error("unexpected end of input inside braces".to_owned());
            return Step::Done;
        };
        match c {
            c if is_space(c) => self.start = self.pos,
            '#' => {
                while let Some(c) = self.next() {
                    if c == '\n' {
                        break;
                    }
                }
                self.start = self.pos;
            }
            c if is_alpha(c) => {
                while self.peek().is_some_and(is_alphanumeric) {
                    self.next();
                }
                self.emit(Kind::Identifier);
            }
            ',' => self.emit(Kind::Comma),
            '"' | '\'' => return self.string(c),
            '`' => return self.raw_string(),
            '=' => {
                if self.accept("~") {
                    self.emit(Kind::Op(Op::EqlRegex));
                } else {
                    self.emit(Kind::Assign);
                }
            }
            '!' => match self.next() {
                Some('~') => self.emit(Kind::Op(Op::NeqRegex)),
                Some('=') => self.emit(Kind::Op(Op::Neq)),
                other => {
                    let shown = other.map_or_else(|| "EOF".to_owned(), quote_rune);
                    self.error(format!(
                        "unexpected character after '!' inside braces: {shown}"
                    ));
                    return Step::Done;
                }
            },
            '{' => {
                self.error(format!("unexpected left brace {}", quote_rune('{')));
                return Step::Done;
            }
            '}' => {
                self.emit(Kind::RightBrace);
                self.brace_open = false;
            }
            c => {
                self.error(format!(
                    "unexpected character inside braces: {}",
                    quote_rune(c)
                ));
                return Step::Done;
            }
        }
        Step::Continue
    }

    /// Prometheus 2's `lexDuration`: the token after `[` must be a duration.
    fn strict_duration(&mut self) -> Step {
        if self.scan_number() {
            self.error("missing unit character in duration".to_owned());
            return Step::Done;
        }
        if !self.accept_remaining_duration() {
            let text = &self.input[self.start..self.pos];
            self.error(format!("bad duration syntax: {}", go_quote(text)));
            return Step::Done;
        }
        self.emit(Kind::Duration);
        Step::Continue
    }

    /// `true` when the text from `start` is a number not followed by an alphanumeric.
    fn scan_number(&mut self) -> bool {
        let mut digits = "0123456789";
        let save = self.pos;
        if self.accept("0") && self.accept("xX") {
            digits = "0123456789abcdefABCDEF";
        } else {
            self.pos = save;
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789");
        }
        !self.peek().is_some_and(is_alphanumeric)
    }

    fn accept_remaining_duration(&mut self) -> bool {
        if !self.accept("smhdwy") {
            return false;
        }
        self.accept("s");
        while self.accept("0123456789") {
            self.accept_run("0123456789");
            if !self.accept("smhdw") {
                return false;
            }
            self.accept("s");
        }
        let next = self.next();
        let ok = !next.is_some_and(is_alphanumeric);
        if ok {
            self.backup(next);
        }
        ok
    }

    fn number_or_duration(&mut self) -> Step {
        if self.scan_number() {
            self.emit(Kind::Number);
            return Step::Continue;
        }
        if self.accept_remaining_duration() {
            self.emit(Kind::Duration);
            return Step::Continue;
        }
        let text = &self.input[self.start..self.pos];
        self.error(format!("bad number or duration syntax: {}", go_quote(text)));
        Step::Done
    }

    fn keyword_or_identifier(&mut self) {
        while self.peek().is_some_and(|c| is_alphanumeric(c) || c == ':') {
            self.next();
        }
        let word = &self.input[self.start..self.pos];
        let kind = match keyword(word) {
            Some(kind) => kind,
            None if word.contains(':') => Kind::MetricIdentifier,
            None => Kind::Identifier,
        };
        self.emit(kind);
    }

    fn string(&mut self, quote: char) -> Step {
        loop {
            match self.next() {
                Some('\\') => {
                    if let Err(message) = self.escape(quote) {
                        let start = self.start;
                        let pos = self.pos;
                        self.error_at(start, pos, message);
                        return Step::Done;
                    }
                }
                Some('\n') | None => {
                    self.error("unterminated quoted string".to_owned());
                    return Step::Done;
                }
                Some(c) if c == quote => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::String);
        Step::Continue
    }

    /// Checks one escape sequence after a backslash, as Go's `strconv.Unquote` would.
    fn escape(&mut self, quote: char) -> Result<(), String> {
        let c = self
            .next()
            .ok_or_else(|| "escape sequence not terminated".to_owned())?;
        let hex = |lexer: &mut Self, n: usize| -> Result<(), String> {
            for _ in 0..n {
                match lexer.next() {
                    Some(d) if d.is_ascii_hexdigit() => {}
                    Some(d) => {
                        return Err(format!(
                            "illegal character {} in escape sequence",
                            go_rune(d)
                        ));
                    }
                    None => return Err("escape sequence not terminated".to_owned()),
                }
            }
            Ok(())
        };
        match c {
            'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => Ok(()),
            c if c == quote => Ok(()),
            '0'..='7' => {
                for _ in 0..2 {
                    match self.next() {
                        Some('0'..='7') => {}
                        Some(d) => {
                            return Err(format!(
                                "illegal character {} in escape sequence",
                                go_rune(d)
                            ));
                        }
                        None => return Err("escape sequence not terminated".to_owned()),
                    }
                }
                Ok(())
            }
            'x' => hex(self, 2),
            'u' => hex(self, 4),
            'U' => hex(self, 8),
            c => Err(format!("unknown escape sequence {}", go_rune(c))),
        }
    }

    fn raw_string(&mut self) -> Step {
        loop {
            match self.next() {
                Some('`') => break,
                None => {
                    self.error("unterminated raw string".to_owned());
                    return Step::Done;
                }
                Some(_) => {}
            }
        }
        self.emit(Kind::String);
        Step::Continue
    }
}

enum Step {
    Continue,
    Done,
}

/// The value of a string token, with escapes resolved.
pub fn unquote(text: &str) -> String {
    let mut chars = text.chars();
    let Some(quote) = chars.next() else {
        return String::new();
    };
    let body = &text[quote.len_utf8()
        ..text
            .len()
            .saturating_sub(quote.len_utf8())
            .max(quote.len_utf8())];
    if quote == '`' {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len());
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = it.next() else { break };
        let code = |n: usize, radix: u32, it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
            let digits: String = (0..n).filter_map(|_| it.next()).collect();
            u32::from_str_radix(&digits, radix)
                .ok()
                .and_then(char::from_u32)
        };
        let decoded = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            'x' => code(2, 16, &mut it),
            'u' => code(4, 16, &mut it),
            'U' => code(8, 16, &mut it),
            '0'..='7' => {
                let rest: String = (0..2).filter_map(|_| it.next()).collect();
                u32::from_str_radix(&format!("{e}{rest}"), 8)
                    .ok()
                    .and_then(char::from_u32)
            }
            other => Some(other),
        };
        if let Some(d) = decoded {
            out.push(d);
        }
    }
    out
}
