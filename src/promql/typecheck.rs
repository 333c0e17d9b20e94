//! Type checks, as Prometheus's `checkAST` does them, in the same order and at the same
//! positions: what parses but Prometheus still rejects.

use super::ast::*;
use super::functions;
use super::parser::{ErrorKind, SyntaxError};

/// The type of an expression.
pub(crate) fn value_type(expr: &Expr) -> ValueType {
    match expr {
        Expr::Number { .. } => ValueType::Scalar,
        Expr::String { .. } => ValueType::String,
        Expr::Vector(_) | Expr::Aggregate { .. } => ValueType::Vector,
        Expr::Matrix { .. } | Expr::Subquery { .. } => ValueType::Matrix,
        Expr::Call { name, .. } => {
            functions::lookup(&name.value).map_or(ValueType::Vector, |f| f.returns)
        }
        Expr::Binary { lhs, rhs, .. } => {
            if value_type(lhs) == ValueType::Scalar && value_type(rhs) == ValueType::Scalar {
                ValueType::Scalar
            } else {
                ValueType::Vector
            }
        }
        Expr::Unary { expr, .. } | Expr::Paren { expr, .. } => value_type(expr),
    }
}

/// Every type error of an expression, first one first.
pub(crate) fn check(expr: &Expr) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    visit(expr, &mut errors);
    errors
}

fn error(errors: &mut Vec<SyntaxError>, span: ByteRange, message: String) {
    errors.push(SyntaxError {
        span,
        message,
        kind: ErrorKind::Type,
    });
}

fn expect(expr: &Expr, want: ValueType, context: &str, errors: &mut Vec<SyntaxError>) {
    let got = visit(expr, errors);
    if got != want {
        error(
            errors,
            expr.span(),
            format!(
                "expected type {} in {context}, got {}",
                want.describe(),
                got.describe()
            ),
        );
    }
}

fn visit(expr: &Expr, errors: &mut Vec<SyntaxError>) -> ValueType {
    match expr {
        Expr::Aggregate {
            op,
            param,
            expr: inner,
            ..
        } => {
            expect(inner, ValueType::Vector, "aggregation expression", errors);
            if let Some(param) = param {
                let want = if *op == Aggregator::CountValues {
                    ValueType::String
                } else {
                    ValueType::Scalar
                };
                expect(param, want, "aggregation parameter", errors);
            }
        }
        Expr::Binary {
            op,
            op_span,
            lhs,
            rhs,
            return_bool,
            matching,
            filled,
            span,
        } => {
            let lt = visit(lhs, errors);
            let rt = visit(rhs, errors);
            if *return_bool && !op.is_comparison() {
                error(
                    errors,
                    *op_span,
                    "bool modifier can only be used on comparison operators".to_owned(),
                );
            }
            if op.is_comparison()
                && !return_bool
                && lt == ValueType::Scalar
                && rt == ValueType::Scalar
            {
                error(
                    errors,
                    *op_span,
                    "comparisons between scalars must use BOOL modifier".to_owned(),
                );
            }
            if let Some(m) = matching
                && m.on
                && let Some((_, include)) = &m.group
            {
                for label in &m.labels {
                    if include.iter().any(|i| i.value == label.value) {
                        error(
                            errors,
                            *op_span,
                            format!(
                                "label {:?} must not occur in ON and GROUP clause at once",
                                label.value
                            ),
                        );
                    }
                }
            }
            for (side, t) in [(lhs, lt), (rhs, rt)] {
                if t != ValueType::Scalar && t != ValueType::Vector {
                    error(
                        errors,
                        side.span(),
                        "binary expression must contain only scalar and instant vector types"
                            .to_owned(),
                    );
                }
            }
            let both_vectors = lt == ValueType::Vector && rt == ValueType::Vector;
            if !both_vectors {
                if matching.as_ref().is_some_and(|m| !m.labels.is_empty()) {
                    error(
                        errors,
                        *span,
                        "vector matching only allowed between instant vectors".to_owned(),
                    );
                }
                if *filled {
                    error(
                        errors,
                        *span,
                        "filling in missing series only allowed between instant vectors".to_owned(),
                    );
                }
            } else if op.is_set() {
                if matching.as_ref().is_some_and(|m| m.group.is_some()) {
                    error(
                        errors,
                        *span,
                        format!("no grouping allowed for {:?} operation", op.as_str()),
                    );
                }
                if *filled {
                    error(
                        errors,
                        *span,
                        "filling in missing series not allowed for set operators".to_owned(),
                    );
                }
            }
            if (lt == ValueType::Scalar || rt == ValueType::Scalar) && op.is_set() {
                error(
                    errors,
                    *span,
                    format!(
                        "set operator {:?} not allowed in binary scalar expression",
                        op.as_str()
                    ),
                );
            }
            // From the sides' types, not `value_type`: that walks the subtree again, and
            // a long operator chain would cost quadratic time.
            return if lt == ValueType::Scalar && rt == ValueType::Scalar {
                ValueType::Scalar
            } else {
                ValueType::Vector
            };
        }
        Expr::Call { name, args, span } => {
            if let Some(function) = functions::lookup(&name.value) {
                check_call(function, &name.value, args, *span, errors);
            }
        }
        Expr::Vector(selector) => check_selector(selector, errors),
        Expr::Matrix { selector, .. } => check_selector(selector, errors),
        Expr::Paren { expr, .. } => {
            return visit(expr, errors);
        }
        Expr::Unary {
            expr: inner, span, ..
        } => {
            let t = visit(inner, errors);
            if t != ValueType::Scalar && t != ValueType::Vector {
                error(
                    errors,
                    *span,
                    format!(
                        "unary expression only allowed on expressions of type scalar or instant vector, got {:?}",
                        t.describe()
                    ),
                );
            }
            return t;
        }
        Expr::Subquery {
            expr: inner, span, ..
        } => {
            let t = visit(inner, errors);
            if t != ValueType::Vector {
                let raw = match t {
                    ValueType::Scalar => "scalar",
                    ValueType::String => "string",
                    ValueType::Matrix => "matrix",
                    ValueType::Vector => "vector",
                };
                error(
                    errors,
                    *span,
                    format!("subquery is only allowed on instant vector, got {raw} instead"),
                );
            }
        }
        Expr::Number { .. } | Expr::String { .. } => {}
    }
    value_type(expr)
}

