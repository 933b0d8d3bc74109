//! Positions between okr and an editor. okr's spans count lines from 1 and
//! columns in characters from 1; LSP counts both from 0, columns in the code
//! units of the encoding the client and server agreed on (UTF-16 unless
//! they agreed otherwise). Both count CR LF, LF and a lone CR as one line
//! break. A byte-order mark is not part of okr's text but is part of a
//! buffer that an editor sends with one: it shifts the first line's columns.

use lsp_types::{Position, PositionEncodingKind, Range};
use okr::span::Span;

/// The unit LSP columns are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first of the client's encodings, in its order of preference, that
    /// okr speaks; UTF-16 when it offers none (the protocol's default, which
    /// every client must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// Where each line of a text starts, to turn okr's spans into LSP ranges
/// and LSP positions into offsets of the text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The text as okr read it: without a byte-order mark.
    text: String,
    /// The byte offset each line starts at.
    starts: Vec<usize>,
    /// The editor's buffer starts with a byte-order mark.
    bom: bool,
}

impl LineIndex {
    /// The index of a buffer as the editor holds it (a byte-order mark, if
    /// any, included).
    pub fn new(buffer: &str) -> LineIndex {
        let (text, bom) = match buffer.strip_prefix('\u{feff}') {
            Some(rest) => (rest, true),
            None => (buffer, false),
        };
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                    starts.push(at + 2);
                    at += 2;
                }
                b'\r' | b'\n' => {
                    starts.push(at + 1);
                    at += 1;
                }
                _ => at += 1,
            }
        }
        LineIndex { text: text.to_owned(), starts, bom }
    }

    /// The text as okr read it (without a byte-order mark).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Line `line` (from 0) without its line break; empty past the end.
    pub fn line(&self, line: usize) -> &str {
        let Some(&start) = self.starts.get(line) else { return "" };
        let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\r', '\n'])
    }

    /// The buffer as the editor holds it: the text, after its byte-order
    /// mark if it came with one (the editor's positions count the mark).
    pub fn buffer(&self) -> String {
        if self.bom {
            format!("\u{feff}{}", self.text)
        } else {
            self.text.clone()
        }
    }

    /// How many lines the text has (a final line break starts an empty one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The LSP position of okr's 1-based `line` and character `column`.
    /// Past the end of a line, the end of the line; past the last line, the
    /// end of the text.
    pub fn position(&self, line: u32, column: u32, encoding: Encoding) -> Position {
        let line = (line.max(1) - 1) as usize;
        if line >= self.starts.len() {
            let last = self.starts.len() - 1;
            return Position::new(last as u32, self.units(last, self.line(last).len(), encoding));
        }
        let text = self.line(line);
        let chars = (column.max(1) - 1) as usize;
        let byte = text.char_indices().nth(chars).map_or(text.len(), |(byte, _)| byte);
        Position::new(line as u32, self.units(line, byte, encoding))
    }

    /// The LSP range of a span.
    pub fn range(&self, span: Span, encoding: Encoding) -> Range {
        Range::new(
            self.position(span.line, span.column, encoding),
            self.position(span.end_line, span.end_column, encoding),
        )
    }

    /// The code units before byte `byte` of line `line`.
    fn units(&self, line: usize, byte: usize, encoding: Encoding) -> u32 {
        let bom = if line == 0 && self.bom { encoding.width('\u{feff}') } else { 0 };
        bom + self.line(line)[..byte].chars().map(|c| encoding.width(c)).sum::<u32>()
    }

    /// The byte offset in [`LineIndex::text`] of an LSP position: within its
    /// line (a column past the end is the end, one inside a character is its
    /// start), the end of the text past the last line.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else { return self.text.len() };
        let mut wanted = position.character;
        if line == 0 && self.bom {
            wanted = wanted.saturating_sub(encoding.width('\u{feff}'));
        }
        let mut used = 0;
        for (byte, c) in self.line(line).char_indices() {
            let width = encoding.width(c);
            if used + width > wanted {
                return start + byte;
            }
            used += width;
        }
        start + self.line(line).len()
    }

    /// The LSP position of byte offset `offset` of [`LineIndex::text`].
    pub fn position_of_offset(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|start| *start <= offset) - 1;
        let within = (offset - self.starts[line]).min(self.line(line).len());
        Position::new(line as u32, self.units(line, within, encoding))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clients_first_known_encoding_wins_and_utf16_is_the_default() {
        let offered = [PositionEncodingKind::new("utf-7"), PositionEncodingKind::UTF32, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
    }

    #[test]
    fn columns_count_code_units_of_each_encoding() {
        // "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 units.
        let index = LineIndex::new("a: é𝄞x\n");
        let column_of_x = 6; // a, :, space, é, 𝄞, then x
        assert_eq!(index.position(1, column_of_x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(index.position(1, column_of_x, Encoding::Utf16), Position::new(0, 6));
        assert_eq!(index.position(1, column_of_x, Encoding::Utf32), Position::new(0, 5));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let position = index.position(1, column_of_x, encoding);
            assert_eq!(&index.text()[index.offset(position, encoding)..], "x\n");
            assert_eq!(index.position_of_offset(index.offset(position, encoding), encoding), position);
        }
    }

    #[test]
    fn crlf_lone_cr_and_a_bom() {
        let index = LineIndex::new("\u{feff}a\r\nb\rc\n");
        assert_eq!(index.line(0), "a");
        assert_eq!(index.line(1), "b");
        assert_eq!(index.line(2), "c");
        assert_eq!(index.line_count(), 4);
        // The mark is one UTF-16 unit before "a" on the editor's first line.
        assert_eq!(index.position(1, 2, Encoding::Utf16), Position::new(0, 2));
        assert_eq!(index.position(1, 2, Encoding::Utf8), Position::new(0, 4));
        assert_eq!(index.position(2, 1, Encoding::Utf16), Position::new(1, 0));
        assert_eq!(index.offset(Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(index.offset(Position::new(2, 0), Encoding::Utf16), 5);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.position(1, 99, Encoding::Utf16), Position::new(0, 2));
        assert_eq!(index.position(9, 1, Encoding::Utf16), Position::new(1, 2));
        assert_eq!(index.offset(Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(index.offset(Position::new(7, 0), Encoding::Utf16), 5);
        // Inside a surrogate pair: the character's start.
        let wide = LineIndex::new("𝄞");
        assert_eq!(wide.offset(Position::new(0, 1), Encoding::Utf16), 0);
    }
}
