// The panel's reducer and view: a real trace (provideTrace on an open document) becomes the expected rows.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ALL, CUSTOM, initialState, reduce, view, type Row } from '../../client/webview/view-model';
import { DocumentStore } from '../../server/src/lsp/documents';
import { provideTrace } from '../../server/src/lsp/features/trace';
import type { TraceResult } from '../../server/src/protocol';
import { engine } from '../helpers';

const uri = 'file:///work/livepatch-pair.c';
const SOURCE = `#include <linux/livepatch.h>

static int pair_pre_patch(struct klp_object *obj)
{
\treturn 0;
}

static void pair_post_unpatch(struct klp_object *obj)
{
}

static struct klp_func funcs[] = { { .old_name = "cmdline_proc_show", .new_func = NULL }, { } };

static struct klp_object objs[] = {
\t{
\t\t.name = NULL,
\t\t.funcs = funcs,
\t\t.callbacks = {
\t\t\t.pre_patch = pair_pre_patch,
\t\t\t.post_unpatch = pair_post_unpatch,
\t\t},
\t},
\t{ }
};

static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };

static int pair_init(void)
{
\treturn klp_enable_patch(&patch);
}
module_init(pair_init);
`;

let result: TraceResult;

before(async () => {
  const store = new DocumentStore(await engine());
  store.openDocument(uri, 7, SOURCE);
  result = provideTrace(store, { uri });
  store.disposeAll();
});

test('a trace message replaces the notice; a notice replaces the trace', () => {
  const start = initialState(undefined);
  assert.deepEqual(start, { selected: ALL, customText: '' });
  assert.match(view(start).notice, /Waiting for the language server/);
  const traced = reduce({ ...start, notice: 'old' }, { type: 'trace', fileName: 'livepatch-pair.c', result });
  assert.equal(traced.notice, undefined);
  assert.equal(view(traced).header, 'livepatch-pair.c');
  assert.deepEqual(view(traced).patches, ['livepatch_pair']);
  const noticed = reduce(traced, { type: 'notice', text: 'Open a C file' });
  assert.equal(noticed.result, undefined);
  assert.equal(view(noticed).notice, 'Open a C file');
  assert.deepEqual(view(noticed).sections, []);
});

test('each event becomes a row: action, dim kernel message, callback with state, return and source', () => {
  const state = { ...initialState({ selected: 'target-not-present', customText: '' }), result };
  const shown = view(state);
  assert.equal(shown.selected, 'target-not-present');
  assert.equal(shown.sections.length, 1);
  const rows = shown.sections[0].rows;
  const summary = rows.map((r: Row) =>
    r.kind === 'callback' ? `callback ${r.callback} ${r.function} ${r.ret}` : `${r.kind} ${r.text}`,
  );
  assert.deepEqual(summary.slice(0, 4), [
    'action load livepatch_pair',
    "kernel livepatch: enabling patch 'livepatch_pair'",
    "kernel livepatch: 'livepatch_pair': initializing patching transition",
    'callback pre_patch pair_pre_patch 0',
  ]);
  assert.ok(summary.includes('callback post_unpatch pair_post_unpatch '), summary.join('\n'));
  const pre = rows.find((r) => r.kind === 'callback' && r.callback === 'pre_patch');
  assert.ok(pre && pre.kind === 'callback');
  assert.equal(pre.object, 'vmlinux');
  assert.equal(pre.moduleState, '', 'vmlinux has no module state');
  assert.equal(pre.uri, uri);
  assert.equal(pre.range.start.line, 2, 'the definition of pair_pre_patch');
  assert.match(pre.timing, /Before the object is patched/);
});

test('the selector lists all, each scenario, and custom; non-applicable ones say so and why', () => {
  const shown = view({ ...initialState(undefined), result });
  assert.equal(shown.options[0].value, ALL);
  assert.equal(shown.options.at(-1)?.value, CUSTOM);
  assert.equal(shown.sections.length, result.scenarios.length);
  const replace = shown.sections.find((s) => s.name === 'atomic-replace');
  assert.ok(replace);
  assert.equal(replace.applicable, false);
  assert.match(replace.reason, /no input sets \.replace = true/);
  assert.deepEqual(replace.rows, []);
  assert.match(shown.options.find((o) => o.value === 'atomic-replace')?.label ?? '', /not applicable/);
});

test('a selection that no longer exists falls back to all; custom errors are listed by line', () => {
  const gone = view({ ...initialState({ selected: 'renamed-builtin', customText: '' }), result });
  assert.equal(gone.selected, ALL);
  const withErrors = { ...result, scenarioErrors: [{ line: 3, message: "unknown action 'lod'" }] };
  const custom = view({ ...initialState({ selected: CUSTOM, customText: 'x' }), result: withErrors });
  assert.equal(custom.selected, CUSTOM);
  assert.deepEqual(custom.sections, []);
  assert.deepEqual(custom.customErrors, ["Line 3: unknown action 'lod'"]);
});

test('a saved state of the wrong shape is ignored', () => {
  assert.deepEqual(initialState({ selected: 3 as unknown as string }), { selected: ALL, customText: '' });
});

test('each macro object is one line saying where its name comes from', () => {
  const withNames: TraceResult = {
    ...result,
    objectNames: [
      { patch: 'fix', object: 'joydev', kind: 'kbuild', detail: 'drivers/input/Makefile: obj-m += joydev.o' },
      { patch: 'fix', object: 'vmlinux', kind: 'guess', detail: 'guessed from the path (fs/*.c)' },
    ],
  };
  assert.deepEqual(view({ ...initialState(undefined), result: withNames }).objectNames, [
    'fix: object joydev (Kbuild): drivers/input/Makefile: obj-m += joydev.o',
    'fix: object vmlinux (guess): guessed from the path (fs/*.c)',
  ]);
  assert.deepEqual(view({ ...initialState(undefined), result }).objectNames, []);
});

test('a focus message selects the scenario it names and remembers the function to highlight', () => {
  const start = initialState(undefined);
  const focused = reduce(start, { type: 'focus', function: 'fn_post_patch', scenario: 'disable-reversed' });
  assert.equal(focused.selected, 'disable-reversed');
  assert.equal(focused.focus, 'fn_post_patch');
  const withoutScenario = reduce({ ...start, selected: CUSTOM }, { type: 'focus', function: 'f' });
  assert.equal(withoutScenario.selected, CUSTOM);
});
