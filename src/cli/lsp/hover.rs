//! Hover.
use super::session::Session;
use lsp_server::ResponseError;
pub fn hover(_s: &mut Session, _p: &lsp_types::HoverParams) -> Result<Option<lsp_types::Hover>, ResponseError> {
    Ok(None)
}
