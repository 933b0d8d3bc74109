//! A span-aware YAML 1.2 tree, built from saphyr's event stream.
//!
//! We build our own small tree rather than saphyr's `MarkedYaml` because the
//! limits on bad input (nesting depth, alias expansion) must stop the parse as soon as
//! they are crossed, duplicate keys must point at their second occurrence, a
//! second document at its `---`, and mappings must keep their key order and
//! the span of every key.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as ParserSpan, Tag};

use crate::load::surrogates::{self, Remap};
use crate::load::syntax_help;
use crate::span::{self, LineColumn, Span};

/// Nesting deeper than this is a `yaml-syntax` finding.
pub const MAX_DEPTH: usize = 64;
/// More nodes than this expanded from aliases is a `yaml-syntax` finding.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A YAML node and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node was written.
    pub span: Span,
    /// What it holds.
    pub value: Value,
}

/// What a YAML node holds, under the YAML core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number. `integer` remembers whether it was written as one.
    Number {
        /// The number.
        value: f64,
        /// Whether it was written as an integer.
        integer: bool,
    },
    /// A number YAML accepts but okr cannot use: `.inf`, `.nan`, an overflowing literal.
    BadNumber(&'static str),
    /// A string that is not a mapping key.
    String(String),
    /// A mapping key. The format's own keys are shared, not allocated: an
    /// OKR file is mostly keys.
    Key(Cow<'static, str>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written.
    Map(Vec<Entry>),
    /// A node under a tag outside the YAML core schema, e.g. `!secret`.
    Unsupported(String),
}

/// A key-value pair of a mapping. Scalar keys are always kept as strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Node,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The text of a string or a key.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            Value::Key(k) => Some(k),
            _ => None,
        }
    }

    /// The value of a usable number.
    pub fn as_number(&self) -> Option<f64> {
        match self.value {
            Value::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The entries of a mapping; none for any other node.
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence; none for any other node.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entry of a mapping with this key, if any.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key.as_str() == Some(key))
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// What kind of YAML value this is, for messages ("found a list").
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "nothing (null)".into(),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Number { .. } | Value::BadNumber(_) => "a number".into(),
            Value::String(s) => format!("the string {s:?}"),
            Value::Key(k) => format!("the string {k:?}"),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
            Value::Unsupported(tag) => format!("a value tagged `{tag}`"),
        }
    }

    fn count(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::count).sum(),
            Value::Map(entries) => entries.iter().map(|e| e.key.count() + e.value.count()).sum(),
            _ => 0,
        }
    }
}

/// Why a text is not a single usable YAML document: one `yaml-syntax` finding.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// What to do about it, when okr can say.
    pub help: Option<String>,
    /// Where.
    pub span: Span,
}

/// Parse `text` (UTF-8, BOM already removed) into one document's tree.
/// An empty stream is a `Null` document at 1:1.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    parse_sharing_keys(text, &[])
}

/// [`parse`], with the mapping keys found in `shared_keys` shared rather than
/// allocated: the loader passes the format's own field names (an OKR file is
/// mostly keys), so this layer need not know them.
pub fn parse_sharing_keys(text: &str, shared_keys: SharedKeys) -> Result<Node, SyntaxError> {
    let end = scan(text)?;
    if !surrogates::may_hold_surrogate_escapes(text) {
        return parse_rewritten(text, &end, &Remap::default(), shared_keys);
    }
    // Where the double-quoted scalars are, from a parse of the text with
    // every surrogate escape made harmless; a text that does not parse even
    // so is reported as it is.
    let neutralised = surrogates::neutralised(text);
    let mut opening_quotes = Vec::new();
    for event in Parser::new_from_str(&neutralised) {
        match event {
            Ok((Event::Scalar(_, ScalarStyle::DoubleQuoted, ..), span)) => opening_quotes.push(span.start.index()),
            Ok(_) => {}
            Err(_) => return parse_rewritten(text, &end, &Remap::default(), shared_keys),
        }
    }
    let rewritten = surrogates::rewrite(text, &opening_quotes)?;
    parse_rewritten(&rewritten.text, &end, &rewritten.remap, shared_keys)
}

