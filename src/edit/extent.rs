//! Where a node's text really starts and ends, in bytes.
//!
//! The parser's spans start where a node starts, but do not always end where
//! it ends: a quoted scalar's span runs on over trailing blanks and a comment,
//! a block scalar's starts at its content (after `|`) and ends at the next
//! token, a block collection ends at its last child and a flow collection
//! before its closing bracket. An edit must replace exactly the value's bytes,
//! so the ends are found here by reading the text itself.

use std::ops::Range;

use crate::load::yaml::{Entry, Node, Value};

/// The bytes of an entry's value: exactly what to replace to change it.
/// A missing value (`key:` alone) is the empty range just after the colon.
pub fn value(text: &str, entry: &Entry) -> Range<usize> {
    let key_end = end_of(text, &entry.key);
    if matches!(entry.value.value, Value::Null) && entry.value.span.start == entry.value.span.end {
        let after_colon = colon_after(text, key_end).map_or(key_end, |colon| colon + 1);
        return after_colon..after_colon;
    }
    let start = entry.value.span.byte_range(text).start;
    // A block scalar's header (`|`, `>-`, …) sits between the colon and its content.
    if let Some(header) = block_scalar_header(text, key_end, start) {
        return header..trimmed_end(text, entry.value.span.byte_range(text));
    }
    start..end_of(text, &entry.value)
}

/// The byte just after a node's last character (a flow collection's closing
/// bracket, a quoted scalar's closing quote, a block collection's last child).
pub fn end_of(text: &str, node: &Node) -> usize {
    let range = node.span.byte_range(text);
    let bytes = text.as_bytes();
    match (&node.value, bytes.get(range.start)) {
        (Value::Seq(_) | Value::Map(_), Some(b'[' | b'{')) => flow_end(text, range.start),
        (Value::Map(entries), _) => entries.last().map_or(range.end, |last| {
            if matches!(last.value.value, Value::Null) && last.value.span.start == last.value.span.end {
                colon_after(text, end_of(text, &last.key)).map_or(end_of(text, &last.key), |c| c + 1)
            } else {
                value(text, last).end
            }
        }),
        (Value::Seq(items), _) => items.last().map_or(range.end, |last| end_of(text, last)),
        (_, Some(b'"')) => double_quoted_end(text, range.start),
        (_, Some(b'\'')) => single_quoted_end(text, range.start),
        _ => trimmed_end(text, range),
    }
}

/// The end of `range` without trailing white space (and line breaks).
fn trimmed_end(text: &str, range: Range<usize>) -> usize {
    let end = range.end.min(text.len());
    range.start + text[range.start..end].trim_end().len()
}

/// The colon that follows a key, skipping blanks (`key :` is valid YAML).
fn colon_after(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (rest.as_bytes().get(skipped) == Some(&b':')).then_some(from + skipped)
}

/// Where a block scalar's `|` or `>` is, if the value starting at `content` is one.
fn block_scalar_header(text: &str, key_end: usize, content: usize) -> Option<usize> {
    let colon = colon_after(text, key_end)?;
    let between = text.get(colon + 1..content)?;
    let offset = between.find(|c: char| !c.is_whitespace())?;
    matches!(between.as_bytes()[offset], b'|' | b'>').then_some(colon + 1 + offset)
}

fn double_quoted_end(text: &str, start: usize) -> usize {
    let mut escaped = false;
    for (i, c) in text[start + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return start + 1 + i + 1,
            _ => {}
        }
    }
    text.len()
}

fn single_quoted_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    text.len()
}

/// The byte after the bracket that closes the flow collection opening at `start`.
fn flow_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => i = double_quoted_end(text, i) - 1,
            b'\'' => i = single_quoted_end(text, i) - 1,
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
}

/// The end of the line holding byte `at` (before its line break).
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;

    fn value_text(text: &str, key: &str) -> String {
        let root = parse(text).unwrap();
        let entry = root.entry(key).unwrap();
        text[value(text, entry)].to_owned()
    }

    #[test]
    fn values_end_where_they_end() {
        let text = "a: 1\nb: \"x \\\" y\"  # c\nc: 'it''s'\nd:\ne: |\n  block\n  more\n\nf: [1, \"]\", {g: 2}] # c\nh: >-\n  x\n";
        assert_eq!(value_text(text, "a"), "1");
        assert_eq!(value_text(text, "b"), "\"x \\\" y\"");
        assert_eq!(value_text(text, "c"), "'it''s'");
        assert_eq!(value_text(text, "d"), "");
        assert_eq!(value(text, parse(text).unwrap().entry("d").unwrap()), 35..35);
        assert_eq!(value_text(text, "e"), "|\n  block\n  more");
        assert_eq!(value_text(text, "f"), "[1, \"]\", {g: 2}]");
        assert_eq!(value_text(text, "h"), ">-\n  x");
    }

    #[test]
    fn block_collections_end_at_their_last_child() {
        let text = "k:\n  - a: 1\n    b: \"q\"   # c\n\nz: 1\n";
        let root = parse(text).unwrap();
        let item = &root.get("k").unwrap().items()[0];
        assert_eq!(&text[..end_of(text, item)], "k:\n  - a: 1\n    b: \"q\"");
    }
}
