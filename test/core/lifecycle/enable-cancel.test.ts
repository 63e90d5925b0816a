// Enabling, the cancel path of a failing pre_patch, and the fail/succeed injections.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { expected, livepatch, trace, traceLines } from './builder';

const three = livepatch('p', [{ name: null }, { name: 'a' }, { name: 'b' }]);

function callbacks(lines: string[]): string[] {
  return lines.filter((l) => / -> /.test(l));
}

test('pre_patch failing on a middle object: post_unpatch only for the objects before it', () => {
  const lines = traceLines([three], 'load a\nload b\nfail p:a -12\nload p');
  assert.deepEqual(
    lines.slice(lines.indexOf('# load p')),
    expected(`
      # load p
      livepatch: enabling patch 'p'
      livepatch: 'p': initializing patching transition
      p: pre_patch(vmlinux) -> pre_patch_vmlinux = 0
      p: pre_patch(a) [MODULE_STATE_LIVE] -> pre_patch_a = -12
      livepatch: pre-patch callback failed for object 'a'
      livepatch: failed to enable patch 'p'
      livepatch: 'p': canceling patching transition, going to unpatch
      livepatch: 'p': completing unpatching transition
      p: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      livepatch: 'p': unpatching complete
      error: could not insert 'p': Cannot allocate memory (-12)`),
  );
});

test('a failed load leaves no module behind: it can be loaded again once pre_patch succeeds', () => {
  const lines = traceLines([three], 'fail p\nload p\nunload p\nsucceed p\nload p');
  assert.deepEqual(lines.slice(lines.indexOf('# unload p'), lines.indexOf('# unload p') + 3), [
    '# unload p',
    'error: Module p is not currently loaded (-2)',
    '# succeed p',
  ]);
  assert.equal(lines.at(-1), "livepatch: 'p': patching complete");
});

test('objects whose module is absent are skipped by every callback', () => {
  const lines = traceLines([three], 'load p\ndisable p');
  assert.deepEqual(
    callbacks(lines).map((l) => l.replace(/ ->.*/, '')),
    [
      'p: pre_patch(vmlinux)',
      'p: post_patch(vmlinux)',
      'p: pre_unpatch(vmlinux)',
      'p: post_unpatch(vmlinux)',
    ],
  );
});

test('an object without pre_patch cannot fail, and its post_unpatch is still armed', () => {
  const partial = livepatch('p', [{ name: null, callbacks: ['post_unpatch'] }]);
  const lines = traceLines([partial], 'fail p\nload p\ndisable p');
  assert.deepEqual(callbacks(lines), ['p: post_unpatch(vmlinux) -> post_unpatch_vmlinux']);
  assert.ok(!lines.some((l) => l.startsWith('error')));
});

test('an object without callbacks produces no callback event', () => {
  const bare = livepatch('p', [{ name: null, callbacks: [] }]);
  const events = trace([bare], 'load p\ndisable p');
  assert.equal(events.filter((e) => e.type === 'callback').length, 0);
  assert.equal(events.filter((e) => e.type === 'kernel').length, 9);
});

test('succeed for one object overrides a whole-patch fail; succeed for the patch clears everything', () => {
  const lines = traceLines([three], 'load a\nfail p -5\nsucceed p:vmlinux\nload p');
  assert.ok(lines.includes('p: pre_patch(vmlinux) -> pre_patch_vmlinux = 0'));
  assert.ok(lines.includes('p: pre_patch(a) [MODULE_STATE_LIVE] -> pre_patch_a = -5'));
  assert.equal(lines.at(-1), "error: could not insert 'p': Input/output error (-5)");

  const cleared = traceLines([three], 'load a\nfail p:a\nsucceed p\nload p');
  assert.equal(cleared.at(-1), "livepatch: 'p': patching complete");
});

test('a fail given for an object the patch does not have changes nothing', () => {
  const lines = traceLines([three], 'fail p:nosuch\nload p');
  assert.equal(lines.at(-1), "livepatch: 'p': patching complete");
});

test('fail and succeed must name a livepatch among the inputs', () => {
  const events = trace([three], 'fail q');
  const error = events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error');
  assert.equal(error.module, 'q');
  assert.equal(error.errno, -2);
  assert.match(error.text, /no livepatch named 'q' among the inputs/);
});

test('pre_patch carries ret, the other callbacks do not; vmlinux has no module state', () => {
  const events = trace([three], 'load a\nload p\ndisable p');
  for (const event of events) {
    if (event.type !== 'callback') continue;
    assert.equal('ret' in event, event.callback === 'pre_patch', `${event.callback} ret`);
    assert.equal(event.moduleState, event.object === 'vmlinux' ? null : 'LIVE');
  }
});

test('kernel messages carry the kernel log levels', () => {
  const events = trace([three], 'fail p\nload p');
  const levels = events.flatMap((e) => (e.type === 'kernel' ? [`${e.level} ${e.text}`] : []));
  assert.deepEqual(levels, [
    "notice enabling patch 'p'",
    "debug 'p': initializing patching transition",
    "warn pre-patch callback failed for object 'vmlinux'",
    "warn failed to enable patch 'p'",
    "debug 'p': canceling patching transition, going to unpatch",
    "debug 'p': completing unpatching transition",
    "notice 'p': unpatching complete",
  ]);
  const ok = trace([three], 'load p').flatMap((e) => (e.type === 'kernel' ? [e.level] : []));
  assert.deepEqual(ok, ['notice', 'debug', 'notice', 'debug', 'notice']);
});

test('an object without .funcs makes klp_enable_patch refuse before anything runs', () => {
  const broken = livepatch('p', [{ name: null }, { name: 'a', funcsSet: false }]);
  const events = trace([broken], 'load p');
  assert.deepEqual(events.slice(1), [
    { type: 'error', module: 'p', errno: -22, text: "could not insert 'p': Invalid argument" },
  ]);
});

test('callback sources point at the definition name, or at the registration when undefined', () => {
  const defined = livepatch('p', [{ name: null, callbacks: ['pre_patch'] }], { path: 'src/p.c' });
  const [event] = trace([defined], 'load p').filter((e) => e.type === 'callback');
  assert.ok(event && event.type === 'callback');
  assert.deepEqual(event.source, { path: 'src/p.c', range: defined.functions[0]?.nameRange });

  const external = livepatch('p', [{ name: null, callbacks: ['pre_patch'] }], { undefinedFunctions: true });
  const [other] = trace([external], 'load p').filter((e) => e.type === 'callback');
  assert.ok(other && other.type === 'callback');
  assert.deepEqual(other.source.range, external.patch.objects[0]?.callbacks.pre_patch?.range);
});
