// The review parts of the panel's view model on real traces: summary, readable rows, exports, compare, show.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compareLines } from '../../client/webview/compare';
import {
  ALL,
  BEFORE,
  CUSTOM,
  initialState,
  reduce,
  savedState,
  shownAnswer,
  view,
  type PanelState,
} from '../../client/webview/view-model';
import { runCli } from '../../server/src/cli/main';
import { DocumentStore } from '../../server/src/lsp/documents';
import { provideTrace } from '../../server/src/lsp/features/trace';
import type { TraceResult } from '../../server/src/protocol';
import { engine, REPO_ROOT } from '../helpers';

/** v1: no .replace, a vmlinux object and a module object `drv_widget`; v2: its atomic-replace successor. */
function livepatchSource(prefix: string, replace: boolean): string {
  return `#include <linux/livepatch.h>

static int ${prefix}_pre_patch(struct klp_object *obj)
{
\treturn 0;
}

static void ${prefix}_post_patch(struct klp_object *obj)
{
}

static void ${prefix}_pre_unpatch(struct klp_object *obj)
{
}

static void ${prefix}_post_unpatch(struct klp_object *obj)
{
}

static struct klp_func funcs[] = { { .old_name = "widget_show", .new_func = NULL }, { } };

static struct klp_object objs[] = {
\t{
\t\t.name = NULL,
\t\t.funcs = funcs,
\t\t.callbacks = {
\t\t\t.pre_patch = ${prefix}_pre_patch,
\t\t\t.post_patch = ${prefix}_post_patch,
\t\t\t.pre_unpatch = ${prefix}_pre_unpatch,
\t\t\t.post_unpatch = ${prefix}_post_unpatch,
\t\t},
\t},
\t{ .name = "drv_widget", .funcs = funcs, .callbacks = { .pre_patch = ${prefix}_pre_patch } },
\t{ }
};

static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs${replace ? ', .replace = true' : ''} };

static int ${prefix}_init(void)
{
\treturn klp_enable_patch(&patch);
}
module_init(${prefix}_init);
`;
}

const V1 = 'file:///work/widget-v1.c';
const V2 = 'file:///work/widget-v2.c';
let store: DocumentStore;
let result: TraceResult;

before(async () => {
  store = new DocumentStore(await engine());
  store.openDocument(V1, 1, livepatchSource('v1', false));
  store.openDocument(V2, 1, livepatchSource('v2', true));
  result = provideTrace(store, { uri: V1 });
});

after(() => store.disposeAll());

function traced(extra: Partial<PanelState> = {}, from: TraceResult = result): PanelState {
  return {
    ...reduce(initialState(undefined), { type: 'trace', fileName: 'widget-v1.c', result: from }),
    ...extra,
  };
}

test('atomic replace in the panel follows the sources whichever version is the active document', () => {
  for (const uri of [V1, V2]) {
    const shown = view(traced({ selected: 'atomic-replace' }, provideTrace(store, { uri })));
    const [section] = shown.sections;
    assert.ok(section?.applicable, uri);
    const loads = section.rows.flatMap((r) =>
      r.kind === 'action' && r.text.startsWith('load') ? [r.text] : [],
    );
    assert.deepEqual(loads, ['load drv_widget', 'load widget_v1', 'load widget_v2'], uri);
    const replaced = section.rows.findIndex((r) => r.kind === 'action' && r.text === 'load widget_v2');
    const laterV1 = section.rows
      .slice(replaced)
      .filter((r) => r.kind === 'callback' && r.patch === 'widget_v1');
    assert.deepEqual(laterV1, [], `${uri}: the replaced v1 gets no callback`);
  }
});

