// The warnings for what a real kernel does differently from a scenario's `stall` (core/lifecycle/limits.ts).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenarioLimits } from '../../../server/src/core/lifecycle/limits';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { livepatch, range } from './builder';

const callbackOnly = livepatch('p', [{ name: null }, { name: 'm' }]);
const changing = livepatch('q', [{ name: null }]);
const [first] = changing.patch.objects;
if (first) first.funcs = [{ oldName: 'f', newFunc: 'new_f', range: range(1) }];

function limits(text: string, modules = [callbackOnly, changing]) {
  return scenarioLimits(modules, parseScenario(text).actions);
}

test('no warning for a scenario without stall', () => {
  assert.deepEqual(limits('load p\nload m\ndisable p\nunload p'), []);
});

test('a callback-only patch loaded or disabled while stalled cannot be held on a real kernel', () => {
  const found = limits('stall\nload p\ndisable p\nsettle');
  assert.deepEqual(
    found.map((l) => l.line),
    [2, 3],
  );
  assert.match(found[0]?.message ?? '', /'p' changes no function/);
});

test('a patch that changes functions gives no such warning', () => {
  assert.deepEqual(limits('stall\nload q\nsettle'), []);
});

test('unloading a target module while stalled is a warning (the held task might sleep in it)', () => {
  const found = limits('load m\nload q\nstall\ndisable q\nunload m\nsettle');
  assert.deepEqual(
    found.map((l) => l.line),
    [5],
  );
  assert.match(found[0]?.message ?? '', /unloading 'm' while stalled/);
});

test('a stall kept over many actions warns once about the signalling message', () => {
  const found = limits('load q\nstall\nload m\nunload m\nload m\nunload m\nload m\nunload m\nsettle', [
    changing,
  ]);
  const signals = found.filter((l) => /signaling remaining tasks/.test(l.message));
  assert.equal(signals.length, 1);
});

test('fail on a patch that is not an input: a real kernel has no parameter for it', () => {
  const found = limits('fail nothere');
  assert.match(found[0]?.message ?? '', /not a livepatch among the inputs/);
});
