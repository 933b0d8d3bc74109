//! Hover: on an objective or key result, its score, grade, pace and
//! expected value, confidence and what aligns to it; on an `aligns_to`
//! entry, the parent's title and score; on a field's name, the schema's
//! description of it.

use std::sync::OnceLock;

use lsp_server::ResponseError;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Range};
use okr::model::Document;
use okr::refs::Reference;
use okr::render::safe::{Code, Markdown};
use serde_json::Value;

use super::outline::{self, at, Node, Target};
use super::session::Session;

pub fn hover(session: &mut Session, params: &HoverParams) -> Result<Option<Hover>, ResponseError> {
    let catalogue = session.catalogue();
    let session = &*session;
    let position = &params.text_document_position_params;
    let Some(at) = at(session, &position.text_document, position.position)? else { return Ok(None) };
    let Some(document) = at.document else { return Ok(field_hover(&at, None)) };
    let node = outline::node_at(document, at.offset);
    let words = match node {
        Node::AlignsTo { objective, entry } => {
            let text = &document.objectives[objective].aligns_to[entry];
            let target = Reference::parse(text).and_then(|r| catalogue.resolve(&session.live, document.period, &r));
            match target {
                Some(target) => describe(session, &catalogue, target, false),
                None => format!("{} resolves to nothing in {} or a period enclosing it", Code(text), document.period),
            }
        }
        Node::Objective { objective, on_id } => {
            if !on_id {
                if let Some(field) = field_hover(&at, Some(node)) {
                    return Ok(Some(field));
                }
            }
            describe(session, &catalogue, Target { file: at.file, objective, key_result: None }, true)
        }
        Node::KeyResult { objective, key_result, on_id } => {
            if !on_id {
                if let Some(field) = field_hover(&at, Some(node)) {
                    return Ok(Some(field));
                }
            }
            describe(session, &catalogue, Target { file: at.file, objective, key_result: Some(key_result) }, true)
        }
        Node::Health(_) | Node::Document => return Ok(field_hover(&at, Some(node))),
    };
    Ok(Some(markdown(words, None)))
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range }
}

/// An objective's or key result's title, ref, score, grade, pace, expected
/// value and confidence; with `aligned`, what aligns to it.
fn describe(session: &Session, catalogue: &outline::Catalogue, target: Target, aligned: bool) -> String {
    let live = &session.live;
    let Some(document) = outline::document(live, target.file) else { return String::new() };
    let objective = &document.objectives[target.objective];
    let name = outline::canonical(live, target).unwrap_or_default();
    let mut lines = Vec::new();
    match target.key_result.map(|k| &objective.key_results[k]) {
        Some(kr) => {
            let (score, grade) = outline::key_result_score(objective, kr, &session.config);
            lines.push(format!("**{}** {}", Markdown(kr.title.as_str()), Code(&name)));
            let mut facts = vec![format!("score **{}** · {grade}", outline::two(score))];
            facts.extend(pace(session, document, objective.kind, score));
            if let Ok(measure) = okr::measure::Measure::of(kr) {
                let unit = kr.unit.as_ref().map(|u| u.as_str());
                facts.push(Markdown(&okr::scoreboard::describe(&measure, unit)).to_string());
            }
            if let Some(confidence) = kr.confidence {
                facts.push(format!("confidence {}", okr::numbers::human(confidence.0)));
            }
            lines.push(facts.join(" · "));
        }
        None => {
            let (score, grade) = outline::objective_score(objective, &session.config);
            lines.push(format!("**{}** {}", Markdown(objective.title.as_str()), Code(&name)));
            let mut facts = vec![format!("score **{}** · {grade} · {}", outline::two(score), objective.kind.as_str())];
            facts.extend(pace(session, document, objective.kind, score));
            let confidences: Vec<f64> =
                objective.key_results.iter().filter_map(|kr| kr.confidence.map(|c| c.0)).collect();
            if let Some(mean) = okr::score::mean(confidences.iter().copied()) {
                facts.push(format!("confidence {}", outline::two(mean)));
            }
            lines.push(facts.join(" · "));
        }
    }
    if aligned {
        let children = outline::aligned_to(session, catalogue, target);
        if children.is_empty() {
            lines.push("Nothing aligns to it.".into());
        } else {
            lines.push(format!("Aligned to it ({}):", children.len()));
            for (file, o, _) in children.iter().take(20) {
                let child = Target { file: *file, objective: *o, key_result: None };
                let Some(child_document) = outline::document(live, *file) else { continue };
                let child_objective = &child_document.objectives[*o];
                let (score, _) = outline::objective_score(child_objective, &session.config);
                let child_name = outline::canonical(live, child).unwrap_or_default();
                lines.push(format!(
                    "- {} {} ({})",
                    Code(&child_name),
                    Markdown(child_objective.title.as_str()),
                    outline::two(score)
                ));
            }
            if children.len() > 20 {
                lines.push(format!("- and {} more", children.len() - 20));
            }
        }
    }
    lines.join("\n\n")
}

