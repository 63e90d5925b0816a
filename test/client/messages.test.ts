// Messages from the webview are validated before use; the custom scenario's trace merges with the built-ins.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  mergeCustomTrace,
  parseCounterexampleArgs,
  parseWebviewMessage,
} from '../../client/src/preview/messages';
import type { TraceResult, TraceScenario } from '../../server/src/protocol';

const range = { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } };

test('accepts the three well-formed messages', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'customScenario', text: 'load p' }), {
    type: 'customScenario',
    text: 'load p',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', uri: 'file:///a.c', range, extra: 1 }), {
    type: 'reveal',
    uri: 'file:///a.c',
    range,
  });
});

test('rejects anything else', () => {
  for (const raw of [
    null,
    'ready',
    [],
    { type: 'unknown' },
    { type: 'customScenario', text: 42 },
    { type: 'reveal', uri: '', range },
    { type: 'reveal', uri: 'file:///a.c' },
    { type: 'reveal', uri: 'file:///a.c', range: { start: { line: -1, character: 0 }, end: range.end } },
    { type: 'reveal', uri: 'file:///a.c', range: { start: { line: 1.5, character: 0 }, end: range.end } },
  ]) {
    assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  }
});

function scenario(name: string): TraceScenario {
  return { name, title: name, description: '', applicable: true, text: '', events: [] };
}

function result(scenarios: TraceScenario[], errors: TraceResult['scenarioErrors'] = []): TraceResult {
  return {
    uri: 'file:///a.c',
    version: 4,
    patches: ['p'],
    ownPatches: ['p'],
    objectNames: [],
    scenarios,
    scenarioErrors: errors,
    problems: [],
    callbackTiming: { pre_patch: '', post_patch: '', pre_unpatch: '', post_unpatch: '' },
  };
}

test('the custom scenario comes after the built-ins, with its errors', () => {
  const builtins = result([scenario('a'), scenario('b')]);
  assert.equal(mergeCustomTrace(builtins, null), builtins);
  assert.deepEqual(
    mergeCustomTrace(builtins, result([scenario('custom')])).scenarios.map((s) => s.name),
    ['a', 'b', 'custom'],
  );
  const failed = mergeCustomTrace(builtins, result([], [{ line: 2, message: 'unknown action' }]));
  assert.deepEqual(
    failed.scenarios.map((s) => s.name),
    ['a', 'b'],
  );
  assert.deepEqual(failed.scenarioErrors, [{ line: 2, message: 'unknown action' }]);
});

test('export, save and shown messages are accepted well-formed only', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'copy', what: 'dmesg', text: 'livepatch: x\n' }), {
    type: 'copy',
    what: 'dmesg',
    text: 'livepatch: x\n',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'saveScenario', text: 'load p\n' }), {
    type: 'saveScenario',
    text: 'load p\n',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'shown', scenario: 'custom', highlighted: [1, 4] }), {
    type: 'shown',
    scenario: 'custom',
    highlighted: [1, 4],
  });
  for (const raw of [
    { type: 'copy', text: 'x' },
    { type: 'saveScenario' },
    { type: 'shown', scenario: 'custom', highlighted: [-1] },
    { type: 'shown', scenario: 'custom', highlighted: ['1'] },
  ]) {
    assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  }
});

test('showCounterexample takes { uri, scenario, highlight }, alone or as a one-element argument list', () => {
  const args = { uri: 'file:///a.c', scenario: 'load a\n', highlight: [3] };
  assert.deepEqual(parseCounterexampleArgs(args), args);
  assert.deepEqual(parseCounterexampleArgs([args]), args);
  for (const raw of [
    undefined,
    [],
    [args, args],
    { ...args, uri: '' },
    { ...args, scenario: 3 },
    { ...args, highlight: [1.5] },
    { uri: 'file:///a.c', scenario: 'load a' },
  ]) {
    assert.equal(parseCounterexampleArgs(raw), undefined, JSON.stringify(raw));
  }
});
