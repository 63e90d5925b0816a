// Restores the trace preview after a window reload (VS Code keeps the panel; we give it its content back).
import * as vscode from 'vscode';
import { TRACE_VIEW_TYPE } from '../ids';
import { TracePreviewPanel, type TraceSourceApi } from './tracePanel';

export function registerTracePreviewSerializer(
  context: vscode.ExtensionContext,
  source: TraceSourceApi,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, {
    // The webview keeps its own selection with setState; nothing needs to come from `state` here.
    async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
      TracePreviewPanel.revive(panel, context.extensionUri, source);
    },
  });
}