/// Groups of mapping keys to share, not allocate (see [`parse_sharing_keys`]).
pub type SharedKeys = &'static [&'static [&'static str]];

/// Parse `text`, `remap` moving its positions back to those of the text
/// that was read (whose `end` it is).
fn parse_rewritten(text: &str, end: &End, remap: &Remap, shared_keys: SharedKeys) -> Result<Node, SyntaxError> {
    let convert = |span: ParserSpan| end.clamp(remap.span(convert(span)));
    let mut builder = Builder::new(shared_keys);
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            // The scanner's own flow-nesting limit (255) can fire before ours.
            message: if e.info().contains("recursion limit") {
                format!("nesting deeper than {MAX_DEPTH} levels")
            } else {
                format!("invalid YAML: {}", e.info())
            },
            help: syntax_help::help(e.info(), text, e.marker().index()),
            span: remap.span(
                if e.info().contains("tab") { indentation_tab(text, *e.marker()) } else { None }
                    .unwrap_or_else(|| error_point(text, *e.marker())),
            ),
        })?;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        message: "a second YAML document: an OKR file holds exactly one".into(),
                        help: Some("split the documents into files of their own".into()),
                        span: convert(span),
                    });
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            other => builder.event(other, convert(span))?,
        }
    }
    Ok(builder.root.unwrap_or(Node {
        span: Span { line: 1, column: 1, end_line: 1, end_column: 1, ..Span::default() },
        value: Value::Null,
    }))
}

/// The end of the text: where saphyr puts nodes and errors at the end of
/// the input, on a line after the last one, which no editor can show (found
/// by fuzzing). Spans from there on are moved back to the real end.
struct End {
    chars: u32,
    span: Span,
}

impl End {
    fn clamp(&self, span: Span) -> Span {
        if span.start < self.chars {
            return if span.end > self.chars {
                Span { end: self.chars, end_line: self.span.line, end_column: self.span.column, ..span }
            } else {
                span
            };
        }
        Span { start: self.chars, end: self.chars, ..self.span }
    }
}

/// One pass over the text before parsing: where it ends, and that it holds
/// printable characters only, as YAML 1.2 requires (its `c-printable` production).
/// saphyr lets most control characters through into scalars, where an ESC
/// in a title would reach the terminal of whoever runs `okr check`.
fn scan(text: &str) -> Result<End, SyntaxError> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    // Lines and columns are counted in the same pass, for the span of the
    // end: a second scan of every file showed in the profile.
    let (mut chars, mut end) = (0, LineColumn::default());
    for c in text.chars() {
        if !printable(c) {
            return Err(SyntaxError {
                message: format!("invalid YAML: found unprintable character U+{:04X}", u32::from(c)),
                help: Some(
                    r#"YAML holds printable text only: remove it, or write it as an escape in double quotes ("\u001B")"#
                        .into(),
                ),
                span: Span::of_chars(text, chars, chars + 1),
            });
        }
        end.advance(c);
        chars += 1;
    }
    let (chars, line, column) = (span::index(chars), end.line, end.column);
    Ok(End { chars, span: Span { start: chars, end: chars, line, column, end_line: line, end_column: column } })
}

/// The offending tab of a tab error. saphyr marks the content after an
/// indentation tab, or the start of the plain scalar that a tab-indented line
/// follows (an earlier line); the tab itself is the first one in the
/// indentation of a line with content, from the marker's line on.
fn indentation_tab(text: &str, marker: Marker) -> Option<Span> {
    let chars: Vec<char> = text.chars().collect();
    let at = marker.index().min(chars.len());
    if chars.get(at) == Some(&'\t') {
        return None;
    }
    let is_break = |c: char| c == '\n' || c == '\r';
    let mut line_start = chars[..at].iter().rposition(|c| is_break(*c)).map_or(0, |i| i + 1);
    while line_start < chars.len() {
        let content = (line_start..chars.len()).find(|&i| chars[i] != ' ' && chars[i] != '\t').unwrap_or(chars.len());
        if content < chars.len() && !is_break(chars[content]) && chars[content] != '#' {
            if let Some(tab) = (line_start..content).find(|&i| chars[i] == '\t') {
                return Some(Span::of_chars(text, tab, tab + 1));
            }
        }
        line_start = (content..chars.len()).find(|&i| is_break(chars[i])).map_or(chars.len(), |i| i + 1);
    }
    None
}

