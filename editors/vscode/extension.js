// okr's language server in VS Code: `okr lsp --stdio` for every YAML file;
// the server checks the OKR files among them (okr.toml's globs) and leaves
// the others alone.
const vscode = require('vscode');
const { LanguageClient, TransportKind, vsdiag } = require('vscode-languageclient/node');

let client;

// Diagnostics come two ways, and each file must come one way only, or VS
// Code shows its findings twice (pushed and pulled diagnostics are kept
// apart). okr lsp pushes the diagnostics of the documents open in the
// editor (`publishDiagnostics`, to every client) and gives those of the
// files that are not open to a workspace pull (`workspace/diagnostic`). The
// client, seeing the server can be pulled, would also pull each open
// document (`textDocument/diagnostic`) on opening it, on every change and
// when asked to refresh: it is told not to on changes, saves and tabs
// (`diagnosticPullOptions`), and the pulls it still makes of an open
// document (on opening, on refresh; there is no option against those) are
// answered here with an empty report, so the open documents' findings are
// the pushed ones alone. The workspace pull goes on as it is.
const diagnosticPullOptions = { onChange: false, onSave: false, onTabs: false };
const middleware = {
  provideDiagnostics(document, previousResultId, token, next) {
    // A resource with no document (a tab not yet loaded) is not open in the
    // server, so nothing is pushed for it: the server is asked.
    if (document instanceof vscode.Uri) {
      return next(document, previousResultId, token);
    }
    return { kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] };
  },
};

function activate(context) {
  const command = vscode.workspace.getConfiguration('okr').get('path', 'okr');
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'okr',
    'okr',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'yaml' }],
      synchronize: {
        fileEvents: [
          vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
          vscode.workspace.createFileSystemWatcher('**/okr.toml'),
        ],
      },
      diagnosticPullOptions,
      middleware,
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
