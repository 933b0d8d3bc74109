//! Check-ins without parsing: a version of a file that differs from an
//! already parsed one in a single line, and that line sets a key result's
//! `current` to a plain number or its `done` to a boolean (what `okr checkin`
//! writes), becomes the parsed document with that one value changed.
//!
//! Anything else (a comment on the line, flow style, quotes, an exponent, a
//! second changed line) is parsed as usual: the patch only takes the cases
//! whose meaning is beyond doubt, and a test holds it to the parser's answer.

use crate::model::{Document, Num};

/// One line that differs between two versions of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    /// 1-based.
    pub line: usize,
    pub old: String,
    pub new: String,
}

/// The single line that differs between `old` and `new`, if only one does.
pub fn single_line_edit(old: &[u8], new: &[u8]) -> Option<LineEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old.iter().rev().zip(new.iter().rev()).take_while(|(a, b)| a == b).count();
    let suffix = suffix.min(old.len() - prefix).min(new.len() - prefix);
    let line_start = old[..prefix].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = |text: &[u8]| {
        let changed_end = text.len() - suffix;
        text[changed_end..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| changed_end + i)
    };
    let (old_line, new_line) = (&old[line_start..line_end(old)], &new[line_start..line_end(new)]);
    if old_line.contains(&b'\n') || new_line.contains(&b'\n') || old_line == new_line {
        return None;
    }
    Some(LineEdit {
        line: old[..line_start].iter().filter(|&&b| b == b'\n').count() + 1,
        old: String::from_utf8(old_line.to_vec()).ok()?,
        new: String::from_utf8(new_line.to_vec()).ok()?,
    })
}

/// `base` with the value `edit` changes, when the edit is a plain check-in.
pub fn apply(base: &Document, edit: &LineEdit) -> Option<Document> {
    // Line 1 may hold a byte-order mark the spans do not count.
    if edit.line == 1 {
        return None;
    }
    let mut found = None;
    for (o, objective) in base.objectives.iter().enumerate() {
        for (k, kr) in objective.key_results.iter().enumerate() {
            for (field, span) in [(Field::Current, kr.spans.current), (Field::Done, kr.spans.done)] {
                if span.line as usize == edit.line && span.column > 0 {
                    if found.is_some() {
                        return None; // two values on one line: flow style
                    }
                    found = Some((o, k, field, span.column));
                }
            }
        }
    }
    let (o, k, field, column) = found?;
    let replacement = replaced(edit, field, column)?;
    let mut document = base.clone();
    let kr = &mut document.objectives[o].key_results[k];
    match replacement {
        Replacement::Current(value) => kr.current = Some(Num(value)),
        Replacement::Done(done) => kr.done = Some(done),
    }
    Some(document)
}

/// The value a plain check-in writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Replacement {
    /// A new `current`.
    Current(f64),
    /// A new `done`.
    Done(bool),
}

/// What `edit` writes into the value of `field` that starts at `column`
/// (1-based, in characters) of its line, when the line is a plain block
/// entry of that field before and after, and the values plain numbers (or
/// booleans); `None` for anything less plain.
pub fn replaced(edit: &LineEdit, field: Field, column: u32) -> Option<Replacement> {
    let value_start = edit.old.char_indices().nth(column.checked_sub(1)? as usize).map(|(i, _)| i)?;
    let (key, old_value) = edit.old.split_at(value_start);
    let new_value = edit.new.strip_prefix(key)?;
    if !plain_entry(key, field.key()) || !plain_value(old_value, field) {
        return None;
    }
    let new_value = new_value.trim_end_matches([' ', '\r']);
    match field {
        Field::Current if is_plain_number(new_value) => Some(Replacement::Current(new_value.parse().ok()?)),
        Field::Done if matches!(new_value, "true" | "false") => Some(Replacement::Done(new_value == "true")),
        _ => None,
    }
}

/// The two fields a check-in writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field {
    /// `current`.
    Current,
    /// `done`.
    Done,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Current => "current",
            Field::Done => "done",
        }
    }
}

/// `    current: ` or `      - done: `: a block mapping entry, nothing else.
fn plain_entry(text: &str, key: &str) -> bool {
    let rest = text.trim_start_matches(' ');
    let rest = rest.strip_prefix("- ").map_or(rest, |r| r.trim_start_matches(' '));
    rest.strip_prefix(key)
        .and_then(|r| r.strip_prefix(':'))
        .is_some_and(|r| !r.is_empty() && r.trim_matches(' ').is_empty())
}

