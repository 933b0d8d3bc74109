//! Code actions.
use super::session::Session;
use lsp_server::ResponseError;
pub fn code_actions(
    _s: &mut Session,
    _p: &lsp_types::CodeActionParams,
) -> Result<Option<lsp_types::CodeActionResponse>, ResponseError> {
    Ok(None)
}
