//! Go `text/template` syntax, as Prometheus parses alert labels and annotations.
//!
//! promtool rejects a rule file whose alert labels or annotations do not parse as Go
//! templates, or call a function Prometheus does not define. This is a parser for that
//! syntax (actions, pipelines, control structures, variables), not an evaluator.

use crate::promql::Dialect;

/// A template error at a byte offset of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TemplateError {
    /// Byte offset in the template text.
    pub offset: usize,
    /// Go's message.
    pub message: String,
}

const GO_BUILTINS: &[&str] = &[
    "and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or",
    "print", "printf", "println", "slice", "urlquery",
];

const PROMETHEUS_2: &[&str] = &[
    "args",
    "externalURL",
    "first",
    "graphLink",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "label",
    "match",
    "parseDuration",
    "pathPrefix",
    "query",
    "reReplaceAll",
    "safeHtml",
    "sortByLabel",
    "strvalue",
    "stripDomain",
    "stripPort",
    "tableLink",
    "title",
    "toLower",
    "toTime",
    "toUpper",
    "value",
];

/// Added in Prometheus 3.6 (`toDuration`, `now`); promtool 2.42 rejects them.
const PROMETHEUS_3_ONLY: &[&str] = &["now", "toDuration"];

/// Variables Prometheus defines for alert templates.
const VARIABLES: &[&str] = &["$", "$labels", "$value", "$externalLabels", "$externalURL"];

fn is_function(name: &str, dialect: Dialect) -> bool {
    GO_BUILTINS.contains(&name)
        || PROMETHEUS_2.contains(&name)
        || (!dialect.is_prometheus_2() && PROMETHEUS_3_ONLY.contains(&name))
}

/// Checks a template; the first error, as Go reports it.
pub(crate) fn check(text: &str, dialect: Dialect) -> Result<(), TemplateError> {
    let mut stack: Vec<(&'static str, usize)> = Vec::new();
    let mut variables: Vec<String> = VARIABLES.iter().map(|v| (*v).to_owned()).collect();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("{{") {
        let open = pos + found;
        let mut i = open + 2;
        if text[i..].starts_with("- ")
            || text[i..].starts_with("-\t")
            || text[i..].starts_with("-\n")
        {
            i += 1;
        }
        // A comment: `{{/* … */}}`.
        let trimmed = text[i..].trim_start();
        if trimmed.starts_with("/*") {
            let start = text.len() - trimmed.len();
            let Some(close) = text[start..].find("*/") else {
                return Err(err(open, "unclosed comment"));
            };
            let after = start + close + 2;
            let rest = text[after..].trim_start_matches([' ', '-']);
            if !rest.starts_with("}}") {
                return Err(err(open, "comment ends before closing delimiter"));
            }
            pos = text.len() - rest.len() + 2;
            continue;
        }
        let (tokens, end) = lex_action(text, i, open)?;
        pos = end;
        check_action(&tokens, text, open, dialect, &mut stack, &mut variables)?;
    }
    if let Some((keyword, offset)) = stack.pop() {
        return Err(err(
            offset,
            &format!("unexpected EOF (unclosed {{{{{keyword}}}}})"),
        ));
    }
    Ok(())
}

fn err(offset: usize, message: &str) -> TemplateError {
    TemplateError {
        offset,
        message: message.to_owned(),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Variable(String),
    Field,
    Literal,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Comma,
}

/// Lexes an action from `i` to its `}}`; returns the tokens (with offsets) and the offset
/// after `}}`.
fn lex_action(
    text: &str,
    mut i: usize,
    open: usize,
) -> Result<(Vec<(Tok, usize)>, usize), TemplateError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    loop {
        if i >= bytes.len() {
            return Err(err(open, "unclosed action"));
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if text[i..].starts_with("}}") {
            return Ok((tokens, i + 2));
        }
        if text[i..].starts_with("-}}") && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return Ok((tokens, i + 3));
        }
        match c {
            ' ' | '\t' | '\r' | '\n' => i += 1,
            '"' => {
                let start = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None | Some(b'\n') => return Err(err(start, "unterminated quoted string")),
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                tokens.push((Tok::Literal, start));
            }
            '`' => {
                let start = i;
                match text[i + 1..].find('`') {
                    Some(end) => i += end + 2,
                    None => return Err(err(start, "unterminated raw quoted string")),
                }
                tokens.push((Tok::Literal, start));
            }
            '\'' => {
                let start = i;
                match text[i + 1..].find('\'') {
                    Some(end) => i += end + 2,
                    None => return Err(err(start, "unterminated character constant")),
                }
                tokens.push((Tok::Literal, start));
            }
            '|' => {
                tokens.push((Tok::Pipe, i));
                i += 1;
            }
            '(' => {
                tokens.push((Tok::LeftParen, i));
                i += 1;
            }
            ')' => {
                tokens.push((Tok::RightParen, i));
                i += 1;
            }
            ',' => {
                tokens.push((Tok::Comma, i));
                i += 1;
            }
            ':' if bytes.get(i + 1) == Some(&b'=') => {
                tokens.push((Tok::Declare, i));
                i += 2;
            }
            '=' => {
                tokens.push((Tok::Declare, i));
                i += 1;
            }
            '$' => {
                let start = i;
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                tokens.push((Tok::Variable(text[start..i].to_owned()), start));
                // `$x.field`
                while i < bytes.len() && bytes[i] == b'.' {
                    i += 1;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                }
            }
            '.' => {
                let start = i;
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
                {
                    i += 1;
                }
                if bytes.get(start + 1).is_some_and(u8::is_ascii_digit) {
                    tokens.push((Tok::Literal, start));
                } else {
                    tokens.push((Tok::Field, start));
                }
            }
            c if c.is_ascii_digit()
                || ((c == '-' || c == '+') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'.' | b'_' | b'+' | b'-'))
                {
                    i += 1;
                }
                tokens.push((Tok::Literal, start));
            }
            c if c.is_alphabetic() || c == '_' => {
                // Go identifiers are Unicode letters, digits and `_`.
                let start = i;
                i += text[start..]
                    .char_indices()
                    .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                    .map_or(text.len() - start, |(at, _)| at);
                tokens.push((Tok::Word(text[start..i].to_owned()), start));
            }
            c => return Err(err(i, &format!("unexpected {c:?} in command"))),
        }
    }
}

