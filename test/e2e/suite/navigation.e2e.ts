// Navigation in the real VS Code: F12 from a registration, Shift+F12 from a callback, the outline (Ctrl+Shift+O).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, openFixture, positionOf } from './helpers';

type Target = vscode.Location | vscode.LocationLink;

function targetRange(target: Target): vscode.Range {
  return 'targetRange' in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
}

suite('navigation', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('go to definition from `.pre_patch = counter_pre_patch` lands on the function', async () => {
    await activeExtension();
    const editor = await openFixture('clean-counter.c');
    const registration = positionOf(
      editor.document,
      '.pre_patch = counter_pre_patch',
      '.pre_patch = '.length + 2,
    );
    const targets =
      (await vscode.commands.executeCommand<Target[]>(
        'vscode.executeDefinitionProvider',
        editor.document.uri,
        registration,
      )) ?? [];
    const definition = positionOf(editor.document, 'static int counter_pre_patch').line;
    assert.ok(
      targets.some((t) => targetRange(t).start.line === definition),
      `targets: ${JSON.stringify(targets.map((t) => targetRange(t).start.line))}`,
    );
  });

  test('find references from the callback lists its registration', async () => {
    const editor = await openFixture('clean-counter.c');
    const definition = positionOf(editor.document, 'counter_post_unpatch(struct', 3);
    const references =
      (await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        editor.document.uri,
        definition,
      )) ?? [];
    const registration = positionOf(editor.document, '.post_unpatch = counter_post_unpatch').line;
    assert.ok(
      references.some((r) => r.range.start.line === registration),
      `references: ${JSON.stringify(references.map((r) => r.range.start.line))}`,
    );
  });

  test('the outline shows patch → object → callbacks', async () => {
    const editor = await openFixture('clean-counter.c');
    const symbols =
      (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        editor.document.uri,
      )) ?? [];
    const flatten = (list: readonly vscode.DocumentSymbol[], depth = 0): string[] =>
      list.flatMap((s) => [`${depth}:${s.name}`, ...flatten(s.children ?? [], depth + 1)]);
    const names = flatten(symbols);
    const callback = names.find((n) => /^2:.*counter_pre_patch/.test(n));
    assert.ok(callback, `outline: ${names.join(' | ')}`);
  });
});
