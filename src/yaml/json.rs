//! A fast path for documents that are strict JSON (Grafana dashboards, JSON rule files,
//! catalogs): the same [`Node`] tree the YAML parser builds from the same text, in a tenth
//! of the time.
//!
//! JSON is YAML, so the YAML parser reads these files too; but a folder of dashboards is
//! megabytes of JSON, and reading it as YAML was most of `validate`'s time. Only text that
//! is strict JSON takes this path, and only when nothing in it needs a YAML diagnostic (a
//! duplicate key, nesting or size beyond the limits): for anything else it returns `None` and
//! the YAML parser reads the text, so every message and position stays the YAML parser's.
//! A test checks that both parsers build the same tree, spans included, on every JSON file
//! of the fixtures.

use std::collections::HashSet;

use super::scalar::ScalarStyle;
use super::tree::{Limits, Node, NodeKind};
use crate::base::position::to_u32;
use crate::base::{Pos, Span};

/// How many bytes of scalar text weigh as much as one node (as in the YAML tree's budget).
const BYTES_PER_NODE: usize = 64;

/// The tree of `text` when it is one strict JSON value that the YAML parser would read
/// without a finding, else `None`.
pub(super) fn parse(text: &str, limits: Limits) -> Option<Node> {
    let first = text.bytes().find(|b| !b.is_ascii_whitespace())?;
    if first != b'{' && first != b'[' {
        return None;
    }
    let mut parser = JsonParser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        cursor: Pos {
            offset: 0,
            line: 1,
            column: 1,
        },
        limits,
        nodes: 0,
    };
    parser.skip_whitespace();
    let root = parser.value(0)?;
    parser.skip_whitespace();
    (parser.at == parser.bytes.len()).then_some(root)
}

struct JsonParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// The next byte to read.
    at: usize,
    /// The position of the last offset asked for; positions are asked in increasing order,
    /// so lines and columns are counted once over the text.
    cursor: Pos,
    limits: Limits,
    nodes: usize,
}

impl JsonParser<'_> {
    fn pos(&mut self, offset: usize) -> Pos {
        let Pos {
            mut line,
            mut column,
            ..
        } = self.cursor;
        let passed = &self.text[self.cursor.offset..offset];
        match passed.rfind('\n') {
            Some(last) => {
                line += to_u32(passed.bytes().filter(|&b| b == b'\n').count());
                column = 1 + to_u32(passed[last + 1..].chars().count());
            }
            None => column += to_u32(passed.chars().count()),
        }
        self.cursor = Pos {
            offset,
            line,
            column,
        };
        self.cursor
    }

    fn span(&mut self, start: usize, end: usize) -> Span {
        Span {
            start: self.pos(start),
            end: self.pos(end),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn charge(&mut self, weight: usize) -> Option<()> {
        self.nodes += weight;
        (self.nodes <= self.limits.max_nodes).then_some(())
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        match *self.bytes.get(self.at)? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string(),
            _ => self.plain(),
        }
    }

    fn object(&mut self, depth: usize) -> Option<Node> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        // A repeated key is a YAML error with both positions: the YAML parser says it.
        let mut keys: HashSet<String> = HashSet::new();
        let span = self.collection(depth, b'}', |parser| {
            if parser.bytes.get(parser.at) != Some(&b'"') {
                return None;
            }
            let key = parser.string()?;
            if !keys.insert(key.as_str()?.to_owned()) {
                return None;
            }
            parser.skip_whitespace();
            if !parser.eat(b':') {
                return None;
            }
            parser.skip_whitespace();
            let value = parser.value(depth)?;
            entries.push((key, value));
            Some(())
        })?;
        Some(node(span, NodeKind::Map(entries)))
    }

    fn array(&mut self, depth: usize) -> Option<Node> {
        let mut items = Vec::new();
        let span = self.collection(depth, b']', |parser| {
            items.push(parser.value(depth)?);
            Some(())
        })?;
        Some(node(span, NodeKind::Seq(items)))
    }

    /// An object or array, `at` on its opening byte: `item` read between commas until
    /// `close`; the span from the opening to the closing byte.
    fn collection(
        &mut self,
        depth: usize,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<Span> {
        if depth >= self.limits.max_depth {
            return None;
        }
        self.charge(1)?;
        let start = self.pos(self.at);
        self.at += 1;
        self.skip_whitespace();
        if !self.eat(close) {
            loop {
                self.skip_whitespace();
                item(self)?;
                self.skip_whitespace();
                if self.eat(b',') {
                    continue;
                }
                if self.eat(close) {
                    break;
                }
                return None;
            }
        }
        Some(Span {
            start,
            end: self.pos(self.at),
        })
    }

    fn string(&mut self) -> Option<Node> {
        let start = self.at;
        self.at += 1;
        let mut value = String::new();
        let mut run = self.at;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' => {
                    value.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    let escaped = match *self.bytes.get(self.at)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    value.push(escaped);
                    self.at += 1;
                    run = self.at;
                }
                // Control characters are not JSON; the YAML parser judges them.
                0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        value.push_str(&self.text[run..self.at]);
        self.at += 1;
        self.charge(1 + value.len() / BYTES_PER_NODE)?;
        let span = self.span(start, self.at);
        Some(node(
            span,
            NodeKind::Scalar {
                value,
                style: ScalarStyle::DoubleQuoted,
            },
        ))
    }

    /// `\uXXXX` (with `at` on the `u`), or a surrogate pair of two; leaves `at` on the
    /// last hex digit.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4(self.at + 1)?;
        self.at += 4;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high);
        }
        if self.bytes.get(self.at + 1..self.at + 3) != Some(b"\\u") {
            return None;
        }
        let low = self.hex4(self.at + 3)?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        self.at += 6;
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number, `true`, `false` or `null`: a plain scalar as written.
    fn plain(&mut self) -> Option<Node> {
        let start = self.at;
        while let Some(b) = self.bytes.get(self.at) {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.') {
                self.at += 1;
            } else {
                break;
            }
        }
        let literal = &self.text[start..self.at];
        if !(matches!(literal, "true" | "false" | "null") || is_json_number(literal)) {
            return None;
        }
        self.charge(1 + literal.len() / BYTES_PER_NODE)?;
        let span = self.span(start, self.at);
        Some(node(
            span,
            NodeKind::Scalar {
                value: literal.to_owned(),
                style: ScalarStyle::Plain,
            },
        ))
    }
}

