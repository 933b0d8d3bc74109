//! Inlay hints: the score and grade at the end of each objective's and key
//! result's title line.

use lsp_server::ResponseError;
use lsp_types::{InlayHint, InlayHintLabel, InlayHintParams, Position};

use super::outline;
use super::session::Session;

pub fn inlay_hints(session: &mut Session, params: &InlayHintParams) -> Result<Option<Vec<InlayHint>>, ResponseError> {
    let uri = &params.text_document.uri;
    let Some(file) = session.known(uri)? else { return Ok(None) };
    let Some(document) = outline::document(&session.live, file) else { return Ok(Some(Vec::new())) };
    let lines = session.lines(file);
    let wanted = params.range.start.line..=params.range.end.line;
    let mut hints = Vec::new();
    let mut hint = |title_span: okr::span::Span, label: String| {
        let line = lines.range(title_span, session.encoding).end.line;
        if !wanted.contains(&line) {
            return;
        }
        let end = lines.position(line + 1, u32::MAX, session.encoding);
        hints.push(InlayHint {
            position: Position::new(line, end.character),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    };
    for objective in &document.objectives {
        let (score, grade) = outline::objective_score(objective, &session.config);
        hint(objective.spans.title, format!("{} {grade}", outline::two(score)));
        for kr in &objective.key_results {
            let (score, grade) = outline::key_result_score(objective, kr, &session.config);
            hint(kr.spans.title, format!("{} {grade}", outline::two(score)));
        }
    }
    Ok(Some(hints))
}
