// Go to definition, find references and symbols over real JSON-RPC, across files of the workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { FIXTURES } from '../helpers';
import { startServer, type LspSession } from './lsp-client';

const folder = path.join(FIXTURES, 'lsp-navigation');
const fixture = (name: string) => {
  const file = path.join(folder, name);
  return { file, uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') };
};
const main = fixture('nav-main.c');
const macros = fixture('nav-macros.c');
const header = fixture('nav-header.h');
const callbacks = fixture('nav-callbacks.c');
const second = fixture('nav-second.c');
let session: LspSession;
let capabilities: Record<string, unknown>;

/** The position of `word` on the first line containing `needle` (the cursor in the middle of the word). */
function at(doc: { text: string }, needle: string, word: string) {
  const line = doc.text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  const character = doc.text.split('\n')[line].indexOf(word);
  assert.ok(character >= 0, word);
  return { line, character: character + Math.floor(word.length / 2) };
}

function lineOf(doc: { text: string }, needle: string): number {
  const line = doc.text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return line;
}

const summary = (locations: Location[]) =>
  locations.map((l) => `${path.basename(new URL(l.uri).pathname)}:${l.range.start.line}`).sort();

before(async () => {
  session = startServer();
  const result = (await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'lsp-navigation' }],
  })) as { capabilities: Record<string, unknown> };
  capabilities = result.capabilities;
  await session.connection.sendNotification('initialized', {});
  for (const doc of [main, macros]) {
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc.uri, languageId: 'c', version: 1, text: doc.text },
    });
  }
});

after(() => session.close());

/** Definitions in files that are not open come from the workspace index, which is read in the background. */
async function definition(uri: string, position: { line: number; character: number }): Promise<Location[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await session.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position,
    })) as Location[];
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('initialize advertises definition, references, document and workspace symbols', () => {
  for (const key of [
    'definitionProvider',
    'referencesProvider',
    'documentSymbolProvider',
    'workspaceSymbolProvider',
  ]) {
    assert.equal(capabilities[key], true, key);
  }
});

test('definition: from a designated initializer to the function in a file that is not open', async () => {
  const found = await definition(main.uri, at(main, 'mark: initializer', 'nav_pre_patch'));
  assert.deepEqual(summary(found), [`nav-callbacks.c:${lineOf(callbacks, 'int nav_pre_patch(')}`]);
  assert.equal(
    found[0].range.start.character,
    callbacks.text.split('\n')[found[0].range.start.line].indexOf('nav_pre_patch'),
  );
});

test('definition: from a struct klp_callbacks variable copied into .callbacks to each of its functions', async () => {
  const found = await definition(main.uri, at(main, 'mark: copy', 'nav_cbs'));
  assert.deepEqual(summary(found), [
    `nav-callbacks.c:${lineOf(callbacks, 'void nav_var_post_patch(')}`,
    `nav-callbacks.c:${lineOf(callbacks, 'void nav_var_pre_unpatch(')}`,
  ]);
});

test('definition: from a run-time assignment to the function in the same file', async () => {
  const found = await definition(main.uri, at(main, 'mark: assignment', 'nav_late_pre_unpatch'));
  assert.deepEqual(summary(found), [`nav-main.c:${lineOf(main, 'static void nav_late_pre_unpatch(')}`]);
});

test('definition: from kpatch and klp-build macros', async () => {
  const kpatch = await definition(macros.uri, at(macros, 'mark: kpatch', 'nav_kpatch_pre'));
  assert.deepEqual(summary(kpatch), [`nav-macros.c:${lineOf(macros, 'static int nav_kpatch_pre(')}`]);
  const klp = await definition(macros.uri, at(macros, 'mark: klp', 'nav_klp_post'));
  assert.deepEqual(summary(klp), [`nav-macros.c:${lineOf(macros, 'static void nav_klp_post(')}`]);
});

test('definition: nothing from text that registers nothing', async () => {
  const found = (await session.connection.sendRequest('textDocument/definition', {
    textDocument: { uri: main.uri },
    position: at(main, 'return klp_enable_patch', 'klp_enable_patch'),
  })) as Location[];
  assert.deepEqual(found, []);
});

