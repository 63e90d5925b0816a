// The trace panel's title and page message for what it follows: notices, the trace, the custom scenario, failures.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { notAnalysedNotice, panelContent, type PanelSubject } from '../../client/src/preview/panel-content';
import type { TraceSourceApi } from '../../client/src/preview/trace-source';
import type { TraceParams, TraceResult, TraceScenario } from '../../server/src/protocol';

const URI = 'file:///work/livepatch-demo.c';
const document = { uri: { path: '/work/livepatch-demo.c', toString: () => URI } } as vscode.TextDocument;

function result(names: string[]): TraceResult {
  return {
    uri: URI,
    version: 1,
    patches: ['livepatch_demo'],
    ownPatches: ['livepatch_demo'],
    scenarios: names.map((name) => ({ name }) as TraceScenario),
    scenarioErrors: [],
    objectNames: [],
    problems: [],
    callbackTiming: {} as TraceResult['callbackTiming'],
  };
}

/** A source answering `answer(params)`, recording what it was asked. */
function source(
  answer: (params: TraceParams) => TraceResult | null | Error,
): TraceSourceApi & { asked: TraceParams[] } {
  const asked: TraceParams[] = [];
  return {
    asked,
    trace: (params) => {
      asked.push(params);
      const value = answer(params);
      return value instanceof Error ? Promise.reject(value) : Promise.resolve(value);
    },
    onDidStart: () => ({ dispose: () => undefined }),
    verify: () => Promise.resolve(null),
    onVerifyProgress: () => ({ dispose: () => undefined }),
  };
}

const subject = (over: Partial<PanelSubject>): PanelSubject => ({
  document: undefined,
  notAnalysed: undefined,
  customText: '',
  ...over,
});

test('a file the server does not analyse gets its notice, and no trace is asked for', async () => {
  const traces = source(() => result([]));
  const shown = await panelContent(traces, subject({ document, notAnalysed: 'notes.txt' }));
  assert.deepEqual(shown, {
    title: 'Callback Trace',
    message: { type: 'notice', text: notAnalysedNotice('notes.txt') },
  });
  assert.equal(traces.asked.length, 0);
});

test('no document: open a livepatch, or, with a custom scenario, the file it is written against', async () => {
  const traces = source(() => result([]));
  const plain = await panelContent(traces, subject({}));
  const withScenario = await panelContent(traces, subject({ customText: 'load patch\n' }));
  assert.match(plain.message.type === 'notice' ? plain.message.text : '', /^Open a C file/);
  assert.match(
    withScenario.message.type === 'notice' ? withScenario.message.text : '',
    /this scenario is written against/,
  );
});

test('the built-ins, then the custom scenario appended; the title names the file', async () => {
  const traces = source((params) => (params.scenario ? result(['custom']) : result(['a', 'b'])));
  const shown = await panelContent(traces, subject({ document, customText: 'load patch' }));
  assert.equal(shown.title, 'Callback Trace: livepatch-demo.c');
  assert.equal(shown.message.type, 'trace');
  if (shown.message.type !== 'trace') return;
  assert.deepEqual(
    shown.message.result.scenarios.map((s) => s.name),
    ['a', 'b', 'custom'],
  );
  assert.deepEqual(traces.asked, [{ uri: URI }, { uri: URI, scenario: 'load patch' }]);
});

test('a blank custom scenario is not traced', async () => {
  const traces = source(() => result(['a']));
  await panelContent(traces, subject({ document, customText: '  \n' }));
  assert.deepEqual(traces.asked, [{ uri: URI }]);
});

test('a server not ready yet (no answer) and a failing request each get a notice that says so', async () => {
  const starting = await panelContent(
    source(() => null),
    subject({ document }),
  );
  assert.deepEqual(starting.message, {
    type: 'notice',
    text: 'The klp-callbacks language server is starting…',
  });
  const failing = await panelContent(
    source(() => new Error('connection closed')),
    subject({ document }),
  );
  assert.deepEqual(failing.message, {
    type: 'notice',
    text: 'The trace of livepatch-demo.c could not be computed: connection closed',
  });
});