/// The pace of a score on today's date and the score expected by then, as
/// `okr score` tells it; nothing outside the period.
fn pace(session: &Session, document: &Document, kind: okr::model::Kind, score: f64) -> Option<String> {
    let dates = document.period.dates(session.config.periods.fiscal_year_start_month);
    let pace = okr::score::pace(score, kind, session.today, dates, &session.config.grading)?;
    Some(format!("{} (expected {} by {})", pace.status.as_str(), outline::two(pace.expected), session.today))
}

/// On a field's name, the schema's description of it.
fn field_hover(at: &outline::At<'_>, node: Option<Node>) -> Option<Hover> {
    let lines = &at.lines;
    let position = lines.position_of_offset(at.byte, super::position::Encoding::Utf32);
    let line = lines.line(position.line as usize);
    let indent = line.len() - line.trim_start_matches([' ', '-']).len();
    let key_end = indent + line[indent..].find(':')?;
    let key = &line[indent..key_end];
    let cursor = line.char_indices().nth(position.character as usize).map_or(line.len(), |(b, _)| b);
    if cursor < indent || cursor > key_end || key.is_empty() {
        return None;
    }
    let definition = match node {
        Some(Node::KeyResult { .. }) => "KeyResult",
        Some(Node::Objective { .. }) => "Objective",
        Some(Node::Health(_)) => "HealthMetric",
        _ => context_from_text(lines, position.line as usize),
    };
    let description = field_description(definition, key)?;
    Some(markdown(format!("**{}**\n\n{}", Code(key), description), None))
}

/// The block a line is in, from the lines above it, when the document does
/// not parse: the collection (`objectives:`, `key_results:`, `health:`)
/// whose items it belongs to.
pub fn context_from_text(lines: &super::position::LineIndex, line: usize) -> &'static str {
    let text = lines.line(line);
    let indent = |text: &str| text.len() - text.trim_start_matches([' ', '-']).len();
    let mine = indent(text);
    for above in (0..line).rev() {
        let above = lines.line(above);
        let trimmed = above.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = above.len() - above.trim_start().len();
        if at < mine && trimmed.ends_with(':') && !trimmed.starts_with('-') {
            return match trimmed.trim_end_matches(':') {
                "key_results" => "KeyResult",
                "objectives" => "Objective",
                "health" => "HealthMetric",
                _ => "Document",
            };
        }
        if at == 0 && !trimmed.starts_with('-') {
            return "Document";
        }
    }
    "Document"
}

/// The schema's description of field `key` of `definition` (`Document` for
/// the top level).
pub fn field_description(definition: &str, key: &str) -> Option<String> {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    let schema = SCHEMA.get_or_init(Document::json_schema);
    let node = if definition == "Document" { schema } else { schema.get("definitions")?.get(definition)? };
    find_description(node, key)
}

fn find_description(node: &Value, key: &str) -> Option<String> {
    if let Some(description) = node.get("properties").and_then(|p| p.get(key)).and_then(|f| f.get("description")) {
        return description.as_str().map(str::to_owned);
    }
    ["oneOf", "anyOf", "allOf"]
        .iter()
        .filter_map(|k| node.get(*k)?.as_array())
        .flatten()
        .find_map(|branch| find_description(branch, key))
}
