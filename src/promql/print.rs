//! Writing a syntax tree back as PromQL, in one canonical spelling: single spaces around
//! operators, double-quoted strings, durations in Prometheus's units (`1h30m`), numbers in
//! their shortest exact form. Parsing the printed text gives the same tree (the property
//! tests check it on generated expressions and on Prometheus's own test expressions), so
//! the text can stand in for the tree: to compare expressions written differently, or to
//! show an expression the way Prometheus would read it.
//!
//! The tree keeps only the value of a duration computed from an expression (`[step() * 2]`)
//! and only the presence of `fill()` modifiers; those parts are copied from the source text.

use std::fmt::Write;

use super::build::string as quote;

use super::ast::{
    At, Card, DurationLit, Expr, Grouping, MatchOp, Matcher, Modifiers, Name, VectorMatching,
    VectorSelector,
};

/// The expression `expr`, parsed from `source`, as canonical PromQL.
pub(crate) fn print(expr: &Expr, source: &str) -> String {
    let mut out = String::new();
    Printer {
        source,
        out: &mut out,
    }
    .expr(expr);
    out
}

struct Printer<'a> {
    source: &'a str,
    out: &'a mut String,
}

impl Printer<'_> {
    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Number { value, .. } => self.out.push_str(&number(*value)),
            Expr::String { value, .. } => self.out.push_str(&quote(value)),
            Expr::Vector(selector) => self.selector(selector),
            Expr::Matrix {
                selector, range, ..
            } => {
                self.selector_body(selector);
                self.out.push('[');
                self.duration(range);
                self.out.push(']');
                self.modifiers(&selector.modifiers);
            }
            Expr::Subquery {
                expr,
                range,
                step,
                modifiers,
                ..
            } => {
                self.expr(expr);
                self.out.push('[');
                self.duration(range);
                self.out.push(':');
                if let Some(step) = step {
                    self.duration(step);
                }
                self.out.push(']');
                self.modifiers(modifiers);
            }
            Expr::Call { name, args, .. } => {
                self.out.push_str(&name.value);
                self.args(args.iter());
            }
            Expr::Aggregate {
                op,
                param,
                expr,
                grouping,
                ..
            } => {
                self.out.push_str(op.as_str());
                if let Some(grouping) = grouping {
                    self.out.push(' ');
                    self.grouping(grouping);
                    self.out.push(' ');
                }
                self.args(param.iter().map(|p| &**p).chain([&**expr]));
            }
            Expr::Binary {
                op,
                op_span,
                lhs,
                rhs,
                return_bool,
                matching,
                filled,
                ..
            } => {
                self.expr(lhs);
                self.out.push(' ');
                if *filled {
                    // The tree does not keep the fill values: the operator and its modifiers
                    // as written.
                    self.out.push_str(&self.source[op_span.start..op_span.end]);
                } else {
                    self.out.push_str(op.as_str());
                    if *return_bool {
                        self.out.push_str(" bool");
                    }
                    if let Some(matching) = matching {
                        self.out.push(' ');
                        self.matching(matching);
                    }
                }
                self.out.push(' ');
                self.expr(rhs);
            }
            Expr::Unary { op, expr, .. } => {
                self.out.push_str(op.as_str());
                self.expr(expr);
            }
            Expr::Paren { expr, .. } => {
                self.out.push('(');
                self.expr(expr);
                self.out.push(')');
            }
        }
    }

    fn args<'e>(&mut self, args: impl Iterator<Item = &'e Expr>) {
        self.out.push('(');
        for (i, arg) in args.enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(arg);
        }
        self.out.push(')');
    }

    fn selector(&mut self, selector: &VectorSelector) {
        self.selector_body(selector);
        self.modifiers(&selector.modifiers);
    }

    /// The name and matchers: `name{…}`, or `{"name", …}` for a quoted name.
    fn selector_body(&mut self, selector: &VectorSelector) {
        let mut inside: Vec<String> = Vec::new();
        match &selector.name {
            Some(name) if name.quoted => inside.push(quote(&name.value)),
            Some(name) => self.out.push_str(&name.value),
            None => {}
        }
        inside.extend(selector.matchers.iter().map(matcher));
        if !inside.is_empty() || selector.name.is_none() {
            self.out.push('{');
            self.out.push_str(&inside.join(", "));
            self.out.push('}');
        }
    }

    fn modifiers(&mut self, modifiers: &Modifiers) {
        if modifiers.anchored {
            self.out.push_str(" anchored");
        }
        if modifiers.smoothed {
            self.out.push_str(" smoothed");
        }
        if let Some(offset) = &modifiers.offset {
            self.out.push_str(" offset ");
            self.duration(offset);
        }
        if let Some((at, _)) = &modifiers.at {
            self.out.push_str(" @ ");
            match at {
                At::Timestamp(t) => self.out.push_str(&number(*t)),
                At::Start => self.out.push_str("start()"),
                At::End => self.out.push_str("end()"),
            }
        }
    }

    fn duration(&mut self, duration: &DurationLit) {
        if duration.literal {
            self.out.push_str(&duration_text(duration.millis));
        } else {
            // Computed at query time (`step()`) or by an expression: as written, in
            // parentheses so an offset takes it whole.
            let text = self.source[duration.span.start..duration.span.end].trim();
            if in_parentheses(text) {
                self.out.push_str(text);
            } else {
                let _ = write!(self.out, "({text})");
            }
        }
    }

    fn grouping(&mut self, grouping: &Grouping) {
        self.out
            .push_str(if grouping.without { "without" } else { "by" });
        self.out.push_str(" (");
        self.out.push_str(&names(&grouping.labels));
        self.out.push(')');
    }

    fn matching(&mut self, matching: &VectorMatching) {
        self.out
            .push_str(if matching.on { "on" } else { "ignoring" });
        self.out.push_str(" (");
        self.out.push_str(&names(&matching.labels));
        self.out.push(')');
        if let Some((card, extra)) = &matching.group {
            self.out.push_str(match card {
                Card::ManyToOne => " group_left",
                Card::OneToMany => " group_right",
            });
            if !extra.is_empty() {
                self.out.push_str(" (");
                self.out.push_str(&names(extra));
                self.out.push(')');
            }
        }
    }
}

