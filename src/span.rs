//! Source positions. Every node of a parsed file knows where it starts and ends,
//! so that every finding can point at the exact node it is about.

/// A range in a source text. `start`/`end` are character offsets (what the YAML
/// parser counts); `line`/`column` are 1-based, columns counted in characters;
/// the end column is exclusive, as in SARIF. 32 bits each: a workspace holds
/// several spans for every key result, and at 64 bits they were a fifth of
/// the memory `okr check` touched (files are far smaller than 4 GiB; see
/// [`index`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// The first character's offset.
    pub start: u32,
    /// The offset just past the last character.
    pub end: u32,
    /// The first line, from 1.
    pub line: u32,
    /// The first column, from 1.
    pub column: u32,
    /// The last line, from 1.
    pub end_line: u32,
    /// The column just past the last character, from 1.
    pub end_column: u32,
}

impl Span {
    /// The span of `text[start..end]` (character offsets), computing lines and
    /// columns by scanning the text. Used where the parser gives no marker.
    pub fn of_chars(text: &str, start: usize, end: usize) -> Span {
        let (line, column) = line_column(text, start);
        let (end_line, end_column) = line_column(text, end);
        Span { start: index(start), end: index(end), line, column, end_line, end_column }
    }

    /// The span that starts where `self` starts and ends where `other` ends.
    pub fn to(self, other: Span) -> Span {
        Span { end: other.end, end_line: other.end_line, end_column: other.end_column, ..self }
    }

    /// The byte range of this span in `text`, for renderers that want bytes.
    pub fn byte_range(&self, text: &str) -> std::ops::Range<usize> {
        let start = char_to_byte(text, self.start as usize);
        let end = start + char_to_byte(&text[start..], self.end.saturating_sub(self.start) as usize);
        start..end
    }
}

/// An offset, line or column as a span holds it. Past 4 Gi characters
/// (beyond any size limit okr is run with) it stays at the largest value,
/// which points past the end of the text rather than into it.
pub fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn line_column(text: &str, char_offset: usize) -> (u32, u32) {
    let mut position = LineColumn::default();
    text.chars().take(char_offset).for_each(|c| position.advance(c));
    (position.line, position.column)
}

/// Lines and columns counted one character at a time, as YAML counts them:
/// a CR LF pair is one line break, a lone CR is one too, columns are
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1.
    pub column: u32,
    after_cr: bool,
}

impl Default for LineColumn {
    fn default() -> LineColumn {
        LineColumn { line: 1, column: 1, after_cr: false }
    }
}

impl LineColumn {
    /// Move past `c`.
    pub fn advance(&mut self, c: char) {
        match c {
            '\n' if self.after_cr => {}
            '\n' | '\r' => (self.line, self.column) = (self.line.saturating_add(1), 1),
            _ => self.column = self.column.saturating_add(1),
        }
        self.after_cr = c == '\r';
    }
}

fn char_to_byte(text: &str, char_offset: usize) -> usize {
    text.char_indices().nth(char_offset).map_or(text.len(), |(byte, _)| byte)
}

/// The position fields every machine format shares: 1-based lines and
/// columns, the end column exclusive.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Position {
    /// The first line, from 1.
    pub line: u32,
    /// The first column, from 1.
    pub column: u32,
    /// The last line, from 1.
    pub end_line: u32,
    /// The column just past the last character, from 1.
    pub end_column: u32,
}

impl From<Span> for Position {
    fn from(span: Span) -> Position {
        Position { line: span.line, column: span.column, end_line: span.end_line, end_column: span.end_column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_range_counts_multibyte_characters() {
        let text = "é: ünïcode";
        let span = Span::of_chars(text, 3, 10);
        assert_eq!(&text[span.byte_range(text)], "ünïcode");
        assert_eq!((span.line, span.column, span.end_column), (1, 4, 11));
    }

    #[test]
    fn crlf_is_one_line_break() {
        let span = Span::of_chars("a\r\nb", 3, 4);
        assert_eq!((span.line, span.column), (2, 1));
    }
}
