// Every entry of the lock table, exercised through the analysis: held across callbacks, trylocks held
// only on success, lock identity compared, and atomic families making a sleeping call a finding.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { FunctionIrCache } from '../../../server/src/core/flow/cache';
import { FileFlow } from '../../../server/src/core/flow/file-flow';
import { LOCK_PAIRS, type LockCall, type LockPair } from '../../../server/src/core/flow/locks';
import { FileSyntax } from '../../../server/src/core/flow/syntax-units';
import { lockAcrossCallbacks } from '../../../server/src/core/rules/lock-across-callbacks';
import { sleepInAtomic } from '../../../server/src/core/rules/sleep-in-atomic';
import { engine } from '../../helpers';
import { HERE, exampleCall, findingLines, livepatchModule, markedLines } from './generated-module';

/** A statement taking the lock that, for a trylock or an interruptible lock, leaves on failure. */
function acquireStatement(call: LockCall, identity?: string): string {
  const text = exampleCall(call, identity);
  if (call.returns === 'truth') return `if (!${text}) ${HERE}\n\treturn -EBUSY;`;
  if (call.returns === 'status') return `if (${text}) ${HERE}\n\treturn -EBUSY;`;
  return `${text}; ${HERE}`;
}

const releaseStatement = (call: LockCall, identity?: string) => `${exampleCall(call, identity)};`;

for (const pair of LOCK_PAIRS) {
  for (const call of pair.acquire) {
    test(`lock table: ${call.name}() in module_init, released in post_patch, is reported`, async () => {
      const text = livepatchModule({
        init: acquireStatement(call),
        post_patch: releaseStatement(pair.release[0]),
      });
      assert.deepEqual(await findingLines(text, lockAcrossCallbacks), markedLines(text));
    });
  }
  for (const call of pair.release) {
    test(`lock table: ${call.name}() in post_unpatch releases what pre_patch took`, async () => {
      const text = livepatchModule({
        pre_patch: acquireStatement(pair.acquire[0]),
        post_unpatch: releaseStatement(call),
      });
      assert.deepEqual(await findingLines(text, lockAcrossCallbacks), markedLines(text));
    });
  }
  if (pair.matchKeys) {
    test(`lock table: ${pair.id} compares which lock is released`, async () => {
      const text = livepatchModule({
        pre_patch: `${exampleCall(pair.acquire[0])};\n${releaseStatement(pair.release[0])}`,
        post_patch: `${exampleCall(pair.acquire[0], '&other_lock')};`,
        pre_unpatch: releaseStatement(pair.release[0], '&demo_lock'),
      });
      assert.deepEqual(await findingLines(text, lockAcrossCallbacks), []);
    });
  }
  test(`lock table: ${pair.id} ${pair.atomic ? 'makes' : 'does not make'} a sleeping call a finding`, async () => {
    const text = livepatchModule({
      post_patch: `${exampleCall(pair.acquire[0])};\nmsleep(1);${pair.atomic ? ` ${HERE}` : ''}\n${releaseStatement(pair.release[0])}`,
    });
    assert.deepEqual(await findingLines(text, sleepInAtomic), markedLines(text));
  });
  for (const call of pair.acquire) {
    const sleeps = pair.acquireSleeps && !call.conditional;
    test(`lock table: ${call.name}() ${sleeps ? 'may sleep' : 'does not sleep'} under a spinlock`, async () => {
      const take = `${exampleCall(call, '&other_lock')};${sleeps ? ` ${HERE}` : ''}`;
      const text = livepatchModule({
        pre_unpatch: `spin_lock(&demo_lock);\n${take}\nspin_unlock(&demo_lock);`,
      });
      assert.deepEqual(await findingLines(text, sleepInAtomic), markedLines(text));
    });
  }
}

/** The locks a function holds at each of its exits, as `line:callee` (line 1-based; 0 for the end). */
async function heldAtExits(text: string, name: string): Promise<string[]> {
  const tree = (await engine()).parse(text);
  const syntax = FileSyntax.open(tree, 'test.c', text);
  try {
    const summary = new FileFlow(syntax.units, new FunctionIrCache()).summary(name);
    return (summary?.exits ?? []).map(
      (exit) => `${exit.range ? exit.range.start.line + 1 : 0}:${exit.held.map((h) => h.callee).join('+')}`,
    );
  } finally {
    syntax.dispose();
    tree.delete();
  }
}

const trylocks = LOCK_PAIRS.flatMap((pair) =>
  pair.acquire.filter((c) => c.conditional).map((c) => [pair, c] as const),
);

for (const [pair, call] of trylocks) {
  test(`lock table: trylock ${call.name}() holds ${pair.what} only where it succeeded`, async () => {
    const attempt = exampleCall(call);
    // down_trylock() returns 0 on success: its failure test is `if (down_trylock(...))`.
    const failed = call.returns === 'status' ? attempt : `!${attempt}`;
    const text = `static void f(void)\n{\n\tif (${failed})\n\t\treturn;\n\tcount++;\n}`;
    assert.deepEqual(await heldAtExits(text, 'f'), ['4:', `0:${call.name}`]);
  });
}

test('lock table: every family has acquisitions and releases, and ids are unique', () => {
  const ids = new Set<string>();
  for (const pair of LOCK_PAIRS as readonly LockPair[]) {
    assert.ok(pair.acquire.length > 0 && pair.release.length > 0, pair.id);
    assert.ok(!ids.has(pair.id), `duplicate id ${pair.id}`);
    ids.add(pair.id);
  }
});
