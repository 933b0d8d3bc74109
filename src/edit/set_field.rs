//! The one text operation `okr checkin` needs: set one key of one key result
//! (or health metric) to a scalar, replacing the bytes of its value or inserting the key, and
//! leaving every other byte of the file as it was.

use crate::edit::emit::{self, Context};
use crate::edit::extent;
use crate::load::yaml::{self, Node, Value};
use crate::numbers;

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A string, quoted as YAML needs.
    Text(String),
}

impl Scalar {
    fn written(&self, context: Context) -> String {
        match self {
            Scalar::Number(n) => numbers::yaml(*n),
            Scalar::Bool(b) => emit::boolean(*b).to_owned(),
            Scalar::Text(t) => emit::string(t, context),
        }
    }
}

/// `text` with `key` of key result `key_result` of objective `objective` set
/// to `value`. An error says why the edit cannot be made.
pub fn set_field(text: &str, objective: &str, key_result: &str, key: &str, value: &Scalar) -> Result<String, String> {
    let root = yaml::parse(text).map_err(|e| format!("{}:{}: {}", e.span.line, e.span.column, e.message))?;
    let node = find_key_result(&root, objective, key_result)?;
    set_in(text, node, &format!("key result `{key_result}`"), key, value)
}

/// `text` with `key` of health metric `metric` set to `value`, as [`set_field`].
pub fn set_health_field(text: &str, metric: &str, key: &str, value: &Scalar) -> Result<String, String> {
    let root = yaml::parse(text).map_err(|e| format!("{}:{}: {}", e.span.line, e.span.column, e.message))?;
    let node = find_health_metric(&root, metric)?;
    set_in(text, node, &format!("health metric `{metric}`"), key, value)
}

/// `text` with `key` of the mapping `node` (`what`, for messages) set to `value`.
fn set_in(text: &str, node: &Node, what: &str, key: &str, value: &Scalar) -> Result<String, String> {
    if !matches!(node.value, Value::Map(_)) {
        return Err(format!("{what} is not a mapping"));
    }
    let flow = text.as_bytes().get(node.span.byte_range(text).start) == Some(&b'{');
    let context = if flow { Context::Flow } else { Context::Block };
    let written = value.written(context);
    let mut edited = String::with_capacity(text.len() + written.len() + 32);
    if let Some(entry) = node.entry(key) {
        if matches!(entry.value.value, Value::Seq(_) | Value::Map(_)) {
            return Err(format!("`{key}` holds {}; make it a single value by hand first", entry.value.describe()));
        }
        let range = extent::value(text, entry);
        // `key:` with no value needs a blank before the new one.
        let blank = if range.is_empty() { " " } else { "" };
        edited.push_str(&text[..range.start]);
        edited.push_str(blank);
        edited.push_str(&written);
        // A block scalar's header line may carry a comment (`note: |  # why`):
        // it goes with the header, so it is written again after the new value.
        edited.push_str(block_header_comment(text, range.start));
        edited.push_str(&text[range.end..]);
        return Ok(edited);
    }
    let Some(last) = node.entries().last() else {
        return Err(format!("{what} is empty"));
    };
    if flow {
        let at = extent::value(text, last).end;
        edited.push_str(&text[..at]);
        edited.push_str(&format!(", {key}: {written}"));
        edited.push_str(&text[at..]);
    } else {
        let first_key = &node.entries()[0].key;
        let indent = " ".repeat(first_key.span.column.saturating_sub(1) as usize);
        let at = extent::line_end(text, extent::end_of(text, node));
        let eol = line_ending(text, at);
        edited.push_str(&text[..at]);
        edited.push_str(&format!("{eol}{indent}{key}: {written}"));
        edited.push_str(&text[at..]);
    }
    Ok(edited)
}

/// The comment on the header line of a block scalar starting at `start`
/// (`|  # why` gives `  # why`), or nothing for any other value.
fn block_header_comment(text: &str, start: usize) -> &str {
    if !matches!(text.as_bytes().get(start), Some(b'|' | b'>')) {
        return "";
    }
    let line = &text[start..extent::line_end(text, start)];
    // The header is the indicator and its modifiers (`|-`, `>2+`); a comment
    // needs a blank before its `#`.
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(at) => {
            let blanks = line[..at].len() - line[..at].trim_end_matches([' ', '\t']).len();
            &line[at - blanks..]
        }
        None => "",
    }
}

