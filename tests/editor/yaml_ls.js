// Drives the real yaml-language-server over stdio with okr's schema associated
// to `*.okr.yaml`, as an editor would, and checks what a user sees:
//   node tests/editor/yaml_ls.js SERVER_DIR SCHEMA EXAMPLE
// SERVER_DIR is the installed `yaml-language-server` package, SCHEMA okr's
// JSON Schema and EXAMPLE tests/fixtures/editor/example.okr.yaml. Exits 0 when every
// check holds, 1 with what failed otherwise. Run by tests/cli/editor.rs.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const [serverDir, schemaPath, examplePath] = process.argv.slice(2);
if (!serverDir || !schemaPath || !examplePath) {
  console.error('usage: node yaml_ls.js SERVER_DIR SCHEMA EXAMPLE');
  process.exit(2);
}

const schemaUri = pathToFileURL(path.resolve(schemaPath)).href;
const exampleUri = pathToFileURL(path.resolve(examplePath)).href;
// The blank line after the first key result gets the key result's
// indentation, as an editor leaves it after Enter: completion happens there.
const lines = fs.readFileSync(examplePath, 'utf8').split('\n');
const blank = lines.findIndex((l) => l.trim() === '');
if (blank < 0) fail('the example has no blank line inside a key result');
lines[blank] = ' '.repeat(lines[blank - 1].search(/\S/));
const exampleText = lines.join('\n');
const settings = { yaml: { schemas: { [schemaUri]: '*.okr.yaml' }, validate: true, hover: true, completion: true, schemaStore: { enable: false } } };

const server = spawn(process.execPath, [path.join(serverDir, 'bin', 'yaml-language-server'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});

// A whole run takes a second or two; a server that stops answering fails the
// test instead of hanging it.
const deadline = setTimeout(() => fail('yaml-language-server did not answer within 60 seconds'), 60000);

function fail(why) {
  console.error(`editor check failed: ${why}`);
  server.kill();
  process.exit(1);
}

// JSON-RPC over stdio, framed by Content-Length headers.
let nextId = 1;
const pending = new Map();
const diagnosticsWaiters = [];
let buffer = Buffer.alloc(0);

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}

function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function notify(method, params) {
  send({ method, params });
}

server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.slice(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.slice(headerEnd + 4 + length);
    handle(message);
  }
});

function handle(message) {
  if (message.id !== undefined && message.method) {
    // The server asks for its settings and registers capabilities.
    const result = message.method === 'workspace/configuration' ? message.params.items.map((item) => settings[item.section] ?? null) : null;
    send({ id: message.id, result });
  } else if (message.id !== undefined) {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(JSON.stringify(message.error)));
    else waiter.resolve(message.result);
  } else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === exampleUri) {
    diagnosticsWaiters.splice(0).forEach((resolve) => resolve(message.params.diagnostics));
  }
}

/// The position of `text` on the line that contains `lineText`, at the text's start.
function positionOf(lineText, text = lineText) {
  const line = lines.findIndex((l) => l.includes(lineText));
  if (line < 0) fail(`the example has no line with ${JSON.stringify(lineText)}`);
  return { line, character: lines[line].indexOf(text) };
}

function hoverText(hover) {
  if (!hover) return '';
  const contents = hover.contents;
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  return contents.value;
}

async function main() {
  await request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(path.dirname(path.resolve(examplePath))).href,
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
      },
    },
  });
  notify('initialized', {});
  notify('workspace/didChangeConfiguration', { settings });
  const diagnostics = new Promise((resolve) => diagnosticsWaiters.push(resolve));
  notify('textDocument/didOpen', { textDocument: { uri: exampleUri, languageId: 'yaml', version: 1, text: exampleText } });
  const document = { uri: exampleUri };
  const failures = [];

  // A diagnostic on the bad value, `target: "ten"`, saying a number is wanted.
  const found = await diagnostics;
  const bad = positionOf('target: "ten"', '"ten"');
  const onBad = found.filter((d) => d.range.start.line === bad.line);
  if (!onBad.some((d) => /number/i.test(d.message))) {
    failures.push(`no diagnostic asking for a number on line ${bad.line + 1} (target: "ten"); diagnostics: ${JSON.stringify(found)}`);
  }
  const elsewhere = found.filter((d) => d.range.start.line !== bad.line);
  if (elsewhere.length > 0) failures.push(`diagnostics on valid lines: ${JSON.stringify(elsewhere)}`);

  // Hover on a progress key result's `target` shows the schema's title and description.
  const hover = hoverText(await request('textDocument/hover', { textDocument: document, position: positionOf('target: 24', 'target') }));
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const target = schema.definitions.KeyResult.oneOf.find((b) => b.title === 'progress').properties.target;
  // Hover escapes markdown's punctuation in the title: `target \(progress\)`.
  const shown = hover.replace(/\\/g, '');
  if (!shown.includes(target.title) || !shown.includes(target.markdownDescription)) {
    failures.push(`hover on target shows ${JSON.stringify(hover)}, not its title and description`);
  }

  // Completion on the blank line inside the progress key result offers its
  // other fields, and no other kind's.
  const completion = await request('textDocument/completion', { textDocument: document, position: { line: blank, character: lines[blank].length } });
  const labels = (Array.isArray(completion) ? completion : completion.items).map((item) => item.label);
  for (const offered of ['current', 'confidence', 'unit']) {
    if (!labels.includes(offered)) failures.push(`completion in a progress key result does not offer ${offered}: ${JSON.stringify(labels)}`);
  }
  for (const other of ['at_least', 'at_most', 'done']) {
    if (labels.includes(other)) failures.push(`completion in a progress key result offers ${other}: ${JSON.stringify(labels)}`);
  }

  clearTimeout(deadline);
  await request('shutdown', null);
  notify('exit', null);
  if (failures.length > 0) fail(failures.join('\n'));
  console.log(JSON.stringify({ diagnostics: onBad.map((d) => d.message), hover, completion: labels }));
}

main().catch((error) => fail(error.stack || String(error)));