fn node(span: Span, kind: NodeKind) -> Node {
    Node::new(span, None, kind)
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    match digits(&mut i) {
        0 => return false,
        n if n > 1 && bytes[int_start] == b'0' => return false,
        _ => {}
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_json_numbers() {
        for good in ["0", "-1", "1.5", "1e5", "-0.5E-3", "10"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in ["01", "1.", ".5", "+1", "1e", "-", "0x10", "1_000", "inf"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn what_json_does_not_say_is_left_to_the_yaml_parser() {
        let limits = Limits::default();
        for text in [
            "{\"a\": 1, \"a\": 2}",
            "{a: 1}",
            "{\"a\": 'x'}",
            "[1, 2,]",
            "{\"a\": \"\\x41\"}",
            "{\"a\": \"tab\there\"}",
            "{\"a\": \"\\ud800\"}",
            "[1] [2]",
            "a: [1]",
        ] {
            assert!(parse(text, limits).is_none(), "{text}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&deep, limits).is_none());
    }

    #[test]
    fn many_keys_are_read_and_a_repeated_one_is_left_to_yaml() {
        let keys: Vec<String> = (0..50_000).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}}}", keys.join(", "));
        let root = parse(&text, Limits::default());
        assert_eq!(
            root.as_ref()
                .and_then(|r| r.get("k49999"))
                .and_then(Node::as_str),
            Some("49999")
        );
        let repeated = format!("{{{}, \"k7\": 0}}", keys.join(", "));
        assert!(parse(&repeated, Limits::default()).is_none());
    }

    #[test]
    fn escapes_are_decoded() {
        let root = parse(
            r#"{"e": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#,
            Limits::default(),
        );
        let value = root
            .as_ref()
            .and_then(|r| r.get("e"))
            .and_then(Node::as_str);
        assert_eq!(value, Some("a\"b\\c/d\né😀"));
    }

    /// Whether two trees are the same, spans, styles and tags included.
    fn same(a: &Node, b: &Node, at: &str) -> Result<(), String> {
        if a.span != b.span || a.tag != b.tag {
            return Err(format!(
                "{at}: {:?} / {:?}",
                (a.span, &a.tag),
                (b.span, &b.tag)
            ));
        }
        match (&a.kind, &b.kind) {
            (NodeKind::Scalar { value, style }, NodeKind::Scalar { value: v, style: s })
                if value == v && style == s =>
            {
                Ok(())
            }
            (NodeKind::Seq(x), NodeKind::Seq(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .try_for_each(|(i, (x, y))| same(x, y, &format!("{at}[{i}]"))),
            (NodeKind::Map(x), NodeKind::Map(y)) if x.len() == y.len() => {
                x.iter().zip(y).try_for_each(|((kx, vx), (ky, vy))| {
                    let key = kx.as_str().unwrap_or("?");
                    same(kx, ky, &format!("{at}.{key} (key)"))?;
                    same(vx, vy, &format!("{at}.{key}"))
                })
            }
            (x, y) => Err(format!("{at}: {x:?} / {y:?}")),
        }
    }

    fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }

    /// The fast path is only a shortcut: on every JSON file of the fixtures (and of the
    /// public corpus beside the repository, when it is there) it builds the YAML parser's
    /// tree exactly, or leaves the file to it.
    #[test]
    fn the_tree_is_the_yaml_parsers_tree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        json_files(&root.join("tests/fixtures"), &mut files);
        json_files(&root.join("generated"), &mut files);
        json_files(&root.join("../shared/corpus"), &mut files);
        assert!(files.len() > 20, "{} JSON files", files.len());
        let limits = Limits::default();
        let mut fast = 0;
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let Some(tree) = parse(&text, limits) else {
                continue;
            };
            fast += 1;
            let yaml = super::super::tree::parse_yaml(&text, limits);
            assert!(
                yaml.errors.is_empty(),
                "{}: {:?}",
                file.display(),
                yaml.errors
            );
            let Some(document) = yaml.documents.first() else {
                panic!("{}: no document", file.display());
            };
            if let Err(difference) = same(&tree, &document.root, "") {
                panic!("{}: {difference}", file.display());
            }
        }
        assert!(fast * 2 > files.len(), "{fast} of {} files", files.len());
    }
}
