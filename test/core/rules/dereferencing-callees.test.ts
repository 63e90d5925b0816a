// Every dereferencing-callee table entry makes an unchecked shadow pointer handed to it a finding.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { DEREFERENCING_CALLEES } from '../../../server/src/core/flow/dereferencing-callees';
import { LOCK_PAIRS } from '../../../server/src/core/flow/locks';
import { shadowUncheckedAlloc } from '../../../server/src/core/rules/shadow-unchecked-alloc';
import { engine } from '../../helpers';

/** The lines (1-based) shadow-unchecked-alloc reports in a file. */
async function reportedLines(text: string): Promise<number[]> {
  const { findings } = analyzeText(await engine(), 'uses.c', text, {
    check: { rules: [shadowUncheckedAlloc] },
  });
  return findings.map((f) => f.range.start.line + 1);
}

/** A function that allocates a shadow pointer `p` and gives it, unchecked, to `call` (line 5 after the helpers). */
function module(call: string, helpers = ''): string {
  return `${helpers}static void use(struct device *dev)
{
	void *p = klp_shadow_alloc(dev, 1, 64, GFP_KERNEL, NULL, NULL);

	${call};
}
`;
}

/** The line of `call` in `module(call, helpers)`. */
const useLine = (helpers: string) => helpers.split('\n').length - 1 + 5;

/** `callee(a0, p, a2)` with p at `index`. */
function callWith(callee: string, index: number): string {
  const args = Array.from({ length: Math.max(index + 1, 2) }, (_, i) => (i === index ? 'p' : `a${i}`));
  return `${callee}(${args.join(', ')})`;
}

for (const [callee, indexes] of DEREFERENCING_CALLEES) {
  for (const index of indexes) {
    test(`${callee}() dereferences its argument ${index}`, async () => {
      assert.deepEqual(await reportedLines(module(callWith(callee, index))), [5]);
    });
  }
}

const keyedLockCalls = LOCK_PAIRS.filter((pair) => pair.matchKeys).flatMap((pair) =>
  [...pair.acquire, ...pair.release].filter((spec) => typeof spec.key === 'number'),
);

for (const spec of keyedLockCalls) {
  test(`lock call ${spec.name}() dereferences the lock it is given`, async () => {
    assert.deepEqual(await reportedLines(module(callWith(spec.name, spec.key as number))), [5]);
  });
}

test('a lock call on a field of the pointer dereferences it (spin_lock_init(&p->lock))', async () => {
  assert.deepEqual(await reportedLines(module('spin_lock_init(&((struct s *)p)->lock)')), [5]);
});

test('an argument the callee does not dereference, and an unknown callee, hand the pointer on', async () => {
  assert.deepEqual(await reportedLines(module('memcpy(a0, a1, p)')), []);
  assert.deepEqual(await reportedLines(module('hand_on(p)')), []);
  assert.deepEqual(await reportedLines(module('kfree(p)')), []);
});

test('sizeof(*p) reads nothing: the later test decides', async () => {
  const text = module('memset(a0, 0, sizeof(*p)); if (p) strcpy(p, "x")');
  assert.deepEqual(await reportedLines(text), []);
});

test('a same-file helper that dereferences its parameter dereferences the argument', async () => {
  const helpers = `static void fill(int n, char *buf)
{
	snprintf(buf, 16, "%d", n);
}
static void fill_twice(char *buf)
{
	fill(2, buf);
}
`;
  const direct = await reportedLines(module('fill(1, p)', helpers));
  const nested = await reportedLines(module('fill_twice(p)', helpers));
  assert.deepEqual([direct, nested], [[useLine(helpers)], [useLine(helpers)]]);
});

test('a helper that tests its parameter first, or gets the pointer as another argument, is fine', async () => {
  const helpers = `static void careful(char *buf)
{
	if (!buf)
		return;
	strcpy(buf, "x");
}
static void other(char *buf, char *p)
{
	strcpy(buf, "x");
}
`;
  assert.deepEqual(await reportedLines(module('careful(p)', helpers)), []);
  assert.deepEqual(await reportedLines(module('other(a0, p)', helpers)), []);
});
