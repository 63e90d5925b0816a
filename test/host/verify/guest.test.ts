// The guest side of verify: the /init script written from scenarios, and the kernel log read back per case.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { BEGIN, END, guestScript, UNAME } from '../../../server/src/host/verify/guest-script';
import { readCapture } from '../../../server/src/host/verify/kernel-log';

function script(text: string, labels = ['vmlinux', 'm']): string {
  const { actions, errors } = parseScenario(text);
  assert.deepEqual(errors, []);
  return guestScript([{ id: 'c0', actions, livepatches: new Map([['p', labels]]) }]);
}

test('a failure in force is passed to the next load as the object’s pre_patch parameter', () => {
  const init = script('fail p:m -EBUSY\nload p replace=1');
  assert.match(
    init,
    /oracle-loader insmod 'load p replace=1' \/modules\/c0\/p\.ko pre_patch_ret_m=-16 replace=1/,
  );
});

test('a failure for every object sets each object’s parameter, and a loaded patch’s too', () => {
  const init = script('load p\nfail p');
  assert.match(init, /\[ -e \/sys\/module\/p\/parameters\/pre_patch_ret_vmlinux \] && echo -19 >/);
  assert.match(init, /\[ -e \/sys\/module\/p\/parameters\/pre_patch_ret_m \] && echo -19 >/);
});

test('succeed for one object overrides a whole-patch failure', () => {
  const init = script('fail p\nsucceed p:m\nload p');
  assert.match(init, /insmod 'load p' \/modules\/c0\/p\.ko pre_patch_ret_vmlinux=-19$/m);
});

test('disable, enable and unload are one loader call each; stalled steps do not wait for transitions', () => {
  const init = script('load p\nstall\ndisable p\nenable p\nsettle\nunload p');
  assert.match(
    init,
    /oracle-loader write 'disable p' \/sys\/kernel\/livepatch\/p\/enabled 0\nwait_settled 25/,
  );
  assert.match(
    init,
    /oracle-loader write 'enable p' \/sys\/kernel\/livepatch\/p\/enabled 1\nwait_settled 25/,
  );
  assert.match(init, /set_holds 0\nmust_settle/);
  assert.match(init, /oracle-loader rmmod 'unload p' p\nmust_settle/);
});

test('each case is marked, then cleaned up: its livepatches and modules are removed', () => {
  const init = script('load m\nload p');
  assert.match(init, /oracle-loader mark '@case c0'[\s\S]*oracle-loader mark '@end c0'\ncleanup p m/);
});

test('mirror cases load the busy module first and stall on both its threads; the oracle’s modules bring their own', () => {
  const { actions } = parseScenario('load p\nstall\ndisable p');
  const cases = [{ id: 'c0', actions, livepatches: new Map([['p', ['vmlinux']]]) }];
  const mirror = guestScript(cases);
  assert.match(mirror, /oracle-loader insmod busy \/modules\/\S+\.ko/);
  assert.match(mirror, /^hold_task 2$/m);
  const oracle = guestScript(cases, { busyModule: false, heldTasks: 1 });
  assert.doesNotMatch(oracle, /insmod busy/);
  assert.match(oracle, /^hold_task 1$/m);
});

let sequence = 0;
function record(level: number, text: string): string {
  sequence += 1;
  return `${level},${sequence},2,-;${text}`;
}

test('the kernel log is split into cases, normalised, and the harness’s own trouble is reported', () => {
  const console = [
    'boot noise',
    `${UNAME} 6.1.0-57-amd64 #1 SMP`,
    BEGIN,
    record(6, 'klp_oracle: step @case c0'),
    record(6, 'klp_oracle: step load p'),
    record(5, "livepatch: enabling patch 'p'"),
    ' SUBSYSTEM=whatever',
    record(7, "livepatch: 'p': initializing patching transition"),
    record(6, 'klp_oracle: p: pre_patch vmlinux fn=pre ret=0'),
    record(4, 'some other driver line'),
    record(3, 'klp_oracle: failed: load m: errno=-17'),
    record(6, 'klp_oracle: step @end c0'),
    record(6, "livepatch: 'p': unpatching complete"),
    record(6, 'klp_oracle: step @case c1'),
    record(6, 'klp_oracle: step HARNESS-ERROR: no task is held'),
    END,
    '',
  ].join('\n');
  const capture = readCapture(console);
  assert.equal(capture.kernel, '6.1.0-57-amd64 #1 SMP');
  assert.deepEqual(capture.cases.get('c0'), {
    lines: [
      '== load p',
      "notice livepatch: enabling patch 'p'",
      "debug livepatch: 'p': initializing patching transition",
      'info klp_oracle: p: pre_patch vmlinux fn=pre ret=0',
      'err klp_oracle: failed: load m: errno=-17',
    ],
    // Each kept line's timestamp (microseconds), for --real-callbacks' merge with traced callbacks.
    times: [2, 2, 2, 2, 2],
    problems: [],
  });
  assert.deepEqual(capture.cases.get('c1')?.problems, [
    'kernel log: klp_oracle: step HARNESS-ERROR: no task is held',
  ]);
});

test('a record garbled on the serial console is reported, not silently dropped from the trace', () => {
  const console = [
    BEGIN,
    '6,10,1,-;klp_oracle: step @case c0',
    '5,11,1,-;livepatch: one',
    '7,12,66[   68.236685] reboot: Power down',
    '53,-;livepatch: two',
    '5,13,1,-;livepatch: three',
    END,
    '',
  ].join('\n');
  const capture = readCapture(console);
  assert.deepEqual(capture.cases.get('c0')?.problems, ['the console lost kernel log records 12..12']);
});

test('a console without the log markers is a problem, not an empty trace', () => {
  const capture = readCapture('Kernel panic - not syncing\n');
  assert.equal(capture.cases.size, 0);
  assert.match(capture.problems[0] ?? '', /did not print its kernel log/);
});