test('the summary has a row per scenario and a column per registered callback', () => {
  const { summary } = view(traced());
  assert.equal(summary.rows.length, result.scenarios.length);
  assert.deepEqual(summary.groups, [
    { label: 'widget_v1: vmlinux', span: 4 },
    { label: 'widget_v1: drv_widget', span: 1 },
    { label: 'widget_v2: vmlinux', span: 4 },
    { label: 'widget_v2: drv_widget', span: 1 },
  ]);
  const row = (name: string) => summary.rows.find((r) => r.scenario === name);
  const col = (patch: string, object: string, callback: string) =>
    summary.columns.findIndex((c) => c.patch === patch && c.object === object && c.callback === callback);
  const cellOf = (name: string, patch: string, object: string, callback: string) =>
    row(name)?.cells[col(patch, object, callback)];

  // Twice: post_patch runs again when a disable is reversed.
  const twice = cellOf('disable-reversed', 'widget_v1', 'vmlinux', 'post_patch');
  assert.equal(twice?.status, 'twice');
  assert.equal(twice?.label, 'runs ×2');
  // Module state: the target loaded after the patch gets pre_patch while COMING.
  const coming = cellOf('target-loaded-after-patch', 'widget_v1', 'drv_widget', 'pre_patch');
  assert.deepEqual([coming?.status, coming?.states], ['runs', 'COMING']);
  // Refused: the failing pre_patch.
  const refused = cellOf('pre-patch-fails-when-target-loads', 'widget_v1', 'drv_widget', 'pre_patch');
  assert.equal(refused?.status, 'refused');
  // Skipped: the replaced patch's unpatch callbacks never run.
  const skipped = cellOf('atomic-replace', 'widget_v1', 'vmlinux', 'pre_unpatch');
  assert.deepEqual([skipped?.status, skipped?.event], ['skipped', -1]);
  // A cell's event is the run it describes.
  const scenario = result.scenarios.find((s) => s.name === 'target-loaded-after-patch');
  const event = scenario?.events[coming?.event ?? -1];
  assert.equal(event?.type === 'callback' ? `${event.callback} ${event.object}` : '', 'pre_patch drv_widget');
  // Not applicable: one line saying why.
  const na = summary.rows.find((r) => !r.applicable);
  assert.ok(na, 'some built-in does not apply to these inputs');
  assert.match(na.reason, /^[^\n]+$/);
});

test('a clicked cell selects its scenario and highlights that event (never in "all")', () => {
  const state = traced({ selected: 'disable-reversed', highlight: [5] });
  const [section] = view(state).sections;
  assert.deepEqual(
    section?.rows.filter((r) => r.highlighted).map((r) => r.index),
    [5],
  );
  assert.deepEqual(
    view({ ...state, selected: ALL }).sections.flatMap((s) => s.rows.filter((r) => r.highlighted)),
    [],
  );
});

test('pr_debug lines are rows of level debug, hidden by the toggle while the others keep their indices', () => {
  const shownRows = view(traced({ selected: 'target-not-present' })).sections[0]?.rows ?? [];
  const hiddenRows =
    view(traced({ selected: 'target-not-present', showDebug: false })).sections[0]?.rows ?? [];
  const debug = shownRows.filter((r) => r.kind === 'kernel' && r.level === 'debug');
  assert.ok(debug.length > 0);
  assert.equal(hiddenRows.length, shownRows.length - debug.length);
  assert.deepEqual(
    hiddenRows.map((r) => r.index),
    shownRows.filter((r) => !debug.includes(r)).map((r) => r.index),
  );
});

test('each action row carries the patches sysfs state after it', () => {
  const rows = view(traced({ selected: 'stalled-then-settled' })).sections[0]?.rows ?? [];
  const status = (text: string) => rows.find((r) => r.kind === 'action' && r.text === text);
  const load = status('load widget_v1');
  assert.deepEqual(load?.kind === 'action' && load.status, ['widget_v1: enabled=1 transition=1']);
  const settle = status('settle');
  assert.deepEqual(settle?.kind === 'action' && settle.status, ['widget_v1: enabled=1 transition=0']);
});

test('Copy as dmesg is the kernel lines only; pr_debug ones only while shown', () => {
  const withDebug = view(traced({ selected: 'target-not-present' })).sections[0]?.dmesg ?? '';
  const without = view(traced({ selected: 'target-not-present', showDebug: false })).sections[0]?.dmesg ?? '';
  assert.match(withDebug, /^livepatch: enabling patch 'widget_v1'\n/);
  assert.ok(withDebug.split('\n').every((l) => l === '' || l.startsWith('livepatch: ')));
  assert.ok(without.length < withDebug.length);
  assert.doesNotMatch(without, /initializing patching transition/);
  assert.match(withDebug, /initializing patching transition/);
});

