//! Navigation.
use super::session::Session;
use lsp_server::ResponseError;
pub fn definition(
    _s: &mut Session,
    _p: &lsp_types::GotoDefinitionParams,
) -> Result<Option<lsp_types::GotoDefinitionResponse>, ResponseError> {
    Ok(None)
}
pub fn references(
    _s: &mut Session,
    _p: &lsp_types::ReferenceParams,
) -> Result<Option<Vec<lsp_types::Location>>, ResponseError> {
    Ok(None)
}
pub fn prepare_rename(
    _s: &mut Session,
    _p: &lsp_types::TextDocumentPositionParams,
) -> Result<Option<lsp_types::PrepareRenameResponse>, ResponseError> {
    Ok(None)
}
pub fn rename(
    _s: &mut Session,
    _p: &lsp_types::RenameParams,
) -> Result<Option<lsp_types::WorkspaceEdit>, ResponseError> {
    Ok(None)
}
