// Quick fixes: each finding's own fixes, and a comment that silences the rule on that line.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range as LspRange,
} from 'vscode-languageserver/node';
import type { FileAnalysis } from '../../core/analyze';
import type { Range } from '../../core/model/types';
import type { Finding } from '../../core/rules/types';
import { comparePositions } from '../../core/text';
import type { ShowCounterexampleArgs } from '../../protocol';
import { toDiagnostic, toLspRange } from '../convert';

/** The client command that opens the trace panel on a scenario (see ShowCounterexampleArgs). */
export const SHOW_COUNTEREXAMPLE_COMMAND = 'klpCallbacks.showCounterexample';

export function provideCodeActions(
  analysis: FileAnalysis,
  uri: string,
  text: string,
  range: LspRange,
): CodeAction[] {
  const lines = text.split('\n');
  const actions: CodeAction[] = [];
  for (const finding of analysis.findings.filter((f) => overlaps(f.range, range))) {
    const diagnostic = toDiagnostic(finding, uri);
    (finding.fixes ?? []).forEach((fix, index) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0,
        edit: {
          changes: { [uri]: fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) },
        },
      });
    });
    if (finding.counterexample) actions.push(showScenario(finding, uri, diagnostic));
    // A new line in a .patch file would break its hunk headers.
    if (analysis.model.kind === 'c') actions.push(suppression(finding, uri, lines, diagnostic));
  }
  return actions;
}

/** Opens the trace panel on the finding's counterexample, its violating events highlighted. */
function showScenario(finding: Finding, uri: string, diagnostic: Diagnostic): CodeAction {
  const { scenario, highlight } = finding.counterexample ?? { scenario: '', highlight: [] };
  const args: ShowCounterexampleArgs = { uri, scenario, highlight };
  const title = 'Show the scenario where this happens';
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: SHOW_COUNTEREXAMPLE_COMMAND, arguments: [args] },
  };
}

function suppression(finding: Finding, uri: string, lines: string[], diagnostic: Diagnostic): CodeAction {
  const line = finding.range.start.line;
  const indent = /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
  const at = { line, character: 0 };
  return {
    title: `Ignore ${finding.rule} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      changes: {
        [uri]: [
          {
            range: { start: at, end: at },
            newText: `${indent}/* klp-callbacks: ignore ${finding.rule} */\n`,
          },
        ],
      },
    },
  };
}

function overlaps(a: Range, b: LspRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
