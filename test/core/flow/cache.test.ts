// The shared statement cache: keyed by a digest of the definition, bounded by estimated bytes.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { FunctionIrCache } from '../../../server/src/core/flow/cache';
import { engine } from '../../helpers';

const definition = (name: string, statements: number) =>
  `static void ${name}(void)\n{\n${'\tkfree(p);\n'.repeat(statements)}}\n`;

async function definitionsOf(text: string, use: (nodes: import('web-tree-sitter').Node[]) => void) {
  const tree = (await engine()).parse(text);
  try {
    use(tree.rootNode.namedChildren.filter((n) => n?.type === 'function_definition') as never);
  } finally {
    tree.delete();
  }
}

test('stays within its byte budget however many distinct functions pass through', async () => {
  const budget = 64 * 1024;
  const cache = new FunctionIrCache(budget);
  const text = Array.from({ length: 200 }, (_, i) => definition(`f${i}`, 20)).join('\n');
  await definitionsOf(text, (nodes) => nodes.forEach((node) => cache.get(node)));
  assert.equal(cache.misses, 200);
  assert.ok(cache.bytes <= budget, `${cache.bytes} bytes held`);
  assert.ok(cache.size > 1 && cache.size < 200, `${cache.size} entries`);
});

test('the same definition text hits, wherever it sits; the least recently used goes first', async () => {
  const cache = new FunctionIrCache(3 * (256 + 24 * definition('a', 1).length));
  await definitionsOf(definition('a', 1) + definition('b', 1) + definition('c', 1), (nodes) =>
    nodes.forEach((node) => cache.get(node)),
  );
  // a is used again (moved down a line), then d pushes out the least recently used: b.
  await definitionsOf(`\n${definition('a', 1)}${definition('d', 1)}`, (nodes) =>
    nodes.forEach((node) => cache.get(node)),
  );
  assert.equal(cache.hits, 1);
  await definitionsOf(definition('c', 1) + definition('b', 1), (nodes) =>
    nodes.forEach((node) => cache.get(node)),
  );
  assert.equal(cache.hits, 2, 'c was still cached, b was not');
});

test('one definition larger than the whole budget is still kept (the newest entry stays)', async () => {
  const cache = new FunctionIrCache(10);
  await definitionsOf(definition('big', 50), ([node]) => {
    assert.ok(cache.get(node));
    assert.ok(cache.get(node));
  });
  assert.equal(cache.hits, 1);
  assert.equal(cache.size, 1);
});