async function references(
  doc: { uri: string },
  position: { line: number; character: number },
  includeDeclaration: boolean,
): Promise<Location[]> {
  return (await session.connection.sendRequest('textDocument/references', {
    textDocument: { uri: doc.uri },
    position,
    context: { includeDeclaration },
  })) as Location[];
}

test('references: from a callback definition, from another use of its name, with and without the declaration', async () => {
  const registrationLine = `nav-main.c:${lineOf(main, 'callbacks.post_patch = nav_late_post_patch')}`;
  const definitionLine = `nav-main.c:${lineOf(main, 'static void nav_late_post_patch(')}`;
  const fromDefinition = at(main, 'static void nav_late_post_patch(', 'nav_late_post_patch');
  assert.deepEqual(summary(await references(main, fromDefinition, false)), [registrationLine]);
  assert.deepEqual(
    summary(await references(main, fromDefinition, true)),
    [definitionLine, registrationLine].sort(),
  );
  const fromFuncs = at(main, '.new_func = nav_late_post_patch', 'nav_late_post_patch');
  assert.deepEqual(summary(await references(main, fromFuncs, false)), [registrationLine]);
});

test('references: from a registration, the declaration and a registration in files that are not open', async () => {
  await definition(main.uri, at(main, 'mark: initializer', 'nav_pre_patch')); // the index is read
  const found = await references(main, at(main, 'mark: initializer', 'nav_pre_patch'), true);
  assert.deepEqual(summary(found), [
    `nav-callbacks.c:${lineOf(callbacks, 'int nav_pre_patch(')}`,
    `nav-main.c:${lineOf(main, 'mark: initializer')}`,
    `nav-second.c:${lineOf(second, 'mark: on disk')}`,
  ]);
});

test('references: none for a function no open file registers', async () => {
  assert.deepEqual(await references(main, at(main, 'static int nav_init(', 'nav_init'), true), []);
});

test('document symbols: patch, then objects, then callbacks by kind', async () => {
  const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri: main.uri },
  })) as DocumentSymbol[];
  assert.equal(symbols.length, 1);
  const [patch] = symbols;
  assert.equal(patch.name, 'nav_main');
  assert.equal(patch.kind, SymbolKind.Module);
  const objects = patch.children ?? [];
  assert.deepEqual(
    objects.map((o) => [o.name, o.kind]),
    [
      ['vmlinux', SymbolKind.Object],
      ['nav_target', SymbolKind.Object],
      ['nav_late', SymbolKind.Object],
    ],
  );
  assert.deepEqual(
    objects.map((o) => (o.children ?? []).map((c) => c.name)),
    [
      ['pre_patch: nav_pre_patch', 'post_unpatch: nav_post_unpatch'],
      ['post_patch: nav_var_post_patch', 'pre_unpatch: nav_var_pre_unpatch'],
      ['post_patch: nav_late_post_patch', 'pre_unpatch: nav_late_pre_unpatch'],
    ],
  );
  for (const object of objects) {
    for (const callback of object.children ?? []) assert.equal(callback.kind, SymbolKind.Function);
  }
});

test('workspace symbols: patches, objects and callbacks of the open files, filtered by the query', async () => {
  const query = async (q: string) =>
    ((await session.connection.sendRequest('workspace/symbol', { query: q })) as SymbolInformation[]).map(
      (s) => s.name,
    );
  const all = await query('');
  for (const name of [
    'nav_main',
    'nav_macros',
    'nav_target',
    'pre_patch: nav_kpatch_pre',
    'post_patch: nav_klp_post',
  ]) {
    assert.ok(all.includes(name), name);
  }
  assert.deepEqual((await query('late')).sort(), [
    'nav_late',
    'post_patch: nav_late_post_patch',
    'pre_unpatch: nav_late_pre_unpatch',
  ]);
  assert.deepEqual(await query('kpatchpre'), ['pre_patch: nav_kpatch_pre']);
  assert.deepEqual(await query('no such symbol'), []);
});

test('a header opened as C++ is analysed as C', async () => {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: header.uri, languageId: 'cpp', version: 1, text: header.text },
  });
  const published = await session.diagnostics(header.uri);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range.start.line]),
    [['vmlinux-name', lineOf(header, 'mark: vmlinux')]],
  );
});
