// The server reads the workspace folder: callbacks defined in files that are not open are found,
// and one declared but defined nowhere is reported once every file was read.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FIXTURES } from '../helpers';
import { startServer } from './lsp-client';

const folder = path.join(FIXTURES, 'lsp-workspace');
const wiring = path.join(folder, 'wiring.c');
const session = startServer();
after(() => session.close());

test('only the callback no workspace file defines is undefined', async () => {
  await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'lsp-workspace' }],
  });
  await session.connection.sendNotification('initialized', {});
  const uri = pathToFileURL(wiring).href;
  const text = fs.readFileSync(wiring, 'utf8');
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text },
  });
  // Before the folder is read the rule stays silent; the index then republishes.
  const published = await session.diagnostics(uri, (p) =>
    p.diagnostics.some((d) => d.code === 'undefined-callback'),
  );
  const undefinedOnes = published.diagnostics.filter((d) => d.code === 'undefined-callback');
  assert.equal(undefinedOnes.length, 1, JSON.stringify(published.diagnostics));
  const line = text.split('\n').findIndex((l) => l.includes('.pre_unpatch = split_pre_unpatch'));
  assert.equal(undefinedOnes[0].range.start.line, line);
  assert.match(String(undefinedOnes[0].message), /declared but defined in no file of the workspace/);
});
