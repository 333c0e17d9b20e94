//! Go's quoting, as Prometheus's messages print strings and runes, and the value of a PromQL
//! string literal with its escapes resolved.

/// A string quoted as Go's `%q` does (enough for messages).
pub(crate) fn go_quote(s: &str) -> String {
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
pub(super) fn quote_rune(c: char) -> String {
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
pub(super) fn go_rune(c: char) -> String {
    format!("U+{:04X} {}", c as u32, quote_rune(c))
}

/// The value of a string token, with escapes resolved.
pub(crate) fn unquote(text: &str) -> String {
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
