// Quick fixes: counterpart stubs holding the releases, with the cursor in them; registering an existing
// counterpart; the same fixes and ignore comments inside .patch files, which must still apply.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { analyzeText } from '../../server/src/core/analyze';
import { insertIntoPatch } from '../../server/src/core/model/patch-edit';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { TRAILING_RELEASE_ARGUMENTS } from '../../server/src/core/rules/counterpart-releases';
import { LineIndex } from '../../server/src/core/text';
import { asSnippet, provideCodeActions } from '../../server/src/lsp/features/code-actions';
import { engine, FIXTURES } from '../helpers';

let parser: ParserEngine;
before(async () => {
  parser = await engine();
});

const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };

function actionsFor(file: string, text: string, snippetEdits = false): CodeAction[] {
  const analysis = analyzeText(parser, file, text);
  return provideCodeActions(analysis, `file://${file}`, text, EVERYWHERE, { snippetEdits, version: 1 });
}

/** Applies a plain or snippet workspace edit (a snippet's `$0` becomes `|`, its escapes undone). */
function apply(text: string, action: CodeAction): string {
  const edit = action.edit;
  assert.ok(edit);
  const edits: { range: TextEdit['range']; newText: string }[] = edit.changes
    ? Object.values(edit.changes)[0]
    : (edit.documentChanges as TextDocumentEdit[])[0].edits.map((e) =>
        'snippet' in e
          ? {
              range: e.range,
              newText: (e as unknown as { snippet: { value: string } }).snippet.value
                .replace(/\$0/, '|')
                .replace(/\\([\\$}])/g, '$1'),
            }
          : e,
      );
  const index = new LineIndex(text);
  return edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((result, e) => result.slice(0, e.start) + e.text + result.slice(e.end), text);
}

const LEAKY = `#include <linux/livepatch.h>
#include <linux/kthread.h>
#include <linux/slab.h>
static struct task_struct *leaky_worker;
static void *leaky_buffer;
DEFINE_STATIC_KEY_FALSE(leaky_key);
static struct notifier_block leaky_nb;
static int leaky_work(void *data) { return 0; }
static int leaky_pre_patch(struct klp_object *obj)
{
\tleaky_buffer = kzalloc(32, GFP_KERNEL);
\tif (!leaky_buffer)
\t\treturn -ENOMEM;
\tleaky_worker = kthread_run(leaky_work, NULL, "leaky");
\tstatic_branch_enable(&leaky_key);
\tregister_reboot_notifier(&leaky_nb);
\treturn 0;
}
static void leaky_new(void) { }
static struct klp_func leaky_funcs[] = { { .old_name = "old", .new_func = leaky_new }, { } };
static struct klp_object leaky_objs[] = {
\t{
\t\t.funcs = leaky_funcs,
\t\t.callbacks = {
\t\t\t.pre_patch = leaky_pre_patch,
\t\t},
\t},
\t{ }
};
static struct klp_patch leaky_patch = { .mod = THIS_MODULE, .objs = leaky_objs };
`;

test('the counterpart stub already releases what pre_patch acquired, the cursor in its body', () => {
  const action = actionsFor('/ws/leaky.c', LEAKY, true).find((a) => a.title.startsWith('Add a post_unpatch'));
  assert.ok(action, 'a stub fix');
  const fixed = apply(LEAKY, action);
  const stub = /static void leaky_post_unpatch\(struct klp_object \*obj\)\n\{\n([\s\S]*?)\n\}/.exec(
    fixed,
  )?.[1];
  assert.ok(stub, fixed);
  for (const release of [
    'kfree(leaky_buffer);',
    'kthread_stop(leaky_worker);',
    'static_branch_disable(&leaky_key);',
    'unregister_reboot_notifier(&leaky_nb);',
  ]) {
    assert.ok(stub.includes(`\t${release}`), `${release} in\n${stub}`);
  }
  assert.match(stub, /\n\t\|$/, 'the cursor on the empty line after the releases');
  assert.match(fixed, /\.pre_patch = leaky_pre_patch,\n\t\t\t\.post_unpatch = leaky_post_unpatch,/);
  // Applied for real (no cursor mark), the finding is gone and unpaired-resource has nothing to say.
  const clean = fixed.replace('|', '');
  const after = analyzeText(parser, '/ws/leaky.c', clean).findings.map((f) => f.rule);
  assert.ok(!after.includes('asymmetric-pair') && !after.includes('unpaired-resource'), after.join());
  // Without snippet support the same text arrives as a plain edit.
  const plain = actionsFor('/ws/leaky.c', LEAKY).find((a) => a.title.startsWith('Add a post_unpatch'));
  assert.ok(plain?.edit?.changes);
  assert.equal(apply(LEAKY, plain), clean);
});

