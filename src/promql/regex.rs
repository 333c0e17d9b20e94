//! Regular expressions as Prometheus (Go's RE2) reads them.
//!
//! Rust's `regex` crate has RE2's syntax with a few extensions; where RE2 is stricter (a
//! nested repetition such as `x++`), we check that first so the verdict is Prometheus's.

use super::dialect::Dialect;

/// Why Prometheus would reject a label-matcher regex, or `None`.
pub(crate) fn problem(pattern: &str, dialect: Dialect) -> Option<String> {
    if plainly_valid(pattern) {
        return None;
    }
    if let Some(nested) = nested_repetition(pattern) {
        return Some(format!("invalid nested repetition operator: `{nested}`"));
    }
    let translated = match translate(pattern, dialect) {
        Ok(translated) => translated,
        Err(problem) => return Some(problem),
    };
    let anchored = format!("^(?:{translated})$");
    // Parsing finds every syntax error `Regex::new` would; compiling (ten times the cost,
    // and dashboards repeat the same matchers thousands of times) only adds the size
    // limit, which only counted repetitions can reach.
    if let Err(error) = regex_syntax::Parser::new().parse(&anchored) {
        return Some(describe(&error.to_string()));
    }
    if !translated.contains('{') {
        return None;
    }
    match regex::Regex::new(&anchored) {
        Ok(_) => None,
        Err(error) => Some(describe(&error.to_string())),
    }
}

/// Whether a pattern is literals, `.`, alternatives and `*`/`+` after a literal or a `.`
/// (`prod|staging`, `api-.*`): valid in every dialect, without parsing. Most matchers in
/// real dashboards are, and the same ones repeat across thousands of panels.
fn plainly_valid(pattern: &str) -> bool {
    let mut repeatable = false;
    for c in pattern.chars() {
        repeatable = match c {
            '*' | '+' if repeatable => false,
            '|' => false,
            '.' => true,
            c if c.is_ascii_alphanumeric() || "_-:/ ,=@#%&!~'\"<>;`".contains(c) => true,
            _ => return false,
        };
    }
    true
}

/// The compiled, anchored regex (Prometheus anchors matchers on both ends).
pub(crate) fn compile(pattern: &str) -> Option<regex::Regex> {
    if problem(pattern, Dialect::PROMETHEUS_3).is_some() {
        return None;
    }
    let translated = translate(pattern, Dialect::PROMETHEUS_3).ok()?;
    regex::Regex::new(&format!("^(?:{translated})$")).ok()
}

