//! Code actions: align an unresolved reference to the closest one that
//! exists; move a threshold key result of an aspirational objective to
//! `health:`; add the missing fields of a key-result kind; quote a title
//! that holds `: `.

use std::collections::HashMap;

use lsp_server::ResponseError;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Position, Range, TextEdit,
    Url, WorkspaceEdit,
};
use okr::model::{Document, KeyResult};
use okr::period::Period;
use okr::refs::Reference;

use super::navigation::{requote, spell};
use super::outline::{self, Catalogue, Node};
use super::position::{Encoding, LineIndex};
use super::session::Session;

pub fn code_actions(
    session: &mut Session,
    params: &CodeActionParams,
) -> Result<Option<CodeActionResponse>, ResponseError> {
    let catalogue = session.catalogue();
    let session = &*session;
    let uri = &params.text_document.uri;
    let Some(file) = session.known(uri)? else { return Ok(None) };
    let lines = session.lines(file);
    let mut actions = Vec::new();
    actions.extend(quote_titles(&lines, uri, params.range, session.encoding));
    let Some(document) = outline::document(&session.live, file) else { return Ok(Some(actions)) };
    let start = lines.offset(params.range.start, session.encoding);
    let offset = okr::span::index(lines.text()[..start].chars().count());
    match outline::node_at(document, offset) {
        Node::AlignsTo { objective, entry } => {
            actions.extend(closest_reference(session, &catalogue, document, &lines, uri, objective, entry));
        }
        Node::KeyResult { objective, key_result, .. } => {
            let kr = &document.objectives[objective].key_results[key_result];
            actions.extend(missing_fields(session, &lines, uri, kr));
            if document.objectives[objective].kind == okr::model::Kind::Aspirational {
                actions.extend(move_to_health(session, document, &lines, uri, kr));
            }
        }
        _ => {}
    }
    Ok(Some(actions))
}

fn action(title: String, uri: &Url, edits: Vec<TextEdit>, preferred: bool) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }),
        is_preferred: Some(preferred),
        ..Default::default()
    })
}

