//! PromQL: guarded parsing, and building expressions with correct quoting.
//!
//! `promql-parser` is close to Prometheus 3 but can panic on some inputs and takes quadratic
//! time on deep nesting, so [`parse`] bounds the input first and contains any panic.

pub mod build;

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// Limits on what [`parse`] accepts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum expression length in bytes.
    pub max_bytes: usize,
    /// Maximum nesting of parentheses, brackets and braces.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024,
            max_depth: 128,
        }
    }
}

/// Why an expression does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The parser's message.
    pub message: String,
}

/// Parses an expression with the default limits.
pub fn parse(expr: &str) -> Result<promql_parser::parser::Expr, ParseError> {
    parse_with(expr, Limits::default())
}

/// Parses an expression; never panics.
pub fn parse_with(expr: &str, limits: Limits) -> Result<promql_parser::parser::Expr, ParseError> {
    if expr.len() > limits.max_bytes {
        return Err(ParseError {
            message: format!(
                "expression is {} bytes long; the limit is {}",
                expr.len(),
                limits.max_bytes
            ),
        });
    }
    let depth = nesting_depth(expr);
    if depth > limits.max_depth {
        return Err(ParseError {
            message: format!(
                "expression nests {depth} levels deep; the limit is {}",
                limits.max_depth
            ),
        });
    }
    silence_panics_here();
    SILENCED.with(|s| s.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| promql_parser::parser::parse(expr)));
    SILENCED.with(|s| s.set(false));
    match result {
        Ok(Ok(ast)) => Ok(ast),
        Ok(Err(message)) => Err(ParseError { message }),
        Err(_) => Err(ParseError {
            message: "the PromQL parser failed on this expression".to_owned(),
        }),
    }
}

/// The deepest nesting of `(`, `[` and `{` outside string literals.
fn nesting_depth(expr: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in expr.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

thread_local! {
    static SILENCED: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays quiet while this thread parses PromQL, so a
/// contained parser panic does not print a backtrace over our diagnostics.
fn silence_panics_here() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !SILENCED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_panics_become_errors() {
        assert!(parse("foo offset 9.5e1 offset 9.5e100").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let expr = "sum(".repeat(200) + "x" + &")".repeat(200);
        let error = parse(&expr).unwrap_err();
        assert!(
            error.message.contains("nests 200 levels"),
            "{}",
            error.message
        );
    }

    #[test]
    fn long_expressions_are_refused_before_parsing() {
        let expr = vec!["foo"; 20_000].join(" + ");
        let error = parse(&expr).unwrap_err();
        assert!(error.message.contains("bytes long"), "{}", error.message);
    }

    #[test]
    fn strings_do_not_count_as_nesting() {
        assert_eq!(nesting_depth(r#"x{a="((("}"#), 1);
    }
}