/// The old value ran to the end of its line: no comment, no flow syntax.
fn plain_value(text: &str, field: Field) -> bool {
    let value = text.trim_end_matches([' ', '\r']);
    match field {
        Field::Current => is_plain_number(value),
        Field::Done => matches!(value, "true" | "false"),
    }
}

/// `40`, `-3`, `99.95`: digits that read as the same number in YAML 1.2 and
/// in Rust, short enough never to overflow.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits.len() <= 15 && all_digits(whole) && all_digits(fraction) && (whole == "0" || !whole.starts_with('0'))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A document with every shape a check-in edits: a progress key result,
    /// a milestone and one in flow style (shared with `status::latest`).
    pub(crate) const BASE: &str = "\
team: a
period: 2026-Q3
objectives:
  - id: o
    title: Things get better
    key_results:
      - id: progress
        title: A number moves
        start: 0
        target: 10
        current: 4
      - id: milestone
        title: A thing is done
        done: false
      - {id: flow, title: Flow style, start: 0, target: 5, current: 1}
";

    fn parse(text: &str) -> Document {
        let workspace = crate::load::one_file("t.okr.yaml", text.as_bytes().to_vec());
        let findings = &workspace.diagnostics;
        assert!(findings.is_empty(), "{findings:?}");
        let file = workspace.files.into_iter().next().expect("one file");
        file.document.expect("a document")
    }

    /// The patch, which must agree with parsing the new text.
    fn patched(new: &str) -> Option<Document> {
        let edit = single_line_edit(BASE.as_bytes(), new.as_bytes())?;
        let document = apply(&parse(BASE), &edit)?;
        assert_eq!(document, parse(new), "the patch disagrees with the parser on {new:?}");
        Some(document)
    }

    #[test]
    fn a_single_changed_line_is_found() {
        let edit = single_line_edit(b"a: 1\nb: 2\nc: 3\n", b"a: 1\nb: 20\nc: 3\n").expect("one line");
        assert_eq!(edit, LineEdit { line: 2, old: "b: 2".into(), new: "b: 20".into() });
        let at_end = single_line_edit(b"a: 1\nb: 2", b"a: 1\nb: 3").expect("the last line");
        assert_eq!(at_end.line, 2);
        assert_eq!(single_line_edit(b"a: 1\nb: 2\n", b"a: 2\nb: 3\n"), None, "two lines");
        assert_eq!(single_line_edit(b"a: 1\n", b"a: 1\nb: 2\n"), None, "a line added");
        assert_eq!(single_line_edit(b"a: 1\n", b"a: 1\n"), None, "nothing changed");
        assert_eq!(single_line_edit(b"a: 11\n", b"a: 1\n").expect("shorter").new, "a: 1");
    }

    #[test]
    fn plain_checkins_are_patched() {
        let document = patched(&BASE.replace("current: 4", "current: 7")).expect("patched");
        assert_eq!(document.objectives[0].key_results[0].current, Some(Num(7.0)));
        patched(&BASE.replace("current: 4", "current: 7.25")).expect("a decimal");
        patched(&BASE.replace("current: 4", "current: -3")).expect("a negative number");
        patched(&BASE.replace("current: 4", "current: 4   ")).expect("trailing spaces");
        let done = patched(&BASE.replace("done: false", "done: true")).expect("patched");
        assert_eq!(done.objectives[0].key_results[1].done, Some(true));
    }

    #[test]
    fn anything_less_plain_is_parsed() {
        for new in [
            BASE.replace("current: 4", "current: 7 # a comment"),
            BASE.replace("current: 4", "current: 1e3"),
            BASE.replace("current: 4", "current: 007"),
            BASE.replace("current: 4", "current: \"7\""),
            BASE.replace("current: 4", "current: .inf"),
            BASE.replace("current: 4", "current: 12345678901234567890"),
            BASE.replace("current: 4", "current:"),
            BASE.replace("done: false", "done: yes"),
            BASE.replace("current: 1}", "current: 2}"),
            BASE.replace("target: 10", "target: 12"),
            BASE.replace("title: A number moves", "title: current: 5"),
        ] {
            let edit = single_line_edit(BASE.as_bytes(), new.as_bytes()).expect("one line changed");
            assert_eq!(apply(&parse(BASE), &edit), None, "{:?}", edit.new);
        }
    }
}
