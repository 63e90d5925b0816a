// Resources shared copy-on-write: a write on either side is never seen by the other, and the key follows the writes.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Held } from '../../../server/src/core/flow/interpret';
import { Resources } from '../../../server/src/core/check/resources';

const at = (line: number) => ({ start: { line, character: 1 }, end: { line, character: 9 } });
const held = (line: number) => ({ site: at(line) }) as unknown as Held;
const holding = (line: number) => ({
  slot: 'p|vmlinux',
  held: held(line),
  runner: 'pre_patch' as const,
  function: 'f',
  event: 1,
});
const change = (line: number) => ({ ...holding(line), patch: 'p', what: 'w', range: at(line), system: true });

test('a fork shares the contents until one side writes, and neither sees the other write', () => {
  const parent = Resources.empty();
  parent.hold(holding(3));
  parent.setVariable('p|vmlinux|buf', true);
  const emptyKey = Resources.empty().key();
  const parentKey = parent.key();
  assert.notEqual(parentKey, emptyKey);
  const child = parent.fork();
  assert.equal(child.key(), parentKey);
  child.release(0);
  child.change(change(7));
  child.loaded('p');
  assert.equal(parent.holdings.length, 1);
  assert.equal(parent.changes.length, 0);
  assert.equal(parent.key(), parentKey);
  assert.notEqual(child.key(), parentKey);
  const sibling = parent.fork();
  parent.setVariable('p|vmlinux|buf', false);
  assert.ok(sibling.hasVariable('p|vmlinux|buf'));
  assert.ok(!parent.hasVariable('p|vmlinux|buf'));
  assert.equal(sibling.key(), parentKey);
});

test('the key ignores order and what is not part of the state, and tells holdings and changes apart', () => {
  const a = Resources.empty();
  a.hold(holding(3));
  a.hold(holding(5));
  const b = Resources.empty();
  b.hold(holding(5));
  b.hold(holding(3));
  b.replace('p');
  assert.equal(a.key(), b.key());
  const c = Resources.empty();
  c.change(change(3));
  c.change(change(5));
  assert.notEqual(c.key(), a.key());
  c.undo((x) => x.range.start.line === 3);
  assert.equal(c.changes.length, 1);
  const d = Resources.empty();
  d.change(change(5));
  assert.equal(c.key(), d.key());
});