test('Copy as JSON is exactly what klp-callbacks trace --format json prints', async () => {
  const dir = `${REPO_ROOT}/test/fixtures/scenarios`;
  const cliResult = { out: '' };
  const io = {
    out: (t: string) => void (cliResult.out += t),
    err: () => undefined,
    isTTY: false,
    cwd: REPO_ROOT,
  };
  await runCli(
    ['trace', 'test/fixtures/scenarios/demo_patch.c', '--scenario', 'target-loaded-after-patch'],
    io,
  );
  const own = new DocumentStore(await engine());
  const fs = await import('node:fs');
  own.openDocument('file:///x/demo_patch.c', 1, fs.readFileSync(`${dir}/demo_patch.c`, 'utf8'));
  const fromServer = provideTrace(own, {
    uri: 'file:///x/demo_patch.c',
    scenario: 'target-loaded-after-patch',
  });
  own.disposeAll();
  const json = view(traced({ selected: 'target-loaded-after-patch' }, fromServer)).sections[0]?.json ?? '';
  // The server knows the file by its URI's path, the CLI by the path given: the rest is identical.
  assert.equal(json.replaceAll('/x/demo_patch.c', 'test/fixtures/scenarios/demo_patch.c'), cliResult.out);
});

test('compare lines up two traces and marks what differs; a pinned copy compares before/after an edit', () => {
  assert.deepEqual(compareLines(['a', 'b', 'c'], ['a', 'c', 'd']), [
    { change: 'same', left: 'a', right: 'a' },
    { change: 'removed', left: 'b', right: '' },
    { change: 'same', left: 'c', right: 'c' },
    { change: 'added', left: '', right: 'd' },
  ]);
  const sideBySide = view(
    traced({ compare: { left: 'target-not-present', right: 'disable-reversed' } }),
  ).compare;
  assert.ok(sideBySide && sideBySide.changes > 0);
  assert.ok(sideBySide.lines.some((l) => l.change === 'same'));

  const pinned = result.scenarios.find((s) => s.name === 'target-not-present');
  const edited = provideTrace(store, { uri: V2 });
  const state = traced({ pinned, compare: { left: BEFORE, right: 'target-not-present' } }, edited);
  const compare = view(state).compare;
  assert.ok(compare);
  assert.equal(compare.options[0]?.value, BEFORE);
  // Before: v1 enabled alone; after: the same scenario now played by v2.
  assert.ok(compare.lines.some((l) => l.change === 'removed' && l.left === '$ load widget_v1'));
  assert.ok(compare.lines.some((l) => l.change === 'added' && l.right === '$ load widget_v2'));
});

test('a show message selects the scenario, answers once that trace is in, and restores after reload', () => {
  const focus = { scenario: 'load widget_v1\ndisable widget_v1\n', builtin: false, highlight: [2, 99] };
  const shown = reduce(traced(), { type: 'show', focus });
  assert.equal(shown.selected, CUSTOM);
  assert.equal(shown.customText, focus.scenario);
  assert.equal(shownAnswer(shown), undefined, 'the custom trace has not come yet');
  const custom = provideTrace(store, { uri: V1, scenario: focus.scenario });
  const withCustom = reduce(shown, { type: 'trace', fileName: 'widget-v1.c', result: custom });
  assert.deepEqual(shownAnswer(withCustom), { scenario: CUSTOM, highlighted: [2] });
  const rows = view(withCustom).sections[0]?.rows ?? [];
  assert.deepEqual(
    rows.filter((r) => r.highlighted).map((r) => r.index),
    [2],
  );
  const builtin = reduce(traced(), {
    type: 'show',
    focus: { scenario: 'disable-reversed', builtin: true, highlight: [] },
  });
  assert.equal(builtin.selected, 'disable-reversed');
  assert.deepEqual(shownAnswer(builtin), { scenario: 'disable-reversed', highlighted: [] });

  const restored = initialState(JSON.parse(JSON.stringify(savedState(withCustom))));
  assert.equal(restored.selected, CUSTOM);
  assert.equal(restored.customText, focus.scenario);
  assert.deepEqual(restored.highlight, [2, 99]);
  assert.equal(restored.result, undefined, 'the trace itself is asked for again, never saved');
});