fn check_action(
    tokens: &[(Tok, usize)],
    text: &str,
    open: usize,
    dialect: Dialect,
    stack: &mut Vec<(&'static str, usize)>,
    variables: &mut Vec<String>,
) -> Result<(), TemplateError> {
    let _ = text;
    let mut rest = tokens;
    if let Some((Tok::Word(word), _)) = tokens.first() {
        let keyword: Option<&'static str> = match word.as_str() {
            "if" => Some("if"),
            "range" => Some("range"),
            "with" => Some("with"),
            "define" => Some("define"),
            "block" => Some("block"),
            _ => None,
        };
        match (keyword, word.as_str()) {
            (Some(k), _) => {
                stack.push((k, open));
                rest = &tokens[1..];
                if rest.is_empty() {
                    return Err(err(open, &format!("missing value for {k}")));
                }
                if matches!(k, "define" | "block") {
                    return Ok(());
                }
            }
            (None, "end") => {
                if stack.pop().is_none() {
                    return Err(err(open, "unexpected {{end}}"));
                }
                return Ok(());
            }
            (None, "else") => {
                if !stack
                    .last()
                    .is_some_and(|(k, _)| matches!(*k, "if" | "range" | "with"))
                {
                    return Err(err(open, "unexpected {{else}}"));
                }
                rest = &tokens[1..];
                if let Some((Tok::Word(w), _)) = rest.first()
                    && (w == "if" || w == "with")
                {
                    rest = &rest[1..];
                }
                if rest.is_empty() {
                    return Ok(());
                }
            }
            (None, "break" | "continue") => {
                if !stack.iter().any(|(k, _)| *k == "range") {
                    return Err(err(open, &format!("{{{{{word}}}}} outside {{{{range}}}}")));
                }
                return Ok(());
            }
            (None, "template") => return Ok(()),
            _ => {}
        }
    }
    if rest.is_empty() {
        return Err(err(open, "missing value for command"));
    }
    // Declarations: `$x := pipeline` or `$x, $y := …` (in range).
    let declared: Vec<String> = match rest.iter().position(|(t, _)| *t == Tok::Declare) {
        Some(at) => rest[..at]
            .iter()
            .filter_map(|(t, _)| match t {
                Tok::Variable(v) => Some(v.clone()),
                _ => None,
            })
            .collect(),
        None => Vec::new(),
    };
    let mut depth = 0i32;
    let mut expect_command = true;
    for (index, (token, offset)) in rest.iter().enumerate() {
        match token {
            Tok::Word(word) => {
                if !matches!(word.as_str(), "true" | "false" | "nil") && !is_function(word, dialect)
                {
                    return Err(err(*offset, &format!("function {word:?} not defined")));
                }
                expect_command = false;
            }
            Tok::Variable(v) => {
                let is_declaration = rest
                    .get(index + 1)
                    .is_some_and(|(t, _)| matches!(t, Tok::Declare | Tok::Comma))
                    && declared.contains(v);
                if !is_declaration && !variables.contains(v) {
                    return Err(err(*offset, &format!("undefined variable {v:?}")));
                }
                expect_command = false;
            }
            Tok::Pipe => {
                if expect_command {
                    return Err(err(*offset, "missing value for command"));
                }
                expect_command = true;
            }
            Tok::LeftParen => {
                depth += 1;
                expect_command = true;
            }
            Tok::RightParen => {
                depth -= 1;
                if depth < 0 {
                    return Err(err(*offset, "unexpected right paren"));
                }
                expect_command = false;
            }
            Tok::Declare => expect_command = true,
            Tok::Field | Tok::Literal | Tok::Comma => expect_command = false,
        }
    }
    if depth > 0 {
        return Err(err(open, "unclosed left paren"));
    }
    if expect_command {
        return Err(err(open, "missing value for command"));
    }
    variables.extend(declared);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p2(text: &str) -> Result<(), String> {
        check(text, Dialect::PROMETHEUS_2).map_err(|e| format!("{}: {}", e.offset, e.message))
    }

    #[test]
    fn prometheus_alert_templates_parse() {
        for ok in [
            "plain text",
            "{{ $labels.instance }} is down",
            "{{ $value | humanizePercentage }}",
            "${{ $value | printf \"%.2f\" }}",
            "{{ index $labels \"gen_ai.request.model\" }}",
            "{{ if gt $value 0.5 }}high{{ else }}low{{ end }}",
            "{{- range $i, $e := query \"up\" }}{{ $e.Labels.job }}{{ end -}}",
            "{{/* a comment */}}x",
            "{{ \"{{\" }} literal",
            "{{ with $x := $value }}{{ $x }}{{ end }}",
            "{{ $labels.job | toUpper }} {{ humanizeDuration 3.5 }}",
            // promtool 2.42 has both (checked against it).
            "{{ $labels.instance | stripDomain }} {{ \"5m\" | parseDuration }}",
        ] {
            assert_eq!(p2(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn broken_templates_are_reported_like_go() {
        assert_eq!(p2("{{ $value "), Err("0: unclosed action".to_owned()));
        assert_eq!(
            p2("a {{ now }}"),
            Err("5: function \"now\" not defined".to_owned())
        );
        assert!(check("{{ now }}", Dialect::PROMETHEUS_3).is_ok());
        assert_eq!(
            p2("{{ \"1h\" | toDuration }}"),
            Err("10: function \"toDuration\" not defined".to_owned())
        );
        assert_eq!(p2("{{ end }}"), Err("0: unexpected {{end}}".to_owned()));
        assert!(p2("{{ if true }}x").is_err());
        assert_eq!(
            p2("{{ $nope }}"),
            Err("3: undefined variable \"$nope\"".to_owned())
        );
        assert_eq!(
            p2("{{ \"open }}"),
            Err("3: unterminated quoted string".to_owned())
        );
        assert_eq!(p2("{{}}"), Err("0: missing value for command".to_owned()));
        assert_eq!(
            p2("{{ $value | }}"),
            Err("0: missing value for command".to_owned())
        );
    }

    #[test]
    fn non_ascii_words_end() {
        for dialect in [Dialect::PROMETHEUS_2, Dialect::PROMETHEUS_3] {
            // Go identifiers may be Unicode letters: `é` is an unknown function, not a hang.
            let _ = check("{{é}}", dialect);
            let _ = check("{{ $labels.café }}", dialect);
        }
    }
}
