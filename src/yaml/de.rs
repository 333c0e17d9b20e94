//! Serde deserialization from a positioned [`Node`] tree.
//!
//! Errors carry the span of the node they arose at: an unknown field points at its key, a
//! wrong type at its value, a missing field at the mapping that lacks it.
//!
//! [`from_node_partial`] collects *all* type errors of a document: after an error it masks the
//! offending entry (a sequence item or mapping entry) and deserializes again, so one bad
//! value does not hide the next. Scalars are typed by the Rust target ("the type is the
//! schema"): `version: 1` is an integer for an integer field, and `model: 4.1` is the text
//! `4.1` for a string field.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};

use super::scalar::{ScalarStyle, ScalarType, parse_int, resolve_plain};
use super::tree::{Document, Node, NodeId, NodeKind};
use crate::base::Span;

/// What kind of deserialization error this is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// A mapping key that the target type does not have.
    UnknownField {
        /// The key as written.
        field: String,
        /// The fields the target has.
        expected: &'static [&'static str],
    },
    /// An enum value that the target type does not have.
    UnknownVariant {
        /// The value as written.
        variant: String,
        /// The variants the target has.
        expected: &'static [&'static str],
    },
    /// A required field is not written.
    MissingField(&'static str),
    /// The value has the wrong type or an invalid value.
    InvalidValue,
}

/// A deserialization error with the position of the node it arose at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The message, without position.
    pub message: String,
    /// The node it arose at, once known.
    pub node: Option<NodeId>,
    /// Where, once known.
    pub span: Option<Span>,
}

impl Error {
    fn new(kind: ErrorKind, message: String) -> Self {
        Error {
            kind,
            message,
            node: None,
            span: None,
        }
    }

