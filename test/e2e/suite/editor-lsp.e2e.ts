// Editor features in the real VS Code: go to counterpart, code lens, completion inside `.callbacks = { }`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, openFixture, positionOf } from './helpers';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

suite('editor features', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('klpCallbacks.goToCounterpart moves from pre_patch to its post_unpatch', async () => {
    await activeExtension();
    const editor = await openFixture('clean-counter.c');
    const from = positionOf(editor.document, 'counter_pre_patch(struct', 3);
    editor.selection = new vscode.Selection(from, from);
    await vscode.commands.executeCommand('klpCallbacks.goToCounterpart');
    const target = positionOf(editor.document, 'counter_post_unpatch(struct');
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document.uri.toString(), editor.document.uri.toString());
    assert.equal(active?.selection.active.line, target.line, 'the cursor is on counter_post_unpatch');
  });

  test('a code lens above each callback says its object, counterpart and scenario runs', async () => {
    const editor = await openFixture('clean-counter.c');
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      )) ?? [];
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    const preLine = positionOf(editor.document, 'static int counter_pre_patch').line;
    const pre = lenses.find((lens) => lens.range.start.line === preLine);
    assert.match(
      pre?.command?.title ?? '',
      /^pre_patch of vmlinux · pairs with counter_post_unpatch · runs in \d+ of \d+ scenarios/,
      `lenses: ${titles.join(' | ')}`,
    );
    assert.equal(pre?.command?.command, 'klpCallbacks.showTracePreview');
    assert.equal(lenses.length, 2, `lenses: ${titles.join(' | ')}`);
  });

  test('completion inside `.callbacks = { }` offers the callback members not set yet, with docs', async () => {
    const editor = await openFixture('clean-counter.c');
    const anchor = '.post_unpatch = counter_post_unpatch,';
    const end = positionOf(editor.document, anchor, anchor.length);
    const typed = '\n\t\t\t.';
    assert.ok(await editor.edit((edit) => edit.insert(end, typed)));
    const at = new vscode.Position(end.line + 1, 4);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      at,
      '.',
    );
    const ours = (list?.items ?? []).filter((item) => labelOf(item).startsWith('.'));
    const labels = ours.map(labelOf);
    // clean-counter.c registers pre_patch and post_unpatch already: only the other two are offered.
    assert.deepEqual(
      labels.sort(),
      ['.post_patch', '.pre_unpatch'],
      `completion offered: ${labels.join(', ')}`,
    );
    const preUnpatch = ours.find((item) => labelOf(item) === '.pre_unpatch');
    const docs = preUnpatch?.documentation;
    const text = typeof docs === 'string' ? docs : (docs?.value ?? '');
    assert.match(text, /Before the object is unpatched/);
    // Take the typing out again, so the fixture is unchanged even if the editor is saved on closing.
    const inserted = new vscode.Range(end, new vscode.Position(end.line + 1, 4));
    assert.ok(await editor.edit((edit) => edit.delete(inserted)));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
