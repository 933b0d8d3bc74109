//! Document symbols (objectives and their key results, then the health
//! metrics) and workspace symbols (every objective and key result, by title
//! and ref).

use lsp_server::ResponseError;
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation, SymbolKind,
    WorkspaceSymbolParams,
};
use okr::render::safe::Editor;

use super::outline::{self, Target};
use super::session::Session;

/// At most this many workspace symbols at once: a query narrows them.
const MOST: usize = 500;

pub fn document_symbols(
    session: &mut Session,
    params: &DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, ResponseError> {
    let uri = &params.text_document.uri;
    let Some(file) = session.known(uri)? else { return Ok(None) };
    let Some(document) = outline::document(&session.live, file) else {
        return Ok(Some(DocumentSymbolResponse::Nested(Vec::new())));
    };
    let lines = session.lines(file);
    let range = |span| lines.range(span, session.encoding);
    #[allow(deprecated)]
    let symbol = |name: &str, detail: String, kind, node, id, children: Vec<DocumentSymbol>| DocumentSymbol {
        name: if name.trim().is_empty() { "(untitled)".into() } else { Editor(name).to_string() },
        detail: Some(detail),
        kind,
        tags: None,
        deprecated: None,
        range: range(node),
        selection_range: range(id),
        children: Some(children),
    };
    let mut symbols: Vec<DocumentSymbol> = document
        .objectives
        .iter()
        .map(|objective| {
            let key_results = objective
                .key_results
                .iter()
                .map(|kr| {
                    let (score, grade) = outline::key_result_score(objective, kr, &session.config);
                    let detail = format!("{} · {} {grade}", Editor(&kr.id), outline::two(score));
                    symbol(kr.title.as_str(), detail, SymbolKind::FIELD, kr.spans.node, kr.spans.id, Vec::new())
                })
                .collect();
            let (score, grade) = outline::objective_score(objective, &session.config);
            let detail = format!("{} · {} {grade}", Editor(&objective.id), outline::two(score));
            let spans = &objective.spans;
            symbol(objective.title.as_str(), detail, SymbolKind::CLASS, spans.node, spans.id, key_results)
        })
        .collect();
    for metric in &document.health {
        let health = okr::scoreboard::Health::of(metric).as_str();
        let detail = format!("{} · health {health}", Editor(&metric.id));
        symbols.push(symbol(
            metric.title.as_str(),
            detail,
            SymbolKind::PROPERTY,
            metric.spans.node,
            metric.spans.id,
            Vec::new(),
        ));
    }
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

pub fn workspace_symbols(session: &mut Session, params: &WorkspaceSymbolParams) -> Option<Vec<SymbolInformation>> {
    let query = params.query.to_lowercase();
    let live = &session.live;
    let mut found = Vec::new();
    'files: for (file, source) in live.files().enumerate() {
        let Some(document) = &source.document else { continue };
        for (o, objective) in document.objectives.iter().enumerate() {
            let targets = std::iter::once((None, objective.title.as_str()))
                .chain(objective.key_results.iter().enumerate().map(|(k, kr)| (Some(k), kr.title.as_str())));
            for (key_result, title) in targets {
                let target = Target { file, objective: o, key_result };
                let name = outline::canonical(live, target).unwrap_or_default();
                if !query.is_empty() && !title.to_lowercase().contains(&query) && !name.contains(&query) {
                    continue;
                }
                let Some(span) = outline::id_span(document, target) else { continue };
                let Some(uri) = session.uri(file) else { continue };
                let range = session.lines(file).range(span, session.encoding);
                #[allow(deprecated)]
                found.push(SymbolInformation {
                    name: Editor(title).to_string(),
                    kind: if key_result.is_some() { SymbolKind::FIELD } else { SymbolKind::CLASS },
                    tags: None,
                    deprecated: None,
                    location: Location::new(uri, range),
                    container_name: Some(name),
                });
                if found.len() == MOST {
                    break 'files;
                }
            }
        }
    }
    Some(found)
}