    /// Attaches the node, unless an inner node was attached already.
    fn at(mut self, node: &Node) -> Self {
        if self.node.is_none() {
            self.node = Some(node.id);
            self.span = Some(node.span);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(ErrorKind::InvalidValue, msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Error::new(
            ErrorKind::InvalidValue,
            format!("expected {expected}, found {}", describe(&unexpected)),
        )
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Error::new(
            ErrorKind::InvalidValue,
            format!(
                "invalid value {}: expected {expected}",
                describe(&unexpected)
            ),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(
            ErrorKind::UnknownField {
                field: field.to_owned(),
                expected,
            },
            format!("unknown field `{field}`"),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::new(
            ErrorKind::UnknownVariant {
                variant: variant.to_owned(),
                expected,
            },
            format!("unknown value `{variant}`"),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        Error::new(
            ErrorKind::MissingField(field),
            format!("missing field `{field}`"),
        )
    }
}

fn describe(unexpected: &Unexpected<'_>) -> String {
    match unexpected {
        Unexpected::Unit => "nothing (null)".to_owned(),
        Unexpected::Str(s) => format!("string `{s}`"),
        Unexpected::Map => "a mapping".to_owned(),
        Unexpected::Seq => "a sequence".to_owned(),
        other => other.to_string(),
    }
}

/// Deserializes a document into `T`, collecting every type error.
///
/// Returns the value when there are no errors; otherwise every error found, in source order.
#[cfg(test)]
pub(crate) fn from_node<T: de::DeserializeOwned>(document: &Document) -> Result<T, Vec<Error>> {
    match from_node_partial(document) {
        (Some(value), errors) if errors.is_empty() => Ok(value),
        (_, errors) => Err(errors),
    }
}

/// Every type error of a document, and the value read with every erroneous entry left out, when
/// leaving them out gives one (the entries have defaults): what the semantic checks can
/// still look at, so that every problem of a document is reported at once.
pub(crate) fn from_node_partial<T: de::DeserializeOwned>(
    document: &Document,
) -> (Option<T>, Vec<Error>) {
    let mut masked = HashSet::new();
    let mut errors: Vec<Error> = Vec::new();
    // Each round masks at least one node, so the loop ends; the cap keeps a pathological
    // document (thousands of errors) cheap.
    for _ in 0..256 {
        let result = T::deserialize(NodeDeserializer {
            node: &document.root,
            masked: &masked,
        });
        let error = match result {
            Ok(value) => {
                errors.sort_by_key(|e| e.span.map(|s| s.start));
                errors.dedup();
                return (Some(value), errors);
            }
            Err(error) => error,
        };
        let Some(node) = error.node else {
            errors.push(error);
            break;
        };
        // A missing field on a mapping whose entries we masked is a consequence of an error
        // already reported, not a new one.
        let consequence = matches!(error.kind, ErrorKind::MissingField(_))
            && masked.iter().any(|m| is_ancestor(document, node, *m));
        if !consequence {
            errors.push(error);
        }
        // Mask the nearest entry that contains the node: a sequence item, or the value of a
        // mapping entry (masking a key or value masks the whole entry).
        match maskable(document, node) {
            Some(id) if masked.insert(id) => {}
            _ => break,
        }
    }
    errors.sort_by_key(|e| e.span.map(|s| s.start));
    errors.dedup();
    (None, errors)
}

fn is_ancestor(document: &Document, ancestor: NodeId, mut node: NodeId) -> bool {
    while let Some(parent) = document.parent(node) {
        if parent == ancestor {
            return true;
        }
        node = parent;
    }
    false
}

fn maskable(document: &Document, node: NodeId) -> Option<NodeId> {
    // Every non-root node is an item or a key or value; all are maskable by their id.
    document.parent(node).map(|_| node)
}

/// A serde deserializer over one node.
pub(crate) struct NodeDeserializer<'a> {
    node: &'a Node,
    masked: &'a HashSet<NodeId>,
}

impl<'a> NodeDeserializer<'a> {
    fn child(&self, node: &'a Node) -> Self {
        NodeDeserializer {
            node,
            masked: self.masked,
        }
    }

    fn scalar(&self) -> Option<(&'a str, ScalarType)> {
        match &self.node.kind {
            NodeKind::Scalar { value, style } => {
                let forced = self.node.tag.as_deref().and_then(|t| t.rsplit(':').next());
                let ty = match (forced, style) {
                    (Some("str"), _) => ScalarType::Str,
                    (Some("null"), _) => ScalarType::Null,
                    (Some(_), _) | (None, ScalarStyle::Plain) => resolve_plain(value),
                    _ => ScalarType::Str,
                };
                Some((value.as_str(), ty))
            }
            _ => None,
        }
    }

    fn unexpected(&self) -> Unexpected<'a> {
        match &self.node.kind {
            NodeKind::Scalar { value, .. } => match self.scalar().map(|s| s.1) {
                Some(ScalarType::Null) => Unexpected::Unit,
                Some(ScalarType::Bool(b)) => Unexpected::Bool(b),
                Some(ScalarType::Int(i)) => Unexpected::Signed(i),
                Some(ScalarType::Float(f)) => Unexpected::Float(f),
                _ => Unexpected::Str(value),
            },
            NodeKind::Seq(_) => Unexpected::Seq,
            NodeKind::Map(_) => Unexpected::Map,
        }
    }

    fn mismatch<V: Visitor<'a>>(&self, visitor: &V) -> Error {
        de::Error::invalid_type(self.unexpected(), visitor)
    }

    fn integer(&self) -> Option<i64> {
        match self.scalar()? {
            (text, ScalarType::Int(_)) => parse_int(text),
            (text, ScalarType::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                // `1.0` for an integer field is fine; `1e400` is not.
                text.parse::<f64>().ok().map(|v| v as i64)
            }
            _ => None,
        }
    }

    fn any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            NodeKind::Scalar { value, .. } => match self.scalar().map(|s| s.1) {
                Some(ScalarType::Null) => visitor.visit_unit(),
                Some(ScalarType::Bool(b)) => visitor.visit_bool(b),
                Some(ScalarType::Int(i)) => visitor.visit_i64(i),
                Some(ScalarType::Float(f)) => visitor.visit_f64(f),
                _ => visitor.visit_borrowed_str(value),
            },
            NodeKind::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.iter(),
                de: &self,
            }),
            NodeKind::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
                de: &self,
            }),
        }
    }
}