struct Builder {
    stack: Vec<Frame>,
    /// The children of every open sequence, innermost last, and the entries
    /// of every open mapping: one growing buffer each, so that a finished
    /// collection is one allocation of its exact size (growing a vector per
    /// collection showed in the profile).
    items: Vec<Node>,
    entries: Vec<Entry>,
    anchors: HashMap<usize, Node>,
    alias_budget_used: usize,
    root: Option<Node>,
    shared_keys: SharedKeys,
}

struct Frame {
    start: Span,
    anchor: usize,
    bad_tag: Option<String>,
    kind: FrameKind,
}

/// Where the frame's children start in the builder's buffers.
enum FrameKind {
    Seq { first: usize },
    Map { first: usize, pending_key: Option<Node> },
}

impl Builder {
    fn new(shared_keys: SharedKeys) -> Builder {
        // Room for the open collections of a typical OKR file, so that the
        // buffers do not grow while it is read.
        Builder {
            stack: Vec::with_capacity(8),
            items: Vec::with_capacity(32),
            entries: Vec::with_capacity(64),
            anchors: HashMap::new(),
            alias_budget_used: 0,
            root: None,
            shared_keys,
        }
    }
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let in_key_position =
                    matches!(self.stack.last(), Some(Frame { kind: FrameKind::Map { pending_key: None, .. }, .. }));
                let value = if in_key_position && tag.is_none() {
                    Value::Key(intern(text, self.shared_keys))
                } else {
                    scalar(text, style, tag.as_deref())
                };
                self.finish(Node { span, value }, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                let first = self.items.len();
                self.open(span, anchor, tag.as_deref(), FrameKind::Seq { first })
            }
            Event::MappingStart(anchor, tag) => {
                let first = self.entries.len();
                self.open(span, anchor, tag.as_deref(), FrameKind::Map { first, pending_key: None })
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = self.stack.pop().expect("the parser balances start and end events");
                let (value, last_span) = match frame.kind {
                    FrameKind::Seq { first } => {
                        let items: Vec<Node> = self.items.drain(first..).collect();
                        let last = items.last().map(|n| n.span);
                        (Value::Seq(items), last)
                    }
                    FrameKind::Map { first, .. } => {
                        let entries: Vec<Entry> = self.entries.drain(first..).collect();
                        let last = entries.last().map(|e| e.value.span);
                        (Value::Map(entries), last)
                    }
                };
                // A block collection "ends" where the next token starts, often a
                // later line; its last child is the honest end.
                let end = last_span.unwrap_or(span);
                let value = frame.bad_tag.map_or(value, Value::Unsupported);
                self.finish(Node { span: frame.start.to(end), value }, frame.anchor)
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().ok_or_else(|| SyntaxError {
                    message: "an alias to an unknown anchor".into(),
                    help: None,
                    span,
                })?;
                self.alias_budget_used += node.count();
                if self.alias_budget_used > MAX_ALIAS_NODES {
                    return Err(SyntaxError {
                        message: format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                        help: Some("this looks like an alias bomb; write the values out instead".into()),
                        span,
                    });
                }
                self.finish(Node { span, ..node }, 0)
            }
            _ => Ok(()),
        }
    }

    fn open(&mut self, start: Span, anchor: usize, tag: Option<&Tag>, kind: FrameKind) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                help: Some("an OKR file needs a handful of levels; flatten the structure".into()),
                span: start,
            });
        }
        let bad_tag =
            tag.filter(|t| !(t.is_yaml_core_schema() && matches!(t.suffix.as_str(), "map" | "seq"))).map(tag_text);
        self.stack.push(Frame { start, anchor, bad_tag, kind });
        Ok(())
    }

    /// Attach a finished node to its parent (or make it the root).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match &mut parent.kind {
            FrameKind::Seq { .. } => self.items.push(node),
            FrameKind::Map { first, pending_key } => match pending_key.take() {
                None => {
                    if let Some(name) = node.as_str() {
                        if self.entries[*first..].iter().any(|e| e.key.as_str() == Some(name)) {
                            return Err(SyntaxError {
                                message: format!("duplicate key `{name}`"),
                                help: Some("a key may appear once in a mapping; remove or rename this one".into()),
                                span: node.span,
                            });
                        }
                    }
                    *pending_key = Some(node);
                }
                Some(key) => self.entries.push(Entry { key, value: node }),
            },
        }
        Ok(())
    }
}