test('a local acquisition is named in a comment rather than released through a name out of reach', () => {
  const text = LEAKY.replace(
    '\tleaky_buffer = kzalloc(32, GFP_KERNEL);',
    '\tvoid *local = kzalloc(32, GFP_KERNEL);\n\tleaky_buffer = local;',
  );
  const action = actionsFor('/ws/local.c', text).find((a) => a.title.startsWith('Add a post_unpatch'));
  assert.ok(action);
  const fixed = apply(text, action);
  assert.ok(!fixed.includes('kfree(local)'), fixed);
});

test('an existing function no object registers is offered as the counterpart', () => {
  const text = LEAKY.replace(
    'static void leaky_new(void) { }',
    'static void leaky_new(void) { }\nstatic void cleanup_post_unpatch(struct klp_object *obj) { kfree(leaky_buffer); }',
  );
  const actions = actionsFor('/ws/existing.c', text);
  const register = actions.find((a) => a.title === 'Register cleanup_post_unpatch as post_unpatch');
  assert.ok(register, actions.map((a) => a.title).join('\n'));
  const fixed = apply(text, register);
  assert.match(fixed, /\.post_unpatch = cleanup_post_unpatch,/);
  assert.equal(fixed.match(/cleanup_post_unpatch\(struct/g)?.length, 1, 'no second definition');
});

const PATCH_FILE = path.join(FIXTURES, 'lsp-editor', 'fixdemo.patch');
const PATCH_TEXT = fs.readFileSync(PATCH_FILE, 'utf8');
const TREE = path.join(FIXTURES, 'lsp-editor', 'patch-tree');

/** Both tools a kpatch user applies patches with must accept the edited patch. */
function assertApplies(patchText: string, label: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-fix-'));
  try {
    fs.cpSync(TREE, dir, { recursive: true });
    const patchFile = path.join(dir, 'edited.patch');
    fs.writeFileSync(patchFile, patchText);
    execFileSync('git', ['apply', '--check', '-p1', patchFile], { cwd: dir, stdio: 'pipe' });
    const out = execFileSync('patch', ['-p1', '--dry-run', '-i', patchFile], { cwd: dir, encoding: 'utf8' });
    assert.doesNotMatch(out, /offset|fuzz|FAILED/i, `${label}: ${out}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the fixture patch applies as it is', () => {
  assertApplies(PATCH_TEXT, 'original');
});

test('in a .patch: the counterpart stub and macro become added lines, the hunk headers recounted', () => {
  const actions = actionsFor(PATCH_FILE, PATCH_TEXT, true);
  const stub = actions.find((a) => a.title.startsWith('Add a post_unpatch'));
  assert.ok(stub, actions.map((a) => a.title).join('\n'));
  const withCursor = apply(PATCH_TEXT, stub);
  assert.match(withCursor, /\n\+\t\|\n/, 'the cursor on the stub body line');
  const fixed = withCursor.replace('|', '');
  assertApplies(fixed, 'stub');
  assert.match(fixed, /\+static void fixdemo_post_unpatch\(patch_object \*obj\)\n\+\{\n/);
  assert.match(fixed, /\+\tkfree\(fixdemo_history\);\n\+\tkthread_stop\(fixdemo_worker\);\n/);
  assert.match(fixed, /\+KPATCH_POST_UNPATCH_CALLBACK\(fixdemo_post_unpatch\);\n/);
  assert.match(fixed, /@@ -2,6 \+2,3\d @@/);
  const after = analyzeText(parser, PATCH_FILE, fixed).findings.map((f) => f.rule);
  assert.ok(!after.includes('asymmetric-pair'), after.join());
});

test('in a .patch: the ignore comment is an added line and the finding is silenced', () => {
  const actions = actionsFor(PATCH_FILE, PATCH_TEXT);
  const ignore = actions.find((a) => a.title === 'Ignore asymmetric-pair on this line');
  assert.ok(ignore, actions.map((a) => a.title).join('\n'));
  const fixed = apply(PATCH_TEXT, ignore);
  assertApplies(fixed, 'ignore');
  assert.match(fixed, /\+\/\* klp-callbacks: ignore asymmetric-pair \*\/\n\+KPATCH_PRE_PATCH_CALLBACK/);
  const after = analyzeText(parser, PATCH_FILE, fixed).findings.map((f) => f.rule);
  assert.ok(!after.includes('asymmetric-pair'), after.join());
});

test('insertIntoPatch: later hunks of the same file move, other files do not; outside a hunk nothing', () => {
  const twoFiles = [
    '--- a/x.c',
    '+++ b/x.c',
    '@@ -1,2 +1,2 @@',
    ' a',
    '-b',
    '+B',
    '@@ -10,1 +10,2 @@',
    ' j',
    '+k',
    '--- a/y.c',
    '+++ b/y.c',
    '@@ -5 +5,2 @@',
    ' e',
    '+f',
    '',
  ].join('\n');
  const edits = insertIntoPatch(twoFiles, 4, ['new1', 'new2']);
  assert.ok(edits);
  assert.deepEqual(
    edits.map((e) => [e.range.start.line, e.newText]),
    [
      [4, '+new1\n+new2\n'],
      [2, '@@ -1,2 +1,4 @@'],
      [6, '@@ -10,1 +12,2 @@'],
    ],
  );
  assert.equal(insertIntoPatch(twoFiles, 1, ['x']), undefined, 'a file header');
  assert.equal(insertIntoPatch(twoFiles, 2, ['x']), undefined, 'a hunk header');
  // Omitted counts (`@@ -5 +5,2 @@`) are one line.
  assert.deepEqual(insertIntoPatch(twoFiles, 12, ['z'])?.[1]?.newText, '@@ -5 +5,3 @@');
});

test('snippets escape $, } and backslashes around the one tab stop', () => {
  assert.equal(asSnippet('a$b}c\\d', 3), 'a\\$b$0\\}c\\\\d');
});

for (const [release, trailing] of Object.entries(TRAILING_RELEASE_ARGUMENTS)) {
  test(`trailing release arguments: ${release} gets ${trailing.join(', ')}`, () => {
    const text = `#include <linux/livepatch.h>
static int tr_pre_patch(struct klp_object *obj)
{
\tif (!klp_shadow_alloc(obj, 7, 8, GFP_KERNEL, NULL, NULL))
\t\treturn -ENOMEM;
\treturn 0;
}
static void tr_new(void) { }
static struct klp_func tr_funcs[] = { { .old_name = "old", .new_func = tr_new }, { } };
static struct klp_object tr_objs[] = { { .funcs = tr_funcs, .callbacks = { .pre_patch = tr_pre_patch, } }, { } };
static struct klp_patch tr_patch = { .mod = THIS_MODULE, .objs = tr_objs };
`;
    const action = actionsFor('/ws/trailing.c', text).find((a) => a.title.startsWith('Add a post_unpatch'));
    assert.ok(action);
    const fixed = apply(text, action);
    // The stub frees by the shadow id the callback allocated, with the destructor argument filled in.
    const call = new RegExp(`${release}\\(([^;]*)\\);`).exec(fixed);
    if (release === 'klp_shadow_free') {
      assert.ok(call, fixed);
      assert.ok(call[1].endsWith(`, ${trailing.join(', ')}`), call[1]);
      assert.ok(call[1].includes('7'), call[1]);
    } else {
      // klp_shadow_free_all is the pair's second release: the stub uses the first, klp_shadow_free.
      assert.ok(fixed.includes('klp_shadow_free('), fixed);
    }
  });
}