/// The line break at `at`, or else the file's first one, or else `\n`.
fn line_ending(text: &str, at: usize) -> &'static str {
    let crlf = |s: &str| s.starts_with("\r\n");
    if crlf(&text[at..]) {
        return "\r\n";
    }
    if text[at..].starts_with('\n') {
        return "\n";
    }
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The node of a key result, by objective and key result id; exactly one.
pub fn find_key_result<'n>(root: &'n Node, objective: &str, key_result: &str) -> Result<&'n Node, String> {
    let has_id = |node: &Node, id: &str| node.get("id").and_then(Node::as_str) == Some(id);
    let objectives: Vec<&Node> =
        root.get("objectives").map_or(&[][..], Node::items).iter().filter(|o| has_id(o, objective)).collect();
    let found: Vec<&Node> = objectives
        .iter()
        .flat_map(|o| o.get("key_results").map_or(&[][..], Node::items))
        .filter(|kr| has_id(kr, key_result))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no key result `{key_result}` in objective `{objective}`")),
        [first, second, ..] => Err(format!(
            "key result `{objective}/{key_result}` is written twice in this file (lines {} and {}); remove one",
            first.span.line, second.span.line
        )),
    }
}

/// The node of a health metric, by id; exactly one.
pub fn find_health_metric<'n>(root: &'n Node, metric: &str) -> Result<&'n Node, String> {
    let has_id = |node: &&Node| node.get("id").and_then(Node::as_str) == Some(metric);
    let found: Vec<&Node> = root.get("health").map_or(&[][..], Node::items).iter().filter(has_id).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no health metric `{metric}`")),
        [first, second, ..] => Err(format!(
            "health metric `{metric}` is written twice in this file (lines {} and {}); remove one",
            first.span.line, second.span.line
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "team: t\nperiod: 2026-Q3\nobjectives:\n  - id: o\n    title: T\n    key_results:\n      - id: a\n        title: A\n        start: 0\n        target: 10\n        current: 5   # five\n      - {id: b, title: B, start: 0, target: 3}\n";

    #[test]
    fn replaces_only_the_value() {
        let edited = set_field(DOC, "o", "a", "current", &Scalar::Number(7.0)).unwrap();
        assert_eq!(edited, DOC.replace("current: 5   # five", "current: 7   # five"));
    }

    #[test]
    fn inserts_into_block_and_flow() {
        let edited = set_field(DOC, "o", "a", "confidence", &Scalar::Number(0.5)).unwrap();
        assert_eq!(edited, DOC.replace("# five\n", "# five\n        confidence: 0.5\n"));
        let edited = set_field(DOC, "o", "b", "note", &Scalar::Text("a, b".into())).unwrap();
        assert_eq!(edited, DOC.replace("target: 3}", "target: 3, note: \"a, b\"}"));
    }

    #[test]
    fn fills_an_empty_value() {
        let text = DOC.replace("current: 5   # five", "current:");
        let edited = set_field(&text, "o", "a", "current", &Scalar::Number(2.0)).unwrap();
        assert_eq!(edited, DOC.replace("current: 5   # five", "current: 2"));
    }

    #[test]
    fn keeps_the_comment_of_a_block_scalar_header() {
        let text =
            DOC.replace("current: 5   # five", "current: 5\n        note: |-  # why\n          old\n          text");
        let edited = set_field(&text, "o", "a", "note", &Scalar::Text("new".into())).unwrap();
        assert_eq!(edited, DOC.replace("current: 5   # five", "current: 5\n        note: new  # why"));
    }

    #[test]
    fn sets_a_health_metric() {
        let text = format!("{DOC}health:\n  - id: up\n    title: Up\n    at_least: 99\n");
        let edited = set_health_field(&text, "up", "current", &Scalar::Number(99.5)).unwrap();
        assert_eq!(edited, format!("{text}    current: 99.5\n"));
        let edited = set_health_field(&edited, "up", "current", &Scalar::Number(98.0)).unwrap();
        assert_eq!(edited, format!("{text}    current: 98\n"));
        assert!(set_health_field(&text, "down", "current", &Scalar::Number(1.0)).unwrap_err().contains("no health"));
    }

    #[test]
    fn unknown_key_result() {
        assert!(set_field(DOC, "o", "zz", "current", &Scalar::Number(1.0)).unwrap_err().contains("no key result"));
    }
}