macro_rules! integer_methods {
    ($($method:ident => $visit:ident as $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let node = self.node;
            let result = match self.integer() {
                Some(i) => match <$ty>::try_from(i) {
                    Ok(v) => visitor.$visit(v),
                    Err(_) => Err(de::Error::invalid_value(Unexpected::Signed(i), &visitor)),
                },
                None => Err(self.mismatch(&visitor)),
            };
            result.map_err(|e| e.at(node))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        self.any(visitor).map_err(|e| e.at(node))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match self.scalar() {
            Some((_, ScalarType::Bool(b))) => visitor.visit_bool(b),
            _ => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    integer_methods! {
        deserialize_i8 => visit_i8 as i8,
        deserialize_i16 => visit_i16 as i16,
        deserialize_i32 => visit_i32 as i32,
        deserialize_i64 => visit_i64 as i64,
        deserialize_u8 => visit_u8 as u8,
        deserialize_u16 => visit_u16 as u16,
        deserialize_u32 => visit_u32 as u32,
        deserialize_u64 => visit_u64 as u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match self.scalar() {
            Some((_, ScalarType::Float(f))) => visitor.visit_f64(f),
            Some((_, ScalarType::Int(i))) => visitor.visit_f64(i as f64),
            _ => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match self.scalar() {
            // `name:` with nothing is null, not the empty string.
            Some((_, ScalarType::Null)) => Err(self.mismatch(&visitor)),
            Some((text, _)) => visitor.visit_borrowed_str(text),
            None => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match self.scalar() {
            Some((_, ScalarType::Null)) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match self.scalar() {
            Some((_, ScalarType::Null)) => visitor.visit_unit(),
            _ => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let node = self.node;
        visitor.visit_newtype_struct(self).map_err(|e| e.at(node))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match &node.kind {
            NodeKind::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.iter(),
                de: &self,
            }),
            _ => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match &node.kind {
            NodeKind::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
                de: &self,
            }),
            _ => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let node = self.node;
        let result = match &node.kind {
            NodeKind::Scalar { .. } => visitor.visit_enum(EnumAccess {
                tag: node,
                content: None,
                de: &self,
            }),
            NodeKind::Map(entries) => {
                let live: Vec<&(Node, Node)> = entries
                    .iter()
                    .filter(|(k, v)| !self.masked.contains(&k.id) && !self.masked.contains(&v.id))
                    .collect();
                match live.as_slice() {
                    [(tag, content)] => visitor.visit_enum(EnumAccess {
                        tag,
                        content: Some(content),
                        de: &self,
                    }),
                    _ => Err(de::Error::invalid_type(Unexpected::Map, &visitor)),
                }
            }
            NodeKind::Seq(_) => Err(self.mismatch(&visitor)),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct SeqAccess<'a, 'd> {
    items: std::slice::Iter<'a, Node>,
    de: &'d NodeDeserializer<'a>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        for item in self.items.by_ref() {
            if !self.de.masked.contains(&item.id) {
                // Attach here too: a type's own check after reading (a duration that does
                // not parse) fails outside the node's deserialize call.
                return seed
                    .deserialize(self.de.child(item))
                    .map(Some)
                    .map_err(|e| e.at(item));
            }
        }
        Ok(None)
    }
}

struct MapAccess<'a, 'd> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    de: &'d NodeDeserializer<'a>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (key, value) in self.entries.by_ref() {
            if self.de.masked.contains(&key.id) || self.de.masked.contains(&value.id) {
                continue;
            }
            self.value = Some(value);
            return seed
                .deserialize(self.de.child(key))
                .map(Some)
                .map_err(|e| e.at(key));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed
                .deserialize(self.de.child(value))
                .map_err(|e| e.at(value)),
            None => Err(de::Error::custom("value requested before key")),
        }
    }
}

struct EnumAccess<'a, 'd> {
    tag: &'a Node,
    content: Option<&'a Node>,
    de: &'d NodeDeserializer<'a>,
}

impl<'de, 'd> de::EnumAccess<'de> for EnumAccess<'de, 'd> {
    type Error = Error;
    type Variant = VariantAccess<'de, 'd>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let tag = self.tag;
        let variant = seed
            .deserialize(self.de.child(tag))
            .map_err(|e| e.at(tag))?;
        Ok((
            variant,
            VariantAccess {
                tag,
                content: self.content,
                de: self.de,
            },
        ))
    }
}

struct VariantAccess<'a, 'd> {
    tag: &'a Node,
    content: Option<&'a Node>,
    de: &'d NodeDeserializer<'a>,
}

impl<'de> VariantAccess<'de, '_> {
    fn content(&self, expected: &str) -> Result<&'de Node, Error> {
        self.content.ok_or_else(|| {
            let message = format!(
                "expected {expected} under `{}`",
                self.tag.as_str().unwrap_or("?")
            );
            Error::new(ErrorKind::InvalidValue, message).at(self.tag)
        })
    }
}

impl<'de> de::VariantAccess<'de> for VariantAccess<'de, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.content {
            None => Ok(()),
            Some(content) => {
                let null = matches!(&content.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain } if resolve_plain(value) == ScalarType::Null);
                if null {
                    Ok(())
                } else {
                    Err(Error::new(
                        ErrorKind::InvalidValue,
                        format!("`{}` takes no settings", self.tag.as_str().unwrap_or("?")),
                    )
                    .at(content))
                }
            }
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let content = self.content("a value")?;
        seed.deserialize(self.de.child(content))
            .map_err(|e| e.at(content))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let content = self.content("a sequence")?;
        de::Deserializer::deserialize_seq(self.de.child(content), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.content {
            // A bare name selects a struct variant with all its defaults: `sli: availability`.
            None => {
                let empty: Vec<(String, String)> = Vec::new();
                visitor
                    .visit_map(de::value::MapDeserializer::new(empty.into_iter()))
                    .map_err(|e: de::value::Error| {
                        Error::new(ErrorKind::InvalidValue, e.to_string()).at(self.tag)
                    })
            }
            Some(content) => de::Deserializer::deserialize_map(self.de.child(content), visitor),
        }
    }
}

