// The trace panel's command entry point: a counterexample opens the panel on its scenario, events highlighted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShowCounterexampleArgs } from '../../../server/src/protocol';
import { activeExtension, fixtureUri, openFixture } from './helpers';

const SCENARIO = 'load leaky_counter\nstall\ndisable leaky_counter\nenable leaky_counter\nsettle\n';

suite('trace panel', () => {
  suiteSetup(async () => {
    await activeExtension();
  });

  // The browser checks load the workbench again with this profile: a panel left open would be restored there.
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('klpCallbacks.showCounterexample opens the panel on that scenario with those events highlighted', async () => {
    await openFixture('clean-counter.c');
    const args: ShowCounterexampleArgs = {
      uri: fixtureUri('leaky-counter.c').toString(),
      scenario: SCENARIO,
      // The pre_patch callback and the `enable` that reverses the stalled disable.
      highlight: [3, 11],
    };
    const shown = (await vscode.commands.executeCommand('klpCallbacks.showCounterexample', args)) as
      { scenario: string; highlighted: number[] } | undefined;
    assert.deepEqual(shown, { scenario: 'custom', highlighted: [3, 11] });
    // The document of the counterexample is the one shown next to the panel.
    assert.equal(
      vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === args.uri),
      true,
      'leaky-counter.c is open beside the panel',
    );
  });

  test('a built-in name selects that scenario; malformed arguments are refused without opening anything', async () => {
    const shown = (await vscode.commands.executeCommand('klpCallbacks.showCounterexample', {
      uri: fixtureUri('leaky-counter.c').toString(),
      scenario: 'disable-reversed',
      highlight: [],
    })) as { scenario: string; highlighted: number[] } | undefined;
    assert.deepEqual(shown, { scenario: 'disable-reversed', highlighted: [] });
    const refused = await vscode.commands.executeCommand('klpCallbacks.showCounterexample', { uri: 3 });
    assert.equal(refused, undefined);
  });
});