/// Whether a duration expression is one parenthesized whole: `(1m + 1s)`, not `(1m) + (1s)`.
fn in_parentheses(text: &str) -> bool {
    if !text.starts_with('(') {
        return false;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1 == text.len();
                }
            }
            _ => {}
        }
    }
    false
}

fn matcher(m: &Matcher) -> String {
    let op = match m.op {
        MatchOp::Equal => "=",
        other => other.as_str(),
    };
    format!("{}{op}{}", name(&m.name), quote(&m.value))
}

fn name(name: &Name) -> String {
    if name.quoted {
        quote(&name.value)
    } else {
        name.value.clone()
    }
}

fn names(list: &[Name]) -> String {
    list.iter().map(name).collect::<Vec<_>>().join(", ")
}

/// A number as PromQL reads it back exactly: the shortest decimal that round-trips, `Inf`,
/// `-Inf`, `NaN`.
pub(crate) fn number(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Inf" } else { "-Inf" }.to_owned()
    } else {
        // Rust's `Debug` writes the shortest round-tripping form, with an exponent when it
        // is shorter (`1e-7`), which PromQL reads.
        format!("{value:?}")
    }
}

/// Milliseconds in Prometheus's duration units, largest first: `90000` is `1m30s`; a
/// negative duration (an offset) has a leading `-`.
pub(crate) fn duration_text(millis: i64) -> String {
    const UNITS: [(&str, i64); 7] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
        ("ms", 1),
    ];
    if millis == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    if millis < 0 {
        out.push('-');
    }
    let mut rest = millis.unsigned_abs();
    for (unit, size) in UNITS {
        let size = size.unsigned_abs();
        if rest >= size {
            let _ = write!(out, "{}{unit}", rest / size);
            rest %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(expr: &str) -> String {
        let tree = crate::promql::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e:?}"));
        print(&tree, expr)
    }

    #[test]
    fn prints_one_canonical_spelling() {
        for (written, canonical) in [
            (
                "sum by(job)(rate(http_requests_total{code=~'5..'}[5m]))",
                r#"sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))"#,
            ),
            ("a/on(x)group_left(y)b", "a / on (x) group_left (y) b"),
            ("x > bool 0x10", "x > bool 16.0"),
            ("foo[90s] offset -1h", "foo[1m30s] offset -1h"),
            (
                "rate(foo[5m])[1h:] @ start()",
                "rate(foo[5m])[1h:] @ start()",
            ),
            (r#"{"my.metric", a="b\nc"}"#, r#"{"my.metric", a="b\nc"}"#),
            ("-(1)", "-(1.0)"),
            ("- 1 + 2e-9", "-1.0 + 2e-9"),
            ("foo[step()]", "foo[(step())]"),
            ("topk without() (3, x)", "topk without () (3.0, x)"),
        ] {
            assert_eq!(round(written), canonical, "{written}");
        }
    }

    #[test]
    fn the_printed_text_parses_to_the_same_tree() {
        for expr in [
            "1 - -1 ^ 2",
            "-x ^ 2 * 3",
            "a and on (b) c or d unless e",
            "count_values(\"v\", x) > 2",
            "histogram_quantile(0.9, sum without (pod) (rate(x_bucket[5m] @ 100 offset 1d)))",
        ] {
            let once = round(expr);
            assert_eq!(round(&once), once, "{expr}");
        }
    }

    #[test]
    fn durations_use_the_largest_units() {
        assert_eq!(duration_text(0), "0s");
        assert_eq!(duration_text(1), "1ms");
        assert_eq!(duration_text(90_061_001), "1d1h1m1s1ms");
        assert_eq!(duration_text(-300_000), "-5m");
        assert_eq!(duration_text(366 * 86_400_000), "1y1d");
    }
}
