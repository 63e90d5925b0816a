// `check`'s pre-filter, worker threads and streamed cross-file names give exactly what checking every file together gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { generateMixedCorpus } from '../../scripts/bench/corpus';
import { mayHoldLivepatchConstruct } from '../../server/src/core/prefilter';
import { checkJson, everyFileTogether } from './check-reference';

test('generated mixed corpus: the same results with the pre-filter and 2 workers, and without it in one thread', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-prefilter-'));
  try {
    generateMixedCorpus(dir, 11, 12);
    const texts = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const skipped = texts.filter(
      (e) => !mayHoldLivepatchConstruct(fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')),
    );
    assert.ok(skipped.length >= texts.length / 2, 'most generated files are left to the byte scan');
    const expected = await everyFileTogether(['.'], dir);
    // Callbacks defined in another file (one a skipped file) are found; one defined nowhere is reported.
    assert.equal((expected.match(/"rule": "undefined-callback"/g) ?? []).length, 1);
    assert.match(expected, /release_nowhere/);
    assert.equal(await checkJson(['--jobs', '2'], dir), expected);
    assert.equal(await checkJson(['--no-prefilter', '--jobs', '1'], dir), expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a callback defined only in a file without any livepatch construct is found there (the file is parsed then)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-prefilter-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'patch.c'),
      [
        '#include <linux/livepatch.h>',
        'void cleanup_elsewhere(struct klp_object *obj);',
        'static void ghost(void) { }',
        'static struct klp_func funcs[] = { { .old_name = "f", .new_func = ghost }, { } };',
        'static struct klp_object objs[] = {',
        '\t{ .funcs = funcs, .callbacks = { .post_unpatch = cleanup_elsewhere, .pre_unpatch = missing_everywhere } },',
        '\t{ }',
        '};',
        'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };',
        '',
      ].join('\n'),
    );
    // No klp_, KPATCH_, KLP_, callback kind or module_init in it: only the registered name.
    fs.writeFileSync(path.join(dir, 'helpers.c'), 'void cleanup_elsewhere(struct object *obj)\n{\n}\n');
    const out = JSON.parse(await checkJson(['--jobs', '1'], dir)) as {
      files: { findings: { message: string }[] }[];
    };
    const messages = out.files.flatMap((file) => file.findings.map((finding) => finding.message));
    assert.ok(messages.some((message) => message.includes('missing_everywhere')));
    assert.ok(!messages.some((message) => message.includes('cleanup_elsewhere')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the pre-filter: livepatch tokens and callback-shaped identifiers keep a file; plain C does not', () => {
  for (const text of [
    'struct klp_object o;',
    'KPATCH_PRE_PATCH_CALLBACK(f);',
    'KLP_POST_UNPATCH_CALLBACK(f);',
    'struct patch_object *o;',
    'static int my_pre_patch(void *o) { return 0; }',
    'x.post_patch = f;',
    'static void undo_pre_unpatch(void) { }',
    'o->callbacks.post_unpatch_enabled = true;',
    'module_init(start);',
    'module_exit(stop);',
  ])
    assert.ok(mayHoldLivepatchConstruct(text), text);
  for (const text of [
    'static int probe(struct device *dev) { return 0; }',
    '#define PATCH_LEVEL 3',
    'int prepatch;',
  ])
    assert.ok(!mayHoldLivepatchConstruct(text), text);
});
