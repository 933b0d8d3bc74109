//! Writing YAML scalars by hand: booleans and strings that read back as
//! exactly the value they were written from (numbers: `numbers::yaml`).
//!
//! okr writes little YAML (a checked-in value, a note, a carried title), so a
//! small emitter with a round-trip guard serves better than a serializer that
//! would decide the layout of whole files.

use crate::load::yaml::{self, Value};

/// A boolean as YAML writes it.
pub fn boolean(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// Where a scalar is written: flow collections (`{…}`, `[…]`) forbid `,[]{}`
/// in plain scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A block collection, or no collection.
    Block,
    /// A flow collection (`{…}` or `[…]`).
    Flow,
}

/// A string as YAML: plain when that reads back as the same string, otherwise
/// double-quoted with escapes.
pub fn string(text: &str, context: Context) -> String {
    if plain_is_safe(text, context) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

/// `text` in double quotes, escaping what YAML requires (and every control
/// character, so that the result is always one line).
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Conservative: a plain scalar only for text that cannot be mistaken for
/// anything else, checked by reading it back.
fn plain_is_safe(text: &str, context: Context) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let last = text.chars().next_back().unwrap_or(first);
    if first.is_whitespace() || last.is_whitespace() || last == ':' {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return false;
    }
    if context == Context::Flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // `true`, `12`, `null`, `.inf` would read back as something else.
    matches!(yaml::parse(&format!("k: {text}")), Ok(root) if matches!(&root.get("k").map(|n| &n.value), Some(Value::String(s)) if s == text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads_back(text: &str, context: Context) {
        let written = string(text, context);
        let document = match context {
            Context::Block => format!("k: {written}\n"),
            Context::Flow => format!("k: {{a: {written}, b: 1}}\n"),
        };
        let root = yaml::parse(&document).unwrap_or_else(|e| panic!("{document:?}: {e:?}"));
        let node = match context {
            Context::Block => root.get("k"),
            Context::Flow => root.get("k").and_then(|m| m.get("a")),
        };
        assert_eq!(node.and_then(|n| n.as_str()), Some(text), "{document:?}");
    }

    #[test]
    fn strings_read_back_as_written() {
        for text in [
            "plain words",
            "Ship v2: the sequel",
            "a # not a comment",
            "#hash",
            "- dash",
            "true",
            "12",
            "null",
            "~",
            ".inf",
            "quote \" and \\ backslash",
            "line\nbreak",
            "tab\there",
            " padded ",
            "colon:",
            "{braces}",
            "a, b",
            "@dana",
            "'single'",
            "ünïcödé ✓",
            "",
        ] {
            reads_back(text, Context::Block);
            reads_back(text, Context::Flow);
        }
    }

    #[test]
    fn plain_when_safe() {
        assert_eq!(string("Make deploys boring", Context::Block), "Make deploys boring");
        assert_eq!(string("a, b", Context::Block), "a, b");
        assert_eq!(string("a, b", Context::Flow), "\"a, b\"");
        assert_eq!(string("true", Context::Block), "\"true\"");
    }
}