impl<'de> IntoDeserializer<'de, Error> for NodeDeserializer<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse};
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: String,
        weight: f64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        version: u32,
        items: Vec<Item>,
        #[serde(default)]
        note: Option<String>,
    }

    fn load(text: &str) -> Result<Doc, Vec<Error>> {
        let parsed = parse(text, Limits::default());
        assert!(parsed.errors.is_empty());
        from_node(&parsed.documents[0])
    }

    #[test]
    fn the_target_type_decides_scalars() {
        let doc = load("version: 1\nitems:\n  - {name: 4.10, weight: 2}\n").unwrap();
        assert_eq!(doc.items[0].name, "4.10");
        assert_eq!(doc.items[0].weight, 2.0);
    }

    #[test]
    fn all_type_errors_are_collected_with_positions() {
        let errors = load(
            "version: x\nitems:\n  - {name: a, weight: heavy}\n  - {name: b, weight: 1, colour: red}\n  - {weight: 3}\n",
        )
        .unwrap_err();
        let found: Vec<(u32, u32, &str)> = errors
            .iter()
            .map(|e| {
                let s = e.span.unwrap();
                (s.start.line, s.start.column, e.message.as_str())
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (1, 10, "expected u32, found string `x`"),
                (3, 23, "expected f64, found string `heavy`"),
                (4, 26, "unknown field `colour`"),
                (5, 5, "missing field `name`"),
            ]
        );
    }

    #[test]
    fn null_is_not_a_string() {
        let errors = load("version: 1\nitems: []\nnote:\n").map(|d| d.note);
        assert_eq!(errors.unwrap(), None);
        let parsed = parse(
            "version: 1\nitems:\n  - {name: , weight: 1}\n",
            Limits::default(),
        );
        let errors = from_node::<Doc>(&parsed.documents[0]).unwrap_err();
        assert_eq!(errors[0].message, "expected a string, found nothing (null)");
    }
}