/// An `aligns_to` entry that resolves to nothing: the existing reference
/// it may align to that is closest in spelling.
fn closest_reference(
    session: &Session,
    catalogue: &Catalogue,
    document: &Document,
    lines: &LineIndex,
    uri: &Url,
    objective: usize,
    entry: usize,
) -> Option<CodeActionOrCommand> {
    let written = &document.objectives[objective].aligns_to[entry];
    let parsed = Reference::parse(written);
    if parsed.as_ref().is_some_and(|r| catalogue.resolve(&session.live, document.period, r).is_some()) {
        return None;
    }
    let bare = written.split('@').next().unwrap_or(written);
    let periods: Vec<Period> = document.period.with_ancestors().collect();
    let mut best: Option<(usize, String)> = None;
    for (file, o) in catalogue.objectives() {
        let Some(other) = outline::document(&session.live, file) else { continue };
        if !periods.contains(&other.period) {
            continue;
        }
        let parent = &other.objectives[o];
        let base = format!("{}/{}", other.team, parent.id);
        let names =
            std::iter::once(base.clone()).chain(parent.key_results.iter().map(|kr| format!("{base}/{}", kr.id)));
        for name in names {
            let distance = edit_distance(bare, &name);
            if best.as_ref().is_none_or(|(d, n)| (distance, &name) < (*d, n)) {
                best = Some((distance, name));
            }
        }
    }
    let (_, name) = best?;
    let mut reference = Reference::parse(&name)?;
    reference.period = parsed.and_then(|p| p.period);
    let new = spell(&reference);
    let span = document.objectives[objective].spans.aligns_to[entry];
    let original = &lines.text()[span.byte_range(lines.text())];
    let edit = TextEdit::new(lines.range(span, session.encoding), requote(original, &new));
    Some(action(format!("Align to `{new}`"), uri, vec![edit], true))
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The fields each kind of key result needs, with a placeholder value.
const KINDS: &[(&str, &[(&str, &str)])] = &[
    ("progress", &[("start", "0"), ("target", "1"), ("current", "0")]),
    ("threshold (at least)", &[("at_least", "1"), ("current", "0")]),
    ("threshold (at most)", &[("at_most", "1"), ("current", "0")]),
    ("milestone", &[("done", "false")]),
];

/// A key result without a complete measurement: the fields of each kind its
/// fields allow, inserted after its last line.
fn missing_fields(session: &Session, lines: &LineIndex, uri: &Url, kr: &KeyResult) -> Vec<CodeActionOrCommand> {
    if okr::measure::Measure::of(kr).is_ok() {
        return Vec::new();
    }
    let present: Vec<&str> = [
        ("start", kr.start.is_some()),
        ("target", kr.target.is_some()),
        ("current", kr.current.is_some()),
        ("at_least", kr.at_least.is_some()),
        ("at_most", kr.at_most.is_some()),
        ("done", kr.done.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    let indent = field_indent(lines, kr);
    let line = lines.range(kr.spans.node, session.encoding).end;
    let insert_at = insertion_point(lines, line);
    KINDS
        .iter()
        .filter(|(_, fields)| present.iter().all(|p| fields.iter().any(|(f, _)| f == p)))
        .filter_map(|(kind, fields)| {
            let missing: Vec<&(&str, &str)> = fields.iter().filter(|(f, _)| !present.contains(f)).collect();
            if missing.is_empty() {
                return None;
            }
            let text: String = missing.iter().map(|(f, v)| format!("{indent}{f}: {v}\n")).collect();
            let names: Vec<&str> = missing.iter().map(|(f, _)| *f).collect();
            let title = format!("Make `{}` a {kind} key result (add {})", kr.id, names.join(", "));
            Some(action(title, uri, vec![TextEdit::new(Range::new(insert_at, insert_at), text)], false))
        })
        .collect()
}

/// The indentation of a key result's fields: that of its `title`.
fn field_indent(lines: &LineIndex, kr: &KeyResult) -> String {
    let line = lines.line(kr.spans.title.line.saturating_sub(1) as usize);
    let body = line.trim_start_matches([' ', '-']);
    " ".repeat(line.len() - body.len())
}

/// The start of the line after the one a node ends on (a node's end
/// position is the start of the next line when it ends with a line break).
fn insertion_point(lines: &LineIndex, end: Position) -> Position {
    if end.character == 0 {
        end
    } else if (end.line as usize) + 1 < lines.line_count() {
        Position::new(end.line + 1, 0)
    } else {
        end
    }
}

/// A threshold key result of an aspirational objective (`kr-kpi`): as a
/// health metric, with its bound, current value and unit.
fn move_to_health(
    session: &Session,
    document: &Document,
    lines: &LineIndex,
    uri: &Url,
    kr: &KeyResult,
) -> Option<CodeActionOrCommand> {
    if kr.at_least.is_none() && kr.at_most.is_none() {
        return None;
    }
    let encoding = session.encoding;
    let node = lines.range(kr.spans.node, encoding);
    // Whole lines: from the start of the key result's first line.
    let from = Position::new(node.start.line, 0);
    let to = insertion_point(lines, node.end);
    let mut metric = format!("  - id: {}\n    title: {}\n", kr.id, serde_json::Value::from(kr.title.as_str()));
    let number = |n: okr::model::Num| okr::numbers::yaml(n.0);
    if let Some(bound) = kr.at_least {
        metric.push_str(&format!("    at_least: {}\n", number(bound)));
    }
    if let Some(bound) = kr.at_most {
        metric.push_str(&format!("    at_most: {}\n", number(bound)));
    }
    if let Some(current) = kr.current {
        metric.push_str(&format!("    current: {}\n", number(current)));
    }
    if let Some(unit) = &kr.unit {
        metric.push_str(&format!("    unit: {}\n", serde_json::Value::from(unit.as_str())));
    }
    let end_of_text = lines.position_of_offset(lines.text().len(), encoding);
    let mut edits = vec![TextEdit::new(Range::new(from, to), String::new())];
    match document.health.last() {
        Some(last) => {
            let after = insertion_point(lines, lines.range(last.spans.node, encoding).end);
            edits.push(TextEdit::new(Range::new(after, after), metric));
        }
        None => {
            let newline = if lines.text().ends_with('\n') || lines.text().is_empty() { "" } else { "\n" };
            edits.push(TextEdit::new(Range::new(end_of_text, end_of_text), format!("{newline}health:\n{metric}")));
        }
    }
    Some(action(format!("Move `{}` to `health:` (a KPI to keep, not a result to reach)", kr.id), uri, edits, true))
}

/// A `title:` whose plain value holds `: ` (which YAML reads as a mapping):
/// the value in double quotes.
fn quote_titles(lines: &LineIndex, uri: &Url, range: Range, encoding: Encoding) -> Vec<CodeActionOrCommand> {
    // Only the lines the text has: a client may ask for a range to line 4294967295.
    let last = range.end.line.min(lines.line_count().saturating_sub(1) as u32);
    (range.start.line..=last)
        .filter_map(|line| {
            let text = lines.line(line as usize);
            let body = text.trim_start_matches([' ', '-']);
            let value = body.strip_prefix("title:")?.trim_start();
            if !value.contains(": ") || value.starts_with(['"', '\'']) {
                return None;
            }
            let value = value.trim_end();
            let start = text.len() - body.len() + (body.len() - body.strip_prefix("title:")?.trim_start().len());
            let line_start = lines.offset(Position::new(line, 0), encoding);
            let lines_start = lines.position_of_offset(line_start + start, encoding);
            let lines_end = lines.position_of_offset(line_start + start + value.len(), encoding);
            let quoted = serde_json::Value::from(value).to_string();
            let edit = TextEdit::new(Range::new(lines_start, lines_end), quoted);
            Some(action("Quote the title (it holds `: `)".into(), uri, vec![edit], true))
        })
        .collect()
}
