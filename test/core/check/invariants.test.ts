// Each invariant's bad fixture breaks it exactly where its `violates:` comments say; its good fixture never does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkLifecycle } from '../../../server/src/core/check/model-check';
import { FIXTURES } from '../../helpers';
import { sourceFiles } from '../rules/expectations';
import { contextOf } from './context';

const CHECK_FIXTURES = path.join(FIXTURES, 'check');
const VIOLATES = /violates:\s*([a-z-]+)/;

function expected(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => {
      const match = VIOLATES.exec(line);
      return match ? [`${match[1]}@${index + 1}`] : [];
    })
    .sort();
}

for (const file of sourceFiles(CHECK_FIXTURES)) {
  const invariant = path.basename(path.dirname(file));
  test(`invariant fixture ${path.relative(CHECK_FIXTURES, file)}`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const { found } = checkLifecycle(await contextOf(file));
    const actual = [
      ...new Set(
        found
          .filter((f) => f.violation.invariant === invariant)
          .map((f) => `${invariant}@${f.violation.site.start.line + 1}`),
      ),
    ].sort();
    assert.deepEqual(actual, expected(text));
    if (path.basename(file).startsWith('bad'))
      assert.ok(actual.length > 0, 'a bad fixture breaks its invariant');
  });
}

test('every invariant has a bad and a good fixture', () => {
  const folders = fs
    .readdirSync(CHECK_FIXTURES)
    .filter((f) => fs.statSync(path.join(CHECK_FIXTURES, f)).isDirectory());
  assert.deepEqual(folders.sort(), [
    'acquire-held',
    'error-while-holding',
    'exit-frees-shared',
    'held-at-end',
    'lock-across',
    'release-unheld',
    'replaced-state',
    'use-unset',
  ]);
  for (const folder of folders) {
    const names = fs.readdirSync(path.join(CHECK_FIXTURES, folder));
    assert.ok(names.some((n) => n.startsWith('bad')) && names.some((n) => n.startsWith('good')), folder);
  }
});
