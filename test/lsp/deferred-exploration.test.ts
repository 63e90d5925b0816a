// Model checking off the keystroke path: structural findings at once, explored ones after, hovers in between, stale work dropped.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/rules/types';
import { DocumentStore } from '../../server/src/lsp/documents';
import { freshCheck, sameDiagnostics } from '../../scripts/soak/fresh-check';
import { engine } from '../helpers';
import { startInitialized, type LspSession } from './lsp-client';

const OBJECTS = 6;

/** A module of OBJECTS objects, each pre_patch allocating what its post_unpatch never frees. */
function moduleText(initLines: readonly string[] = []): string {
  const lines = ['#include <linux/livepatch.h>', '#include <linux/slab.h>', '', 'static int armed;', ''];
  for (let i = 0; i < OBJECTS; i++) {
    lines.push(
      `static void *buffer_${i};`,
      `static int prepare_${i}(struct klp_object *obj)`,
      '{',
      `\tbuffer_${i} = kmalloc(64, GFP_KERNEL);`,
      `\treturn buffer_${i} ? 0 : -ENOMEM;`,
      '}',
      `static void cleanup_${i}(struct klp_object *obj)`,
      '{',
      `\tpr_info("object ${i} unpatched\\n");`,
      '}',
      '',
    );
  }
  lines.push('static struct klp_func funcs[] = { { .old_name = "cmdline_proc_show" }, { } };');
  lines.push('static struct klp_object objs[] = {');
  for (let i = 0; i < OBJECTS; i++)
    lines.push(
      `\t{ .name = "target_${i}", .funcs = funcs, .callbacks = { .pre_patch = prepare_${i}, .post_unpatch = cleanup_${i} } },`,
    );
  lines.push('\t{ }', '};', 'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };', '');
  lines.push('static int deferred_init(void)', '{', ...initLines, '\treturn klp_enable_patch(&patch);', '}');
  lines.push('static void deferred_exit(void)', '{', '}', 'module_init(deferred_init);');
  lines.push('module_exit(deferred_exit);', 'MODULE_LICENSE("GPL");', 'MODULE_INFO(livepatch, "Y");', '');
  return lines.join('\n');
}

/** Each variant changes module_init's effects, so every object's exploration key is new. */
const V1 = moduleText();
const V2 = moduleText(['\tarmed = 1;']);
const V3 = moduleText(['\tarmed = 1;', '\tbuffer_0 = NULL;']);
const V5 = moduleText(['\tarmed = 1;', '\tbuffer_1 = NULL;']);

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-deferred-'));
const file = path.join(folder, 'deferred.c');
const uri = pathToFileURL(file).href;
let session: LspSession;

const explored = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'unpaired-resource');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

before(async () => {
  session = await startInitialized();
});

after(async () => {
  await session.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Replaces the whole text (the server still applies it as an edit: a keystroke's path). */
function edit(version: number, text: string) {
  return session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ text }],
  });
}

test('after an edit that changes effects: structural findings first, a hover answered before the explored ones, which equal check', async () => {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text: V1 },
  });
  // Opening is no keystroke: its diagnostics come complete, in one publish.
  const opened = await session.diagnostics(uri, (p) => p.version === 1);
  assert.equal(opened.diagnostics.filter((d) => d.code === 'unpaired-resource').length, OBJECTS);

  const order: string[] = [];
  const structural = session
    .diagnostics(uri, (p) => p.version === 2 && !explored(p))
    .then((p) => (order.push('structural'), p));
  const complete = session
    .diagnostics(uri, (p) => p.version === 2 && explored(p))
    .then((p) => (order.push('explored'), p));
  await edit(2, V2);
  const line = lineOf(V2, '.pre_patch = prepare_0');
  const hover = session.connection
    .sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: V2.split('\n')[line].indexOf('pre_patch') + 1 },
    })
    .then((h) => (order.push('hover'), h));
  const [first, answer, last] = await Promise.all([structural, hover, complete]);
  assert.ok(answer, 'the hover was answered');
  assert.ok(order.indexOf('structural') < order.indexOf('explored'), order.join(', '));
  assert.ok(order.indexOf('hover') < order.indexOf('explored'), order.join(', '));
  // The structural publish holds everything that needed no exploration, and nothing more.
  const firstKeys = first.diagnostics.map((d) => `${d.code}|${d.range.start.line}`);
  assert.ok(firstKeys.every((k) => last.diagnostics.some((d) => `${d.code}|${d.range.start.line}` === k)));

  fs.writeFileSync(file, V2);
  const expected = freshCheck([file]).get(file) ?? [];
  assert.ok(expected.length > first.diagnostics.length);
  assert.ok(sameDiagnostics(last.diagnostics, expected), JSON.stringify(last.diagnostics));
});

