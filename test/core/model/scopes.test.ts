// FunctionScopes names the same enclosing function as climbing the node's parents does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { maskForParsing } from '../../../server/src/core/model/mask';
import { FunctionScopes } from '../../../server/src/core/model/scopes';
import { enclosingFunction } from '../../../server/src/core/model/syntax';
import { childrenThroughBlocks } from '../../../server/src/core/parse/tree-walk';
import { cFiles, engine, FIXTURES, SAMPLES } from '../../helpers';

const LOOKED_UP = [
  'assignment_expression',
  'update_expression',
  'declaration',
  'call_expression',
  'identifier',
];

async function compareAll(text: string, label: string): Promise<number> {
  const loaded = await engine();
  const tree = loaded.parse(maskForParsing(text));
  let compared = 0;
  try {
    for (const unit of childrenThroughBlocks(tree.rootNode, (type) => type.startsWith('preproc_if'))) {
      const scopes = new FunctionScopes(loaded.query('function-scopes').matches(unit));
      for (const node of unit.descendantsOfType(LOOKED_UP) as Node[]) {
        assert.equal(
          scopes.of(node),
          enclosingFunction(node),
          `${label}: ${node.type} at ${node.startIndex}`,
        );
        compared++;
      }
    }
  } finally {
    tree.delete();
  }
  return compared;
}

test('the enclosing function of nested, unnamed and error-recovered definitions', async () => {
  const text = [
    'int outer(int a) {',
    '  int inner(int b) { b = 1; return b; }', // a GNU nested function
    '  a = inner(2);',
    '  { int (*pick(void))(int) { a++; return 0; } }', // a definition functionName cannot name
    '  return a;',
    '}',
    'static int g = 3;',
    'void broken(void) { x = ; y = 2; int z(void) { z = 1; }', // unterminated, recovered
  ].join('\n');
  assert.ok((await compareAll(text, 'inline')) > 10);
});

test('on the samples and fixtures: every assignment, declaration, call and identifier', async () => {
  let compared = 0;
  for (const file of [...cFiles(SAMPLES), ...cFiles(FIXTURES)])
    compared += await compareAll(fs.readFileSync(file, 'utf8'), file);
  assert.ok(compared > 10_000, `only ${compared} nodes compared`);
});
