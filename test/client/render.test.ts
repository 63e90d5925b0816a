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
        {
          index: 0,
          highlighted: false,
          kind: 'action',
          line: 2,
          text: 'load demo_target',
          status: ['livepatch_demo: enabled=1 transition=0'],
        },
        {
          index: 1,
          highlighted: false,
          kind: 'kernel',
          level: 'notice',
          text: "livepatch: applying patch 'livepatch_demo'",
        },
        {
          index: 2,
          highlighted: true,
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
          refused: false,
          lane: 0,
        },
        { index: 3, highlighted: false, kind: 'module', text: 'demo_target: module_init()' },
        { index: 4, highlighted: false, kind: 'error', text: `${HOSTILE} (errno -16)` },
      ],
      lanes: ['demo_target'],
      dmesg: "livepatch: applying patch 'livepatch_demo'\n",
      json: '{"events":[]}\n',
    },
    {
      name: 'atomic-replace',
      title: 'Atomic replace by a second patch',
      description: '',
      applicable: false,
      reason: 'needs a second livepatch among the inputs',
      rows: [],
      lanes: [],
      dmesg: '',
      json: '',
    },
  ],
  summary: {
    columns: [{ patch: 'livepatch_demo', object: 'demo_target', callback: 'pre_patch' }],
    groups: [{ label: 'livepatch_demo: demo_target', span: 1 }],
    rows: [
      {
        scenario: 'target-loaded-after-patch',
        title: 'Target module loaded after the patch',
        applicable: true,
        reason: '',
        cells: [{ status: 'runs', label: 'runs', states: 'COMING', event: 2, title: HOSTILE }],
      },
      {
        scenario: 'atomic-replace',
        title: 'Atomic replace by a second patch',
        applicable: false,
        reason: 'needs a second livepatch among the inputs',
        cells: [],
      },
    ],
  },
  showDebug: true,
  lanes: false,
  compare: null,
};

interface Calls {
  select: string[];
  runCustom: string[];
  reveal: [string, Range][];
  /** Every other handler call, as `name(args)`. */
  other: string[];
}

function render(view: View): { root: FakeElement; calls: Calls } {
  const calls: Calls = { select: [], runCustom: [], reveal: [], other: [] };
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.other.push(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
  const handlers: Handlers = {
    select: (value) => calls.select.push(value),
    runCustom: (text) => calls.runCustom.push(text),
    reveal: (uri, r) => calls.reveal.push([uri, r]),
    openCell: record('openCell'),
    showDebug: record('showDebug'),
    lanes: record('lanes'),
    copy: record('copy'),
    saveScenario: record('saveScenario'),
    pin: record('pin'),
    compareWith: record('compareWith'),
    compare: record('compare'),
    closeCompare: record('closeCompare'),
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

test('the summary matrix: one row per scenario, a cell per callback opening that scenario at its event', () => {
  const { root, calls } = render(shown);
  assert.deepEqual(
    root.findAll('summary-row').map((r) => r.dataset.scenario),
    ['target-loaded-after-patch', 'atomic-replace'],
  );
  assert.equal(root.find('summary-group').textContent, 'livepatch_demo: demo_target');
  assert.equal(root.find('summary-group').colSpan, 1);
  const cell = root.find('summary-cell');
  assert.equal(cell.textContent, 'runs');
  assert.equal(cell.dataset.status, 'runs');
  assert.match(
    cell.title,
    /^<img src=x onerror="alert\(1\)">\. Open Target module loaded after the patch at this event\.$/,
  );
  assert.equal(root.find('summary-state').textContent, 'COMING');
  cell.dispatch('click');
  assert.deepEqual(calls.other, ['openCell("target-loaded-after-patch", 2)']);
  assert.equal(
    root.find('summary-reason').textContent,
    'not applicable: needs a second livepatch among the inputs',
  );
});

test('rows carry their event index, highlights, sysfs state per action and a refusal marker', () => {
  const { root } = render(shown);
  const events = root.findAll('event');
  assert.deepEqual(
    events.map((e) => e.dataset.index),
    ['0', '1', '2', '3', '4'],
  );
  assert.deepEqual(
    events.map((e) => e.dataset.highlighted ?? ''),
    ['', '', 'true', '', ''],
  );
  assert.equal(root.find('patch-status').textContent, 'livepatch_demo: enabled=1 transition=0');
  assert.equal(events[4].find('error-mark').textContent, '✗ refused: ');
  assert.match(events[2].className, /lane-0/);
});

test('toggles, exports, pin and compare report to the handlers', () => {
  const { root, calls } = render(shown);
  assert.equal(root.find('toggle-debug').checked, true);
  root.find('toggle-debug').checked = false;
  root.find('toggle-debug').dispatch('change');
  root.find('toggle-lanes').checked = true;
  root.find('toggle-lanes').dispatch('change');
  root.find('copy-dmesg').dispatch('click');
  root.find('copy-json').dispatch('click');
  root.find('custom-scenario-input').value = 'load livepatch_demo';
  root.find('custom-scenario-save').dispatch('click');
  root.find('pin-before').dispatch('click');
  root.find('compare-with').dispatch('click');
  assert.deepEqual(calls.other, [
    'showDebug(false)',
    'lanes(true)',
    `copy("dmesg", "livepatch: applying patch 'livepatch_demo'\\n")`,
    'copy("JSON", "{\\"events\\":[]}\\n")',
    'saveScenario("load livepatch_demo")',
    'pin("target-loaded-after-patch")',
    'compareWith("target-loaded-after-patch")',
  ]);
  assert.equal(root.find('compare').hidden, true);
});

test('compare shows two columns with each difference marked in text', () => {
  const { root, calls } = render({
    ...shown,
    compare: {
      left: 'a',
      right: 'b',
      options: [
        { value: 'a', label: 'Scenario A' },
        { value: 'b', label: HOSTILE },
      ],
      lines: [
        { change: 'same', left: '$ load p', right: '$ load p' },
        { change: 'removed', left: 'p: pre_patch(vmlinux) → f', right: '' },
        { change: 'added', left: '', right: 'p: post_patch(vmlinux) → g' },
      ],
      changes: 2,
    },
  });
  assert.equal(root.find('compare').hidden, false);
  assert.equal(root.find('scenarios').hidden, true);
  assert.equal(root.find('compare-right-title').textContent, HOSTILE);
  assert.equal(root.find('compare-count').textContent, ' 2 lines differ ');
  assert.deepEqual(
    root.findAll('compare-line').map((l) => [l.dataset.change, l.textContent]),
    [
      ['same', '  $ load p  $ load p'],
      ['removed', '− p: pre_patch(vmlinux) → f'],
      ['added', '+ p: post_patch(vmlinux) → g'],
    ],
  );
  root.find('compare-right').value = 'a';
  root.find('compare-right').dispatch('change');
  root.find('compare-close').dispatch('click');
  assert.deepEqual(calls.other, ['compare("a", "a")', 'closeCompare()']);
});
