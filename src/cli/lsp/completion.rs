//! Completion, by what the cursor is on (read from the text, which may not
//! parse while it is typed): in `aligns_to`, every objective and key result
//! it may align to (its period or an enclosing one), closest first; the
//! names of the fields the block may still have (a progress key result is
//! not offered `at_least`); the kinds of objective; period labels.

use lsp_server::ResponseError;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Position, Range, TextEdit,
};
use okr::period::Period;
use okr::render::safe::Editor;

use super::hover::{context_from_text, field_description};
use super::outline::{self, at};
use super::position::LineIndex;
use super::session::Session;

/// At most this many references are offered at once; the list says it is
/// incomplete, and typing narrows it.
const MOST: usize = 200;

pub fn complete(session: &mut Session, params: &CompletionParams) -> Result<Option<CompletionResponse>, ResponseError> {
    let catalogue = session.catalogue();
    let session = &*session;
    let position = &params.text_document_position;
    let at = at(session, &position.text_document, position.position)?;
    let lines = &at.lines;
    let line_number = position.position.line as usize;
    let line = lines.line(line_number);
    let line_start = at.byte - (lines.offset(Position::new(position.position.line, 0), session.encoding)).min(at.byte);
    let before = &line[..line_start.min(line.len())];
    // The word being typed, and where it starts (for the edit that replaces it).
    let word_start = before.rfind([' ', '[', ',', '"', '\'', ':']).map_or(0, |at| at + 1);
    let word = &before[word_start..];
    let replace = Range::new(
        lines.position_of_offset(at.byte - (before.len() - word_start), session.encoding),
        position.position,
    );
    let trimmed = before.trim_start();
    let items = if let Some(value) = trimmed.strip_prefix("aligns_to:") {
        let _ = value;
        references(session, &catalogue, &at, word, replace)
    } else if in_aligns_to_list(lines, line_number, trimmed) {
        references(session, &catalogue, &at, word, replace)
    } else if trimmed.starts_with("kind:") {
        CompletionList { is_incomplete: false, items: values(&["aspirational", "committed"], word, replace) }
    } else if trimmed.starts_with("period:") {
        let labels = periods(session, &catalogue);
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        CompletionList { is_incomplete: false, items: values(&labels, word, replace) }
    } else if !trimmed.contains(':')
        && trimmed.trim_start_matches("- ").chars().all(|c| c.is_ascii_lowercase() || c == '_')
    {
        let key = trimmed.trim_start_matches("- ");
        CompletionList { is_incomplete: false, items: fields(lines, line_number, key, replace) }
    } else {
        return Ok(None);
    };
    Ok(Some(CompletionResponse::List(items)))
}

/// A list item (`- `) under `aligns_to:`.
fn in_aligns_to_list(lines: &LineIndex, line: usize, trimmed: &str) -> bool {
    if !trimmed.starts_with('-') {
        return false;
    }
    let indent = lines.line(line).len() - lines.line(line).trim_start().len();
    (0..line)
        .rev()
        .map(|l| lines.line(l))
        .find(|above| {
            let trimmed = above.trim_start();
            !trimmed.is_empty() && !trimmed.starts_with('#') && above.len() - trimmed.len() < indent
        })
        .is_some_and(|parent| parent.trim_start().trim_start_matches("- ").trim_end() == "aligns_to:")
}

/// Every objective and key result the document may align to.
fn references(
    session: &Session,
    catalogue: &outline::Catalogue,
    at: &outline::At<'_>,
    word: &str,
    replace: Range,
) -> CompletionList {
    let live = &session.live;
    let own = at.document.map(|d| (d.team.as_str(), d.period));
    let child_period = own.map(|(_, p)| p).or_else(|| period_from_text(&at.lines));
    let Some(child_period) = child_period else { return CompletionList::default() };
    let periods: Vec<Period> = child_period.with_ancestors().collect();
    let mut candidates = Vec::new();
    for (file, o) in catalogue.objectives() {
        let Some(document) = outline::document(live, file) else { continue };
        let Some(distance) = periods.iter().position(|p| *p == document.period) else { continue };
        let objective = &document.objectives[o];
        if Some(file) == Some(at.file) {
            continue;
        }
        let base = format!("{}/{}", document.team, objective.id);
        // Written without `@period` when that resolves to it already.
        let nearer = periods[..distance].iter().any(|p| catalogue.has(&document.team, &objective.id, *p));
        let suffix = if nearer { format!("@{}", document.period) } else { String::new() };
        let (score, grade) = outline::objective_score(objective, &session.config);
        let label = format!("{base}{suffix}");
        if label.starts_with(word) {
            candidates.push((
                distance,
                0,
                label,
                objective.title.as_str().to_owned(),
                document.team.clone(),
                score,
                grade,
            ));
        }
        for kr in &objective.key_results {
            let label = format!("{base}/{}{suffix}", kr.id);
            if label.starts_with(word) {
                let (score, grade) = outline::key_result_score(objective, kr, &session.config);
                candidates.push((
                    distance,
                    1,
                    label,
                    kr.title.as_str().to_owned(),
                    document.team.clone(),
                    score,
                    grade,
                ));
            }
        }
    }
    candidates.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let is_incomplete = candidates.len() > MOST;
    let items = candidates
        .into_iter()
        .take(MOST)
        .enumerate()
        .map(|(rank, (_, level, label, title, team, score, grade))| CompletionItem {
            label: label.clone(),
            kind: Some(if level == 0 { CompletionItemKind::MODULE } else { CompletionItemKind::FIELD }),
            detail: Some(format!("{} — {} · {} {grade}", Editor(&title), Editor(&team), outline::two(score))),
            sort_text: Some(format!("{rank:06}")),
            filter_text: Some(label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, label))),
            ..Default::default()
        })
        .collect();
    CompletionList { is_incomplete, items }
}

