// Headers, scenario files and files created while VS Code runs, in the real editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, codeOf, fixtureUri, openFixture, waitForDiagnostics } from './helpers';

const HEADER = 'counter-objects.h';
const SCENARIO = 'target-reversal.klpscenario';
const MISTYPED = 'mistyped.klpscenario';
const WIRING = 'late-wiring.c';
/** Written by the test (and deleted again): it defines the pre_patch late-wiring.c only declares. */
const CREATED = 'late-helpers.c';

const isUndefined = (d: vscode.Diagnostic) => codeOf(d) === 'undefined-callback';

suite('workspace', () => {
  suiteSetup(async () => {
    await activeExtension();
    await vscode.workspace.fs.delete(fixtureUri(CREATED)).then(undefined, () => undefined);
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(fixtureUri(CREATED)).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a C header, opened as C++, gets its vmlinux-name error', async () => {
    const editor = await openFixture(HEADER);
    assert.equal(editor.document.languageId, 'cpp', 'VS Code opens .h files as C++');
    const found = await waitForDiagnostics(
      editor.document.uri,
      'the vmlinux-name error in the header',
      (ds) => ds.some((d) => codeOf(d) === 'vmlinux-name'),
    );
    const error = found.find((d) => codeOf(d) === 'vmlinux-name');
    assert.equal(error?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(editor.document.lineAt(error?.range.start.line ?? 0).text.trim(), '.name = "vmlinux",');
  });

  test('a .klpscenario file is its own language, with diagnostics, completion and the run code lens', async () => {
    const mistyped = (await openFixture(MISTYPED)).document;
    assert.equal(mistyped.languageId, 'klpscenario');
    const found = await waitForDiagnostics(mistyped.uri, 'the scenario-syntax error', (ds) =>
      ds.some((d) => codeOf(d) === 'scenario-syntax'),
    );
    assert.deepEqual(
      found.map((d) => [d.range.start.line, d.message]),
      [
        [
          mistyped.lineCount - 2,
          "unknown action 'reload' (expected load, unload, enable, disable, fail, succeed, stall or settle)",
        ],
      ],
    );
    const { document } = await openFixture(SCENARIO);
    await waitForDiagnostics(document.uri, 'no diagnostics on the valid scenario', (ds) => ds.length === 0);
    const completion = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(document.lineCount - 1, 0),
    );
    const labels = completion.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const verb of ['load', 'unload', 'disable', 'stall', 'settle'])
      assert.ok(labels.includes(verb), verb);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    const run = lenses.find((l) => l.command?.command === 'klpCallbacks.runScenarioFile');
    assert.ok(run, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(run.range.start.line, 2, 'above the first action');
    assert.deepEqual(run.command?.arguments, [document.uri.toString()]);
  });

  test('a file created on disk while VS Code runs is indexed: its function is no longer undefined', async () => {
    const editor = await openFixture(WIRING);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, 'undefined-callback for late_pre_patch (before the file exists)', (ds) =>
      ds.some(isUndefined),
    );
    const definition = 'int late_pre_patch(struct klp_object *obj)\n{\n\treturn 0;\n}\n';
    await vscode.workspace.fs.writeFile(fixtureUri(CREATED), Buffer.from(definition));
    await waitForDiagnostics(
      uri,
      'undefined-callback to clear once late-helpers.c exists',
      (ds) => !ds.some(isUndefined),
    );
    await vscode.workspace.fs.delete(fixtureUri(CREATED));
    await waitForDiagnostics(uri, 'undefined-callback again once late-helpers.c is deleted', (ds) =>
      ds.some(isUndefined),
    );
  });
});
