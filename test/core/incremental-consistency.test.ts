// Incremental analysis (tree.edit + per-declaration caches) gives exactly what a fresh analysis gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Tree } from 'web-tree-sitter';
import { analyzeText, DocumentAnalyzer } from '../../server/src/core/analyze';
import type { TextChange } from '../../server/src/core/parse/document';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { maskForParsing } from '../../server/src/core/model/mask';
import { LineIndex } from '../../server/src/core/text';
import { engine, FIXTURES, SAMPLES } from '../helpers';
import { seededRandom } from '../../scripts/seeded-random';

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

/** The .c files under `dir`, its subfolders included. */
function cFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.c'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

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

/** Every node's type and span, in order: two trees with the same shape may place an error differently. */
function layout(tree: Tree): string {
  const parts: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    parts.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return parts.join(' ');
      }
    }
  }
}

function sameTree(loaded: ParserEngine, text: string, tree: Tree): boolean {
  const fresh = loaded.parse(text);
  try {
    return layout(fresh) === layout(tree);
  } finally {
    fresh.delete();
  }
}

/**
 * Analyses the edited document and checks model and findings against a fresh analysis of its text;
 * false (nothing compared) when its trees differ from a fresh parse's, which recovers differently.
 */
function equalsFresh(loaded: ParserEngine, analyzer: DocumentAnalyzer, file: string, label: string): boolean {
  const incremental = analyzer.analyze();
  if (!sameTrees(loaded, analyzer)) return false;
  const fresh = analyzeText(loaded, file, analyzer.text);
  assert.deepEqual(incremental.model, fresh.model, `${label}: model`);
  assert.deepEqual(incremental.findings, fresh.findings, `${label}: findings`);
  return true;
}

/**
 * Whether the incremental trees (the document's, and the masked text's that extraction read) are
 * the fresh ones. After a breaking edit tree-sitter's error recovery may legitimately differ
 * (tree-sitter/tree-sitter#4001): an error placed on another token is not the cache's doing.
 */
function sameTrees(loaded: ParserEngine, analyzer: DocumentAnalyzer): boolean {
  if (!sameTree(loaded, analyzer.text, analyzer.tree)) return false;
  const extracted = analyzer.extractedTree;
  return extracted === undefined || sameTree(loaded, maskForParsing(analyzer.text), extracted);
}

test('random edits and their undos, analysed incrementally, equal a fresh analysis', async () => {
  const loaded = await engine();
  const files = fs
    .readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.c'))
    .map((f) => path.join(SAMPLES, f));
  let compared = 0;
  for (const [index, filePath] of files.entries()) {
    const file = path.basename(filePath);
    const next = seededRandom(index + 1).next;
    const original = fs.readFileSync(filePath, 'utf8');
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
          if (!equalsFresh(loaded, analyzer, file, label)) {
            assert.notEqual(phase, 'undone', `${label}: the incremental tree differs from a fresh parse`);
            continue;
          }
          compared++;
        }
      }
    } finally {
      analyzer.dispose();
    }
  }
  assert.ok(compared >= 150, `only ${compared} comparisons`);
});

/**
 * The rule and extraction fixtures (every idiom, #ifdef, __init, broken declarations): bursts of
 * edits without undo, some updates carrying two ranged changes, each version compared with a fresh
 * analysis (the declarations' keys found by place, the line index and masking carried through edits).
 */
test('bursts of random edits on the fixtures, analysed incrementally, equal a fresh analysis', async () => {
  const loaded = await engine();
  const files = [...cFiles(path.join(FIXTURES, 'rules')), ...cFiles(path.join(FIXTURES, 'extract'))];
  let compared = 0;
  for (const [index, filePath] of files.entries()) {
    const file = path.basename(filePath);
    const next = seededRandom(1000 + index).next;
    const analyzer = new DocumentAnalyzer(loaded, file, fs.readFileSync(filePath, 'utf8'));
    try {
      analyzer.analyze();
      for (let step = 0; step < 8; step++) {
        // Each range is in the text as the changes before it in the same update left it (LSP's order).
        const changes: TextChange[] = [];
        let text = analyzer.text;
        for (let count = next() < 0.3 ? 2 : 1; count > 0; count--) {
          const start = Math.floor(next() * text.length);
          const end = Math.min(text.length, start + (next() < 0.4 ? Math.floor(next() * 8) : 0));
          const inserted = next() < 0.8 ? SNIPPETS[Math.floor(next() * SNIPPETS.length)] : '';
          const lines = new LineIndex(text);
          changes.push({
            range: { start: lines.positionAt(start), end: lines.positionAt(end) },
            text: inserted,
          });
          text = text.slice(0, start) + inserted + text.slice(end);
        }
        analyzer.update(changes);
        assert.equal(analyzer.text, text);
        if (equalsFresh(loaded, analyzer, file, `${file}, burst ${step + 1}`)) compared++;
      }
    } finally {
      analyzer.dispose();
    }
  }
  assert.ok(compared >= 300, `only ${compared} comparisons`);
});