/// The `period:` a document states, read from its text.
fn period_from_text(lines: &LineIndex) -> Option<Period> {
    (0..lines.line_count()).map(|l| lines.line(l)).find_map(|line| {
        let value = line.strip_prefix("period:")?.trim().trim_matches(['"', '\'']);
        value.parse().ok()
    })
}

/// The periods of the workspace and those of the year of today.
fn periods(session: &Session, catalogue: &outline::Catalogue) -> Vec<String> {
    let year = chrono::Datelike::year(&session.today);
    let mut labels: Vec<String> = [
        format!("{year}-Q1"),
        format!("{year}-Q2"),
        format!("{year}-Q3"),
        format!("{year}-Q4"),
        format!("{year}-H1"),
        format!("{year}-H2"),
        format!("\"{year}\""),
    ]
    .into();
    let mut seen: Vec<Period> = Vec::new();
    for (file, _) in catalogue.objectives() {
        if let Some(document) = outline::document(&session.live, file) {
            if !seen.contains(&document.period) {
                seen.push(document.period);
            }
        }
    }
    for period in seen {
        let label = period.to_string();
        let label = if label.contains('-') { label } else { format!("\"{label}\"") };
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
}

fn values(values: &[&str], word: &str, replace: Range) -> Vec<CompletionItem> {
    values
        .iter()
        .filter(|value| value.starts_with(word))
        .map(|value| CompletionItem {
            label: (*value).to_owned(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, (*value).to_owned()))),
            ..Default::default()
        })
        .collect()
}

const DOCUMENT: &[&str] = &["version", "team", "period", "owner", "objectives", "health"];
const OBJECTIVE: &[&str] = &["id", "title", "description", "kind", "owner", "tags", "aligns_to", "key_results"];
const KEY_RESULT: &[&str] = &[
    "id",
    "title",
    "start",
    "target",
    "current",
    "at_least",
    "at_most",
    "done",
    "unit",
    "confidence",
    "weight",
    "owner",
    "score",
    "note",
    "source",
];
const HEALTH: &[&str] = &["id", "title", "at_least", "at_most", "current", "unit"];

/// The fields of each kind of key result, beside the ones all kinds share.
const PROGRESS: &[&str] = &["start", "target", "current"];
const AT_LEAST: &[&str] = &["at_least", "current"];
const AT_MOST: &[&str] = &["at_most", "current"];
const MILESTONE: &[&str] = &["done"];

/// The field names the block at `line` may still have.
fn fields(lines: &LineIndex, line: usize, typed: &str, replace: Range) -> Vec<CompletionItem> {
    let definition = context_from_text(lines, line);
    let present = keys_of_block(lines, line);
    let all: Vec<&str> = match definition {
        "KeyResult" => {
            let kind_fields: &[&[&str]] = &[PROGRESS, AT_LEAST, AT_MOST, MILESTONE];
            // The kinds the fields written so far allow.
            let kinds: Vec<&[&str]> = kind_fields
                .iter()
                .copied()
                .filter(|kind| present.iter().all(|p| !is_measure_field(p) || kind.contains(&p.as_str())))
                .collect();
            KEY_RESULT
                .iter()
                .copied()
                .filter(|field| !is_measure_field(field) || kinds.iter().any(|kind| kind.contains(field)))
                .collect()
        }
        "Objective" => OBJECTIVE.to_vec(),
        "HealthMetric" => HEALTH
            .iter()
            .copied()
            .filter(|f| !(f.starts_with("at_") && present.iter().any(|p| p.starts_with("at_"))))
            .collect(),
        _ => DOCUMENT.to_vec(),
    };
    all.into_iter()
        .filter(|field| field.starts_with(typed) && !present.iter().any(|p| p == field))
        .map(|field| CompletionItem {
            label: field.to_owned(),
            kind: Some(CompletionItemKind::PROPERTY),
            documentation: field_description(definition, field)
                .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, format!("{field}: ")))),
            ..Default::default()
        })
        .collect()
}

fn is_measure_field(field: &str) -> bool {
    matches!(field, "start" | "target" | "current" | "at_least" | "at_most" | "done")
}

/// The keys written in the block (mapping) line `line` is in, other than on it.
fn keys_of_block(lines: &LineIndex, line: usize) -> Vec<String> {
    let indent_of = |text: &str| text.len() - text.trim_start_matches([' ', '-']).len();
    let mine = indent_of(lines.line(line));
    let key = |text: &str| {
        let body = text.trim_start_matches([' ', '-']);
        body.split_once(':').map(|(key, _)| key.trim().to_owned())
    };
    let mut keys = Vec::new();
    // Up to the item's start (`- `) or a shallower line, then down to the end of the block.
    let mut up = line;
    while up > 0 {
        up -= 1;
        let text = lines.line(up);
        if text.trim().is_empty() || text.trim_start().starts_with('#') {
            continue;
        }
        if indent_of(text) < mine {
            break;
        }
        if indent_of(text) == mine {
            keys.extend(key(text));
            if text.trim_start().starts_with('-') {
                break;
            }
        }
    }
    for down in line + 1..lines.line_count() {
        let text = lines.line(down);
        if text.trim().is_empty() || text.trim_start().starts_with('#') {
            continue;
        }
        if indent_of(text) < mine || (indent_of(text) == mine && text.trim_start().starts_with('-')) {
            break;
        }
        if indent_of(text) == mine {
            keys.extend(key(text));
        }
    }
    keys
}
