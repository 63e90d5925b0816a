// Go to counterpart, code lens and hover links over real JSON-RPC.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { CounterpartRequest, type TracePreviewFocus } from '../../server/src/protocol';
import { FIXTURES } from '../helpers';
import { startServer, type LspSession } from './lsp-client';

const file = path.join(FIXTURES, 'lsp-editor', 'lens-pairs.c');
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
let session: LspSession;
let capabilities: Record<string, unknown>;

function at(needle: string, offset = 1) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return { line, character: lines[line].indexOf(needle) + offset };
}

before(async () => {
  session = startServer();
  const result = (await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: null,
  })) as { capabilities: Record<string, unknown> };
  capabilities = result.capabilities;
  await session.connection.sendNotification('initialized', {});
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text },
  });
  await session.diagnostics(uri);
});

after(() => session.close());

test('the server announces code lens and the counterpart request', () => {
  assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
  const experimental = capabilities.experimental as { klpCallbacks: { requests: string[] } };
  assert.ok(experimental.klpCallbacks.requests.includes(CounterpartRequest.method));
});

test('klpCallbacks/counterpart: pre_patch → post_unpatch, and a reason where there is none', async () => {
  const found = await session.connection.sendRequest(CounterpartRequest.type, {
    textDocument: { uri },
    position: at('lens_pre_patch(struct'),
  });
  assert.deepEqual(
    found?.locations.map((l) => [l.uri, l.range.start.line]),
    [[uri, at('lens_post_unpatch(struct').line]],
  );
  const none = await session.connection.sendRequest(CounterpartRequest.type, {
    textDocument: { uri },
    position: at('lens_target_post_patch(struct'),
  });
  assert.deepEqual(none?.locations, []);
  assert.match(none?.reason ?? '', /no pre_unpatch/);
  const unknown = await session.connection.sendRequest(CounterpartRequest.type, {
    textDocument: { uri: 'file:///not/open.c' },
    position: { line: 0, character: 0 },
  });
  assert.deepEqual(unknown?.locations, []);
});

test('textDocument/codeLens: one per registered callback, opening the trace panel on it', async () => {
  const lenses = (await session.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri },
  })) as CodeLens[];
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.equal(lenses.length, 3, titles.join('\n'));
  const post = lenses.find((l) => l.range.start.line === at('lens_target_post_patch(struct').line);
  assert.match(
    post?.command?.title ?? '',
    /^post_patch of lens_target · no pre_unpatch registered · runs in \d+ of \d+ scenarios, twice in disable-reversed/,
  );
  const focus = post?.command?.arguments?.[0] as TracePreviewFocus;
  assert.equal(focus.scenario, 'disable-reversed');
  // A second request is answered from the cache: the same titles.
  const again = (await session.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri },
  })) as CodeLens[];
  assert.deepEqual(
    again.map((l) => l.command?.title),
    titles,
  );
});

test('code lens follows an edit: a registration removed, its lens gone', async () => {
  const line = at('.post_patch = lens_target_post_patch').line;
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [
      { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' },
    ],
  });
  const lenses = (await session.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri },
  })) as CodeLens[];
  assert.equal(lenses.length, 2);
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ text }],
  });
});

test('textDocument/hover: execution context and command links', async () => {
  const hover = (await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: at('lens_post_unpatch(struct'),
  })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /klp_mutex/);
  assert.match(value, /\[Go to counterpart\]\(command:klpCallbacks\.goToCounterpart\?/);
  assert.match(value, /\[Show in the trace panel\]\(command:klpCallbacks\.showTracePreview\?/);
  assert.deepEqual(session.loggedErrors(), []);
});

test('textDocument/completion inside `.callbacks = { }` of a half-typed object, then a function as the value', async () => {
  const typing = pathToFileURL(path.join(path.dirname(file), 'typing.c')).href;
  const functions = text.slice(0, text.indexOf('static struct klp_func'));
  const half = `${functions}static struct klp_object typing_objs[] = {\n\t{\n\t\t.callbacks = {\n\t\t\t.`;
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: typing, languageId: 'c', version: 1, text: half },
  });
  const lines = half.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const members = (await session.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: typing },
    position: end,
    context: { triggerKind: 2, triggerCharacter: '.' },
  })) as CompletionItem[];
  assert.deepEqual(
    members.map((i) => i.label),
    ['.pre_patch', '.post_patch', '.pre_unpatch', '.post_unpatch'],
  );
  const valueText = `${half}pre_unpatch = `;
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: typing, version: 2 },
    contentChanges: [{ text: valueText }],
  });
  const values = (await session.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: typing },
    position: { line: end.line, character: end.character + 'pre_unpatch = '.length },
  })) as CompletionItem[];
  const ordered = [...values].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  // lens_target_pre_unpatch is registered nowhere; the other void callbacks are (in lens-pairs.c).
  assert.equal(ordered[0]?.label, 'lens_target_pre_unpatch');
  assert.ok(ordered.some((i) => i.label === 'lens_post_unpatch'));
  assert.ok(!ordered.some((i) => i.label === 'lens_pre_patch'), 'pre_patch returns int');
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: typing } });
});
