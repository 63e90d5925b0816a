// Counterpart navigation, code lens and hover context called directly on extracted models.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { DocumentAnalyzer } from '../../server/src/core/analyze';
import { CALLBACK_CONTEXT } from '../../server/src/core/docs/callback-timing';
import { countCallbackRuns } from '../../server/src/core/lifecycle/callback-runs';
import { livepatchModulesOf } from '../../server/src/core/lifecycle/file-modules';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { CallbackRunsCache } from '../../server/src/lsp/callback-runs-cache';
import { provideCodeLenses, runsText } from '../../server/src/lsp/features/code-lens';
import { provideCounterpart } from '../../server/src/lsp/features/counterpart';
import { provideHover } from '../../server/src/lsp/features/hover';
import type { OpenModel } from '../../server/src/lsp/features/registrations';
import type { TracePreviewFocus } from '../../server/src/protocol';
import { engine, FIXTURES } from '../helpers';

let parser: ParserEngine;
before(async () => {
  parser = await engine();
});

const LENS_FILE = path.join(FIXTURES, 'lsp-editor', 'lens-pairs.c');
const LENS_TEXT = fs.readFileSync(LENS_FILE, 'utf8');

function open(file: string, text: string): OpenModel {
  const analyzer = new DocumentAnalyzer(parser, file, text);
  try {
    return { uri: `file://${file}`, model: analyzer.model() };
  } finally {
    analyzer.dispose();
  }
}

function at(text: string, needle: string, offset = 1) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return { line, character: lines[line].indexOf(needle) + offset };
}

