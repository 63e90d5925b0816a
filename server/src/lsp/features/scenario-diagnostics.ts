// Diagnostics of a `.klpscenario` document: the scenario parser's line errors (the CLI's `trace --scenario` refuses the same).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { parseScenario } from '../../core/lifecycle/scenario';
import { DIAGNOSTIC_SOURCE } from '../convert';

export const SCENARIO_DIAGNOSTIC_CODE = 'scenario-syntax';

export function provideScenarioDiagnostics(text: string): Diagnostic[] {
  const lines = text.split(/\r?\n/);
  return parseScenario(text).errors.map((error) => {
    const line = error.line - 1;
    const raw = lines[line] ?? '';
    // The action itself: from its first word to the comment (or the end of the line).
    const hash = raw.indexOf('#');
    const content = hash >= 0 ? raw.slice(0, hash) : raw;
    const start = content.length - content.trimStart().length;
    const end = content.trimEnd().length;
    return {
      range: { start: { line, character: start }, end: { line, character: Math.max(start, end) } },
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      code: SCENARIO_DIAGNOSTIC_CODE,
      message: error.message,
    };
  });
}
