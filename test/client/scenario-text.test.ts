// A scenario file run from the editor becomes the panel's custom scenario; an empty one goes back to the built-ins.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL, CUSTOM, initialState, reduce } from '../../client/webview/view-model';

test('scenarioText selects the custom scenario with the file text, and keeps the trace shown', () => {
  const start = { ...initialState(undefined), notice: 'Waiting' };
  const next = reduce(start, { type: 'scenarioText', text: 'load demo\nunload demo\n' });
  assert.equal(next.customText, 'load demo\nunload demo\n');
  assert.equal(next.selected, CUSTOM);
  assert.equal(next.notice, 'Waiting', 'the trace (or notice) stays until the new trace arrives');
  const emptied = reduce(next, { type: 'scenarioText', text: '  \n' });
  assert.equal(emptied.selected, ALL);
});