/** `counterpart: NAME` comments name the expected counterpart of the function defined below them. */
function expectedCounterparts(text: string): { fn: string; counterpart: string }[] {
  const lines = text.split('\n');
  return lines.flatMap((line, index) => {
    const expected = /counterpart: (\w+)/.exec(line)?.[1];
    const fn = /^static \w+ (\w+)\(/.exec(lines[index + 1] ?? '')?.[1];
    return expected && fn ? [{ fn, counterpart: expected }] : [];
  });
}

test('go to counterpart: from a definition or a registration to the callback that undoes it', () => {
  const doc = open(LENS_FILE, LENS_TEXT);
  const expectations = expectedCounterparts(LENS_TEXT);
  assert.equal(expectations.length, 3);
  for (const { fn, counterpart } of expectations) {
    const result = provideCounterpart(doc.uri, at(LENS_TEXT, `${fn}(struct`), [doc]);
    if (counterpart === 'none') {
      assert.deepEqual(result.locations, []);
      assert.match(result.reason, /no pre_unpatch is registered for object lens_target/);
      continue;
    }
    assert.equal(result.reason, '');
    const target = at(LENS_TEXT, `${counterpart}(struct`, 0);
    assert.deepEqual(
      result.locations.map((l) => [l.uri, l.range.start.line, l.range.start.character]),
      [[doc.uri, target.line, target.character]],
      fn,
    );
  }
  // From the registration `.pre_patch = lens_pre_patch` too.
  const fromRegistration = provideCounterpart(doc.uri, at(LENS_TEXT, '.pre_patch = lens_pre_patch'), [doc]);
  assert.equal(
    fromRegistration.locations[0]?.range.start.line,
    at(LENS_TEXT, 'lens_post_unpatch(struct').line,
  );
  // Anywhere else: nothing, with a reason.
  const nowhere = provideCounterpart(doc.uri, at(LENS_TEXT, 'lens_buffer;'), [doc]);
  assert.deepEqual(nowhere.locations, []);
  assert.match(nowhere.reason, /no callback/);
});

test('go to counterpart: a counterpart defined in another open file is found there', () => {
  const registering = `#include <linux/livepatch.h>
int split_pre(struct klp_object *obj);
void split_post_unpatch(struct klp_object *obj);
static struct klp_func f[] = { { .old_name = "x", .new_func = g }, { } };
static struct klp_object o[] = { { .funcs = f, .callbacks = { .pre_patch = split_pre, .post_unpatch = split_post_unpatch } }, { } };
static struct klp_patch p = { .mod = THIS_MODULE, .objs = o };
`;
  const defining = `void split_post_unpatch(struct klp_object *obj)\n{\n}\n`;
  const a = open('/ws/split-a.c', registering);
  const b = open('/ws/split-b.c', defining);
  const result = provideCounterpart(a.uri, at(registering, '.pre_patch = split_pre'), [a, b]);
  assert.deepEqual(
    result.locations.map((l) => [l.uri, l.range.start.line]),
    [[b.uri, 0]],
  );
});

test('code lens: kind, object, counterpart and the runs the simulator counts', () => {
  const doc = open(LENS_FILE, LENS_TEXT);
  const runs = countCallbackRuns(livepatchModulesOf(doc.model));
  assert.ok(runs.scenarios.includes('disable-reversed'), runs.scenarios.join());
  const lenses = provideCodeLenses(doc.uri, [doc], runs);
  const byLine = new Map(lenses.map((l) => [l.range.start.line, l.command]));
  // `lens:` comments give the start of the expected title for the function below them.
  const lines = LENS_TEXT.split('\n');
  let checked = 0;
  lines.forEach((line, index) => {
    const expected = /lens: (.*?) \*\//.exec(line)?.[1];
    if (!expected) return;
    const command = byLine.get(index + 1);
    assert.ok(command, `a lens on line ${index + 2}`);
    assert.ok(command.title.startsWith(expected), command.title);
    checked++;
  });
  assert.equal(checked, 2);
  const post = byLine.get(at(LENS_TEXT, 'lens_target_post_patch(struct').line);
  assert.match(post?.title ?? '', /runs in \d+ of \d+ scenarios, .*twice in disable-reversed/);
  const focus = post?.arguments?.[0] as TracePreviewFocus;
  assert.equal(post?.command, 'klpCallbacks.showTracePreview');
  assert.deepEqual(focus, { uri: doc.uri, function: 'lens_target_post_patch', scenario: 'disable-reversed' });
  // Not registered: no lens.
  assert.equal(byLine.get(at(LENS_TEXT, 'lens_target_pre_unpatch(struct').line), undefined);
  assert.equal(lenses.length, 3);
});

test('code lens: vmlinux pre_patch runs in every scenario; the wording of repeated runs', () => {
  const doc = open(LENS_FILE, LENS_TEXT);
  const runs = countCallbackRuns(livepatchModulesOf(doc.model));
  const pre = runs.byCallback.get(['lens_pairs', 'vmlinux', 'pre_patch'].join('\u0000')) ?? [];
  // vmlinux is always loaded: its pre_patch runs in every scenario that enables the patch.
  assert.equal(pre.length, runs.scenarios.length, JSON.stringify(pre));
  assert.equal(runsText([], 10), 'runs in none of the 10 scenarios');
  assert.equal(
    runsText(
      [
        { scenario: 'a', runs: 1 },
        { scenario: 'b', runs: 3 },
      ],
      4,
    ),
    'runs in 2 of 4 scenarios, 3 times in b',
  );
});

test('code lens: the cache simulates again only when an open model changed', () => {
  const analyzer = new DocumentAnalyzer(parser, LENS_FILE, LENS_TEXT);
  try {
    const uri = `file://${LENS_FILE}`;
    let model = analyzer.model();
    const source = {
      has: (u: string) => u === uri,
      uris: () => [uri],
      version: () => 1,
      model: () => model,
    };
    const cache = new CallbackRunsCache();
    const first = cache.runs(source, uri);
    assert.equal(cache.runs(source, uri), first);
    assert.equal(cache.simulations, 1);
    model = { ...model };
    cache.runs(source, uri);
    assert.equal(cache.simulations, 2);
  } finally {
    analyzer.dispose();
  }
});

test('hover: the execution context from the docs table, and command links to the counterpart and the panel', () => {
  const doc = open(LENS_FILE, LENS_TEXT);
  const hover = provideHover(doc.model, at(LENS_TEXT, 'lens_pre_patch(struct'), [], doc.uri);
  const value = (hover?.contents as { value: string }).value;
  for (const fact of CALLBACK_CONTEXT) assert.ok(value.includes(fact), fact);
  const links = [...value.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]*)\)/g)];
  assert.deepEqual(
    links.map((l) => [l[1], l[2]]),
    [
      ['Go to counterpart', 'klpCallbacks.goToCounterpart'],
      ['Show in the trace panel', 'klpCallbacks.showTracePreview'],
    ],
  );
  const [goTo] = JSON.parse(decodeURIComponent(links[0][3])) as [{ position: { line: number } }];
  assert.equal(goTo.position.line, at(LENS_TEXT, '.pre_patch = lens_pre_patch').line);
  // No counterpart registered: no link to it. Without a URI (another caller): no links at all.
  const lonely = provideHover(doc.model, at(LENS_TEXT, 'lens_target_post_patch(struct'), [], doc.uri);
  assert.doesNotMatch((lonely?.contents as { value: string }).value, /Go to counterpart/);
  const plain = provideHover(doc.model, at(LENS_TEXT, 'lens_pre_patch(struct'));
  assert.doesNotMatch((plain?.contents as { value: string }).value, /command:/);
});