test('a newer edit cancels the exploration of the older version: it never publishes', async () => {
  await edit(3, V3);
  await session.diagnostics(uri, (p) => p.version === 3 && !explored(p));
  // The exploration of version 3 is under way; version 4 (seen before: remembered) replaces it.
  await edit(4, V2);
  assert.ok(explored(await session.diagnostics(uri, (p) => p.version === 4)));
  // A fresh exploration as long as version 3's: had that one gone on, it would have published by now.
  await edit(5, V5);
  await session.diagnostics(uri, (p) => p.version === 5 && explored(p));
  const stale = session.unconsumed(uri).filter((p) => p.version === 3);
  assert.deepEqual(stale.filter(explored), []);
  assert.deepEqual(session.loggedErrors(), []);
});

test("DocumentStore: a staged analysis ends in analyzeText's findings, is finished by analysis(), and goes stale on an edit", async () => {
  const loaded = await engine();
  const workspace = { names: new Set<string>(), complete: true, wholeProject: false };
  const store = new DocumentStore(loaded);
  const memory = 'file:///tmp/klp-deferred-store.c';
  const variant = (n: number) => moduleText(['\tarmed = 1;', `\tbuffer_${n} = NULL;`, '\tarmed = 2;']);
  try {
    store.openDocument(memory, 1, variant(0));
    const staged = store.stagedAnalysis(memory, workspace);
    assert.ok(staged?.exploring, 'nothing remembered: the exploration is deferred');
    assert.equal(staged.first.findings.filter((f) => f.rule === 'unpaired-resource').length, 0);
    assert.equal(store.cachedAnalysis(memory), staged.first, 'hovers see the structural findings meanwhile');
    let slices = 0;
    let step = store.exploreSlice(memory, staged.exploring);
    while (step === 'more') {
      slices++;
      step = store.exploreSlice(memory, staged.exploring);
    }
    assert.ok(slices > OBJECTS, `${slices} slices`);
    const whole = analyzeText(loaded, '/tmp/klp-deferred-store.c', variant(0));
    assert.deepEqual(step?.findings, whole.findings);
    assert.equal(store.analysis(memory, workspace), step);

    store.change(memory, 2, [{ text: variant(1) }]);
    const second = store.stagedAnalysis(memory, workspace);
    assert.ok(second?.exploring);
    assert.equal(store.exploreSlice(memory, second.exploring), 'more');
    // Code actions do not wait: they get the findings published so far.
    assert.equal(store.analysisNow(memory, workspace), second.first);
    // A caller that needs every finding finishes the exploration in place.
    const finished = store.analysis(memory, workspace);
    assert.deepEqual(
      finished?.findings,
      analyzeText(loaded, '/tmp/klp-deferred-store.c', variant(1)).findings,
    );
    assert.equal(store.exploreSlice(memory, second.exploring), finished);

    store.change(memory, 3, [{ text: variant(2) }]);
    const third = store.stagedAnalysis(memory, workspace);
    assert.ok(third?.exploring);
    assert.equal(store.exploreSlice(memory, third.exploring), 'more');
    store.change(memory, 4, [{ text: variant(3) }]);
    assert.equal(store.exploreSlice(memory, third.exploring), undefined, 'stale after the edit');
  } finally {
    store.disposeAll();
  }
});

test('DocumentStore: while a ranged edit is explored, the waiting rules show their last findings at their new places, without quick fixes', async () => {
  const loaded = await engine();
  const workspace = { names: new Set<string>(), complete: true, wholeProject: false };
  const store = new DocumentStore(loaded);
  const memory = 'file:///tmp/klp-deferred-carry.c';
  const text = moduleText(['\tbuffer_5 = NULL;']);
  const unpaired = (findings: readonly Finding[] = []) =>
    findings.filter((f) => f.rule === 'unpaired-resource');
  try {
    store.openDocument(memory, 1, text);
    const before = unpaired(store.analysis(memory, workspace)?.findings);
    assert.equal(before.length, OBJECTS);
    // A comment on top moves every finding down a line; a statement in module_init changes its effects.
    const initLine = lineOf(text, '\tbuffer_5 = NULL;') + 1;
    const insert = (line: number, inserted: string) => ({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      text: inserted,
    });
    store.change(memory, 2, [insert(0, '// carried\n'), insert(initLine + 1, '\tbuffer_4 = NULL;\n')]);
    const staged = store.stagedAnalysis(memory, workspace);
    assert.ok(staged?.exploring, 'new effects: explored off the keystroke path');
    const shown = unpaired(staged.first.findings);
    assert.deepEqual(
      shown.map((f) => f.range),
      before.map((f) => ({
        start: { ...f.range.start, line: f.range.start.line + 1 },
        end: { ...f.range.end, line: f.range.end.line + 1 },
      })),
    );
    assert.ok(shown.every((f) => f.fixes === undefined));
    const after = unpaired(store.analysis(memory, workspace)?.findings);
    assert.deepEqual(
      after.map((f) => f.range),
      shown.map((f) => f.range),
      'the explored findings land where the carried ones were',
    );

    // A whole-text replacement leaves nothing to carry.
    store.change(memory, 3, [{ text: moduleText(['\tbuffer_3 = NULL;', '\tbuffer_4 = NULL;']) }]);
    const replaced = store.stagedAnalysis(memory, workspace);
    assert.ok(replaced?.exploring);
    assert.deepEqual(unpaired(replaced.first.findings), []);
  } finally {
    store.disposeAll();
  }
});
