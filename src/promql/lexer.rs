//! The PromQL lexer, mirroring Prometheus's `lex.go`: the same tokens, the same modes
//! (statements, inside braces, inside brackets), the same errors at the same positions.
//! Inside brackets, Prometheus 2 only takes a duration; Prometheus 3 takes duration
//! expressions (`[5m*2]`, `[300]`).

use super::dialect::Dialect;
use super::quoting::{go_quote, go_rune, quote_rune};
use super::tokens::{Kind, Op, Token, keyword};

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
pub(crate) fn lex(input: &str, dialect: Dialect) -> Vec<Token> {
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
                } else if !self.dialect.is_prometheus_2() && self.accept("/") {
                    self.emit(Kind::Op(Op::TrimUpper));
                } else {
                    self.emit(Kind::Op(Op::Lss));
                }
            }
            '>' => {
                if self.accept("=") {
                    self.emit(Kind::Op(Op::Gte));
                } else if !self.dialect.is_prometheus_2() && self.accept("/") {
                    self.emit(Kind::Op(Op::TrimLower));
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
                && (c == ':' || (is_alpha(c) && self.dialect.is_prometheus_2())) =>
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
                if self.dialect.is_prometheus_2() {
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
        if !self.dialect.is_prometheus_2() {
            return self.scan_number_with_separators();
        }
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

    /// Prometheus 2.54's number scanner: digit separators (`1_000`, `0x_ff`) between digits,
    /// one dot, one exponent.
    fn scan_number_with_separators(&mut self) -> bool {
        let initial = self.pos;
        let mut digits = "0123456789";
        // A leading `0` stays consumed when no `x` follows, as in Prometheus.
        if self.accept("0") && self.accept("xX") {
            self.accept("_");
            digits = "0123456789abcdefABCDEF";
        }
        self.accept(".");
        self.accept(digits);
        let is = |lexer: &Self, set: &str| lexer.peek().is_some_and(|c| set.contains(c));
        let (mut dot, mut exponent) = (false, false);
        while self
            .peek()
            .is_some_and(|c| digits.contains(c) || "._eE".contains(c))
        {
            if is(self, ".") && dot {
                self.accept(".");
                return false;
            }
            if is(self, "eE") && exponent && digits.len() == 10 {
                self.accept("eE");
                return false;
            }
            if self.accept(".") {
                dot = true;
                if self.accept("_.") || digits.len() > 10 {
                    return false;
                }
                continue;
            }
            if digits.len() == 10 && self.accept("eE") {
                exponent = true;
                self.accept("+-");
                if self.accept("._eE") || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            if self.accept("_") {
                if self.accept("._eE") || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            self.accept_run(digits);
        }
        if self.pos == initial {
            return false;
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
