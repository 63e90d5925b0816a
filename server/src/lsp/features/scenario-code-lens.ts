// The code lens of a `.klpscenario` document: "Run in trace panel" above its first action.
import type { CodeLens } from 'vscode-languageserver/node';
import { parseScenario } from '../../core/lifecycle/scenario';
import { RunScenarioFileCommand } from '../../protocol';

export function provideScenarioCodeLens(uri: string, text: string): CodeLens[] {
  const parsed = parseScenario(text);
  const firstLine = Math.min(
    ...parsed.actions.map((a) => a.line - 1),
    ...parsed.errors.map((e) => e.line - 1),
  );
  if (!Number.isFinite(firstLine)) return [];
  const errors = parsed.errors.length;
  const title =
    errors === 0
      ? `▶ Run in trace panel (${parsed.actions.length} action${parsed.actions.length === 1 ? '' : 's'})`
      : `▶ Run in trace panel (${errors} line${errors === 1 ? '' : 's'} to fix first)`;
  const position = { line: firstLine, character: 0 };
  return [
    {
      range: { start: position, end: position },
      command: { title, command: RunScenarioFileCommand.id, arguments: [uri] },
    },
  ];
}
