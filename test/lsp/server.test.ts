// The language server over real JSON-RPC: diagnostics follow incremental edits, hovers explain timing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol';
import { FIXTURES, SAMPLES } from '../helpers';
import { startServer, type LspSession } from './lsp-client';

const file = path.join(FIXTURES, 'lsp', 'half-paired.c');
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
let session: LspSession;

before(async () => {
  session = startServer();
  const result = await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(path.dirname(file)).href, name: 'lsp' }],
  });
  assert.equal((result as { serverInfo: { name: string } }).serverInfo.name, 'klp-callbacks-ls');
  await session.connection.sendNotification('initialized', {});
});

after(() => session.close());

function lineOf(needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return line;
}

test('publishes a diagnostic for an unpaired pre_patch, and clears it after an incremental fix', async () => {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text },
  });
  const first = await session.diagnostics(uri, (p) => p.version === 1);
  const asymmetric = first.diagnostics.filter((d) => d.code === 'asymmetric-pair');
  assert.equal(asymmetric.length, 1, JSON.stringify(first.diagnostics));
  assert.equal(asymmetric[0].source, 'klp-callbacks');
  assert.equal(asymmetric[0].range.start.line, lineOf('.pre_patch = demo_pre_patch'));

  const insertAt = { line: lineOf('.pre_patch = demo_pre_patch') + 1, character: 0 };
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [
      { range: { start: insertAt, end: insertAt }, text: '\t\t\t.post_unpatch = demo_post_unpatch,\n' },
    ],
  });
  const second = await session.diagnostics(uri, (p) => p.version === 2);
  assert.deepEqual(
    second.diagnostics.filter((d) => d.code === 'asymmetric-pair'),
    [],
    JSON.stringify(second.diagnostics),
  );
});

test('hover on a registration says when the callback runs', async () => {
  const line = lineOf('.pre_patch = demo_pre_patch');
  const hover = (await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line, character: text.split('\n')[line].indexOf('pre_patch') + 1 },
  })) as { contents: { value: string } } | null;
  assert.ok(hover);
  assert.match(hover.contents.value, /\*\*pre_patch\*\* of object `vmlinux`/);
  assert.match(hover.contents.value, /post_unpatch then does NOT run/);
});

test('half-typed and binary-looking input never takes the server down', async () => {
  const broken = 'file:///tmp/klp-callbacks-broken.c';
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri: broken,
      languageId: 'c',
      version: 1,
      text: 'static struct klp_object objs[] = { { .name = "x", .callbacks = { .pre_patch = ',
    },
  });
  await session.diagnostics(broken, (p) => p.version === 1);
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: broken, version: 2 },
    contentChanges: [{ text: '\u0000\u0001\uffff'.repeat(1000) + '}}}}' }],
  });
  const binary = await session.diagnostics(broken, (p) => p.version === 2);
  assert.equal(binary.diagnostics.length, 1);
  const message = binary.diagnostics[0].message;
  assert.ok(typeof message === 'string');
  assert.match(message, /not analysed: binary content/);
  assert.equal(binary.diagnostics[0].severity, 3);
  // The server still answers for the other document.
  const hover = await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 0, character: 0 },
  });
  assert.equal(hover, null);
  assert.doesNotMatch(session.stderr(), /Error/);
  assert.deepEqual(session.loggedErrors(), []);
});

test('quick fixes: a rule fix (vmlinux → NULL) and the ignore comment, which clears the diagnostic', async () => {
  const tables = path.join(SAMPLES, 'buggy', 'broken-tables.c');
  const tablesUri = pathToFileURL(tables).href;
  const tablesText = fs.readFileSync(tables, 'utf8');
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: tablesUri, languageId: 'c', version: 1, text: tablesText },
  });
  const published = await session.diagnostics(tablesUri, (p) => p.version === 1);
  const vmlinux = published.diagnostics.find((d) => d.code === 'vmlinux-name');
  assert.ok(vmlinux);
  type Action = {
    title: string;
    edit: { changes: Record<string, { range: { start: Position; end: Position }; newText: string }[]> };
  };
  const actions = (await session.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: tablesUri },
    range: vmlinux.range,
    context: { diagnostics: [vmlinux] },
  })) as Action[];
  const useNull = actions.find((a) => a.title === 'Use NULL, the kernel object');
  assert.deepEqual(useNull?.edit.changes[tablesUri], [{ range: vmlinux.range, newText: 'NULL' }]);

  // The document is at version 2 (the post_unpatch was added): undo that to see the finding again.
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ text }],
  });
  assert.equal((await session.diagnostics(uri, (p) => p.version === 3)).diagnostics.length, 1);
  const line = lineOf('.pre_patch = demo_pre_patch');
  const [ignore] = (
    (await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 4 }, end: { line, character: 4 } },
      context: { diagnostics: [] },
    })) as Action[]
  ).filter((a) => a.title === 'Ignore asymmetric-pair on this line');
  assert.ok(ignore, 'no ignore action');
  const [edit] = ignore.edit.changes[uri];
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 4 },
    contentChanges: [{ range: edit.range, text: edit.newText }],
  });
  assert.deepEqual((await session.diagnostics(uri, (p) => p.version === 4)).diagnostics, []);
});
