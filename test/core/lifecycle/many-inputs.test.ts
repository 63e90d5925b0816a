// Built-in scenarios for ten thousand inputs: pairs of inputs are searched one at a time, never built up front.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinScenarios } from '../../../server/src/core/lifecycle/builtins';
import { livepatch } from './builder';

// 10,000 inputs make 10^8 ordered pairs: building them all (as `scenarios` on 10,000 files once did)
// runs out of memory long before the test timeout.
const COUNT = 10_000;

test('10,000 patches on distinct modules: every built-in is decided, none from a pair list', () => {
  const modules = Array.from({ length: COUNT }, (_, i) =>
    livepatch(`p${i}`, [{ name: null }, { name: `m${i}`, callbacks: ['post_patch', 'pre_unpatch'] }], {
      replace: i % 2 === 1,
    }),
  );
  const scenarios = builtinScenarios(modules);
  assert.ok(scenarios.length > 5);
  const replace = scenarios.find((s) => s.applicable && /load p0\n[^]*load p1\b/.test(s.text));
  assert.ok(replace, 'the first non-replace input and the first replace input make the replace pair');
});

test('10,000 patches sharing a module with a pre_patch: the first two inputs are the pair', () => {
  const modules = Array.from({ length: COUNT }, (_, i) =>
    livepatch(`q${i}`, [{ name: null }, { name: 'shared' }]),
  );
  const applicable = builtinScenarios(modules).filter((s) => s.applicable);
  assert.ok(applicable.some((s) => s.text.includes('load q0') && s.text.includes('load q1')));
});
