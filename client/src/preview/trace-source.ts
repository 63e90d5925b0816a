// Where the trace panel gets traces and verdicts from (the language client), so it does not depend on how that is started.
import type * as vscode from 'vscode';
import type {
  TraceParams,
  TraceResult,
  VerifyProgressParams,
  VerifyScenarioParams,
  VerifyScenarioResult,
} from '../../../server/src/protocol';

export interface TraceSourceApi {
  trace(params: TraceParams): Promise<TraceResult | null>;
  /** Fires when the server (re)starts: traces asked for earlier came back empty. */
  onDidStart(listener: () => void): vscode.Disposable;
  /** "Verify on a real kernel" (a probe, or a run the token cancels). */
  verify(
    params: VerifyScenarioParams,
    token?: vscode.CancellationToken,
  ): Promise<VerifyScenarioResult | null>;
  onVerifyProgress(listener: (params: VerifyProgressParams) => void): vscode.Disposable;
}
