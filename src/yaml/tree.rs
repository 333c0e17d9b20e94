//! The positioned YAML tree and its parser.

use std::collections::HashMap;
use std::fmt;

use granit_parser::{Event, Marker, Parser, ScanError};

use super::scalar::ScalarStyle;
use crate::base::position::to_u32;
use crate::base::{Pos, Span};

/// Index of a node in its [`Document`] (pre-order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NodeId(pub u32);

/// A YAML node with its position.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// Set when the node is placed in a [`Document`].
    pub id: NodeId,
    /// Where the node is written. For an alias, where the alias is written.
    pub span: Span,
    /// Resolved tag, e.g. `tag:yaml.org,2002:str`, when one is written.
    pub tag: Option<String>,
    /// Scalar, sequence or mapping.
    pub kind: NodeKind,
}

/// The shape of a node.
#[derive(Clone, Debug)]
pub(crate) enum NodeKind {
    /// A scalar, with its text after escape processing.
    Scalar {
        /// The value.
        value: String,
        /// How it was written.
        style: ScalarStyle,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order (merge-key entries after explicit ones).
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub(super) fn new(span: Span, tag: Option<String>, kind: NodeKind) -> Node {
        Node {
            id: NodeId(0),
            span,
            tag,
            kind,
        }
    }

    /// The scalar text, if this is a scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether this is a null scalar (`~`, `null`, or nothing written).
    pub(crate) fn is_null(&self) -> bool {
        match &self.kind {
            NodeKind::Scalar { value, style } => {
                *style == ScalarStyle::Plain
                    && super::scalar::resolve_plain(value) == super::ScalarType::Null
                    && self.tag.is_none()
            }
            _ => false,
        }
    }

    /// The value of a mapping entry with a scalar key.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key and value of a mapping entry with a scalar key.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// A short description of the node's kind for messages.
    pub(crate) fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { .. } => "a scalar",
            NodeKind::Seq(_) => "a sequence",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The node's weight against [`Limits::max_nodes`]: one per node, plus one per
    /// [`BYTES_PER_NODE`] bytes of scalar text, so an alias of a long string is not free.
    fn count(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Scalar { value, .. } => value.len() / BYTES_PER_NODE,
            NodeKind::Seq(items) => items.iter().map(Node::count).sum(),
            NodeKind::Map(entries) => entries.iter().map(|(k, v)| k.count() + v.count()).sum(),
        }
    }
}

/// One segment of a [`Path`] into a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PathSegment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

impl From<&str> for PathSegment {
    fn from(key: &str) -> Self {
        PathSegment::Key(key.to_owned())
    }
}

impl From<String> for PathSegment {
    fn from(key: String) -> Self {
        PathSegment::Key(key)
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> Self {
        PathSegment::Index(index)
    }
}

/// A path from a document's root to a value, e.g. `slos[2].objective`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Path(pub Vec<PathSegment>);

impl Path {
    /// The path extended by one segment.
    pub(crate) fn join(&self, segment: impl Into<PathSegment>) -> Path {
        let mut segments = self.0.clone();
        segments.push(segment.into());
        Path(segments)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if i == 0 => write!(f, "{key}")?,
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Builds a [`Path`]: `yaml_path!["slos", 2, "objective"]`.
macro_rules! yaml_path {
    ($($segment:expr),* $(,)?) => {
        $crate::yaml::Path(vec![$($crate::yaml::PathSegment::from($segment)),*])
    };
}
pub(crate) use yaml_path;

/// A parsed YAML document.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    /// The root node.
    pub root: Node,
    parents: Vec<Option<NodeId>>,
}

impl Document {
    fn new(mut root: Node) -> Document {
        let mut parents = Vec::new();
        number(&mut root, None, &mut parents);
        Document { root, parents }
    }

    /// The parent of a node (`None` for the root).
    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parents.get(id.0 as usize).copied().flatten()
    }

