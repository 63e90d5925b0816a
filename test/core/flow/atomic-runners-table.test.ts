// Every entry of the atomic-runner table, exercised through sleep-in-atomic: a function it runs that may
// sleep is reported at the call, one that does not sleep is not.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ATOMIC_RUNNERS, type AtomicRunner } from '../../../server/src/core/flow/atomic-runners';
import { sleepInAtomic } from '../../../server/src/core/rules/sleep-in-atomic';
import { HERE, findingLines, livepatchModule, markedLines } from './generated-module';

const HELPERS = `static void demo_sleeps(void *info)
{
	mutex_lock(&demo_mutex);
	mutex_unlock(&demo_mutex);
}
static void demo_counts(void *info)
{
	(*(int *)info)++;
}`;

/** The runner called with `fn` at its function argument and placeholders elsewhere. */
function runWith(entry: AtomicRunner, fn: string): string {
  const args = Array.from({ length: entry.fnArg + 3 }, (_, i) => (i === entry.fnArg ? fn : `arg${i}`));
  return `${entry.name}(${args.join(', ')});`;
}

for (const entry of ATOMIC_RUNNERS) {
  test(`atomic runners: ${entry.name}() running a function that may sleep is reported`, async () => {
    const text = livepatchModule(
      { post_patch: `${runWith(entry, 'demo_sleeps')} ${HERE}\n${runWith(entry, '&demo_counts')}` },
      HELPERS,
    );
    assert.deepEqual(await findingLines(text, sleepInAtomic), markedLines(text));
  });
}

test('atomic runners: a function called directly (not run atomically) may sleep', async () => {
  const text = livepatchModule(
    { post_patch: 'demo_sleeps(NULL);\nqueue_work(system_wq, &demo_work);' },
    HELPERS,
  );
  assert.deepEqual(await findingLines(text, sleepInAtomic), []);
});
