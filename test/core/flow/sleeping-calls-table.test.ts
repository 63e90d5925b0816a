// Every entry of the sleeping-call and gfp tables, exercised through sleep-in-atomic (and hand-written
// kernel facts that do not come from the table: GFP_ATOMIC and GFP_NOWAIT never sleep).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SLEEPING_CALLS,
  SLEEPING_GFP_FLAGS,
  type SleepingCall,
} from '../../../server/src/core/flow/sleeping-calls';
import { shadowCtorSleeps } from '../../../server/src/core/rules/shadow-ctor-sleeps';
import { sleepInAtomic } from '../../../server/src/core/rules/sleep-in-atomic';
import { HERE, findingLines, livepatchModule, markedLines } from './generated-module';

/** A call with placeholder arguments and `gfp` at the entry's gfp position. */
function callWith(entry: SleepingCall, gfp: string): string {
  const count = Math.max((entry.gfpArg ?? 0) + 1, 2);
  const args = Array.from({ length: count }, (_, i) => (i === entry.gfpArg ? gfp : `arg${i}`));
  return `${entry.name}(${args.join(', ')})`;
}

const underSpinlock = (statement: string) => `spin_lock(&demo_lock);\n${statement}\nspin_unlock(&demo_lock);`;

for (const entry of SLEEPING_CALLS) {
  test(`sleeping calls: ${entry.name}() under a spinlock is reported, outside it is not`, async () => {
    const call = callWith(entry, 'GFP_KERNEL');
    const text = livepatchModule({
      post_patch: `${underSpinlock(`buffer = ${call}; ${HERE}`)}\nbuffer = ${call};`,
    });
    assert.deepEqual(await findingLines(text, sleepInAtomic), markedLines(text));
  });
  if (entry.gfpArg !== undefined) {
    test(`sleeping calls: ${entry.name}() with GFP_ATOMIC or a mask in a variable is not reported`, async () => {
      const atomic = callWith(entry, 'GFP_ATOMIC');
      const unknown = callWith(entry, 'gfp_mask');
      const text = livepatchModule({
        pre_unpatch: underSpinlock(`buffer = ${atomic};\nbuffer = ${unknown};`),
      });
      assert.deepEqual(await findingLines(text, sleepInAtomic), []);
    });
  }
}

for (const flag of SLEEPING_GFP_FLAGS) {
  test(`gfp flags: kmalloc(size, ${flag}) under preempt_disable() is reported`, async () => {
    const text = livepatchModule({
      post_patch: `preempt_disable();\nbuffer = kmalloc(64, ${flag} | __GFP_ZERO); ${HERE}\npreempt_enable();`,
    });
    assert.deepEqual(await findingLines(text, sleepInAtomic), markedLines(text));
  });
}

const NEVER_SLEEPING_MASKS = [
  'GFP_ATOMIC',
  'GFP_NOWAIT',
  'GFP_ATOMIC | __GFP_ZERO',
  'GFP_NOWAIT | __GFP_NOWARN',
  'GFP_KERNEL & ~__GFP_DIRECT_RECLAIM',
  'GFP_NOFS & ~__GFP_RECLAIM',
];

for (const mask of NEVER_SLEEPING_MASKS) {
  test(`gfp flags: kzalloc(size, ${mask}) under a spinlock is not reported`, async () => {
    const text = livepatchModule({ post_patch: underSpinlock(`buffer = kzalloc(64, ${mask});`) });
    assert.deepEqual(await findingLines(text, sleepInAtomic), []);
  });
}

test('the shadow constructor rule uses the same table', async () => {
  const helpers = `static int demo_ctor(void *obj, void *shadow_data, void *ctor_data)
{
	synchronize_net();
	return 0;
}`;
  const text = livepatchModule(
    { pre_patch: `buffer = klp_shadow_alloc(demo_task, 1, 8, GFP_ATOMIC, demo_ctor, NULL); ${HERE}` },
    helpers,
  );
  assert.deepEqual(await findingLines(text, shadowCtorSleeps), markedLines(text));
});
