// klpCallbacks/trace over real JSON-RPC: scenario events from the open document, following incremental edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  TraceRequest,
  type TraceCallbackEvent,
  type TraceParams,
  type TraceResult,
  type TraceScenario,
} from '../../server/src/protocol';
import { FIXTURES, SAMPLES } from '../helpers';
import { startServer, type LspSession } from './lsp-client';

const demoFile = path.join(SAMPLES, 'livepatch-callbacks-demo.c');
const demoUri = pathToFileURL(demoFile).href;
const demoText = fs.readFileSync(demoFile, 'utf8');
const variableFile = path.join(SAMPLES, 'livepatch-callbacks-variable.c');
const variableUri = pathToFileURL(variableFile).href;
let session: LspSession;

before(async () => {
  session = startServer();
  const result = (await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: null,
  })) as { capabilities: { experimental?: { klpCallbacks?: { requests?: string[] } } } };
  assert.ok(result.capabilities.experimental?.klpCallbacks?.requests?.includes(TraceRequest.method));
  await session.connection.sendNotification('initialized', {});
  await open(demoUri, demoText);
});

after(() => session.close());

async function open(uri: string, text: string, languageId = 'c'): Promise<void> {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId, version: 1, text },
  });
}

async function trace(params: TraceParams): Promise<TraceResult> {
  const result = await session.connection.sendRequest(TraceRequest.type, params);
  assert.ok(result, 'the server answered null');
  return result;
}

function scenario(result: TraceResult, name: string): TraceScenario {
  const found = result.scenarios.find((s) => s.name === name);
  assert.ok(found, `no scenario ${name} in ${result.scenarios.map((s) => s.name).join(', ')}`);
  return found;
}

function callbacks(s: TraceScenario): TraceCallbackEvent[] {
  return s.events.filter((e): e is TraceCallbackEvent => e.type === 'callback');
}

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return line;
}

test('traces every built-in scenario of the open document, in the kernel order', async () => {
  const result = await trace({ uri: demoUri });
  assert.deepEqual(result.patches, ['livepatch_callbacks_demo']);
  assert.deepEqual(result.ownPatches, ['livepatch_callbacks_demo']);
  assert.deepEqual(result.problems, []);
  assert.ok(result.scenarios.length >= 10);
  assert.match(result.callbackTiming.pre_patch, /Before the object is patched/);

  const after = scenario(result, 'target-loaded-after-patch');
  assert.equal(after.applicable, true);
  assert.match(after.text, /^load livepatch_callbacks_demo$/m);
  const loadTarget = after.events.findIndex((e) => e.type === 'action' && e.text === 'load demo_target');
  const fromLoad = after.events.slice(loadTarget);
  const order = fromLoad
    .filter((e) => e.type === 'callback' || e.type === 'module')
    .slice(0, 3)
    .map((e) => (e.type === 'callback' ? `${e.function}@${e.moduleState}` : `${e.type}`));
  assert.deepEqual(order, ['target_pre_patch@COMING', 'target_post_patch@COMING', 'module']);

  const pre = callbacks(after).find((e) => e.function === 'target_pre_patch');
  assert.ok(pre);
  assert.equal(pre.ret, 0);
  assert.equal(pre.uri, demoUri, 'the source maps back to the document URI for "reveal"');
  assert.equal(pre.source.range.start.line, lineOf(demoText, 'static int target_pre_patch('));

  const replace = scenario(result, 'atomic-replace');
  assert.equal(replace.applicable, false);
  assert.match(replace.reason ?? '', /no input sets \.replace = true/);
  assert.deepEqual(replace.events, []);
});

test('an incremental edit removing a .post_patch registration removes its callback events', async () => {
  const line = lineOf(demoText, '.post_patch = vmlinux_post_patch,');
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: demoUri, version: 2 },
    contentChanges: [
      { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' },
    ],
  });
  const result = await trace({ uri: demoUri, scenario: 'target-loaded-before-patch' });
  assert.equal(result.version, 2);
  assert.deepEqual(
    result.scenarios.map((s) => s.name),
    ['target-loaded-before-patch'],
  );
  const functions = callbacks(result.scenarios[0]).map((e) => e.function);
  assert.ok(!functions.includes('vmlinux_post_patch'), functions.join(' '));
  assert.ok(functions.includes('target_post_patch'), functions.join(' '));
  assert.ok(functions.includes('vmlinux_pre_unpatch'), 'the other registrations are untouched');

  // Put it back: the next tests see the sample as written.
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: demoUri, version: 3 },
    contentChanges: [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        text: demoText.split('\n')[line] + '\n',
      },
    ],
  });
  const restored = await trace({ uri: demoUri, scenario: 'target-loaded-before-patch' });
  assert.ok(callbacks(restored.scenarios[0]).some((e) => e.function === 'vmlinux_post_patch'));
});

test('another open livepatch takes part: stacked as written, its callbacks reveal in its own file', async () => {
  await open(variableUri, fs.readFileSync(variableFile, 'utf8'));
  const result = await trace({ uri: demoUri });
  assert.deepEqual(result.patches, ['livepatch_callbacks_demo', 'livepatch_callbacks_variable']);
  assert.deepEqual(result.ownPatches, ['livepatch_callbacks_demo']);
  // Neither source sets .replace: they stack, and no built-in makes one replace the other.
  assert.match(scenario(result, 'stacked-patches').text, /^load livepatch_callbacks_variable$/m);
  assert.equal(scenario(result, 'atomic-replace').applicable, false);
  assert.ok(result.scenarios.every((s) => !/replace=/.test(s.text)));
  const custom = await trace({ uri: demoUri, scenario: 'load demo_conn\nload livepatch_callbacks_variable' });
  const other = callbacks(custom.scenarios[0]).find((e) => e.patch === 'livepatch_callbacks_variable');
  assert.ok(other, JSON.stringify(custom));
  assert.equal(other.uri, variableUri);
  assert.equal(other.function, 'conn_pre_patch');

  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: variableUri } });
  const alone = await trace({ uri: demoUri });
  assert.equal(scenario(alone, 'stacked-patches').applicable, false);
});

