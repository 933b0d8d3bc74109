//! Symbols.
use super::session::Session;
use lsp_server::ResponseError;
pub fn document_symbols(
    _s: &mut Session,
    _p: &lsp_types::DocumentSymbolParams,
) -> Result<Option<lsp_types::DocumentSymbolResponse>, ResponseError> {
    Ok(None)
}
pub fn workspace_symbols(
    _s: &mut Session,
    _p: &lsp_types::WorkspaceSymbolParams,
) -> Option<Vec<lsp_types::SymbolInformation>> {
    None
}
