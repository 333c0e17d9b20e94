//! PromQL: our own parser, positions, dialects, the checks, and building expressions with
//! correct quoting.
//!
//! The parser ([`tokens`], [`lexer`], [`parser`], [`typecheck`]) mirrors Prometheus's: the
//! same accepted language per [`Dialect`] (a release) and [`Features`] (its flags; [`releases`]
//! says which release and flag brings what), errors at the same byte positions with the same
//! messages. It is ours because positions inside expressions and dialect differences are what
//! validation needs, and no Rust PromQL crate gives either. [`parse`] also bounds size and
//! nesting first, so hostile input costs little. [`lints`] holds the contract checks and
//! lints, one per file; [`site`] turns an expression found in a file into positioned
//! diagnostics ([`diagnose`]); [`build`] writes PromQL; [`print`] writes a parsed tree back in
//! one canonical spelling.

pub(crate) mod ast;
pub(crate) mod build;
pub(crate) mod contracts;
pub(crate) mod dialect;
pub(crate) mod functions;
pub(crate) mod labels;
pub(crate) mod lexer;
pub(crate) mod lints;
pub(crate) mod parser;
pub(crate) mod print;
pub(crate) mod quoting;
pub(crate) mod regex;
pub(crate) mod releases;
pub(crate) mod site;
pub(crate) mod tokens;
pub(crate) mod typecheck;

pub use dialect::{Dialect, Feature, Features};
pub(crate) use parser::{ErrorKind, Options, SyntaxError};
pub(crate) use site::{NO_COUNTERS, Settings, Site, counters_in, diagnose};

/// Limits on what [`parse`] accepts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Maximum expression length in bytes.
    pub max_bytes: usize,
    /// Maximum nesting of parentheses, brackets, braces and operators.
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

/// Parses and type-checks an expression for Prometheus 3 with the default limits.
pub(crate) fn parse(expr: &str) -> Result<ast::Expr, SyntaxError> {
    parse_with(expr, Options::default(), Limits::default()).map_err(|mut errors| errors.remove(0))
}

/// Parses and type-checks an expression; on failure, every error found, the one Prometheus
/// would print first.
pub(crate) fn parse_with(
    expr: &str,
    options: Options,
    limits: Limits,
) -> Result<ast::Expr, Vec<SyntaxError>> {
    if expr.len() > limits.max_bytes {
        return Err(vec![SyntaxError {
            span: ast::ByteRange::new(0, expr.len()),
            message: format!(
                "expression is {} bytes long; the limit is {}",
                expr.len(),
                limits.max_bytes
            ),
            kind: ErrorKind::Limit,
        }]);
    }
    let depth = nesting_depth(expr);
    if depth > limits.max_depth {
        return Err(vec![SyntaxError {
            span: ast::ByteRange::new(0, expr.len()),
            message: format!(
                "expression nests {depth} levels deep; the limit is {}",
                limits.max_depth
            ),
            kind: ErrorKind::Limit,
        }]);
    }
    let parsed = parser::parse(expr, options, limits.max_depth);
    match parsed.expr {
        Some(ast) => {
            let errors = typecheck::check(&ast);
            if errors.is_empty() {
                Ok(ast)
            } else {
                Err(errors)
            }
        }
        None => Err(parsed.errors),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_that_crash_other_parsers_are_errors() {
        let p2 = Options {
            dialect: Dialect::PROMETHEUS_2,
            ..Options::default()
        };
        let errors =
            parse_with("foo offset 9.5e1 offset 9.5e100", p2, Limits::default()).unwrap_err();
        assert_eq!(errors[0].span.start, 11, "{errors:?}");
        let chain = vec!["a"; 5000].join("^");
        assert!(
            parse_with(
                &chain,
                Options::default(),
                Limits {
                    max_bytes: 1 << 20,
                    max_depth: 128
                }
            )
            .is_err()
        );
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
