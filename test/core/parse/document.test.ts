// Incremental reparsing with tree.edit gives the same tree as parsing from scratch.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SOURCE_BYTES } from '../../../server/src/core/input-limits';
import { SyntaxDocument } from '../../../server/src/core/parse/document';
import { shiftPositions } from '../../../server/src/core/parse/top-level-cache';
import { engine } from '../../helpers';

test('edits applied incrementally match a fresh parse', async () => {
  const loaded = await engine();
  const doc = new SyntaxDocument(loaded, 'int a;\nstatic int f(void)\n{\n\treturn 0;\n}\n');
  try {
    doc.applyChanges([
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }, text: '-ENODEV' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '/* é */\n' },
    ]);
    assert.equal(doc.text, '/* é */\nint a;\nstatic int f(void)\n{\n\treturn -ENODEV;\n}\n');
    const fresh = loaded.parse(doc.text);
    try {
      assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
      const ret = doc.tree.rootNode.descendantsOfType('return_statement')[0];
      assert.deepEqual(ret?.startPosition, { row: 4, column: 1 });
    } finally {
      fresh.delete();
    }
    doc.applyChanges([{ text: 'void g(void) {}' }]);
    assert.equal(doc.tree.rootNode.firstNamedChild?.type, 'function_definition');
  } finally {
    doc.dispose();
  }
});

test('shiftPositions moves ranges with their declaration', () => {
  const facts = { name: 'f', range: { start: { line: 2, character: 4 }, end: { line: 3, character: 1 } } };
  const moved = shiftPositions(facts, { line: 2, character: 4 }, { line: 5, character: 0 });
  assert.deepEqual(moved.range, { start: { line: 5, character: 0 }, end: { line: 6, character: 1 } });
  assert.equal(moved.name, 'f');
});

test('binary or oversized text is not parsed, and parsing resumes when it is fixed', async () => {
  const loaded = await engine();
  const doc = new SyntaxDocument(loaded, 'int a;\n');
  try {
    assert.equal(doc.skippedReason, undefined);
    doc.applyChanges([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\0\0' },
    ]);
    assert.match(doc.skippedReason ?? '', /binary content/);
    assert.equal(doc.tree.rootNode.namedChildCount, 0);
    doc.applyChanges([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, text: '' },
    ]);
    assert.equal(doc.skippedReason, undefined);
    const fresh = loaded.parse('int a;\n');
    assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
    fresh.delete();
    doc.applyChanges([{ text: 'x'.repeat(MAX_SOURCE_BYTES + 1) }]);
    assert.match(doc.skippedReason ?? '', /over the 1048576-character limit/);
  } finally {
    doc.dispose();
  }
});

test('binary content typed in or deleted edit by edit is told as a fresh document tells it', async () => {
  const loaded = await engine();
  const base = 'static int f(void)\n{\n\treturn 0;\n}\n';
  const doc = new SyntaxDocument(loaded, base);
  try {
    const controls = '\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f';
    // One control character at a time: the count kept through edits crosses the threshold as a rescan would.
    for (let i = 0; i < controls.length; i++) {
      doc.applyChanges([
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: controls[i] },
      ]);
      const fresh = new SyntaxDocument(loaded, doc.text);
      assert.equal(doc.skippedReason, fresh.skippedReason, `after ${i + 1} control characters`);
      fresh.dispose();
    }
    assert.ok(doc.skippedReason, 'ten control characters in a short text are binary');
    // Deleting them (a range that spans several) brings the document back.
    doc.applyChanges([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: controls.length } }, text: '' },
    ]);
    assert.equal(doc.text, base);
    assert.equal(doc.skippedReason, undefined);
    assert.equal(doc.tree.rootNode.firstNamedChild?.type, 'function_definition');
  } finally {
    doc.dispose();
  }
});
