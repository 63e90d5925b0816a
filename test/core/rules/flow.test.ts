// Function-body facts: error paths, helpers (bounded and cycle-safe), and per-function caching.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { FunctionIrCache } from '../../../server/src/core/flow/cache';
import { FileFlow } from '../../../server/src/core/flow/file-flow';
import { FileSyntax } from '../../../server/src/core/flow/syntax-units';
import { engine } from '../../helpers';

async function withFlow<T>(
  text: string,
  use: (flow: FileFlow) => T,
  cache = new FunctionIrCache(),
): Promise<T> {
  const tree = (await engine()).parse(text);
  const syntax = FileSyntax.open(tree, 'test.c', text);
  try {
    return use(new FileFlow(syntax.units, cache));
  } finally {
    syntax.dispose();
    tree.delete();
  }
}

/** Distinct exits as `line value error|ok held+held` (1-based; paths differing in bookkeeping only merge). */
const exitsOf = (flow: FileFlow, name: string) => [
  ...new Set(
    (flow.summary(name)?.exits ?? []).map((e) =>
      `${(e.range?.start.line ?? -2) + 1} ${e.value} ${e.error ? 'error' : 'ok'} ${e.held.map((h) => h.callee).join('+')}`.trim(),
    ),
  ),
];

test('a goto ladder releases on error paths; a failed acquisition holds nothing', async () => {
  const text = `static int setup(void)
{
	int ret;
	buf = kzalloc(8, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = register_kprobe(&kp);
	if (ret)
		goto err_buf;
	thread = kthread_run(fn, NULL, "t");
	if (IS_ERR(thread)) {
		ret = PTR_ERR(thread);
		goto err_probe;
	}
	return 0;
err_probe:
	unregister_kprobe(&kp);
err_buf:
	kfree(buf);
	return ret;
}`;
  const exits = await withFlow(text, (flow) => exitsOf(flow, 'setup'));
  assert.deepEqual(exits, ['6 -ENOMEM error', '15 0 ok kzalloc+register_kprobe+kthread_run', '20 ret error']);
});

test('a reused status variable does not hide the earlier acquisition', async () => {
  const text = `static int setup(void)
{
	int ret = register_kprobe(&a);
	if (ret)
		return ret;
	ret = register_kprobe(&b);
	if (ret)
		return ret;
	return 0;
}`;
  const exits = await withFlow(text, (flow) => exitsOf(flow, 'setup'));
  assert.deepEqual(exits, [
    '5 ret error',
    '8 ret error register_kprobe',
    '9 0 ok register_kprobe+register_kprobe',
  ]);
});

test('helpers are followed: their acquisitions and releases count at the call site', async () => {
  const text = `static int grab(void) { return register_kprobe(&kp); }
static void drop(void) { unregister_kprobe(&kp); }
static int outer(void)
{
	if (grab())
		return -EIO;
	return 0;
}
static void undo(void) { drop(); }`;
  await withFlow(text, (flow) => {
    assert.deepEqual(exitsOf(flow, 'outer'), ['6 -EIO error', '7 0 ok register_kprobe']);
    const [held] = flow.summary('outer')?.acquired ?? [];
    assert.equal(held.inFunction, 'grab');
    assert.equal(held.site.start.line, 4);
    assert.deepEqual(
      flow.summary('undo')?.releases.map((r) => [r.callee, r.inFunction, r.site.start.line]),
      [['unregister_kprobe', 'drop', 8]],
    );
  });
});

test('recursive helpers terminate', async () => {
  const text = `static void ping(int n) { if (n) pong(n - 1); kfree(p); }
static void pong(int n) { if (n) ping(n - 1); mutex_lock(&m); }`;
  await withFlow(text, (flow) => {
    assert.ok(flow.summary('ping'));
    assert.ok(flow.reachableCalls('ping').some(({ step }) => step.callee === 'mutex_lock'));
  });
});

test('an edit recomputes only the edited function; a moved function keeps correct ranges', async () => {
  const cache = new FunctionIrCache();
  const a = 'static void a(void)\n{\n\tkfree(x);\n}\n';
  const b = 'static void b(void)\n{\n\tkfree(y);\n}\n';
  await withFlow(a + b, (flow) => [flow.functions.get('a'), flow.functions.get('b')], cache);
  assert.equal(cache.misses, 2);
  const edited = 'static void a(void)\n{\n\tkfree(x);\n\tkfree(z);\n}\n' + b;
  const line = await withFlow(
    edited,
    (flow) => {
      flow.functions.get('a');
      const [step] = flow.functions.get('b')?.body ?? [];
      return step && 'range' in step ? step.range.start.line : -1;
    },
    cache,
  );
  assert.equal(cache.misses, 3);
  assert.equal(cache.hits, 1);
  assert.equal(line, 7);
});

test('statement trees are built only for the functions asked for (callbacks and what they reach)', async () => {
  const cache = new FunctionIrCache();
  const text = 'static void a(void)\n{\n\tkfree(x);\n}\nstatic void b(void)\n{\n\tkfree(y);\n}\n';
  await withFlow(text, () => undefined, cache);
  assert.equal(cache.misses, 0);
  const has = await withFlow(text, (flow) => [flow.functions.has('b'), flow.functions.has('c')], cache);
  assert.deepEqual(has, [true, false]);
  assert.equal(cache.misses, 1);
});

test('#ifdef variants of one function: the first whose tree builds stands for it, in document order', async () => {
  const text = [
    '#ifdef CONFIG_A',
    'static void f(void)\n{\n\tkfree(a);\n}',
    '#else',
    'static void f(void)\n{\n\tkfree(b);\n}',
    '#endif',
    'static void g(void)\n{\n}',
    '',
  ].join('\n');
  const seen = await withFlow(text, (flow) =>
    [...flow.functions.values()].map((ir) => `${ir.name}:${ir.nameRange.start.line}`),
  );
  assert.deepEqual(seen, ['f:1', 'g:11']);
});

test('kernel attribute macros do not hide functions (the text is masked like extraction does)', async () => {
  const text = 'static int __init my_init(void)\n{\n\treturn klp_enable_patch(&patch);\n}\n';
  const names = await withFlow(text, (flow) => [...flow.functions.keys()]);
  assert.deepEqual(names, ['my_init']);
});

test('an error code set before a goto, and an error arm with a nested if, both return errors', async () => {
  const text = `static int setup(void)
{
	int ret;
	buf = kzalloc(8, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (too_big) {
		ret = -E2BIG;
		goto out;
	}
	ret = register_kprobe(&kp);
	if (ret) {
		if (verbose)
			pr_err("no probe\\n");
		return ret;
	}
	return 0;
out:
	return ret;
}`;
  const exits = await withFlow(text, (flow) => exitsOf(flow, 'setup'));
  assert.deepEqual(exits, [
    '6 -ENOMEM error',
    '15 ret error kzalloc',
    '17 0 ok kzalloc+register_kprobe',
    '19 ret error kzalloc',
  ]);
});
