//! Inlay hints.
use super::session::Session;
use lsp_server::ResponseError;
pub fn inlay_hints(
    _s: &mut Session,
    _p: &lsp_types::InlayHintParams,
) -> Result<Option<Vec<lsp_types::InlayHint>>, ResponseError> {
    Ok(None)
}