/// A mapping key: one of `shared` is shared, not allocated.
fn intern(text: Cow<'_, str>, shared: SharedKeys) -> Cow<'static, str> {
    match shared.iter().flat_map(|keys| keys.iter()).find(|k| **k == text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(text.into_owned()),
    }
}

fn tag_text(tag: &Tag) -> String {
    format!("{}{}", tag.handle, tag.suffix)
}

/// Resolve a scalar by the YAML 1.2 core schema (or its core tag).
/// `text` is moved into a string value, not copied, when the parser gave
/// it owned.
fn scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            return Value::Unsupported(tag_text(tag));
        }
        return match tag.suffix.as_str() {
            "str" => Value::String(text.into_owned()),
            "null" | "bool" | "int" | "float" => {
                plain_non_string(&text).unwrap_or_else(|| Value::Unsupported(tag_text(tag)))
            }
            _ => Value::Unsupported(tag_text(tag)),
        };
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.into_owned());
    }
    plain_non_string(&text).unwrap_or_else(|| Value::String(text.into_owned()))
}

/// A plain scalar that the core schema resolves to something other than a
/// string: null, a boolean, a number.
fn plain_non_string(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => {
            return Some(Value::BadNumber("infinity is not a number okr can use"))
        }
        ".nan" | ".NaN" | ".NAN" => return Some(Value::BadNumber("NaN is not a number okr can use")),
        _ => {}
    }
    if let Some(value) = integer(text) {
        return Some(value);
    }
    if is_float(text) {
        return Some(match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Value::Number { value, integer: false },
            _ => Value::BadNumber("this number overflows"),
        });
    }
    None
}

