// Reads `/* expect: {...} */` blocks from fixtures and compares them, as subsets, with extracted models.
import * as assert from 'node:assert/strict';

export function readBlock(text: string, marker: string): unknown {
  const start = text.indexOf(`/* ${marker}:`);
  if (start < 0) return undefined;
  const end = text.indexOf('*/', start);
  const body = text.slice(start + marker.length + 4, end < 0 ? undefined : end);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new Error(`the ${marker} block is not JSON: ${String(error)}`);
  }
}

/** Asserts that `expected` is a subset of `actual` (see test/fixtures/extract/README.md). */
export function assertSubset(actual: unknown, expected: unknown, where = '$'): void {
  if (typeof expected === 'string' && /^\d+:\d+(-\d+:\d+)?$/.test(expected) && isRange(actual)) {
    assert.equal(formatRange(actual, expected.includes('-')), expected, `${where}: range`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(
      actual.length,
      expected.length,
      `${where}: length (actual ${JSON.stringify(actual, null, 1)})`,
    );
    expected.forEach((item, i) => assertSubset(actual[i], item, `${where}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(
      actual !== null && typeof actual === 'object',
      `${where}: expected an object, got ${JSON.stringify(actual)}`,
    );
    const record = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) {
      if (value === '<absent>') {
        assert.equal(record[key], undefined, `${where}.${key} should be absent`);
        continue;
      }
      assert.ok(key in record, `${where}.${key} is missing (have ${Object.keys(record).join(', ')})`);
      assertSubset(record[key], value, `${where}.${key}`);
    }
    return;
  }
  assert.equal(actual, expected, `${where}`);
}

interface RangeLike {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

function isRange(value: unknown): value is RangeLike {
  return value !== null && typeof value === 'object' && 'start' in value && 'end' in value;
}

function formatRange(range: RangeLike, withEnd: boolean): string {
  const start = `${range.start.line}:${range.start.character}`;
  return withEnd ? `${start}-${range.end.line}:${range.end.character}` : start;
}
