// Incremental analysis (tree.edit + per-declaration caches) gives exactly what a fresh analysis gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText, DocumentAnalyzer } from '../../server/src/core/analyze';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { LineIndex } from '../../server/src/core/text';
import { engine, SAMPLES } from '../helpers';

/** A small deterministic PRNG (mulberry32): the same edits on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '\n',
  ' ',
  ';',
  '}',
  '{',
  'x',
  '\n\t',
  '/* c */',
  'static ',
  '.pre_patch = f,',
  '#ifdef A\n',
  'é',
];

/** Replaces [start, start + deleted) with `inserted`; returns the edit that undoes it. */
function edit(analyzer: DocumentAnalyzer, start: number, deleted: number, inserted: string) {
  const text = analyzer.text;
  const lines = new LineIndex(text);
  const end = Math.min(start + deleted, text.length);
  analyzer.update([
    { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: inserted },
  ]);
  return { start, deleted: inserted.length, inserted: text.slice(start, end) };
}

function sameTree(loaded: ParserEngine, analyzer: DocumentAnalyzer): boolean {
  const fresh = loaded.parse(analyzer.text);
  try {
    return fresh.rootNode.toString() === analyzer.tree.rootNode.toString();
  } finally {
    fresh.delete();
  }
}

test('random edits and their undos, analysed incrementally, equal a fresh analysis', async () => {
  const loaded = await engine();
  const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.c'));
  let compared = 0;
  for (const [index, file] of files.entries()) {
    const next = random(index + 1);
    const original = fs.readFileSync(path.join(SAMPLES, file), 'utf8');
    const analyzer = new DocumentAnalyzer(loaded, file, original);
    try {
      analyzer.analyze();
      // Indenting a declaration moves it sideways on its first line only: a function and objs[].
      const indents = [/^static (int|void) \w+\(/m, /^static (const )?struct klp_object /m]
        .map((pattern) => original.search(pattern))
        .filter((offset) => offset >= 0);
      for (let step = 0; step < 20 + indents.length; step++) {
        const indent = step < indents.length;
        const start = indent ? indents[step] : Math.floor(next() * analyzer.text.length);
        const deleted = !indent && next() < 0.5 ? Math.floor(next() * 12) : 0;
        const inserted = indent ? '  ' : next() < 0.7 ? SNIPPETS[Math.floor(next() * SNIPPETS.length)] : '';
        const undo = edit(analyzer, start, deleted, inserted);
        for (const phase of ['edited', 'undone']) {
          if (phase === 'undone') edit(analyzer, undo.start, undo.deleted, undo.inserted);
          const label = `${file}, edit ${step + 1} ${phase}`;
          // Back at the valid original, tree-sitter's incremental tree must be the fresh one. After a
          // breaking edit its error recovery may legitimately differ (tree-sitter/tree-sitter#4001).
          if (phase === 'undone') assert.equal(analyzer.text, original, label);
          if (!sameTree(loaded, analyzer)) {
            assert.notEqual(phase, 'undone', `${label}: the incremental tree differs from a fresh parse`);
            continue;
          }
          const incremental = analyzer.analyze();
          const fresh = analyzeText(loaded, file, analyzer.text);
          assert.deepEqual(incremental.model, fresh.model, `${label}: model`);
          assert.deepEqual(incremental.findings, fresh.findings, `${label}: findings`);
          compared++;
        }
      }
    } finally {
      analyzer.dispose();
    }
  }
  assert.ok(compared >= 150, `only ${compared} comparisons`);
});