test('atomic replace with a replace patch open: the non-replace patch first, whichever document is active', async () => {
  const cumulativeFile = path.join(FIXTURES, 'scenarios', 'cumulative_fix.c');
  const cumulativeUri = pathToFileURL(cumulativeFile).href;
  await open(cumulativeUri, fs.readFileSync(cumulativeFile, 'utf8'));
  for (const uri of [demoUri, cumulativeUri]) {
    const replace = scenario(await trace({ uri }), 'atomic-replace');
    assert.equal(replace.applicable, true, uri);
    const loads = replace.text.split('\n').filter((l) => l.startsWith('load '));
    assert.deepEqual(loads.slice(-2), ['load livepatch_callbacks_demo', 'load cumulative_fix'], uri);
  }
  await session.connection.sendNotification('textDocument/didClose', {
    textDocument: { uri: cumulativeUri },
  });
});

test('a second open copy of the same livepatch is left out, and the panel is told why', async () => {
  const copy = 'file:///tmp/klp-callbacks-copy/livepatch-callbacks-demo.c';
  await open(copy, demoText);
  const result = await trace({ uri: demoUri });
  assert.deepEqual(result.patches, ['livepatch_callbacks_demo']);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0], /livepatch 'livepatch_callbacks_demo' is already among the inputs/);
  const errors = result.scenarios.flatMap((s) => s.events).filter((e) => e.type === 'error');
  assert.ok(errors.length > 0, 'the refusal scenarios still refuse');
  assert.ok(!errors.some((e) => /two input livepatches/.test(e.text)), 'no EEXIST for the copy');
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: copy } });
});

test('a custom scenario is simulated, and its parse errors come back with line numbers', async () => {
  const custom = await trace({
    uri: demoUri,
    scenario: 'load livepatch_callbacks_demo\ndisable livepatch_callbacks_demo\n',
  });
  assert.deepEqual(custom.scenarioErrors, []);
  assert.equal(custom.scenarios.length, 1);
  assert.equal(custom.scenarios[0].name, 'custom');
  assert.deepEqual(
    callbacks(custom.scenarios[0]).map((e) => e.callback),
    ['pre_patch', 'post_patch', 'pre_unpatch', 'post_unpatch'],
  );

  const broken = await trace({ uri: demoUri, scenario: 'load livepatch_callbacks_demo\nfrobnicate it\n' });
  assert.deepEqual(broken.scenarios, []);
  assert.equal(broken.scenarioErrors.length, 1);
  assert.equal(broken.scenarioErrors[0].line, 2);
  assert.match(broken.scenarioErrors[0].message, /load, unload/);
});

test('files without a livepatch, broken C and binary text give messages, not failures', async () => {
  const plain = 'file:///tmp/klp-callbacks-trace-plain.c';
  await open(plain, 'int main(void) { return 0; }\n');
  const none = await trace({ uri: plain });
  assert.match(none.problems[0], /No livepatch in this file/);
  assert.ok(none.scenarios.length > 0);
  assert.ok(none.scenarios.every((s) => !s.applicable && s.reason));

  const broken = 'file:///tmp/klp-callbacks-trace-broken.c';
  await open(broken, 'static struct klp_object objs[] = { { .name = "x", .callbacks = { .pre_patch = ');
  const partial = await trace({ uri: broken });
  assert.ok(partial.problems.length > 0);

  const binary = 'file:///tmp/klp-callbacks-trace-binary.c';
  await open(binary, '\u0000\u0001ELF\u0000'.repeat(200));
  const garbage = await trace({ uri: binary });
  assert.deepEqual(garbage.problems, [
    'This file is not analysed: binary content (the text contains NUL characters).',
  ]);
  assert.ok(garbage.scenarios.every((s) => !s.applicable));

  const customOnNothing = await trace({ uri: plain, scenario: 'load x' });
  assert.deepEqual(customOnNothing.scenarios, []);

  const closed = await trace({ uri: 'file:///tmp/never-opened.c' });
  assert.equal(closed.version, null);
  assert.match(closed.problems[0], /not open/);
  assert.deepEqual(session.loggedErrors(), []);
});

test('patchesOnly answers the patch names without simulating', async () => {
  const result = await trace({ uri: demoUri, patchesOnly: true });
  assert.deepEqual(result.ownPatches, ['livepatch_callbacks_demo']);
  assert.deepEqual(result.scenarios, []);
});

test('a document with several struct klp_patch traces: each patch takes part under a name of its own', async () => {
  const file = path.join(FIXTURES, 'extract', 'terminators.c');
  const uri = pathToFileURL(file).href;
  await open(uri, fs.readFileSync(file, 'utf8'));
  const result = await trace({ uri });
  const own = ['terminators', 'terminators_single_patch', 'terminators_extern_patch'];
  assert.deepEqual(result.ownPatches, own);
  assert.deepEqual(result.patches.slice(0, 3), own);
  assert.ok(!result.problems.some((p) => /already among the inputs/.test(p)), result.problems.join('\n'));
  const loads = result.scenarios.flatMap((s) => s.events).filter((e) => e.type === 'action');
  assert.ok(loads.length > 0, 'the built-in scenarios were simulated');
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});
