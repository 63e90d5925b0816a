// The panel's DOM, on a fake document: stable data-testids, data as text only, clicks reported to the handlers.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createLayout, update, type Handlers } from '../../client/webview/render';
import type { View } from '../../client/webview/view-model';
import type { Range } from '../../server/src/protocol';
import { FakeElement, installFakeDocument } from './fake-dom';

const HOSTILE = '<img src=x onerror="alert(1)">';
const range: Range = { start: { line: 9, character: 11 }, end: { line: 9, character: 25 } };

const shown: View = {
  header: `${HOSTILE}.c`,
  notice: '',
  problems: [`Line 4: ${HOSTILE}`],
  patches: ['livepatch_demo'],
  objectNames: [`livepatch_demo: object joydev (guess): ${HOSTILE}`],
  options: [
    { value: 'all', label: 'All scenarios' },
    { value: 'target-loaded-after-patch', label: 'Target module loaded after the patch' },
    { value: 'atomic-replace', label: 'Atomic replace (not applicable)' },
  ],
  selected: 'all',
  customErrors: [],
  sections: [
    {
      name: 'target-loaded-after-patch',
      title: 'Target module loaded after the patch',
      description: HOSTILE,
      applicable: true,
      reason: '',
      rows: [
        { kind: 'action', line: 2, text: 'load demo_target' },
        { kind: 'kernel', level: 'notice', text: "livepatch: applying patch 'livepatch_demo'" },
        {
          kind: 'callback',
          patch: 'livepatch_demo',
          object: 'demo_target',
          callback: 'pre_patch',
          function: 'target_pre_patch',
          moduleState: 'MODULE_STATE_COMING',
          ret: '0',
          uri: 'file:///src/demo.c',
          range,
          timing: 'Before the object is patched.',
        },
        { kind: 'module', text: 'demo_target: module_init()' },
        { kind: 'error', text: `${HOSTILE} (errno -16)` },
      ],
    },
    {
      name: 'atomic-replace',
      title: 'Atomic replace by a second patch',
      description: '',
      applicable: false,
      reason: 'needs a second livepatch among the inputs',
      rows: [],
    },
  ],
};

interface Calls {
  select: string[];
  runCustom: string[];
  reveal: [string, Range][];
}

function render(view: View): { root: FakeElement; calls: Calls } {
  const calls: Calls = { select: [], runCustom: [], reveal: [] };
  const handlers: Handlers = {
    select: (value) => calls.select.push(value),
    runCustom: (text) => calls.runCustom.push(text),
    reveal: (uri, r) => calls.reveal.push([uri, r]),
  };
  const root = new FakeElement('body');
  const layout = createLayout(root as never, handlers, '');
  update(layout, view, handlers);
  return { root, calls };
}

before(installFakeDocument);

test('the panel has the documented data-testids and shows data as text, never as markup', () => {
  const { root } = render(shown);
  assert.equal(root.find('trace-panel').tagName, 'main');
  assert.equal(root.find('trace-file').textContent, `${HOSTILE}.c`);
  assert.equal(root.find('trace-patches').textContent, 'Livepatches: livepatch_demo');
  assert.deepEqual(
    root.findAll('trace-object-name').map((p) => p.textContent),
    [`livepatch_demo: object joydev (guess): ${HOSTILE}`],
  );
  assert.equal(root.find('trace-notice').hidden, true);
  assert.deepEqual(
    root.findAll('trace-problem').map((p) => p.textContent),
    [`Line 4: ${HOSTILE}`],
  );
  assert.deepEqual(
    root.find('scenario-select').children.map((o) => (o as FakeElement).value),
    ['all', 'target-loaded-after-patch', 'atomic-replace'],
  );
  const sections = root.findAll('scenario');
  assert.deepEqual(
    sections.map((s) => [s.dataset.scenario, s.dataset.applicable]),
    [
      ['target-loaded-after-patch', 'true'],
      ['atomic-replace', 'false'],
    ],
  );
  assert.equal(sections[0].find('scenario-description').textContent, HOSTILE);
  assert.equal(
    sections[1].find('scenario-reason').textContent,
    'Not applicable: needs a second livepatch among the inputs',
  );
  assert.deepEqual(
    sections[0].findAll('event').map((e) => e.dataset.eventType),
    ['action', 'kernel', 'callback', 'module', 'error'],
  );
});

test('a callback row reads like the kernel trace, and its function reveals the source', () => {
  const { root, calls } = render(shown);
  const callback = root.findAll('event')[2];
  assert.equal(
    callback.textContent,
    'livepatch_demo: pre_patch(demo_target) [MODULE_STATE_COMING] → target_pre_patch = 0',
  );
  assert.equal(callback.find('callback-kind').title, 'Before the object is patched.');
  assert.equal(callback.find('callback-state').textContent, ' [MODULE_STATE_COMING]');
  callback.find('callback-function').dispatch('click');
  assert.deepEqual(calls.reveal, [['file:///src/demo.c', range]]);
});

test('the selector and the custom scenario box report to the extension', () => {
  const { root, calls } = render(shown);
  const select = root.find('scenario-select');
  select.value = 'atomic-replace';
  select.dispatch('change');
  assert.deepEqual(calls.select, ['atomic-replace']);
  root.find('custom-scenario-input').value = 'load livepatch_demo';
  root.find('custom-scenario-run').dispatch('click');
  assert.deepEqual(calls.runCustom, ['load livepatch_demo']);
});

test('a notice shows alone; custom scenario errors open the box', () => {
  const { root } = render({
    ...shown,
    notice: 'Open a C file',
    sections: [],
    problems: [],
    customErrors: ['Line 1: unknown action'],
  });
  assert.equal(root.find('trace-notice').hidden, false);
  assert.equal(root.find('trace-notice').textContent, 'Open a C file');
  assert.deepEqual(root.findAll('scenario'), []);
  assert.equal(root.find('custom-scenario').open, true);
  assert.deepEqual(
    root.findAll('custom-scenario-error').map((e) => e.textContent),
    ['Line 1: unknown action'],
  );
});
