// package.json contributes exactly the command ids, settings and view type the extension's code uses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  COMMANDS,
  documentSchemes,
  documentSelector,
  isTraceableDocument,
  SETTINGS,
  SETTINGS_SECTION,
  TRACE_VIEW_TYPE,
  useWorkspaceSchemes,
} from '../../client/src/ids';
import { statusText } from '../../client/src/statusText';
import { REPO_ROOT } from '../helpers';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string }[]>;
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

test('every command is contributed, and every menu entry names a contributed command', () => {
  const contributed: string[] = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...contributed], [...Object.values(COMMANDS)].sort());
  for (const entries of Object.values(manifest.contributes.menus)) {
    for (const entry of entries) assert.ok(contributed.includes(entry.command), entry.command);
  }
  assert.ok(manifest.contributes.menus['editor/title']?.some((e) => e.command === COMMANDS.showTracePreview));
});

test('every setting the code reads is declared', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties);
  for (const key of Object.values(SETTINGS)) assert.ok(declared.includes(`${SETTINGS_SECTION}.${key}`), key);
});

test('the panel survives reloads: its view type activates the extension', () => {
  assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${TRACE_VIEW_TYPE}`));
  assert.equal(manifest.main, './dist/extension.js');
});

test('the status bar names the patch and counts findings', () => {
  assert.equal(statusText(['livepatch_demo'], 1), '$(pulse) livepatch_demo: 1 finding');
  assert.equal(statusText([], 0), '$(pulse) klp-callbacks: 0 findings');
  assert.equal(statusText(['a', 'b'], 3), '$(pulse) a, b: 3 findings');
});

test('the preview follows the documents the language client sends to the server', () => {
  const doc = (languageId: string, fileName: string, scheme = 'file') => ({
    languageId,
    fileName,
    uri: { scheme },
  });
  assert.equal(isTraceableDocument(doc('c', '/src/livepatch.c')), true);
  assert.equal(isTraceableDocument(doc('c', 'Untitled-1', 'untitled')), true);
  assert.equal(isTraceableDocument(doc('diff', '/src/fix.patch')), true);
  assert.equal(isTraceableDocument(doc('diff', '/src/FIX.DIFF')), true);
  assert.equal(isTraceableDocument(doc('diff', '/src/changes.txt')), false);
  assert.equal(isTraceableDocument(doc('cpp', '/src/x.c')), false);
  assert.equal(isTraceableDocument(doc('c', '/src/livepatch.c', 'git')), false, 'the git HEAD copy');
});

test("a web host's workspace scheme (code-server's vscode-remote:) reaches the server too; git: copies still do not", () => {
  const doc = (scheme: string) => ({ languageId: 'c', fileName: '/src/livepatch.c', uri: { scheme } });
  assert.equal(isTraceableDocument(doc('vscode-remote')), false, 'not before the folders are known');
  useWorkspaceSchemes([{ uri: { scheme: 'vscode-remote' } }, { uri: { scheme: 'file' } }]);
  try {
    assert.equal(isTraceableDocument(doc('vscode-remote')), true);
    assert.equal(isTraceableDocument(doc('git')), false);
    assert.deepEqual(documentSchemes(), ['file', 'untitled', 'vscode-remote']);
    assert.ok(documentSelector().some((entry) => entry.scheme === 'vscode-remote' && entry.language === 'c'));
  } finally {
    useWorkspaceSchemes([]);
  }
  assert.equal(isTraceableDocument(doc('vscode-remote')), false);
});

test('C headers, which VS Code opens as C++, reach the server; C++ sources do not', () => {
  const doc = (languageId: string, fileName: string) => ({ languageId, fileName, uri: { scheme: 'file' } });
  assert.equal(isTraceableDocument(doc('cpp', '/src/livepatch.h')), true);
  assert.equal(isTraceableDocument(doc('c', '/src/livepatch.h')), true);
  for (const cpp of ['/src/x.hpp', '/src/x.cc', '/src/x.cpp', '/src/x.hh', '/src/x.h.in']) {
    assert.equal(isTraceableDocument(doc('cpp', cpp)), false, cpp);
  }
  const selector = documentSelector();
  const cppEntries = selector.filter((entry) => entry.language === 'cpp');
  assert.ok(cppEntries.length > 0);
  for (const entry of cppEntries) assert.equal(entry.pattern, '**/*.h', 'only headers, never .hpp/.cc');
  assert.ok(selector.some((entry) => entry.language === 'c' && entry.pattern === undefined));
  assert.ok(manifest.activationEvents.includes('onLanguage:cpp'), 'a header opened first starts the server');
});
