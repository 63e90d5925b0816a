// Hover in the real editor: on a `.pre_patch = fn` registration it says when the kernel runs the callback.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, openFixture, positionOf } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

suite('hover', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('hovering a .pre_patch registration explains when pre_patch runs', async () => {
    await activeExtension();
    const editor = await openFixture('clean-counter.c');
    // No wait for the server: the language client sends didOpen before any request on the document.
    const position = positionOf(
      editor.document,
      '.pre_patch = counter_pre_patch',
      '.pre_patch = '.length + 2,
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      position,
    );
    const text = hoverText(hovers ?? []);
    assert.match(text, /\*\*pre_patch\*\* of object `vmlinux`/, `hover text was: ${text || '(no hover)'}`);
    assert.match(text, /Before the object is patched/, `the hover says when it runs; it was: ${text}`);
    assert.match(
      text,
      /post_unpatch → `counter_post_unpatch`/,
      `the hover names the counterpart; it was: ${text}`,
    );
  });
});
