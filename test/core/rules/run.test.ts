// checkFile: severities from options, 'off', workspace functions, #ifdef notes, sorting and bad input.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { ALL_RULES } from '../../../server/src/core/rules/index';
import type { CheckOptions } from '../../../server/src/core/rules/run';
import { engine } from '../../helpers';

const MODULE = `#include <linux/livepatch.h>
static void bad_pre_patch(struct klp_object *obj) { }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
	{
		.funcs = funcs,
		.callbacks = {
#ifdef CONFIG_DEMO
			.pre_patch = bad_pre_patch,
#endif
			.post_unpatch = elsewhere_post_unpatch,
		},
	}, { }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;

async function check(text: string, options?: CheckOptions) {
  return analyzeText(await engine(), 'demo.c', text, { check: options }).findings;
}

test('findings carry the rule default severity, sorted by position', async () => {
  const findings = await check(MODULE);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.range.start.line]),
    [
      ['callback-signature', 'error', 8],
      ['undefined-callback', 'error', 10],
    ],
  );
  assert.ok(findings.every((f) => f.path === 'demo.c'));
});

test('a registration under #ifdef names its condition', async () => {
  const [signature] = await check(MODULE);
  assert.match(signature.message, /registered only when CONFIG_DEMO/);
});

test('severities can be changed or turned off per rule', async () => {
  const findings = await check(MODULE, {
    severities: { 'callback-signature': 'info', 'undefined-callback': 'off' },
  });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity]),
    [['callback-signature', 'info']],
  );
});

test('a callback defined elsewhere in the workspace is not undefined', async () => {
  const findings = await check(MODULE, { workspaceFunctions: new Set(['elsewhere_post_unpatch']) });
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['callback-signature'],
  );
});

test('related locations point at the counterpart or the definition', async () => {
  const [signature] = await check(MODULE);
  assert.equal(signature.related.length, 1);
  assert.equal(signature.related[0].range.start.line, 1);
  assert.equal(signature.related[0].path, 'demo.c');
});

test('garbage and half-typed input yield findings or nothing, never an exception', async () => {
  const inputs = [
    '',
    '}}}{{{',
    'static struct klp_object objs[] = { { .callbacks = { .pre_patch = ',
    '\u0000\uffff',
  ];
  for (const text of inputs) {
    const findings = await check(text);
    assert.ok(Array.isArray(findings));
    assert.ok(
      findings.every((f) => !f.message.startsWith('internal error')),
      JSON.stringify(findings),
    );
  }
});

test('every rule documents itself', () => {
  const ids = new Set<string>();
  for (const rule of ALL_RULES) {
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(rule.id), `duplicate rule id ${rule.id}`);
    ids.add(rule.id);
    assert.ok(rule.docs.summary.length > 10 && rule.docs.description.length > 80, rule.id);
  }
});