fn check_call(
    function: &functions::Function,
    name: &str,
    args: &[Expr],
    span: ByteRange,
    errors: &mut Vec<SyntaxError>,
) {
    let declared = function.args.len();
    if function.variadic == 0 {
        if declared != args.len() {
            error(
                errors,
                span,
                format!(
                    "expected {declared} argument(s) in call to {name:?}, got {}",
                    args.len()
                ),
            );
        }
    } else {
        let minimum = declared - 1;
        if minimum > args.len() {
            error(
                errors,
                span,
                format!(
                    "expected at least {minimum} argument(s) in call to {name:?}, got {}",
                    args.len()
                ),
            );
        } else if function.variadic > 0 {
            let maximum = minimum + function.variadic as usize;
            if maximum < args.len() {
                error(
                    errors,
                    span,
                    format!(
                        "expected at most {maximum} argument(s) in call to {name:?}, got {}",
                        args.len()
                    ),
                );
            }
        }
    }
    // `info(v, {k=~".*"})`: the second argument selects labels of the info metrics, so it
    // may match the empty string, and it must not name a metric.
    let mut labels_only = None;
    if name == "info"
        && let Some(selector) = args.get(1)
    {
        if value_type(selector) != ValueType::Vector {
            error(
                errors,
                span,
                format!(
                    "expected type {} in call to function \"info\", got {}",
                    ValueType::Vector.describe(),
                    value_type(selector).describe()
                ),
            );
        }
        match selector {
            Expr::Vector(v) if v.name.is_some() => error(
                errors,
                selector.span(),
                "expected label selectors only, got vector selector instead".to_owned(),
            ),
            Expr::Vector(_) => labels_only = Some(1),
            _ => error(
                errors,
                selector.span(),
                "expected label selectors only".to_owned(),
            ),
        }
    }
    for (i, arg) in args.iter().enumerate() {
        if labels_only == Some(i) {
            continue;
        }
        let index = if i >= declared {
            if function.variadic == 0 {
                break;
            }
            declared - 1
        } else {
            i
        };
        expect(
            arg,
            function.args[index],
            &format!("call to function {name:?}"),
            errors,
        );
    }
}

/// A selector must match something: a name, or a matcher that does not match "".
fn check_selector(selector: &VectorSelector, errors: &mut Vec<SyntaxError>) {
    if selector.name.is_some() {
        return;
    }
    let names_metric = selector
        .matchers
        .iter()
        .any(|m| m.name.value == "__name__" && m.op == MatchOp::Equal && !m.value.is_empty());
    let non_empty = selector
        .matchers
        .iter()
        .any(|m| !m.op.matches_empty(&m.value));
    if !names_metric && !non_empty {
        error(
            errors,
            selector.span,
            "vector selector must contain at least one non-empty matcher".to_owned(),
        );
    }
}
