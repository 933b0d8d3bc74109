//! Go to definition on an `aligns_to` entry, find references of an
//! objective or key result (everything that aligns to it, across files),
//! and rename an objective's or key result's id with every `aligns_to` that
//! names it.

use std::collections::HashMap;

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams, RenameParams,
    TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};
use okr::findings::FileId;
use okr::refs::Reference;
use okr::span::Span;

use super::outline::{self, at, Catalogue, Node, Target};
use super::session::Session;

pub fn definition(
    session: &mut Session,
    params: &GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, ResponseError> {
    let catalogue = session.catalogue();
    let position = &params.text_document_position_params;
    let Some(at) = at(session, &position.text_document, position.position)? else { return Ok(None) };
    let Some(document) = at.document else { return Ok(None) };
    let Node::AlignsTo { objective, entry } = outline::node_at(document, at.offset) else { return Ok(None) };
    let text = &document.objectives[objective].aligns_to[entry];
    let Some(target) = Reference::parse(text).and_then(|r| catalogue.resolve(&session.live, document.period, &r))
    else {
        return Ok(None);
    };
    Ok(location_of_id(session, target).map(GotoDefinitionResponse::Scalar))
}

pub fn references(session: &mut Session, params: &ReferenceParams) -> Result<Option<Vec<Location>>, ResponseError> {
    let catalogue = session.catalogue();
    let position = &params.text_document_position;
    let Some(target) = target_at(session, &catalogue, position)? else { return Ok(None) };
    let mut locations = Vec::new();
    if params.context.include_declaration {
        locations.extend(location_of_id(session, target));
    }
    for (file, objective, entry) in outline::aligned_to(session, &catalogue, target) {
        let Some(document) = outline::document(&session.live, file) else { continue };
        let span = document.objectives[objective].spans.aligns_to[entry];
        locations.extend(location(session, file, span));
    }
    Ok(Some(locations))
}

pub fn prepare_rename(
    session: &mut Session,
    params: &TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, ResponseError> {
    let Some(at) = at(session, &params.text_document, params.position)? else { return Ok(None) };
    let Some(document) = at.document else { return Ok(None) };
    let span = match outline::node_at(document, at.offset) {
        Node::Objective { objective, on_id: true } => document.objectives[objective].spans.id,
        Node::KeyResult { objective, key_result, on_id: true } => {
            document.objectives[objective].key_results[key_result].spans.id
        }
        _ => return Err(failed("rename works on the id of an objective or a key result")),
    };
    Ok(Some(PrepareRenameResponse::Range(at.lines.range(span, session.encoding))))
}

pub fn rename(session: &mut Session, params: &RenameParams) -> Result<Option<WorkspaceEdit>, ResponseError> {
    let catalogue = session.catalogue();
    let position = &params.text_document_position;
    let new = params.new_name.trim();
    if !okr::model::is_id(new) {
        return Err(failed(&format!(
            "`{}` is not an id: lowercase letters, digits, `-` and `_`, from a letter or digit, at most 64",
            okr::render::safe::Editor(new)
        )));
    }
    let Some(target) = target_at(session, &catalogue, position)? else {
        return Err(failed("rename works on the id of an objective or a key result"));
    };
    let live = &session.live;
    let document = outline::document(live, target.file).ok_or_else(|| failed("the file has no model"))?;
    let objective = &document.objectives[target.objective];
    let taken = match target.key_result {
        Some(_) => objective.key_results.iter().any(|kr| kr.id == new),
        None => catalogue.has(live, &document.team, new, document.period),
    };
    if taken {
        let what = if target.key_result.is_some() { "key result" } else { "objective" };
        return Err(failed(&format!("a {what} `{new}` exists already: rename to an id that does not")));
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    let mut edit = |file: FileId, span: Span, text: String| {
        if let Some(Location { uri, range }) = location(session, file, span) {
            changes.entry(uri).or_default().push(TextEdit::new(range, text));
        }
    };
    let id_span = outline::id_span(document, target).ok_or_else(|| failed("no id to rename"))?;
    edit(target.file, id_span, new.to_owned());
    for (file, o, e) in outline::aligned_to(session, &catalogue, target) {
        let Some(child) = outline::document(live, file) else { continue };
        let written = &child.objectives[o].aligns_to[e];
        let Some(mut reference) = Reference::parse(written) else { continue };
        match target.key_result {
            Some(_) => reference.key_result = Some(new.to_owned()),
            None => reference.objective = new.to_owned(),
        }
        let span = child.objectives[o].spans.aligns_to[e];
        let lines = session.lines(file);
        let original = &lines.text()[span.byte_range(lines.text())];
        edit(file, span, requote(original, &spell(&reference)));
    }
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }))
}

/// The objective or key result whose id (or node) the position is on.
fn target_at(
    session: &Session,
    catalogue: &Catalogue,
    position: &TextDocumentPositionParams,
) -> Result<Option<Target>, ResponseError> {
    let Some(at) = at(session, &position.text_document, position.position)? else { return Ok(None) };
    let Some(document) = at.document else { return Ok(None) };
    Ok(match outline::node_at(document, at.offset) {
        Node::Objective { objective, .. } => Some(Target { file: at.file, objective, key_result: None }),
        Node::KeyResult { objective, key_result, .. } => {
            Some(Target { file: at.file, objective, key_result: Some(key_result) })
        }
        Node::AlignsTo { objective, entry } => {
            let text = &document.objectives[objective].aligns_to[entry];
            Reference::parse(text).and_then(|r| catalogue.resolve(&session.live, document.period, &r))
        }
        Node::Health(_) | Node::Document => None,
    })
}

/// A reference as written: `team/objective[/kr][@period]`.
pub fn spell(reference: &Reference) -> String {
    let mut text = format!("{}/{}", reference.team, reference.objective);
    if let Some(kr) = &reference.key_result {
        text.push('/');
        text.push_str(kr);
    }
    if let Some(period) = reference.period {
        text.push_str(&format!("@{period}"));
    }
    text
}

/// `new` in the quotes `original` was written in, if any.
pub fn requote(original: &str, new: &str) -> String {
    match original.chars().next() {
        Some(quote @ ('"' | '\'')) => format!("{quote}{new}{quote}"),
        _ => new.to_owned(),
    }
}

pub fn location(session: &Session, file: FileId, span: Span) -> Option<Location> {
    let lines = session.lines(file);
    Some(Location::new(session.uri(file)?, lines.range(span, session.encoding)))
}

fn location_of_id(session: &Session, target: Target) -> Option<Location> {
    let document = outline::document(&session.live, target.file)?;
    location(session, target.file, outline::id_span(document, target)?)
}

fn failed(message: &str) -> ResponseError {
    super::error(ErrorCode::RequestFailed, message)
}