test('hover links: a URI with parentheses and quotes stays inside the link', () => {
  const doc = open('/ws/we(ird) "x".c', LENS_TEXT);
  const uri = 'file:///ws/we(ird)%20%22x%22.c';
  const hover = provideHover(doc.model, at(LENS_TEXT, 'lens_pre_patch(struct'), [], uri);
  const value = (hover?.contents as { value: string }).value;
  const link = /\[Go to counterpart\]\(command:klpCallbacks\.goToCounterpart\?([^)\s]*)\)/.exec(value);
  assert.ok(link, value);
  const [argument] = JSON.parse(decodeURIComponent(link[1])) as [{ textDocument: { uri: string } }];
  assert.equal(argument.textDocument.uri, uri);
});

test('two open files with static callbacks of the same names: each file keeps its own lens and counterpart', () => {
  const module = (post: boolean) => `#include <linux/livepatch.h>
#include <linux/slab.h>
static void *same_buf;
static int same_pre_patch(struct klp_object *obj) { same_buf = kzalloc(4, GFP_KERNEL); return 0; }
static void same_post_unpatch(struct klp_object *obj) { kfree(same_buf); }
static void same_new(void) { }
static struct klp_func same_funcs[] = { { .old_name = "f", .new_func = same_new }, { } };
static struct klp_object same_objs[] = { { .funcs = same_funcs, .callbacks = {
\t.pre_patch = same_pre_patch,
${post ? '\t.post_unpatch = same_post_unpatch,\n' : ''}} }, { } };
static struct klp_patch same_patch = { .mod = THIS_MODULE, .objs = same_objs };
`;
  const clean = open('/ws/same-clean.c', module(true));
  const leaky = open('/ws/same-leaky.c', module(false));
  const runs = countCallbackRuns([...livepatchModulesOf(clean.model), ...livepatchModulesOf(leaky.model)]);
  const lenses = provideCodeLenses(clean.uri, [clean, leaky], runs);
  assert.deepEqual(
    lenses.map((l) => l.command?.title.split(' · ').slice(0, 2).join(' · ')),
    [
      'pre_patch of vmlinux · pairs with same_post_unpatch',
      'post_unpatch of vmlinux · pairs with same_pre_patch',
    ],
  );
  const text = module(true);
  const result = provideCounterpart(clean.uri, at(text, 'same_pre_patch(struct'), [clean, leaky]);
  assert.deepEqual(
    result.locations.map((l) => l.uri),
    [clean.uri],
  );
});
