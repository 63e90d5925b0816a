// The sysfs state (enabled, transition) of each loaded livepatch after every scenario action.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { simulate, simulateSteps } from '../../../server/src/core/lifecycle/simulate';
import { livepatch } from './builder';

const patch = livepatch('fix_a', [{ name: null }]);
const replacer = livepatch('fix_b', [{ name: null }], { replace: true });

function steps(text: string) {
  const { actions, errors } = parseScenario(text);
  assert.deepEqual(errors, []);
  return simulateSteps([patch, replacer], actions);
}

/** One line per step: `action | patch:installed/enabled/transition ...`. */
function describe(text: string): string[] {
  const { events, steps: all } = steps(text);
  return all.map((step) => {
    const action = events[step.event];
    assert.equal(action?.type, 'action');
    const patches = step.patches.map(
      (p) => `${p.patch}:${p.installed ? 'sysfs' : '-'}/${p.enabled ? 1 : 0}/${p.transition ? 1 : 0}`,
    );
    return [action.type === 'action' ? action.text : '', ...patches].join(' ');
  });
}

test('a stalled enable shows transition 1 until settle; a completed disable leaves no sysfs directory', () => {
  assert.deepEqual(describe('stall\nload fix_a\nsettle\ndisable fix_a\nunload fix_a\n'), [
    'stall',
    'load fix_a fix_a:sysfs/1/1',
    'settle fix_a:sysfs/1/0',
    'disable fix_a fix_a:-/0/0',
    'unload fix_a',
  ]);
});

test('a stalled disable reads enabled 0 and transition 1; the reversal completes at once (enabled 1)', () => {
  assert.deepEqual(describe('load fix_a\nstall\ndisable fix_a\nenable fix_a\nsettle\n'), [
    'load fix_a fix_a:sysfs/1/0',
    'stall fix_a:sysfs/1/0',
    'disable fix_a fix_a:sysfs/0/1',
    // The stalled task is still in the old state, which is the reversed target: nothing is left to wait for.
    'enable fix_a fix_a:sysfs/1/0',
    'settle fix_a:sysfs/1/0',
  ]);
});

test('an atomic replace takes the replaced patch out of sysfs; its module stays loaded', () => {
  assert.deepEqual(describe('load fix_a\nload fix_b\n'), [
    'load fix_a fix_a:sysfs/1/0',
    'load fix_b fix_a:-/0/0 fix_b:sysfs/1/0',
  ]);
});

test('simulate returns exactly the events of simulateSteps', () => {
  const { actions } = parseScenario('load fix_a\nload fix_b\ndisable fix_b\n');
  assert.deepEqual(simulate([patch, replacer], actions), simulateSteps([patch, replacer], actions).events);
});
