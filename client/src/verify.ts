// "Verify on a real kernel": asks the server to run a scenario in qemu (progress and cancel in a notification) and shows the result in the trace panel.
import * as vscode from 'vscode';
import type { VerifyScenarioParams, VerifyScenarioResult } from '../../server/src/protocol';
import { COMMANDS } from './ids';
import { parseVerifyTarget } from './preview/messages';
import { TracePreviewPanel, type TraceSourceApi } from './preview/tracePanel';

/**
 * Runs one verify; resolves with the result (undefined when the server is not running). The panel, when
 * open, shows progress and the result; without it the result is a notification.
 */
export async function verifyScenario(
  source: TraceSourceApi,
  target: { uri: string; scenario: string },
): Promise<VerifyScenarioResult | undefined> {
  const params: VerifyScenarioParams = { uri: target.uri, scenario: target.scenario };
  const label = /\n/.test(target.scenario.trim()) ? 'the custom scenario' : target.scenario.trim();
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `klp-callbacks: verifying ${label} on a real kernel`,
      cancellable: true,
    },
    async (progress, token) => {
      const listening = source.onVerifyProgress((p) => {
        if (p.uri !== target.uri) return;
        progress.report({ message: p.message });
        TracePreviewPanel.current?.verify.progress(p.message);
      });
      try {
        return await source.verify(params, token);
      } finally {
        listening.dispose();
      }
    },
  );
  if (!result) return undefined;
  const panel = TracePreviewPanel.current;
  if (panel) panel.verify.result(result);
  else if (result.status === 'agree')
    void vscode.window.showInformationMessage(`klp-callbacks: ${result.summary}`);
  else void vscode.window.showWarningMessage(`klp-callbacks: ${result.summary}`);
  return result;
}

export function registerVerifyCommand(extensionUri: vscode.Uri, source: TraceSourceApi): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.verifyScenario, async (...args: unknown[]) => {
    // From the panel's button, a counterexample's code action or a test: { uri, scenario }; from the
    // palette: the panel's own scenario.
    const given = parseVerifyTarget(args.length === 1 ? args[0] : args);
    // A counterexample's code action: the panel shows that scenario first, so the result lands beside it.
    if (given && !TracePreviewPanel.current?.shows(given))
      await TracePreviewPanel.show(extensionUri, source, { uri: given.uri, scenario: given.scenario });
    const target = given ?? TracePreviewPanel.current?.verify.target();
    if (!target) {
      void vscode.window.showErrorMessage(
        'klp-callbacks: open the trace panel on a livepatch and select a scenario to verify.',
      );
      return undefined;
    }
    return verifyScenario(source, target);
  });
}