/// Rewrites RE2 syntax that Rust's `regex` reads differently: a `{` that does not start a
/// repetition is a literal in RE2 and must be escaped for Rust; RE2 caps repetition counts
/// at 1000; Go before 1.22 (Prometheus 2) has no `(?<name>…)`.
fn translate(pattern: &str, dialect: Dialect) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            '[' => {
                let start = i;
                i += 1;
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
                        // A POSIX class `[:alpha:]` inside the class.
                        if let Some(end) = (i + 2..chars.len().saturating_sub(1))
                            .find(|&j| chars[j] == ':' && chars[j + 1] == ']')
                        {
                            i = end + 2;
                            continue;
                        }
                    }
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(chars.len());
                out.extend(&chars[start..i]);
            }
            '{' => match repetition_at(&chars, i) {
                Some(len) => {
                    let text: String = chars[i..i + len].iter().collect();
                    let counts = text.trim_matches(['{', '}']).split(',');
                    if counts
                        .filter(|n| !n.is_empty())
                        .any(|n| n.parse::<u32>().map_or(true, |n| n > 1000))
                    {
                        return Err(format!("invalid repeat count: `{text}`"));
                    }
                    out.push_str(&text);
                    i += len;
                }
                None => {
                    out.push_str("\\{");
                    i += 1;
                }
            },
            '(' if dialect.is_prometheus_2()
                && chars.get(i + 1) == Some(&'?')
                && chars.get(i + 2) == Some(&'<') =>
            {
                return Err("invalid or unsupported Perl syntax: `(?<`".to_owned());
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn describe(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error:").trim().to_owned())
        .unwrap_or_else(|| text.to_owned())
}

/// The text of two repetition operators in a row (`++`, `*{2}`), which RE2 rejects.
fn nested_repetition(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    // The end of the previous repetition operator and where it started.
    let mut previous: Option<(usize, usize)> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(len) = repetition_at(&chars, i) {
            let mut end = i + len;
            if chars.get(end) == Some(&'?') {
                end += 1; // non-greedy
            }
            if let Some((start, prev_end)) = previous
                && prev_end == i
            {
                return Some(chars[start..end].iter().collect());
            }
            previous = Some((i, end));
            i = end;
            continue;
        }
        match c {
            '\\' => i += 2,
            '[' => {
                // Skip a character class; a `]` first in it is literal.
                i += 1;
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
        previous = None;
    }
    None
}

/// The length of a repetition operator at `i`: `*`, `+`, `?`, or a well-formed `{n}`,
/// `{n,}`, `{n,m}`.
fn repetition_at(chars: &[char], i: usize) -> Option<usize> {
    match chars[i] {
        '*' | '+' | '?' => Some(1),
        '{' => {
            let mut j = i + 1;
            let digits = |j: &mut usize| {
                let start = *j;
                while *j < chars.len() && chars[*j].is_ascii_digit() {
                    *j += 1;
                }
                *j > start
            };
            if !digits(&mut j) {
                return None;
            }
            if chars.get(j) == Some(&',') {
                j += 1;
                digits(&mut j);
            }
            (chars.get(j) == Some(&'}')).then_some(j + 1 - i)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pattern: &str) -> Option<String> {
        problem(pattern, Dialect::PROMETHEUS_2)
    }

    /// The shortcut never passes what the parser rejects.
    #[test]
    fn plainly_valid_patterns_are_valid() {
        let full = |pattern: &str| {
            let translated = translate(pattern, Dialect::PROMETHEUS_2).ok()?;
            regex::Regex::new(&format!("^(?:{translated})$")).ok()
        };
        for pattern in [
            "",
            "|",
            "a|",
            "prod|staging",
            "api-.*",
            ".+",
            ".*.*",
            "x*",
            "a.*|b.+",
            "*x",
            "a|*",
            "x**",
            "+",
            "a++",
            "=~x",
            "a b,c",
            "<\"'>;`",
        ] {
            if plainly_valid(pattern) {
                assert!(full(pattern).is_some(), "{pattern}");
            }
        }
        assert!(!plainly_valid("*x") && !plainly_valid("a|*") && !plainly_valid("x**"));
        assert!(plainly_valid("prod|staging") && plainly_valid("api-.*"));
    }

    #[test]
    fn re2_rejects_nested_repetition() {
        assert_eq!(
            p("x++").as_deref(),
            Some("invalid nested repetition operator: `++`")
        );
        assert_eq!(
            p("a{2}{3}").as_deref(),
            Some("invalid nested repetition operator: `{2}{3}`")
        );
        assert!(p("x+?").is_none(), "non-greedy is fine");
        assert!(p("[+*]+").is_none(), "a class is not an operator");
        assert!(p(r"\++").is_none(), "an escaped plus is a literal");
        assert!(p("(").is_some());
    }

    #[test]
    fn re2_literal_braces_and_limits() {
        for literal in ["a{,2}", "a{", "a{1", "a{x}", "[{]"] {
            assert!(p(literal).is_none(), "{literal} is literal text in RE2");
        }
        assert_eq!(
            p("a{1001}").as_deref(),
            Some("invalid repeat count: `{1001}`")
        );
        assert!(p("(?<n>x)").is_some());
        assert!(problem("(?<n>x)", Dialect::PROMETHEUS_3).is_none());
        assert!(compile("a{,2}").is_some_and(|r| r.is_match("a{,2}")));
    }
}
