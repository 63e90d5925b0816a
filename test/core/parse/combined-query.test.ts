// Queries compiled as one give each source query exactly its own matches, in its own order.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { Node, QueryMatch } from 'web-tree-sitter';
import { maskForParsing } from '../../../server/src/core/model/mask';
import { childrenThroughBlocks } from '../../../server/src/core/parse/tree-walk';
import { cFiles, engine, FIXTURES, SAMPLES } from '../../helpers';

/** A match as comparable data: pattern-local index, capture names and node positions. */
function shape(match: QueryMatch, firstPattern: number): string {
  const captures = match.captures.map(
    (c) => `${c.name}@${c.node.startIndex}-${c.node.endIndex}:${c.node.type}`,
  );
  return `${match.patternIndex - firstPattern} ${captures.join(' ')}`;
}

test('a combined query hands each source query the matches it finds alone, in the same order', async () => {
  const loaded = await engine();
  const names = loaded.queryNames;
  const combined = loaded.combinedQuery(names);
  const firstPattern = new Map<string, number>();
  let next = 0;
  for (const name of names) {
    firstPattern.set(name, next);
    next += loaded.query(name).patternCount();
  }
  let compared = 0;
  for (const file of [...cFiles(SAMPLES), ...cFiles(FIXTURES)]) {
    const tree = loaded.parse(maskForParsing(fs.readFileSync(file, 'utf8')));
    try {
      const units: Node[] = childrenThroughBlocks(tree.rootNode, (type) => type.startsWith('preproc_if'));
      for (const unit of units) {
        const bySource = combined.matchesBySource(unit);
        for (const name of names) {
          const alone = loaded
            .query(name)
            .matches(unit)
            .map((m) => shape(m, 0));
          const together = (bySource.get(name) ?? []).map((m) => shape(m, firstPattern.get(name) ?? 0));
          assert.deepEqual(together, alone, `${file}: ${name} on line ${unit.startPosition.row + 1}`);
          compared += alone.length;
        }
      }
    } finally {
      tree.delete();
    }
  }
  assert.ok(compared > 1000, `only ${compared} matches compared`);
});

test('a combined query is compiled once per list of names, and an unknown name is refused', async () => {
  const loaded = await engine();
  assert.equal(
    loaded.combinedQuery(['functions', 'defines']),
    loaded.combinedQuery(['functions', 'defines']),
  );
  assert.notEqual(
    loaded.combinedQuery(['functions', 'defines']),
    loaded.combinedQuery(['defines', 'functions']),
  );
  assert.throws(() => loaded.combinedQuery(['functions', 'no-such-query']), /no query named no-such-query/);
});
