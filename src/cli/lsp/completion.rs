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
use okr::load::{DOCUMENT_FIELDS, HEALTH_FIELDS, KEY_RESULT_FIELDS, OBJECTIVE_FIELDS};
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
    let Some(at) = at(session, &position.text_document, position.position)? else { return Ok(None) };
    let lines = &at.lines;
    let line_number = position.position.line as usize;
    // Past the last line there is nothing to complete; the walks up the
    // document below would otherwise start from line 4294967295.
    if line_number >= lines.line_count() {
        return Ok(None);
    }
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
    let items = if trimmed.starts_with("aligns_to:") || in_aligns_to_list(lines, line_number, trimmed) {
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
    // Cheap candidates first (no strings): tens of thousands of key results
    // may match an empty word; only the first `MOST` are described. A key
    // result ranks after every objective of its period and nearer ones, so
    // key results are gathered only for the periods where fewer than `MOST`
    // objectives come before them.
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    let mut objectives_within = vec![0usize; periods.len()];
    let mut with_key_results = Vec::new();
    for (file, o) in catalogue.objectives() {
        if file == at.file {
            continue;
        }
        let Some(document) = outline::document(live, file) else { continue };
        let Some(distance) = periods.iter().position(|p| *p == document.period) else { continue };
        let objective = &document.objectives[o];
        // Written with `@period` only when a nearer period has the same ref.
        let qualified = periods[..distance].iter().any(|p| catalogue.has(live, &document.team, &objective.id, *p));
        let whole = Candidate {
            distance,
            team: &document.team,
            objective: &objective.id,
            key_result: None,
            period: qualified.then_some(document.period),
            file,
            index: o,
        };
        if whole.may_start_with(word) {
            candidates.push(whole);
            objectives_within[distance] += 1;
        }
        with_key_results.push((whole, objective));
    }
    for distance in 1..objectives_within.len() {
        objectives_within[distance] += objectives_within[distance - 1];
    }
    let mut key_results_beyond = false;
    for (whole, objective) in with_key_results {
        for kr in &objective.key_results {
            let part = Candidate { key_result: Some(&kr.id), ..whole };
            if !part.may_start_with(word) {
                continue;
            }
            if objectives_within[whole.distance] >= MOST {
                key_results_beyond = true;
                break;
            }
            candidates.push(part);
        }
    }
    let is_incomplete = key_results_beyond || candidates.len() > MOST;
    if is_incomplete {
        candidates.select_nth_unstable_by(MOST, Candidate::order);
        candidates.truncate(MOST);
    }
    candidates.sort_by(Candidate::order);
    let items = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(rank, candidate)| {
            let document = outline::document(live, candidate.file)?;
            let objective = &document.objectives[candidate.index];
            let label = candidate.label();
            let (title, (score, grade)) = match candidate.key_result {
                None => (objective.title.as_str(), outline::objective_score(objective, &session.config)),
                Some(id) => {
                    let kr = objective.key_results.iter().find(|kr| kr.id == id)?;
                    (kr.title.as_str(), outline::key_result_score(objective, kr, &session.config))
                }
            };
            Some(CompletionItem {
                label: label.clone(),
                kind: Some(if candidate.key_result.is_none() {
                    CompletionItemKind::MODULE
                } else {
                    CompletionItemKind::FIELD
                }),
                detail: Some(format!(
                    "{} — {} · {} {grade}",
                    Editor(title),
                    Editor(candidate.team),
                    outline::two(score)
                )),
                sort_text: Some(format!("{rank:06}")),
                filter_text: Some(label.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, label))),
                ..Default::default()
            })
        })
        .collect();
    CompletionList { is_incomplete, items }
}

/// An objective or key result that may be offered, before it is described.
#[derive(Clone, Copy)]
struct Candidate<'w> {
    /// How many periods up from the document's (0: the same period).
    distance: usize,
    team: &'w str,
    objective: &'w str,
    key_result: Option<&'w str>,
    /// `@period` is written when a nearer period has the same ref.
    period: Option<Period>,
    file: okr::findings::FileId,
    index: usize,
}

impl Candidate<'_> {
    /// Closest first: the document's period, then the ones enclosing it;
    /// objectives before key results; then by ref.
    fn order(a: &Candidate<'_>, b: &Candidate<'_>) -> std::cmp::Ordering {
        (a.distance, a.key_result.is_some(), a.team, a.objective, a.key_result).cmp(&(
            b.distance,
            b.key_result.is_some(),
            b.team,
            b.objective,
            b.key_result,
        ))
    }

    fn label(&self) -> String {
        let mut label = format!("{}/{}", self.team, self.objective);
        if let Some(kr) = self.key_result {
            label.push('/');
            label.push_str(kr);
        }
        if let Some(period) = self.period {
            label.push_str(&format!("@{period}"));
        }
        label
    }

    /// Whether the label starts with `word`, without writing the label.
    fn may_start_with(&self, word: &str) -> bool {
        let mut rest = word;
        for part in
            [self.team, "/", self.objective].into_iter().chain(self.key_result.into_iter().flat_map(|kr| ["/", kr]))
        {
            if rest.len() <= part.len() {
                return part.starts_with(rest);
            }
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        rest.is_empty() || (self.period.is_some() && self.label().starts_with(word))
    }
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
            KEY_RESULT_FIELDS
                .iter()
                .copied()
                .filter(|field| !is_measure_field(field) || kinds.iter().any(|kind| kind.contains(field)))
                .collect()
        }
        "Objective" => OBJECTIVE_FIELDS.to_vec(),
        "HealthMetric" => HEALTH_FIELDS
            .iter()
            .copied()
            .filter(|f| !(f.starts_with("at_") && present.iter().any(|p| p.starts_with("at_"))))
            .collect(),
        _ => DOCUMENT_FIELDS.to_vec(),
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
