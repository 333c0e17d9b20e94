//! Scalar styles and YAML 1.2 core-schema type resolution.

/// How a scalar was written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

/// The core-schema type of a scalar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ScalarType {
    /// `~`, `null`, or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A float (including `.inf` and `.nan`).
    Float(f64),
    /// Anything else, and every quoted or block scalar.
    Str,
}

/// Resolves a plain scalar's type by the YAML 1.2 core schema.
pub(super) fn resolve_plain(text: &str) -> ScalarType {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarType::Null,
        "true" | "True" | "TRUE" => return ScalarType::Bool(true),
        "false" | "False" | "FALSE" => return ScalarType::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarType::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarType::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarType::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = parse_int(text) {
        return ScalarType::Int(int);
    }
    if looks_like_float(text)
        && let Ok(float) = text.parse::<f64>()
    {
        return ScalarType::Float(float);
    }
    ScalarType::Str
}

/// Parses a core-schema integer: decimal, `0x` hex or `0o` octal.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        (8, oct)
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => digits(whole) && digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && digits(whole),
    };
    let exponent_ok = match exponent {
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
        None => true,
    };
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("~"), ScalarType::Null);
        assert_eq!(resolve_plain("True"), ScalarType::Bool(true));
        assert_eq!(
            resolve_plain("yes"),
            ScalarType::Str,
            "YAML 1.1 booleans are strings"
        );
        assert_eq!(resolve_plain("0x1f"), ScalarType::Int(31));
        assert_eq!(resolve_plain("-12"), ScalarType::Int(-12));
        assert_eq!(resolve_plain("1.5e3"), ScalarType::Float(1500.0));
        assert_eq!(resolve_plain(".5"), ScalarType::Float(0.5));
        assert_eq!(resolve_plain("1."), ScalarType::Float(1.0));
        assert_eq!(resolve_plain("30s"), ScalarType::Str);
        assert_eq!(resolve_plain("1e"), ScalarType::Str);
        assert_eq!(resolve_plain("."), ScalarType::Str);
        assert_eq!(
            resolve_plain("99999999999999999999"),
            ScalarType::Float(1e20)
        );
    }
}
