// Macro objects of a multi-file .patch over JSON-RPC: the workspace's kernel tree, the objects setting, hover and panel data.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TraceRequest, type TraceResult } from '../../server/src/protocol';
import { FIXTURES } from '../helpers';
import { startInitialized, type LspSession } from './lsp-client';

const tree = path.join(FIXTURES, 'extract', 'kernel-tree');
const patchFile = path.join(FIXTURES, 'extract', 'multi-object-callbacks.patch');
const uri = pathToFileURL(patchFile).href;
const text = fs.readFileSync(patchFile, 'utf8');
let session: LspSession;

before(async () => {
  // The patch lies outside the tree: the workspace folder that is a kernel tree names its objects.
  session = await startInitialized({ workspaceFolders: [{ uri: pathToFileURL(tree).href, name: 'linux' }] });
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'diff', version: 1, text },
  });
});

after(() => session.close());

async function objectNames(): Promise<string[]> {
  const result = (await session.connection.sendRequest(TraceRequest.type, {
    uri,
    patchesOnly: true,
  })) as TraceResult;
  return result.objectNames.map((o) => `${o.object}:${o.kind}`);
}

test('three files of a patch are three objects, with no duplicate-macro-callback', async () => {
  const published = await session.diagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(
    published.diagnostics.filter(
      (d) => d.code === 'duplicate-macro-callback' || d.code === 'duplicate-object',
    ),
    [],
  );
  assert.deepEqual(await objectNames(), ['joydev:kbuild', 'pcspkr:kbuild', 'vmlinux:guess']);
});

test('the hover on a macro names the object and where its name comes from', async () => {
  const lines = text.split('\n');
  // The third file's macro: fs/aio.c, after joydev.c and pcspkr.c.
  const line = lines.lastIndexOf('+KPATCH_PRE_PATCH_CALLBACK(pre_patch_callback);');
  const hover = (await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line, character: 5 },
  })) as { contents: { value: string } } | null;
  assert.ok(hover);
  assert.match(hover.contents.value, /\*\*pre_patch\*\* of object `vmlinux`/);
  assert.match(hover.contents.value, /Object `vmlinux` — \*\*a guess\*\*: guessed: fs\/Makefile/);
  assert.match(hover.contents.value, /klpCallbacks\.objects/);
});

test('the klpCallbacks.objects setting overrides the Makefiles', async () => {
  await session.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { klpCallbacks: { objects: { 'drivers/input/**': 'input_fixes', 'fs/aio.c': 'vmlinux' } } },
  });
  assert.deepEqual(await objectNames(), ['input_fixes:setting', 'vmlinux:setting']);
});

test('a .c file inside a kernel tree gets its object from the tree found upward from it', async () => {
  const cFile = path.join(tree, 'drivers', 'input', 'joydev.c');
  const cUri = pathToFileURL(cFile).href;
  // Back to no per-path setting (the test above set one).
  await session.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { klpCallbacks: {} },
  });
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: cUri, languageId: 'c', version: 1, text: fs.readFileSync(cFile, 'utf8') },
  });
  const result = (await session.connection.sendRequest(TraceRequest.type, {
    uri: cUri,
    patchesOnly: true,
  })) as TraceResult;
  assert.deepEqual(
    result.objectNames.map((o) => `${o.object}:${o.kind}`),
    ['joydev:kbuild'],
  );
});