    /// The node at a path, if it is written in the document.
    pub(crate) fn lookup(&self, path: &Path) -> Option<&Node> {
        let mut node = &self.root;
        for segment in &path.0 {
            node = match (segment, &node.kind) {
                (PathSegment::Key(key), NodeKind::Map(_)) => node.get(key)?,
                (PathSegment::Index(i), NodeKind::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The span of the value at a path, or of its nearest written ancestor when the value is
    /// defaulted (not written). With `key`, the span of the mapping key instead of its value.
    pub(crate) fn locate(&self, path: &Path) -> Span {
        let mut span = self.root.span;
        let mut node = &self.root;
        for segment in &path.0 {
            let next = match (segment, &node.kind) {
                (PathSegment::Key(key), NodeKind::Map(_)) => node.entry(key),
                (PathSegment::Index(i), NodeKind::Seq(items)) => items.get(*i).map(|n| (n, n)),
                _ => None,
            };
            match next {
                Some((key, value)) => {
                    // An absent value (`key:`) has an empty span; point at the key instead.
                    span = if value.span.start == value.span.end {
                        key.span
                    } else {
                        value.span
                    };
                    node = value;
                }
                None => break,
            }
        }
        span
    }

    /// The span of the key of the mapping entry at `path`, or of the value when the last
    /// segment is an index or the entry is not written.
    pub(crate) fn locate_key(&self, path: &Path) -> Span {
        if let Some((PathSegment::Key(key), parent)) = path.0.split_last()
            && let Some((k, _)) = self
                .lookup(&Path(parent.to_vec()))
                .and_then(|p| p.entry(key))
        {
            return k.span;
        }
        self.locate(path)
    }
}

fn number(node: &mut Node, parent: Option<NodeId>, parents: &mut Vec<Option<NodeId>>) {
    node.id = NodeId(to_u32(parents.len()));
    parents.push(parent);
    let id = Some(node.id);
    match &mut node.kind {
        NodeKind::Scalar { .. } => {}
        NodeKind::Seq(items) => {
            for item in items {
                number(item, id, parents);
            }
        }
        NodeKind::Map(entries) => {
            for (key, value) in entries {
                number(key, id, parents);
                number(value, id, parents);
            }
        }
    }
}

/// How many bytes of scalar text weigh as much as one node in the expansion budget.
const BYTES_PER_NODE: usize = 64;

/// Limits that keep hostile input cheap to reject.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Maximum nesting of collections.
    pub max_depth: usize,
    /// Maximum number of nodes a stream may expand to, aliases included; every 64 bytes of
    /// scalar text count as one more node.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_nodes: 1_000_000,
        }
    }
}

/// What went wrong while reading YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum YamlErrorKind {
    /// The text is not valid YAML (the parser stops here).
    Syntax,
    /// A mapping repeats a key; `first` is where it was first written.
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// Where the key was first written.
        first: Span,
    },
    /// Collections nest deeper than [`Limits::max_depth`].
    TooDeep,
    /// Aliases expand to more than [`Limits::max_nodes`] nodes.
    TooLarge,
    /// A tag that llm-slo does not interpret.
    UnsupportedTag(String),
}

/// An error found while reading YAML, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// What went wrong.
    pub kind: YamlErrorKind,
    /// Where.
    pub span: Span,
    /// A one-line description.
    pub message: String,
}

/// The documents of a YAML stream and the errors found in it.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Documents read completely, in order.
    pub documents: Vec<Document>,
    /// Errors; a syntax error ends the stream, other errors do not.
    pub errors: Vec<YamlError>,
}

/// Parses a YAML stream (strict JSON through a faster path that builds the same tree).
pub(crate) fn parse(text: &str, limits: Limits) -> Parsed {
    if let Some(root) = super::json::parse(text, limits) {
        return Parsed {
            documents: vec![Document::new(root)],
            errors: Vec::new(),
        };
    }
    parse_yaml(text, limits)
}

/// Parses a YAML stream with the YAML parser.
pub(super) fn parse_yaml(text: &str, limits: Limits) -> Parsed {
    let options = granit_parser::options! {
        flow_nesting_limit: limits.max_depth,
        block_nesting_limit: limits.max_depth,
        emit_comments: false,
    };
    let mut builder = Builder::new(text, limits);
    for next in Parser::new_from_str_with_options(text, options) {
        match next {
            Ok((event, span)) => {
                if let Err(error) = builder.event(event, span) {
                    builder.errors.push(error);
                    break;
                }
            }
            Err(error) => {
                builder.errors.push(syntax_error(text, &error, limits));
                break;
            }
        }
    }
    Parsed {
        documents: builder.documents,
        errors: builder.errors,
    }
}

fn syntax_error(text: &str, error: &ScanError, limits: Limits) -> YamlError {
    let pos = marker_pos(text, error.marker());
    let info = error.info();
    let (kind, message) = if info.contains("nesting") || info.contains("recursion") {
        (
            YamlErrorKind::TooDeep,
            format!(
                "collections nest deeper than {} levels: {info}",
                limits.max_depth
            ),
        )
    } else {
        (YamlErrorKind::Syntax, info)
    };
    YamlError {
        kind,
        span: Span::point(pos),
        message,
    }
}

fn marker_pos(text: &str, marker: &Marker) -> Pos {
    match marker.byte_offset() {
        Some(offset) => Pos {
            offset,
            line: to_u32(marker.line()),
            column: to_u32(marker.col() + 1),
        },
        None => {
            // Character index only: convert through the text.
            let offset = text
                .char_indices()
                .nth(marker.index())
                .map_or(text.len(), |(i, _)| i);
            Pos::of_offset(text, offset)
        }
    }
}

enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
    Map {
        start: Pos,
        anchor: usize,
        tag: Option<String>,
        entries: Vec<(Node, Node)>,
        /// Where each string key was written, to find duplicates in constant time.
        seen: HashMap<String, Span>,
        key: Option<Node>,
        merges: Vec<Node>,
    },
}

struct Builder<'t> {
    text: &'t str,
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    documents: Vec<Document>,
    errors: Vec<YamlError>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, limits: Limits) -> Self {
        Builder {
            text,
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            documents: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn span(&self, span: &granit_parser::Span) -> Span {
        Span {
            start: marker_pos(self.text, &span.start),
            end: marker_pos(self.text, &span.end),
        }
    }

    fn tag(&mut self, tag: Option<&granit_parser::Tag>, span: Span) -> Option<String> {
        let tag = tag?;
        let resolved = format!("{}{}", tag.handle(), tag.suffix());
        let supported = matches!(
            tag.core_suffix(),
            Some("str" | "int" | "float" | "bool" | "null" | "seq" | "map")
        );
        if !supported {
            self.errors.push(YamlError {
                kind: YamlErrorKind::UnsupportedTag(tag.original()),
                span,
                message: format!(
                    "unsupported tag `{}`: only the YAML core tags (!!str, !!int, !!float, !!bool, !!null) are understood",
                    tag.original()
                ),
            });
        }
        Some(resolved)
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<(), YamlError> {
        self.nodes += nodes;
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError {
                kind: YamlErrorKind::TooLarge,
                span,
                message: format!(
                    "the document expands to more than {} nodes, 64 bytes of text counting as one (aliases that reference aliases grow exponentially)",
                    self.limits.max_nodes
                ),
            });
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, raw: granit_parser::Span) -> Result<(), YamlError> {
        let span = self.span(&raw);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(..) => {}
            Event::DocumentEnd => self.anchors.clear(),
            Event::Scalar(value, style, anchor, tag) => {
                self.count(1 + value.len() / BYTES_PER_NODE, span)?;
                let tag = self.tag(tag.as_deref(), span);
                let style = match style {
                    granit_parser::ScalarStyle::Plain => ScalarStyle::Plain,
                    granit_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    granit_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    granit_parser::ScalarStyle::Literal => ScalarStyle::Literal,
                    granit_parser::ScalarStyle::Folded => ScalarStyle::Folded,
                };
                let node = Node::new(
                    span,
                    tag,
                    NodeKind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                );
                self.finish(node, anchor);
            }
            Event::SequenceStart(_, anchor, tag) => {
                self.count(1, span)?;
                let tag = self.tag(tag.as_deref(), span);
                self.stack.push(Frame::Seq {
                    start: span.start,
                    anchor,
                    tag,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(_, anchor, tag) => {
                self.count(1, span)?;
                let tag = self.tag(tag.as_deref(), span);
                self.stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    tag,
                    entries: Vec::new(),
                    seen: HashMap::new(),
                    key: None,
                    merges: Vec::new(),
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    anchor,
                    tag,
                    items,
                }) = self.stack.pop()
                {
                    let node = Node::new(
                        Span {
                            start,
                            end: span.end,
                        },
                        tag,
                        NodeKind::Seq(items),
                    );
                    self.finish(node, anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    anchor,
                    tag,
                    mut entries,
                    merges,
                    ..
                }) = self.stack.pop()
                {
                    apply_merges(&mut entries, merges);
                    let node = Node::new(
                        Span {
                            start,
                            end: span.end,
                        },
                        tag,
                        NodeKind::Map(entries),
                    );
                    self.finish(node, anchor);
                }
            }
            Event::Alias(id) => {
                let Some(size) = self.anchors.get(&id).map(|(_, size)| *size) else {
                    return Err(YamlError {
                        kind: YamlErrorKind::Syntax,
                        span,
                        message: "alias to an unknown anchor".to_owned(),
                    });
                };
                // Check the budget before cloning, so a bomb costs nothing.
                self.count(size, span)?;
                let Some(mut node) = self.anchors.get(&id).map(|(node, _)| node.clone()) else {
                    return Ok(());
                };
                node.span = span;
                self.finish(node, 0);
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: usize) {
        // The size is needed only to charge aliases of this node; counting every node at
        // its end would cost the tree's depth times its size.
        if anchor != 0 {
            let size = node.count();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.documents.push(Document::new(node)),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                seen,
                key,
                merges,
                ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    let is_merge = matches!(&k.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain } if value == "<<");
                    if is_merge {
                        merges.push(node);
                        return;
                    }
                    let duplicate = k.as_str().and_then(|name| match seen.get(name) {
                        Some(first) => Some((name.to_owned(), *first)),
                        None => {
                            seen.insert(name.to_owned(), k.span);
                            None
                        }
                    });
                    match duplicate {
                        Some((name, first)) => self.errors.push(YamlError {
                            kind: YamlErrorKind::DuplicateKey {
                                key: name.clone(),
                                first,
                            },
                            span: k.span,
                            message: format!(
                                "duplicate key `{name}` (first written at line {})",
                                first.start.line
                            ),
                        }),
                        None => entries.push((k, node)),
                    }
                }
            },
        }
    }
}

