// Activates editors/vscode/extension.js (the path is the first argument)
// with `vscode` and `vscode-languageclient/node` stood in for, and prints
// as JSON what it gives the language client about diagnostics: its pull
// options, and what its middleware answers for a pull of an open document
// and of a resource with no document. Run by tests/cli/lsp_editors.rs.
const Module = require('module');

class Uri {}
let clientOptions;
const vscode = {
  Uri,
  workspace: {
    getConfiguration: () => ({ get: (_key, fallback) => fallback }),
    createFileSystemWatcher: (glob) => ({ glob }),
  },
};
const languageClient = {
  TransportKind: { stdio: 0 },
  // As vscode-languageclient 9 has it.
  vsdiag: { DocumentDiagnosticReportKind: { full: 'full', unChanged: 'unChanged' } },
  LanguageClient: class {
    constructor(_id, _name, _server, options) {
      clientOptions = options;
    }
    start() {
      return Promise.resolve();
    }
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return languageClient;
  return load.call(this, request, ...rest);
};

require(process.argv[2]).activate({ subscriptions: [] });
const asked = [];
const next = (document) => {
  asked.push(document instanceof Uri ? 'resource' : 'document');
  return { kind: 'full', items: ['from the server'] };
};
const pull = clientOptions.middleware.provideDiagnostics;
console.log(JSON.stringify({
  pullOptions: clientOptions.diagnosticPullOptions,
  openDocument: pull({ uri: new Uri(), version: 1 }, undefined, undefined, next),
  resource: pull(new Uri(), undefined, undefined, next),
  asked,
  workspaceMiddleware: 'provideWorkspaceDiagnostics' in clientOptions.middleware,
}));
