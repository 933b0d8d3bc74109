//! UTF-16 surrogate pairs in double-quoted scalars (`"\ud83d\ude80"`), as
//! JSON writes a character beyond U+FFFF (Python's `json.dumps` does by
//! default). YAML 1.2 reads JSON, so they are one character; saphyr rejects
//! each half as an invalid escape and cannot be told otherwise. Before
//! parsing, a valid pair inside a double-quoted scalar is rewritten as the
//! one escape saphyr reads, `\U0001F680`; a lone surrogate is a finding of
//! its own. The rewrite is two characters shorter than the pair, so every
//! position the parser reports after it is moved back by [`Remap`].

use crate::load::yaml::SyntaxError;
use crate::span::{LineColumn, Span};

/// Whether `text` holds something that looks like a `\u` escape of a
/// surrogate anywhere: the cheap test that keeps the common case a single
/// parse.
pub fn may_hold_surrogate_escapes(text: &str) -> bool {
    text.match_indices("\\u").any(|(at, _)| surrogate_at(text.as_bytes(), at).is_some())
}

/// The same text, each surrogate escape's hex digits replaced by `0041`:
/// the same length and the same structure (digits and letters are alike to
/// YAML after a `\u`), so that the parser can say where the double-quoted
/// scalars are.
pub fn neutralised(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, _) in text.match_indices("\\u") {
        if surrogate_at(text.as_bytes(), at).is_some() {
            bytes[at + 2..at + 6].copy_from_slice(b"0041");
        }
    }
    String::from_utf8(bytes).expect("ASCII replaced by ASCII")
}

/// The text to parse, and how to move its positions back to `text`'s.
pub struct Rewritten {
    pub text: String,
    pub remap: Remap,
}

/// Rewrite the surrogate pairs inside the double-quoted scalars whose spans
/// start at the characters `opening_quotes` (in order). Each scalar ends at its
/// first unescaped `"`, found here: the parser's span of a double-quoted
/// scalar runs on over the blanks and comment after it.
pub fn rewrite(text: &str, opening_quotes: &[usize]) -> Result<Rewritten, SyntaxError> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut rewrites = Vec::new();
    let (mut i, mut chars, mut position) = (0, 0, LineColumn::default());
    let mut openings = opening_quotes.iter().peekable();
    let mut inside = false;
    // Copies the character at `i` and moves on.
    let copy = |i: &mut usize, chars: &mut usize, position: &mut LineColumn, out: &mut String| {
        let c = text[*i..].chars().next().expect("inside the text");
        out.push(c);
        position.advance(c);
        (*i, *chars) = (*i + c.len_utf8(), *chars + 1);
        c
    };
    while i < bytes.len() {
        if !inside {
            // A scalar's span starts at its tag or anchor, if it has one:
            // the scalar opens at the first quote from there.
            if bytes[i] == b'"' && openings.next_if(|&&at| at <= chars).is_some() {
                inside = true;
            }
            copy(&mut i, &mut chars, &mut position, &mut out);
            continue;
        }
        match bytes[i] {
            b'"' => inside = false,
            b'\\' => {
                if let Some(first) = surrogate_at(bytes, i) {
                    let second = surrogate_at(bytes, i + 6).filter(|_| (0xD800..0xDC00).contains(&first));
                    let Some(low) = second.filter(|low| (0xDC00..0xE000).contains(low)) else {
                        return Err(lone(text, chars, first));
                    };
                    let code = 0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push_str(&format!("\\U{code:08X}"));
                    // Where the rewrite ends in the rewritten text, and its line.
                    rewrites.push((chars + 10 - 2 * rewrites.len(), position.line));
                    for c in text[i..i + 12].chars() {
                        position.advance(c);
                    }
                    (i, chars) = (i + 12, chars + 12);
                    continue;
                }
                // Any other escape: copied with the character it escapes, so
                // that `\\` followed by `ud83d` is not read as an escape, nor
                // `\"` as the end.
                copy(&mut i, &mut chars, &mut position, &mut out);
                if i >= bytes.len() {
                    break;
                }
            }
            _ => {}
        }
        copy(&mut i, &mut chars, &mut position, &mut out);
    }
    Ok(Rewritten { text: out, remap: Remap { rewrites } })
}

/// The value of a `\uXXXX` escape at byte `at` when it is a surrogate.
fn surrogate_at(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if &escape[..2] != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    let value = u16::from_str_radix(hex, 16).ok().filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))?;
    (0xD800..0xE000).contains(&value).then_some(value)
}

/// A surrogate escape without its partner, at character `at`.
fn lone(text: &str, at: usize, value: u16) -> SyntaxError {
    let span = Span::of_chars(text, at, at + 6);
    let written = &text[span.byte_range(text)];
    let half = if value < 0xDC00 {
        "the first half of a UTF-16 surrogate pair, without the second half right after it"
    } else {
        "the second half of a UTF-16 surrogate pair, without the first half right before it"
    };
    SyntaxError {
        message: format!("invalid YAML: the escape `{written}` is {half}"),
        help: Some(
            r#"write a character beyond U+FFFF as a whole pair ("\ud83d\ude80"), as one escape ("\U0001F680") or as itself"#
                .into(),
        ),
        span,
    }
}

/// Moves positions in the rewritten text back to the original's. Each
/// rewrite is two characters shorter than what it replaced and lies on one
/// line: a position after it moves two characters on, and two columns on
/// when it is on the same line.
#[derive(Debug, Default)]
pub struct Remap {
    /// Where each rewrite ends in the rewritten text, and its line, in order.
    rewrites: Vec<(usize, u32)>,
}

impl Remap {
    pub fn span(&self, span: Span) -> Span {
        if self.rewrites.is_empty() {
            return span;
        }
        let (start, column) = self.position(span.start, span.line, span.column);
        let (end, end_column) = self.position(span.end, span.end_line, span.end_column);
        Span { start, end, column, end_column, ..span }
    }

    fn position(&self, index: u32, line: u32, column: u32) -> (u32, u32) {
        let before = self.rewrites.partition_point(|&(end, _)| end <= index as usize);
        let on_earlier_lines = self.rewrites[..before].partition_point(|&(_, l)| l < line);
        let shift = |n: usize| u32::try_from(2 * n).unwrap_or(u32::MAX);
        (index.saturating_add(shift(before)), column.saturating_add(shift(before - on_earlier_lines)))
    }
}