fn integer(text: &str) -> Option<Value> {
    let (digits, radix) = if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(octal) = text.strip_prefix("0o") {
        (octal, 8)
    } else {
        (text.strip_prefix(['-', '+']).unwrap_or(text), 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(text.strip_prefix("0x").or(text.strip_prefix("0o")).unwrap_or(text), radix) {
        Ok(n) => Value::Number { value: n as f64, integer: true },
        Err(_) => Value::BadNumber("this integer overflows"),
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float.
fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => digits(whole) && digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

fn convert(span: ParserSpan) -> Span {
    Span {
        start: span::index(span.start.index()),
        end: span::index(span.end.index()),
        line: span::index(span.start.line()),
        column: span::index(span.start.col() + 1),
        end_line: span::index(span.end.line()),
        end_column: span::index(span.end.col() + 1),
    }
}

/// Where a syntax error is, counted in `text` itself: at the end of the
/// input saphyr's marker sits on a line after the last one, which no editor
/// can show (found by fuzzing).
fn error_point(text: &str, marker: Marker) -> Span {
    let at = marker.index().min(text.chars().count());
    let span = Span::of_chars(text, at, at);
    Span { end: span.start.saturating_add(1), end_column: span.column.saturating_add(1), ..span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        parse(text).unwrap().value
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(value("12"), Value::Number { value: 12.0, integer: true });
        assert_eq!(value("-0.5"), Value::Number { value: -0.5, integer: false });
        assert_eq!(value("1e3"), Value::Number { value: 1000.0, integer: false });
        assert_eq!(value("0x1F"), Value::Number { value: 31.0, integer: true });
        assert_eq!(value("yes"), Value::String("yes".into()));
        assert_eq!(value("TRUE"), Value::Bool(true));
        assert_eq!(value("~"), Value::Null);
        assert_eq!(value("'12'"), Value::String("12".into()));
        assert_eq!(value("!!str 12"), Value::String("12".into()));
        assert_eq!(value("2026-Q3"), Value::String("2026-Q3".into()));
        assert_eq!(value("1.2.3"), Value::String("1.2.3".into()));
        assert!(matches!(value(".inf"), Value::BadNumber(_)));
        assert!(matches!(value(".nan"), Value::BadNumber(_)));
        assert!(matches!(value("1e999"), Value::BadNumber(_)));
        assert!(matches!(value("99999999999999999999"), Value::BadNumber(_)));
        assert!(matches!(value("!secret x"), Value::Unsupported(_)));
    }

    #[test]
    fn spans_are_one_based_and_in_characters() {
        let root = parse("a: 1\nbé: [x, yz]\n").unwrap();
        let entry = root.entry("bé").unwrap();
        assert_eq!((entry.key.span.line, entry.key.span.column), (2, 1));
        let yz = &entry.value.items()[1];
        assert_eq!((yz.span.line, yz.span.column, yz.span.end_column), (2, 9, 11));
    }

    #[test]
    fn duplicate_key_points_at_second_occurrence() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (3, 1));
    }

    #[test]
    fn second_document_points_at_its_marker() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 1));
    }

    #[test]
    fn the_end_is_counted_as_spans_count() {
        for text in ["", "a", "a\n", "a\r\nb", "a\rb\r", "é: ünï\r\n\r\nx", "\n\n"] {
            let chars = text.chars().count();
            let end = scan(text).expect("printable").span;
            assert_eq!(end, Span::of_chars(text, chars, chars), "{text:?}");
        }
    }

    #[test]
    fn tab_errors_point_at_the_tab() {
        let at = |text: &str| {
            let err = parse(text).unwrap_err();
            (err.span.line, err.span.column)
        };
        assert_eq!(at("a:\n\tb: 1\n"), (2, 1));
        assert_eq!(at("a:\n  b:\n  \t- x\n"), (3, 3));
        // saphyr marks the scalar `t` on the line before.
        assert_eq!(at("team: t\n\tperiod: 2026-Q3\n"), (2, 1));
    }

    #[test]
    fn deep_nesting_stops() {
        let text = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&text).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn alias_bomb_stops() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text += &format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n");
        }
        assert!(parse(&text).unwrap_err().message.contains("aliases"));
    }

    /// The span of the first occurrence of `needle` in `text`, counted in
    /// `text` itself: what a node's span must be.
    fn span_of(text: &str, needle: &str) -> Span {
        prefix_of(text, needle, needle.chars().count())
    }

    /// The span of the first `n` characters of the first `needle` in `text`.
    fn prefix_of(text: &str, needle: &str, n: usize) -> Span {
        let start = text[..text.find(needle).expect("in the text")].chars().count();
        Span::of_chars(text, start, start + n)
    }

    #[test]
    fn surrogate_pairs_in_double_quotes_are_one_character() {
        // json.dumps writes 🚀 so; it used to be a yaml-syntax finding.
        let text = r#"{"title": "Launch \ud83d\ude80 now", "k\uD83D\uDE80": "\ud83d\ude80\ud83d\ude80", "after": 1}"#;
        let root = parse(text).unwrap();
        assert_eq!(root.get("title").unwrap().as_str(), Some("Launch 🚀 now"));
        assert_eq!(root.get("k🚀").unwrap().as_str(), Some("🚀🚀"));
        // Every position after a pair is where it is in the file.
        assert_eq!(root.get("title").unwrap().span, span_of(text, r#""Launch \ud83d\ude80 now""#));
        assert_eq!(root.entry("k🚀").unwrap().key.span, span_of(text, r#""k\uD83D\uDE80""#));
        assert_eq!(root.get("k🚀").unwrap().span, span_of(text, r#""\ud83d\ude80\ud83d\ude80""#));
        assert_eq!(root.entry("after").unwrap().key.span, span_of(text, r#""after""#));
        assert_eq!(root.get("after").unwrap().span, prefix_of(text, "1}", 1));
    }

    #[test]
    fn positions_after_surrogate_pairs_on_this_and_later_lines() {
        let text = "a: \"\\ud83d\\ude80\" # rocket\nb: {x: \"x\\ud83d\\ude80y\\ud83d\\ude80\", c: [1, 2]}\n\"\\ud83d\\udE80\": |\n  \\ud83d\\ude80 stays as written\nd: \"two\n  lines \\uD83D\\uDE80\" \ne: 5\n";
        let root = parse(text).unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("🚀"));
        let b = root.get("b").unwrap();
        assert_eq!(b.get("x").unwrap().as_str(), Some("x🚀y🚀"));
        assert_eq!(root.get("🚀").unwrap().as_str(), Some("\\ud83d\\ude80 stays as written\n"));
        assert_eq!(root.get("d").unwrap().as_str(), Some("two lines 🚀"));
        assert_eq!(b.get("x").unwrap().span, span_of(text, "\"x\\ud83d\\ude80y\\ud83d\\ude80\""));
        assert_eq!(b.entry("c").unwrap().key.span, prefix_of(text, "c: [", 1));
        assert_eq!(b.get("c").unwrap().items()[1].span, prefix_of(text, "2]", 1));
        assert_eq!(root.get("e").unwrap().span, span_of(text, "5"));
        // A finding after a pair on its line points where it is written.
        let err = parse("a: \"\\ud83d\\ude80\"\na: \"\\ud83d\\ude80\\ud83d\\ude80\"\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 1), "{}", err.message);
        let err = parse("x: {\"\\ud83d\\ude80\": 1, \"\\ud83d\\ude80\": 2}\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column, err.span.end_column), (1, 24, 38), "{}", err.message);
    }

    #[test]
    fn surrogate_escapes_outside_double_quotes_are_text() {
        let text =
            "a: \\ud83d\\ude80\nb: '\\ud83d'\nc: \"\\\\ud83d\" # \"\\ude80\"\nd: |\n  \"\\ud83d\"\ne: '\"\\ud83d'\n";
        let root = parse(text).unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("\\ud83d\\ude80"));
        assert_eq!(root.get("b").unwrap().as_str(), Some("\\ud83d"));
        assert_eq!(root.get("c").unwrap().as_str(), Some("\\ud83d"), "an escaped backslash");
        assert_eq!(root.get("d").unwrap().as_str(), Some("\"\\ud83d\"\n"));
        assert_eq!(root.get("e").unwrap().as_str(), Some("\"\\ud83d"));
    }

    #[test]
    fn surrogate_pairs_after_a_tag_or_an_anchor() {
        let text = "a: !!str \"\\ud83d\\ude80\"\nb: &x \"x\\ud83d\\ude80\"\nc: *x\n? \"\\ud83d\\ude80\"\n: 1\nd: 2\n";
        let root = parse(text).unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("🚀"));
        assert_eq!(root.get("b").unwrap().as_str(), Some("x🚀"));
        assert_eq!(root.get("c").unwrap().as_str(), Some("x🚀"));
        assert_eq!(root.get("🚀").unwrap().as_number(), Some(1.0));
        assert_eq!(root.get("d").unwrap().span, prefix_of(text, "2\n", 1));
    }

    #[test]
    fn a_lone_surrogate_is_a_syntax_error_at_its_escape() {
        for (text, at, half) in [
            ("t: \"Launch \\ud83d now\"\n", (1, 12, 18), "first half"),
            ("t: \"\\ud83d\\ud83d\\ude80\"\n", (1, 5, 11), "first half"),
            ("t: \"\\ude80\\ud83d\"\n", (1, 5, 11), "second half"),
            ("x: \"\\ud83d\\ude80\"\nt: \"\\ud83d\\ude80\\uDE80\"\n", (2, 17, 23), "second half"),
            ("t: \"\\ud83d\\u0041\"\n", (1, 5, 11), "first half"),
            ("t: \"a\n  b \\ud83d\"\n", (2, 5, 11), "first half"),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!((err.span.line, err.span.column, err.span.end_column), at, "{text:?}: {}", err.message);
            assert!(err.message.contains(half), "{text:?}: {}", err.message);
            assert!(err.message.contains("surrogate pair"), "{}", err.message);
            assert!(err.help.as_deref().unwrap_or_default().contains("\\U0001F680"), "{:?}", err.help);
        }
        // `\U` with a surrogate stays the parser's own invalid escape.
        assert!(parse("t: \"\\U0000D83D\"\n").unwrap_err().message.contains("escape"));
        // Another syntax error than a surrogate is reported as before.
        let err = parse("t: \"\\ud83d\\ude80\"\nu: [\n").unwrap_err();
        assert!(!err.message.contains("surrogate"), "{}", err.message);
    }

    #[test]
    fn empty_stream_is_null() {
        assert_eq!(value(""), Value::Null);
        assert_eq!(value("# only a comment\n"), Value::Null);
    }
}
