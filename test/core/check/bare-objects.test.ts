// Objects with no callbacks: one task stands for all alike, and a patch of thousands of them stays linear.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import type { EffectTable } from '../../../server/src/core/check/effects';
import { objectTasks } from '../../../server/src/core/check/per-object';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { engine } from '../../helpers';

/** module_init takes a mutex that a post_patch releases; `bare` objects between two with callbacks. */
function moduleText(bare: number): string {
  const lines = [
    '#include <linux/livepatch.h>',
    'static DEFINE_MUTEX(setup_lock);',
    'static int first_pre(struct klp_object *obj) { return 0; }',
    'static void first_post(struct klp_object *obj) { mutex_unlock(&setup_lock); }',
    'static int last_pre(struct klp_object *obj) { return 0; }',
    'static struct klp_func funcs[] = { { .old_name = "cmdline_proc_show" }, { } };',
    'static struct klp_object objs[] = {',
    '\t{ .name = "first", .funcs = funcs, .callbacks = { .pre_patch = first_pre, .post_patch = first_post } },',
  ];
  for (let i = 0; i < bare; i++) lines.push(`\t{ .name = "bare${i}", .funcs = funcs },`);
  lines.push('\t{ .name = "last", .funcs = funcs, .callbacks = { .pre_patch = last_pre } },', '\t{ }', '};');
  lines.push('static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };');
  lines.push('static int bare_init(void) { mutex_lock(&setup_lock); return klp_enable_patch(&patch); }');
  lines.push('module_init(bare_init);', 'MODULE_LICENSE("GPL");', 'MODULE_INFO(livepatch, "Y");', '');
  return lines.join('\n');
}

/** Only what objectTasks reads of the effect table: a signature per function. */
const namesAsSignatures = { signature: (name: string) => name } as Pick<EffectTable, 'signature'>;

test('bare objects alike get one task; each object with callbacks its own, with the next pre_patch after it', async () => {
  const { model } = analyzeText(await engine(), '/bare/module.c', moduleText(500));
  const [module] = livepatchModulesOf(model);
  const tasks = objectTasks(module, namesAsSignatures as EffectTable, ['bare_init']);
  assert.deepEqual(
    tasks.map((t) => [t.roles.object, t.roles.later]),
    [
      ['first', 'last'],
      ['bare0', 'last'],
      ['last', null],
    ],
  );
});

test('the findings do not depend on how many bare objects there are', async () => {
  const loaded = await engine();
  const findings = (bare: number) =>
    analyzeText(loaded, '/bare/module.c', moduleText(bare)).findings.map((f) => `${f.rule}: ${f.message}`);
  const few = findings(2);
  assert.ok(
    few.some((f) => f.startsWith('lock-across-callbacks')),
    few.join('\n'),
  );
  assert.deepEqual(findings(3000), few);
});