/// Applies `<<` merge keys: entries of the merged mappings that the mapping does not write
/// itself are appended; earlier merge sources win over later ones.
fn apply_merges(entries: &mut Vec<(Node, Node)>, merges: Vec<Node>) {
    for source in merges {
        let maps = match source.kind {
            NodeKind::Map(source_entries) => vec![source_entries],
            NodeKind::Seq(items) => items
                .into_iter()
                .filter_map(|item| match item.kind {
                    NodeKind::Map(e) => Some(e),
                    _ => None,
                })
                .collect(),
            NodeKind::Scalar { .. } => Vec::new(),
        };
        let mut present: std::collections::HashSet<String> = entries
            .iter()
            .filter_map(|(k, _)| k.as_str().map(str::to_owned))
            .collect();
        for map in maps {
            for (key, value) in map {
                let exists = key
                    .as_str()
                    .is_some_and(|name| !present.insert(name.to_owned()));
                if !exists {
                    entries.push((key, value));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Document {
        let parsed = parse(text, Limits::default());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.documents.into_iter().next().unwrap()
    }

    #[test]
    fn values_know_their_positions_and_styles() {
        let doc = one("a: 1\nb:\n  - \"x\"\n  - |\n    block\n");
        let b1 = doc.lookup(&yaml_path!["b", 1]).unwrap();
        // A block scalar starts at its content, the line after `|`.
        assert_eq!((b1.span.start.line, b1.span.start.column), (5, 5));
        match &b1.kind {
            NodeKind::Scalar { value, style } => {
                assert_eq!(value, "block\n");
                assert_eq!(*style, ScalarStyle::Literal);
            }
            other => panic!("{other:?}"),
        }
        let b0 = doc.lookup(&yaml_path!["b", 0]).unwrap();
        assert_eq!((b0.span.start.line, b0.span.start.column), (3, 5));
        assert_eq!(doc.locate(&yaml_path!["a", "missing"]).start.column, 4);
    }

    #[test]
    fn duplicate_keys_are_errors_with_both_positions() {
        let parsed = parse("a: 1\nb: 2\na: 3\n", Limits::default());
        assert_eq!(parsed.errors.len(), 1);
        let error = &parsed.errors[0];
        assert_eq!(error.span.start.line, 3);
        assert!(
            matches!(&error.kind, YamlErrorKind::DuplicateKey { first, .. } if first.start.line == 1)
        );
    }

    #[test]
    fn merge_keys_fill_missing_entries() {
        let doc = one("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n");
        let thing = doc.lookup(&yaml_path!["thing"]).unwrap();
        assert_eq!(thing.get("x").and_then(Node::as_str), Some("1"));
        assert_eq!(thing.get("y").and_then(Node::as_str), Some("3"));
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let parsed = parse(&text, Limits::default());
        assert!(matches!(parsed.errors[0].kind, YamlErrorKind::TooLarge));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(20_000) + &"]".repeat(20_000);
        let parsed = parse(&text, Limits::default());
        assert!(
            matches!(parsed.errors[0].kind, YamlErrorKind::TooDeep),
            "{:?}",
            parsed.errors
        );
    }

    #[test]
    fn aliases_of_long_strings_count_against_the_budget() {
        let mut text = format!(
            "groups:\n- name: g\n  rules: []\na0: &a0 \"{}\"\n",
            "x".repeat(4096)
        );
        for k in 1..7 {
            let refs = vec![format!("*a{}", k - 1); 9].join(", ");
            text.push_str(&format!("a{k}: &a{k} [{refs}]\n"));
        }
        let parsed = parse(&text, Limits::default());
        assert!(
            parsed
                .errors
                .iter()
                .any(|e| e.message.contains("expands to more than")),
            "{:?}",
            parsed.errors
        );
    }

    #[test]
    fn many_keys_are_read_and_duplicates_still_found() {
        let mut text: String = (0..50_000).map(|i| format!("k{i}: v\n")).collect();
        text.push_str("k7: again\n");
        let parsed = parse(&text, Limits::default());
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        assert!(parsed.errors[0].message.contains("duplicate key `k7`"));
    }
}
