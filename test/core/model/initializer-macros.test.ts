// Every helper macro of the initializer table expands, argument by argument, to the members it names.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import type { InitList } from '../../../server/src/core/model/facts';
import { INITIALIZER_MACROS, TERMINATOR_MACROS } from '../../../server/src/core/model/initializer-macros';
import { readInitValue } from '../../../server/src/core/model/syntax';
import { engine } from '../../helpers';

/** The first element of `int x[] = { <element> };`, read as extraction reads it. */
async function readElement(element: string): Promise<ReturnType<typeof readInitValue>> {
  const tree = (await engine()).parse(`int x[] = { ${element} };`);
  try {
    const list = tree.rootNode.descendantsOfType('initializer_list')[0] as Node;
    const first = list.namedChildren.find((c) => c !== null) as Node;
    return readInitValue(first);
  } finally {
    tree.delete();
  }
}

for (const [macro, args] of Object.entries(INITIALIZER_MACROS)) {
  test(`${macro}(...) initialises ${args.map((a) => a.member).join(', ')}`, async () => {
    const names = args.map((_, i) => `arg_${i}`);
    const value = await readElement(`${macro}(${names.join(', ')})`);
    assert.equal(value.kind, 'list');
    const items = (value as InitList).items;
    assert.deepEqual(
      items.map((item) => item.designators.map((d) => ('field' in d ? d.field : `[${d.index}]`)).join('.')),
      args.map((a) => a.member),
    );
    items.forEach((item, i) => {
      assert.equal(item.value.kind, 'expr');
      if (item.value.kind !== 'expr') return;
      assert.equal(item.value.text, args[i].stringify ? `"arg_${i}"` : `arg_${i}`);
      assert.equal(item.value.chain?.base ?? null, args[i].stringify ? null : `arg_${i}`);
    });
  });

  test(`${macro} with the wrong number of arguments is left as an expression`, async () => {
    const value = await readElement(`${macro}(${['a', ...args.map((_, i) => `b${i}`)].join(', ')})`);
    assert.equal(value.kind, 'expr');
  });
}

for (const macro of TERMINATOR_MACROS) {
  test(`${macro} is an all-zero terminator`, async () => {
    const value = await readElement(macro);
    assert.deepEqual(value.kind === 'list' ? value.items : value, []);
  });
}

test('an unknown macro call stays an expression', async () => {
  assert.equal((await readElement('MY_OBJECT(a, b)')).kind, 'expr');
});
