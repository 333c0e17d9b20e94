//! Positions in a source text: a [`Pos`] (byte offset, line, column), a [`Span`] between two,
//! and a [`LineIndex`] that turns offsets into positions quickly.

/// A position in a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Pos {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Pos {
    /// The position of a byte offset in `text` (clamped to the text).
    pub(crate) fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = char_boundary(text, offset);
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            offset,
            line: to_u32(before.matches('\n').count() + 1),
            column: to_u32(before[line_start..].chars().count() + 1),
        }
    }
}

/// A half-open range of a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Span {
    /// First character.
    pub start: Pos,
    /// One past the last character.
    pub end: Pos,
}

impl Span {
    /// An empty span at a position.
    pub(crate) fn point(pos: Pos) -> Span {
        Span {
            start: pos,
            end: pos,
        }
    }
}

/// Line starts of a text, for turning byte offsets into lines and columns quickly.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes a text.
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of a byte offset (1-based line, 1-based column in characters).
    pub(crate) fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = char_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        Pos {
            offset,
            line: to_u32(line + 1),
            column: to_u32(text[start..offset].chars().count() + 1),
        }
    }

    /// The span between two byte offsets.
    pub(crate) fn span(&self, text: &str, start: usize, end: usize) -> Span {
        Span {
            start: self.pos(text, start),
            end: self.pos(text, end.max(start)),
        }
    }
}

/// The offset clamped to the text and moved back to a character boundary.
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A count as a `u32` line or column, saturating on absurd sizes.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        assert_eq!(Pos::of_offset("é: x", 4).column, 4);
    }

    #[test]
    fn the_index_agrees_with_the_scan() {
        let text = "a: 1\nbé: 2\n\nc: [x, y]\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.pos(text, offset),
                Pos::of_offset(text, offset),
                "{offset}"
            );
        }
    }
}
