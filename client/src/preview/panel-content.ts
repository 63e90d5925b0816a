// What the trace panel shows for the file it follows: the trace of every built-in and the custom scenario, or a notice.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ToWebviewMessage } from '../../../server/src/protocol';
import { mergeCustomTrace } from './messages';
import type { TraceSourceApi } from './trace-source';

const NO_FILE =
  'Open a C file (or a kpatch .patch file) with a livepatch to see which callbacks the kernel calls.';
const SERVER_NOT_READY = 'The klp-callbacks language server is starting…';
const NO_C_FILE_FOR_SCENARIO =
  'Open the livepatch C file (or .patch file) this scenario is written against, then run it again.';

/** The active editor holds a file the server does not analyse: say so rather than show another file's trace. */
export function notAnalysedNotice(fileName: string): string {
  return (
    `${fileName} is not analysed by klp-callbacks: the trace follows C sources, C headers and ` +
    'kpatch .patch/.diff files. Switch to one to see its callbacks.'
  );
}

/** What the panel follows: the traced document, or a file it does not analyse, and the custom scenario. */
export interface PanelSubject {
  document: vscode.TextDocument | undefined;
  /** The base name of the active file when the server does not analyse it. */
  notAnalysed: string | undefined;
  customText: string;
}

/** The panel's title and the message for its page; traces are asked of `source` (the language server). */
export async function panelContent(
  source: TraceSourceApi,
  subject: PanelSubject,
): Promise<{ title: string; message: ToWebviewMessage }> {
  const { document, notAnalysed, customText } = subject;
  if (notAnalysed !== undefined) {
    return { title: 'Callback Trace', message: { type: 'notice', text: notAnalysedNotice(notAnalysed) } };
  }
  if (!document) {
    const text = customText.trim() ? NO_C_FILE_FOR_SCENARIO : NO_FILE;
    return { title: 'Callback Trace', message: { type: 'notice', text } };
  }
  const fileName = path.basename(document.uri.path) || document.uri.toString();
  const title = `Callback Trace: ${fileName}`;
  const uri = document.uri.toString();
  try {
    const builtins = await source.trace({ uri });
    const custom = customText.trim() ? await source.trace({ uri, scenario: customText }) : null;
    const message: ToWebviewMessage = builtins
      ? { type: 'trace', fileName, result: mergeCustomTrace(builtins, custom) }
      : { type: 'notice', text: SERVER_NOT_READY };
    return { title, message };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      title,
      message: { type: 'notice', text: `The trace of ${fileName} could not be computed: ${reason}` },
    };
  }
}
