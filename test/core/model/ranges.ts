// Checks that every range in a model lies inside the text it was extracted from.
import * as assert from 'node:assert/strict';

export function assertRangesInside(model: unknown, text: string): void {
  const lines = text.split('\n');
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, `${where}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.line === 'number' && typeof record.character === 'number') {
      assert.ok(
        record.line >= 0 && record.line < lines.length,
        `${where}: line ${record.line} outside the text`,
      );
      assert.ok(
        record.character >= 0 && record.character <= lines[record.line].length,
        `${where}: character ${record.character} outside line ${record.line}`,
      );
      return;
    }
    for (const [key, child] of Object.entries(record)) visit(child, `${where}.${key}`);
  };
  visit(model, '$');
}
