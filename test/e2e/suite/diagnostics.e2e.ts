// Diagnostics in the real editor: the planted asymmetric-pair shows, the clean module stays clean, a fix clears it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension,
  codeOf,
  fixtureUri,
  openFixture,
  ours,
  positionOf,
  waitForDiagnostics,
} from './helpers';

const CLEAN = 'clean-counter.c';
const LEAKY = 'leaky-counter.c';
const isAsymmetric = (d: vscode.Diagnostic) => codeOf(d) === 'asymmetric-pair';

suite('diagnostics', () => {
  suiteSetup(async () => {
    await activeExtension();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the leaky module gets an asymmetric-pair warning on its pre_patch, the clean one none', async () => {
    // The clean file is opened first: the server answers documents in order, so once the leaky
    // file's diagnostics have arrived the clean file has been analysed too.
    const clean = await openFixture(CLEAN);
    const leaky = await openFixture(LEAKY);
    assert.equal(clean.document.languageId, 'c');
    const found = await waitForDiagnostics(leaky.document.uri, 'an asymmetric-pair diagnostic', (ds) =>
      ds.some(isAsymmetric),
    );
    const diagnostic = found.find(isAsymmetric);
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /pre_patch 'counter_pre_patch' has no post_unpatch counterpart/);
    const registration = positionOf(leaky.document, '.pre_patch = counter_pre_patch');
    assert.equal(diagnostic.range.start.line, registration.line, 'the squiggle is on the registration');
    assert.deepEqual(
      ours(fixtureUri(CLEAN)).map((d) => `[${codeOf(d)}] ${d.message}`),
      [],
      'the clean module has no klp-callbacks diagnostics',
    );
  });

  test('registering the missing post_unpatch clears the warning', async () => {
    const leaky = await openFixture(LEAKY);
    await waitForDiagnostics(leaky.document.uri, 'the asymmetric-pair diagnostic before the edit', (ds) =>
      ds.some(isAsymmetric),
    );
    const line = positionOf(leaky.document, '.pre_patch = counter_pre_patch').line;
    const indent = leaky.document.lineAt(line).text.match(/^\s*/)?.[0] ?? '';
    const edited = await leaky.edit((edit) =>
      edit.insert(new vscode.Position(line + 1, 0), `${indent}.post_unpatch = counter_post_unpatch,\n`),
    );
    assert.ok(edited, 'the editor accepted the edit');
    await waitForDiagnostics(
      leaky.document.uri,
      'the asymmetric-pair diagnostic to clear after the edit',
      (ds) => !ds.some(isAsymmetric),
    );
  });
});
