// Half-typed versions of the pointer-use and write fixtures never make a rule fail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { engine, FIXTURES } from '../../helpers';

const FILES = [
  'shadow-unchecked-alloc/bad-callees.c',
  'post-unpatch-assumes-post-patch/bad-uses.c',
  'replace-without-takeover/bad-uname-kpatch.c',
  'replace-without-takeover/bad-writes.c',
];

for (const file of FILES) {
  test(`every prefix of ${file} (as if typed) analyses without an internal error`, async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'rules', file), 'utf8');
    const parser = await engine();
    for (let end = 0; end <= text.length; end += 41) {
      const { findings } = analyzeText(parser, 'typing.c', text.slice(0, end));
      const failures = findings.filter((f) => f.message.startsWith('internal error'));
      assert.deepEqual(failures, [], `at ${end} characters`);
    }
  });
}
