// Predicted events written as the kernel-log lines, and real lines read back as events.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  comparableLines,
  eventsFromLines,
  projectedLines,
} from '../../../server/src/host/verify/trace-lines';
import { firstDifference } from '../../../server/src/host/verify/run-cases';
import { livepatch, trace } from '../../core/lifecycle/builder';

const p = livepatch('p', [{ name: null }, { name: 'm' }]);

test('real lines read back as events project to the same lines', () => {
  const lines = projectedLines(trace([p], 'load m\nfail p:m\nload p\nunload p\nsucceed p\ndisable p'));
  const events = eventsFromLines(lines);
  assert.deepEqual(projectedLines(events), lines);
  const callback = events.find((e) => e.type === 'callback' && e.object === 'm');
  assert.deepEqual(callback && { ...callback, source: undefined }, {
    type: 'callback',
    patch: 'p',
    callback: 'pre_patch',
    object: 'm',
    moduleState: 'LIVE',
    function: 'pre_patch_m',
    ret: -19,
    source: undefined,
  });
  assert.ok(events.some((e) => e.type === 'error' && e.errno === -19));
});

test('retry and signalling lines do not take part in the comparison', () => {
  const lines = [
    '== stall',
    'debug livepatch: klp_try_switch_task: klpcb_busy:51 is sleeping on function klpcb_busy_wait',
    'notice livepatch: signaling remaining tasks',
    "notice livepatch: 'p': patching complete",
  ];
  assert.deepEqual(comparableLines(lines), ['== stall', "notice livepatch: 'p': patching complete"]);
});

test('the first difference is the first row that differs, or where one side ends', () => {
  assert.equal(firstDifference(['a', 'b'], ['a', 'b']), -1);
  assert.equal(firstDifference(['a', 'b'], ['a', 'c']), 1);
  assert.equal(firstDifference(['a'], ['a', 'b']), 1);
});
