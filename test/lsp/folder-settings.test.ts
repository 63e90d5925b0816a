// Per-folder settings (VS Code's resource scope): readSettings/settingsFor directly, and the server applying them over JSON-RPC.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readSettings, settingsFor } from '../../server/src/lsp/settings';
import { FIXTURES } from '../helpers';
import { startServer, type LspSession } from './lsp-client';

test("a document takes its deepest folder's settings, key by key over the top level", () => {
  const settings = readSettings({
    klpCallbacks: {
      rules: { 'asymmetric-pair': 'error' },
      kpatchObject: 'top',
      folders: {
        'file:///w/a': { rules: { 'asymmetric-pair': 'off' } },
        'file:///w/a/deep/': { kpatchObject: 'deep' },
        'file:///w/bad': 'not an object',
      },
    },
  });
  assert.deepEqual(settingsFor(settings, 'file:///w/a/x.c'), {
    rules: { 'asymmetric-pair': 'off' },
    kpatchObject: 'top',
  });
  assert.deepEqual(settingsFor(settings, 'file:///w/a/deep/x.c'), {
    rules: { 'asymmetric-pair': 'error' },
    kpatchObject: 'deep',
  });
  // `file:///w/ab` is not inside `file:///w/a`.
  assert.deepEqual(settingsFor(settings, 'file:///w/ab/x.c'), {
    rules: { 'asymmetric-pair': 'error' },
    kpatchObject: 'top',
  });
  assert.equal(settings.folders?.length, 2);
});

let session: LspSession;
let root = '';
const uriIn = (folder: string) => pathToFileURL(path.join(root, folder, 'module.c')).href;
const folderUri = (folder: string) => pathToFileURL(path.join(root, folder)).href;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-folders-'));
  for (const folder of ['quiet', 'strict']) {
    fs.mkdirSync(path.join(root, folder));
    fs.copyFileSync(
      path.join(FIXTURES, 'rules', 'asymmetric-pair', 'bad.c'),
      path.join(root, folder, 'module.c'),
    );
  }
  session = startServer();
  await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: ['quiet', 'strict'].map((name) => ({ uri: folderUri(name), name })),
    initializationOptions: {
      klpCallbacks: {
        rules: { 'asymmetric-pair': 'error' },
        folders: { [folderUri('quiet')]: { rules: { 'asymmetric-pair': 'off' } } },
      },
    },
  });
  await session.connection.sendNotification('initialized', {});
});

after(async () => {
  await session.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Waits for the diagnostics of `folder`'s document whose asymmetric-pair severities satisfy `expected`. */
async function expectSeverities(folder: string, expected: (severities: number[]) => boolean): Promise<void> {
  await session.diagnostics(uriIn(folder), (p) =>
    expected(p.diagnostics.filter((d) => d.code === 'asymmetric-pair').map((d) => d.severity ?? 0)),
  );
}

const none = (severities: number[]) => severities.length === 0;
const all = (severity: number) => (severities: number[]) =>
  severities.length > 0 && severities.every((s) => s === severity);

test("the server applies each folder's rules, from initializationOptions and configuration changes", async () => {
  for (const folder of ['quiet', 'strict']) {
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: uriIn(folder),
        languageId: 'c',
        version: 1,
        text: fs.readFileSync(path.join(root, folder, 'module.c'), 'utf8'),
      },
    });
  }
  // Published diagnostics are awaited until they match: a mismatch ends in the test's timeout.
  await expectSeverities('quiet', none);
  await expectSeverities('strict', all(1));

  // The folders swap: the configuration change re-publishes both documents.
  await session.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: {
      klpCallbacks: {
        rules: {},
        folders: { [folderUri('strict')]: { rules: { 'asymmetric-pair': 'off' } } },
      },
    },
  });
  await expectSeverities('strict', none);
  await expectSeverities('quiet', all(2));
});
