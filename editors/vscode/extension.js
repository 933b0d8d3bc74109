// okr's language server in VS Code: `okr lsp --stdio` for every YAML file;
// the server checks the OKR files among them (okr.toml's globs) and leaves
// the others alone.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

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
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
