// Text nesting brackets past the syntax limit: analysed like the text without that junk, in one-shot and edited documents alike.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText, DocumentAnalyzer } from '../../../server/src/core/analyze';
import { capNesting } from '../../../server/src/core/parse/nesting-cap';
import { SyntaxDocument } from '../../../server/src/core/parse/document';
import { engine, SAMPLES } from '../../helpers';

const MODULE = fs.readFileSync(path.join(SAMPLES, 'livepatch-callbacks-demo.c'), 'utf8');
/** Unclosed brackets far past the limit, the shape that made tree-sitter's error recovery take seconds. */
const JUNK = `\n${'(['.repeat(5000)}if {\n`;

/** What a finding says and where, without the notes the junk itself gets. */
const findingsOf = (text: string, loaded: Awaited<ReturnType<typeof engine>>) =>
  analyzeText(loaded, 'demo.c', text).findings.map(
    (f) => `${f.rule} ${f.range.start.line}:${f.range.start.character}`,
  );

test('a module followed by thousands of unclosed brackets keeps its patch and its findings', async () => {
  const loaded = await engine();
  const clean = analyzeText(loaded, 'demo.c', MODULE);
  const junked = analyzeText(loaded, 'demo.c', MODULE + JUNK);
  assert.deepEqual(junked.model.patches, clean.model.patches);
  assert.deepEqual(findingsOf(MODULE + JUNK, loaded), findingsOf(MODULE, loaded));
  // The junk is one syntax note per blanked-down level kept, not one per bracket.
  const notes = junked.model.problems.filter((p) => p.kind === 'syntax' || p.kind === 'skipped');
  assert.ok(notes.length > 0 && notes.length <= 600, `${notes.length} notes`);
});

test('an edited document parses what a fresh one parses, as edits cross the limit and come back', async () => {
  const loaded = await engine();
  const document = new SyntaxDocument(loaded, MODULE);
  const end = (text: string) => {
    const lines = text.split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  const fresh = (text: string) => {
    const tree = loaded.parse(capNesting(text) ?? text);
    try {
      return tree.rootNode.toString();
    } finally {
      tree.delete();
    }
  };
  try {
    // Typed in: past the limit, the document is parsed afresh from the capped text.
    document.applyChanges([{ range: { start: end(MODULE), end: end(MODULE) }, text: JUNK }]);
    assert.equal(document.text, MODULE + JUNK);
    assert.equal(document.tree.rootNode.toString(), fresh(MODULE + JUNK));
    // One more bracket typed inside the junk, still past the limit.
    document.applyChanges([{ range: { start: end(MODULE + JUNK), end: end(MODULE + JUNK) }, text: '(' }]);
    assert.equal(document.tree.rootNode.toString(), fresh(MODULE + JUNK + '('));
    // Taken back: the next parse must not reuse the tree of the capped text.
    document.applyChanges([{ range: { start: end(MODULE), end: end(MODULE + JUNK + '(') }, text: '' }]);
    assert.equal(document.text, MODULE);
    assert.equal(document.tree.rootNode.toString(), fresh(MODULE));
  } finally {
    document.dispose();
  }
});

test('leaving the limit by an edit far from the blanked brackets reparses them as written', async () => {
  const loaded = await engine();
  // Balanced, 700 deep: the innermost levels are blanked, far from the outer openers edited below.
  const deep = `int f(void) { return ${'('.repeat(700)}1${')'.repeat(700)}; }\n`;
  const document = new SyntaxDocument(loaded, deep);
  try {
    const start = deep.indexOf('(((');
    const range = { start: { line: 0, character: start }, end: { line: 0, character: start + 150 } };
    document.applyChanges([{ range, text: '' }]);
    const text = document.text;
    assert.equal(capNesting(text), undefined, 'the edited text no longer nests past the limit');
    const tree = loaded.parse(text);
    try {
      assert.equal(document.tree.rootNode.toString(), tree.rootNode.toString());
    } finally {
      tree.delete();
    }
  } finally {
    document.dispose();
  }
});

test('an edited analyzer reaches the findings of a fresh analysis through the same edits', async () => {
  const loaded = await engine();
  const analyzer = new DocumentAnalyzer(loaded, 'demo.c', MODULE);
  const lines = MODULE.split('\n');
  const at = { line: lines.length - 1, character: lines[lines.length - 1].length };
  try {
    analyzer.update([{ range: { start: at, end: at }, text: JUNK }]);
    const edited = analyzer.analyze();
    const oneShot = analyzeText(loaded, 'demo.c', MODULE + JUNK);
    assert.deepEqual(edited.findings, oneShot.findings);
    assert.deepEqual(edited.model.patches, oneShot.model.patches);
  } finally {
    analyzer.dispose();
  }
});
