// `check` with its pre-filter and workers on samples/ and test/fixtures/ equals checking every file together.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers';
import { checkJson, everyFileTogether } from './check-reference';

test('samples/ and test/fixtures/: the same results with the pre-filter and workers as every file checked together', async () => {
  const inputs = ['samples', 'test/fixtures'];
  const expected = await everyFileTogether(inputs, REPO_ROOT);
  assert.equal(await checkJson([...inputs, '--jobs', '2'], REPO_ROOT), expected);
});
